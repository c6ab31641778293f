/** Time as the services read it: injected, so that tests and several servers can each have their own. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

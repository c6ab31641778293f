/**
 * Arrays a handler built already in the answer encoder's wire form (server/surfaces/aws-json.ts
 * `encode`): every item a plain object or value whose members are in answer order, none of them
 * null or undefined, timestamps as epoch seconds (numbers, no Dates), nothing with a `toJSON`
 * and no `__proto__` key. The encoder serialises such an array as it is instead of copying it:
 * a ListUsers page is 60 users. Only `wireReady` adds to the set, and only for arrays built so.
 */
const marked = new WeakSet<readonly unknown[]>();

export function wireReady<T extends readonly unknown[]>(items: T): T {
  marked.add(items);
  return items;
}

export function isWireReady(items: readonly unknown[]): boolean {
  return marked.has(items);
}

/**
 * A timestamp's wire form, epoch seconds with millisecond fractions: what the encoder writes for
 * `new Date(ms)` (its `getTime() / 1000`), without the Date.
 */
export function epochSeconds(ms: number): number {
  return (Number.isInteger(ms) && Math.abs(ms) <= 8.64e15 ? ms : new Date(ms).getTime()) / 1000;
}

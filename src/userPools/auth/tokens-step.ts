/** The last step of every successful sign-in: the tokens, as AuthenticationResult. */
import type { UserRow } from '../users/store.ts';
import { recordTokens, signTokens } from '../tokens/index.ts';
import type { AuthCall, AuthStep } from './call.ts';

export async function tokensFor(call: AuthCall, user: UserRow, now: number): Promise<AuthStep> {
  const { store } = call.services;
  const endInSession = call.endInSession;
  if (endInSession) {
    await store.transaction((tx) => endInSession(tx, user, now));
    return { ChallengeParameters: {} };
  }
  // Recorded in a transaction of its own, so that the user's row stays shared until the refresh
  // token is in (see recordTokens); signed after the commit.
  const recorded = await store.transaction((tx) => recordTokens(tx, call.services, {
    pool: call.pool, client: call.client, user, authTime: Math.floor(now / 1000), issueRefreshToken: true,
  }));
  return { ChallengeParameters: {}, AuthenticationResult: await signTokens(store, call.services, recorded) };
}

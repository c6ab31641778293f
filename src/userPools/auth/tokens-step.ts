/** The last step of every successful sign-in: the tokens, as AuthenticationResult. */
import type { UserRow } from '../../storage/store.ts';
import { issueTokens } from '../tokens/index.ts';
import type { AuthCall, AuthStep } from './call.ts';

export async function tokensFor(call: AuthCall, user: UserRow, now: number): Promise<AuthStep> {
  const AuthenticationResult = await issueTokens(call.services.store, call.services, {
    pool: call.pool, client: call.client, user, authTime: Math.floor(now / 1000), issueRefreshToken: true,
  });
  return { ChallengeParameters: {}, AuthenticationResult };
}

/** The last step of every successful sign-in: the tokens, as AuthenticationResult. */
import type { Repos, UserRow } from '../../storage/store.ts';
import { issueTokens } from '../tokens/index.ts';
import type { AuthCall, AuthStep } from './call.ts';

export async function tokensFor(call: AuthCall, user: UserRow, now: number, repos: Repos = call.services.store): Promise<AuthStep> {
  const AuthenticationResult = await issueTokens(repos, call.services, {
    pool: call.pool, client: call.client, user, authTime: Math.floor(now / 1000), issueRefreshToken: true,
  });
  return { ChallengeParameters: {}, AuthenticationResult };
}

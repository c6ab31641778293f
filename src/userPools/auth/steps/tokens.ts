/**
 * The last step of every successful sign-in: the new refresh token is recorded in the step's
 * transaction (under the user's shared row lock, see recordTokens), and the ID and access
 * tokens are signed after the commit, answered as AuthenticationResult.
 */
import { recordTokens, signTokens } from '../../tokens/index.ts';
import type { Step } from '../next-step.ts';

export const tokensStep: Step = async (tx, call, { user, now }) => {
  const recorded = await recordTokens(tx, call.services, {
    pool: call.pool, client: call.client, user, authTime: Math.floor(now / 1000), issueRefreshToken: true,
  });
  return {
    finish: async () => ({ ChallengeParameters: {}, AuthenticationResult: await signTokens(call.services.store, call.services, recorded) }),
  };
};

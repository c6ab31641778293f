/**
 * The last step of every successful sign-in: the new refresh token is recorded in the step's
 * transaction (under the user's shared row lock, see recordTokens), and the ID and access
 * tokens are signed after the commit, answered as AuthenticationResult. The device step's
 * device (proven, or new: NewDeviceMetadata) is the tokens' `device_key`.
 */
import { recordTokens, signTokens } from '../../tokens/index.ts';
import type { Step } from '../next-step.ts';

export const tokensStep: Step = async (tx, call, { user, now, deviceKey, newDevice }) => {
  const recorded = await recordTokens(tx, call.services, {
    pool: call.pool, client: call.client, user, authTime: Math.floor(now / 1000), issueRefreshToken: true,
    ...(deviceKey !== undefined ? { deviceKey } : {}),
  });
  return {
    finish: async () => {
      const result = await signTokens(call.services.store, call.services, recorded);
      return { ChallengeParameters: {}, AuthenticationResult: newDevice ? { ...result, NewDeviceMetadata: newDevice } : result };
    },
  };
};

/**
 * The last step of every successful sign-in. With no trigger to run first, the new refresh token
 * is recorded in the step's transaction (under the user's shared row lock, see recordTokens) and
 * the ID and access tokens are signed after the commit, answered as AuthenticationResult. The
 * device step's device (proven, or new: NewDeviceMetadata) is the tokens' `device_key`.
 *
 * Triggers never run inside a transaction: when the pool has PostAuthentication or pre token
 * generation, or when the sign-in ends in a managed-login session, the step's transaction commits
 * the proof's writes alone, and `tokensFor` (tokens-step.ts) runs the triggers after it, then
 * records the tokens (or the session) in a transaction of its own.
 */
import { recordTokens, signTokens } from '../../tokens/index.ts';
import { triggerArn } from '../../triggers/invoke.ts';
import type { Step } from '../next-step.ts';
import { tokensFor, withNewDevice } from '../tokens-step.ts';

export const tokensStep: Step = async (tx, call, { user, now, source, deviceKey, newDevice }) => {
  const triggers = triggerArn(call.pool, 'PostAuthentication') !== undefined || triggerArn(call.pool, 'PreTokenGeneration') !== undefined;
  if (triggers || call.endInSession) return { finish: () => tokensFor(call, user, now, source, { deviceKey, newDevice }) };
  const recorded = await recordTokens(tx, call.services, {
    pool: call.pool, client: call.client, user, authTime: Math.floor(now / 1000), issueRefreshToken: true,
    ...(deviceKey !== undefined ? { deviceKey } : {}),
  });
  return {
    finish: async () => withNewDevice(await signTokens(call.services.store, call.services, recorded), newDevice),
  };
};

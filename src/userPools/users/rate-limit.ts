/** Cognito's per-user attempt quotas, counted across nodes in `counters`. */
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';

const HOUR = 3600_000;

const LIMITS = {
  resendConfirmationCode: 5,
  confirmSignUp: 15,
  forgotPassword: 5,
  confirmForgotPassword: 20,
  changePassword: 5,
  getUserAttributeVerificationCode: 5,
  verifyUserAttribute: 15,
} as const;

/** Counts one attempt of `action` by `userId` and refuses it beyond the hourly quota. */
type LimitedAction = keyof typeof LIMITS;

export async function countAttempt(repos: Repos, action: LimitedAction, userId: string, now: number): Promise<void> {
  const count = await repos.counters.hit(`${action}:${userId}`, HOUR, now);
  if (count > LIMITS[action]) throw errors.limitExceeded('Attempt limit exceeded, please try after some time.');
}

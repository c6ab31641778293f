import type { ConfirmSignUpRequest, ConfirmSignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import { consumeCode } from '../codes/codes.ts';
import type { Handler } from '../context.ts';
import { assertConfirmable, confirmedUser, writeConfirmation } from './confirm.ts';
import { findUserOrHide, resolvePublicCall } from './public-client.ts';
import { countAttempt } from './rate-limit.ts';
import { claimAliases } from './save.ts';

export const confirmSignUp: Handler<ConfirmSignUpRequest, ConfirmSignUpResponse> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const call = await resolvePublicCall(store, ctx.services, input.ClientId!, input.Username!, input.SecretHash);
  const user = await findUserOrHide(store, call, input.Username!);
  // A hidden unknown user fails exactly like a wrong code.
  if (!user) throw errors.codeMismatch('Invalid verification code provided, please try again.');
  const now = clock.now();
  await countAttempt(store, 'confirmSignUp', user.id, now);
  assertConfirmable(user);

  const confirmed = confirmedUser(user, true, now);
  const force = input.ForceAliasCreation ?? false;
  // Refuse an alias clash before the code is spent, so the user can retry with ForceAliasCreation.
  if (!force) await claimAliases(store, call.pool, confirmed, false, now);
  await consumeCode(store, ctx.services, user.id, 'signup', input.ConfirmationCode!);
  await store.transaction((tx) => writeConfirmation(tx, call.pool, confirmed, force, now));
  return {};
};

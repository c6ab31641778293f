import type { ConfirmSignUpRequest, ConfirmSignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import { consumeCode } from '../codes/codes.ts';
import type { Handler } from '../context.ts';
import { assertConfirmable, confirmedUser, writeConfirmation } from './confirm.ts';
import { codeSubmission } from './public-client.ts';
import { claimAliases } from './save.ts';

export const confirmSignUp: Handler<ConfirmSignUpRequest, ConfirmSignUpResponse> = async (input, ctx) => {
  const { store } = ctx.services;
  const { user, now, pool } = await codeSubmission(ctx.services, input, 'confirmSignUp');
  assertConfirmable(user);

  const confirmed = confirmedUser(user, true, now);
  const force = input.ForceAliasCreation ?? false;
  // Refuse an alias clash before the code is spent, so the user can retry with ForceAliasCreation.
  if (!force) await claimAliases(store, pool, confirmed, false, now);
  await consumeCode(store, ctx.services, user.id, 'signup', input.ConfirmationCode!);
  await store.transaction((tx) => writeConfirmation(tx, pool, confirmed, force, now));
  return {};
};

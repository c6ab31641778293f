import type { ConfirmSignUpRequest, ConfirmSignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import { checkCode, spendCode } from '../codes/codes.ts';
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
  const code = await checkCode(store, ctx.services, user.id, 'signup', input.ConfirmationCode!);
  await store.transaction(async (tx) => {
    await spendCode(tx, code);
    await writeConfirmation(tx, pool, user, true, force, now);
  });
  return {};
};

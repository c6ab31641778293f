import { CognitoError } from '../../../errors.ts';
import { checkCode, spendCode } from '../../codes/codes.ts';
import type { Handler } from '../../context.ts';
import { assertConfirmable, confirmedUser, writeConfirmation } from './confirm.ts';
import { codeSubmission } from '../public-client.ts';
import { claimAliases } from '../directory/save.ts';
import { postConfirmation } from '../../triggers/lifecycle.ts';
import { checkSignUpSession, issueSignUpSession } from '../../auth/sign-up-session.ts';

export const confirmSignUp: Handler<'ConfirmSignUp'> = async (input, ctx) => {
  const { store } = ctx.services;
  const { user, now, pool, client } = await codeSubmission(ctx.services, input, 'confirmSignUp');
  assertConfirmable(user);
  checkSignUpSession(ctx.services, input.Session, pool.id, client.id, user.id, now);

  const confirmed = confirmedUser(user, true, now);
  const force = input.ForceAliasCreation ?? false;
  if (!force) {
    // An alias clash is told only to whoever holds the code (else SignUp with someone's email,
    // then ConfirmSignUp with any code, would tell that the email is taken); the code is checked
    // and counted but not spent, so that its holder can retry with ForceAliasCreation.
    const clash = await claimAliases(store, pool, confirmed, false, now).then(() => undefined, (e: unknown) => {
      if (e instanceof CognitoError) return e;
      throw e;
    });
    if (clash) {
      await checkCode(store, ctx.services, user.id, 'signup', input.ConfirmationCode);
      throw clash;
    }
  }
  const code = await checkCode(store, ctx.services, user.id, 'signup', input.ConfirmationCode);
  await store.transaction(async (tx) => {
    await spendCode(tx, code);
    await writeConfirmation(tx, pool, user, true, force, now);
  });
  // After the commit: a failing PostConfirmation fails the call, the user stays confirmed (as on Cognito).
  await postConfirmation({ ctx, clientId: client.id, clientMetadata: input.ClientMetadata }, pool, 'ConfirmSignUp', confirmed);
  // The code just proved is a first factor: USER_AUTH signs the user in with this Session, once, within AuthSessionValidity.
  return { Session: issueSignUpSession(ctx.services, pool.id, client, user.id, 'confirmed', now + client.authSessionValidityMinutes * 60_000) };
};

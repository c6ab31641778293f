import { CognitoError } from '../../errors.ts';
import type { Store } from '../../storage/store.ts';
import { consumeCode } from '../codes/codes.ts';
import type { Handler, Services } from '../context.ts';
import { assertConfirmable, confirmedUser, writeConfirmation } from './confirm.ts';
import { codeSubmission } from './public-client.ts';
import { claimAliases } from './save.ts';

/** Thrown to roll back a code check that must not spend the code. */
class KeepCode extends Error {}

/**
 * Checks the sign-up code without spending a right one (the check runs in a transaction that is
 * rolled back). A wrong, expired or exhausted code is then answered, and counted, for real.
 */
async function checkCodeKeepingIt(store: Store, services: Services, userId: string, code: string): Promise<void> {
  try {
    await store.transaction(async (tx) => {
      await consumeCode(tx, services, userId, 'signup', code);
      throw new KeepCode();
    });
  } catch (e) {
    if (e instanceof KeepCode) return;
    if (!(e instanceof CognitoError)) throw e;
  }
  await consumeCode(store, services, userId, 'signup', code);
}

export const confirmSignUp: Handler<'ConfirmSignUp'> = async (input, ctx) => {
  const { store } = ctx.services;
  const { user, now, pool } = await codeSubmission(ctx.services, input, 'confirmSignUp');
  assertConfirmable(user);

  const confirmed = confirmedUser(user, true, now);
  const force = input.ForceAliasCreation ?? false;
  if (!force) {
    // An alias clash is told only to whoever holds the code (else SignUp with someone's email,
    // then ConfirmSignUp with any code, would tell that the email is taken); a right code is
    // not spent, so that its holder can retry with ForceAliasCreation.
    const clash = await claimAliases(store, pool, confirmed, false, now).then(() => undefined, (e: unknown) => {
      if (e instanceof CognitoError) return e;
      throw e;
    });
    if (clash) {
      await checkCodeKeepingIt(store, ctx.services, user.id, input.ConfirmationCode);
      throw clash;
    }
  }
  await consumeCode(store, ctx.services, user.id, 'signup', input.ConfirmationCode);
  await store.transaction((tx) => writeConfirmation(tx, pool, confirmed, force, now));
  return {};
};

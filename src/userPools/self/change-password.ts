import { errors } from '../../errors.ts';
import type { UserHandler } from '../context.ts';
import { passwordMatches, readCredentials, setPassword } from '../users/credentials.ts';
import { callerRow } from './access.ts';
import { countAttempt } from '../users/rate-limit.ts';
import { changeUser } from '../users/directory/save.ts';

/**
 * The signed-in user changes their password: the previous one must match (it may be left out
 * only by a user who has none, i.e. signs in without a password), and the new one passes the
 * pool's policy and history. Sessions stay signed in, as in Cognito.
 */
export const changePassword: UserHandler<'ChangePassword'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const { pool } = ctx.caller;
  const now = clock.now();
  await countAttempt(store, 'changePassword', ctx.caller.user.id, now);
  const user = await callerRow(store, ctx.caller);
  const current = readCredentials(ctx.services, user);
  const previous = input.PreviousPassword;
  const proven = current
    ? previous !== undefined && passwordMatches(pool, user, current, previous)
    : previous === undefined;
  if (!proven) throw errors.notAuthorized('Incorrect username or password.');
  const { credentialsEnc } = setPassword(ctx.services, pool, user, input.ProposedPassword);
  await store.transaction((tx) => changeUser(tx, pool, user.id, (current) => {
    // The previous password was proven against the credentials read above: if another write
    // replaced them since (an administrator's, a reset), that proof no longer stands.
    if (current.credentialsEnc !== user.credentialsEnc) throw errors.notAuthorized('Incorrect username or password.');
    return { ...current, credentialsEnc, updatedAt: now };
  }));
  return {};
};

import { errors } from '../../../errors.ts';
import type { Handler, InputOf, OperationContext, OutputOf } from '../../context.ts';
import type { UserRow } from '../store.ts';
import { newSub } from '../../../kernel/ids.ts';
import { requirePoolConfig } from '../../pools/load.ts';
import type { PoolView } from '../../pools/pool-config.ts';
import { attributeMap, checkAttributeWrites } from './attributes.ts';
import { checkPasswordPolicy, generateTemporaryPassword, setPassword } from '../credentials.ts';
import { composeInvitation, queueInvitation, type Invitation } from './invitation.ts';
import { preSignUp, validationData } from '../../triggers/lifecycle.ts';
import { findUser } from './lookup.ts';
import { changeUser, claimAliases, insertUser } from './save.ts';
import { toUserType } from './user-type.ts';
import { newUsername } from './usernames.ts';

function temporaryPassword(pool: PoolView, given: string | undefined): string {
  if (given === undefined) return generateTemporaryPassword(pool);
  checkPasswordPolicy(pool, given);
  return given;
}

/** RESEND: a new temporary password for a user who has not yet used the first one. */
async function resend(input: InputOf<'AdminCreateUser'>, ctx: OperationContext, pool: PoolView): Promise<OutputOf<'AdminCreateUser'>> {
  const { store, clock } = ctx.services;
  const user = await findUser(store, pool, input.Username);
  if (!user) throw errors.userNotFound('User does not exist.');
  if (user.status !== 'FORCE_CHANGE_PASSWORD') {
    throw errors.unsupportedUserState(`Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD`);
  }
  const password = temporaryPassword(pool, input.TemporaryPassword);
  const now = clock.now();
  const { credentialsEnc } = setPassword(ctx.services, pool, user, password, { skipPolicy: true });
  const invitation: Invitation = { signInName: input.Username, temporaryPassword: password, mediums: input.DesiredDeliveryMediums };
  const messages = await composeInvitation({ ctx, clientMetadata: input.ClientMetadata }, pool, user, invitation);
  let updated = user;
  const sent = await store.transaction(async (tx) => {
    updated = await changeUser(tx, pool, user.id, (current) => {
      if (current.status !== 'FORCE_CHANGE_PASSWORD') {
        throw errors.unsupportedUserState(`Resend not possible. ${current.username} status is not FORCE_CHANGE_PASSWORD`);
      }
      return { ...current, credentialsEnc, state: { ...current.state, temporaryPasswordIssuedAt: now }, updatedAt: now };
    });
    return queueInvitation(tx, ctx.services.vault, now, pool, updated, messages);
  });
  if (sent > 0) ctx.services.notifyOutbox();
  return { User: toUserType(updated) };
}

export const adminCreateUser: Handler<'AdminCreateUser'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  // The pool's configuration as SignUp reads it: the node's cached view (fresh after this node's
  // own pool writes, CONFIG_CACHE_MS old at most otherwise), not a read and parse per call.
  const pool = await requirePoolConfig(store, input.UserPoolId, ctx.services.caches.poolViews);
  if (input.MessageAction === 'RESEND') return resend(input, ctx, pool);

  const requested = attributeMap(input.UserAttributes);
  checkAttributeWrites(pool, requested, { admin: true });
  const sub = newSub();
  const { username, attributes } = newUsername(pool, input.Username, requested, sub);
  const usernameTaken = () => errors.usernameExists('User account already exists');
  if (await store.users.getByUsername(pool.id, pool.usernameKey(username))) throw usernameTaken();
  const password = temporaryPassword(pool, input.TemporaryPassword);

  const now = clock.now();
  const user: UserRow = setPassword(ctx.services, pool, {
    id: sub, poolId: pool.id, username, usernameKey: pool.usernameKey(username), status: 'FORCE_CHANGE_PASSWORD', enabled: true,
    attributes: { sub, ...attributes }, credentialsEnc: null, state: { temporaryPasswordIssuedAt: now }, createdAt: now, updatedAt: now,
  }, password, { skipPolicy: true });
  // Decide outside the transaction: PreSignUp (whose answer AdminCreateUser ignores) may refuse
  // the user, CustomMessage may rewrite the invitation.
  const origin = { ctx, clientMetadata: input.ClientMetadata };
  await preSignUp(origin, pool, 'AdminCreateUser', { username, attributes, validationData: validationData(input.ValidationData) });
  const messages = input.MessageAction === 'SUPPRESS' ? [] : await composeInvitation(origin, pool, user, {
    signInName: input.Username, temporaryPassword: password, mediums: input.DesiredDeliveryMediums,
  });
  const sent = await store.transaction(async (tx) => {
    await claimAliases(tx, pool, user, input.ForceAliasCreation ?? false, now, true);
    await insertUser(tx, pool, user, usernameTaken);
    return queueInvitation(tx, ctx.services.vault, now, pool, user, messages);
  });
  if (sent > 0) ctx.services.notifyOutbox();
  return { User: toUserType(user) };
};

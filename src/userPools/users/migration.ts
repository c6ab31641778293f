/**
 * The UserMigration trigger: a user unknown to the pool who signs in with a password
 * (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH) or asks ForgotPassword is looked up by the
 * pool's function in the directory being migrated from; from its answer the user is created,
 * with the password they signed in with (sign-in) or none (ForgotPassword: the status is then
 * RESET_REQUIRED and the reset code goes out as for any user). SRP sign-in never migrates: the
 * password never reaches the server.
 */
import { errors, CognitoError } from '../../errors.ts';
import { newSub } from '../../kernel/ids.ts';
import type { PoolView } from '../pools/pool-config.ts';
import type { UserRow } from './store.ts';
import { checkAttributeWrites } from './directory/attributes.ts';
import { setPassword } from './credentials.ts';
import { findUser } from './directory/lookup.ts';
import { claimAliases, insertUser } from './directory/save.ts';
import { newUsername } from './directory/usernames.ts';
import { runTrigger, triggerArn } from '../triggers/invoke.ts';
import { unrecognizable } from '../triggers/sources.ts';
import type { TriggerOrigin } from '../triggers/custom-message.ts';

export const hasMigration = (pool: PoolView): boolean => triggerArn(pool, 'UserMigration') !== undefined;

/**
 * Asks the pool's UserMigration function about `name` and creates the user it describes; the
 * user as created (or as a concurrent migration of the same name created it), or undefined when
 * the pool has no such trigger. Outside any transaction.
 */
export async function migrateUser(
  origin: TriggerOrigin, pool: PoolView, name: string, source: 'Authentication' | 'ForgotPassword', password?: string,
): Promise<UserRow | undefined> {
  const answer = await runTrigger(origin.ctx, pool, 'UserMigration', {
    triggerSource: `UserMigration_${source}`,
    userName: name,
    clientId: origin.clientId,
    request: {
      ...(password !== undefined ? { password } : {}),
      validationData: origin.clientMetadata ?? {},
      clientMetadata: origin.clientMetadata ?? {},
    },
  });
  if (!answer) return undefined;
  const finalStatus = answer.finalUserStatus ?? (source === 'ForgotPassword' ? 'RESET_REQUIRED' : 'CONFIRMED');
  if (finalStatus !== 'CONFIRMED' && finalStatus !== 'RESET_REQUIRED') throw unrecognizable();
  // AdminCreateUser's values; no welcome message is sent either way (see docs/triggers.md).
  if (answer.messageAction !== undefined && answer.messageAction !== 'SUPPRESS' && answer.messageAction !== 'RESEND') throw unrecognizable();
  if (answer.desiredDeliveryMediums?.some((m) => m !== 'EMAIL' && m !== 'SMS')) throw unrecognizable();

  const { services } = origin.ctx;
  const { sub: _ignored, ...given } = answer.userAttributes;
  checkAttributeWrites(pool, given, { admin: true });
  const sub = newSub();
  const { username, attributes } = newUsername(pool, name, given, sub);
  const now = services.clock.now();
  let user: UserRow = {
    id: sub, poolId: pool.id, username, usernameKey: pool.usernameKey(username),
    status: source === 'ForgotPassword' ? 'RESET_REQUIRED' : finalStatus, enabled: true,
    attributes: { sub, ...attributes }, credentialsEnc: null, state: {}, createdAt: now, updatedAt: now,
  };
  if (password !== undefined) user = setPassword(services, pool, user, password);
  const taken = () => errors.usernameExists('User account already exists');
  try {
    await services.store.transaction(async (tx) => {
      await claimAliases(tx, pool, user, answer.forceAliasCreation, now, true);
      await insertUser(tx, pool, user, taken);
    });
  } catch (e) {
    // Migrated meanwhile by a concurrent request: that user is the one.
    if (e instanceof CognitoError && e.name === 'UsernameExistsException') {
      const existing = await findUser(services.store, pool, name);
      if (existing) return existing;
    }
    throw e;
  }
  return user;
}

import { errors } from '../../../errors.ts';
import type { UserRow } from '../store.ts';
import { CODE_TTL } from '../../codes/codes.ts';
import type { Handler } from '../../context.ts';
import { newSub } from '../../../kernel/ids.ts';
import type { PoolView } from '../../pools/pool-config.ts';
import { attributeMap, checkAttributeWrites, checkRequiredAttributes } from '../directory/attributes.ts';
import { setPassword } from '../credentials.ts';
import { composeCode, signUpTarget, writeCode } from '../delivery.ts';
import { resolvePublicCall } from '../public-client.ts';
import { claimAliases, insertUser } from '../directory/save.ts';
import { newUsername } from '../directory/usernames.ts';
import { postConfirmation, preSignUp, validationData } from '../../triggers/lifecycle.ts';
import { issueSignUpSession } from '../../auth/sign-up-session.ts';

/** Passwordless pools (USER_AUTH with an OTP first factor) may sign users up without a password. */
const allowsPasswordless = (pool: PoolView): boolean =>
  (pool.config.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? []).some((f) => f !== 'PASSWORD');

/**
 * Decide (checks, PreSignUp, the code's message through CustomMessage), commit (the user, the
 * code and its message in one transaction), then after the commit: wake the sender, and for a
 * user PreSignUp confirmed, PostConfirmation_ConfirmSignUp.
 */
export const signUp: Handler<'SignUp'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const call = await resolvePublicCall(store, ctx.services, input.ClientId, input.Username, input.SecretHash);
  const { pool, client } = call;
  if (pool.allowAdminCreateUserOnly) throw errors.notAuthorized('SignUp is not permitted for this user pool');
  const origin = { ctx, clientId: client.id, clientMetadata: input.ClientMetadata };

  const requested = attributeMap(input.UserAttributes);
  checkAttributeWrites(pool, requested, { admin: false, clientWriteAttributes: client.writeAttributes });
  const sub = newSub();
  const { username, attributes } = newUsername(pool, input.Username, requested, sub);
  checkRequiredAttributes(pool, attributes);
  if (input.Password === undefined && !allowsPasswordless(pool)) {
    throw errors.invalidParameter('Password is required to sign up in this user pool.');
  }
  // Reported before the (costly) verifier is computed, as Cognito checks existence first.
  if (await store.users.getByUsername(pool.id, pool.usernameKey(username))) {
    throw errors.usernameExists('User already exists');
  }

  const now = clock.now();
  let user: UserRow = {
    id: sub, poolId: pool.id, username, usernameKey: pool.usernameKey(username), status: 'UNCONFIRMED', enabled: true,
    attributes: { sub, ...attributes }, credentialsEnc: null, state: {}, createdAt: now, updatedAt: now,
  };
  if (input.Password !== undefined) user = setPassword(ctx.services, pool, user, input.Password);

  const answer = await preSignUp(origin, pool, 'SignUp', { username, attributes, validationData: validationData(input.ValidationData) });
  if (answer) {
    const verified = { ...user.attributes };
    if (answer.autoVerifyEmail && verified.email !== undefined) verified.email_verified = 'true';
    if (answer.autoVerifyPhone && verified.phone_number !== undefined) verified.phone_number_verified = 'true';
    user = { ...user, attributes: verified, status: answer.autoConfirmUser ? 'CONFIRMED' : user.status };
  }
  const confirmed = user.status === 'CONFIRMED';
  const target = confirmed ? undefined : signUpTarget(pool, user.attributes);
  if (target) user.state = { signUpCodeSentTo: target.attribute };
  const composed = target && await composeCode(origin, pool, user, target, 'SignUp');

  // An address PreSignUp verified becomes this user's alias, taken from any previous holder (as on Cognito).
  const forceAlias = Boolean(answer?.autoVerifyEmail || answer?.autoVerifyPhone);
  const delivery = await store.transaction(async (tx) => {
    await claimAliases(tx, pool, user, forceAlias, now, true);
    await insertUser(tx, pool, user, () => errors.usernameExists('User already exists'));
    return composed && writeCode(tx, ctx.services, pool, user, composed, 'signup', CODE_TTL.signup, 'signup');
  });
  if (delivery) ctx.services.notifyOutbox();
  if (confirmed) await postConfirmation(origin, pool, 'ConfirmSignUp', user);
  // A user to confirm gets the Session that ConfirmSignUp may take back (sign-in right after sign-up).
  const Session = confirmed ? undefined : issueSignUpSession(ctx.services, pool.id, client, sub, 'signUp', now + CODE_TTL.signup);
  return { UserConfirmed: confirmed, UserSub: sub, ...(delivery ? { CodeDeliveryDetails: delivery } : {}), ...(Session ? { Session } : {}) };
};

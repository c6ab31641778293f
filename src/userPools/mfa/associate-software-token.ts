/**
 * AssociateSoftwareToken: a new TOTP seed for the user (SecretCode), pending until
 * VerifySoftwareToken proves it; an earlier pending seed is replaced, a verified token stays in
 * use until then. With an MFA_SETUP Session (a sign-in setting up MFA) the session is spent and a
 * new one returned, for VerifySoftwareToken.
 */
import { errors } from '../../errors.ts';
import { issueSession, spendOnce } from '../auth/session.ts';
import type { Handler } from '../context.ts';
import { actorOf, associate } from './software-token.ts';

export const associateSoftwareToken: Handler<'AssociateSoftwareToken'> = async (input, ctx) => {
  const { services } = ctx;
  const actor = await actorOf(ctx, input);
  if (actor.kind === 'token') {
    const { seed } = await associate(services.store, services, actor.user);
    return { SecretCode: seed };
  }
  const { session, call, user } = actor;
  // A set-up already verified goes on with RespondToAuthChallenge, not with a new seed.
  if (session.stage === 'verified') throw errors.notAuthorized('Invalid session for the user.');
  return services.store.transaction(async (tx) => {
    await spendOnce(tx, session.nonce, session.expiresAt);
    const { id, seed } = await associate(tx, services, user);
    const Session = issueSession(call, 'MFA_SETUP', user.id, services.clock.now(), {
      deviceKey: session.deviceKey, stage: 'associated', tokenId: id,
    });
    return { SecretCode: seed, Session };
  });
};

/**
 * VerifySoftwareToken: a code of the pending seed makes it the user's verified token
 * (FriendlyDeviceName kept), its time step spent, so the same code cannot then answer a
 * sign-in. With an access token, turning TOTP on is SetUserMFAPreference's; with an MFA_SETUP
 * Session the user's set-up is done: TOTP is turned on, and the new Session answers MFA_SETUP.
 * Wrong codes: EnableSoftwareTokenMFAException, attempts bounded as for MFA answers.
 */
import { errors } from '../../errors.ts';
import { issueSession, spendOnce } from '../auth/session.ts';
import type { Handler } from '../context.ts';
import { changeUser } from '../users/directory/save.ts';
import { clearMfaAttempts } from './attempts.ts';
import { applySetting } from './preferences.ts';
import { actorOf, checkPendingCode } from './software-token.ts';

const notAssociated = () => errors.softwareTokenMfaNotFound('Software token has not been associated with the user.');

export const verifySoftwareToken: Handler<'VerifySoftwareToken'> = async (input, ctx) => {
  const { services } = ctx;
  const { store, clock } = services;
  const actor = await actorOf(ctx, input);
  if (actor.kind === 'session' && actor.session.stage !== 'associated') throw errors.notAuthorized('Invalid session for the user.');
  const token = actor.kind === 'token'
    ? await store.softwareTokens.pendingOf(actor.user.id)
    : await store.softwareTokens.get(actor.session.tokenId ?? '');
  if (!token || token.verified || token.userId !== actor.user.id) throw notAssociated();
  const step = await checkPendingCode(services, token, input.UserCode);
  const friendlyName = input.FriendlyDeviceName ?? null;
  return store.transaction(async (tx) => {
    if (actor.kind === 'session') await spendOnce(tx, actor.session.nonce, actor.session.expiresAt);
    if (!(await tx.softwareTokens.promote(token.id, token.userId, friendlyName, step))) throw notAssociated();
    await clearMfaAttempts(tx, token.userId);
    if (actor.kind === 'token') return { Status: 'SUCCESS' as const };
    const now = clock.now();
    await changeUser(tx, actor.call.pool, token.userId, (current) => ({
      ...current, state: applySetting(current.state, 'SOFTWARE_TOKEN_MFA', { enabled: true }), updatedAt: now,
    }));
    const Session = issueSession(actor.call, 'MFA_SETUP', token.userId, now, { deviceKey: actor.session.deviceKey, stage: 'verified' });
    return { Status: 'SUCCESS' as const, Session };
  });
};

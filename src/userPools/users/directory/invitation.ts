/**
 * The AdminCreateUser invitation: the temporary password sent through each desired medium the
 * user has an address for, rendered from AdminCreateUserConfig.InviteMessageTemplate.
 */
import type { DeliveryMediumType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../../errors.ts';
import type { KeyVault } from '../../../crypto/key-vault.ts';
import type { Repos } from '../../../storage/store.ts';
import type { UserRow } from '../store.ts';
import { customSenderFor } from '../../messages/custom-sender.ts';
import { queueMessage, renderTemplate } from '../../messages/outbox.ts';
import { DEFAULT_INVITE_MESSAGE, DEFAULT_INVITE_SUBJECT, type PoolView } from '../../pools/pool-config.ts';

export interface Invitation {
  /** The name the user signs in with, as the administrator wrote it. */
  signInName: string;
  temporaryPassword: string;
  /** As requested; undefined means Cognito's default, SMS. */
  mediums: DeliveryMediumType[] | undefined;
}

/** Queues the invitation; returns how many messages went out. */
export async function queueInvitation(
  repos: Repos, vault: KeyVault, now: number, pool: PoolView, user: UserRow, invitation: Invitation,
): Promise<number> {
  const template = pool.config.AdminCreateUserConfig?.InviteMessageTemplate ?? {};
  const values = { code: invitation.temporaryPassword, username: invitation.signInName };
  let sent = 0;
  for (const medium of new Set(invitation.mediums ?? ['SMS'])) {
    const destination = medium === 'EMAIL' ? user.attributes.email : user.attributes.phone_number;
    if (!destination) continue;
    await queueMessage(repos, vault, now, {
      poolId: pool.id,
      channel: medium === 'EMAIL' ? 'EMAIL' : 'SMS',
      destination,
      subject: medium === 'EMAIL' ? template.EmailSubject ?? DEFAULT_INVITE_SUBJECT : undefined,
      body: renderTemplate((medium === 'EMAIL' ? template.EmailMessage : template.SMSMessage) ?? DEFAULT_INVITE_MESSAGE, values),
      purpose: 'invitation',
      username: user.username,
      customSender: customSenderFor(pool, medium === 'EMAIL' ? 'EMAIL' : 'SMS', 'AdminCreateUser', invitation.temporaryPassword, user.id),
    });
    sent++;
  }
  // Asked-for mediums the user has no address for are an error; the default (SMS) silently sends nothing.
  if (sent === 0 && invitation.mediums?.length) {
    throw errors.invalidParameter('User has no attribute matching desired delivery mediums');
  }
  return sent;
}

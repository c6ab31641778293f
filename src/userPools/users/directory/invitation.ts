/**
 * The AdminCreateUser invitation: the temporary password sent through each desired medium the
 * user has an address for, rendered from AdminCreateUserConfig.InviteMessageTemplate (or what
 * the CustomMessage trigger makes of it). Composed before the transaction, queued inside it.
 */
import type { DeliveryMediumType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../../errors.ts';
import type { KeyVault } from '../../../crypto/key-vault.ts';
import type { Repos } from '../../../storage/store.ts';
import type { UserRow } from '../store.ts';
import { customSenderFor } from '../../messages/custom-sender.ts';
import { queueMessage, renderTemplate } from '../../messages/outbox.ts';
import { DEFAULT_INVITE_MESSAGE, DEFAULT_INVITE_SUBJECT, type PoolView } from '../../pools/pool-config.ts';
import { customMessage, type MessageTemplates, type TriggerOrigin } from '../../triggers/custom-message.ts';

export interface Invitation {
  /** The name the user signs in with, as the administrator wrote it. */
  signInName: string;
  temporaryPassword: string;
  /** As requested; undefined means Cognito's default, SMS. */
  mediums: DeliveryMediumType[] | undefined;
}

/** One invitation message, rendered. */
export interface InvitationMessage {
  channel: 'EMAIL' | 'SMS';
  destination: string;
  subject: string | undefined;
  body: string;
  /** For a custom sender, which gets the password itself (encrypted) instead of the message. */
  temporaryPassword: string;
}

/** Renders the invitation for each medium the user can be reached by (running the CustomMessage trigger). */
export async function composeInvitation(
  origin: TriggerOrigin, pool: PoolView, user: UserRow, invitation: Invitation,
): Promise<InvitationMessage[]> {
  const template = pool.config.AdminCreateUserConfig?.InviteMessageTemplate ?? {};
  const destinations = new Map<'EMAIL' | 'SMS', string>();
  for (const medium of new Set(invitation.mediums ?? ['SMS'])) {
    const destination = medium === 'EMAIL' ? user.attributes.email : user.attributes.phone_number;
    if (destination) destinations.set(medium === 'EMAIL' ? 'EMAIL' : 'SMS', destination);
  }
  // Asked-for mediums the user has no address for are an error; the default (SMS) silently sends nothing.
  if (destinations.size === 0) {
    if (invitation.mediums?.length) throw errors.invalidParameter('User has no attribute matching desired delivery mediums');
    return [];
  }
  const templates: MessageTemplates = {};
  if (destinations.has('EMAIL')) {
    templates.EMAIL = { subject: template.EmailSubject ?? DEFAULT_INVITE_SUBJECT, body: template.EmailMessage ?? DEFAULT_INVITE_MESSAGE };
  }
  if (destinations.has('SMS')) templates.SMS = { body: template.SMSMessage ?? DEFAULT_INVITE_MESSAGE };
  const custom = await customMessage(origin, pool, user, 'AdminCreateUser', templates);
  const values = { code: invitation.temporaryPassword, username: invitation.signInName };
  return [...destinations].map(([channel, destination]) => {
    const t = custom[channel]!;
    return {
      channel, destination, subject: t.subject === undefined ? undefined : renderTemplate(t.subject, values), body: renderTemplate(t.body, values),
      temporaryPassword: invitation.temporaryPassword,
    };
  });
}

/** Queues a composed invitation in the caller's transaction; returns how many messages went out. */
export async function queueInvitation(
  repos: Repos, vault: KeyVault, now: number, pool: PoolView, user: UserRow, messages: readonly InvitationMessage[],
): Promise<number> {
  for (const m of messages) {
    await queueMessage(repos, vault, now, {
      poolId: pool.id, channel: m.channel, destination: m.destination, subject: m.subject, body: m.body,
      purpose: 'invitation', username: user.username,
      // A pool with a custom sender for the channel gets the temporary password through its function instead.
      customSender: customSenderFor(pool, m.channel, 'AdminCreateUser', m.temporaryPassword, user.id),
    });
  }
  return messages.length;
}

/**
 * Where a user's codes go and how they are sent: the destination rules of sign-up verification
 * (AutoVerifiedAttributes) and account recovery (AccountRecoverySetting), and queuing the
 * rendered message in the caller's transaction. Returns what `CodeDeliveryDetails` shows.
 */
import type { CodeDeliveryDetailsType, RecoveryOptionType } from '@aws-sdk/client-cognito-identity-provider';
import type { Repos } from '../../storage/store.ts';
import type { UserRow } from './store.ts';
import type { Services } from '../context.ts';
import { issueCode } from '../codes/codes.ts';
import { customSenderFor, senderKindOf, type SenderKind } from '../messages/custom-sender.ts';
import { maskDestination, queueMessage, renderTemplate } from '../messages/outbox.ts';
import {
  DEFAULT_VERIFICATION_MESSAGE, DEFAULT_VERIFICATION_SUBJECT, type PoolView,
} from '../pools/pool-config.ts';
import type { Attributes } from './directory/attributes.ts';

export interface CodeTarget {
  attribute: 'email' | 'phone_number';
  channel: 'EMAIL' | 'SMS';
  destination: string;
}

const targetFor = (attribute: 'email' | 'phone_number', attributes: Attributes): CodeTarget | undefined => {
  const destination = attributes[attribute];
  if (!destination) return undefined;
  return { attribute, channel: attribute === 'email' ? 'EMAIL' : 'SMS', destination };
};

/** Sign-up confirmation: to an auto-verified attribute; the phone wins when both are (developer guide). */
export function signUpTarget(pool: PoolView, attributes: Attributes): CodeTarget | undefined {
  const auto = pool.autoVerifiedAttributes;
  return (auto.includes('phone_number') ? targetFor('phone_number', attributes) : undefined)
    ?? (auto.includes('email') ? targetFor('email', attributes) : undefined);
}

/** Password recovery: the first verified contact in the pool's recovery order; none for admin_only. */
export function recoveryTarget(pool: PoolView, attributes: Attributes): CodeTarget | undefined {
  const mechanisms: RecoveryOptionType[] = [...(pool.config.AccountRecoverySetting?.RecoveryMechanisms ?? [])]
    .sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0));
  for (const m of mechanisms) {
    const attribute = m.Name === 'verified_email' ? 'email' : m.Name === 'verified_phone_number' ? 'phone_number' : undefined;
    if (attribute && attributes[`${attribute}_verified`] === 'true') {
      const target = targetFor(attribute, attributes);
      if (target) return target;
    }
  }
  return undefined;
}

export function deliveryDetails(target: CodeTarget): CodeDeliveryDetailsType {
  return {
    Destination: maskDestination(target.channel, target.destination),
    DeliveryMedium: target.channel,
    AttributeName: target.attribute,
  };
}

/** The pool's verification message for `code`, as `target` receives it (Cognito uses it for sign-up, resend and password recovery alike). */
export function renderCodeMessage(pool: PoolView, target: CodeTarget, code: string, username: string): { subject: string | undefined; body: string } {
  const template = pool.config.VerificationMessageTemplate ?? {};
  const isEmail = target.channel === 'EMAIL';
  const body = isEmail
    ? template.EmailMessage ?? pool.config.EmailVerificationMessage ?? DEFAULT_VERIFICATION_MESSAGE
    : template.SmsMessage ?? pool.config.SmsVerificationMessage ?? DEFAULT_VERIFICATION_MESSAGE;
  return {
    subject: isEmail ? template.EmailSubject ?? pool.config.EmailVerificationSubject ?? DEFAULT_VERIFICATION_SUBJECT : undefined,
    body: renderTemplate(body, { code, username }),
  };
}

/** Issues a fresh code for `purpose` and queues it, rendered from the pool's verification template. */
export async function sendCode(
  repos: Repos, services: Services, pool: PoolView, user: Pick<UserRow, 'id' | 'poolId' | 'username'>,
  target: CodeTarget, purpose: string, ttlMs: number, messagePurpose: string, senderKind?: SenderKind,
): Promise<CodeDeliveryDetailsType> {
  const code = await issueCode(repos, services, user, purpose, ttlMs);
  const message = renderCodeMessage(pool, target, code, user.username);
  const customSender = customSenderFor(pool, target.channel, senderKind ?? senderKindOf(messagePurpose), code, user.id);
  await queueMessage(repos, services.vault, services.clock.now(), {
    poolId: pool.id,
    channel: target.channel,
    destination: target.destination,
    subject: message.subject,
    body: message.body,
    purpose: messagePurpose,
    username: user.username,
    customSender,
  });
  return deliveryDetails(target);
}

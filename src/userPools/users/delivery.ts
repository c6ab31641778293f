/**
 * Where a user's codes go and how they are sent: the destination rules of sign-up verification
 * (AutoVerifiedAttributes) and account recovery (AccountRecoverySetting), and queuing the
 * message composed beforehand (templates, the CustomMessage trigger) in the caller's transaction. Returns what `CodeDeliveryDetails` shows.
 */
import type { CodeDeliveryDetailsType, RecoveryOptionType } from '@aws-sdk/client-cognito-identity-provider';
import type { Repos } from '../../storage/store.ts';
import type { UserRow } from './store.ts';
import type { Services } from '../context.ts';
import { newCode, storeCode } from '../codes/codes.ts';
import { customMessage, type MessageKind, type MessageTemplate, type TriggerOrigin } from '../triggers/custom-message.ts';
import { customSenderFor } from '../messages/custom-sender.ts';
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

/** The pool's verification template as `target` receives it (Cognito uses it for sign-up, resend and password recovery alike). */
export function codeTemplate(pool: PoolView, target: CodeTarget): MessageTemplate {
  const template = pool.config.VerificationMessageTemplate ?? {};
  const isEmail = target.channel === 'EMAIL';
  return {
    subject: isEmail ? template.EmailSubject ?? pool.config.EmailVerificationSubject ?? DEFAULT_VERIFICATION_SUBJECT : undefined,
    body: isEmail
      ? template.EmailMessage ?? pool.config.EmailVerificationMessage ?? DEFAULT_VERIFICATION_MESSAGE
      : template.SmsMessage ?? pool.config.SmsVerificationMessage ?? DEFAULT_VERIFICATION_MESSAGE,
  };
}

/** The pool's verification message for `code`, rendered from its template. */
export function renderCodeMessage(pool: PoolView, target: CodeTarget, code: string, username: string): { subject: string | undefined; body: string } {
  const template = codeTemplate(pool, target);
  return { subject: template.subject, body: renderTemplate(template.body, { code, username }) };
}

/** A code and its rendered message, composed before the transaction that stores and queues them. */
export interface ComposedCode {
  code: string;
  target: CodeTarget;
  /** What the message is for, as CustomMessage and the custom senders name it. */
  kind: MessageKind;
  subject: string | undefined;
  body: string;
}

/**
 * A fresh code and its message: the pool's template, or what its CustomMessage trigger makes of
 * it. Runs the trigger, so call it before (never inside) the transaction that writes the code.
 */
export async function composeCode(
  origin: TriggerOrigin, pool: PoolView, user: Pick<UserRow, 'username' | 'attributes' | 'status'>, target: CodeTarget, kind: MessageKind,
): Promise<ComposedCode> {
  const code = newCode(origin.ctx.services);
  const template = (await customMessage(origin, pool, user, kind, { [target.channel]: codeTemplate(pool, target) }))[target.channel]!;
  const values = { code, username: user.username };
  return {
    code, target, kind, subject: template.subject === undefined ? undefined : renderTemplate(template.subject, values),
    body: renderTemplate(template.body, values),
  };
}

/** Stores a composed code for `purpose` (replacing any earlier one) and queues its message, in the caller's transaction. */
export async function writeCode(
  repos: Repos, services: Services, pool: PoolView, user: Pick<UserRow, 'id' | 'poolId' | 'username'>,
  composed: ComposedCode, purpose: string, ttlMs: number, messagePurpose: string,
): Promise<CodeDeliveryDetailsType> {
  await storeCode(repos, services, user, purpose, composed.code, ttlMs);
  await queueMessage(repos, services.vault, services.clock.now(), {
    poolId: pool.id,
    channel: composed.target.channel,
    destination: composed.target.destination,
    subject: composed.subject,
    body: composed.body,
    purpose: messagePurpose,
    username: user.username,
    // A pool with a custom sender for the channel gets the code through its function instead.
    customSender: customSenderFor(pool, composed.target.channel, composed.kind, composed.code, user.id),
  });
  return deliveryDetails(composed.target);
}

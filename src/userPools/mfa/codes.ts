/**
 * SMS_MFA and EMAIL_OTP codes: six digits, valid three minutes, stored as a keyed hash (the
 * codes table, purpose `mfa`: one live code per user, a new sign-in's code replacing the last),
 * composed (templates, the CustomMessage trigger) outside any transaction, then stored and sent
 * through the outbox in the transaction of the step that issues the challenge. The answer
 * checks the code (attempts bounded in mfa/attempts.ts) and spends it with one conditional
 * delete in the transaction that completes the step.
 */
import { timingSafeEqual } from 'node:crypto';
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import { newCode, storeCode } from '../codes/codes.ts';
import type { Services } from '../context.ts';
import { customSenderFor } from '../messages/custom-sender.ts';
import { maskDestination, queueMessage, renderTemplate } from '../messages/outbox.ts';
import { customMessage, type TriggerOrigin } from '../triggers/custom-message.ts';
import { triggerArn } from '../triggers/invoke.ts';
import { DEFAULT_MFA_MESSAGE, type PoolView } from '../pools/pool-config.ts';
import type { UserRow } from '../users/store.ts';

export const MFA_CODE_TTL_MS = 3 * 60_000;
const PURPOSE = 'mfa';
export const DEFAULT_MFA_SUBJECT = 'Your authentication code';

export type CodeFactor = 'SMS_MFA' | 'EMAIL_OTP';

/** Where `factor`'s code goes: the user's phone number or email (or the address being set up). */
export function codeDestination(user: Pick<UserRow, 'attributes'>, factor: CodeFactor, email?: string): string | undefined {
  return factor === 'SMS_MFA' ? user.attributes.phone_number : email ?? user.attributes.email;
}

/** An MFA or passwordless code and its message, composed before the transaction that stores and queues it. */
export interface ComposedMfaCode {
  code: string;
  channel: 'EMAIL' | 'SMS';
  destination: string;
  subject: string | undefined;
  body: string;
}

/**
 * A fresh code for `factor` and its message: the pool's MFA template (SmsAuthenticationMessage,
 * EmailMfaConfiguration), or what its CustomMessage trigger makes of it
 * (`CustomMessage_Authentication`, for MFA and passwordless codes alike). Runs the trigger when
 * the pool has one: call it before (never inside) the transaction that writes the code.
 */
export async function composeMfaCode(
  origin: TriggerOrigin, pool: PoolView, user: Pick<UserRow, 'username' | 'attributes' | 'status'>, factor: CodeFactor, destination: string,
): Promise<ComposedMfaCode> {
  const code = newCode(origin.ctx.services);
  const channel = factor === 'SMS_MFA' ? 'SMS' : 'EMAIL';
  const email = pool.mfaFactors.email;
  const template = channel === 'SMS'
    ? { body: pool.config.SmsAuthenticationMessage ?? DEFAULT_MFA_MESSAGE }
    : { subject: email?.Subject ?? DEFAULT_MFA_SUBJECT, body: email?.Message ?? DEFAULT_MFA_MESSAGE };
  const composed = (await customMessage(origin, pool, user, 'Authentication', { [channel]: template }))[channel]!;
  const values = { code, username: user.username };
  return {
    code, channel, destination,
    subject: channel === 'EMAIL' && composed.subject !== undefined ? renderTemplate(composed.subject, values) : undefined,
    body: renderTemplate(composed.body, values),
  };
}

/**
 * Stores a composed code (replacing the user's live one) and queues its message, in `tx` (to the
 * pool's custom sender for the channel, if it has one: `CustomEmailSender_Authentication` /
 * `CustomSMSSender_Authentication`); returns the challenge's delivery parameters
 * (CODE_DELIVERY_DELIVERY_MEDIUM, CODE_DELIVERY_DESTINATION masked).
 */
export async function writeMfaCode(
  tx: Repos, services: Services, pool: PoolView, user: UserRow, composed: ComposedMfaCode,
): Promise<Record<string, string>> {
  const { code, channel, destination } = composed;
  await storeCode(tx, services, user, PURPOSE, code, MFA_CODE_TTL_MS);
  await queueMessage(tx, services.vault, services.clock.now(), {
    poolId: pool.id, channel, destination, subject: composed.subject, body: composed.body, purpose: PURPOSE, username: user.username,
    customSender: customSenderFor(pool, channel, 'Authentication', code, user.id),
  });
  return { CODE_DELIVERY_DELIVERY_MEDIUM: channel, CODE_DELIVERY_DESTINATION: maskDestination(channel, destination) };
}

/** Whether composing a code runs a trigger (the pool has CustomMessage): then it must wait for the transaction's end. */
export const composingRunsTrigger = (pool: PoolView): boolean => triggerArn(pool, 'CustomMessage') !== undefined;

const codeMessage = (userId: string, code: string) => `${userId}\0${PURPOSE}\0${code}`;

/** A code the answer matched: spend it with `spendMfaCode` in the step's transaction. */
export interface MatchedCode { userId: string; codeHash: string }

export const codeMismatch = () => errors.codeMismatch('Invalid code or auth state for the user.');
const expiredCode = () => errors.expiredCode('Invalid code provided, please request a code again.');

/** Compares the answer with the user's live MFA code, in constant time. */
export async function matchMfaCode(repos: Repos, services: Services, userId: string, code: string): Promise<MatchedCode> {
  const row = await repos.codes.get(userId, PURPOSE);
  if (!row || row.expiresAt <= services.clock.now()) throw expiredCode();
  const expected = Buffer.from(row.codeHash);
  const actual = Buffer.from(services.vault.remac(codeMessage(userId, code), 'code', row.codeHash) ?? '');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw codeMismatch();
  return { userId, codeHash: row.codeHash };
}

/** Spends a matched code in one conditional delete: of concurrent answers one spends it. */
export async function spendMfaCode(tx: Repos, code: MatchedCode): Promise<void> {
  if (!(await tx.codes.consume(code.userId, PURPOSE, code.codeHash))) throw expiredCode();
}

/**
 * SMS_MFA and EMAIL_OTP codes: six digits, valid three minutes, stored as a keyed hash (the
 * codes table, purpose `mfa`: one live code per user, a new sign-in's code replacing the last),
 * sent through the outbox in the transaction of the step that issues the challenge. The answer
 * checks the code (attempts bounded in mfa/attempts.ts) and spends it with one conditional
 * delete in the transaction that completes the step.
 */
import { timingSafeEqual } from 'node:crypto';
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import { issueCode } from '../codes/codes.ts';
import type { Services } from '../context.ts';
import { maskDestination, queueMessage, renderTemplate } from '../messages/outbox.ts';
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

/**
 * Issues a code for `factor` and queues its message, in `tx`; returns the challenge's delivery
 * parameters (CODE_DELIVERY_DELIVERY_MEDIUM, CODE_DELIVERY_DESTINATION masked).
 */
export async function sendMfaCode(
  tx: Repos, services: Services, pool: PoolView, user: UserRow, factor: CodeFactor, destination: string,
): Promise<Record<string, string>> {
  const code = await issueCode(tx, services, user, PURPOSE, MFA_CODE_TTL_MS);
  const channel = factor === 'SMS_MFA' ? 'SMS' : 'EMAIL';
  const email = pool.mfaFactors.email;
  const template = channel === 'SMS' ? pool.config.SmsAuthenticationMessage ?? DEFAULT_MFA_MESSAGE : email?.Message ?? DEFAULT_MFA_MESSAGE;
  await queueMessage(tx, services.vault, services.clock.now(), {
    poolId: pool.id, channel, destination,
    subject: channel === 'EMAIL' ? email?.Subject ?? DEFAULT_MFA_SUBJECT : undefined,
    body: renderTemplate(template, { code, username: user.username }),
    purpose: PURPOSE, username: user.username,
  });
  return { CODE_DELIVERY_DELIVERY_MEDIUM: channel, CODE_DELIVERY_DESTINATION: maskDestination(channel, destination) };
}

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

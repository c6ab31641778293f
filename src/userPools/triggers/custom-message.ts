/**
 * The CustomMessage trigger: before Alcove renders a message from the pool's templates, the
 * function may replace its text (`smsMessage`, `emailMessage`, `emailSubject`). Cognito checks
 * that a replaced message still holds the placeholders it fills: `{####}` (the code or
 * temporary password) and, for invitations, `{username}`. Runs outside any transaction.
 */
import type { OperationContext } from '../context.ts';
import type { PoolView } from '../pools/pool-config.ts';
import type { UserRow } from '../users/store.ts';
import { errors } from '../../errors.ts';
import { eventAttributes, runTrigger } from './invoke.ts';

/** `CustomMessage_<kind>`: every message Alcove sends. */
export type MessageKind =
  'SignUp' | 'AdminCreateUser' | 'ResendCode' | 'ForgotPassword' | 'UpdateUserAttribute' | 'VerifyUserAttribute' | 'Authentication';

/** What a message is made from: its templates, with the placeholders not yet filled. */
export interface MessageTemplate {
  subject?: string | undefined;
  body: string;
}

/** Who caused the message, as trigger events name them. */
export interface TriggerOrigin {
  ctx: OperationContext;
  clientId?: string | undefined;
  clientMetadata?: Record<string, string> | undefined;
}

const PATTERN_PART = '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*';

function requirePlaceholders(value: string, member: string, placeholders: readonly string[]): void {
  if (placeholders.every((p) => value.includes(p))) return;
  const pattern = PATTERN_PART + placeholders.map((p) => p.replace(/[{}]/g, (c) => `\\${c}`) + PATTERN_PART).join('');
  throw errors.invalidParameter(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`,
  );
}

export type MessageTemplates = Partial<Record<'EMAIL' | 'SMS', MessageTemplate>>;

/**
 * The messages' templates after the pool's CustomMessage trigger, if any (one invocation for
 * every channel the message goes through): the function's text where it gave one, the pool's
 * template otherwise.
 */
export async function customMessage(
  origin: TriggerOrigin, pool: PoolView, user: Pick<UserRow, 'username' | 'attributes' | 'status'>, kind: MessageKind,
  templates: MessageTemplates,
): Promise<MessageTemplates> {
  const answer = await runTrigger(origin.ctx, pool, 'CustomMessage', {
    triggerSource: `CustomMessage_${kind}`,
    userName: user.username,
    clientId: origin.clientId,
    request: {
      userAttributes: eventAttributes(pool, user),
      codeParameter: '{####}',
      linkParameter: '{##Click Here##}',
      usernameParameter: kind === 'AdminCreateUser' ? '{username}' : null,
      clientMetadata: origin.clientMetadata ?? {},
    },
  });
  if (!answer) return templates;
  const placeholders = kind === 'AdminCreateUser' ? ['{username}', '{####}'] : ['{####}'];
  const out: MessageTemplates = {};
  if (templates.EMAIL) {
    if (answer.emailMessage !== undefined) requirePlaceholders(answer.emailMessage, 'emailBody', placeholders);
    out.EMAIL = { subject: answer.emailSubject ?? templates.EMAIL.subject, body: answer.emailMessage ?? templates.EMAIL.body };
  }
  if (templates.SMS) {
    if (answer.smsMessage !== undefined) requirePlaceholders(answer.smsMessage, 'smsMessage', placeholders);
    out.SMS = { body: answer.smsMessage ?? templates.SMS.body };
  }
  return out;
}

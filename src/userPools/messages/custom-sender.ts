/**
 * CustomEmailSender / CustomSMSSender: a pool that has one sends nothing itself on that channel;
 * the function gets Cognito's event (`CustomEmailSender_SignUp`, ..., `request.type`
 * `customEmailSenderRequestV1`, the user's attributes, and the code encrypted as an AWS
 * Encryption SDK message under the key configured for the pool's KMSKeyID: crypto/encryption-sdk.ts).
 *
 * The message is queued in the outbox as every message is (in the transaction of the change that
 * caused it), its code kept with it, sealed; the outbox sender invokes the function after the
 * commit, outside any transaction, with the outbox's retries when it fails (Cognito invokes these
 * functions asynchronously and reads no answer). A pool that no longer has the sender when the
 * message goes out gets it through its channel, as rendered.
 */
import { NO_CLIENT, eventAttributes } from '../triggers/invoke.ts';
import { encryptMessage } from '../../crypto/encryption-sdk.ts';
import type { Services } from '../context.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { requirePool } from '../pools/load.ts';
import type { OutboxMessage } from './store.ts';

/** The `_Kind` of the senders' trigger sources. */
export type SenderKind =
  | 'SignUp' | 'ResendCode' | 'ForgotPassword' | 'UpdateUserAttribute' | 'VerifyUserAttribute' | 'AdminCreateUser' | 'Authentication';

/** What the function is told, kept (sealed) with the queued message. */
export interface CustomSenderCall {
  kind: SenderKind;
  /** The code or temporary password, in clear (sealed at rest with the message body). */
  code: string;
  userId: string;
}

/** The trigger kind of a code message by its outbox purpose (verify means GetUserAttributeVerificationCode). */
const KIND_OF_PURPOSE: Record<string, SenderKind> = {
  signup: 'SignUp', resend: 'ResendCode', forgot: 'ForgotPassword', verify: 'VerifyUserAttribute', mfa: 'Authentication',
};
export const senderKindOf = (purpose: string): SenderKind => KIND_OF_PURPOSE[purpose] ?? 'VerifyUserAttribute';

const senderArn = (pool: PoolView, channel: OutboxMessage['channel']): string | undefined =>
  channel === 'EMAIL' ? pool.lambdaConfig.CustomEmailSender?.LambdaArn : pool.lambdaConfig.CustomSMSSender?.LambdaArn;

/** The call to keep with a message when the pool has a custom sender for its channel. */
export function customSenderFor(
  pool: PoolView, channel: OutboxMessage['channel'], kind: SenderKind, code: string, userId: string,
): CustomSenderCall | undefined {
  return senderArn(pool, channel) === undefined ? undefined : { kind, code, userId };
}

/** Cognito HTML-escapes temporary passwords before it encrypts them (custom email sender guide). */
const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Runs the pool's sender for `message` (opened, with its call). False when the pool no longer has
 * one for the channel (deliver it as usual); throws when the function fails, so that the outbox
 * tries again.
 */
export async function runCustomSender(services: Services, message: OutboxMessage, call: CustomSenderCall): Promise<boolean> {
  const pool = await requirePool(services.store, message.poolId);
  const arn = senderArn(pool, message.channel);
  if (arn === undefined) return false;
  const keyId = pool.lambdaConfig.KMSKeyID;
  const key = keyId === undefined ? undefined : services.settings.kmsKeys?.[keyId];
  if (keyId === undefined || key === undefined) {
    throw new Error(`the pool's custom sender needs a key: KMSKeyID ${keyId ?? '(none)'} has no entry in the config file's \`kmsKeys\``);
  }
  const user = await services.store.users.get(call.userId);
  const code = call.kind === 'AdminCreateUser' ? escapeHtml(call.code) : call.code;
  const email = message.channel === 'EMAIL';
  const event = {
    version: '1',
    triggerSource: `${email ? 'CustomEmailSender' : 'CustomSMSSender'}_${call.kind}`,
    region: services.settings.region,
    userPoolId: pool.id,
    userName: user?.username ?? message.username,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: NO_CLIENT },
    request: {
      type: email ? 'customEmailSenderRequestV1' : 'customSMSSenderRequestV1',
      code: encryptMessage(Buffer.from(code, 'utf8'), { name: keyId, key }).toString('base64'),
      userAttributes: user ? eventAttributes(pool, user) : {},
    },
    response: {},
  };
  const outcome = await services.invokeTrigger(arn, event);
  switch (outcome.kind) {
    case 'answer': case 'unparseable': return true; // no answer is read
    case 'function-error': throw new Error(`${email ? 'CustomEmailSender' : 'CustomSMSSender'} failed with error ${outcome.message}`);
    case 'timeout': throw new Error('the custom sender did not answer in time');
    case 'unreachable': throw new Error(`the custom sender could not be invoked: ${outcome.error}`);
  }
}

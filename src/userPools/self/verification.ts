/**
 * Verifying a user's email or phone number from a signed-in session: which attributes can be
 * verified, which value a code is for (a new value waiting under
 * AttributesRequireVerificationBeforeUpdate, else the current one), and sending the code.
 */
import type { CodeDeliveryDetailsType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import type { UserRow } from '../users/store.ts';
import { CODE_TTL } from '../codes/codes.ts';
import type { Services } from '../context.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { composeCode, writeCode, type ComposedCode } from '../users/delivery.ts';
import type { TriggerOrigin } from '../triggers/custom-message.ts';
import { stateOf } from '../users/state.ts';

export type VerifiableAttribute = 'email' | 'phone_number';
export const VERIFIABLE: readonly VerifiableAttribute[] = ['email', 'phone_number'];

export function verifiableAttribute(name: string): VerifiableAttribute {
  if (name !== 'email' && name !== 'phone_number') {
    throw errors.invalidParameter('Invalid attribute name. Only phone_number and email can be verified.');
  }
  return name;
}

/** The code purpose the users concern uses for attribute verification. */
export const verifyPurpose = (attribute: VerifiableAttribute): string => `verify:${attribute}`;

/** The value a verification code proves: the pending new value, if any, else the current one. */
export function valueToVerify(user: Pick<UserRow, 'attributes' | 'state'>, attribute: VerifiableAttribute): string | undefined {
  return stateOf(user).pendingAttributes?.[attribute] ?? user.attributes[attribute];
}

/** A verification code for `attribute` at `destination` and its message (CustomMessage runs here: outside transactions). */
export function composeVerificationCode(
  origin: TriggerOrigin, pool: PoolView, user: Pick<UserRow, 'username' | 'attributes' | 'status'>,
  attribute: VerifiableAttribute, destination: string, kind: 'VerifyUserAttribute' | 'UpdateUserAttribute',
): Promise<ComposedCode> {
  const target = { attribute, channel: attribute === 'email' ? 'EMAIL' as const : 'SMS' as const, destination };
  return composeCode(origin, pool, user, target, kind);
}

/** Stores a composed verification code and queues its message, in the caller's transaction. */
export function writeVerificationCode(
  repos: Repos, services: Services, pool: PoolView, user: Pick<UserRow, 'id' | 'poolId' | 'username'>, composed: ComposedCode,
): Promise<CodeDeliveryDetailsType> {
  return writeCode(repos, services, pool, user, composed, verifyPurpose(composed.target.attribute), CODE_TTL.verify, 'verify');
}

/**
 * The composed code for (attribute, destination), as planned under the row lock. A plan made on
 * a row read earlier can differ from the one made under the lock when the user changed in
 * between: the operation then starts over (`ChangedMeanwhile`), composing again.
 */
export function composedFor(composed: readonly ComposedCode[], attribute: string, destination: string): ComposedCode {
  const found = composed.find((c) => c.target.attribute === attribute && c.target.destination === destination);
  if (!found) throw new ChangedMeanwhile();
  return found;
}

export class ChangedMeanwhile extends Error {
  constructor() { super('the user changed while its messages were composed'); }
}

/** Runs `attempt` again (three times at most) when the user changed between composing and committing. */
export async function withRecomposition<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof ChangedMeanwhile) || i >= 2) throw e;
    }
  }
}

/**
 * Voids the outstanding codes of attributes whose value to verify changed, so that a code sent
 * for one address can never verify another.
 */
export async function voidStaleCodes(
  repos: Repos, before: Pick<UserRow, 'id' | 'attributes' | 'state'>, after: Pick<UserRow, 'attributes' | 'state'>,
): Promise<void> {
  for (const attribute of VERIFIABLE) {
    if (valueToVerify(before, attribute) !== valueToVerify(after, attribute)) await repos.codes.delete(before.id, verifyPurpose(attribute));
  }
}

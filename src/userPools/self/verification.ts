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
import { sendCode } from '../users/delivery.ts';
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

/** Issues a verification code for `attribute` and queues it to `destination`, in the caller's transaction. */
export function sendVerificationCode(
  repos: Repos, services: Services, pool: PoolView, user: Pick<UserRow, 'id' | 'poolId' | 'username'>,
  attribute: VerifiableAttribute, destination: string, senderKind: 'VerifyUserAttribute' | 'UpdateUserAttribute' = 'VerifyUserAttribute',
): Promise<CodeDeliveryDetailsType> {
  const target = { attribute, channel: attribute === 'email' ? 'EMAIL' as const : 'SMS' as const, destination };
  return sendCode(repos, services, pool, user, target, verifyPurpose(attribute), CODE_TTL.verify, 'verify', senderKind);
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

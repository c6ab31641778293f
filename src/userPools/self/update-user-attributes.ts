import type { CodeDeliveryDetailsType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { UserHandler } from '../context.ts';
import type { UserProfile } from '../users/store.ts';
import type { PoolView } from '../pools/pool-config.ts';
import type { ComposedCode } from '../users/delivery.ts';
import { applyAttributeChanges, attributeMap, checkAttributeWrites, type Attributes } from '../users/directory/attributes.ts';
import { changeUser, claimAliases } from '../users/directory/save.ts';
import { stateOf } from '../users/state.ts';
import { clientOf } from './access.ts';
import {
  composedFor, composeVerificationCode, VERIFIABLE, voidStaleCodes, withRecomposition, writeVerificationCode, type VerifiableAttribute,
} from './verification.ts';

interface PlannedUpdate<U extends UserProfile = UserProfile> {
  user: U;
  /** Where verification codes go: a changed, unverified value, or a new value held back. */
  codes: { attribute: VerifiableAttribute; destination: string }[];
}

/**
 * The signed-in user updates their attributes, within the WriteAttributes of the token's client.
 * A new email or phone number is unverified and, when the pool auto-verifies it, gets a code.
 * When the pool keeps the original value until the new one is verified, a change to a verified
 * email/phone is held back in the user's state and only the code goes out.
 */
export const updateUserAttributes: UserHandler<'UpdateUserAttributes'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const { pool, user } = ctx.caller;
  const client = await clientOf(ctx.services, ctx.caller);
  const changes = attributeMap(input.UserAttributes);
  checkAttributeWrites(pool, changes, { admin: false, clientWriteAttributes: client.writeAttributes, existing: user.attributes });
  for (const name of pool.requiredAttributes) {
    if (changes[name] === '') throw errors.invalidParameter(`Attributes did not conform to the schema: ${name}: The attribute is required`);
  }
  const now = clock.now();
  const origin = { ctx, clientId: client.id, clientMetadata: input.ClientMetadata };

  const sent: CodeDeliveryDetailsType[] = [];
  await withRecomposition(async () => {
    // The codes' messages are composed (CustomMessage) on the row as last read, outside the
    // transaction; the transaction plans again under the lock and starts over if that differs.
    const fresh = (await store.users.get(user.id)) ?? user;
    const expected = planUpdate(pool, fresh, changes, now);
    const composed: ComposedCode[] = [];
    for (const code of expected.codes) {
      composed.push(await composeVerificationCode(origin, pool, expected.user, code.attribute, code.destination, 'UpdateUserAttribute'));
    }
    await store.transaction(async (tx) => {
      sent.length = 0; // a retried transaction starts over
      // Planned on the row as it is under the lock, so that a concurrent change of other fields
      // (an administrator disabling the user, setting a password) is neither undone nor lost.
      let before = user;
      let plan: PlannedUpdate = { user, codes: [] };
      await changeUser(tx, pool, user.id, (current) => {
        before = current;
        const next = planUpdate(pool, current, changes, now);
        plan = next;
        return next.user;
      });
      await claimAliases(tx, pool, plan.user, false, now);
      await voidStaleCodes(tx, before, plan.user);
      for (const code of plan.codes) {
        sent.push(await writeVerificationCode(tx, ctx.services, pool, plan.user, composedFor(composed, code.attribute, code.destination)));
      }
    });
  });
  if (sent.length === 0) return {};
  ctx.services.notifyOutbox();
  return { CodeDeliveryDetailsList: sent };
};

function planUpdate<U extends UserProfile>(pool: PoolView, user: U, requested: Attributes, now: number): PlannedUpdate<U> {
  const keepOriginal = pool.config.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [];
  const changes = { ...requested };
  const { pendingAttributes, ...state } = stateOf(user);
  const pending = { ...pendingAttributes };
  const codes: PlannedUpdate['codes'] = [];
  for (const attribute of VERIFIABLE) {
    if (!(attribute in changes)) continue;
    const value = changes[attribute]!;
    // Any new write of the attribute replaces whatever was waiting for verification.
    delete pending[attribute];
    const current = user.attributes[attribute];
    const holdBack = keepOriginal.includes(attribute) && value !== '' && current !== undefined && value !== current
      && user.attributes[`${attribute}_verified`] === 'true';
    if (holdBack) {
      pending[attribute] = value;
      delete changes[attribute];
      codes.push({ attribute, destination: value });
    }
  }
  const attributes = applyAttributeChanges(user.attributes, changes);
  for (const attribute of VERIFIABLE) {
    const value = attributes[attribute];
    if (value && attribute in changes && attributes[`${attribute}_verified`] !== 'true' && pool.autoVerifiedAttributes.includes(attribute)) {
      codes.push({ attribute, destination: value });
    }
  }
  const nextState = Object.keys(pending).length > 0 ? { ...state, pendingAttributes: pending } : state;
  return { user: { ...user, attributes, state: { ...nextState }, updatedAt: now }, codes };
}

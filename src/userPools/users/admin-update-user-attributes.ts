import { errors } from '../../errors.ts';
import { CODE_TTL } from '../codes/codes.ts';
import type { Handler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { applyAttributeChanges, attributeMap, checkAttributeWrites } from './attributes.ts';
import { sendCode, type CodeTarget } from './delivery.ts';
import { requireUser } from './lookup.ts';
import { stateOf } from './state.ts';
import { claimAliases, saveUser } from './save.ts';

export const adminUpdateUserAttributes: Handler<'AdminUpdateUserAttributes'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  const changes = attributeMap(input.UserAttributes);
  checkAttributeWrites(pool, changes, { admin: true, existing: user.attributes });
  for (const name of pool.requiredAttributes) {
    if (changes[name] === '') throw errors.invalidParameter(`Attributes did not conform to the schema: ${name}: The attribute is required`);
  }
  const now = clock.now();
  const { pendingAttributes, ...state } = stateOf(user);
  const pending = { ...pendingAttributes };
  for (const attribute of ['email', 'phone_number'] as const) {
    if (attribute in changes) {
      delete pending[attribute]; // the admin's value replaces one waiting for verification
    } else if (changes[`${attribute}_verified`] === 'true' && pending[attribute]) {
      // Verifying a held-back value as an admin makes it the value (as the AWS docs describe).
      changes[attribute] = pending[attribute];
      delete pending[attribute];
    }
  }
  const updated = {
    ...user,
    attributes: applyAttributeChanges(user.attributes, changes),
    state: Object.keys(pending).length > 0 ? { ...state, pendingAttributes: pending } : state,
    updatedAt: now,
  };

  // A new, unverified email or phone number that the pool auto-verifies gets a verification code.
  const toVerify: CodeTarget[] = [];
  for (const attribute of ['email', 'phone_number'] as const) {
    const value = updated.attributes[attribute];
    if (value && attribute in changes && updated.attributes[`${attribute}_verified`] !== 'true'
      && pool.autoVerifiedAttributes.includes(attribute)) {
      toVerify.push({ attribute, channel: attribute === 'email' ? 'EMAIL' : 'SMS', destination: value });
    }
  }
  await store.transaction(async (tx) => {
    await claimAliases(tx, pool, updated, false, now);
    await saveUser(tx, pool, updated);
    // A code sent to the previous address must not verify the new one.
    for (const attribute of ['email', 'phone_number'] as const) {
      if (attribute in changes) await tx.codes.delete(user.id, `verify:${attribute}`);
    }
    for (const target of toVerify) {
      await sendCode(tx, ctx.services, pool, updated, target, `verify:${target.attribute}`, CODE_TTL.verify, 'verify');
    }
  });
  if (toVerify.length > 0) ctx.services.notifyOutbox();
  return {};
};

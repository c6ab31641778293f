import { errors } from '../../../errors.ts';
import { CODE_TTL } from '../../codes/codes.ts';
import type { Handler } from '../../context.ts';
import { requirePool } from '../../pools/load.ts';
import { applyAttributeChanges, attributeMap, checkAttributeWrites } from './attributes.ts';
import { sendCode, type CodeTarget } from '../delivery.ts';
import { requireUser } from './lookup.ts';
import { stateOf } from '../state.ts';
import { changeUser, claimAliases } from './save.ts';

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
  // Computed on the row as it is under the lock, so that a concurrent write of the user's other
  // fields (or attributes) is not undone.
  const plan = (current: typeof user) => {
    const requested = { ...changes };
    const { pendingAttributes, ...state } = stateOf(current);
    const pending = { ...pendingAttributes };
    for (const attribute of ['email', 'phone_number'] as const) {
      if (attribute in requested) {
        delete pending[attribute]; // the admin's value replaces one waiting for verification
      } else if (requested[`${attribute}_verified`] === 'true' && pending[attribute]) {
        // Verifying a held-back value as an admin makes it the value (as the AWS docs describe).
        requested[attribute] = pending[attribute];
        delete pending[attribute];
      }
    }
    return {
      requested,
      user: {
        ...current,
        attributes: applyAttributeChanges(current.attributes, requested),
        state: Object.keys(pending).length > 0 ? { ...state, pendingAttributes: pending } : state,
        updatedAt: now,
      },
    };
  };

  const toVerify: CodeTarget[] = [];
  await store.transaction(async (tx) => {
    toVerify.length = 0; // a retried transaction starts over
    let requested = changes;
    const updated = await changeUser(tx, pool, user.id, (current) => {
      const planned = plan(current);
      requested = planned.requested;
      return planned.user;
    });
    await claimAliases(tx, pool, updated, false, now);
    // A code sent to the previous address must not verify the new one.
    for (const attribute of ['email', 'phone_number'] as const) {
      if (attribute in requested) await tx.codes.delete(user.id, `verify:${attribute}`);
    }
    // A new, unverified email or phone number that the pool auto-verifies gets a verification code.
    for (const attribute of ['email', 'phone_number'] as const) {
      const value = updated.attributes[attribute];
      if (value && attribute in requested && updated.attributes[`${attribute}_verified`] !== 'true'
        && pool.autoVerifiedAttributes.includes(attribute)) {
        toVerify.push({ attribute, channel: attribute === 'email' ? 'EMAIL' : 'SMS', destination: value });
      }
    }
    for (const target of toVerify) {
      await sendCode(tx, ctx.services, pool, updated, target, `verify:${target.attribute}`, CODE_TTL.verify, 'verify', 'UpdateUserAttribute');
    }
  });
  if (toVerify.length > 0) ctx.services.notifyOutbox();
  return {};
};

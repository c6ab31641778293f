import { errors } from '../../errors.ts';
import type { UserHandler } from '../context.ts';
import { VERIFIED_FLAGS } from '../users/directory/attributes.ts';
import { changeUser } from '../users/directory/save.ts';
import { stateOf } from '../users/state.ts';
import { clientOf } from './access.ts';
import { voidStaleCodes } from './verification.ts';

/**
 * The signed-in user removes attributes: only ones the token's client may write, never `sub`,
 * a required or immutable attribute, a verification flag or a developer-only attribute.
 */
export const deleteUserAttributes: UserHandler<'DeleteUserAttributes'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const { pool, user } = ctx.caller;
  const client = await clientOf(ctx.services, ctx.caller);
  const writable = client.writeAttributes;
  const names = input.UserAttributeNames ?? [];
  for (const name of names) {
    if (name === 'sub') throw errors.invalidParameter('Cannot modify the non-mutable attribute sub');
    const schema = pool.attribute(name);
    if (!schema) throw errors.invalidParameter(`Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.`);
    if (VERIFIED_FLAGS.has(name) || name.startsWith('dev:') || (writable && writable.length > 0 && !writable.includes(name))) {
      throw errors.notAuthorized('A client attempted to write unauthorized attribute');
    }
    if (pool.requiredAttributes.includes(name)) {
      throw errors.invalidParameter(`Attributes did not conform to the schema: ${name}: The attribute is required`);
    }
    if (schema.Mutable === false && user.attributes[name] !== undefined) throw errors.invalidParameter(`Cannot modify the non-mutable attribute ${name}`);
  }
  const now = clock.now();
  await store.transaction(async (tx) => {
    let before = user;
    const updated = await changeUser(tx, pool, user.id, (current) => {
      before = current;
      const attributes = { ...current.attributes };
      const { pendingAttributes, ...state } = stateOf(current);
      const pending = { ...pendingAttributes };
      for (const name of names) {
        delete attributes[name];
        // A deleted email or phone number takes its verification, and any new value awaiting it, along.
        if (name === 'email' || name === 'phone_number') {
          delete attributes[`${name}_verified`];
          delete pending[name];
        }
      }
      const nextState = Object.keys(pending).length > 0 ? { ...state, pendingAttributes: pending } : { ...state };
      return { ...current, attributes, state: nextState, updatedAt: now };
    });
    await voidStaleCodes(tx, before, updated);
  });
  return {};
};

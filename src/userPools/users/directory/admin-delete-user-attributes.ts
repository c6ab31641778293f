import { errors } from '../../../errors.ts';
import type { Handler } from '../../context.ts';
import { requirePool } from '../../pools/load.ts';
import { VERIFIED_FLAGS } from './attributes.ts';
import { requireUser } from './lookup.ts';
import { changeUser } from './save.ts';

export const adminDeleteUserAttributes: Handler<'AdminDeleteUserAttributes'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  const names = input.UserAttributeNames ?? [];
  for (const name of names) {
    if (name === 'sub') throw errors.invalidParameter('Cannot modify the non-mutable attribute sub');
    if (!VERIFIED_FLAGS.has(name) && !pool.attribute(name)) {
      throw errors.invalidParameter(`Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.`);
    }
    if (pool.requiredAttributes.includes(name)) {
      throw errors.invalidParameter(`Attributes did not conform to the schema: ${name}: The attribute is required`);
    }
  }
  await store.transaction((tx) => changeUser(tx, pool, user.id, (current) => {
    const attributes = { ...current.attributes };
    for (const name of names) {
      delete attributes[name];
      // A deleted email or phone number takes its verification with it.
      if (name === 'email' || name === 'phone_number') delete attributes[`${name}_verified`];
    }
    return { ...current, attributes, updatedAt: clock.now() };
  }));
  return {};
};

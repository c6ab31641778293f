import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { requirePoolRow } from './load.ts';
import { MAX_CUSTOM_ATTRIBUTES, normalizeCustomAttribute, STANDARD_NAMES } from './pool-config.ts';

/** Appends custom attributes to the schema; existing attributes can never change or go. */
export const addCustomAttributes: Handler<'AddCustomAttributes'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  await store.transaction(async (tx) => {
    const row = await requirePoolRow(tx, input.UserPoolId, 'update');
    const config = row.config;
    const schema = [...(config.SchemaAttributes ?? [])];
    for (const requested of input.CustomAttributes ?? []) {
      const attribute = normalizeCustomAttribute(requested);
      if (schema.some((a) => a.Name === attribute.Name)) {
        throw errors.invalidParameter(`Existing attribute already has name ${attribute.Name}.`);
      }
      schema.push(attribute);
    }
    if (schema.filter((a) => !STANDARD_NAMES.has(a.Name!)).length > MAX_CUSTOM_ATTRIBUTES) {
      throw errors.invalidParameter(`A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`);
    }
    await tx.pools.update({ ...row, config: { ...config, SchemaAttributes: schema }, updatedAt: clock.now() });
  });
  return {};
};

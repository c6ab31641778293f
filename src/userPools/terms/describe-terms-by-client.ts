import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { requirePoolClient } from '../clients/load.ts';
import { describeTerms } from './rules.ts';

export const describeTermsByClient: Handler<'DescribeTermsByClient'> = async (input, ctx) => {
  const { store } = ctx.services;
  await requirePoolClient(store, input.UserPoolId, input.ClientId);
  const row = await store.terms.byClientAndName(input.UserPoolId, input.ClientId, input.TermsName);
  if (!row) throw errors.resourceNotFound(`Terms ${input.TermsName} do not exist for client ${input.ClientId}.`);
  return { Terms: describeTerms(row) };
};

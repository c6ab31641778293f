import { randomUUID } from 'node:crypto';
import { UniqueViolation } from '../../storage/store.ts';
import type { Handler } from '../context.ts';
import { requirePoolClient } from '../clients/load.ts';
import { checkLinks, checkName, describeTerms, termsExist } from './rules.ts';
import type { TermsRow } from './store.ts';

/** One document per (client, name): a unique index decides between racing creations. */
export const createTerms: Handler<'CreateTerms'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  checkName(input.TermsName);
  const links = checkLinks(input.Links);
  await requirePoolClient(store, input.UserPoolId, input.ClientId);
  const now = clock.now();
  const row: TermsRow = {
    id: randomUUID(), poolId: input.UserPoolId, clientId: input.ClientId, name: input.TermsName, source: input.TermsSource,
    enforcement: input.Enforcement, links, createdAt: now, updatedAt: now,
  };
  try {
    await store.terms.insert(row);
  } catch (e) {
    if (e instanceof UniqueViolation) throw termsExist(input.TermsName, input.ClientId);
    throw e;
  }
  return { Terms: describeTerms(row) };
};

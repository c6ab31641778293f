import type { Handler } from '../context.ts';
import { describeDomain } from './domain-rules.ts';

/** An unknown domain is no error: Cognito answers an empty description (how callers test a name's availability). */
export const describeUserPoolDomain: Handler<'DescribeUserPoolDomain'> = async (input, ctx) => {
  const { store, settings } = ctx.services;
  const row = await store.domains.get(input.Domain);
  return { DomainDescription: row ? describeDomain(row, settings) : {} };
};

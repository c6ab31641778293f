import { errors } from '../../../errors.ts';
import type { Page } from '../../../storage/store.ts';
import type { UserListing, UserSearch } from '../store.ts';
import type { Handler } from '../../context.ts';
import { requirePoolConfig } from '../../pools/load.ts';
import { normalizeForSearch, parseListUsersFilter } from './list-filter.ts';
import { searchOptions } from './lookup.ts';
import { toWireUsers } from './user-type.ts';

const MAX_LIMIT = 60;

export const listUsers: Handler<'ListUsers'> = async (input, ctx) => {
  const { store } = ctx.services;
  const pool = await requirePoolConfig(store, input.UserPoolId, ctx.services.caches.poolViews);
  const filter = parseListUsersFilter(input.Filter);
  const search: UserSearch | undefined = filter && {
    attr: filter.attribute, op: filter.op, value: normalizeForSearch(filter.attribute, filter.value, searchOptions(pool)),
  };
  let page: Page<UserListing>;
  try {
    page = await store.users.list(pool.id, search, {
      limit: Math.min(input.Limit || MAX_LIMIT, MAX_LIMIT),
      ...(input.PaginationToken ? { after: input.PaginationToken } : {}),
    });
  } catch (e) {
    // The storage port reports a token it did not issue by this error name (storage/sql's InvalidCursor).
    if (e instanceof Error && e.name === 'InvalidCursor') throw errors.invalidParameter('Invalid pagination token.');
    throw e;
  }
  // null means every attribute; an empty list means none.
  const only = input.AttributesToGet ? new Set(input.AttributesToGet) : undefined;
  return {
    Users: toWireUsers(page.items, only),
    ...(page.next ? { PaginationToken: page.next } : {}),
  };
};

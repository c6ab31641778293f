/** `Limit` / `NextToken` of the group listings: the pools' paging, plus Cognito's refusal of 0. */
import { errors } from '../../errors.ts';
import type { Page, PageRequest } from '../../storage/store.ts';
import { listPage } from '../pools/pagination.ts';

export function limitedPage<T>(
  limit: number | undefined,
  nextToken: string | undefined,
  list: (page: PageRequest) => Promise<Page<T>>,
): Promise<Page<T>> {
  // The model allows 0, but Cognito refuses it with this message from its inner validation.
  if (limit === 0) {
    throw errors.invalidParameter("1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1");
  }
  return listPage(limit, nextToken, list);
}

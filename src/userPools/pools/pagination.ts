/** Reading a page of a NextToken/MaxResults list, as the pool and client listings do. */
import { errors } from '../../errors.ts';
import type { Page, PageRequest } from '../../storage/store.ts';

/** Cognito's largest page for these listings. */
const MAX_PAGE = 60;

/** Runs a repository listing, answering a token this server did not issue as Cognito does. */
export async function listPage<T>(
  maxResults: number | undefined,
  nextToken: string | undefined,
  list: (page: PageRequest) => Promise<Page<T>>,
): Promise<Page<T>> {
  try {
    return await list({ limit: maxResults ?? MAX_PAGE, ...(nextToken ? { after: nextToken } : {}) });
  } catch (e) {
    // The storage port reports a foreign cursor by this error name (storage/sql's InvalidCursor).
    if (e instanceof Error && e.name === 'InvalidCursor') throw errors.invalidParameter('Invalid NextToken.');
    throw e;
  }
}

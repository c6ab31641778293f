/** What an identity's token says about a call's logins: its `amr` and principal tags. */
import type { Login } from '../logins/login.ts';
import { amrOf } from '../logins/login.ts';
import type { IdentityPoolRow } from '../pools/store.ts';
import { principalTagsOf } from '../roles/principal-tags.ts';
import { TAGS_CLAIM } from '../tokens/openid-token.ts';

export function amrFor(logins: readonly Login[]): string[] {
  return logins.length === 0 ? ['unauthenticated'] : amrOf(logins);
}

/** Principal tags from the logins' claims by the pool's attribute maps (a developer token's, as it carries them). */
export function principalTagsFor(pool: IdentityPoolRow, logins: readonly Login[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const login of logins) {
    if (login.kind === 'identity') {
      for (const [k, v] of Object.entries(login.claims[TAGS_CLAIM]?.principal_tags ?? {})) if (v[0] !== undefined) tags[k] = v[0];
    } else {
      Object.assign(tags, principalTagsOf(login.tagProvider, pool.tagMaps[login.tagProvider], login.claims));
    }
  }
  return tags;
}

/**
 * Principal tags from a login's claims (pure), as SetPrincipalTagAttributeMap configures them:
 * UseDefaults maps the provider's defaults (`client` ← `aud`, `username` ← `sub`, or
 * `user_id` for Login with Amazon), else PrincipalTags maps tag keys to claim names. Claims
 * that are absent give no tag; list claims give their values joined by commas.
 */
import type { PrincipalTagMap } from '../pools/store.ts';

const MAX_TAG_VALUE = 256;

export function defaultTagMap(provider: string): Record<string, string> {
  return provider === 'www.amazon.com' ? { client: 'aud', username: 'user_id' } : { client: 'aud', username: 'sub' };
}

export function principalTagsOf(
  provider: string, map: PrincipalTagMap | undefined, claims: Readonly<Record<string, unknown>>,
): Record<string, string> {
  if (!map) return {};
  const mapping = map.UseDefaults ? defaultTagMap(provider) : map.PrincipalTags;
  const tags: Record<string, string> = {};
  for (const [tag, claim] of Object.entries(mapping)) {
    const value = claims[claim];
    let text: string | undefined;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
    else if (Array.isArray(value)) text = value.filter((v) => typeof v === 'string').join(',');
    if (text !== undefined && text.length > 0) tags[tag] = text.slice(0, MAX_TAG_VALUE);
  }
  return tags;
}

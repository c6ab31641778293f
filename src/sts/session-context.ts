/** The policy context keys a session carries from its web identity and tags. */
import type { SessionIdentity } from '../iam/store.ts';

/**
 * `<provider>:sub`, `:aud`, `:amr` (multi-valued), `aws:FederatedProvider`, `aws:PrincipalTag/<k>`,
 * `aws:CurrentTime` / `aws:EpochTime` at `now`.
 */
export function sessionContextKeys(
  identity: SessionIdentity, tags: Record<string, string>, now: number,
): Record<string, string | readonly string[] | undefined> {
  const p = identity.provider;
  return {
    [`${p}:sub`]: identity.subject,
    [`${p}:aud`]: identity.audience,
    [`${p}:amr`]: identity.amr.length > 0 ? identity.amr : undefined,
    'aws:FederatedProvider': p,
    ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v])),
    'aws:CurrentTime': new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(now / 1000)),
  };
}

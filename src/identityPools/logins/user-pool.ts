/**
 * A login with an Alcove user pool's ID token: the key `cognito-idp.<region>.amazonaws.com/<poolId>`
 * or the pool's issuer without its scheme (what Amplify sends, `iss` stripped). Checked: the
 * signature with the pool's keys, issuer, `token_use` id, expiry, `aud` among the ClientIds the
 * identity pool lists for that user pool, and with ServerSideTokenCheck that the token is not
 * revoked (GlobalSignOut, RevokeToken) and the user still exists and is enabled.
 */
import type { CognitoIdentityProvider } from '@aws-sdk/client-cognito-identity';
import { errors } from '../../errors.ts';
import { issuedAtMs } from '../../userPools/tokens/claims.ts';
import { issuerOf } from '../../userPools/tokens/issuer.ts';
import { decodeJws, verifyJws } from '../../userPools/tokens/jws.ts';
import { familyKey, userKey } from '../../userPools/tokens/revoke.ts';
import { publicKeyFor } from '../../userPools/tokens/signing-keys.ts';
import type { Services } from '../context.ts';
import { userPoolOfProvider } from '../pools/config.ts';
import type { IdentityPoolConfig } from '../pools/store.ts';
import type { ProviderLogin } from './login.ts';

const stripScheme = (url: string): string => url.replace(/^\w+:\/\//, '');

/** The CognitoIdentityProviders entries a Logins key names (canonical or issuer-style), if any. */
export function userPoolEntriesFor(services: Services, config: IdentityPoolConfig, key: string): CognitoIdentityProvider[] {
  return (config.CognitoIdentityProviders ?? []).filter((p) => {
    if (p.ProviderName === key) return true;
    const pool = userPoolOfProvider(p.ProviderName!);
    return pool !== undefined && stripScheme(issuerOf(services.settings, pool.poolId)) === key;
  });
}

export async function verifyUserPoolLogin(
  services: Services, entries: CognitoIdentityProvider[], key: string, token: string,
): Promise<ProviderLogin> {
  const invalid = (why: string) => errors.notAuthorized(`Invalid login token. ${why}`);
  const provider = entries[0]!.ProviderName!;
  const { poolId } = userPoolOfProvider(provider)!;
  const decoded = decodeJws(token);
  if (!decoded || typeof decoded.header.kid !== 'string') throw invalid('Not a valid OpenId Connect identity token.');
  const c = decoded.payload;
  if (c.iss !== issuerOf(services.settings, poolId)) throw invalid("Issuer doesn't match providerName");
  if (!(await services.store.pools.getCached(poolId))) throw invalid("Issuer doesn't match providerName");
  const publicKey = await publicKeyFor(services, poolId, decoded.header.kid);
  if (!publicKey || !verifyJws(decoded, publicKey)) throw invalid('Not a valid OpenId Connect identity token.');
  if (c.token_use !== 'id' || typeof c.sub !== 'string' || typeof c.aud !== 'string' || typeof c.exp !== 'number') {
    throw invalid('Not a valid OpenId Connect identity token.');
  }
  const now = Math.floor(services.clock.now() / 1000);
  if (c.exp <= now) throw invalid(`Token expired: ${now} >= ${c.exp}`);
  const entry = entries.find((e) => e.ClientId === undefined || e.ClientId === c.aud);
  if (!entry) throw invalid('Incorrect token audience.');

  if (entry.ServerSideTokenCheck) {
    const keys = [userKey(c.sub), ...(typeof c.origin_jti === 'string' ? [familyKey(c.origin_jti)] : [])];
    const [revocations, user] = await Promise.all([services.store.revocations.find(keys), services.store.users.get(c.sub)]);
    const issuedAt = issuedAtMs(c.jti, typeof c.iat === 'number' ? c.iat : 0);
    for (const r of revocations) {
      if (r.key.startsWith('family:') || issuedAt <= r.revokedAt) throw invalid('Token has been revoked.');
    }
    if (!user || user.poolId !== poolId) throw invalid('User does not exist.');
    if (!user.enabled) throw invalid('User is disabled.');
  }
  return {
    kind: 'provider', key, provider, subject: c.sub, claims: c,
    mappingKeys: [`${provider}:${c.aud}`, provider], tagProvider: provider,
    amrSubject: `${provider}:CognitoSignIn:${c.sub}`,
  };
}

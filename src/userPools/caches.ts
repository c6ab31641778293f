/**
 * The user pools' in-memory caches, one set per server: built in the composition root and passed
 * in through Services, so that servers sharing a process (the tests) share no hidden state.
 */
import type { PoolView } from './pools/pool-config.ts';
import type { PoolRow } from './pools/store.ts';
import { ClientSecretDigests } from './clients/client-secrets.ts';
import { CustomScopesCache } from './resource-servers/scopes-cache.ts';
import type { SigningKeyCache } from './tokens/signing-keys.ts';
import { VerifiedTokens } from './tokens/verified-tokens.ts';

export interface UserPoolCaches {
  /** Each pool's signing keys, by pool id (tokens/signing-keys.ts). */
  signingKeys: SigningKeyCache;
  /** The opened server secret unknown users are derived from (auth/unknown-users.ts). */
  unknownUserKey: { current?: Promise<Buffer> | undefined };
  /** Views of cached pool rows, built once per cached row (pools/load.ts). */
  poolViews: WeakMap<PoolRow, PoolView>;
  /** Access tokens whose signature this node verified, until their exp (tokens/verified-tokens.ts). */
  verifiedTokens: VerifiedTokens;
  /** Each pool's custom scopes, for the client credentials grant (resource-servers/scopes-cache.ts). */
  customScopes: CustomScopesCache;
  /** The digests of the clients' stored secrets, by sealed value (clients/client-secrets.ts). */
  clientSecretDigests: ClientSecretDigests;
}

export const newUserPoolCaches = (): UserPoolCaches => ({
  signingKeys: new Map(),
  unknownUserKey: {},
  poolViews: new WeakMap(),
  verifiedTokens: new VerifiedTokens(),
  customScopes: new CustomScopesCache(),
  clientSecretDigests: new ClientSecretDigests(),
});

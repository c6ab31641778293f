/** ClientView's reading of a stored client, and SECRET_HASH checking. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { KeyVault } from '../../src/crypto/key-vault.ts';
import type { ClientRow } from '../../src/userPools/clients/store.ts';
import { buildClientConfig, type ClientSettings } from '../../src/userPools/clients/client-config.ts';
import { ClientView, secretContext } from '../../src/userPools/clients/client-view.ts';
import { checkSecretHash } from '../../src/userPools/clients/secret-hash.ts';
import { buildPoolConfig, PoolView } from '../../src/userPools/pools/pool-config.ts';

const vault = new KeyVault([{ id: 'k1', key: Buffer.alloc(32, 3) }]);
const pool = new PoolView({ id: 'us-east-1_abc', name: 'p', config: buildPoolConfig({ PoolName: 'p' }), userCount: 0, createdAt: 0, updatedAt: 0 });

function client(settings: ClientSettings, secret?: string): ClientView {
  const row: ClientRow = {
    id: 'client1', poolId: pool.id, name: 'app', config: buildClientConfig(settings, pool, 'creating'),
    secretEnc: secret === undefined ? null : vault.seal(secret, secretContext('client1')), createdAt: 0, updatedAt: 0,
  };
  return new ClientView(row);
}

describe('ClientView', () => {
  it('reads lifetimes in seconds, with defaults', () => {
    const defaults = client({});
    assert.equal(defaults.accessTokenValiditySeconds, 3600);
    assert.equal(defaults.idTokenValiditySeconds, 3600);
    assert.equal(defaults.refreshTokenValiditySeconds, 30 * 86400);
    assert.equal(defaults.authSessionValidityMinutes, 3);
    const custom = client({ AccessTokenValidity: 2, IdTokenValidity: 15, TokenValidityUnits: { IdToken: 'minutes' }, RefreshTokenValidity: 7 });
    assert.equal(custom.accessTokenValiditySeconds, 7200);
    assert.equal(custom.idTokenValiditySeconds, 900);
    assert.equal(custom.refreshTokenValiditySeconds, 7 * 86400);
  });

  it('interprets ALLOW_ and legacy auth flow lists', () => {
    const defaults = client({});
    assert.equal(defaults.allowsAuthFlow('USER_SRP_AUTH'), true);
    assert.equal(defaults.allowsAuthFlow('USER_PASSWORD_AUTH'), false);
    assert.equal(defaults.allowsAuthFlow('REFRESH_TOKEN_AUTH'), true);
    const legacy = client({ ExplicitAuthFlows: ['ADMIN_NO_SRP_AUTH'] });
    assert.equal(legacy.allowsAuthFlow('ADMIN_USER_PASSWORD_AUTH'), true);
    assert.equal(legacy.allowsAuthFlow('USER_SRP_AUTH'), true);
    assert.equal(legacy.allowsAuthFlow('USER_PASSWORD_AUTH'), false);
    const customOnly = client({ ExplicitAuthFlows: ['CUSTOM_AUTH_FLOW_ONLY'] });
    assert.equal(customOnly.allowsAuthFlow('CUSTOM_AUTH'), true);
    assert.equal(customOnly.allowsAuthFlow('USER_SRP_AUTH'), false);
  });
});

describe('checkSecretHash', () => {
  const secret = 'abc123secret';
  const hash = (username: string) => createHmac('sha256', secret).update(`${username}client1`).digest('base64');

  it('accepts the right hash and refuses a missing or wrong one with Cognito messages', () => {
    const withSecret = client({}, secret);
    assert.equal(withSecret.secret(vault), secret);
    checkSecretHash(withSecret, vault, 'alice', hash('alice'));
    checkSecretHash(withSecret, vault, ['alice@example.com', 'alice'], hash('alice'));
    assert.throws(() => checkSecretHash(withSecret, vault, 'alice', undefined),
      { name: 'NotAuthorizedException', message: 'Client client1 is configured for secret but secret was not received' });
    assert.throws(() => checkSecretHash(withSecret, vault, 'bob', hash('alice')),
      { name: 'NotAuthorizedException', message: 'Unable to verify secret hash for client client1' });
    assert.throws(() => checkSecretHash(withSecret, vault, 'alice', 'short'), { name: 'NotAuthorizedException' });
  });

  it('needs no hash from a client without a secret', () => {
    checkSecretHash(client({}), vault, 'alice', undefined);
  });
});

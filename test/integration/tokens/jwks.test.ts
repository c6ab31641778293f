/**
 * The pool's tokens verify with aws-jwt-verify over the served JWKS, both with the default
 * issuer (JwtRsaVerifier) and with Cognito's (CognitoJwtVerifier); forged, expired and
 * wrong-audience tokens are rejected; discovery and JWKS are served per pool.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AdminAddUserToGroupCommand, AdminCreateUserCommand, CreateGroupCommand, CreateUserPoolClientCommand, CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { PoolView } from '../../../src/userPools/pools/pool-config.ts';
import { requireClient } from '../../../src/userPools/clients/client-view.ts';
import { issueTokens, rotateSigningKeys } from '../../../src/userPools/tokens/index.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

/** A JWKS cache whose fetcher maps the (https) URI aws-jwt-verify wants onto our http server. */
const jwksCacheFor = (from: string, to: string) => new SimpleJwksCache({
  fetcher: {
    fetch: async (uri: string) => {
      const res = await fetch(uri.replace(from, to));
      assert.equal(res.status, 200);
      return res.arrayBuffer();
    },
  },
});

async function setUp(server: TestServer) {
  const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'jwks' }));
  const poolId = UserPool!.Id!;
  await server.client.send(new AdminCreateUserCommand({
    UserPoolId: poolId, Username: 'jane', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'jane@example.com' }, { Name: 'email_verified', Value: 'true' }],
  }));
  await server.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Precedence: 1 }));
  await server.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Username: 'jane' }));
  const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' }));
  const { store } = server.services;
  const client = await requireClient(store, UserPoolClient!.ClientId!);
  const pool = new PoolView((await store.pools.get(poolId))!);
  const user = (await store.users.getByUsername(poolId, 'jane'))!;
  const issue = () => issueTokens(store, server.services, {
    pool, client, user, authTime: Math.floor(server.services.clock.now() / 1000), issueRefreshToken: true,
  });
  return { poolId, client, issue };
}

describe('JWKS and token verification with aws-jwt-verify', () => {
  let server: TestServer;
  let poolId: string;
  let client: Awaited<ReturnType<typeof setUp>>['client'];
  let issue: Awaited<ReturnType<typeof setUp>>['issue'];

  before(async () => {
    server = await startTestServer();
    ({ poolId, client, issue } = await setUp(server));
  });
  after(() => server.stop());

  it('serves the JWKS and the discovery document of a pool', async () => {
    const res = await fetch(`${server.url}/${poolId}/.well-known/jwks.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('cache-control') ?? '', /max-age=\d+/);
    const jwks = await res.json() as { keys: Record<string, string>[] };
    assert.equal(jwks.keys.length, 2);
    for (const k of jwks.keys) {
      assert.deepEqual(Object.keys(k), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
      assert.equal(k.alg, 'RS256');
      assert.equal(k.kty, 'RSA');
      assert.equal(k.use, 'sig');
      assert.equal(k.e, 'AQAB');
    }

    const discovery = await (await fetch(`${server.url}/${poolId}/.well-known/openid-configuration`)).json() as Record<string, unknown>;
    assert.equal(discovery.issuer, `${server.url}/${poolId}`);
    assert.equal(discovery.jwks_uri, `${server.url}/${poolId}/.well-known/jwks.json`);
    assert.equal(discovery.token_endpoint, `${server.url}/oauth2/token`);
    assert.deepEqual(discovery.id_token_signing_alg_values_supported, ['RS256']);
    assert.deepEqual(discovery.response_types_supported, ['code', 'token']);

    for (const path of ['us-east-1_nothere00/.well-known/jwks.json', 'us-east-1_nothere00/.well-known/openid-configuration']) {
      const missing = await fetch(`${server.url}/${path}`);
      assert.equal(missing.status, 404);
      assert.equal((await missing.json() as { error: string }).error, 'ResourceNotFoundException');
    }
  });

  it('issues tokens that JwtRsaVerifier accepts for the default issuer', async () => {
    const tokens = await issue();
    const issuer = `${server.url}/${poolId}`;
    // aws-jwt-verify fetches only over https: map its URI onto the test server's http one.
    const jwksUri = `https://alcove.test/${poolId}/.well-known/jwks.json`;
    const verifier = JwtRsaVerifier.create({ issuer, audience: client.id, jwksUri },
      { jwksCache: jwksCacheFor('https://alcove.test', server.url) });
    const id = await verifier.verify(tokens.IdToken!);
    assert.equal(id.token_use, 'id');
    assert.deepEqual(id['cognito:groups'], ['admins']);
    assert.equal(id.email_verified, true);

    const accessVerifier = JwtRsaVerifier.create({ issuer, audience: null, jwksUri, scope: 'aws.cognito.signin.user.admin' },
      { jwksCache: jwksCacheFor('https://alcove.test', server.url) });
    const access = await accessVerifier.verify(tokens.AccessToken!);
    assert.equal(access.client_id, client.id);

    await assert.rejects(verifier.verify(tokens.AccessToken!), /aud/i, 'access tokens carry no aud');
    const wrongAudience = JwtRsaVerifier.create({ issuer, audience: 'someotherclient', jwksUri },
      { jwksCache: jwksCacheFor('https://alcove.test', server.url) });
    await assert.rejects(wrongAudience.verify(tokens.IdToken!), /audience/i);
  });

  it('rejects a token signed with another key under a published kid', async () => {
    const tokens = await issue();
    const [header, payload] = tokens.IdToken!.split('.');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = `${header}.${payload}.${sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url')}`;
    const verifier = JwtRsaVerifier.create({ issuer: `${server.url}/${poolId}`, audience: client.id, jwksUri: `https://alcove.test/${poolId}/.well-known/jwks.json` },
      { jwksCache: jwksCacheFor('https://alcove.test', server.url) });
    await assert.rejects(verifier.verify(forged), /signature/i);
  });

  it('keeps tokens signed before a rotation verifiable', async () => {
    const before = await issue();
    await rotateSigningKeys(server.services, poolId);
    const afterRotation = await issue();
    assert.notEqual(before.IdToken!.split('.')[0], afterRotation.IdToken!.split('.')[0]);
    const verifier = JwtRsaVerifier.create({ issuer: `${server.url}/${poolId}`, audience: client.id, jwksUri: `https://alcove.test/${poolId}/.well-known/jwks.json` },
      { jwksCache: jwksCacheFor('https://alcove.test', server.url) });
    await verifier.verify(before.IdToken!);
    await verifier.verify(afterRotation.IdToken!);
  });
});

describe('Cognito-style issuer with CognitoJwtVerifier', () => {
  let server: TestServer;
  const clock = { t: Date.now(), now() { return this.t; } };

  before(async () => {
    server = await startTestServer({ issuerStyle: 'cognito' }, { clock });
  });
  after(() => server.stop());

  it('verifies ID and access tokens and rejects expired and wrong-client ones', async () => {
    const { poolId, client, issue } = await setUp(server);
    const cognitoBase = `https://cognito-idp.${server.settings.region}.amazonaws.com`;
    const jwksCache = jwksCacheFor(cognitoBase, server.url);
    const tokens = await issue();
    const idVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'id', clientId: client.id }, { jwksCache });
    const accessVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId: client.id }, { jwksCache });
    const id = await idVerifier.verify(tokens.IdToken!);
    assert.equal(id.iss, `${cognitoBase}/${poolId}`);
    assert.equal(id['cognito:username'], 'jane');
    const access = await accessVerifier.verify(tokens.AccessToken!);
    assert.equal(access.username, 'jane');
    await assert.rejects(idVerifier.verify(tokens.AccessToken!), /Token use not allowed/);

    const otherClient = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId: 'otherclient' }, { jwksCache });
    await assert.rejects(otherClient.verify(tokens.AccessToken!), /client/i);

    // Issued two hours ago with a one-hour lifetime.
    clock.t -= 2 * 3600_000;
    const stale = await issue();
    clock.t += 2 * 3600_000;
    await assert.rejects(accessVerifier.verify(stale.AccessToken!), /expired/i);
  });
});

/** The identity pool OpenID token's claims built without signing (GetCredentialsForIdentity's own STS) equal a signed token's. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { identityTokenClaims, mintIdentityToken, POOL_ARN_CLAIM, TAGS_CLAIM, verifyIdentityToken } from '../../../src/identityPools/tokens/openid-token.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.stop(); });

test('identityTokenClaims are the claims mintIdentityToken signs', async () => {
  const request = {
    poolId: 'us-east-1:00000000-0000-4000-8000-000000000001', identityId: 'us-east-1:00000000-0000-4000-8000-000000000002',
    amr: ['authenticated', 'cognito-idp.us-east-1.amazonaws.com/us-east-1_x'], principalTags: { team: 'blue' }, seconds: 600,
  };
  const claims = identityTokenClaims(server.services, request);
  const { token, claims: signed } = await mintIdentityToken(server.services, request);
  assert.deepEqual(claims, signed);
  assert.deepEqual(await verifyIdentityToken(server.services, token, request.poolId), claims);
  assert.equal(claims.sub, request.identityId);
  assert.equal(claims.aud, request.poolId);
  assert.equal(claims.exp - claims.iat, 600);
  assert.match(claims[POOL_ARN_CLAIM], /^arn:aws:cognito-identity:us-east-1:\d{12}:identitypool\/us-east-1:/);
  assert.deepEqual(claims[TAGS_CLAIM], { principal_tags: { team: ['blue'] } });
  assert.equal(TAGS_CLAIM in identityTokenClaims(server.services, { ...request, principalTags: {} }), false);
});

/**
 * REFRESH_TOKEN_AUTH / REFRESH_TOKEN, GetTokensFromRefreshToken (with and without rotation) and
 * RevokeToken through the SDK, including client secrets and flow gating.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminInitiateAuthCommand, GetTokensFromRefreshTokenCommand, InitiateAuthCommand, RevokeTokenCommand, UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { confirmedUser, PASSWORD, poolAndClient, secretHash } from '../../helpers/auth-flows.ts';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.stop(); });

async function signedIn(client: Parameters<typeof poolAndClient>[2] = {}, username = 'alice') {
  const created = await poolAndClient(server, {}, client);
  await confirmedUser(server, created.poolId, username);
  const hash: Record<string, string> = created.clientSecret ? { SECRET_HASH: secretHash(created.clientSecret, username, created.clientId) } : {};
  const out = await server.anonymousClient.send(new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH', ClientId: created.clientId, AuthParameters: { USERNAME: username, PASSWORD, ...hash },
  }));
  return { ...created, tokens: out.AuthenticationResult! };
}

const refreshAuth = (clientId: string, token: string, flow: 'REFRESH_TOKEN_AUTH' | 'REFRESH_TOKEN' = 'REFRESH_TOKEN_AUTH', extra: Record<string, string> = {}) =>
  server.anonymousClient.send(new InitiateAuthCommand({ AuthFlow: flow, ClientId: clientId, AuthParameters: { REFRESH_TOKEN: token, ...extra } }));

describe('REFRESH_TOKEN_AUTH', () => {
  it('returns new ID and access tokens without a new refresh token, under both flow names and through the admin API', async () => {
    const { poolId, clientId, tokens } = await signedIn();
    for (const flow of ['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN'] as const) {
      const out = await refreshAuth(clientId, tokens.RefreshToken!, flow);
      assert.deepEqual(out.ChallengeParameters, {});
      assert.ok(out.AuthenticationResult?.AccessToken && out.AuthenticationResult.IdToken);
      assert.equal(out.AuthenticationResult.RefreshToken, undefined);
    }
    const admin = await server.client.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
    }));
    assert.ok(admin.AuthenticationResult?.AccessToken);
    const bogus = await errorOf(() => refreshAuth(clientId, 'not-a-token'));
    assert.equal(bogus.name, 'NotAuthorizedException');
    assert.equal(bogus.message, 'Invalid Refresh Token');
  });

  it('is refused when the client does not enable it, or rotates refresh tokens', async () => {
    const { clientId, poolId, tokens } = await signedIn();
    await server.client.send(new UpdateUserPoolClientCommand({
      UserPoolId: poolId, ClientId: clientId, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
    }));
    const rotating = await errorOf(() => refreshAuth(clientId, tokens.RefreshToken!));
    assert.equal(rotating.name, 'InvalidParameterException');
  });

  it('checks SECRET_HASH over the internal username', async () => {
    const { clientId, clientSecret, tokens } = await signedIn({ GenerateSecret: true }, 'bob');
    const missing = await errorOf(() => refreshAuth(clientId, tokens.RefreshToken!));
    assert.equal(missing.message, `Client ${clientId} is configured for secret but secret was not received`);
    const wrong = await errorOf(() => refreshAuth(clientId, tokens.RefreshToken!, 'REFRESH_TOKEN_AUTH', { SECRET_HASH: secretHash(clientSecret!, 'eve', clientId) }));
    assert.equal(wrong.message, `Unable to verify secret hash for client ${clientId}`);
    const ok = await refreshAuth(clientId, tokens.RefreshToken!, 'REFRESH_TOKEN_AUTH', { SECRET_HASH: secretHash(clientSecret!, 'bob', clientId) });
    assert.ok(ok.AuthenticationResult?.AccessToken);
  });
});

describe('GetTokensFromRefreshToken', () => {
  const getTokens = (ClientId: string, RefreshToken: string, ClientSecret?: string) =>
    server.anonymousClient.send(new GetTokensFromRefreshTokenCommand({ ClientId, RefreshToken, ...(ClientSecret ? { ClientSecret } : {}) }));

  it('refreshes without rotation: no new refresh token', async () => {
    const { clientId, tokens } = await signedIn();
    const out = await getTokens(clientId, tokens.RefreshToken!);
    assert.ok(out.AuthenticationResult?.AccessToken);
    assert.equal(out.AuthenticationResult.RefreshToken, undefined);
  });

  it('rotates: a new refresh token each time; reuse after the grace period revokes the family', async () => {
    const { clientId, tokens } = await signedIn({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } });
    const first = await getTokens(clientId, tokens.RefreshToken!);
    const next = first.AuthenticationResult!.RefreshToken!;
    assert.ok(next && next !== tokens.RefreshToken);
    const second = (await getTokens(clientId, next)).AuthenticationResult!.RefreshToken!;
    const reused = await errorOf(() => getTokens(clientId, tokens.RefreshToken!));
    assert.equal(reused.name, 'RefreshTokenReuseException');
    // Someone holds a copy of a rotated-out token: every token of the family is revoked.
    const after = await errorOf(() => getTokens(clientId, second));
    assert.equal(after.message, 'Refresh Token has been revoked');
  });

  it('authenticates a confidential client with its raw ClientSecret', async () => {
    const { clientId, clientSecret, tokens } = await signedIn({ GenerateSecret: true });
    const missing = await errorOf(() => getTokens(clientId, tokens.RefreshToken!));
    assert.equal(missing.name, 'NotAuthorizedException');
    const wrong = await errorOf(() => getTokens(clientId, tokens.RefreshToken!, 'wrongsecret'));
    assert.equal(wrong.name, 'NotAuthorizedException');
    assert.ok((await getTokens(clientId, tokens.RefreshToken!, clientSecret)).AuthenticationResult?.AccessToken);
  });
});

describe('RevokeToken', () => {
  it('revokes the refresh token, so refreshing fails; access tokens are the wrong type', async () => {
    const { clientId, tokens } = await signedIn();
    const wrongType = await errorOf(() => server.anonymousClient.send(new RevokeTokenCommand({ ClientId: clientId, Token: tokens.AccessToken! })));
    assert.equal(wrongType.name, 'UnsupportedTokenTypeException');
    await server.anonymousClient.send(new RevokeTokenCommand({ ClientId: clientId, Token: tokens.RefreshToken! }));
    const refused = await errorOf(() => refreshAuth(clientId, tokens.RefreshToken!));
    assert.equal(refused.name, 'NotAuthorizedException');
    assert.equal(refused.message, 'Refresh Token has been revoked');
  });

  it('needs the ClientSecret of a confidential client', async () => {
    const { clientId, clientSecret, tokens } = await signedIn({ GenerateSecret: true });
    const missing = await errorOf(() => server.anonymousClient.send(new RevokeTokenCommand({ ClientId: clientId, Token: tokens.RefreshToken! })));
    assert.equal(missing.name, 'NotAuthorizedException');
    await server.anonymousClient.send(new RevokeTokenCommand({ ClientId: clientId, Token: tokens.RefreshToken!, ClientSecret: clientSecret }));
  });
});

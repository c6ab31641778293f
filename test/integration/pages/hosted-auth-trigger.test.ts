/**
 * Pre token generation on the authorization server's tokens: a V2_0 module trigger runs as
 * TokenGeneration_HostedAuth for /oauth2/token's authorization_code grant (the claim it adds is
 * what openid-client reads from the verified ID token) and for the implicit flow.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { UpdateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import * as oidc from 'openid-client';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { Browser, CALLBACK, authorizePath, createUser, setUpOAuthPool, signInByForm, type OAuthApp } from '../oauth/helpers.ts';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:hosted-auth-v2';
const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'hosted-auth.ts');
const payload = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('pre token generation on hosted sign-in (TokenGeneration_HostedAuth)', () => {
  let server: TestServer;
  let app: OAuthApp;
  before(async () => {
    server = await startTestServer({ functions: { [ARN]: { module: FIXTURE, handler: 'v2' } } });
    app = await setUpOAuthPool(server, 'hosted-auth');
    await server.client.send(new UpdateUserPoolCommand({
      UserPoolId: app.poolId, AutoVerifiedAttributes: ['email'],
      LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: ARN } },
    }));
    await createUser(server, app.poolId, 'hana');
  });
  after(async () => { await server?.stop(); });

  it('adds the trigger\'s claim to the code grant\'s tokens, as openid-client sees them', async () => {
    const config = await oidc.discovery(new URL(`${server.url}/${app.poolId}`), app.clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK, scope: 'openid email', state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const callback = await signInByForm(new Browser(server.url), `${url.pathname}${url.search}`, 'hana');
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, idTokenExpected: true });
    const claims = tokens.claims()!;
    assert.equal(claims.token_source, 'TokenGeneration_HostedAuth');
    assert.equal(claims.scopes_seen, 'openid email');
    assert.equal(payload(tokens.access_token).token_source, 'TokenGeneration_HostedAuth');
  });

  it('runs for the implicit flow\'s tokens too', async () => {
    const location = await signInByForm(new Browser(server.url), authorizePath(app.clientId, { response_type: 'token', scope: 'openid' }), 'hana');
    const fragment = new URLSearchParams(location.hash.slice(1));
    assert.equal(payload(fragment.get('id_token')!).token_source, 'TokenGeneration_HostedAuth');
    assert.equal(payload(fragment.get('access_token')!).token_source, 'TokenGeneration_HostedAuth');
  });
});

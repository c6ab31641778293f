/**
 * Passkeys end to end in Debian's chromium (playwright-core), with a virtual authenticator
 * added through the Chrome DevTools Protocol, on a page this test serves at
 * http://localhost:<port> (a secure context) that calls navigator.credentials with Alcove's
 * options: register (StartWebAuthnRegistration / CompleteWebAuthnRegistration), sign in with
 * USER_AUTH + WEB_AUTHN, list and delete; a replayed registration or assertion, another user's
 * passkey and a foreign origin get Cognito's errors.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  CompleteWebAuthnRegistrationCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, DeleteWebAuthnCredentialCommand,
  GetUserAuthFactorsCommand, GetUserPoolMfaConfigCommand, InitiateAuthCommand, ListWebAuthnCredentialsCommand,
  RespondToAuthChallengeCommand, SetUserPoolMfaConfigCommand, StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type Browser, type Page } from 'playwright-core';
import { chromiumSkip, launchChromium } from '../../helpers/browser.ts';
import { confirmedUser, PASSWORD } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

const skip = chromiumSkip;

let server: TestServer;
let site: Server;
let browser: Browser;
let page: Page;
let poolId: string;
let clientId: string;

const PAGE = `<!doctype html><meta charset="utf-8"><title>passkeys</title>
<script>
  async function register(options) {
    const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
    return credential.toJSON();
  }
  async function authenticate(options) {
    const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
    return credential.toJSON();
  }
</script>`;

before(async () => {
  if (skip) return;
  server = await startTestServer({}, { isolatedDatabase: true });
  site = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end(PAGE); });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`http://localhost:${(site.address() as AddressInfo).port}/`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });

  const { UserPool } = await server.client.send(new CreateUserPoolCommand({
    PoolName: 'passkeys', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
  }));
  poolId = UserPool!.Id!;
  await server.client.send(new SetUserPoolMfaConfigCommand({
    UserPoolId: poolId, MfaConfiguration: 'OFF', WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' },
  }));
  const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  clientId = UserPoolClient!.ClientId!;
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await new Promise<void>((resolve) => site.close(() => resolve()));
  await server.stop();
});

const userAuth = (parameters: Record<string, string>) => server.anonymousClient.send(new InitiateAuthCommand({
  AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: parameters,
}));
const answer = (username: string, session: string | undefined, credential: unknown) => server.anonymousClient.send(new RespondToAuthChallengeCommand({
  ClientId: clientId, ChallengeName: 'WEB_AUTHN', Session: session, ChallengeResponses: { USERNAME: username, CREDENTIAL: JSON.stringify(credential) },
}));

async function accessTokenOf(username: string): Promise<string> {
  const out = await userAuth({ USERNAME: username, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD });
  return out.AuthenticationResult!.AccessToken!;
}

async function registerPasskey(accessToken: string): Promise<Record<string, unknown>> {
  const { CredentialCreationOptions } = await server.anonymousClient.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
  const credential = await page.evaluate((o) => (globalThis as unknown as { register(o: unknown): Promise<Record<string, unknown>> }).register(o), CredentialCreationOptions as unknown);
  await server.anonymousClient.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: credential as never }));
  return credential;
}

const authenticate = (options: unknown) =>
  page.evaluate((o) => (globalThis as unknown as { authenticate(o: unknown): Promise<Record<string, unknown>> }).authenticate(o), options);

describe('passkeys in chromium', { skip }, () => {
  it('registers a passkey, signs in with it (USER_AUTH + WEB_AUTHN), lists and deletes it', async () => {
    const config = await server.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    assert.deepEqual(config.WebAuthnConfiguration, { RelyingPartyId: 'localhost', UserVerification: 'required' });
    await confirmedUser(server, poolId, 'alice', [{ Name: 'email', Value: 'alice@example.com' }]);
    const accessToken = await accessTokenOf('alice');
    const { CredentialCreationOptions } = await server.anonymousClient.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
    const options = CredentialCreationOptions as { rp: { id: string; name: string }; user: { name: string }; challenge: string; authenticatorSelection: Record<string, unknown> };
    assert.deepEqual(options.rp, { id: 'localhost', name: 'passkeys' });
    assert.equal(options.user.name, 'alice');
    assert.equal(options.authenticatorSelection.userVerification, 'required');
    const created = await page.evaluate((o) => (globalThis as unknown as { register(o: unknown): Promise<Record<string, unknown>> }).register(o), CredentialCreationOptions as unknown);
    await server.anonymousClient.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: created as never }));
    // The challenge was spent: the same registration again is refused.
    const replayed = await errorOf(() => server.anonymousClient.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: created as never })));
    assert.equal(replayed.name, 'WebAuthnChallengeNotFoundException');

    const listed = await server.anonymousClient.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }));
    assert.equal(listed.Credentials?.length, 1);
    const [passkey] = listed.Credentials!;
    assert.equal(passkey!.CredentialId, created.id);
    assert.equal(passkey!.RelyingPartyId, 'localhost');
    assert.deepEqual(passkey!.AuthenticatorTransports, ['internal']);
    assert.equal(passkey!.AuthenticatorAttachment, 'platform');
    assert.ok(passkey!.CreatedAt instanceof Date);
    const factors = await server.anonymousClient.send(new GetUserAuthFactorsCommand({ AccessToken: accessToken }));
    assert.deepEqual(factors.ConfiguredUserAuthFactors, ['PASSWORD', 'WEB_AUTHN']);

    const select = await userAuth({ USERNAME: 'alice' });
    assert.deepEqual(select.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'WEB_AUTHN']);
    for (let round = 0; round < 2; round++) {
      const challenge = await userAuth({ USERNAME: 'alice', PREFERRED_CHALLENGE: 'WEB_AUTHN' });
      assert.equal(challenge.ChallengeName, 'WEB_AUTHN');
      const requestOptions = JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as { rpId: string; allowCredentials: { id: string }[]; userVerification: string };
      assert.equal(requestOptions.rpId, 'localhost');
      assert.deepEqual(requestOptions.allowCredentials.map((c) => c.id), [created.id]);
      assert.equal(requestOptions.userVerification, 'required');
      const assertion = await authenticate(requestOptions);
      const done = await answer('alice', challenge.Session, assertion);
      assert.ok(done.AuthenticationResult?.AccessToken, `round ${round}`);
      // The same assertion again, on its spent session, or on a new session (another challenge): refused.
      const replay = await errorOf(() => answer('alice', challenge.Session, assertion));
      assert.equal(replay.name, 'NotAuthorizedException');
      const fresh = await userAuth({ USERNAME: 'alice', PREFERRED_CHALLENGE: 'WEB_AUTHN' });
      const elsewhere = await errorOf(() => answer('alice', fresh.Session, assertion));
      assert.equal(elsewhere.name, 'NotAuthorizedException');
    }

    // Through SELECT_CHALLENGE.
    const chosen = await server.anonymousClient.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'SELECT_CHALLENGE', Session: select.Session, ChallengeResponses: { USERNAME: 'alice', ANSWER: 'WEB_AUTHN' },
    }));
    assert.equal(chosen.ChallengeName, 'WEB_AUTHN');
    const viaSelect = await answer('alice', chosen.Session, await authenticate(JSON.parse(chosen.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!)));
    assert.ok(viaSelect.AuthenticationResult?.IdToken);

    await server.anonymousClient.send(new DeleteWebAuthnCredentialCommand({ AccessToken: accessToken, CredentialId: created.id as string }));
    const empty = await server.anonymousClient.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }));
    assert.deepEqual(empty.Credentials, []);
    const gone = await errorOf(() => server.anonymousClient.send(new DeleteWebAuthnCredentialCommand({ AccessToken: accessToken, CredentialId: created.id as string })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.deepEqual((await userAuth({ USERNAME: 'alice' })).AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
  });

  it('refuses another user\'s passkey, a foreign origin and a tampered assertion, never with a 500', async () => {
    await confirmedUser(server, poolId, 'bob');
    await confirmedUser(server, poolId, 'carol');
    const bobs = await registerPasskey(await accessTokenOf('bob'));
    await registerPasskey(await accessTokenOf('carol'));

    const challenge = await userAuth({ USERNAME: 'carol', PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    const options = JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as { allowCredentials: { id: string; type: string }[] };
    // Bob's passkey signs Carol's challenge.
    const foreign = await authenticate({ ...options, allowCredentials: [{ id: bobs.id, type: 'public-key' }] });
    const refused = await errorOf(() => answer('carol', challenge.Session, foreign));
    assert.equal(refused.name, 'NotAuthorizedException');
    assert.equal(refused.$metadata?.httpStatusCode, 400);

    const own = await authenticate(options) as { response: { clientDataJSON: string; signature: string } } & Record<string, unknown>;
    const clientData = JSON.parse(Buffer.from(own.response.clientDataJSON, 'base64url').toString('utf8')) as Record<string, unknown>;
    const moved = { ...own, response: { ...own.response, clientDataJSON: Buffer.from(JSON.stringify({ ...clientData, origin: 'https://evil.example' })).toString('base64url') } };
    assert.equal((await errorOf(() => answer('carol', challenge.Session, moved))).name, 'NotAuthorizedException');
    const forged = { ...own, response: { ...own.response, signature: Buffer.alloc(70, 1).toString('base64url') } };
    assert.equal((await errorOf(() => answer('carol', challenge.Session, forged))).name, 'NotAuthorizedException');
    const garbage = await errorOf(() => server.anonymousClient.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'WEB_AUTHN', Session: challenge.Session, ChallengeResponses: { USERNAME: 'carol', CREDENTIAL: '{not json' },
    })));
    assert.equal(garbage.name, 'InvalidParameterException');
    // The session survived the refusals: the right assertion still signs in.
    assert.ok((await answer('carol', challenge.Session, own)).AuthenticationResult?.AccessToken);
  });

  it('needs WEB_AUTHN among the pool\'s first factors', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'no-passkeys' }));
    const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: UserPool!.Id!, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }));
    await confirmedUser(server, UserPool!.Id!, 'dan');
    const out = await server.anonymousClient.send(new InitiateAuthCommand({
      AuthFlow: 'USER_AUTH', ClientId: UserPoolClient!.ClientId!, AuthParameters: { USERNAME: 'dan', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD },
    }));
    const refused = await errorOf(() => server.anonymousClient.send(new StartWebAuthnRegistrationCommand({ AccessToken: out.AuthenticationResult!.AccessToken! })));
    assert.equal(refused.name, 'WebAuthnNotEnabledException');
  });
});

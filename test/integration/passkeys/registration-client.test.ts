/**
 * Passkey registration bound to its app client: CompleteWebAuthnRegistration with an access
 * token of another app client than the one StartWebAuthnRegistration's token was issued to is
 * WebAuthnClientMismatchException (as the SDK documents it), and the registration can still be
 * completed from the right client. A software authenticator (no browser).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CompleteWebAuthnRegistrationCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand, ListWebAuthnCredentialsCommand,
  SetUserPoolMfaConfigCommand, StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, PASSWORD } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { softAuthenticator } from '../../helpers/soft-authenticator.ts';

let server: TestServer;
before(async () => { server = await startTestServer({}, { isolatedDatabase: true }); });
after(async () => { await server.stop(); });

describe('CompleteWebAuthnRegistration and the app client', () => {
  it('refuses a completion with another client\'s access token (WebAuthnClientMismatchException), accepts the starting client\'s', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({
      PoolName: 'passkey-clients', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
    }));
    const poolId = UserPool!.Id!;
    await server.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF', WebAuthnConfiguration: { RelyingPartyId: 'localhost' } }));
    const client = async (name: string) => (await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: name, ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }))).UserPoolClient!.ClientId!;
    const [web, mobile] = [await client('web'), await client('mobile')];
    await confirmedUser(server, poolId, 'kim');
    const tokenFrom = async (clientId: string) => (await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'kim', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD },
    }))).AuthenticationResult!.AccessToken!;
    const [webToken, mobileToken] = [await tokenFrom(web), await tokenFrom(mobile)];

    const authenticator = softAuthenticator('http://localhost:3000');
    const { CredentialCreationOptions } = await server.anonymousClient.send(new StartWebAuthnRegistrationCommand({ AccessToken: webToken }));
    const credential = authenticator.register(CredentialCreationOptions as never);
    const mismatch = await errorOf(() => server.anonymousClient.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: mobileToken, Credential: credential as never })));
    assert.equal(mismatch.name, 'WebAuthnClientMismatchException');
    await server.anonymousClient.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: webToken, Credential: credential as never }));
    const listed = await server.anonymousClient.send(new ListWebAuthnCredentialsCommand({ AccessToken: webToken }));
    assert.equal(listed.Credentials?.length, 1);
  });
});

/**
 * Passkeys as MFA: in a pool whose MFA is ON, WEB_AUTHN is a first factor only where a passkey
 * counts as MFA (WebAuthnConfiguration FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION,
 * UserVerification required) for users who turned WebAuthnMfaSettings on; their passkey sign-in
 * then ends with tokens, no MFA step. A software authenticator (no browser), the AWS SDK.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminSetUserMFAPreferenceCommand, CompleteWebAuthnRegistrationCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand,
  RespondToAuthChallengeCommand, SetUserMFAPreferenceCommand, SetUserPoolMfaConfigCommand, StartWebAuthnRegistrationCommand,
  type UserVerificationType, type WebAuthnFactorConfigurationType,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, PASSWORD } from '../../helpers/auth-flows.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { softAuthenticator } from '../../helpers/soft-authenticator.ts';

let server: TestServer;
before(async () => { server = await startTestServer({}, { isolatedDatabase: true }); });
after(async () => { await server.stop(); });

type Options = { challenge: string; rpId: string };

describe('passkeys as MFA (FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION)', () => {
  it('offers WEB_AUTHN in an MFA-ON pool only to users with passkey MFA on, and their passkey sign-in skips the MFA step', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({
      PoolName: 'passkey-mfa', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
    }));
    const poolId = UserPool!.Id!;
    const mfa = (MfaConfiguration: 'ON' | 'OFF', UserVerification: UserVerificationType = 'required',
      FactorConfiguration: WebAuthnFactorConfigurationType = 'MULTI_FACTOR_WITH_USER_VERIFICATION') =>
      server.client.send(new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId, MfaConfiguration, ...(MfaConfiguration === 'ON' ? { SoftwareTokenMfaConfiguration: { Enabled: true } } : {}),
        WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification, FactorConfiguration },
      }));
    await mfa('OFF');
    const clientId = (await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }))).UserPoolClient!.ClientId!;
    const userAuth = (parameters: Record<string, string>) => server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'ana', ...parameters },
    }));
    const answer = (session: string | undefined, credential: unknown) => server.anonymousClient.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'WEB_AUTHN', Session: session, ChallengeResponses: { USERNAME: 'ana', CREDENTIAL: JSON.stringify(credential) },
    }));

    // A passkey registered while MFA is off.
    await confirmedUser(server, poolId, 'ana');
    const accessToken = (await userAuth({ PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })).AuthenticationResult!.AccessToken!;
    const authenticator = softAuthenticator('http://localhost:3000');
    const { CredentialCreationOptions } = await server.anonymousClient.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
    await server.anonymousClient.send(new CompleteWebAuthnRegistrationCommand({
      AccessToken: accessToken, Credential: authenticator.register(CredentialCreationOptions as never) as never,
    }));

    await mfa('ON');
    // Passkey MFA not turned on by the user: only the password.
    assert.deepEqual((await userAuth({})).AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);

    await server.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'ana', WebAuthnMfaSettings: { Enabled: true } }));
    assert.deepEqual((await userAuth({})).AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'WEB_AUTHN']);
    const challenge = await userAuth({ PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    assert.equal(challenge.ChallengeName, 'WEB_AUTHN');
    const options = JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as Options & { userVerification: string };
    assert.equal(options.userVerification, 'required');
    const signedIn = await answer(challenge.Session, authenticator.assert(options));
    assert.equal(signedIn.ChallengeName, undefined);
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
    // The password still leads to the MFA step (here its set-up: the user has no TOTP yet).
    assert.equal((await userAuth({ PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })).ChallengeName, 'MFA_SETUP');

    // The pool's setting decides too: user verification only preferred, or passkeys a single factor.
    await mfa('ON', 'preferred');
    assert.deepEqual((await userAuth({})).AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
    await mfa('ON', 'required', 'SINGLE_FACTOR');
    assert.deepEqual((await userAuth({})).AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
    await mfa('ON');

    // A challenge issued while passkey MFA was on, answered after the user turned it off: the MFA step follows.
    const pending = await userAuth({ PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    await server.anonymousClient.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, WebAuthnMfaSettings: { Enabled: false } }));
    assert.deepEqual((await userAuth({})).AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
    const late = await answer(pending.Session, authenticator.assert(JSON.parse(pending.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as Options));
    assert.equal(late.AuthenticationResult, undefined);
    assert.equal(late.ChallengeName, 'MFA_SETUP');
  });
});

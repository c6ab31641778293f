/**
 * The sign-in triggers on the flows beyond passwords: PreAuthentication and PostAuthentication on
 * CUSTOM_AUTH (plain, and with SRP_A: PreAuthentication once) and on USER_AUTH's passwordless
 * first factors (an emailed code, a passkey), a PreAuthentication refusal stopping the sign-in before any
 * challenge is made; and the tokens of a remembered device's sign-in (DEVICE_SRP_AUTH) built as
 * `TokenGeneration_AuthenticateDevice`, seen through amazon-cognito-identity-js.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CompleteWebAuthnRegistrationCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand, RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand, StartWebAuthnRegistrationCommand, type LambdaConfigType,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { confirmedUser, PASSWORD, srpClient } from '../../helpers/auth-flows.ts';
import { startSinks, type Sinks } from '../../helpers/message-sinks.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { MemoryStorage } from '../../helpers/user-session.ts';
import { softAuthenticator } from '../../helpers/soft-authenticator.ts';
import { arn, FIXTURES, moduleFunction, TriggerEvents } from './events.ts';

const mailbox = mkdtempSync(path.join(tmpdir(), 'alcove-sources-'));
process.env.ALCOVE_TEST_MAILBOX = mailbox;
const SCHEMA = [{ Name: 'blocked', AttributeDataType: 'String' as const, Mutable: true }];
const LIFECYCLE: LambdaConfigType = { PreAuthentication: arn('src-pre-auth'), PostAuthentication: arn('src-post-auth') };
const custom = (name: string) => ({ module: path.join(FIXTURES, 'custom-auth', 'passwordless.mjs'), handler: name });

let server: TestServer;
let sinks: Sinks;
const events = new TriggerEvents();
before(async () => {
  sinks = await startSinks();
  server = await startTestServer({
    ...sinks.settings,
    functions: {
      [arn('src-pre-auth')]: moduleFunction('lifecycle.ts', 'preAuthentication'),
      [arn('src-post-auth')]: moduleFunction('lifecycle.ts', 'postAuthentication'),
      [arn('src-define')]: custom('define'),
      [arn('src-create')]: custom('create'),
      [arn('src-verify')]: custom('verify'),
      [arn('src-srp-define')]: { module: path.join(FIXTURES, 'custom-auth', 'with-srp.mjs'), handler: 'define' },
      [arn('src-srp-create')]: { module: path.join(FIXTURES, 'custom-auth', 'with-srp.mjs'), handler: 'create' },
      [arn('src-srp-verify')]: { module: path.join(FIXTURES, 'custom-auth', 'with-srp.mjs'), handler: 'verify' },
      [arn('src-v3')]: moduleFunction('tokens.ts', 'v3'),
    },
  }, { isolatedDatabase: true });
});
after(async () => {
  events.close();
  await server.stop();
  await sinks.close();
  rmSync(mailbox, { recursive: true, force: true });
});

let n = 0;
async function pool(LambdaConfig: LambdaConfigType, flows: string[], extra: Record<string, unknown> = {}) {
  const { UserPool } = await server.client.send(new CreateUserPoolCommand({
    PoolName: `sources-${++n}`, LambdaConfig, Schema: SCHEMA,
    Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } }, ...extra,
  }));
  const poolId = UserPool!.Id!;
  const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: [...flows, 'ALLOW_REFRESH_TOKEN_AUTH'] as never,
  }));
  return { poolId, clientId: UserPoolClient!.ClientId! };
}

const withEmail = (name: string, blocked = false) => [
  { Name: 'email', Value: `${name}-${n}@example.com` }, { Name: 'email_verified', Value: 'true' },
  ...(blocked ? [{ Name: 'custom:blocked', Value: 'yes' }] : []),
];
const initiate = (clientId: string, AuthFlow: 'CUSTOM_AUTH' | 'USER_AUTH', AuthParameters: Record<string, string>) =>
  server.anonymousClient.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow, AuthParameters }));
const respond = (clientId: string, ChallengeName: 'CUSTOM_CHALLENGE' | 'EMAIL_OTP' | 'PASSWORD_VERIFIER', Session: string | undefined, ChallengeResponses: Record<string, string>) =>
  server.anonymousClient.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName, Session, ChallengeResponses }));
const mailedCode = (email: string): string => {
  const file = path.join(mailbox, email);
  assert.ok(existsSync(file), `no message to ${email}`);
  return readFileSync(file, 'utf8').trim().split('\n').at(-1)!;
};

describe('PreAuthentication and PostAuthentication beyond passwords', () => {
  it('CUSTOM_AUTH: PreAuthentication before Define, PostAuthentication before the tokens; a refusal stops it before any challenge', async () => {
    const { poolId, clientId } = await pool({
      ...LIFECYCLE, DefineAuthChallenge: arn('src-define'), CreateAuthChallenge: arn('src-create'), VerifyAuthChallengeResponse: arn('src-verify'),
    }, ['ALLOW_CUSTOM_AUTH']);
    await confirmedUser(server, poolId, 'ann', withEmail('ann'));
    const challenge = await initiate(clientId, 'CUSTOM_AUTH', { USERNAME: 'ann' });
    const pre = await events.next('preAuthentication');
    assert.equal(pre['triggerSource'], 'PreAuthentication_Authentication');
    assert.equal(pre['userName'], 'ann');
    assert.equal(challenge.ChallengeName, 'CUSTOM_CHALLENGE');
    // Create's publicChallengeParameters reach the client, with USERNAME.
    assert.deepEqual(challenge.ChallengeParameters, { email: `ann-${n}@example.com`, USERNAME: 'ann' });
    const done = await respond(clientId, 'CUSTOM_CHALLENGE', challenge.Session, { USERNAME: 'ann', ANSWER: mailedCode(`ann-${n}@example.com`) });
    assert.ok(done.AuthenticationResult?.AccessToken);
    assert.equal((await events.next('postAuthentication'))['userName'], 'ann');

    await confirmedUser(server, poolId, 'bad', withEmail('bad', true));
    const refused = await errorOf(() => initiate(clientId, 'CUSTOM_AUTH', { USERNAME: 'bad' }));
    assert.equal(refused.name, 'UserLambdaValidationException');
    assert.equal(refused.message, 'PreAuthentication failed with error This account is blocked..');
    assert.equal(existsSync(path.join(mailbox, `bad-${n}@example.com`)), false, 'Create never ran');
  });

  it('CUSTOM_AUTH with SRP_A: PreAuthentication runs once', async () => {
    const { poolId, clientId } = await pool({
      ...LIFECYCLE, DefineAuthChallenge: arn('src-srp-define'), CreateAuthChallenge: arn('src-srp-create'), VerifyAuthChallengeResponse: arn('src-srp-verify'),
    }, ['ALLOW_CUSTOM_AUTH']);
    await confirmedUser(server, poolId, 'cy', withEmail('cy'));
    events.clear();
    const srp = srpClient(poolId);
    const verifier = await initiate(clientId, 'CUSTOM_AUTH', { USERNAME: 'cy', CHALLENGE_NAME: 'SRP_A', SRP_A: srp.srpA });
    assert.equal(verifier.ChallengeName, 'PASSWORD_VERIFIER');
    await events.next('preAuthentication');
    await assert.rejects(events.next('preAuthentication'), /no preAuthentication/);
  });

  it('USER_AUTH with an emailed code: PreAuthentication before the code is sent, PostAuthentication after the answer', async () => {
    const { poolId, clientId } = await pool(LIFECYCLE, ['ALLOW_USER_AUTH']);
    await confirmedUser(server, poolId, 'dee', withEmail('dee'));
    const challenge = await initiate(clientId, 'USER_AUTH', { USERNAME: 'dee', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    assert.equal(challenge.ChallengeName, 'EMAIL_OTP');
    assert.equal((await events.next('preAuthentication'))['userName'], 'dee');
    const code = await sinks.codeFor(`dee-${n}@example.com`);
    const done = await respond(clientId, 'EMAIL_OTP', challenge.Session, { USERNAME: 'dee', EMAIL_OTP_CODE: code });
    assert.ok(done.AuthenticationResult?.AccessToken);
    assert.equal((await events.next('postAuthentication'))['userName'], 'dee');

    await confirmedUser(server, poolId, 'eli', withEmail('eli', true));
    const refused = await errorOf(() => initiate(clientId, 'USER_AUTH', { USERNAME: 'eli', PREFERRED_CHALLENGE: 'EMAIL_OTP' }));
    assert.equal(refused.name, 'UserLambdaValidationException');
    assert.equal(sinks.countFor(`eli-${n}@example.com`), 0, 'no code was sent');
  });
});

describe('PreAuthentication and PostAuthentication on a passkey sign-in', () => {
  it('USER_AUTH with WEB_AUTHN: PreAuthentication before the request options, PostAuthentication after the assertion', async () => {
    const { poolId, clientId } = await pool(LIFECYCLE, ['ALLOW_USER_AUTH'], {
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
    });
    await server.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF', WebAuthnConfiguration: { RelyingPartyId: 'localhost' } }));
    await confirmedUser(server, poolId, 'gus');
    const signedIn = await initiate(clientId, 'USER_AUTH', { USERNAME: 'gus', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD });
    const AccessToken = signedIn.AuthenticationResult!.AccessToken!;
    const authenticator = softAuthenticator('http://localhost:3000');
    const { CredentialCreationOptions } = await server.anonymousClient.send(new StartWebAuthnRegistrationCommand({ AccessToken }));
    await server.anonymousClient.send(new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: authenticator.register(CredentialCreationOptions as never) as never }));
    await events.next('preAuthentication');
    await events.next('postAuthentication');

    const challenge = await initiate(clientId, 'USER_AUTH', { USERNAME: 'gus', PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    assert.equal(challenge.ChallengeName, 'WEB_AUTHN');
    assert.equal((await events.next('preAuthentication'))['userName'], 'gus');
    const CREDENTIAL = JSON.stringify(authenticator.assert(JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!)));
    const done = await server.anonymousClient.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'WEB_AUTHN', Session: challenge.Session, ChallengeResponses: { USERNAME: 'gus', CREDENTIAL },
    }));
    assert.ok(done.AuthenticationResult?.AccessToken);
    assert.equal((await events.next('postAuthentication'))['userName'], 'gus');
  });
});

describe('TokenGeneration_AuthenticateDevice', () => {
  const claims = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
  const signIn = (userPool: CognitoUserPool, storage: MemoryStorage) => new Promise<CognitoUserSession>((resolve, reject) => {
    const user = new CognitoUser({ Username: 'fay', Pool: userPool, Storage: storage });
    user.authenticateUser(new AuthenticationDetails({ Username: 'fay', Password: PASSWORD }), { onSuccess: resolve, onFailure: reject });
  });

  it('a remembered device\'s sign-in (DEVICE_SRP_AUTH) has its tokens generated as TokenGeneration_AuthenticateDevice', async () => {
    const { poolId, clientId } = await pool({ PreTokenGenerationConfig: { LambdaVersion: 'V3_0', LambdaArn: arn('src-v3') } }, ['ALLOW_USER_SRP_AUTH'], {
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
    });
    await confirmedUser(server, poolId, 'fay');
    const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: server.url });
    const laptop = new MemoryStorage();
    const first = await signIn(userPool, laptop);
    assert.equal(claims(first.getIdToken().getJwtToken())['source'], 'TokenGeneration_Authentication');
    assert.ok(laptop.getItem(`CognitoIdentityServiceProvider.${clientId}.fay.deviceKey`), 'identity-js confirmed the device');
    const again = await signIn(userPool, laptop);
    assert.equal(claims(again.getIdToken().getJwtToken())['source'], 'TokenGeneration_AuthenticateDevice');
    assert.equal(claims(again.getAccessToken().getJwtToken())['source'], 'TokenGeneration_AuthenticateDevice');
  });
});

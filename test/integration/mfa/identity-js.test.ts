/**
 * MFA through amazon-cognito-identity-js, as an app uses it: TOTP set-up when signed in
 * (associateSoftwareToken / verifySoftwareToken / setUserMfaPreference) and during sign-in
 * (mfaSetup), sign-in with totpRequired → sendMFACode(…, 'SOFTWARE_TOKEN_MFA'), SMS MFA with
 * the code read from the SMS webhook (mfaRequired → sendMFACode), enableMFA (SetUserSettings),
 * and selectMFAType → sendMFASelectionAnswer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateUserPoolClientCommand, CreateUserPoolCommand, SetUserPoolMfaConfigCommand, type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { confirmedUser, PASSWORD, testClock } from '../../helpers/auth-flows.ts';
import { serverWithSinks, type Sinks, SMS } from '../../helpers/message-sinks.ts';
import { type TestServer } from '../../helpers/server.ts';
import { MemoryStorage } from '../../helpers/user-session.ts';
import { totpCode } from '../../../src/userPools/mfa/totp.ts';

const clock = testClock();
let server: TestServer;
let sinks: Sinks;
serverWithSinks(clock, (started) => ({ server, sinks } = started));

const STEP = 30_000;

async function pool(mode: 'ON' | 'OPTIONAL', factors: { sms?: boolean; totp?: boolean }) {
  const created = await server.client.send(new CreateUserPoolCommand({ PoolName: 'identity-js-mfa', SmsConfiguration: SMS }));
  const poolId = created.UserPool!.Id!;
  await server.client.send(new SetUserPoolMfaConfigCommand({
    UserPoolId: poolId, MfaConfiguration: mode,
    ...(factors.sms ? { SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your code is {####}', SmsConfiguration: SMS } } : {}),
    ...(factors.totp ? { SoftwareTokenMfaConfiguration: { Enabled: true } } : {}),
  }));
  const client = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  return new CognitoUserPool({ UserPoolId: poolId, ClientId: client.UserPoolClient!.ClientId!, endpoint: server.url, Storage: new MemoryStorage() });
}

type Outcome =
  | { kind: 'success'; session: CognitoUserSession }
  | { kind: 'mfaRequired' | 'totpRequired' | 'mfaSetup' | 'selectMFAType'; name: string; parameters: Record<string, string> };

/** The callbacks identity-js calls, as a promise of the one it called. */
function callbacks(resolve: (o: Outcome) => void, reject: (e: Error) => void) {
  return {
    onSuccess: (session: CognitoUserSession) => resolve({ kind: 'success', session }),
    onFailure: reject,
    mfaRequired: (name: string, parameters: Record<string, string>) => resolve({ kind: 'mfaRequired', name, parameters }),
    totpRequired: (name: string, parameters: Record<string, string>) => resolve({ kind: 'totpRequired', name, parameters }),
    mfaSetup: (name: string, parameters: Record<string, string>) => resolve({ kind: 'mfaSetup', name, parameters }),
    selectMFAType: (name: string, parameters: Record<string, string>) => resolve({ kind: 'selectMFAType', name, parameters }),
  };
}

function signIn(userPool: CognitoUserPool, username: string): { user: CognitoUser; outcome: Promise<Outcome> } {
  const user = new CognitoUser({ Username: username, Pool: userPool, Storage: new MemoryStorage() });
  const outcome = new Promise<Outcome>((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), callbacks(resolve, reject)));
  return { user, outcome };
}

const sendCode = (user: CognitoUser, code: string, type?: string) =>
  new Promise<Outcome>((resolve, reject) => user.sendMFACode(code, callbacks(resolve, reject), type));

const node = <T>(fn: (cb: (err: Error | undefined | null, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));

async function user(userPool: CognitoUserPool, username: string, attributes: AttributeType[] = []) {
  await confirmedUser(server, userPool.getUserPoolId(), username, attributes);
}

describe('amazon-cognito-identity-js MFA', () => {
  it('sets up TOTP when signed in, then signs in with totpRequired → sendMFACode', async () => {
    const userPool = await pool('OPTIONAL', { totp: true });
    await user(userPool, 'alice');
    const first = signIn(userPool, 'alice');
    assert.equal((await first.outcome).kind, 'success');
    const secret = await new Promise<string>((resolve, reject) => first.user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
    await new Promise((resolve, reject) => first.user.verifySoftwareToken(totpCode(secret, clock.now()), 'phone', { onSuccess: resolve, onFailure: reject }));
    await node((cb) => first.user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, cb));
    clock.advance(STEP);

    const again = signIn(userPool, 'alice');
    const challenge = await again.outcome;
    assert.equal(challenge.kind, 'totpRequired');
    const wrong = await sendCode(again.user, totpCode(secret, clock.now() + 4 * STEP), 'SOFTWARE_TOKEN_MFA').catch((e: Error) => e);
    assert.equal((wrong as Error).name, 'CodeMismatchException');
    const done = await sendCode(again.user, totpCode(secret, clock.now()), 'SOFTWARE_TOKEN_MFA');
    assert.equal(done.kind, 'success');
  });

  it('sets up TOTP during sign-in when the pool requires MFA (mfaSetup)', async () => {
    const userPool = await pool('ON', { totp: true });
    await user(userPool, 'bob');
    const { user: bob, outcome } = signIn(userPool, 'bob');
    const setup = await outcome;
    assert.equal(setup.kind, 'mfaSetup');
    assert.equal(setup.kind === 'mfaSetup' && setup.parameters.MFAS_CAN_SETUP, '["SOFTWARE_TOKEN_MFA"]');
    const secret = await new Promise<string>((resolve, reject) => bob.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      bob.verifySoftwareToken(totpCode(secret, clock.now()), 'laptop', { onSuccess: resolve, onFailure: reject }));
    assert.ok(session.getAccessToken().getJwtToken());
    clock.advance(STEP);
    const next = signIn(userPool, 'bob');
    assert.equal((await next.outcome).kind, 'totpRequired');
    assert.equal((await sendCode(next.user, totpCode(secret, clock.now()), 'SOFTWARE_TOKEN_MFA')).kind, 'success');
  });

  it('asks for the SMS code sent to the webhook (mfaRequired → sendMFACode)', async () => {
    const userPool = await pool('ON', { sms: true });
    await user(userPool, 'carol', [{ Name: 'phone_number', Value: '+15555550101' }]);
    const { user: carol, outcome } = signIn(userPool, 'carol');
    const challenge = await outcome;
    assert.equal(challenge.kind, 'mfaRequired');
    assert.deepEqual(challenge.kind === 'mfaRequired' && challenge.parameters, {
      CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0101',
    });
    const code = await sinks.codeFor('+15555550101');
    assert.match(sinks.texts.at(-1)!.message, /^Your code is \d{6}$/);
    const wrong = await sendCode(carol, code === '000000' ? '111111' : '000000').catch((e: Error) => e);
    assert.equal((wrong as Error).name, 'CodeMismatchException');
    assert.equal((await sendCode(carol, code)).kind, 'success');
  });

  it('lets the user choose when SMS and TOTP are both on (selectMFAType), SMS turned on with enableMFA', async () => {
    const userPool = await pool('OPTIONAL', { sms: true, totp: true });
    await user(userPool, 'dave', [{ Name: 'phone_number', Value: '+15555550102' }]);
    const first = signIn(userPool, 'dave');
    assert.equal((await first.outcome).kind, 'success');
    const secret = await new Promise<string>((resolve, reject) => first.user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
    await new Promise((resolve, reject) => first.user.verifySoftwareToken(totpCode(secret, clock.now()), 'phone', { onSuccess: resolve, onFailure: reject }));
    await node((cb) => first.user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: false }, cb));
    await node((cb) => first.user.enableMFA(cb));
    const data = await node<{ UserMFASettingList?: string[]; PreferredMfaSetting?: string; MFAOptions?: unknown[] }>((cb) =>
      first.user.getUserData(cb as never, { bypassCache: true }));
    assert.deepEqual(data.UserMFASettingList, ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    assert.equal(data.PreferredMfaSetting, undefined);
    assert.deepEqual(data.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
    clock.advance(STEP);

    const again = signIn(userPool, 'dave');
    const select = await again.outcome;
    assert.equal(select.kind, 'selectMFAType');
    assert.deepEqual(select.kind === 'selectMFAType' && JSON.parse(select.parameters.MFAS_CAN_CHOOSE!), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    const chosen = await new Promise<Outcome>((resolve, reject) => again.user.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', callbacks(resolve, reject)));
    assert.equal(chosen.kind, 'totpRequired');
    assert.equal((await sendCode(again.user, totpCode(secret, clock.now()), 'SOFTWARE_TOKEN_MFA')).kind, 'success');
  });
});

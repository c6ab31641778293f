/**
 * Remembered devices through amazon-cognito-identity-js, as an app uses them: a sign-in on a
 * pool with a DeviceConfiguration answers NewDeviceMetadata, which the library confirms
 * (ConfirmDevice with its SRP verifier); setDeviceStatusRemembered; a later sign-in from the
 * same storage runs the device SRP (getDeviceResponse) and, the device remembered, skips the
 * TOTP MFA; listDevices / getDevice / forgetDevice through the library and the AWS SDK; a wrong
 * device secret, an unknown and a forgotten device key get Cognito's errors.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AdminGetDeviceCommand, AdminListDevicesCommand, AdminUpdateDeviceStatusCommand, CreateUserPoolClientCommand, CreateUserPoolCommand,
  ForgetDeviceCommand, GetDeviceCommand, InitiateAuthCommand, ListDevicesCommand, SetUserPoolMfaConfigCommand,
  type DeviceConfigurationType,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { confirmedUser, PASSWORD, testClock } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { MemoryStorage } from '../../helpers/user-session.ts';
import { totpCode } from '../../../src/userPools/mfa/totp.ts';

const clock = testClock();
let server: TestServer;
before(async () => { server = await startTestServer({}, { clock, isolatedDatabase: true }); });
after(async () => { await server.stop(); });
beforeEach(() => { clock.t = Date.now(); });

const STEP = 30_000;

async function pool(devices: DeviceConfigurationType | undefined) {
  const created = await server.client.send(new CreateUserPoolCommand({
    PoolName: 'identity-js-devices', ...(devices ? { DeviceConfiguration: devices } : {}),
  }));
  const poolId = created.UserPool!.Id!;
  await server.client.send(new SetUserPoolMfaConfigCommand({
    UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true },
  }));
  const client = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  const clientId = client.UserPoolClient!.ClientId!;
  return { poolId, clientId, userPool: new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: server.url }) };
}

type Outcome =
  | { kind: 'success'; session: CognitoUserSession; confirmationNecessary?: boolean }
  | { kind: 'totpRequired' | 'mfaRequired' };

function callbacks(resolve: (o: Outcome) => void, reject: (e: Error) => void) {
  return {
    onSuccess: (session: CognitoUserSession, confirmationNecessary?: boolean) => resolve({ kind: 'success', session, confirmationNecessary }),
    onFailure: reject,
    totpRequired: () => resolve({ kind: 'totpRequired' }),
    mfaRequired: () => resolve({ kind: 'mfaRequired' }),
  };
}

/** A sign-in from one device: its storage keeps what identity-js caches (the device key and secret). */
function signIn(userPool: CognitoUserPool, username: string, storage: MemoryStorage) {
  const user = new CognitoUser({ Username: username, Pool: userPool, Storage: storage });
  const outcome = new Promise<Outcome>((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), callbacks(resolve, reject)));
  return { user, outcome };
}

const sendTotp = (user: CognitoUser, code: string) =>
  new Promise<Outcome>((resolve, reject) => user.sendMFACode(code, callbacks(resolve, reject), 'SOFTWARE_TOKEN_MFA'));

const node = <T>(fn: (cb: (err: Error | undefined | null, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));

const onSuccess = <T>(fn: (cb: { onSuccess: (v: T) => void; onFailure: (e: Error) => void }) => void) =>
  new Promise<T>((resolve, reject) => fn({ onSuccess: resolve, onFailure: reject }));

const claims = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());

const success = (o: Outcome): CognitoUserSession => {
  assert.equal(o.kind, 'success');
  return (o as { session: CognitoUserSession }).session;
};

/** A user with TOTP MFA on, signed in once from `storage` (whose device identity-js confirmed). */
async function userWithTotp(userPool: CognitoUserPool, username: string, storage: MemoryStorage) {
  await confirmedUser(server, userPool.getUserPoolId(), username);
  const first = signIn(userPool, username, storage);
  const outcome = await first.outcome;
  success(outcome);
  const secret = await new Promise<string>((resolve, reject) => first.user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
  await new Promise((resolve, reject) => first.user.verifySoftwareToken(totpCode(secret, clock.now()), 'phone', { onSuccess: resolve, onFailure: reject }));
  await node((cb) => first.user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, cb));
  clock.advance(STEP);
  return { user: first.user, secret, outcome };
}

describe('amazon-cognito-identity-js remembered devices', () => {
  it('confirms the new device, remembers it, then signs in with the device SRP and no MFA', async () => {
    const { userPool, clientId } = await pool({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true });
    const laptop = new MemoryStorage();
    const { user, secret, outcome } = await userWithTotp(userPool, 'alice', laptop);
    // identity-js confirmed the device NewDeviceMetadata named; the pool asks the user first.
    assert.equal(outcome.kind === 'success' && outcome.confirmationNecessary, true);
    const deviceKey = laptop.getItem(`CognitoIdentityServiceProvider.${clientId}.alice.deviceKey`)!;
    assert.match(deviceKey, /^[a-z]{2}-[a-z]+-\d_[0-9a-f-]{36}$/);
    assert.equal(claims(success(outcome).getAccessToken().getJwtToken()).device_key, deviceKey);
    await onSuccess((cb) => user.setDeviceStatusRemembered(cb));

    // The same device: PASSWORD_VERIFIER → DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER → tokens, no TOTP.
    const again = signIn(userPool, 'alice', laptop);
    const session = success(await again.outcome);
    assert.equal(claims(session.getAccessToken().getJwtToken()).device_key, deviceKey);
    const device = await onSuccess<{ Device: { DeviceKey: string; DeviceAttributes: { Name: string; Value: string }[] } }>((cb) => again.user.getDevice(cb as never));
    assert.equal(device.Device.DeviceKey, deviceKey);
    const attributes = Object.fromEntries(device.Device.DeviceAttributes.map((a) => [a.Name, a.Value]));
    assert.equal(attributes.device_status, 'valid');
    assert.equal(attributes['dev:device_remembered_status'], 'remembered');
    assert.ok(attributes.device_name);
    assert.equal(attributes.last_ip_used, '127.0.0.1');

    // Another device: TOTP, then a device of its own.
    const phone = new MemoryStorage();
    const other = signIn(userPool, 'alice', phone);
    assert.equal((await other.outcome).kind, 'totpRequired');
    const done = await sendTotp(other.user, totpCode(secret, clock.now()));
    success(done);
    const listed = await new Promise<{ Devices: { DeviceKey: string }[] }>((resolve, reject) =>
      other.user.listDevices(10, null, { onSuccess: resolve, onFailure: reject }));
    assert.equal(listed.Devices.length, 2);
    assert.ok(listed.Devices.some((d) => d.DeviceKey === deviceKey));
  });

  it('asks a device that is tracked but not remembered for MFA, and names it in the tokens', async () => {
    const { userPool, clientId } = await pool({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true });
    const laptop = new MemoryStorage();
    const { secret } = await userWithTotp(userPool, 'carl', laptop);
    const deviceKey = laptop.getItem(`CognitoIdentityServiceProvider.${clientId}.carl.deviceKey`)!;
    const again = signIn(userPool, 'carl', laptop);
    assert.equal((await again.outcome).kind, 'totpRequired');
    const session = success(await sendTotp(again.user, totpCode(secret, clock.now())));
    assert.equal(claims(session.getAccessToken().getJwtToken()).device_key, deviceKey);
    const { Devices } = await server.anonymousClient.send(new ListDevicesCommand({ AccessToken: session.getAccessToken().getJwtToken() }));
    assert.deepEqual(Devices!.map((d) => d.DeviceKey), [deviceKey], 'no new device');
    assert.equal(Devices![0]!.DeviceAttributes!.find((a) => a.Name === 'dev:device_remembered_status')?.Value, 'not_remembered');
  });

  it('lists, reads and forgets devices through the AWS SDK; a forgotten device refreshes no more', async () => {
    const { userPool, poolId, clientId } = await pool({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false });
    const laptop = new MemoryStorage();
    const { user, outcome } = await userWithTotp(userPool, 'bob', laptop);
    assert.notEqual(outcome.kind === 'success' && outcome.confirmationNecessary, true);
    const session = success(outcome);
    const AccessToken = session.getAccessToken().getJwtToken();
    const deviceKey = laptop.getItem(`CognitoIdentityServiceProvider.${clientId}.bob.deviceKey`)!;

    const listed = await server.anonymousClient.send(new ListDevicesCommand({ AccessToken }));
    assert.deepEqual(listed.Devices!.map((d) => d.DeviceKey), [deviceKey]);
    const admin = await server.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'bob' }));
    assert.deepEqual(admin.Devices!.map((d) => d.DeviceKey), [deviceKey]);
    const got = await server.client.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'bob', DeviceKey: deviceKey }));
    // Remembered at once (no user prompt), so the next sign-in skips MFA.
    assert.equal(got.Device!.DeviceAttributes!.find((a) => a.Name === 'dev:device_remembered_status')?.Value, 'remembered');
    assert.ok(got.Device!.DeviceCreateDate instanceof Date);

    // A refresh names the device (identity-js sends the cached key).
    await node<CognitoUserSession>((cb) => user.refreshSession(session.getRefreshToken(), cb));
    const noDevice = await errorOf(() => server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: session.getRefreshToken().getToken() },
    })));
    assert.equal(noDevice.name, 'NotAuthorizedException');
    assert.equal(noDevice.message, 'Invalid Refresh Token');

    await server.anonymousClient.send(new ForgetDeviceCommand({ AccessToken, DeviceKey: deviceKey }));
    const gone = await errorOf(() => server.anonymousClient.send(new GetDeviceCommand({ AccessToken, DeviceKey: deviceKey })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal(gone.message, 'Device does not exist.');
    const refused = await errorOf(() => server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: session.getRefreshToken().getToken(), DEVICE_KEY: deviceKey },
    })));
    assert.equal(refused.name, 'NotAuthorizedException');
    assert.equal(refused.message, 'Invalid Refresh Token');

    // identity-js still holds the forgotten key: the PASSWORD_VERIFIER answer naming it gets
    // ResourceNotFoundException, the library drops the key and retries: MFA again, a new device.
    const again = signIn(userPool, 'bob', laptop);
    assert.equal((await again.outcome).kind, 'totpRequired');
  });

  it('forgets a device through identity-js and updates a status as an admin', async () => {
    const { userPool, poolId } = await pool({ ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true });
    await confirmedUser(server, poolId, 'dora');
    const storage = new MemoryStorage();
    const { user, outcome } = signIn(userPool, 'dora', storage);
    success(await outcome);
    const { Devices } = await server.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'dora' }));
    assert.equal(Devices!.length, 1);
    const DeviceKey = Devices![0]!.DeviceKey!;
    await server.client.send(new AdminUpdateDeviceStatusCommand({ UserPoolId: poolId, Username: 'dora', DeviceKey, DeviceRememberedStatus: 'remembered' }));
    const got = await server.client.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'dora', DeviceKey }));
    assert.equal(got.Device!.DeviceAttributes!.find((a) => a.Name === 'dev:device_remembered_status')?.Value, 'remembered');
    await onSuccess((cb) => user.forgetDevice(cb));
    const after = await server.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'dora' }));
    assert.deepEqual(after.Devices, []);
    const unknownUser = await errorOf(() => server.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'nobody' })));
    assert.equal(unknownUser.name, 'ResourceNotFoundException');
  });

  it('refuses a wrong device secret and an unknown device key', async () => {
    const { userPool, clientId } = await pool({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false });
    await confirmedUser(server, userPool.getUserPoolId(), 'erin');
    const storage = new MemoryStorage();
    success(await signIn(userPool, 'erin', storage).outcome);
    const passwordKey = `CognitoIdentityServiceProvider.${clientId}.erin.randomPasswordKey`;
    assert.ok(storage.getItem(passwordKey));
    storage.setItem(passwordKey, Buffer.alloc(40, 7).toString('base64'));
    const wrong = await signIn(userPool, 'erin', storage).outcome.catch((e: Error) => e);
    assert.equal((wrong as Error).name, 'NotAuthorizedException');
    assert.equal((wrong as Error).message, 'Incorrect username or password.');

    const unknown = await errorOf(() => server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'erin', PASSWORD, DEVICE_KEY: 'us-east-1_00000000-0000-4000-8000-000000000000' },
    })));
    assert.equal(unknown.name, 'ResourceNotFoundException');
    assert.equal(unknown.message, 'Device does not exist.');
  });

  it('answers no device metadata on a pool without a DeviceConfiguration', async () => {
    const { clientId, poolId } = await pool(undefined);
    await confirmedUser(server, poolId, 'finn');
    const out = await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'finn', PASSWORD },
    }));
    assert.equal(out.AuthenticationResult!.NewDeviceMetadata, undefined);
    assert.equal(claims(out.AuthenticationResult!.AccessToken!).device_key, undefined);
  });
});

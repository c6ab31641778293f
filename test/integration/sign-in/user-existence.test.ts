/**
 * PreventUserExistenceErrors ENABLED: an existing user and an unknown name get answers shaped
 * alike (same __type, message and fields) on every public path, and reach the same limits.
 * Timing is measured by `npm run audit:enumeration`, not asserted here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminDisableUserCommand, ConfirmForgotPasswordCommand, ConfirmSignUpCommand,
  ForgotPasswordCommand, InitiateAuthCommand, ResendConfirmationCodeCommand, RespondToAuthChallengeCommand, SignUpCommand,
  type CreateUserPoolClientCommandInput, type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, PASSWORD, poolAndClient, srpClient } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { readMessages } from '../../../src/userPools/messages/outbox.ts';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.stop(); });

const HIDDEN = { PreventUserExistenceErrors: 'ENABLED' } as const;
const hidden = (pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}) =>
  poolAndClient(server, { AutoVerifiedAttributes: ['email'], ...pool }, { ...HIDDEN, ...client });

/** What a caller sees of an outcome: the answer's fields, or the error's type and message. */
async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    const out = await call() as Record<string, unknown>;
    const { $metadata: _, ...fields } = out;
    return `ok ${JSON.stringify(Object.keys(fields).sort())}`;
  } catch (e) {
    const err = e as Error;
    return `${err.name}: ${err.message}`;
  }
}

/** The same call `n` times, outcomes in order. */
async function outcomes(n: number, call: () => Promise<unknown>): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(await outcome(call));
  return out;
}

const masked = (d: { Destination?: string; DeliveryMedium?: string; AttributeName?: string } | undefined) =>
  d && { medium: d.DeliveryMedium, attribute: d.AttributeName, shape: d.Destination?.replace(/[a-z0-9]/g, 'x') };

const anon = () => server.anonymousClient;

async function signedUp(clientId: string, username: string, email: string): Promise<void> {
  await anon().send(new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] }));
}

async function lastCodeTo(destination: string): Promise<string> {
  const [message] = await readMessages(server.services.store, server.services.vault, { destination, limit: 1 });
  assert.ok(message, `a message to ${destination}`);
  return /\d{6}/.exec(message.body)![0];
}

describe('PreventUserExistenceErrors ENABLED: existing and unknown users look alike', () => {
  it('ForgotPassword: the same CodeDeliveryDetails shape (for disabled and unreachable users too) and the same limit', async () => {
    const { poolId, clientId } = await hidden();
    await confirmedUser(server, poolId, 'alice', [{ Name: 'email', Value: 'alice@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    await confirmedUser(server, poolId, 'dora', [{ Name: 'email', Value: 'dora@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    await server.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
    await confirmedUser(server, poolId, 'uma', [{ Name: 'email', Value: 'uma@example.com' }]);
    const forgot = (name: string) => anon().send(new ForgotPasswordCommand({ ClientId: clientId, Username: name }));

    const real = await forgot('alice');
    for (const name of ['zed', 'dora', 'uma']) {
      const out = await forgot(name);
      assert.deepEqual(masked(out.CodeDeliveryDetails), masked(real.CodeDeliveryDetails), name);
      assert.deepEqual(Object.keys(out).sort(), Object.keys(real).sort());
    }
    // Stable, and not built from the name typed.
    const zed = (await forgot('zed')).CodeDeliveryDetails!;
    assert.deepEqual(zed, (await forgot('zed')).CodeDeliveryDetails);
    assert.doesNotMatch(zed.Destination!, /^z\*+@z\*+$/);

    // alice has used 1 of her 5 per hour, zed 3: both run out alike.
    assert.deepEqual(await outcomes(5, () => forgot('alice')), [...Array(4).fill('ok ["CodeDeliveryDetails"]'), 'LimitExceededException: Attempt limit exceeded, please try after some time.']);
    assert.deepEqual(await outcomes(3, () => forgot('zed')), [...Array(2).fill('ok ["CodeDeliveryDetails"]'), 'LimitExceededException: Attempt limit exceeded, please try after some time.']);

    // An email typed as the username is masked as a real one would be.
    const byEmail = await hidden({ UsernameAttributes: ['email'] });
    await confirmedUser(server, byEmail.poolId, 'alice@example.com', [{ Name: 'email_verified', Value: 'true' }]);
    const realByEmail = await anon().send(new ForgotPasswordCommand({ ClientId: byEmail.clientId, Username: 'alice@example.com' }));
    const unknownByEmail = await anon().send(new ForgotPasswordCommand({ ClientId: byEmail.clientId, Username: 'bob@example.org' }));
    assert.deepEqual(realByEmail.CodeDeliveryDetails, { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    assert.deepEqual(unknownByEmail.CodeDeliveryDetails, { Destination: 'b***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
  });

  it('ConfirmForgotPassword: ExpiredCode before a request, CodeMismatch then LimitExceeded after one, weak passwords refused first', async () => {
    const { poolId, clientId } = await hidden();
    await confirmedUser(server, poolId, 'alice', [{ Name: 'email', Value: 'alice@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    await confirmedUser(server, poolId, 'dora', [{ Name: 'email', Value: 'dora@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    await server.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
    const confirm = (name: string, password = 'New-Password1') => () => anon().send(new ConfirmForgotPasswordCommand({
      ClientId: clientId, Username: name, ConfirmationCode: '000000', Password: password,
    }));
    const expired = 'ExpiredCodeException: Invalid code provided, please request a code again.';
    const mismatch = 'CodeMismatchException: Invalid verification code provided, please try again.';
    const limit = 'LimitExceededException: Attempt limit exceeded, please try after some time.';
    for (const name of ['alice', 'zed', 'dora']) {
      assert.equal(await outcome(confirm(name)), expired, name);
      assert.equal(await outcome(confirm(name, 'weak')), 'InvalidPasswordException: Password did not conform with policy: Password not long enough', name);
      await anon().send(new ForgotPasswordCommand({ ClientId: clientId, Username: name }));
      assert.deepEqual(await outcomes(6, confirm(name)), [...Array(5).fill(mismatch), limit], name);
    }
  });

  it('ResendConfirmationCode: the same shape for an unconfirmed, a disabled and an unknown user, and the same limit', async () => {
    const { poolId, clientId } = await hidden();
    await signedUp(clientId, 'ulla', 'ulla@example.com');
    await signedUp(clientId, 'dina', 'dina@example.com');
    await server.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dina' }));
    const resend = (name: string) => anon().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: name }));
    const real = await resend('ulla');
    for (const name of ['zed', 'dina']) {
      assert.deepEqual(masked((await resend(name)).CodeDeliveryDetails), masked(real.CodeDeliveryDetails), name);
    }
    const limit = 'LimitExceededException: Attempt limit exceeded, please try after some time.';
    assert.deepEqual(await outcomes(5, () => resend('ulla')), [...Array(4).fill('ok ["CodeDeliveryDetails"]'), limit]);
    assert.deepEqual(await outcomes(5, () => resend('zed')), [...Array(4).fill('ok ["CodeDeliveryDetails"]'), limit]);
  });

  it('ConfirmSignUp with a wrong code: CodeMismatch, then LimitExceeded after the same number of guesses', async () => {
    const { clientId } = await hidden();
    await signedUp(clientId, 'ulla', 'ulla@example.com');
    const confirm = (name: string) => () => anon().send(new ConfirmSignUpCommand({ ClientId: clientId, Username: name, ConfirmationCode: '000000' }));
    const mismatch = 'CodeMismatchException: Invalid verification code provided, please try again.';
    const limit = 'LimitExceededException: Attempt limit exceeded, please try after some time.';
    assert.deepEqual(await outcomes(6, confirm('ulla')), [...Array(5).fill(mismatch), limit]);
    assert.deepEqual(await outcomes(6, confirm('zed')), [...Array(5).fill(mismatch), limit]);
    // A resend gives a fresh code (and a fresh count of guesses) to both.
    await anon().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'ulla' }));
    await anon().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'zed' }));
    assert.equal(await outcome(confirm('ulla')), mismatch);
    assert.equal(await outcome(confirm('zed')), mismatch);
  });

  it('ConfirmSignUp tells that an alias is taken only to whoever holds the code, and keeps the code for ForceAliasCreation', async () => {
    const { poolId, clientId } = await hidden({ AliasAttributes: ['email'] });
    await confirmedUser(server, poolId, 'jie', [{ Name: 'email', Value: 'jie@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    await signedUp(clientId, 'shirley', 'jie@example.com');
    const confirm = (code: string, force?: boolean) => () => anon().send(new ConfirmSignUpCommand({
      ClientId: clientId, Username: 'shirley', ConfirmationCode: code, ForceAliasCreation: force,
    }));
    assert.equal(await outcome(confirm('000000')), 'CodeMismatchException: Invalid verification code provided, please try again.');
    const code = await lastCodeTo('jie@example.com');
    assert.equal(await outcome(confirm(code)), 'AliasExistsException: An account with the given email already exists.');
    assert.equal(await outcome(confirm(code, true)), 'ok ["Session"]');
  });

  it('sign-in: an unconfirmed or disabled user with a wrong password hears what an unknown name hears', async () => {
    const { poolId, clientId } = await hidden();
    await signedUp(clientId, 'ulla', 'ulla@example.com');
    await confirmedUser(server, poolId, 'dora');
    await server.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
    const passwordAuth = (name: string, password: string) => () => anon().send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: name, PASSWORD: password },
    }));
    const srpAuth = (name: string, password: string) => async () => {
      const srp = srpClient(poolId);
      const out = await anon().send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: name, SRP_A: srp.srpA } }));
      return anon().send(new RespondToAuthChallengeCommand({
        ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(out.ChallengeParameters!, password),
      }));
    };
    const generic = 'NotAuthorizedException: Incorrect username or password.';
    for (const flow of [passwordAuth, srpAuth]) {
      for (const name of ['zed', 'ulla', 'dora']) assert.equal(await outcome(flow(name, 'Wrong-Password1')), generic, `${flow.name} ${name}`);
      // Whoever knows the password learns the state.
      assert.equal(await outcome(flow('ulla', PASSWORD)), 'UserNotConfirmedException: User is not confirmed.');
      assert.equal(await outcome(flow('dora', PASSWORD)), 'NotAuthorizedException: User is disabled.');
    }
  });

  it('SRP: USER_ID_FOR_SRP of an unknown name looks like a real one (the name itself; a UUID where usernames are UUIDs)', async () => {
    const start = async (clientId: string, poolId: string, name: string) => (await anon().send(new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: name, SRP_A: srpClient(poolId).srpA },
    }))).ChallengeParameters!;
    const byName = await hidden();
    await confirmedUser(server, byName.poolId, 'alice');
    assert.equal((await start(byName.clientId, byName.poolId, 'alice')).USER_ID_FOR_SRP, 'alice');
    const unknown = await start(byName.clientId, byName.poolId, 'zed');
    assert.equal(unknown.USER_ID_FOR_SRP, 'zed');
    assert.equal(unknown.USERNAME, 'zed');
    assert.match(unknown.SALT!, /^[0-9a-f]+$/);

    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const byEmail = await hidden({ UsernameAttributes: ['email'] });
    await confirmedUser(server, byEmail.poolId, 'alice@example.com');
    assert.match((await start(byEmail.clientId, byEmail.poolId, 'alice@example.com')).USER_ID_FOR_SRP!, uuid);
    assert.match((await start(byEmail.clientId, byEmail.poolId, 'zed@example.com')).USER_ID_FOR_SRP!, uuid);
  });

  it('LEGACY clients still tell', async () => {
    const { poolId, clientId } = await poolAndClient(server, { AutoVerifiedAttributes: ['email'] });
    await confirmedUser(server, poolId, 'dora', [{ Name: 'email', Value: 'dora@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    await server.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
    assert.equal(await outcome(() => anon().send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'dora' }))), 'NotAuthorizedException: User is disabled.');
    assert.equal(await outcome(() => anon().send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'zed' }))), 'UserNotFoundException: Username/client id combination not found.');
    const err = await errorOf(() => anon().send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'dora', PASSWORD: 'Wrong-Password1' },
    })));
    assert.equal(err.message, 'User is disabled.');
  });
});

/**
 * NEW_PASSWORD_REQUIRED for administrator-created users: the challenge's parameters, required
 * attributes, the password policy, the Session's single use and expiry, and the expiry of the
 * temporary password itself.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AdminCreateUserCommand, AdminGetUserCommand, AdminInitiateAuthCommand, AdminRespondToAuthChallengeCommand,
  InitiateAuthCommand, RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { poolAndClient, srpClient, testClock } from '../../helpers/auth-flows.ts';

const clock = testClock();
let server: TestServer;
before(async () => { server = await startTestServer({}, { clock }); });
after(async () => { await server.stop(); });
// Admin calls are signed with the real time: each test starts there.
beforeEach(() => { clock.t = Date.now(); });

const TEMPORARY = 'Temp-Password1';

async function invitedUser(poolId: string, username: string, attributes = [{ Name: 'email', Value: `${username}@example.com` }]) {
  await server.client.send(new AdminCreateUserCommand({
    UserPoolId: poolId, Username: username, TemporaryPassword: TEMPORARY, MessageAction: 'SUPPRESS', UserAttributes: attributes,
  }));
}

const signIn = (clientId: string, username: string, password = TEMPORARY) => server.anonymousClient.send(new InitiateAuthCommand({
  AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password },
}));

const answer = (clientId: string, Session: string | undefined, responses: Record<string, string>) =>
  server.anonymousClient.send(new RespondToAuthChallengeCommand({
    ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session, ChallengeResponses: responses,
  }));

describe('NEW_PASSWORD_REQUIRED', () => {
  it('asks for a new password and the missing required attributes, then confirms the user', async () => {
    const { poolId, clientId } = await poolAndClient(server, {
      Schema: [{ Name: 'given_name', AttributeDataType: 'String', Required: true, Mutable: true }],
    });
    await invitedUser(poolId, 'alice', []);
    const challenge = await signIn(clientId, 'alice');
    assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    assert.ok(challenge.Session && challenge.Session.length >= 20 && challenge.Session.length <= 2048);
    assert.equal(challenge.ChallengeParameters?.USER_ID_FOR_SRP, 'alice');
    assert.deepEqual(JSON.parse(challenge.ChallengeParameters!.requiredAttributes!), ['userAttributes.given_name']);
    assert.deepEqual(JSON.parse(challenge.ChallengeParameters!.userAttributes!), {});

    const noName = await errorOf(() => answer(clientId, challenge.Session, { USERNAME: 'alice', NEW_PASSWORD: 'Chosen-Password1' }));
    assert.equal(noName.name, 'InvalidParameterException');
    assert.equal(noName.message, 'Attributes did not conform to the schema: given_name: The attribute is required');
    const weak = await errorOf(() => answer(clientId, challenge.Session, { USERNAME: 'alice', NEW_PASSWORD: 'weak', 'userAttributes.given_name': 'A' }));
    assert.equal(weak.name, 'InvalidPasswordException');
    const verifiedFlag = await errorOf(() => answer(clientId, challenge.Session, {
      USERNAME: 'alice', NEW_PASSWORD: 'Chosen-Password1', 'userAttributes.given_name': 'A', 'userAttributes.email_verified': 'true',
    }));
    assert.equal(verifiedFlag.name, 'NotAuthorizedException');

    const done = await answer(clientId, challenge.Session, { USERNAME: 'alice', NEW_PASSWORD: 'Chosen-Password1', 'userAttributes.given_name': 'Alice' });
    assert.ok(done.AuthenticationResult?.AccessToken && done.AuthenticationResult.RefreshToken);
    const user = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
    assert.equal(user.UserAttributes?.find((a) => a.Name === 'given_name')?.Value, 'Alice');
    assert.ok((await signIn(clientId, 'alice', 'Chosen-Password1')).AuthenticationResult);

    const again = await errorOf(() => answer(clientId, challenge.Session, { USERNAME: 'alice', NEW_PASSWORD: 'Other-Password1', 'userAttributes.given_name': 'A' }));
    assert.equal(again.name, 'NotAuthorizedException');
    assert.equal(again.message, 'Invalid session for the user, session can only be used once.');
  });

  it('shows the current attributes, without sub', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await invitedUser(poolId, 'bob', [{ Name: 'email', Value: 'bob@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    const challenge = await signIn(clientId, 'bob');
    assert.deepEqual(JSON.parse(challenge.ChallengeParameters!.userAttributes!), { email: 'bob@example.com', email_verified: 'true' });
    assert.deepEqual(JSON.parse(challenge.ChallengeParameters!.requiredAttributes!), []);
  });

  it('follows an SRP sign-in too, through the admin API', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await invitedUser(poolId, 'carol');
    const srp = srpClient(poolId);
    const step1 = await server.client.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'carol', SRP_A: srp.srpA },
    }));
    const step2 = await server.client.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: poolId, ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(step1.ChallengeParameters!, TEMPORARY),
    }));
    assert.equal(step2.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    const done = await server.client.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: poolId, ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: step2.Session,
      ChallengeResponses: { USERNAME: 'carol', NEW_PASSWORD: 'Chosen-Password1' },
    }));
    assert.ok(done.AuthenticationResult?.IdToken);
  });

  it('expires the session after AuthSessionValidity and refuses a forged one', async () => {
    const { poolId, clientId } = await poolAndClient(server, {}, { AuthSessionValidity: 3 });
    await invitedUser(poolId, 'dave');
    const challenge = await signIn(clientId, 'dave');
    clock.advance(3 * 60_000 + 1);
    const expired = await errorOf(() => answer(clientId, challenge.Session, { USERNAME: 'dave', NEW_PASSWORD: 'Chosen-Password1' }));
    assert.equal(expired.name, 'NotAuthorizedException');
    assert.equal(expired.message, 'Invalid session for the user, session is expired.');

    const forged = await errorOf(() => answer(clientId, 'A'.repeat(64), { USERNAME: 'dave', NEW_PASSWORD: 'Chosen-Password1' }));
    assert.equal(forged.name, 'NotAuthorizedException');
    assert.equal(forged.message, 'Invalid session for the user.');
  });

  it('refuses a temporary password older than TemporaryPasswordValidityDays', async () => {
    const { poolId, clientId } = await poolAndClient(server, { Policies: { PasswordPolicy: { MinimumLength: 8, TemporaryPasswordValidityDays: 1 } } });
    await invitedUser(poolId, 'erin');
    clock.advance(86_400_000 + 1000);
    const err = await errorOf(() => signIn(clientId, 'erin'));
    assert.equal(err.name, 'NotAuthorizedException');
    assert.equal(err.message, 'Temporary password has expired and must be reset by an administrator.');
    const wrong = await errorOf(() => signIn(clientId, 'erin', 'Wrong-Password1'));
    assert.equal(wrong.message, 'Incorrect username or password.');
  });
});

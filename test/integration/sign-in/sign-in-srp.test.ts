/**
 * USER_SRP_AUTH → PASSWORD_VERIFIER through the SDK, with the client half of SRP computed in
 * the test so that TIMESTAMP, USERNAME and SECRET_HASH can be bent: the challenge's shape,
 * USERNAME forms, TIMESTAMP handling, single use and expiry of the secret block, unknown users
 * in both PreventUserExistenceErrors modes, client secrets, flow gating and the admin forms.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AdminConfirmSignUpCommand, AdminInitiateAuthCommand, AdminRespondToAuthChallengeCommand, InitiateAuthCommand,
  RespondToAuthChallengeCommand, SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { confirmedUser, PASSWORD, poolAndClient, secretHash, srpClient, testClock } from '../../helpers/auth-flows.ts';

const clock = testClock();
let server: TestServer;
before(async () => { server = await startTestServer({}, { clock }); });
after(async () => { await server.stop(); });
// Admin calls are signed with the real time: each test starts there.
beforeEach(() => { clock.t = Date.now(); });

async function initiate(clientId: string, poolId: string, username: string, extra: Record<string, string> = {}) {
  const srp = srpClient(poolId);
  const out = await server.anonymousClient.send(new InitiateAuthCommand({
    AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, SRP_A: srp.srpA, ...extra },
  }));
  return { srp, out, challenge: out.ChallengeParameters! };
}

const respond = (clientId: string, responses: Record<string, string>) => server.anonymousClient.send(new RespondToAuthChallengeCommand({
  ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses,
}));

describe('USER_SRP_AUTH', () => {
  it('issues the PASSWORD_VERIFIER challenge and tokens for the right proof', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'alice');
    const { srp, out, challenge } = await initiate(clientId, poolId, 'alice');
    assert.equal(out.ChallengeName, 'PASSWORD_VERIFIER');
    assert.equal(out.Session, undefined);
    assert.deepEqual(Object.keys(challenge).sort(), ['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
    assert.match(challenge.SALT!, /^[0-9a-f]{32}$/);
    assert.match(challenge.SRP_B!, /^[0-9a-f]+$/);
    assert.equal(challenge.USER_ID_FOR_SRP, 'alice');
    assert.equal(challenge.USERNAME, 'alice');

    const done = await respond(clientId, srp.answer(challenge, PASSWORD));
    assert.deepEqual(done.ChallengeParameters, {});
    assert.equal(done.AuthenticationResult?.TokenType, 'Bearer');
    assert.equal(done.AuthenticationResult?.ExpiresIn, 3600);
    assert.ok(done.AuthenticationResult?.AccessToken && done.AuthenticationResult.IdToken && done.AuthenticationResult.RefreshToken);
  });

  it('accepts an alias at step 1 and the alias, the username or USER_ID_FOR_SRP at step 2', async () => {
    const { poolId, clientId } = await poolAndClient(server, { AliasAttributes: ['email'] });
    await confirmedUser(server, poolId, 'bob', [{ Name: 'email', Value: 'bob@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    for (const name of ['bob@example.com', 'bob', 'BOB@EXAMPLE.COM']) {
      const { srp, challenge } = await initiate(clientId, poolId, 'bob@example.com');
      assert.equal(challenge.USER_ID_FOR_SRP, 'bob');
      const done = await respond(clientId, { ...srp.answer(challenge, PASSWORD), USERNAME: name });
      assert.ok(done.AuthenticationResult?.AccessToken, `signed in answering as ${name}`);
    }
    const { srp, challenge } = await initiate(clientId, poolId, 'bob');
    await confirmedUser(server, poolId, 'other');
    const mismatch = await errorOf(() => respond(clientId, { ...srp.answer(challenge, PASSWORD), USERNAME: 'other' }));
    assert.equal(mismatch.message, 'Incorrect username or password.');
  });

  it('refuses a wrong password, a tampered block and a reused answer', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'carol');
    const wrong = await initiate(clientId, poolId, 'carol');
    const denied = await errorOf(() => respond(clientId, wrong.srp.answer(wrong.challenge, 'Wrong-Password1')));
    assert.equal(denied.name, 'NotAuthorizedException');
    assert.equal(denied.message, 'Incorrect username or password.');

    const tampered = await initiate(clientId, poolId, 'carol');
    const block = Buffer.from(tampered.challenge.SECRET_BLOCK!, 'base64');
    block[block.length - 3] ^= 1;
    const forged = await errorOf(() => respond(clientId, tampered.srp.answer({ ...tampered.challenge, SECRET_BLOCK: block.toString('base64') }, PASSWORD)));
    assert.equal(forged.message, 'Incorrect username or password.');

    const once = await initiate(clientId, poolId, 'carol');
    const answer = once.srp.answer(once.challenge, PASSWORD);
    await respond(clientId, answer);
    const replay = await errorOf(() => respond(clientId, answer));
    assert.equal(replay.name, 'NotAuthorizedException');
    assert.equal(replay.message, 'Invalid session for the user, session can only be used once.');
  });

  it('handles TIMESTAMP like Cognito: unparseable is a parameter error, a padded day fails the proof', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'dora');
    const bad = await initiate(clientId, poolId, 'dora');
    const garbled = await errorOf(() => respond(clientId, bad.srp.answer(bad.challenge, PASSWORD, '2026-11-05T10:00:00Z')));
    assert.equal(garbled.name, 'InvalidParameterException');
    assert.equal(garbled.message, 'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.');

    const padded = await initiate(clientId, poolId, 'dora');
    const zero = await errorOf(() => respond(clientId, padded.srp.answer(padded.challenge, PASSWORD, 'Thu Nov 05 10:00:00 UTC 2026')));
    assert.equal(zero.name, 'NotAuthorizedException');
    assert.equal(zero.message, 'Incorrect username or password.');

    const canonical = await initiate(clientId, poolId, 'dora');
    const ok = await respond(clientId, canonical.srp.answer(canonical.challenge, PASSWORD, 'Thu Nov 5 10:00:00 UTC 2026'));
    assert.ok(ok.AuthenticationResult?.AccessToken);
  });

  it('expires the challenge after the client\'s AuthSessionValidity', async () => {
    const { poolId, clientId } = await poolAndClient(server, {}, { AuthSessionValidity: 5 });
    await confirmedUser(server, poolId, 'eve');
    const late = await initiate(clientId, poolId, 'eve');
    clock.advance(5 * 60_000 + 1000);
    const expired = await errorOf(() => respond(clientId, late.srp.answer(late.challenge, PASSWORD)));
    assert.equal(expired.name, 'NotAuthorizedException');
    assert.equal(expired.message, 'Invalid session for the user, session is expired.');
    const inTime = await initiate(clientId, poolId, 'eve');
    clock.advance(4 * 60_000);
    assert.ok((await respond(clientId, inTime.srp.answer(inTime.challenge, PASSWORD))).AuthenticationResult);
  });

  it('simulates a stable challenge for unknown users when existence is hidden, failing at step 2', async () => {
    const { poolId, clientId } = await poolAndClient(server, { UsernameAttributes: ['email'] }, { PreventUserExistenceErrors: 'ENABLED' });
    const first = await initiate(clientId, poolId, 'nobody@example.com');
    const second = await initiate(clientId, poolId, 'nobody@example.com');
    assert.equal(first.out.ChallengeName, 'PASSWORD_VERIFIER');
    // Internal usernames are UUIDs in a pool that signs in by email: so is the simulated one.
    assert.match(first.challenge.USER_ID_FOR_SRP!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(second.challenge.USER_ID_FOR_SRP, first.challenge.USER_ID_FOR_SRP);
    assert.equal(second.challenge.SALT, first.challenge.SALT);
    assert.notEqual(second.challenge.SRP_B, first.challenge.SRP_B);
    const other = await initiate(clientId, poolId, 'somebody-else@example.com');
    assert.notEqual(other.challenge.USER_ID_FOR_SRP, first.challenge.USER_ID_FOR_SRP);

    const denied = await errorOf(() => respond(clientId, first.srp.answer(first.challenge, PASSWORD)));
    assert.equal(denied.name, 'NotAuthorizedException');
    assert.equal(denied.message, 'Incorrect username or password.');
  });

  it('says UserNotFoundException for unknown users on LEGACY clients', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    const err = await errorOf(() => initiate(clientId, poolId, 'nobody'));
    assert.equal(err.name, 'UserNotFoundException');
    assert.equal(err.message, 'User does not exist.');
  });

  it('refuses an unconfirmed user at step 2, whatever the password', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await server.anonymousClient.send(new SignUpCommand({ ClientId: clientId, Username: 'fred', Password: PASSWORD }));
    for (const password of [PASSWORD, 'Wrong-Password1']) {
      const { srp, challenge } = await initiate(clientId, poolId, 'fred');
      const err = await errorOf(() => respond(clientId, srp.answer(challenge, password)));
      assert.equal(err.name, 'UserNotConfirmedException');
      assert.equal(err.message, 'User is not confirmed.');
    }
    await server.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'fred' }));
    const { srp, challenge } = await initiate(clientId, poolId, 'fred');
    assert.ok((await respond(clientId, srp.answer(challenge, PASSWORD))).AuthenticationResult);
  });

  it('checks SECRET_HASH: over USERNAME at step 1, over USER_ID_FOR_SRP (or the alias) at step 2', async () => {
    const { poolId, clientId, clientSecret } = await poolAndClient(server, { UsernameAttributes: ['email'] }, { GenerateSecret: true });
    await confirmedUser(server, poolId, 'gina@example.com');
    const missing = await errorOf(() => initiate(clientId, poolId, 'gina@example.com'));
    assert.equal(missing.name, 'NotAuthorizedException');
    assert.equal(missing.message, `Client ${clientId} is configured for secret but secret was not received`);
    const wrong = await errorOf(() => initiate(clientId, poolId, 'gina@example.com', { SECRET_HASH: secretHash('nope', 'gina@example.com', clientId) }));
    assert.equal(wrong.message, `Unable to verify secret hash for client ${clientId}`);

    for (const hashed of ['internal', 'alias'] as const) {
      const { srp, challenge } = await initiate(clientId, poolId, 'gina@example.com', { SECRET_HASH: secretHash(clientSecret!, 'gina@example.com', clientId) });
      const name = hashed === 'internal' ? challenge.USER_ID_FOR_SRP! : 'gina@example.com';
      const done = await respond(clientId, { ...srp.answer(challenge, PASSWORD), SECRET_HASH: secretHash(clientSecret!, name, clientId) });
      assert.ok(done.AuthenticationResult?.AccessToken);
    }
  });

  it('is refused when the client does not enable it', async () => {
    const { poolId, clientId } = await poolAndClient(server, {}, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await confirmedUser(server, poolId, 'hank');
    const err = await errorOf(() => initiate(clientId, poolId, 'hank'));
    assert.equal(err.name, 'InvalidParameterException');
    assert.equal(err.message, 'USER_SRP_AUTH flow not enabled for this client');
  });

  it('runs through AdminInitiateAuth / AdminRespondToAuthChallenge, for the named pool only', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    const other = await poolAndClient(server);
    await confirmedUser(server, poolId, 'ivy');
    const srp = srpClient(poolId);
    const out = await server.client.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ivy', SRP_A: srp.srpA },
    }));
    const done = await server.client.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: poolId, ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(out.ChallengeParameters!, PASSWORD),
    }));
    assert.ok(done.AuthenticationResult?.IdToken);

    const elsewhere = await errorOf(() => server.client.send(new AdminInitiateAuthCommand({
      UserPoolId: other.poolId, ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ivy', SRP_A: srp.srpA },
    })));
    assert.equal(elsewhere.name, 'ResourceNotFoundException');
    const unsigned = await errorOf(() => server.anonymousClient.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ivy', SRP_A: srp.srpA },
    })));
    assert.equal(unsigned.name, 'UnrecognizedClientException');
  });

  it('refuses a malformed SRP_A', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'jack');
    const err = await errorOf(() => server.anonymousClient.send(new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'jack', SRP_A: 'not-hex' },
    })));
    assert.equal(err.name, 'InvalidParameterException');
  });

  it('times the server side of a complete SRP sign-in over HTTP', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'timer');
    const runs = 50;
    let serverMs = 0;
    for (let i = 0; i < runs; i++) {
      const srp = srpClient(poolId);
      let t = performance.now();
      const out = await server.anonymousClient.send(new InitiateAuthCommand({
        AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'timer', SRP_A: srp.srpA },
      }));
      serverMs += performance.now() - t;
      const answer = srp.answer(out.ChallengeParameters!, PASSWORD);
      t = performance.now();
      await respond(clientId, answer);
      serverMs += performance.now() - t;
    }
    console.log(`# SRP sign-in, both requests over HTTP (client math excluded): ${(serverMs / runs).toFixed(2)} ms each over ${runs} runs`);
  });
});

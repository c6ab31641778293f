/**
 * CUSTOM_AUTH through the Define / Create / Verify triggers, run as modules: the developer
 * guide's passwordless sign-in (a code sent by email) through amazon-cognito-identity-js and the
 * AWS SDK, the guide's custom challenge after SRP (SRP_A, PASSWORD_VERIFIER, then the challenge),
 * wrong answers, failAuthentication, the rounds bound, spent sessions, missing triggers, and 20
 * concurrent answers to one challenge.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  AdminDisableUserCommand, AdminInitiateAuthCommand, AdminRespondToAuthChallengeCommand, InitiateAuthCommand, RespondToAuthChallengeCommand,
  type LambdaConfigType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateAuthChallengeTriggerSchema, DefineAuthChallengeTriggerSchema, VerifyAuthChallengeTriggerSchema,
} from '@aws-lambda-powertools/parser/schemas/cognito';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { MemoryStorage } from '../../helpers/user-session.ts';
import { confirmedUser, PASSWORD, poolAndClient, srpClient } from '../../helpers/auth-flows.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'custom-auth');
const arn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const mod = (file: string, handler: string) => ({ module: path.join(fixtures, file), handler });
const mailbox = mkdtempSync(path.join(tmpdir(), 'alcove-mailbox-'));
process.env.ALCOVE_TEST_MAILBOX = mailbox;

const PASSWORDLESS: LambdaConfigType = {
  DefineAuthChallenge: arn('pl-define'), CreateAuthChallenge: arn('pl-create'), VerifyAuthChallengeResponse: arn('pl-verify'),
};
const WITH_SRP: LambdaConfigType = {
  DefineAuthChallenge: arn('srp-define'), CreateAuthChallenge: arn('srp-create'), VerifyAuthChallengeResponse: arn('srp-verify'),
};
const ENDLESS: LambdaConfigType = { ...WITH_SRP, DefineAuthChallenge: arn('endless') };
const CUSTOM_CLIENT = { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const };

let server: TestServer;
before(async () => {
  server = await startTestServer({
    functions: {
      [arn('pl-define')]: mod('recording.mjs', 'define'),
      [arn('pl-create')]: mod('recording.mjs', 'create'),
      [arn('pl-verify')]: mod('recording.mjs', 'verify'),
      [arn('srp-define')]: mod('with-srp.mjs', 'define'),
      [arn('srp-create')]: mod('with-srp.mjs', 'create'),
      [arn('srp-verify')]: mod('with-srp.mjs', 'verify'),
      [arn('endless')]: mod('with-srp.mjs', 'endless'),
    },
  });
});
after(async () => {
  await server.stop();
  rmSync(mailbox, { recursive: true, force: true });
});

async function customPool(LambdaConfig: LambdaConfigType, client: Record<string, unknown> = {}) {
  const { poolId, clientId } = await poolAndClient(server, { LambdaConfig }, { ...CUSTOM_CLIENT, ...client } as never);
  return { poolId, clientId };
}

let mailCount = 0;
/** A user with an email the passwordless Create "sends" to. */
async function emailUser(poolId: string, name: string): Promise<string> {
  const email = `${name}-${++mailCount}@example.com`;
  await confirmedUser(server, poolId, name, [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }]);
  return email;
}
const lastCode = (email: string): string => {
  const file = path.join(mailbox, email);
  assert.ok(existsSync(file), `no message to ${email}`);
  return readFileSync(file, 'utf8').trim().split('\n').at(-1)!;
};

const userOf = (poolId: string, clientId: string, username: string) => {
  const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: server.url, Storage: new MemoryStorage() });
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: new MemoryStorage() });
  user.setAuthenticationFlowType('CUSTOM_AUTH');
  return user;
};

const start = (clientId: string, USERNAME: string) =>
  server.anonymousClient.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME } }));
const answer = (clientId: string, USERNAME: string, Session: string | undefined, ANSWER: string) =>
  server.anonymousClient.send(new RespondToAuthChallengeCommand({
    ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session, ChallengeResponses: { USERNAME, ANSWER },
  }));

describe('CUSTOM_AUTH: the guide\'s passwordless sign-in', () => {
  it('signs in with the emailed code through amazon-cognito-identity-js (initiateAuth, sendCustomChallengeAnswer)', async () => {
    const { poolId, clientId } = await customPool(PASSWORDLESS);
    const email = await emailUser(poolId, 'ada');
    const user = userOf(poolId, clientId, 'ada');
    const session = await new Promise<CognitoUserSession>((resolve, reject) => {
      const callbacks = {
        onSuccess: resolve,
        onFailure: reject,
        customChallenge(parameters: Record<string, string>) {
          assert.deepEqual(parameters, { email, USERNAME: 'ada' });
          user.sendCustomChallengeAnswer(lastCode(email), callbacks, { app: 'web' });
        },
      };
      user.initiateAuth(new AuthenticationDetails({ Username: 'ada' }), callbacks);
    });
    assert.equal(session.isValid(), true);
    assert.equal(session.getIdToken().decodePayload()['email'], email);
    assert.ok(session.getRefreshToken().getToken());

    // The events, as the handlers received them, match AWS's published schemas (the first
    // Define's empty history aside: powertools declares at least one entry, AWS sends none).
    const events = readFileSync(path.join(mailbox, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
      .filter((e) => e.userPoolId === poolId);
    assert.deepEqual(events.map((e) => e.triggerSource), [
      'DefineAuthChallenge_Authentication', 'CreateAuthChallenge_Authentication',
      'VerifyAuthChallengeResponse_Authentication', 'DefineAuthChallenge_Authentication',
    ]);
    const [define1, create, verify, define2] = events;
    assert.deepEqual(define1.request.session, []);
    assert.deepEqual(define1.response, { challengeName: null, issueTokens: null, failAuthentication: null });
    assert.equal(define1.userName, 'ada');
    assert.equal(define1.callerContext.clientId, clientId);
    assert.equal(define1.request.userAttributes.email, email);
    assert.equal(define1.request.userAttributes['cognito:user_status'], 'CONFIRMED');
    assert.equal(define1.request.userNotFound, undefined);
    // RespondToAuthChallenge's ClientMetadata reaches Verify and Define; InitiateAuth's does not reach Define and Create.
    assert.equal(define1.request.clientMetadata, undefined);
    assert.deepEqual(verify.request.clientMetadata, { app: 'web' });
    assert.deepEqual(define2.request.clientMetadata, { app: 'web' });
    CreateAuthChallengeTriggerSchema.parse({ ...create, request: { ...create.request, session: [{ challengeName: 'SRP_A', challengeResult: true }] } });
    assert.deepEqual(create.request.session, []);
    assert.equal(create.request.challengeName, 'CUSTOM_CHALLENGE');
    VerifyAuthChallengeTriggerSchema.parse({ ...verify, response: { answerCorrect: false } });
    assert.equal(verify.request.challengeAnswer, lastCode(email));
    assert.deepEqual(verify.request.privateChallengeParameters, { secretLoginCode: lastCode(email) });
    DefineAuthChallengeTriggerSchema.parse(define2);
    assert.deepEqual(define2.request.session, [{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: `CODE-${lastCode(email)}` }]);
  });

  it('lets a wrong answer be retried within the session, with the same code, and fails after three', async () => {
    const { poolId, clientId } = await customPool(PASSWORDLESS);
    const email = await emailUser(poolId, 'bo');
    let step = await start(clientId, 'bo');
    assert.equal(step.ChallengeName, 'CUSTOM_CHALLENGE');
    const code = lastCode(email);
    step = await answer(clientId, 'bo', step.Session, 'wrong-1');
    assert.equal(step.ChallengeName, 'CUSTOM_CHALLENGE');
    assert.equal(lastCode(email), code, 'a retry reuses the code (no second message)');
    step = await answer(clientId, 'bo', step.Session, code);
    assert.ok(step.AuthenticationResult?.AccessToken);

    step = await start(clientId, 'bo');
    for (const wrong of ['1', '2']) step = await answer(clientId, 'bo', step.Session, wrong);
    const failed = await errorOf(() => answer(clientId, 'bo', step.Session, '3'));
    assert.equal(failed.name, 'NotAuthorizedException');
    assert.equal(failed.message, 'Incorrect username or password.');
  });

  it('spends a session once: a reused or forged session is refused', async () => {
    const { poolId, clientId } = await customPool(PASSWORDLESS);
    const email = await emailUser(poolId, 'cy');
    const first = await start(clientId, 'cy');
    const wrong = await answer(clientId, 'cy', first.Session, 'nope');
    assert.equal(wrong.ChallengeName, 'CUSTOM_CHALLENGE');
    const reused = await errorOf(() => answer(clientId, 'cy', first.Session, lastCode(email)));
    assert.equal(reused.name, 'NotAuthorizedException');
    assert.equal(reused.message, 'Invalid session for the user, session can only be used once.');
    const forged = await errorOf(() => answer(clientId, 'cy', first.Session!.slice(0, -4) + 'AAAA', lastCode(email)));
    assert.equal(forged.name, 'NotAuthorizedException');
    assert.equal(forged.message, 'Invalid session for the user.');
    const otherUser = await errorOf(() => answer(clientId, 'someone-else', wrong.Session, lastCode(email)));
    assert.equal(otherUser.message, 'Invalid session for the user.');
    const ok = await answer(clientId, 'cy', wrong.Session, lastCode(email));
    assert.ok(ok.AuthenticationResult?.IdToken);
  });

  it('runs through AdminInitiateAuth / AdminRespondToAuthChallenge', async () => {
    const { poolId, clientId } = await customPool(PASSWORDLESS);
    const email = await emailUser(poolId, 'dee');
    const step = await server.client.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'dee' },
    }));
    const done = await server.client.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: poolId, ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: step.Session,
      ChallengeResponses: { USERNAME: 'dee', ANSWER: lastCode(email) },
    }));
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('of 20 identical answers at once, one signs in and the others find the session spent', async () => {
    const { poolId, clientId } = await customPool(PASSWORDLESS);
    const email = await emailUser(poolId, 'eve');
    const step = await start(clientId, 'eve');
    const code = lastCode(email);
    const results = await Promise.all(Array.from({ length: 20 }, () => answer(clientId, 'eve', step.Session, code)
      .then((r) => ({ ok: Boolean(r.AuthenticationResult) }), (e: Error) => ({ ok: false, error: `${e.name}: ${e.message}` }))));
    assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
    for (const r of results.filter((x) => !x.ok)) {
      assert.equal((r as { error: string }).error, 'NotAuthorizedException: Invalid session for the user, session can only be used once.');
    }
  });
});

describe('CUSTOM_AUTH with SRP first (the guide\'s SRP_A → PASSWORD_VERIFIER → CUSTOM_CHALLENGE)', () => {
  it('proves the password, then meets the custom challenge, through amazon-cognito-identity-js (authenticateUser)', async () => {
    const { poolId, clientId } = await customPool(WITH_SRP);
    await confirmedUser(server, poolId, 'fay');
    const user = userOf(poolId, clientId, 'fay');
    const seen: Record<string, string>[] = [];
    const session = await new Promise<CognitoUserSession>((resolve, reject) => {
      const callbacks = {
        onSuccess: resolve,
        onFailure: reject,
        customChallenge(parameters: Record<string, string>) {
          seen.push(parameters);
          user.sendCustomChallengeAnswer('5', callbacks);
        },
      };
      user.authenticateUser(new AuthenticationDetails({ Username: 'fay', Password: PASSWORD }), callbacks);
    });
    assert.deepEqual(seen, [{ captchaUrl: 'url/123.jpg', USERNAME: 'fay' }]);
    assert.equal(session.getAccessToken().decodePayload()['username'], 'fay');
  });

  it('refuses a wrong password before any custom challenge, and a custom flow\'s verifier answered without its Session', async () => {
    const { poolId, clientId } = await customPool(WITH_SRP);
    await confirmedUser(server, poolId, 'gus');
    const srp = srpClient(poolId);
    const initiate = () => server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'gus', CHALLENGE_NAME: 'SRP_A', SRP_A: srp.srpA },
    }));
    const step = await initiate();
    assert.equal(step.ChallengeName, 'PASSWORD_VERIFIER');
    assert.ok(step.Session);
    const wrong = await errorOf(() => server.anonymousClient.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: step.Session,
      ChallengeResponses: srp.answer(step.ChallengeParameters!, 'Wrong-Password1'),
    })));
    assert.equal(wrong.name, 'NotAuthorizedException');
    assert.equal(wrong.message, 'Incorrect username or password.');

    // The right password without the flow's Session: it cannot skip the custom challenge.
    const again = await initiate();
    const skipped = await errorOf(() => server.anonymousClient.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(again.ChallengeParameters!, PASSWORD),
    })));
    assert.equal(skipped.name, 'InvalidParameterException');
    const next = await server.anonymousClient.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: again.Session,
      ChallengeResponses: srp.answer(again.ChallengeParameters!, PASSWORD),
    }));
    assert.equal(next.ChallengeName, 'CUSTOM_CHALLENGE');
    const wrongAnswer = await errorOf(() => answer(clientId, 'gus', next.Session, '4'));
    assert.equal(wrongAnswer.name, 'NotAuthorizedException');
    assert.equal(wrongAnswer.message, 'Incorrect username or password.');
  });
});

describe('CUSTOM_AUTH refusals', () => {
  it('ends a sign-in whose Define never decides after the server\'s bound on challenges', async () => {
    const { poolId, clientId } = await customPool(ENDLESS);
    await confirmedUser(server, poolId, 'hal');
    let step = await start(clientId, 'hal');
    let rounds = 0;
    const failure = await errorOf(async () => {
      for (;;) {
        step = await answer(clientId, 'hal', step.Session, 'x');
        rounds++;
      }
    });
    assert.equal(failure.name, 'NotAuthorizedException');
    assert.equal(failure.message, 'Incorrect username or password.');
    assert.equal(rounds, 15);
  });

  it('refuses an answer for a user disabled since the challenge was issued', async () => {
    const { poolId, clientId } = await customPool(PASSWORDLESS);
    const email = await emailUser(poolId, 'kai');
    const step = await start(clientId, 'kai');
    await server.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'kai' }));
    const refused = await errorOf(() => answer(clientId, 'kai', step.Session, lastCode(email)));
    assert.equal(refused.name, 'NotAuthorizedException');
    assert.equal(refused.message, 'User is disabled.');
  });

  it('answers Cognito\'s errors for a pool without the triggers and a client without ALLOW_CUSTOM_AUTH', async () => {
    const bare = await customPool({});
    await confirmedUser(server, bare.poolId, 'ivy');
    const missing = await errorOf(() => start(bare.clientId, 'ivy'));
    assert.equal(missing.name, 'InvalidParameterException');
    assert.equal(missing.message, 'Custom auth lambda trigger is not configured for the user pool.');

    const { poolId, clientId } = await customPool(PASSWORDLESS, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await emailUser(poolId, 'jo');
    const disabled = await errorOf(() => start(clientId, 'jo'));
    assert.equal(disabled.name, 'InvalidParameterException');
    assert.equal(disabled.message, 'CUSTOM_AUTH flow not enabled for this client');
  });

  it('tells an unknown user apart as Cognito does: UserNotFoundException, or userNotFound for the triggers when hidden', async () => {
    const legacy = await customPool(PASSWORDLESS);
    const unknown = await errorOf(() => start(legacy.clientId, 'nobody'));
    assert.equal(unknown.name, 'UserNotFoundException');

    const hidden = await customPool(WITH_SRP, { PreventUserExistenceErrors: 'ENABLED' });
    // with-srp's Define fails anything but its SRP sequence: the unknown name gets the generic refusal.
    const refused = await errorOf(() => start(hidden.clientId, 'nobody'));
    assert.equal(refused.name, 'NotAuthorizedException');
    assert.equal(refused.message, 'Incorrect username or password.');
    // The triggers are told (userNotFound, no attributes); the guide's Create, which mails the
    // user's address, fails for want of one, as it would on Cognito.
    const told = await customPool(PASSWORDLESS, { PreventUserExistenceErrors: 'ENABLED' });
    const failed = await errorOf(() => start(told.clientId, 'nobody'));
    assert.equal(failed.name, 'UserLambdaValidationException');
    assert.match(failed.message, /^CreateAuthChallenge failed with error /);
    const events = readFileSync(path.join(mailbox, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
      .filter((e) => e.userPoolId === told.poolId);
    assert.deepEqual(events.map((e) => [e.triggerSource, e.userName, e.request.userNotFound, e.request.userAttributes]), [
      ['DefineAuthChallenge_Authentication', 'nobody', true, {}],
      ['CreateAuthChallenge_Authentication', 'nobody', true, {}],
    ]);
  });
});

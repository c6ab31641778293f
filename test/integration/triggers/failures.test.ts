/**
 * Trigger functions that fail: a thrown error, an answer that is not an event, a wrong field, a
 * process.exit, a handler that spins or never answers, an ARN no function answers to. Each
 * fails the flow with Cognito's error while other requests keep being served.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, DescribeUserPoolCommand, SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { arn, moduleFunction } from './events.ts';

const PASSWORD = 'Passw0rd!long';

describe('failing triggers', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  let orphanClientId: string;

  before(async () => {
    server = await startTestServer({ functions: { [arn('misbehaving')]: moduleFunction('misbehaving-presignup.ts') } });
    poolId = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'failing', LambdaConfig: { PreSignUp: arn('misbehaving') } }))).UserPool!.Id!;
    clientId = (await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' }))).UserPoolClient!.ClientId!;
    const orphan = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'orphan', LambdaConfig: { PreSignUp: arn('nowhere') } }))).UserPool!.Id!;
    orphanClientId = (await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: orphan, ClientName: 'app' }))).UserPoolClient!.ClientId!;
  });
  after(async () => { await server.stop(); });

  let n = 0;
  const signUp = (mode: string | undefined, client = clientId) => server.anonymousClient.send(new SignUpCommand({
    ClientId: client, Username: `user${++n}`, Password: PASSWORD, ...(mode ? { ClientMetadata: { mode } } : {}),
  }));
  const failure = async (mode: string | undefined, client = clientId) => {
    const e = await errorOf(() => signUp(mode, client));
    return { name: e.name, message: e.message };
  };

  it('a thrown error is UserLambdaValidationException with the function\'s message', async () => {
    assert.deepEqual(await failure('throw'), {
      name: 'UserLambdaValidationException', message: 'PreSignUp failed with error Registration from this domain is not allowed..',
    });
  });

  it('an answer that is not an event, or a field of the wrong type, is InvalidLambdaResponseException', async () => {
    assert.deepEqual(await failure('garbage'), { name: 'InvalidLambdaResponseException', message: 'Unrecognizable lambda output' });
    assert.deepEqual(await failure('bad-field'), { name: 'InvalidLambdaResponseException', message: 'Unrecognizable lambda output' });
  });

  it('an ARN the functions map does not name fails as a missing Lambda function does', async () => {
    assert.deepEqual(await failure(undefined, orphanClientId), {
      name: 'UnexpectedLambdaException', message: 'PreSignUp invocation failed due to error ResourceNotFoundException.',
    });
  });

  it('process.exit fails the call; the server carries on', async () => {
    const exited = await failure('exit');
    assert.equal(exited.name, 'UserLambdaValidationException');
    assert.match(exited.message, /^PreSignUp failed with error RequestId: [0-9a-f-]{36} Error: Runtime exited with error: exit status 1\.$/);
    assert.equal((await signUp(undefined)).UserConfirmed, false);
  });

  it('handlers that spin or never answer time out after 5 s while other requests, triggers included, are served', async () => {
    const started = Date.now();
    const stuckNames = [`user${n + 1}`, `user${n + 2}`];
    const stuck = [failure('spin'), failure('hang')];
    const served: number[] = [];
    for (let i = 0; i < 3; i++) {
      await signUp(undefined);
      await server.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
      served.push(Date.now() - started);
    }
    const health = await fetch(`${server.url}/health`);
    assert.equal(health.status, 200);
    assert.ok(served.every((ms) => ms < 4000), `served while the triggers hung: ${served.join(', ')} ms`);
    const timeout = { name: 'UnexpectedLambdaException', message: 'PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.' };
    assert.deepEqual(await Promise.all(stuck), [timeout, timeout]);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 4900 && elapsed < 9000, `timed out after ${elapsed} ms`);
    // Neither created a user; the workers were replaced and the trigger runs again.
    for (const Username of stuckNames) {
      const missing = await errorOf(() => server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username })));
      assert.equal(missing.name, 'UserNotFoundException');
    }
    assert.equal((await signUp(undefined)).UserConfirmed, false);
  });
});

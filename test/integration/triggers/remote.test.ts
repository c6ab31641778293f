/**
 * Functions that do not run in Alcove's workers: an HTTP endpoint (the event POSTed as JSON with
 * an HMAC-SHA256 signature the endpoint checks) and AWS Lambda's Invoke API (here a stand-in
 * server the test starts, answering the Invoke REST call as Lambda does).
 */
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CreateUserPoolClientCommand, CreateUserPoolCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PreSignupTriggerSchema, PreTokenGenerationTriggerSchemaV2AndV3 } from '@aws-lambda-powertools/parser/schemas/cognito';
import type { PreSignUpTriggerEvent, PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { confirmedUser, PASSWORD, poolAndClient } from '../../helpers/auth-flows.ts';
import { signIn } from '../../helpers/user-session.ts';
import { arn } from './events.ts';

const SECRET = 'a-shared-secret-of-32-characters!';
const claimsOf = (jwt: string): Record<string, any> => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

const bodyOf = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('remote functions', () => {
  let server: TestServer;
  let hook: Server;
  let lambda: Server;
  const received: { signed: boolean; event: PreSignUpTriggerEvent }[] = [];
  const invocations: { path: string; event: PreTokenGenerationV2TriggerEvent }[] = [];
  const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  before(async () => {
    // The endpoint checks the signature as docs/triggers.md tells: HMAC-SHA256 of `<timestamp>.<body>`.
    hook = createServer(async (req, res) => {
      const body = await bodyOf(req);
      const timestamp = String(req.headers['x-alcove-timestamp']);
      const expected = Buffer.from(`v1=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-alcove-signature']));
      const signed = expected.length === given.length && timingSafeEqual(expected, given)
        && Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
      const event = JSON.parse(body) as PreSignUpTriggerEvent;
      received.push({ signed, event: structuredClone(event) });
      res.setHeader('content-type', 'application/json');
      if (!signed) { res.statusCode = 401; res.end(JSON.stringify({ errorMessage: 'bad signature' })); return; }
      if (event.userName.startsWith('refused')) { res.statusCode = 400; res.end(JSON.stringify({ errorMessage: 'Not on the guest list' })); return; }
      if (event.userName.startsWith('broken')) { res.statusCode = 502; res.end('Bad Gateway'); return; }
      event.response.autoConfirmUser = true;
      res.end(JSON.stringify(event));
    });
    const hookUrl = await listen(hook);
    // Lambda's Invoke: POST /2015-03-31/functions/<name>/invocations, the answer as the body.
    lambda = createServer(async (req, res) => {
      const body = await bodyOf(req);
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url ?? '');
      const name = decodeURIComponent(match?.[1] ?? '');
      if (!name.endsWith(':function:pre-token')) {
        res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
        res.end(JSON.stringify({ Type: 'User', Message: `Function not found: ${name}` }));
        return;
      }
      const event = JSON.parse(body) as PreTokenGenerationV2TriggerEvent;
      invocations.push({ path: req.url!, event });
      res.setHeader('content-type', 'application/json');
      if (event.userName === 'faulty') {
        res.setHeader('x-amz-function-error', 'Unhandled');
        res.end(JSON.stringify({ errorType: 'Error', errorMessage: 'database unavailable' }));
        return;
      }
      event.response = { claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToAddOrOverride: { via: 'lambda' } } } };
      res.end(JSON.stringify(event));
    });
    const lambdaUrl = await listen(lambda);
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLEEXAMPLE00';
    process.env.AWS_SECRET_ACCESS_KEY = 'example-secret-example-secret-example';
    server = await startTestServer({
      functions: {
        [arn('hook')]: { url: `${hookUrl}/hooks/pre-signup`, secret: SECRET },
        [arn('hook-wrong-secret')]: { url: `${hookUrl}/hooks/pre-signup`, secret: 'another-secret-of-enough-length' },
        'arn:aws:lambda:eu-west-1:123456789012:function:pre-token': { lambda: { region: 'eu-west-1', endpoint: lambdaUrl } },
        'arn:aws:lambda:eu-west-1:123456789012:function:gone': { lambda: { region: 'eu-west-1', endpoint: lambdaUrl } },
      },
    });
  });
  after(async () => {
    await server.stop();
    hook.close();
    lambda.close();
    process.env.AWS_ACCESS_KEY_ID = savedEnv.id;
    process.env.AWS_SECRET_ACCESS_KEY = savedEnv.secret;
    if (savedEnv.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    if (savedEnv.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  const poolWith = async (PreSignUp: string) => {
    const poolId = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'hooked', LambdaConfig: { PreSignUp } }))).UserPool!.Id!;
    return (await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' }))).UserPoolClient!.ClientId!;
  };
  const signUp = (ClientId: string, Username: string) =>
    server.anonymousClient.send(new SignUpCommand({ ClientId, Username, Password: 'Passw0rd!long' }));

  it('an HTTP endpoint receives the signed event and answers as a Lambda function', async () => {
    const clientId = await poolWith(arn('hook'));
    assert.equal((await signUp(clientId, 'guest')).UserConfirmed, true);
    const { signed, event } = received.at(-1)!;
    assert.equal(signed, true);
    PreSignupTriggerSchema.parse(event);
    assert.equal(event.userName, 'guest');

    const refused = await errorOf(() => signUp(clientId, 'refused1'));
    assert.deepEqual([refused.name, refused.message], ['UserLambdaValidationException', 'PreSignUp failed with error Not on the guest list.']);
    const broken = await errorOf(() => signUp(clientId, 'broken1'));
    assert.deepEqual([broken.name, broken.message], ['UnexpectedLambdaException', 'PreSignUp invocation failed due to error ServiceException.']);
  });

  it('an endpoint that checks the signature refuses a request signed with another secret', async () => {
    const clientId = await poolWith(arn('hook-wrong-secret'));
    const refused = await errorOf(() => signUp(clientId, 'guest2'));
    assert.deepEqual([refused.name, refused.message], ['UserLambdaValidationException', 'PreSignUp failed with error bad signature.']);
    assert.equal(received.at(-1)!.signed, false);
  });

  it('the lambda kind invokes through the AWS SDK: answers, function errors and missing functions', async () => {
    const target = 'arn:aws:lambda:eu-west-1:123456789012:function:pre-token';
    const { poolId, clientId } = await poolAndClient(server, { LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: target } } });
    await confirmedUser(server, poolId, 'remote');
    const tokens = await signIn(server, { poolId, clientId, username: 'remote', password: PASSWORD });
    assert.equal(claimsOf(tokens.IdToken)['via'], 'lambda');
    const { path, event } = invocations.at(-1)!;
    assert.equal(decodeURIComponent(path), `/2015-03-31/functions/${target}/invocations`);
    PreTokenGenerationTriggerSchemaV2AndV3.parse(event);

    await confirmedUser(server, poolId, 'faulty');
    const failed = await errorOf(() => signIn(server, { poolId, clientId, username: 'faulty', password: PASSWORD }));
    assert.deepEqual([failed.name, failed.message], ['UserLambdaValidationException', 'PreTokenGeneration failed with error database unavailable.']);

    const gone = 'arn:aws:lambda:eu-west-1:123456789012:function:gone';
    const other = await poolAndClient(server, { LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: gone } } });
    await confirmedUser(server, other.poolId, 'someone');
    const missing = await errorOf(() => signIn(server, { poolId: other.poolId, clientId: other.clientId, username: 'someone', password: PASSWORD }));
    assert.deepEqual([missing.name, missing.message], ['UnexpectedLambdaException', 'PreTokenGeneration invocation failed due to error ResourceNotFoundException.']);
  });
});

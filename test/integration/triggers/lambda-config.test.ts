/** LambdaConfig on CreateUserPool / UpdateUserPool / DescribeUserPool / ListUserPools: every source, pre token generation versions. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserPoolCommand, DescribeUserPoolCommand, ListUserPoolsCommand, UpdateUserPoolCommand, type LambdaConfigType,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readConfigFile, resolveSettings } from '../../../src/config.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

const arn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

describe('LambdaConfig', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(async () => { await server.stop(); });

  const describePool = async (id: string) => (await server.client.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;
  const create = async (LambdaConfig: LambdaConfigType) =>
    (await server.client.send(new CreateUserPoolCommand({ PoolName: 'triggers', LambdaConfig }))).UserPool!;

  it('stores and describes every source', async () => {
    const all: LambdaConfigType = {
      PreSignUp: arn('pre-signup'), CustomMessage: arn('message'), PostConfirmation: arn('post-confirmation'),
      PreAuthentication: arn('pre-auth'), PostAuthentication: arn('post-auth'), DefineAuthChallenge: arn('define'),
      CreateAuthChallenge: arn('create'), VerifyAuthChallengeResponse: arn('verify'), UserMigration: arn('migrate'),
      PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: arn('pre-token') },
      CustomSMSSender: { LambdaVersion: 'V1_0', LambdaArn: arn('sms-sender') },
      CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: arn('email-sender') },
      KMSKeyID: 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555',
      InboundFederation: { LambdaVersion: 'V1_0', LambdaArn: arn('federation') },
    };
    const created = await create(all);
    const expected = { ...all, PreTokenGeneration: arn('pre-token') };
    assert.deepEqual(created.LambdaConfig, expected);
    assert.deepEqual((await describePool(created.Id!)).LambdaConfig, expected);
    // Every page, until the pool: the database may hold other tests' pools.
    let found: { LambdaConfig?: LambdaConfigType } | undefined;
    let NextToken: string | undefined;
    do {
      const page = await server.client.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
      found = page.UserPools!.find((p) => p.Id === created.Id);
      NextToken = page.NextToken;
    } while (!found && NextToken);
    assert.deepEqual(found?.LambdaConfig, expected);
  });

  it('keeps the legacy PreTokenGeneration and PreTokenGenerationConfig in step', async () => {
    const legacy = await create({ PreTokenGeneration: arn('v1') });
    assert.deepEqual((await describePool(legacy.Id!)).LambdaConfig, {
      PreTokenGeneration: arn('v1'), PreTokenGenerationConfig: { LambdaArn: arn('v1'), LambdaVersion: 'V1_0' },
    });
    const both = await create({ PreTokenGeneration: arn('v3'), PreTokenGenerationConfig: { LambdaArn: arn('v3'), LambdaVersion: 'V3_0' } });
    assert.deepEqual((await describePool(both.Id!)).LambdaConfig, {
      PreTokenGeneration: arn('v3'), PreTokenGenerationConfig: { LambdaArn: arn('v3'), LambdaVersion: 'V3_0' },
    });
    const clash = await errorOf(() => create({ PreTokenGeneration: arn('a'), PreTokenGenerationConfig: { LambdaArn: arn('b'), LambdaVersion: 'V2_0' } }));
    assert.equal(clash.name, 'InvalidParameterException');
  });

  it('UpdateUserPool replaces the triggers, and one left out is removed', async () => {
    const pool = await create({ PreSignUp: arn('one'), PostConfirmation: arn('two') });
    await server.client.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id!, LambdaConfig: { PreSignUp: arn('three') } }));
    assert.deepEqual((await describePool(pool.Id!)).LambdaConfig, { PreSignUp: arn('three') });
    await server.client.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id! }));
    assert.deepEqual((await describePool(pool.Id!)).LambdaConfig, {});
  });

  it('refuses what the model refuses: ARNs and versions', async () => {
    const badArn = await errorOf(() => create({ PreSignUp: 'not-an-arn-at-all-really' }));
    assert.equal(badArn.name, 'InvalidParameterException');
    const badVersion = await errorOf(() => create({ PreTokenGenerationConfig: { LambdaArn: arn('x'), LambdaVersion: 'V9_0' as 'V1_0' } }));
    assert.equal(badVersion.name, 'InvalidParameterException');
    const senderVersion = await errorOf(() => create({ CustomSMSSender: { LambdaArn: arn('x'), LambdaVersion: 'V2_0' as 'V1_0' } }));
    assert.equal(senderVersion.name, 'InvalidParameterException');
  });
});

describe('the config file\'s functions map', () => {
  it('reads the three kinds, module paths relative to the file, and refuses a malformed entry', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'alcove-functions-'));
    try {
      const file = path.join(dir, 'alcove.yaml');
      writeFileSync(file, [
        'functions:',
        `  ${arn('a')}: { module: ./triggers/a.mjs }`,
        `  ${arn('b')}: { module: /opt/triggers/b.cjs, handler: main }`,
        `  ${arn('c')}: { url: "https://hooks.example/c", secret: "sixteen-chars-or-more" }`,
        `  ${arn('d')}: { lambda: { region: eu-west-1, endpoint: "http://127.0.0.1:4566" } }`,
      ].join('\n'));
      const settings = resolveSettings([readConfigFile(file)]);
      assert.deepEqual(settings.functions, {
        [arn('a')]: { module: path.join(dir, 'triggers/a.mjs'), handler: 'handler' },
        [arn('b')]: { module: '/opt/triggers/b.cjs', handler: 'main' },
        [arn('c')]: { url: 'https://hooks.example/c', secret: 'sixteen-chars-or-more' },
        [arn('d')]: { lambda: { region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566' } },
      });
      assert.throws(() => resolveSettings([{ functions: { [arn('e')]: { url: 'https://x.example', secret: 'short' } } }]), /functions/);
      assert.throws(() => resolveSettings([{ functions: { [arn('f')]: { module: './x.mjs', url: 'https://x.example' } } }]), /functions/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

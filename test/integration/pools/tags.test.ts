/** Tagging a user pool by its ARN. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserPoolCommand, DescribeUserPoolCommand, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

describe('user pool tags', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(async () => { await server.stop(); });

  it('tags, lists and untags a pool through its ARN; DescribeUserPool shows the same tags', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'tagged', UserPoolTags: { env: 'dev' } }));
    const arn = UserPool!.Arn!;
    assert.deepEqual((await server.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { env: 'dev' });

    await server.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: 'prod', team: 'identity' } }));
    assert.deepEqual((await server.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { env: 'prod', team: 'identity' });

    await server.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['env', 'absent'] }));
    assert.deepEqual((await server.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { team: 'identity' });
    const described = await server.client.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id }));
    assert.deepEqual(described.UserPool!.UserPoolTags, { team: 'identity' });
  });

  it('answers an ARN that names no pool here with ResourceNotFoundException', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'elsewhere' }));
    for (const arn of [
      'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_missing00',
      UserPool!.Arn!.replace(':000000000000:', ':111111111111:'),
      UserPool!.Arn!.replace('us-east-1:', 'eu-west-1:'),
    ]) {
      const err = await errorOf(() => server.client.send(new ListTagsForResourceCommand({ ResourceArn: arn })));
      assert.equal(err.name, 'ResourceNotFoundException', arn);
      const tag = await errorOf(() => server.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { a: 'b' } })));
      assert.equal(tag.name, 'ResourceNotFoundException', arn);
    }
  });

  it('caps a pool at 50 tags', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'many' }));
    const tags = (prefix: string, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 'v']));
    await server.client.send(new TagResourceCommand({ ResourceArn: UserPool!.Arn, Tags: tags('a', 40) }));
    const err = await errorOf(() => server.client.send(new TagResourceCommand({ ResourceArn: UserPool!.Arn, Tags: tags('b', 11) })));
    assert.equal(err.name, 'InvalidParameterException');
  });
});

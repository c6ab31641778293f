import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminAddUserToGroupCommand, AdminCreateUserCommand, AdminListGroupsForUserCommand, AdminRemoveUserFromGroupCommand,
  CreateGroupCommand, CreateUserPoolCommand, DeleteGroupCommand, GetGroupCommand, ListGroupsCommand,
  ListUsersInGroupCommand, UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

const ROLE = 'arn:aws:iam::000000000000:role/admins';

describe('groups', () => {
  let server: TestServer;
  let poolId: string;

  before(async () => {
    server = await startTestServer();
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'groups' }));
    poolId = UserPool!.Id!;
  });
  after(() => server.stop());

  const createUser = (username: string, email: string) => server.client.send(new AdminCreateUserCommand({
    UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: email }],
  }));

  it('creates, reads, updates and deletes a group', async () => {
    const { Group: created } = await server.client.send(new CreateGroupCommand({
      UserPoolId: poolId, GroupName: 'admins', Description: 'Administrators', Precedence: 1, RoleArn: ROLE,
    }));
    assert.equal(created?.GroupName, 'admins');
    assert.equal(created?.UserPoolId, poolId);
    assert.equal(created?.Description, 'Administrators');
    assert.equal(created?.Precedence, 1);
    assert.equal(created?.RoleArn, ROLE);
    assert.ok(created?.CreationDate instanceof Date);
    assert.ok(created?.LastModifiedDate instanceof Date);

    const { Group: read } = await server.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
    assert.deepEqual(read, created);

    const { Group: updated } = await server.client.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Precedence: 5 }));
    assert.equal(updated?.Precedence, 5);
    assert.equal(updated?.Description, 'Administrators', 'members left out keep their values');
    assert.equal(updated?.RoleArn, ROLE);
    assert.equal(updated?.CreationDate?.getTime(), created?.CreationDate?.getTime());

    await server.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
    const gone = await errorOf(() => server.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal(gone.message, 'Group not found.');
  });

  it('leaves optional members out of a bare group', async () => {
    const { Group } = await server.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'bare' }));
    assert.equal(Group?.Description, undefined);
    assert.equal(Group?.Precedence, undefined);
    assert.equal(Group?.RoleArn, undefined);
  });

  it('refuses a second group of the same name', async () => {
    await server.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'twice' }));
    const e = await errorOf(() => server.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'twice' })));
    assert.equal(e.name, 'GroupExistsException');
    assert.equal(e.message, 'A group with the name twice already exists.');
  });

  it('answers unknown pools and groups as Cognito does', async () => {
    const noPool = await errorOf(() => server.client.send(new ListGroupsCommand({ UserPoolId: 'us-east-1_nothere00' })));
    assert.equal(noPool.name, 'ResourceNotFoundException');
    assert.equal(noPool.message, 'User pool us-east-1_nothere00 does not exist.');
    for (const command of [
      new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'ghost', Description: 'x' }),
      new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'ghost' }),
      new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'ghost' }),
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'ghost', Username: 'anyone' }),
    ]) {
      const e = await errorOf(() => server.client.send(command as never));
      assert.equal(e.name, 'ResourceNotFoundException');
      assert.equal(e.message, 'Group not found.');
    }
  });

  it('lists groups in pages', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'paged-groups' }));
    const id = UserPool!.Id!;
    const names = ['g-c', 'g-a', 'g-e', 'g-b', 'g-d'];
    for (const GroupName of names) await server.client.send(new CreateGroupCommand({ UserPoolId: id, GroupName }));

    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await server.client.send(new ListGroupsCommand({ UserPoolId: id, Limit: 2, NextToken }));
      assert.ok((page.Groups?.length ?? 0) <= 2);
      seen.push(...(page.Groups ?? []).map((g) => g.GroupName!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    assert.deepEqual(seen, [...names].sort());
    assert.equal(pages, 3);

    const all = await server.client.send(new ListGroupsCommand({ UserPoolId: id }));
    assert.equal(all.Groups?.length, 5);
    assert.equal(all.NextToken, undefined);

    const zero = await errorOf(() => server.client.send(new ListGroupsCommand({ UserPoolId: id, Limit: 0 })));
    assert.equal(zero.name, 'InvalidParameterException');
    const badToken = await errorOf(() => server.client.send(new ListGroupsCommand({ UserPoolId: id, NextToken: 'not-a-token' })));
    assert.equal(badToken.name, 'InvalidParameterException');
  });

  it('adds users to groups, lists both ways, and removes them', async () => {
    await server.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'readers', Precedence: 2 }));
    await server.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'writers', RoleArn: ROLE }));
    await createUser('alice', 'alice@example.com');
    await createUser('bob', 'bob@example.com');

    for (const [Username, GroupName] of [['alice', 'readers'], ['alice', 'writers'], ['bob', 'readers']] as const) {
      await server.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username, GroupName }));
    }
    // Adding again changes nothing.
    await server.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: 'readers' }));

    const { Groups } = await server.client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    assert.deepEqual(Groups?.map((g) => g.GroupName), ['readers', 'writers']);
    assert.equal(Groups?.[0]?.Precedence, 2);
    assert.equal(Groups?.[1]?.RoleArn, ROLE);

    const { Users } = await server.client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'readers' }));
    assert.deepEqual(Users?.map((u) => u.Username).sort(), ['alice', 'bob']);
    const alice = Users?.find((u) => u.Username === 'alice');
    assert.equal(alice?.Attributes?.find((a) => a.Name === 'email')?.Value, 'alice@example.com');
    assert.ok(alice?.Attributes?.some((a) => a.Name === 'sub'));
    assert.equal(alice?.Enabled, true);
    assert.equal(alice?.UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.ok(alice?.UserCreateDate instanceof Date);

    const firstPage = await server.client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'readers', Limit: 1 }));
    assert.equal(firstPage.Users?.length, 1);
    const secondPage = await server.client.send(new ListUsersInGroupCommand({
      UserPoolId: poolId, GroupName: 'readers', Limit: 1, NextToken: firstPage.NextToken,
    }));
    assert.equal(secondPage.Users?.length, 1);
    assert.notEqual(secondPage.Users?.[0]?.Username, firstPage.Users?.[0]?.Username);

    await server.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: 'readers' }));
    // Removing someone who is not a member succeeds.
    await server.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: 'readers' }));
    const after = await server.client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    assert.deepEqual(after.Groups?.map((g) => g.GroupName), ['writers']);

    // Deleting a group ends its memberships.
    await server.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'writers' }));
    const none = await server.client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    assert.deepEqual(none.Groups, []);
  });

  it('resolves users by alias and refuses unknown ones', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'by-email', UsernameAttributes: ['email'] }));
    const id = UserPool!.Id!;
    await server.client.send(new CreateGroupCommand({ UserPoolId: id, GroupName: 'staff' }));
    await server.client.send(new AdminCreateUserCommand({ UserPoolId: id, Username: 'carol@example.com', MessageAction: 'SUPPRESS' }));
    await server.client.send(new AdminAddUserToGroupCommand({ UserPoolId: id, Username: 'carol@example.com', GroupName: 'staff' }));
    const { Users } = await server.client.send(new ListUsersInGroupCommand({ UserPoolId: id, GroupName: 'staff' }));
    assert.equal(Users?.length, 1);

    for (const command of [
      new AdminAddUserToGroupCommand({ UserPoolId: id, Username: 'nobody@example.com', GroupName: 'staff' }),
      new AdminRemoveUserFromGroupCommand({ UserPoolId: id, Username: 'nobody@example.com', GroupName: 'staff' }),
      new AdminListGroupsForUserCommand({ UserPoolId: id, Username: 'nobody@example.com' }),
    ]) {
      const e = await errorOf(() => server.client.send(command as never));
      assert.equal(e.name, 'UserNotFoundException');
      assert.equal(e.message, 'User does not exist.');
    }
  });

  it('requires a signed caller', async () => {
    const e = await errorOf(() => server.anonymousClient.send(new ListGroupsCommand({ UserPoolId: poolId })));
    assert.equal(e.name, 'UnrecognizedClientException');
  });
});

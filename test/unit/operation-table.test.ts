/**
 * The operation tables are typed against the generated operation map: the `@ts-expect-error`
 * lines below must stay errors (`npm run typecheck` fails if one compiles), and the table refuses
 * at build time what the types cannot see.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTable, requireAccessToken, type Declarations } from '../../src/operations/table.ts';
import { userPoolsTable } from '../../src/operations/user-pools.ts';
import type { Handler, UserHandler } from '../../src/userPools/context.ts';
import { changePassword } from '../../src/userPools/self/change-password.ts';
import { getUser } from '../../src/userPools/self/get-user.ts';
import { deleteGroup } from '../../src/userPools/groups/delete-group.ts';
import { deleteUserPool } from '../../src/userPools/pools/delete-user-pool.ts';

describe('operation tables', () => {
  it('do not compile with a handler under another operation\'s name', () => {
    // @ts-expect-error DeleteUserPool's handler is not DeleteGroup's, though both inputs name a pool
    const wrong: Declarations = { DeleteGroup: deleteUserPool };
    // @ts-expect-error a user handler needs its access token declared
    const bare: Declarations = { GetUser: getUser };
    // @ts-expect-error nor may an access-token declaration carry another operation's handler
    const swapped: Declarations = { GetUser: { accessToken: { scope: 's' }, handler: changePassword } };
    const right: Declarations = { DeleteGroup: deleteGroup, ...requireAccessToken('s', { GetUser: getUser }) };
    assert.ok(wrong && bare && swapped && right);
  });

  it('give handlers the members the model requires, as present', () => {
    type DeleteGroupInput = Parameters<Handler<'DeleteGroup'>>[0];
    const input: DeleteGroupInput = { GroupName: 'g', UserPoolId: 'p' };
    const name: string = input.GroupName; // not `string | undefined`
    // @ts-expect-error UserPoolId is required
    const missing: DeleteGroupInput = { GroupName: 'g' };
    type ChangePasswordInput = Parameters<UserHandler<'ChangePassword'>>[0];
    const previous: string | undefined = ({ AccessToken: 't', ProposedPassword: 'p' } satisfies ChangePasswordInput).AccessToken;
    assert.ok(name && missing && previous);
  });

  it('declare the signed-in user\'s operations as taking an access token with the admin scope', () => {
    const table = userPoolsTable();
    const accessToken = [...table.operations.values()].filter((e) => e.auth === 'accessToken');
    assert.deepEqual(accessToken.map((e) => e.name).sort(), [
      'ChangePassword', 'CompleteWebAuthnRegistration', 'ConfirmDevice', 'DeleteUser', 'DeleteUserAttributes',
      'DeleteWebAuthnCredential', 'GetUser', 'GetUserAttributeVerificationCode', 'GetUserAuthFactors', 'GlobalSignOut',
      'ListDevices', 'ListWebAuthnCredentials', 'SetUserMFAPreference', 'SetUserSettings', 'StartWebAuthnRegistration',
      'UpdateDeviceStatus', 'UpdateUserAttributes', 'VerifyUserAttribute',
    ]);
    for (const e of accessToken) assert.equal(e.auth === 'accessToken' && e.scope, 'aws.cognito.signin.user.admin');
    assert.equal(table.operations.get('AdminUserGlobalSignOut')?.auth, 'sigv4');
    assert.equal(table.operations.get('InitiateAuth')?.auth, 'none');
  });

  it('refuse an access token on an operation the model signs, or whose input has no AccessToken', () => {
    const asUser = getUser as unknown as UserHandler<'AdminGetUser'>;
    assert.throws(() => buildTable('cognito-idp', { AdminGetUser: { accessToken: { scope: 's' }, handler: asUser } }),
      /must be unsigned and require AccessToken/);
    const asSignUp = getUser as unknown as UserHandler<'SignUp'>;
    assert.throws(() => buildTable('cognito-idp', { SignUp: { accessToken: { scope: 's' }, handler: asSignUp } }),
      /must be unsigned and require AccessToken/);
  });
});

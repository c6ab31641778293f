/**
 * UserMigration: unknown users signing in with a password (USER_PASSWORD_AUTH,
 * ADMIN_USER_PASSWORD_AUTH) or asking ForgotPassword are migrated from a legacy user table by the
 * trigger; SRP sign-in never migrates.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand, AdminInitiateAuthCommand, ConfirmForgotPasswordCommand, ForgotPasswordCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { MigrateUserTriggerSchema } from '@aws-lambda-powertools/parser/schemas/cognito';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { poolAndClient } from '../../helpers/auth-flows.ts';
import { identityJsSignIn, signIn } from '../../helpers/user-session.ts';
import { readMessages } from '../../../src/userPools/messages/outbox.ts';
import { arn, moduleFunction, TriggerEvents } from './events.ts';

const claimsSub = (jwt: string): string => (JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;

describe('UserMigration', () => {
  let server: TestServer;
  let events: TriggerEvents;
  let poolId: string;
  let clientId: string;

  before(async () => {
    events = new TriggerEvents();
    server = await startTestServer({ functions: { [arn('migrate')]: moduleFunction('migration.ts') } });
    ({ poolId, clientId } = await poolAndClient(server, { LambdaConfig: { UserMigration: arn('migrate') } }));
  });
  after(async () => {
    events.close();
    await server.stop();
  });

  const user = (username: string) => server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));

  it('migrates a legacy user at USER_PASSWORD_AUTH sign-in, who then signs in as any user', async () => {
    const tokens = await signIn(server, { poolId, clientId, username: 'legacy-ann', password: 'Legacy-Pass-123' });
    assert.ok(tokens.IdToken);
    const event = await events.next('userMigration', 'UserMigration_Authentication');
    MigrateUserTriggerSchema.parse({ ...event, request: { ...event.request, password: 'redacted by the fixture' } });
    assert.equal(event.userName, 'legacy-ann');
    assert.equal(event.request.password, '(set)');
    assert.deepEqual(event.response, {
      userAttributes: null, forceAliasCreation: null, enableSMSMFA: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null,
    });
    const migrated = await user('legacy-ann');
    assert.equal(migrated.UserStatus, 'CONFIRMED');
    assert.deepEqual(Object.fromEntries(migrated.UserAttributes!.filter((a) => a.Name !== 'sub').map((a) => [a.Name, a.Value])), {
      email: 'ann@legacy.example', email_verified: 'true', name: 'Ann Legacy',
    });
    // Now a user of the pool: SRP works, and the trigger is not asked again.
    await identityJsSignIn(server, { poolId, clientId, username: 'legacy-ann', password: 'Legacy-Pass-123' });
    await signIn(server, { poolId, clientId, username: 'legacy-ann', password: 'Legacy-Pass-123' });
    await assert.rejects(events.next('userMigration'), /no userMigration/);
  });

  it('a wrong legacy password fails with the function\'s error and creates nobody; ADMIN_USER_PASSWORD_AUTH migrates too', async () => {
    const refused = await errorOf(() => signIn(server, { poolId, clientId, username: 'legacy-bob', password: 'wrong-password-1' }));
    assert.equal(refused.name, 'UserLambdaValidationException');
    assert.equal(refused.message, 'UserMigration failed with error Bad username or password.');
    assert.equal((await errorOf(() => user('legacy-bob'))).name, 'UserNotFoundException');
    const out = await server.client.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'legacy-bob', PASSWORD: 'Legacy-Pass-456' }, ClientMetadata: { source: 'admin' },
    }));
    assert.ok(out.AuthenticationResult?.AccessToken);
    assert.deepEqual((await events.next('userMigration', 'UserMigration_Authentication')).request.clientMetadata, {});
    const event = await events.next('userMigration', 'UserMigration_Authentication');
    assert.deepEqual(event.request.clientMetadata, { source: 'admin' });
  });

  it('finalUserStatus RESET_REQUIRED: migrated, then told to reset', async () => {
    const refused = await errorOf(() => signIn(server, { poolId, clientId, username: 'legacy-cid', password: 'Legacy-Pass-789' }));
    assert.equal(refused.name, 'PasswordResetRequiredException');
    assert.equal((await user('legacy-cid')).UserStatus, 'RESET_REQUIRED');
    events.clear();
  });

  it('SRP sign-in of an unknown user does not migrate: UserNotFoundException, as on Cognito', async () => {
    await assert.rejects(identityJsSignIn(server, { poolId, clientId, username: 'legacy-dee', password: 'whatever-123' }),
      (e: Error & { code?: string }) => e.code === 'UserNotFoundException' || e.name === 'UserNotFoundException');
    await assert.rejects(events.next('userMigration'), /no userMigration/);
  });

  it('a burst of first sign-ins of one legacy user migrates it once; every sign-in succeeds', async () => {
    const { poolId: pool3, clientId: client3 } = await poolAndClient(server, { LambdaConfig: { UserMigration: arn('migrate') } });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () =>
      signIn(server, { poolId: pool3, clientId: client3, username: 'legacy-ann', password: 'Legacy-Pass-123' })));
    assert.deepEqual(results.map((r) => r.status), Array(8).fill('fulfilled'));
    const subs = new Set(results.map((r) => claimsSub((r as PromiseFulfilledResult<{ IdToken: string }>).value.IdToken)));
    assert.equal(subs.size, 1);
    events.clear();
  });

  it('messageAction RESEND with desiredDeliveryMediums EMAIL (@types/aws-lambda\'s values) migrates; ForgotPassword then mails the reset code', async () => {
    const tokens = await signIn(server, { poolId, clientId, username: 'legacy-dee', password: 'Legacy-Pass-000' });
    assert.ok(tokens.AccessToken);
    assert.equal((await events.next('userMigration', 'UserMigration_Authentication')).userName, 'legacy-dee');
    assert.equal((await user('legacy-dee')).UserStatus, 'CONFIRMED');
    const { poolId: pool3, clientId: client3 } = await poolAndClient(server, { LambdaConfig: { UserMigration: arn('migrate') } });
    const out = await server.anonymousClient.send(new ForgotPasswordCommand({ ClientId: client3, Username: 'legacy-dee' }));
    assert.deepEqual(out.CodeDeliveryDetails, { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'd***@l***' });
    const [message] = await readMessages(server.services.store, server.services.vault, { destination: 'dee@legacy.example', limit: 1 });
    assert.match(message!.body, /\d{6}/);
    assert.equal(message!.poolId, pool3);
  });

  it('ForgotPassword migrates an unknown user (RESET_REQUIRED), sends the code, and the reset completes', async () => {
    const { poolId: pool2, clientId: client2 } = await poolAndClient(server, { LambdaConfig: { UserMigration: arn('migrate') } });
    const out = await server.anonymousClient.send(new ForgotPasswordCommand({ ClientId: client2, Username: 'legacy-bob' }));
    assert.equal(out.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
    const event = await events.next('userMigration', 'UserMigration_ForgotPassword');
    assert.equal(event.request.password, undefined);
    const migrated = await server.client.send(new AdminGetUserCommand({ UserPoolId: pool2, Username: 'legacy-bob' }));
    assert.equal(migrated.UserStatus, 'RESET_REQUIRED');
    const [message] = await readMessages(server.services.store, server.services.vault, { destination: 'bob@legacy.example', limit: 1 });
    const code = /(\d{6})/.exec(message!.body)![1]!;
    await server.anonymousClient.send(new ConfirmForgotPasswordCommand({ ClientId: client2, Username: 'legacy-bob', ConfirmationCode: code, Password: 'Brand-New-Pass1' }));
    const tokens = await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: client2, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'legacy-bob', PASSWORD: 'Brand-New-Pass1' },
    }));
    assert.ok(tokens.AuthenticationResult?.IdToken);
  });
});

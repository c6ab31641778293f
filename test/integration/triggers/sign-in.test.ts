/**
 * PreAuthentication, PostAuthentication and pre token generation (V1_0, V2_0, V3_0) in the
 * sign-in flows: USER_PASSWORD_AUTH with the SDK, SRP with amazon-cognito-identity-js, the
 * NEW_PASSWORD_REQUIRED challenge and refreshes; the tokens read back with aws-jwt-verify.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminAddUserToGroupCommand, AdminCreateUserCommand, AdminInitiateAuthCommand, CreateGroupCommand, GetUserCommand,
  InitiateAuthCommand, RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  PostAuthenticationTriggerSchema, PreAuthenticationTriggerSchema, PreTokenGenerationTriggerSchemaV1, PreTokenGenerationTriggerSchemaV2AndV3,
} from '@aws-lambda-powertools/parser/schemas/cognito';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { confirmedUser, PASSWORD, poolAndClient } from '../../helpers/auth-flows.ts';
import { identityJsSignIn, refresh, signIn } from '../../helpers/user-session.ts';
import { arn, moduleFunction, TriggerEvents } from './events.ts';

const claimsOf = (jwt: string): Record<string, any> => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
const SCHEMA = [{ Name: 'blocked', AttributeDataType: 'String' as const, Mutable: true }, { Name: 'mode', AttributeDataType: 'String' as const, Mutable: true }];

describe('sign-in triggers: PreAuthentication, PostAuthentication, pre token generation', () => {
  let server: TestServer;
  let events: TriggerEvents;

  before(async () => {
    events = new TriggerEvents();
    server = await startTestServer({
      functions: {
        [arn('pre-auth')]: moduleFunction('lifecycle.ts', 'preAuthentication'),
        [arn('post-auth')]: moduleFunction('lifecycle.ts', 'postAuthentication'),
        [arn('token-v1')]: moduleFunction('tokens.ts', 'v1'),
        [arn('token-v2')]: moduleFunction('tokens.ts', 'v2'),
        [arn('token-v3')]: moduleFunction('tokens.ts', 'v3'),
      },
    });
  });
  after(async () => {
    events.close();
    await server.stop();
  });

  const userWith = async (poolId: string, username: string, extra: { Name: string; Value: string }[] = []) =>
    confirmedUser(server, poolId, username, [
      { Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' },
      { Name: 'phone_number', Value: '+15550001111' }, { Name: 'family_name', Value: 'Original' }, ...extra,
    ]);

  it('PreAuthentication sees the sign-in and may refuse it; PostAuthentication failing withholds the tokens', async () => {
    const { poolId, clientId } = await poolAndClient(server, {
      Schema: SCHEMA, LambdaConfig: { PreAuthentication: arn('pre-auth'), PostAuthentication: arn('post-auth') },
    });
    await userWith(poolId, 'alice');
    await userWith(poolId, 'blocked', [{ Name: 'custom:blocked', Value: 'yes' }]);
    events.clear();

    const tokens = await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD }, ClientMetadata: { app: 'web' },
    }));
    assert.ok(tokens.AuthenticationResult?.IdToken);
    const pre = await events.next('preAuthentication');
    PreAuthenticationTriggerSchema.parse(pre);
    assert.equal(pre.userName, 'alice');
    assert.equal(pre.request.userAttributes['cognito:user_status'], 'CONFIRMED');
    assert.deepEqual(pre.request.validationData, { app: 'web' });
    const post = await events.next('postAuthentication');
    PostAuthenticationTriggerSchema.parse(post);
    assert.equal(post.request.newDeviceUsed, false);
    assert.deepEqual(post.request.clientMetadata, { app: 'web' });

    const refused = await errorOf(() => server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'blocked', PASSWORD },
    })));
    assert.equal(refused.name, 'UserLambdaValidationException');
    assert.equal(refused.message, 'PreAuthentication failed with error This account is blocked..');

    const withheld = await errorOf(() => server.client.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD },
      ClientMetadata: { mode: 'fail' },
    })));
    assert.equal(withheld.name, 'UserLambdaValidationException');
    assert.equal(withheld.message, 'PostAuthentication failed with error audit log unavailable.');

    // SRP (identity-js) runs PreAuthentication at its first step.
    events.clear();
    await identityJsSignIn(server, { poolId, clientId, username: 'alice', password: PASSWORD });
    assert.equal((await events.next('preAuthentication')).userName, 'alice');
    await events.next('postAuthentication');
  });

  it('V1_0 (the legacy PreTokenGeneration ARN) customises the ID token and the groups, for SRP sign-in too', async () => {
    const { poolId, clientId } = await poolAndClient(server, { LambdaConfig: { PreTokenGeneration: arn('token-v1') } });
    await userWith(poolId, 'bob');
    await server.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'staff', RoleArn: 'arn:aws:iam::000000000000:role/staff', Precedence: 1 }));
    await server.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'bob', GroupName: 'staff' }));
    events.clear();

    const user = await identityJsSignIn(server, { poolId, clientId, username: 'bob', password: PASSWORD });
    const session = user.getSignInUserSession()!;
    const id = session.getIdToken().decodePayload();
    assert.equal(id['pet_preference'], 'dogs');
    assert.equal(id['family_name'], 'Overridden');
    assert.equal(id['email'], undefined);
    assert.equal(id['phone_number'], '+15550001111');
    assert.deepEqual(id['cognito:groups'], ['from-trigger']);
    const access = session.getAccessToken().decodePayload();
    assert.deepEqual(access['cognito:groups'], ['from-trigger']);
    assert.equal(access['pet_preference'], undefined, 'V1_0 does not touch the access token');

    const event = await events.next('preTokenV1');
    PreTokenGenerationTriggerSchemaV1.parse(event);
    assert.equal(event.version, '1');
    assert.equal(event.triggerSource, 'TokenGeneration_Authentication');
    assert.deepEqual(event.request.groupConfiguration, {
      groupsToOverride: ['staff'], iamRolesToOverride: ['arn:aws:iam::000000000000:role/staff'], preferredRole: 'arn:aws:iam::000000000000:role/staff',
    });
    assert.equal(event.request.scopes, undefined);
  });

  it('V2_0 customises both tokens and the scopes; aws-jwt-verify reads the added claim', async () => {
    const { poolId, clientId } = await poolAndClient(server, {
      LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: arn('token-v2') } },
    });
    await userWith(poolId, 'carol');
    events.clear();
    const tokens = await signIn(server, { poolId, clientId, username: 'carol', password: PASSWORD });
    const verifier = JwtRsaVerifier.create(
      { issuer: `${server.url}/${poolId}`, audience: clientId, jwksUri: `https://alcove.test/${poolId}/.well-known/jwks.json` },
      { jwksCache: new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri.replace('https://alcove.test', server.url))).arrayBuffer() } }) },
    );
    const id = await verifier.verify(tokens.IdToken);
    assert.equal(id['tenant'], 'acme');
    assert.equal(id['level'], 3);
    assert.deepEqual(id['flags'], ['a', 'b']);
    assert.equal(id['phone_number'], undefined);
    const access = claimsOf(tokens.AccessToken);
    assert.equal(access['tenant'], 'acme');
    assert.equal(access['scope'], 'orders/read');
    // Without the admin scope the access token no longer authorises the user's own operations.
    const refused = await errorOf(() => server.anonymousClient.send(new GetUserCommand({ AccessToken: tokens.AccessToken })));
    assert.equal(refused.name, 'NotAuthorizedException');

    const event = await events.next('preTokenV2');
    PreTokenGenerationTriggerSchemaV2AndV3.parse(event);
    assert.equal(event.version, '2');
    assert.deepEqual(event.request.scopes, ['aws.cognito.signin.user.admin']);

    const kept = await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD }, ClientMetadata: { keepAdmin: 'yes' },
    }));
    assert.equal(claimsOf(kept.AuthenticationResult!.AccessToken!)['scope'], 'aws.cognito.signin.user.admin orders/read');
    await server.anonymousClient.send(new GetUserCommand({ AccessToken: kept.AuthenticationResult!.AccessToken! }));
  });

  it('V3_0 runs on refresh and after NEW_PASSWORD_REQUIRED, with the matching trigger source; a reserved claim is refused', async () => {
    const { poolId, clientId } = await poolAndClient(server, {
      Schema: SCHEMA, LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V3_0', LambdaArn: arn('token-v3') } },
    });
    await userWith(poolId, 'dave');
    const tokens = await signIn(server, { poolId, clientId, username: 'dave', password: PASSWORD });
    assert.equal(claimsOf(tokens.IdToken)['source'], 'TokenGeneration_Authentication');
    assert.equal((await events.next('preTokenV3', 'TokenGeneration_Authentication')).version, '3');

    const refreshed = await refresh(server, { clientId, refreshToken: tokens.RefreshToken });
    assert.equal(claimsOf(refreshed.IdToken)['source'], 'TokenGeneration_RefreshTokens');
    assert.equal(claimsOf(refreshed.AccessToken)['source'], 'TokenGeneration_RefreshTokens');
    PreTokenGenerationTriggerSchemaV2AndV3.parse(await events.next('preTokenV3', 'TokenGeneration_RefreshTokens'));

    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'erin', TemporaryPassword: 'Temp-Pass-123!', MessageAction: 'SUPPRESS',
    }));
    const challenge = await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'erin', PASSWORD: 'Temp-Pass-123!' },
    }));
    assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    const answered = await server.anonymousClient.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session,
      ChallengeResponses: { USERNAME: 'erin', NEW_PASSWORD: PASSWORD },
    }));
    assert.equal(claimsOf(answered.AuthenticationResult!.IdToken!)['source'], 'TokenGeneration_NewPasswordChallenge');

    await userWith(poolId, 'frank', [{ Name: 'custom:mode', Value: 'reserved' }]);
    const refused = await errorOf(() => signIn(server, { poolId, clientId, username: 'frank', password: PASSWORD }));
    assert.equal(refused.name, 'InvalidLambdaResponseException');
    events.clear();
  });
});

/**
 * The race suite's scenarios: one request fired many times at once (or two operations fired
 * against each other), then the invariant a user would check afterwards. The same scenarios run
 * against one server (test/race/*.test.ts, on SQLite and on PostgreSQL) and against two real
 * nodes on one PostgreSQL (test/multi-node/races.test.ts), with requests spread over the nodes.
 *
 * The servers run with a fixed development code (`123456`), so that the code races need no
 * outbox reading and a wrong code is any other one.
 */
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import {
  AddUserPoolClientSecretCommand, AdminAddUserToGroupCommand, CreateManagedLoginBrandingCommand, DescribeManagedLoginBrandingCommand, UpdateManagedLoginBrandingCommand, AdminCreateUserCommand, AdminDeleteUserCommand,
  AdminDisableUserCommand, AdminGetUserCommand, AdminListGroupsForUserCommand, AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand, AdminUserGlobalSignOutCommand, AssociateSoftwareTokenCommand, CognitoIdentityProviderClient,
  CompleteWebAuthnRegistrationCommand, ConfirmDeviceCommand, ConfirmForgotPasswordCommand, ConfirmSignUpCommand,
  CreateGroupCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, DescribeUserPoolCommand, ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand, GetUserCommand, InitiateAuthCommand, ListTagsForResourceCommand, ListUsersCommand,
  ListUserPoolClientSecretsCommand, RespondToAuthChallengeCommand, RevokeTokenCommand, SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand, SignUpCommand, StartWebAuthnRegistrationCommand, TagResourceCommand, UpdateUserAttributesCommand,
  UpdateUserPoolCommand, VerifySoftwareTokenCommand, type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { Browser, signInByForm } from '../integration/oauth/helpers.ts';
import {
  CognitoIdentityClient, CreateIdentityPoolCommand, DeleteIdentitiesCommand, DeleteIdentityPoolCommand, DescribeIdentityCommand, GetIdCommand,
  GetOpenIdTokenForDeveloperIdentityCommand, ListIdentitiesCommand, LookupDeveloperIdentityCommand, MergeDeveloperIdentitiesCommand,
  type IdentityDescription,
} from '@aws-sdk/client-cognito-identity';
import { totpCode } from '../../src/userPools/mfa/totp.ts';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { softAuthenticator } from '../helpers/soft-authenticator.ts';
import {
  computeU, computeVerifier, computeX, derivePasswordAuthKey, formatSrpTimestamp, g, k, modPowN, N, passwordClaimSignature,
} from '../../src/userPools/srp/index.ts';

export const FIXED_CODE = '123456';
export const WRONG_CODE = '654321';
const PASSWORD = 'Correct-Horse1';
const WRONG = 'Wrong-Password1';

/** Where the requests go: one entry per node (one for a single server). */
export interface RaceTarget {
  /** Clients signing admin calls with the server's access key. */
  admin: CognitoIdentityProviderClient[];
  /** Clients for the public operations. */
  anon: CognitoIdentityProviderClient[];
}

/** An SDK client that really sends a burst at once: enough sockets for every request in it. */
export function burstClient(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint, region: 'us-east-1', maxAttempts: 1, credentials,
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 1_024 }), requestTimeout: 120_000 },
  });
}

export const ANONYMOUS = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'not-a-real-secret-key-at-all' };

/** Request `i` of a burst goes to node `i mod n`. */
const admin = (t: RaceTarget, i = 0) => t.admin[i % t.admin.length]!;
const anon = (t: RaceTarget, i = 0) => t.anon[i % t.anon.length]!;

/** Fires `n` calls at once; each settles to its result or its error's name and message. */
async function burst<T>(n: number, call: (i: number) => Promise<T>): Promise<({ ok: T } | { error: string; message: string })[]> {
  return Promise.all(Array.from({ length: n }, async (_, i) => {
    try {
      return { ok: await call(i) };
    } catch (e) {
      const err = e as Error;
      return { error: err.name, message: err.message };
    }
  }));
}

const succeeded = <T>(r: { ok: T } | { error: string }): r is { ok: T } => 'ok' in r;

async function rejected(what: string, call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
  } catch (e) {
    return (e as Error).name;
  }
  assert.fail(`${what} still works`);
}

interface Setup {
  poolId: string;
  clientId: string;
}

async function pool(t: RaceTarget, client: Record<string, unknown> = {}): Promise<Setup> {
  const created = await admin(t).send(new CreateUserPoolCommand({
    PoolName: `race-${randomBytes(3).toString('hex')}`, AutoVerifiedAttributes: ['email'],
  }));
  const poolId = created.UserPool!.Id!;
  const out = await admin(t).send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'app',
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ...client,
  }));
  return { poolId, clientId: out.UserPoolClient!.ClientId! };
}

async function confirmedUser(t: RaceTarget, s: Setup, username: string): Promise<void> {
  await admin(t).send(new AdminCreateUserCommand({
    UserPoolId: s.poolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
  }));
  await admin(t, 1).send(new AdminSetUserPasswordCommand({ UserPoolId: s.poolId, Username: username, Password: PASSWORD, Permanent: true }));
}

const signIn = async (t: RaceTarget, s: Setup, username: string, password = PASSWORD, i = 0): Promise<AuthenticationResultType> =>
  (await anon(t, i).send(new InitiateAuthCommand({
    ClientId: s.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password },
  }))).AuthenticationResult!;

/**
 * Lockout: a burst of wrong passwords, the right one last. Cognito's lock (five free failures,
 * then 1 s, 2 s, 4 s ...) allows at most 5 + ⌊log2(elapsed s + 1)⌋ checked passwords however
 * the burst is spread over nodes; the others are refused unchecked (`Password attempts exceeded`).
 */
export async function lockoutBurst(t: RaceTarget, n: number): Promise<void> {
  const s = await pool(t);
  await confirmedUser(t, s, 'locked');
  const started = performance.now();
  const results = await burst(n + 1, (i) => signIn(t, s, 'locked', i === n ? PASSWORD : WRONG, i));
  const elapsedS = (performance.now() - started) / 1000;
  const checked = results.filter((r) => succeeded(r) || r.message === 'Incorrect username or password.').length;
  const refused = results.filter((r) => !succeeded(r) && r.message === 'Password attempts exceeded').length;
  assert.equal(checked + refused, n + 1, `unexpected answers: ${JSON.stringify(results.find((r) => !succeeded(r) && r.message !== 'Password attempts exceeded' && r.message !== 'Incorrect username or password.'))}`);
  const allowed = 5 + Math.floor(Math.log2(elapsedS + 1));
  assert.ok(checked <= allowed, `${checked} of ${n + 1} passwords were checked in ${elapsedS.toFixed(1)} s (at most ${allowed} may be)`);
  if (elapsedS < 1) assert.ok(!succeeded(results[n]!), 'the right password inside the burst signed in');
}

/**
 * The other side of the lockout's bound: `n` sign-ins of one user with the right password at once
 * (one person's devices, a load test) all succeed; they take turns for the checks, none is refused.
 */
export async function concurrentSignInsSucceed(t: RaceTarget, n: number): Promise<void> {
  const s = await pool(t);
  await confirmedUser(t, s, 'popular');
  const results = await burst(n, (i) => signIn(t, s, 'popular', PASSWORD, i));
  const refused = results.filter((r) => !succeeded(r));
  assert.equal(refused.length, 0, `${refused.length} of ${n} right passwords refused: ${JSON.stringify(refused[0])}`);
}

/** ForgotPassword's code, submitted `n` times at once with different new passwords: one takes. */
export async function forgotPasswordCodeOnce(t: RaceTarget, n: number): Promise<void> {
  const s = await pool(t);
  await confirmedUser(t, s, 'forgetful');
  await anon(t).send(new ForgotPasswordCommand({ ClientId: s.clientId, Username: 'forgetful' }));
  const results = await burst(n, (i) => anon(t, i).send(new ConfirmForgotPasswordCommand({
    ClientId: s.clientId, Username: 'forgetful', ConfirmationCode: FIXED_CODE, Password: `New-Password${i}`,
  })));
  const winners = results.flatMap((r, i) => (succeeded(r) ? [i] : []));
  assert.equal(winners.length, 1, `the code was accepted ${winners.length} times`);
  // The others: spent already, or no attempt left on the code (the first five reserved them).
  for (const r of results) {
    if (!succeeded(r)) assert.ok(['ExpiredCodeException', 'LimitExceededException'].includes(r.error), `${r.error}: ${r.message}`);
  }
  // The winner's password is the one set.
  await signIn(t, s, 'forgetful', `New-Password${winners[0]!}`);
}

/** ConfirmSignUp's code, submitted `n` times at once: confirmed once, the others told it is spent. */
export async function confirmSignUpCodeOnce(t: RaceTarget, n: number): Promise<void> {
  const s = await pool(t);
  await anon(t).send(new SignUpCommand({
    ClientId: s.clientId, Username: 'newcomer', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'newcomer@example.com' }],
  }));
  const results = await burst(n, (i) => anon(t, i).send(new ConfirmSignUpCommand({
    ClientId: s.clientId, Username: 'newcomer', ConfirmationCode: FIXED_CODE,
  })));
  const ok = results.filter(succeeded).length;
  assert.equal(ok, 1, `the code was accepted ${ok} times`);
  for (const r of results) {
    if (!succeeded(r)) {
      assert.ok(['ExpiredCodeException', 'LimitExceededException', 'NotAuthorizedException'].includes(r.error), `${r.error}: ${r.message}`);
    }
  }
  const user = await admin(t).send(new AdminGetUserCommand({ UserPoolId: s.poolId, Username: 'newcomer' }));
  assert.equal(user.UserStatus, 'CONFIRMED');
}

/** `n` wrong codes at once: at most five are compared, then the code is void (the right one too). */
export async function codeAttemptLimit(t: RaceTarget, n: number): Promise<void> {
  const s = await pool(t);
  await confirmedUser(t, s, 'guessed');
  await anon(t).send(new ForgotPasswordCommand({ ClientId: s.clientId, Username: 'guessed' }));
  const results = await burst(n, (i) => anon(t, i).send(new ConfirmForgotPasswordCommand({
    ClientId: s.clientId, Username: 'guessed', ConfirmationCode: WRONG_CODE, Password: 'New-Password1',
  })));
  const compared = results.filter((r) => !succeeded(r) && r.error === 'CodeMismatchException').length;
  assert.ok(compared <= 5, `${compared} wrong codes were compared`);
  for (const r of results) if (!succeeded(r) && r.error !== 'CodeMismatchException') assert.equal(r.error, 'LimitExceededException', r.message);
}

interface Round { refreshed: AuthenticationResultType[]; signedIn: AuthenticationResultType }

/**
 * A refresh-token family under fire: `n` GetTokensFromRefreshToken of one token (rotation on,
 * with a retry grace period so that they may all pass) while `revoke` runs; once `revoke` has
 * returned and the burst has settled, no token of any answer may still work.
 */
async function refreshAgainst(t: RaceTarget, s: Setup, username: string, n: number, revoke: (tokens: AuthenticationResultType) => Promise<unknown>): Promise<Round> {
  const signedIn = await signIn(t, s, username);
  const refreshes = burst(n, (i) => anon(t, i).send(new GetTokensFromRefreshTokenCommand({
    ClientId: s.clientId, RefreshToken: signedIn.RefreshToken!,
  })));
  // Let the first refreshes reach the server before the revocation does.
  await new Promise((resolve) => setTimeout(resolve, 5));
  await revoke(signedIn);
  const refreshed = (await refreshes).filter(succeeded).map((r) => r.ok.AuthenticationResult!);
  return { refreshed, signedIn };
}

async function assertAllDead(t: RaceTarget, s: Setup, round: Round, what: string): Promise<void> {
  const tokens = [round.signedIn, ...round.refreshed];
  await Promise.all(tokens.map(async (r, i) => {
    await rejected(`an access token after ${what}`, () => anon(t, i).send(new GetUserCommand({ AccessToken: r.AccessToken! })));
    if (r.RefreshToken) {
      await rejected(`a refresh token after ${what}`, () => anon(t, i + 1).send(new GetTokensFromRefreshTokenCommand({
        ClientId: s.clientId, RefreshToken: r.RefreshToken!,
      })));
    }
  }));
}

const ROTATING = { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 60 } } as const;

export async function refreshVersusGlobalSignOut(t: RaceTarget, rounds: number, n: number): Promise<void> {
  const s = await pool(t, ROTATING);
  await confirmedUser(t, s, 'signed-out');
  for (let round = 0; round < rounds; round++) {
    const r = await refreshAgainst(t, s, 'signed-out', n, () => admin(t, 1).send(new AdminUserGlobalSignOutCommand({
      UserPoolId: s.poolId, Username: 'signed-out',
    })));
    await assertAllDead(t, s, r, `AdminUserGlobalSignOut (round ${round + 1})`);
  }
}

export async function refreshVersusRevokeToken(t: RaceTarget, rounds: number, n: number): Promise<void> {
  const s = await pool(t, ROTATING);
  await confirmedUser(t, s, 'revoked');
  for (let round = 0; round < rounds; round++) {
    const r = await refreshAgainst(t, s, 'revoked', n, (tokens) => anon(t, 1).send(new RevokeTokenCommand({
      ClientId: s.clientId, Token: tokens.RefreshToken!,
    })));
    await assertAllDead(t, s, r, `RevokeToken (round ${round + 1})`);
  }
}

/** Rotation with no grace period: `n` refreshes of one token at once give one successor. */
export async function rotationWithoutGrace(t: RaceTarget, n: number): Promise<void> {
  const s = await pool(t, { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } });
  await confirmedUser(t, s, 'rotated');
  const signedIn = await signIn(t, s, 'rotated');
  const results = await burst(n, (i) => anon(t, i).send(new GetTokensFromRefreshTokenCommand({
    ClientId: s.clientId, RefreshToken: signedIn.RefreshToken!,
  })));
  const ok = results.filter(succeeded);
  assert.equal(ok.length, 1, `${ok.length} successors of one refresh token`);
  // The first reuse revokes the family; later ones find it revoked.
  for (const r of results) {
    if (!succeeded(r)) assert.ok(r.error === 'RefreshTokenReuseException' || r.message === 'Refresh Token has been revoked', `${r.error}: ${r.message}`);
  }
}

/** A rotated-out token used after its grace period revokes its family: the successor dies too. */
export async function reuseRevokesFamily(t: RaceTarget): Promise<void> {
  const s = await pool(t, { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } });
  await confirmedUser(t, s, 'reused');
  const signedIn = await signIn(t, s, 'reused');
  const rotate = (token: string, i = 0) => anon(t, i).send(new GetTokensFromRefreshTokenCommand({ ClientId: s.clientId, RefreshToken: token }));
  const next = (await rotate(signedIn.RefreshToken!)).AuthenticationResult!;
  assert.equal(await rejected('a reused rotated-out token', () => rotate(signedIn.RefreshToken!, 1)), 'RefreshTokenReuseException');
  await assertAllDead(t, s, { signedIn, refreshed: [next] }, 'the reuse of a rotated-out token');
}

/**
 * An administrator's change racing the user's own UpdateUserAttributes calls: whatever the order,
 * the administrator's change (which answered 200) is what the user row says afterwards.
 */
export async function adminChangesSurvive(t: RaceTarget, rounds: number, n: number): Promise<void> {
  const s = await pool(t);
  const changes: { name: string; run: (username: string, i: number) => Promise<unknown>; check: (username: string) => Promise<void> }[] = [
    {
      name: 'AdminDisableUser',
      run: (username, i) => admin(t, i).send(new AdminDisableUserCommand({ UserPoolId: s.poolId, Username: username })),
      async check(username) {
        const user = await admin(t).send(new AdminGetUserCommand({ UserPoolId: s.poolId, Username: username }));
        assert.equal(user.Enabled, false, `${username} is enabled again after AdminDisableUser`);
      },
    },
    {
      name: 'AdminSetUserPassword',
      run: (username, i) => admin(t, i).send(new AdminSetUserPasswordCommand({ UserPoolId: s.poolId, Username: username, Password: 'Admin-Chosen1', Permanent: true })),
      async check(username) {
        await rejected(`${username}'s old password after AdminSetUserPassword`, () => signIn(t, s, username));
        await signIn(t, s, username, 'Admin-Chosen1');
      },
    },
    {
      name: 'AdminResetUserPassword',
      run: (username, i) => admin(t, i).send(new AdminResetUserPasswordCommand({ UserPoolId: s.poolId, Username: username })),
      async check(username) {
        const user = await admin(t).send(new AdminGetUserCommand({ UserPoolId: s.poolId, Username: username }));
        assert.equal(user.UserStatus, 'RESET_REQUIRED', `${username} is ${user.UserStatus} after AdminResetUserPassword`);
        await rejected(`${username}'s old password after AdminResetUserPassword`, () => signIn(t, s, username));
      },
    },
  ];
  for (const change of changes) {
    for (let round = 0; round < rounds; round++) {
      const username = `${change.name.toLowerCase()}-${round}`;
      await confirmedUser(t, s, username);
      const { AccessToken } = await signIn(t, s, username);
      const updates = burst(n, (i) => anon(t, i).send(new UpdateUserAttributesCommand({
        AccessToken, UserAttributes: [{ Name: 'name', Value: `name ${i}` }],
      })));
      await new Promise((resolve) => setTimeout(resolve, 2));
      await change.run(username, round);
      await updates;
      await change.check(username);
    }
  }
}

/**
 * Directory writes that read before they write: `n` AdminAddUserToGroup of one membership at
 * once all succeed and leave one membership; `n` TagResource calls with distinct keys at once
 * keep every tag; `n` AdminDeleteUser of one user at once count it out of the pool once.
 */
export async function directoryWritesCompose(t: RaceTarget, n: number): Promise<void> {
  const s = await pool(t);
  await confirmedUser(t, s, 'member');
  await confirmedUser(t, s, 'stays');
  await admin(t).send(new CreateGroupCommand({ UserPoolId: s.poolId, GroupName: 'team' }));
  const adds = await burst(n, (i) => admin(t, i).send(new AdminAddUserToGroupCommand({ UserPoolId: s.poolId, Username: 'member', GroupName: 'team' })));
  for (const r of adds) assert.ok(succeeded(r), `AdminAddUserToGroup failed: ${JSON.stringify(r)}`);
  const groups = await admin(t).send(new AdminListGroupsForUserCommand({ UserPoolId: s.poolId, Username: 'member' }));
  assert.deepEqual(groups.Groups?.map((g) => g.GroupName), ['team']);

  const described = await admin(t).send(new DescribeUserPoolCommand({ UserPoolId: s.poolId }));
  const arn = described.UserPool!.Arn!;
  const tags = await burst(n, (i) => admin(t, i).send(new TagResourceCommand({ ResourceArn: arn, Tags: { [`key${i}`]: `value${i}` } })));
  for (const r of tags) assert.ok(succeeded(r), `TagResource failed: ${JSON.stringify(r)}`);
  const listed = await admin(t).send(new ListTagsForResourceCommand({ ResourceArn: arn }));
  assert.equal(Object.keys(listed.Tags ?? {}).length, n, `${Object.keys(listed.Tags ?? {}).length} of ${n} tags kept`);

  await burst(n, (i) => admin(t, i).send(new AdminDeleteUserCommand({ UserPoolId: s.poolId, Username: 'member' })));
  const after = await admin(t).send(new DescribeUserPoolCommand({ UserPoolId: s.poolId }));
  assert.equal(after.UserPool!.EstimatedNumberOfUsers, 1, 'the deleted user was counted out more than once');
}

/**
 * Client secrets: `n` AddUserPoolClientSecret at once on a client with one secret leave it with
 * two (Cognito's limit); every other call is refused with LimitExceededException.
 */
export async function clientSecretsAtMostTwo(t: RaceTarget, n: number): Promise<void> {
  const s = await pool(t, { GenerateSecret: true });
  const adds = await burst(n, (i) => admin(t, i).send(new AddUserPoolClientSecretCommand({ UserPoolId: s.poolId, ClientId: s.clientId })));
  assert.equal(adds.filter(succeeded).length, 1, `${adds.filter(succeeded).length} secrets added`);
  for (const r of adds) if (!succeeded(r)) assert.equal(r.error, 'LimitExceededException', r.message);
  const listed = await admin(t).send(new ListUserPoolClientSecretsCommand({ UserPoolId: s.poolId, ClientId: s.clientId }));
  assert.equal(listed.ClientSecrets?.length, 2);
}

/** The base URL an SDK client sends to (its node). */
async function baseUrlOf(client: CognitoIdentityProviderClient): Promise<string> {
  const ep = await client.config.endpoint!();
  return `${ep.protocol}//${ep.hostname}${ep.port ? `:${ep.port}` : ''}`;
}

/**
 * One authorization code redeemed `n` times at once over the nodes: one set of tokens, and, the
 * others being replays, those tokens revoked (RFC 6749 §4.1.2): its refresh token no longer
 * refreshes and its access token no longer calls GetUser.
 */
export async function authorizationCodeOnce(t: RaceTarget, n: number): Promise<void> {
  const bases = await Promise.all(t.anon.map(baseUrlOf));
  const callback = 'http://localhost:3000/callback';
  const s = await pool(t, {
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'aws.cognito.signin.user.admin'],
    CallbackURLs: [callback], SupportedIdentityProviders: ['COGNITO'],
  });
  await confirmedUser(t, s, 'coded');
  const browser = new Browser(bases[0]!);
  const location = await signInByForm(browser, `/oauth2/authorize?${new URLSearchParams({
    response_type: 'code', client_id: s.clientId, redirect_uri: callback, scope: 'openid aws.cognito.signin.user.admin',
  })}`, 'coded', PASSWORD);
  const code = location.searchParams.get('code')!;
  const form = (base: string, body: Record<string, string>) => fetch(`${base}/oauth2/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString(),
  });
  const answers = await Promise.all(Array.from({ length: n }, async (_, i) => {
    const res = await form(bases[i % bases.length]!, { grant_type: 'authorization_code', client_id: s.clientId, code, redirect_uri: callback });
    return { status: res.status, body: await res.json() as Record<string, string> };
  }));
  const won = answers.filter((a) => a.status === 200);
  assert.equal(won.length, 1, `${won.length} token sets for one code`);
  for (const a of answers) if (a.status !== 200) assert.deepEqual([a.status, a.body.error], [400, 'invalid_grant']);
  const tokens = won[0]!.body;
  const refresh = await form(bases[bases.length - 1]!, { grant_type: 'refresh_token', client_id: s.clientId, refresh_token: tokens.refresh_token! });
  assert.equal(refresh.status, 400, 'the replayed code\'s refresh token still refreshes');
  assert.equal(await rejected('the replayed code\'s access token', () => anon(t, 1).send(new GetUserCommand({ AccessToken: tokens.access_token! }))), 'NotAuthorizedException');
}

/** Identity pool clients for the same nodes (signed with the server's key, and anonymous). */
export interface IdentityRaceTarget extends RaceTarget {
  identityAdmin: CognitoIdentityClient[];
  identityAnon: CognitoIdentityClient[];
}

export function identityBurstClient(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }): CognitoIdentityClient {
  return new CognitoIdentityClient({
    endpoint, region: 'us-east-1', maxAttempts: 1, credentials,
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 1_024 }), requestTimeout: 120_000 },
  });
}

const idAdmin = (t: IdentityRaceTarget, i = 0) => t.identityAdmin[i % t.identityAdmin.length]!;
const idAnon = (t: IdentityRaceTarget, i = 0) => t.identityAnon[i % t.identityAnon.length]!;
const DEVELOPER = 'login.race.example';

async function identityPool(t: IdentityRaceTarget, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await idAdmin(t).send(new CreateIdentityPoolCommand({
    IdentityPoolName: `race${randomBytes(3).toString('hex')}`, AllowUnauthenticatedIdentities: true, DeveloperProviderName: DEVELOPER, ...extra,
  }));
  return created.IdentityPoolId!;
}

/** The identities of a pool (all pages), with their developer user identifiers. */
async function identitiesOf(t: IdentityRaceTarget, poolId: string, hideDisabled: boolean): Promise<IdentityDescription[]> {
  const out: IdentityDescription[] = [];
  let next: string | undefined;
  do {
    const page = await idAdmin(t).send(new ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 60, NextToken: next, HideDisabled: hideDisabled }));
    out.push(...(page.Identities ?? []));
    next = page.NextToken;
  } while (next);
  return out;
}

/**
 * GetId for one login, `n` times at once (a user pool ID token; also n developer tokens for one
 * developer user): every call answers the same identity, and the pool holds one.
 */
export async function getIdOnce(t: IdentityRaceTarget, n: number): Promise<void> {
  const s = await pool(t);
  await confirmedUser(t, s, 'identity');
  const { IdToken } = await signIn(t, s, 'identity');
  const provider = `cognito-idp.us-east-1.amazonaws.com/${s.poolId}`;
  const poolId = await identityPool(t, { CognitoIdentityProviders: [{ ProviderName: provider, ClientId: s.clientId }] });
  const results = await burst(n, (i) => idAnon(t, i).send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: IdToken! } })));
  for (const r of results) assert.ok(succeeded(r), `GetId failed: ${JSON.stringify(r)}`);
  const ids = new Set(results.map((r) => (r as { ok: { IdentityId?: string } }).ok.IdentityId));
  assert.equal(ids.size, 1, `${ids.size} identities answered for one login`);
  assert.equal((await identitiesOf(t, poolId, false)).length, 1);

  const dev = await burst(n, (i) => idAdmin(t, i).send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { [DEVELOPER]: 'one-user' } })));
  for (const r of dev) assert.ok(succeeded(r), `GetOpenIdTokenForDeveloperIdentity failed: ${JSON.stringify(r)}`);
  assert.equal(new Set(dev.map((r) => (r as { ok: { IdentityId?: string } }).ok.IdentityId)).size, 1);
  assert.equal((await identitiesOf(t, poolId, false)).length, 2);
}

/**
 * MergeDeveloperIdentities in both directions and across a ring of developer users, `n` at once:
 * afterwards every developer user belongs to exactly one enabled identity, no login is lost
 * or doubled, and every merged-away identity is disabled and empty.
 */
export async function mergesCompose(t: IdentityRaceTarget, n: number): Promise<void> {
  const poolId = await identityPool(t);
  const users = Array.from({ length: 8 }, (_, i) => `user-${i}`);
  for (const u of users) await idAdmin(t).send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { [DEVELOPER]: u } }));
  const results = await burst(n, (i) => idAdmin(t, i).send(new MergeDeveloperIdentitiesCommand({
    IdentityPoolId: poolId, DeveloperProviderName: DEVELOPER,
    SourceUserIdentifier: users[i % users.length]!, DestinationUserIdentifier: users[(i * 3 + 1) % users.length]!,
  })));
  for (const r of results) assert.ok(succeeded(r) || r.error === 'ResourceConflictException', `merge failed: ${JSON.stringify(r)}`);
  const enabled = await identitiesOf(t, poolId, true);
  const all = await identitiesOf(t, poolId, false);
  const owners = new Map<string, string>();
  for (const identity of enabled) {
    const found = await idAdmin(t).send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: identity.IdentityId }));
    for (const u of found.DeveloperUserIdentifierList ?? []) {
      assert.ok(!owners.has(u), `${u} belongs to two identities`);
      owners.set(u, identity.IdentityId!);
    }
  }
  assert.deepEqual([...owners.keys()].sort(), users, 'a developer user was lost');
  for (const identity of all.filter((i) => !enabled.some((e) => e.IdentityId === i.IdentityId))) {
    assert.deepEqual(identity.Logins, [], `merged-away identity ${identity.IdentityId} still has logins`);
  }
  for (const u of users) {
    const found = await idAdmin(t).send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, DeveloperUserIdentifier: u }));
    assert.equal(found.IdentityId, owners.get(u));
  }
}

/**
 * DeleteIdentities raced by `n` developer logins linking to the identity being deleted: the
 * identity is gone, and every developer user either failed or belongs to an identity that exists
 * (no login is left pointing at the deleted one).
 */
export async function deleteVersusLink(t: IdentityRaceTarget, n: number): Promise<void> {
  const poolId = await identityPool(t);
  const { IdentityId } = await idAdmin(t).send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { [DEVELOPER]: 'doomed' } }));
  const links = burst(n, (i) => idAdmin(t, i).send(new GetOpenIdTokenForDeveloperIdentityCommand({
    IdentityPoolId: poolId, IdentityId, Logins: { [DEVELOPER]: `linked-${i}` },
  })));
  await new Promise((resolve) => setTimeout(resolve, 2));
  const deleted = await idAdmin(t).send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [IdentityId!] }));
  assert.deepEqual(deleted.UnprocessedIdentityIds, []);
  const results = await links;
  await idAdmin(t).send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [IdentityId!] }));
  for (const r of results) assert.ok(succeeded(r) || r.error === 'ResourceNotFoundException', `link failed: ${JSON.stringify(r)}`);
  assert.equal(await rejected('the deleted identity', () => idAdmin(t).send(new DescribeIdentityCommand({ IdentityId }))), 'ResourceNotFoundException');
  for (let i = 0; i < n; i++) {
    const found = await idAdmin(t).send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, DeveloperUserIdentifier: `linked-${i}` })).catch((e: Error) => e);
    if (found instanceof Error) {
      assert.equal(found.name, 'ResourceNotFoundException');
      continue;
    }
    assert.notEqual(found.IdentityId, IdentityId);
    await idAdmin(t).send(new DescribeIdentityCommand({ IdentityId: found.IdentityId }));
  }
}

/**
 * DeleteIdentityPool raced by `n` GetIds (guests and developer logins): every call either
 * succeeds or finds the pool gone (ResourceNotFoundException), none fails otherwise, and the
 * pool's identities are gone with it.
 */
export async function deletePoolVersusGetId(t: IdentityRaceTarget, n: number): Promise<void> {
  const poolId = await identityPool(t);
  const calls = burst(n, (i) => (i % 2 === 0
    ? idAnon(t, i).send(new GetIdCommand({ IdentityPoolId: poolId }))
    : idAdmin(t, i).send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { [DEVELOPER]: `late-${i}` } }))));
  // The deletion lands among the burst (the pool is cached up to 2 s: callers still find it).
  await new Promise((resolve) => setTimeout(resolve, 5));
  await idAdmin(t).send(new DeleteIdentityPoolCommand({ IdentityPoolId: poolId }));
  const late = burst(n, (i) => idAnon(t, i).send(new GetIdCommand({ IdentityPoolId: poolId })));
  const results = [...await calls, ...await late];
  for (const r of results) assert.ok(succeeded(r) || r.error === 'ResourceNotFoundException', `GetId failed: ${JSON.stringify(r)}`);
  for (const r of results.filter(succeeded)) {
    const id = (r.ok as { IdentityId?: string }).IdentityId;
    assert.equal(await rejected(`identity ${id} of the deleted pool`, () => idAdmin(t).send(new DescribeIdentityCommand({ IdentityId: id }))), 'ResourceNotFoundException');
  }
}

/** The MFA answers' losing answers: the session or code spent, or the attempts used up; never a fault. */
const MFA_REFUSALS = ['NotAuthorizedException', 'ExpiredCodeException'];

/** A pool with MFA (TOTP and SMS/email codes on offer) and a user `name` with a verified, preferred software token; its seed. */
async function totpUser(t: RaceTarget, name: string): Promise<{ s: Setup; seed: string }> {
  const s = await pool(t);
  await admin(t).send(new SetUserPoolMfaConfigCommand({ UserPoolId: s.poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
  await confirmedUser(t, s, name);
  const { AccessToken } = await signIn(t, s, name);
  const { SecretCode } = await anon(t).send(new AssociateSoftwareTokenCommand({ AccessToken }));
  await anon(t, 1).send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpCode(SecretCode!, Date.now()) }));
  await anon(t).send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
  return { s, seed: SecretCode! };
}

const startSignIn = async (t: RaceTarget, s: Setup, username: string, i = 0) => anon(t, i).send(new InitiateAuthCommand({
  ClientId: s.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD },
}));

/**
 * One TOTP code answering `n` sign-ins at once, each with its own Session: its time step is
 * accepted once, whichever node each answer reaches (the code of the next step, so that the one
 * VerifySoftwareToken spent does not stand in the way).
 */
export async function totpCodeOnce(t: RaceTarget, n: number): Promise<void> {
  const { s, seed } = await totpUser(t, 'totp');
  const sessions = await Promise.all(Array.from({ length: n }, (_, i) => startSignIn(t, s, 'totp', i)));
  for (const c of sessions) assert.equal(c.ChallengeName, 'SOFTWARE_TOKEN_MFA');
  const code = totpCode(seed, Date.now() + 30_000);
  const results = await burst(n, (i) => anon(t, i + 1).send(new RespondToAuthChallengeCommand({
    ClientId: s.clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: sessions[i]!.Session,
    ChallengeResponses: { USERNAME: 'totp', SOFTWARE_TOKEN_MFA_CODE: code },
  })));
  const ok = results.filter(succeeded).length;
  assert.equal(ok, 1, `the code was accepted ${ok} times`);
  for (const r of results) if (!succeeded(r)) assert.ok(MFA_REFUSALS.includes(r.error), `${r.error}: ${r.message}`);
}

/**
 * One sign-in's SMS_MFA or EMAIL_OTP challenge answered `n` times at once with the right code
 * and the same Session: one signs in; the session and the code are spent once.
 */
export async function mfaCodeOnce(t: RaceTarget, n: number, factor: 'SMS_MFA' | 'EMAIL_OTP'): Promise<void> {
  const s = await pool(t);
  if (factor === 'EMAIL_OTP') {
    await admin(t).send(new UpdateUserPoolCommand({
      UserPoolId: s.poolId, AutoVerifiedAttributes: ['email'],
      EmailConfiguration: { EmailSendingAccount: 'DEVELOPER', SourceArn: 'arn:aws:ses:us-east-1:000000000000:identity/a@example.com' },
    }));
  }
  await admin(t).send(new SetUserPoolMfaConfigCommand({
    UserPoolId: s.poolId, MfaConfiguration: 'ON',
    ...(factor === 'SMS_MFA' ? { SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms' } } } : { EmailMfaConfiguration: {} }),
  }));
  await admin(t).send(new AdminCreateUserCommand({
    UserPoolId: s.poolId, Username: 'coded', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'coded@example.com' }, { Name: 'phone_number', Value: '+15555550100' }],
  }));
  await admin(t, 1).send(new AdminSetUserPasswordCommand({ UserPoolId: s.poolId, Username: 'coded', Password: PASSWORD, Permanent: true }));
  const challenge = await startSignIn(t, s, 'coded');
  assert.equal(challenge.ChallengeName, factor);
  const parameter = factor === 'SMS_MFA' ? 'SMS_MFA_CODE' : 'EMAIL_OTP_CODE';
  const results = await burst(n, (i) => anon(t, i + 1).send(new RespondToAuthChallengeCommand({
    ClientId: s.clientId, ChallengeName: factor, Session: challenge.Session, ChallengeResponses: { USERNAME: 'coded', [parameter]: FIXED_CODE },
  })));
  const ok = results.filter(succeeded).length;
  assert.equal(ok, 1, `the answer was accepted ${ok} times`);
  for (const r of results) if (!succeeded(r)) assert.ok(MFA_REFUSALS.includes(r.error), `${r.error}: ${r.message}`);
}

/** An MFA step started on one node and answered on the other; the Session is then spent on both. */
export async function mfaAnsweredElsewhere(t: RaceTarget): Promise<void> {
  const { s, seed } = await totpUser(t, 'roaming');
  const challenge = await startSignIn(t, s, 'roaming', 0);
  const answer = () => anon(t, 1).send(new RespondToAuthChallengeCommand({
    ClientId: s.clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: challenge.Session,
    ChallengeResponses: { USERNAME: 'roaming', SOFTWARE_TOKEN_MFA_CODE: totpCode(seed, Date.now() + 30_000) },
  }));
  assert.ok((await answer()).AuthenticationResult?.AccessToken);
  assert.equal(await rejected('a spent session', () => anon(t, 0).send(new RespondToAuthChallengeCommand({
    ClientId: s.clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: challenge.Session,
    ChallengeResponses: { USERNAME: 'roaming', SOFTWARE_TOKEN_MFA_CODE: totpCode(seed, Date.now() + 30_000) },
  }))), 'NotAuthorizedException');
}

// ---------------------------------------------------------------------------------------------
// STS: revocation of issued credentials against concurrent issue and verification

/** A node's base URL, from the admin client pointed at it. */
async function baseUrl(t: RaceTarget, i: number): Promise<string> {
  const e = await admin(t, i).config.endpoint!();
  return `${e.protocol}//${e.hostname}${e.port ? `:${e.port}` : ''}`;
}

type Issued = { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };

/** POSTs JSON signed with `credentials` (SigV4, scope `sts`) or a signed S3-style GET for the verifier. */
async function signedJson(url: string, body: unknown, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<Response> {
  const u = new URL(url);
  const text = JSON.stringify(body);
  const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', sha256: Sha256, credentials });
  const signed = await signer.sign({
    method: 'POST', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: u.pathname, query: {},
    headers: { host: u.host, 'content-type': 'application/json' }, body: text,
  });
  return fetch(url, { method: 'POST', headers: signed.headers as Record<string, string>, body: text });
}

async function verifiedBy(base: string, c: Issued): Promise<{ authenticated: boolean; allowed: boolean }> {
  const signer = new SignatureV4({
    service: 's3', region: 'us-east-1', sha256: Sha256,
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
  });
  const req = await signer.sign({ method: 'GET', protocol: 'http:', hostname: 'files.example', path: '/files/a', query: {}, headers: { host: 'files.example' } });
  const res = await fetch(`${base}/alcove/verify`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ request: { method: 'GET', url: '/files/a', headers: req.headers }, action: 's3:GetObject', resource: 'arn:aws:s3:::files/a' }),
  });
  return await res.json() as { authenticated: boolean; allowed: boolean };
}

/**
 * Revoking one access key, `n` times at once over the nodes: one call revokes it. Revoking a
 * role session while `n` AssumeRoleWithWebIdentity calls for that session and `n`
 * verifications race it: afterwards every credential issued before the revocation began is
 * refused on every node, every node gives every credential the same answer (none is orphaned:
 * alive on one node, dead on another), and the session can be started again.
 */
export async function revocationVersusIssue(t: RaceTarget, n: number): Promise<void> {
  const s = await pool(t);
  await confirmedUser(t, s, 'holder');
  const { IdToken } = await signIn(t, s, 'holder');
  const iss = (JSON.parse(Buffer.from(IdToken!.split('.')[1]!, 'base64url').toString()) as { iss: string }).iss;
  const provider = iss.replace(/^https?:\/\//, '');
  const bases = await Promise.all(t.admin.map((_, i) => baseUrl(t, i)));
  const keys = await admin(t).config.credentials();
  const adminKey = { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };
  const iam = new IAMClient({ endpoint: bases[0], region: 'us-east-1', credentials: adminKey, maxAttempts: 1 });
  const roleName = `race-${randomBytes(4).toString('hex')}`;
  const { Role } = await iam.send(new CreateRoleCommand({
    RoleName: roleName,
    AssumeRolePolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${provider}:aud`]: s.clientId } } }] }),
  }));
  await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'read', PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) }));
  iam.destroy();
  const stsClients = bases.map((endpoint) => new STSClient({
    endpoint, region: 'us-east-1', maxAttempts: 1, credentials: ANONYMOUS,
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 1_024 }), requestTimeout: 120_000 },
  }));
  const assume = async (i: number): Promise<Issued> => (await stsClients[i % stsClients.length]!.send(new AssumeRoleWithWebIdentityCommand({
    RoleArn: Role!.Arn!, RoleSessionName: 'raced', WebIdentityToken: IdToken!,
  }))).Credentials as Issued;
  const node = (i: number) => bases[i % bases.length]!;
  try {
    const one = await assume(0);
    const revokes = await burst(n, async (i) => (await (await signedJson(`${node(i)}/alcove/revoke`, { accessKeyId: one.AccessKeyId }, adminKey)).json() as { revoked: boolean }).revoked);
    assert.equal(revokes.filter((r) => succeeded(r) && r.ok === true).length, 1, `revocations: ${JSON.stringify(revokes)}`);
    for (const base of bases) assert.equal((await verifiedBy(base, one)).authenticated, false);

    const before = await Promise.all(Array.from({ length: 5 }, (_, i) => assume(i)));
    for (const c of before) assert.equal((await verifiedBy(node(0), c)).allowed, true);
    const issued: { c: Issued; returnedAt: number }[] = [];
    let revokeStartedAt = 0;
    await Promise.all([
      burst(n, async (i) => { const c = await assume(i); issued.push({ c, returnedAt: Date.now() }); }),
      burst(n, (i) => verifiedBy(node(i), before[i % before.length]!)),
      (async () => {
        await new Promise((r) => setTimeout(r, 5));
        revokeStartedAt = Date.now();
        const res = await signedJson(`${node(1)}/alcove/revoke`, { roleArn: Role!.Arn!, sessionName: 'raced' }, adminKey);
        assert.equal(res.status, 200);
      })(),
    ]);
    for (const c of before) for (const base of bases) assert.equal((await verifiedBy(base, c)).authenticated, false, 'a credential issued before the revocation survived it');
    for (const { c, returnedAt } of issued) {
      const answers = await Promise.all(bases.map((base) => verifiedBy(base, c)));
      assert.ok(answers.every((a) => a.authenticated === answers[0]!.authenticated), 'nodes disagree about a credential');
      if (returnedAt < revokeStartedAt) assert.equal(answers[0]!.authenticated, false, 'a credential issued before the revocation survived it');
    }
    assert.equal((await verifiedBy(node(1), await assume(1))).allowed, true, 'the session cannot start again after its revocation');
  } finally {
    for (const c of stsClients) c.destroy();
  }
}

/** A pool whose first factors include passkeys and emailed codes (relying party `localhost`), and a USER_AUTH client. */
async function passwordlessPool(t: RaceTarget): Promise<Setup> {
  const created = await admin(t).send(new CreateUserPoolCommand({
    PoolName: `race-${randomBytes(3).toString('hex')}`, Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] } },
  }));
  const poolId = created.UserPool!.Id!;
  await admin(t).send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF', WebAuthnConfiguration: { RelyingPartyId: 'localhost' } }));
  const out = await admin(t).send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  return { poolId, clientId: out.UserPoolClient!.ClientId! };
}

const userAuth = (t: RaceTarget, s: Setup, parameters: Record<string, string>, i = 0) => anon(t, i).send(new InitiateAuthCommand({
  ClientId: s.clientId, AuthFlow: 'USER_AUTH', AuthParameters: parameters,
}));

/**
 * One passkey assertion (USER_AUTH + WEB_AUTHN) answered `n` times at once on its Session: one
 * signs in; the session and the sign counter move once.
 */
export async function webAuthnAssertionOnce(t: RaceTarget, n: number): Promise<void> {
  const s = await passwordlessPool(t);
  await confirmedUser(t, s, 'keyholder');
  const accessToken = (await userAuth(t, s, { USERNAME: 'keyholder', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })).AuthenticationResult!.AccessToken!;
  const authenticator = softAuthenticator('http://localhost:3000');
  const { CredentialCreationOptions } = await anon(t).send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
  await anon(t, 1).send(new CompleteWebAuthnRegistrationCommand({
    AccessToken: accessToken, Credential: authenticator.register(CredentialCreationOptions as never) as never,
  }));
  const challenge = await userAuth(t, s, { USERNAME: 'keyholder', PREFERRED_CHALLENGE: 'WEB_AUTHN' });
  assert.equal(challenge.ChallengeName, 'WEB_AUTHN');
  const CREDENTIAL = JSON.stringify(authenticator.assert(JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!)));
  const results = await burst(n, (i) => anon(t, i + 1).send(new RespondToAuthChallengeCommand({
    ClientId: s.clientId, ChallengeName: 'WEB_AUTHN', Session: challenge.Session, ChallengeResponses: { USERNAME: 'keyholder', CREDENTIAL },
  })));
  const ok = results.filter(succeeded).length;
  assert.equal(ok, 1, `the assertion was accepted ${ok} times`);
  for (const r of results) if (!succeeded(r)) assert.equal(r.error, 'NotAuthorizedException', r.message);
}

/** USER_AUTH's EMAIL_OTP (a passwordless first factor) answered `n` times at once with the right code: one signs in. */
export async function passwordlessCodeOnce(t: RaceTarget, n: number): Promise<void> {
  const s = await passwordlessPool(t);
  await confirmedUser(t, s, 'mailed');
  const challenge = await userAuth(t, s, { USERNAME: 'mailed', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
  assert.equal(challenge.ChallengeName, 'EMAIL_OTP');
  const results = await burst(n, (i) => anon(t, i + 1).send(new RespondToAuthChallengeCommand({
    ClientId: s.clientId, ChallengeName: 'EMAIL_OTP', Session: challenge.Session, ChallengeResponses: { USERNAME: 'mailed', EMAIL_OTP_CODE: FIXED_CODE },
  })));
  const ok = results.filter(succeeded).length;
  assert.equal(ok, 1, `the code was accepted ${ok} times`);
  for (const r of results) if (!succeeded(r)) assert.ok(MFA_REFUSALS.includes(r.error), `${r.error}: ${r.message}`);
}

/** ConfirmSignUp's Session, passed to USER_AUTH `n` times at once: one sign-in, the others find it spent. */
export async function signUpSessionOnce(t: RaceTarget, n: number): Promise<void> {
  const s = await pool(t, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  await anon(t).send(new SignUpCommand({
    ClientId: s.clientId, Username: 'justjoined', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'justjoined@example.com' }],
  }));
  const { Session } = await anon(t).send(new ConfirmSignUpCommand({ ClientId: s.clientId, Username: 'justjoined', ConfirmationCode: FIXED_CODE }));
  assert.ok(Session);
  const results = await burst(n, (i) => anon(t, i + 1).send(new InitiateAuthCommand({
    ClientId: s.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'justjoined' }, Session,
  })));
  const ok = results.filter(succeeded).length;
  assert.equal(ok, 1, `the Session signed in ${ok} times`);
  for (const r of results) if (!succeeded(r)) assert.equal(r.error, 'NotAuthorizedException', r.message);
}

const challengeArn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:race-${name}`;
const challengeModule = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'custom-challenge.mjs');
/** The `functions` map the race servers run the custom-challenge triggers with (a config file's, or a setting). */
export const RACE_FUNCTIONS = {
  ...Object.fromEntries(['define', 'create', 'verify'].map((h) => [challengeArn(h), { module: challengeModule, handler: h }])),
  [challengeArn('migrate')]: { module: path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'migration.mjs'), handler: 'migrate' },
};

/**
 * The first sign-in of a user the pool does not know yet, `n` times at once: the UserMigration
 * function answers each, the user is created once (one sub, one user of that name), and every
 * sign-in succeeds, with that user's tokens.
 */
export async function migrationOnce(t: RaceTarget, n: number): Promise<void> {
  const created = await admin(t).send(new CreateUserPoolCommand({
    PoolName: `race-${randomBytes(3).toString('hex')}`, LambdaConfig: { UserMigration: challengeArn('migrate') },
  }));
  const poolId = created.UserPool!.Id!;
  const out = await admin(t).send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
  const s = { poolId, clientId: out.UserPoolClient!.ClientId! };
  const results = await burst(n, (i) => signIn(t, s, 'legacy-user', PASSWORD, i));
  const subs = new Set<string>();
  for (const r of results) {
    assert.ok(succeeded(r), `a first sign-in failed: ${'error' in r ? `${r.error}: ${r.message}` : ''}`);
    const payload = JSON.parse(Buffer.from(r.ok.AccessToken!.split('.')[1]!, 'base64url').toString()) as { sub: string };
    subs.add(payload.sub);
  }
  assert.equal(subs.size, 1, `the user was created ${subs.size} times`);
  const listed = await admin(t).send(new ListUsersCommand({ UserPoolId: poolId }));
  assert.deepEqual(listed.Users!.map((u) => [u.Username, u.UserStatus]), [['legacy-user', 'CONFIRMED']]);
  assert.equal(listed.Users![0]!.Attributes!.find((a) => a.Name === 'sub')!.Value, [...subs][0]);
}

/**
 * The right answer to one CUSTOM_CHALLENGE, sent `n` times at once with one Session: the session
 * is spent by one of them, which alone is judged and signs in; the others find it spent.
 */
export async function customChallengeAnswerOnce(t: RaceTarget, n: number): Promise<void> {
  const created = await admin(t).send(new CreateUserPoolCommand({
    PoolName: `race-${randomBytes(3).toString('hex')}`,
    LambdaConfig: { DefineAuthChallenge: challengeArn('define'), CreateAuthChallenge: challengeArn('create'), VerifyAuthChallengeResponse: challengeArn('verify') },
  }));
  const poolId = created.UserPool!.Id!;
  const out = await admin(t).send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
  const s = { poolId, clientId: out.UserPoolClient!.ClientId! };
  await confirmedUser(t, s, 'challenged');
  const step = await anon(t).send(new InitiateAuthCommand({ ClientId: s.clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'challenged' } }));
  assert.equal(step.ChallengeName, 'CUSTOM_CHALLENGE');
  const results = await burst(n, (i) => anon(t, i).send(new RespondToAuthChallengeCommand({
    ClientId: s.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: step.Session, ChallengeResponses: { USERNAME: 'challenged', ANSWER: FIXED_CODE },
  })));
  const winners = results.filter(succeeded);
  assert.equal(winners.length, 1, `the answer was accepted ${winners.length} times`);
  assert.ok(winners[0]!.ok.AuthenticationResult?.AccessToken);
  for (const r of results) {
    if (!succeeded(r)) assert.equal(`${r.error}: ${r.message}`, 'NotAuthorizedException: Invalid session for the user, session can only be used once.');
  }
}

/** The client half of device SRP, as identity-js's getDeviceResponse computes it. */
function deviceSrp(groupKey: string, deviceKey: string, password: string) {
  const a = BigInt('0x' + randomBytes(128).toString('hex'));
  const A = modPowN(g, a);
  return {
    srpA: A.toString(16),
    answer(challenge: Record<string, string>): Record<string, string> {
      const B = BigInt('0x' + challenge.SRP_B!);
      const saltHex = challenge.SALT!.length % 2 ? '0' + challenge.SALT! : challenge.SALT!;
      const x = computeX(groupKey, deviceKey, password, Buffer.from(saltHex, 'hex'));
      const u = computeU(A, B);
      const S = modPowN((((B - k * modPowN(g, x)) % N) + N) % N, a + u * x);
      const timestamp = formatSrpTimestamp(new Date());
      const signature = passwordClaimSignature(derivePasswordAuthKey(S, u), groupKey, deviceKey, Buffer.from(challenge.SECRET_BLOCK!, 'base64'), timestamp);
      return {
        USERNAME: challenge.USERNAME!, DEVICE_KEY: deviceKey, PASSWORD_CLAIM_SECRET_BLOCK: challenge.SECRET_BLOCK!, TIMESTAMP: timestamp,
        PASSWORD_CLAIM_SIGNATURE: signature.toString('base64'),
      };
    },
  };
}

/** A pool that remembers devices (and lets them stand in for MFA), a user, and a first sign-in's new device. */
async function deviceUser(t: RaceTarget, name: string) {
  const s = await pool(t);
  await admin(t).send(new UpdateUserPoolCommand({
    UserPoolId: s.poolId, AutoVerifiedAttributes: ['email'],
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
  }));
  await confirmedUser(t, s, name);
  const first = await signIn(t, s, name);
  const { DeviceKey, DeviceGroupKey } = first.NewDeviceMetadata!;
  return { s, first, deviceKey: DeviceKey!, groupKey: DeviceGroupKey! };
}

const verifierConfig = (groupKey: string, deviceKey: string, password: string) => {
  const salt = randomBytes(16);
  return { Salt: salt.toString('base64'), PasswordVerifier: computeVerifier(groupKey, deviceKey, password, salt).toString('base64') };
};

/** A sign-in naming the device, through DEVICE_SRP_AUTH (on node `i`), to its DEVICE_PASSWORD_VERIFIER challenge. */
async function deviceChallenge(t: RaceTarget, s: Setup, name: string, deviceKey: string, srp: { srpA: string }, i = 0) {
  const started = await anon(t, i).send(new InitiateAuthCommand({
    ClientId: s.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: name, PASSWORD, DEVICE_KEY: deviceKey },
  }));
  assert.equal(started.ChallengeName, 'DEVICE_SRP_AUTH');
  const verifier = await anon(t, i + 1).send(new RespondToAuthChallengeCommand({
    ClientId: s.clientId, ChallengeName: 'DEVICE_SRP_AUTH', Session: started.Session,
    ChallengeResponses: { USERNAME: name, DEVICE_KEY: deviceKey, SRP_A: srp.srpA },
  }));
  assert.equal(verifier.ChallengeName, 'DEVICE_PASSWORD_VERIFIER');
  return verifier;
}

/**
 * One DEVICE_PASSWORD_VERIFIER answer sent `n` times at once (the same Session, the same
 * signature), spread over the nodes: one signs in, the others find the session spent.
 */
export async function deviceVerifierOnce(t: RaceTarget, n: number): Promise<void> {
  const { s, first, deviceKey, groupKey } = await deviceUser(t, 'device');
  const secret = randomBytes(40).toString('base64');
  await anon(t).send(new ConfirmDeviceCommand({ AccessToken: first.AccessToken, DeviceKey: deviceKey, DeviceSecretVerifierConfig: verifierConfig(groupKey, deviceKey, secret) }));
  const srp = deviceSrp(groupKey, deviceKey, secret);
  const challenge = await deviceChallenge(t, s, 'device', deviceKey, srp);
  const ChallengeResponses = srp.answer(challenge.ChallengeParameters!);
  const results = await burst(n, (i) => anon(t, i).send(new RespondToAuthChallengeCommand({
    ClientId: s.clientId, ChallengeName: 'DEVICE_PASSWORD_VERIFIER', Session: challenge.Session, ChallengeResponses,
  })));
  const ok = results.filter(succeeded).length;
  assert.equal(ok, 1, `the answer was accepted ${ok} times`);
  for (const r of results) if (!succeeded(r)) assert.equal(r.error, 'NotAuthorizedException', r.message);
}

/**
 * ConfirmDevice sent `n` times at once for one new device, each with a verifier of its own: one
 * confirms it (DeviceKeyExistsException for the others), and the device SRP then proves that
 * one's secret.
 */
export async function confirmDeviceOnce(t: RaceTarget, n: number): Promise<void> {
  const { s, first, deviceKey, groupKey } = await deviceUser(t, 'confirmer');
  const secrets = Array.from({ length: n }, () => randomBytes(40).toString('base64'));
  const results = await burst(n, (i) => anon(t, i).send(new ConfirmDeviceCommand({
    AccessToken: first.AccessToken, DeviceKey: deviceKey, DeviceSecretVerifierConfig: verifierConfig(groupKey, deviceKey, secrets[i]!),
  })));
  const winners = results.flatMap((r, i) => (succeeded(r) ? [i] : []));
  assert.equal(winners.length, 1, `the device was confirmed ${winners.length} times`);
  for (const r of results) if (!succeeded(r)) assert.equal(r.error, 'DeviceKeyExistsException', r.message);
  const srp = deviceSrp(groupKey, deviceKey, secrets[winners[0]!]!);
  const challenge = await deviceChallenge(t, s, 'confirmer', deviceKey, srp, 1);
  const done = await anon(t).send(new RespondToAuthChallengeCommand({
    ClientId: s.clientId, ChallengeName: 'DEVICE_PASSWORD_VERIFIER', Session: challenge.Session, ChallengeResponses: srp.answer(challenge.ChallengeParameters!),
  }));
  assert.ok(done.AuthenticationResult?.AccessToken);
}

/**
 * UpdateManagedLoginBranding sent `n` times at once on one style, each setting its own colour:
 * Cognito keeps what an update does not send, so every colour is there afterwards (each update
 * reads, merges and writes under the row's lock).
 */
export async function brandingUpdatesCompose(t: RaceTarget, n: number): Promise<void> {
  const s = await pool(t);
  const style = await admin(t).send(new CreateManagedLoginBrandingCommand({
    UserPoolId: s.poolId, ClientId: s.clientId, Settings: { categories: { global: { colorSchemeMode: 'DYNAMIC' } } },
  }));
  const id = style.ManagedLoginBranding!.ManagedLoginBrandingId!;
  const keys = Array.from({ length: n }, (_, i) => `item${i}`);
  const results = await burst(n, (i) => admin(t, i).send(new UpdateManagedLoginBrandingCommand({
    UserPoolId: s.poolId, ManagedLoginBrandingId: id, Settings: { components: { race: { [keys[i]!]: { textColor: 'ffffffff' } } } },
  })));
  for (const r of results) assert.ok(succeeded(r), succeeded(r) ? '' : r.message);
  const after = await admin(t).send(new DescribeManagedLoginBrandingCommand({ UserPoolId: s.poolId, ManagedLoginBrandingId: id }));
  const settings = after.ManagedLoginBranding!.Settings as { categories: unknown; components: { race: Record<string, unknown> } };
  assert.deepEqual(Object.keys(settings.components.race).sort(), [...keys].sort());
  assert.deepEqual(settings.categories, { global: { colorSchemeMode: 'DYNAMIC' } });
}

/** The Cognito calls the bench makes, shared by Alcove and cognito-local. */
import { randomBytes } from 'node:crypto';
import { sqliteBulkLoader } from './bulk-load.ts';
import type { CognitoHttp } from './http.ts';
import type { SrpClient } from './srp-client.ts';

/** Satisfies Cognito's default password policy. */
export const PASSWORD = 'Bench-Passw0rd!';

/** Random, like real usernames: spread over the whole index, not appended at its end. */
export const randomUsername = (): string => `u${randomBytes(8).toString('hex')}`;
export const emailOf = (username: string): string => (username.includes('@') ? username : `${username}@bench.example`);

export interface Tokens {
  AccessToken: string;
  IdToken: string;
  RefreshToken: string;
}

/** Sign-in by email as well as by username, emails verified on sign-up: a common production setup. */
export const EMAIL_ALIAS_POOL = { AliasAttributes: ['email'], AutoVerifiedAttributes: ['email'] };

export async function createPool(api: CognitoHttp, name: string, settings: object = EMAIL_ALIAS_POOL): Promise<{ poolId: string; poolName: string }> {
  const out = await api.call('CreateUserPool', { PoolName: name, ...settings });
  const poolId = String(out.UserPool.Id);
  return { poolId, poolName: poolId.slice(poolId.indexOf('_') + 1) };
}

export async function createClient(api: CognitoHttp, poolId: string): Promise<string> {
  const out = await api.call('CreateUserPoolClient', {
    UserPoolId: poolId, ClientName: 'bench',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  return String(out.UserPoolClient.ClientId);
}

/** A confirmed user with a permanent password and a verified email, as an admin sets one up. */
export async function createUser(api: CognitoHttp, poolId: string, username: string): Promise<void> {
  await api.call('AdminCreateUser', {
    UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: emailOf(username) }, { Name: 'email_verified', Value: 'true' }],
  });
  await api.call('AdminSetUserPassword', { UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true });
}

export async function passwordSignIn(api: CognitoHttp, clientId: string, username: string): Promise<Tokens> {
  const out = await api.call('InitiateAuth', {
    ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD },
  });
  if (!out.AuthenticationResult?.AccessToken) throw new Error(`USER_PASSWORD_AUTH gave no tokens: ${JSON.stringify(out).slice(0, 200)}`);
  return out.AuthenticationResult as Tokens;
}

/**
 * A complete USER_SRP_AUTH sign-in: step one on `first`, step two on `second` (the same server,
 * or another node behind a load balancer). Returns the time spent in the two requests only.
 */
export async function srpSignIn(first: CognitoHttp, second: CognitoHttp, srp: SrpClient, clientId: string, username: string): Promise<number> {
  const e = srp.start();
  let t0 = performance.now();
  const step1 = await first.call('InitiateAuth', {
    ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: e.srpAHex },
  });
  let elapsed = performance.now() - t0;
  if (step1.ChallengeName !== 'PASSWORD_VERIFIER') throw new Error(`USER_SRP_AUTH gave ${JSON.stringify(step1).slice(0, 200)}`);
  const challenge = step1.ChallengeParameters as { SALT: string; SRP_B: string; SECRET_BLOCK: string; USER_ID_FOR_SRP: string };
  const answer = srp.respond(e, challenge, PASSWORD);
  t0 = performance.now();
  const step2 = await second.call('RespondToAuthChallenge', {
    ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ...(step1.Session ? { Session: step1.Session } : {}),
    ChallengeResponses: { USERNAME: challenge.USER_ID_FOR_SRP, ...answer },
  });
  elapsed += performance.now() - t0;
  if (!step2.AuthenticationResult?.AccessToken) throw new Error(`PASSWORD_VERIFIER gave no tokens: ${JSON.stringify(step2).slice(0, 200)}`);
  return elapsed;
}

export async function refresh(api: CognitoHttp, clientId: string, refreshToken: string): Promise<void> {
  const out = await api.call('InitiateAuth', {
    ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken },
  });
  if (!out.AuthenticationResult?.AccessToken) throw new Error(`REFRESH_TOKEN_AUTH gave no tokens: ${JSON.stringify(out).slice(0, 200)}`);
}

export async function getUser(api: CognitoHttp, accessToken: string): Promise<void> {
  const out = await api.call('GetUser', { AccessToken: accessToken });
  if (!out.Username) throw new Error(`GetUser gave ${JSON.stringify(out).slice(0, 200)}`);
}

/**
 * Grows a pool of a SQLite node by `count` users: one created through the API (so its rows have
 * the server's exact shape), then `count - 1` copies of it loaded straight into the database file.
 */
export async function fillPool(api: CognitoHttp, sqliteFile: string, poolId: string, count: number): Promise<void> {
  const template = randomUsername();
  await api.call('AdminCreateUser', { UserPoolId: poolId, Username: template, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: emailOf(template) }] });
  const described = await api.call('AdminGetUser', { UserPoolId: poolId, Username: template });
  const sub = (described.UserAttributes as { Name: string; Value: string }[]).find((a) => a.Name === 'sub')!.Value;
  const loader = sqliteBulkLoader(sqliteFile);
  try {
    await loader.cloneUser({ poolId, id: sub, username: template }, count - 1);
  } finally {
    await loader.close();
  }
}

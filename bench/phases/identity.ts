/**
 * Issue 12: identity pools and the verifier. GetId + GetCredentialsForIdentity for a signed-in
 * user (an Alcove user pool ID token in Logins, ServerSideTokenCheck on: the enhanced flow
 * `fromCognitoIdentityPool` makes) per second of server CPU; and the verifier's checks:
 * `POST /alcove/verify` with an S3-style GET signed (SigV4, @smithy/signature-v4) with the
 * credentials the identity pool issued, the role's per-user prefix policy deciding.
 * Set-up goes through the AWS SDK's identity and IAM clients, signed as an administrator.
 */
import { randomBytes } from 'node:crypto';
import { CognitoIdentityClient, CreateIdentityPoolCommand, SetIdentityPoolRolesCommand } from '@aws-sdk/client-cognito-identity';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { createClient, createPool, createUser, EMAIL_ALIAS_POOL, passwordSignIn, randomUsername } from '../harness/cognito.ts';
import { CognitoHttp } from '../harness/http.ts';
import type { BenchOptions } from '../harness/options.ts';
import { heading, note } from '../harness/report.ts';
import { BENCH_ACCESS_KEY } from '../harness/servers.ts';
import { SigV4Signer } from '../harness/sigv4-signer.ts';
import { databaseLabel, databaseMeter, measure, printResults, startNode, type PathRun, type Results } from './new-paths.ts';
import { inParallel, WebClient } from './web-client.ts';

export const IDENTITY_PATHS = ['GetId + GetCredentialsForIdentity (user pool login)', 'POST /alcove/verify (SigV4, policy allows)'] as const;
const REGION = 'us-east-1';
const USERS = 32;
/** Signed requests per user, taken in turn (distinct paths and signatures). */
const REQUESTS_PER_USER = 8;
const IDENTITY = 'AWSCognitoIdentityService';
const HOST = 'files.bench.example';

interface Credentials { AccessKeyId: string; SecretKey: string; SessionToken: string }

export async function runIdentitySuite(run: PathRun): Promise<Results> {
  const { node, options } = run;
  const api = new CognitoHttp(node.url, options.concurrency, new SigV4Signer(BENCH_ACCESS_KEY));
  const web = new WebClient(node.url, options.concurrency);
  const credentials = { accessKeyId: BENCH_ACCESS_KEY.accessKeyId, secretAccessKey: BENCH_ACCESS_KEY.secretAccessKey };
  const identity = new CognitoIdentityClient({ endpoint: node.url, region: REGION, maxAttempts: 1, credentials });
  const iam = new IAMClient({ endpoint: node.url, region: REGION, maxAttempts: 1, credentials });
  try {
    const { poolId } = await createPool(api, `bench-identity-${Date.now()}`, EMAIL_ALIAS_POOL);
    const clientId = await createClient(api, poolId);
    const provider = `cognito-idp.${REGION}.amazonaws.com/${poolId}`;
    const usernames = Array.from({ length: USERS }, () => randomUsername());
    await inParallel(usernames, options.concurrency, (u) => createUser(api, poolId, u));
    const idTokens = await inParallel(usernames, options.concurrency, async (u) => (await passwordSignIn(api, clientId, u)).IdToken);

    const { IdentityPoolId } = await identity.send(new CreateIdentityPoolCommand({
      IdentityPoolName: `bench${Date.now()}`, AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [{ ProviderName: provider, ClientId: clientId, ServerSideTokenCheck: true }],
    }));
    // Role names are account-wide (and outlive a run on a kept PostgreSQL database): one per run.
    const roleName = `BenchFiles-${randomBytes(4).toString('hex')}`;
    const trust = {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
        Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': IdentityPoolId }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
      }],
    };
    const role = await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await iam.send(new PutRolePolicyCommand({
      RoleName: roleName, PolicyName: 'own-prefix', PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::files/${cognito-identity.amazonaws.com:sub}/*' },
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::files', Condition: { StringLike: { 's3:prefix': '${cognito-identity.amazonaws.com:sub}/*' } } },
        ],
      }),
    }));
    await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId, Roles: { authenticated: role.Role!.Arn! } }));

    const exchange = async (i: number): Promise<{ identityId: string; credentials: Credentials }> => {
      const Logins = { [provider]: idTokens[i % USERS]! };
      const { IdentityId } = await web.json<{ IdentityId: string }>(`${IDENTITY}.GetId`, { IdentityPoolId, Logins });
      const out = await web.json<{ Credentials?: Credentials }>(`${IDENTITY}.GetCredentialsForIdentity`, { IdentityId, Logins });
      if (!out.Credentials?.SessionToken) throw new Error(`GetCredentialsForIdentity gave ${JSON.stringify(out).slice(0, 200)}`);
      return { identityId: IdentityId, credentials: out.Credentials };
    };

    // The verifier's requests: each user's credentials sign GETs of objects under their own prefix.
    const bodies: string[] = [];
    if (!run.only || run.only.includes(IDENTITY_PATHS[1])) {
      const issued = await inParallel(usernames, options.concurrency, (_u, i) => exchange(i));
      for (const { identityId, credentials: c } of issued) {
        const signer = new SignatureV4({
          service: 's3', region: REGION, sha256: Sha256,
          credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken },
        });
        for (let k = 0; k < REQUESTS_PER_USER; k++) {
          const key = `${identityId}/object-${k}.json`;
          const signed = await signer.sign({ method: 'GET', protocol: 'https:', hostname: HOST, path: `/files/${key}`, query: {}, headers: { host: HOST } });
          bodies.push(JSON.stringify({
            request: { method: 'GET', url: `/files/${key}`, headers: signed.headers },
            action: 's3:GetObject', resource: `arn:aws:s3:::files/${key}`,
          }));
        }
      }
    }

    return await measure(run, [
      [IDENTITY_PATHS[0], async (i) => { await exchange(i); }],
      [IDENTITY_PATHS[1], async (i) => {
        const res = await web.request('POST', '/alcove/verify', { 'content-type': 'application/json' }, bodies[i % bodies.length]!);
        const out = JSON.parse(res.text) as { allowed?: boolean; error?: unknown };
        if (res.status !== 200 || out.allowed !== true) throw new Error(`verify answered ${res.status}: ${res.text.slice(0, 200)}`);
      }],
    ]);
  } finally {
    api.close();
    web.close();
    identity.destroy();
    iam.destroy();
  }
}

export async function identityPhase(options: BenchOptions): Promise<void> {
  heading(`Identity pools and the verifier (${databaseLabel()}, one node, admin calls SigV4-verified)`);
  const node = await startNode('identity');
  const db = await databaseMeter().catch(async (e) => { await node.stop(); throw e; });
  let results: Results;
  try {
    results = await runIdentitySuite({ node, options, ...(db ? { db: db.meter } : {}) });
  } finally {
    await node.stop();
    await db?.close();
  }
  printResults(results);
  note(`GetId + GetCredentialsForIdentity: ${USERS} users' ID tokens (RS256 verified, ServerSideTokenCheck: revocation and the`);
  note('user read), the identity found, the role resolved and its trust policy evaluated, credentials issued (secret sealed,');
  note('one row written); the latency is both calls\'. Verify: a GET signed with those credentials (session token),');
  note(`${REQUESTS_PER_USER} objects per user under their own prefix, signature and credential checked, the role's policy evaluated.`);
}

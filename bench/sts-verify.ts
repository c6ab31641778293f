/**
 * The verifier's cost: a real server (SQLite, or ALCOVE_TEST_DATABASE_URL's PostgreSQL), a role
 * with a per-user prefix policy, credentials from issueRoleCredentials, and requests signed by
 * @smithy/signature-v4 sent to POST /alcove/verify, 32 at a time. Prints verifications per
 * second and the server's CPU time per verification (the server runs in this process: CPU is
 * measured over the whole run, clients included, so it is an upper bound).
 * `node --import tsx bench/sts-verify.ts`
 */
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { createRole, putRolePolicy } from '../src/iam/role-operations.ts';
import { issueRoleCredentials } from '../src/sts/credentials.ts';
import { startTestServer } from '../test/helpers/server.ts';

const server = await startTestServer();
const trust = { Statement: [{ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }] };
const roleName = `Bench${Date.now().toString(36)}`;
const role = await createRole(server.services, { roleName, assumeRolePolicyDocument: JSON.stringify(trust) });
await putRolePolicy(server.services, roleName, 'p', JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${cognito-identity.amazonaws.com:sub}/*' }] }));
const sub = 'us-east-1:00000000-0000-0000-0000-000000000001';
const c = await issueRoleCredentials(server.services, {
  roleArn: role.arn, roleSessionName: 'bench',
  webIdentity: { issuer: 'https://cognito-identity.amazonaws.com', provider: 'cognito-identity.amazonaws.com', subject: sub, audience: 'p', claims: {} },
});
const signer = new SignatureV4({ service: 's3', region: 'us-east-1', sha256: Sha256, credentials: c.credentials });
const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: 'files', path: `/b/${sub}/k`, query: {}, headers: { host: 'files' } });
const body = JSON.stringify({ request: { method: 'GET', url: `/b/${sub}/k`, headers: signed.headers }, action: 's3:GetObject', resource: `arn:aws:s3:::b/${sub}/k` });
const once = async () => {
  const res = await fetch(`${server.url}/alcove/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const out = await res.json() as { allowed: boolean };
  if (!out.allowed) throw new Error('not allowed');
};
for (let i = 0; i < 500; i++) await once();
const N = 5_000;
const started = performance.now();
const cpu = process.cpuUsage();
let next = 0;
await Promise.all(Array.from({ length: 32 }, async () => { while (next++ < N) await once(); }));
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write(`${server.services.store.kind}: ${Math.round(N / (ms / 1000))} verifications/s, ${((used.user + used.system) / N).toFixed(0)} µs CPU each (server and client in one process)\n`);
await server.stop();

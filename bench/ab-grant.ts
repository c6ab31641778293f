/**
 * Where a client_credentials grant's server CPU goes, against its floors, alternately:
 * `node --import tsx bench/ab-grant.ts [side,...] [--duration S] [--rounds N] [--root DIR]`.
 * Sides: `loop` (RS256 signs in a tight loop in this process: the signature alone), `http` (a bare
 * Fastify answering the grant's POST with a dummy token: HTTP alone), `floor` (the same, signing
 * a Cognito-shaped token per request: HTTP + the signature, bench/grant-floor.mjs), `alcove` (a
 * fresh compiled node of this checkout, SQLite, a pool, a resource server and a client with a
 * secret; the grant as the bench's oauth phase sends it), `base` (the same from `--root`'s build).
 * The client is node:http over keep-alive, 16 in flight, which keeps the server saturated (the
 * bench's generator leaves it idle part of the time). Prints µs of server CPU a grant per round.
 */
import { fork } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CognitoHttp } from './harness/http.ts';
import { cpuMsOf } from './harness/proc.ts';
import { BENCH_ACCESS_KEY, startAlcove } from './harness/servers.ts';
import { SigV4Signer } from './harness/sigv4-signer.ts';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2), allowPositionals: true,
  options: { duration: { type: 'string' }, rounds: { type: 'string' }, root: { type: 'string' } },
});
const sides = positionals[0]?.split(',') ?? ['loop', 'http', 'floor', 'alcove'];
const seconds = Number(values.duration ?? 5);
const rounds = Number(values.rounds ?? 2);
const API = 'https://api.bench.example';
const body = `grant_type=client_credentials&scope=${encodeURIComponent(`${API}/read`)}`;
const here = path.dirname(fileURLToPath(import.meta.url));

interface Target { port: number; basic: string; cpuMs(): number; stop(): Promise<void> }

async function target(side: string): Promise<Target> {
  if (side === 'http' || side === 'floor') {
    const child = fork(path.join(here, 'grant-floor.mjs'), side === 'http' ? ['nosign'] : [], { cwd: path.join(here, '..') });
    const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
    return { port, basic: `Basic ${Buffer.from('id:secret').toString('base64')}`, cpuMs: () => cpuMsOf(child.pid!) ?? 0, stop: async () => { child.kill(); } };
  }
  if (side === 'base' && values.root === undefined) throw new Error('base needs --root');
  const node = await startAlcove({ name: side, verifySignatures: true, ...(side === 'base' ? { root: values.root! } : {}) });
  const api = new CognitoHttp(node.url, 4, new SigV4Signer(BENCH_ACCESS_KEY));
  try {
    const poolId = String((await api.call('CreateUserPool', { PoolName: `grant-${Date.now()}` })).UserPool.Id);
    await api.call('CreateResourceServer', { UserPoolId: poolId, Identifier: API, Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }] });
    const client = (await api.call('CreateUserPoolClient', {
      UserPoolId: poolId, ClientName: 'machine', GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: [`${API}/read`],
    })).UserPoolClient as { ClientId: string; ClientSecret: string };
    const basic = `Basic ${Buffer.from(`${client.ClientId}:${client.ClientSecret}`).toString('base64')}`;
    return { port: Number(new URL(node.url).port), basic, cpuMs: () => node.probe.cpuMs(), stop: () => node.stop() };
  } finally {
    api.close();
  }
}

async function grants(t: Target, ms: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length, authorization: t.basic };
  const one = () => new Promise<void>((resolve, reject) => {
    const request = http.request({ agent, port: t.port, host: '127.0.0.1', method: 'POST', path: '/oauth2/token', headers }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`grant answered ${response.statusCode}`));
      response.resume();
      response.on('end', resolve);
    });
    request.on('error', reject);
    request.end(body);
  });
  let n = 0;
  const end = Date.now() + ms;
  await Promise.all(Array.from({ length: 16 }, async () => { while (Date.now() < end) { await one(); n++; } }));
  agent.destroy();
  return n;
}

function signLoop(ms: number): number {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = Buffer.from(`${'e'.repeat(40)}.${'p'.repeat(420)}`);
  for (let i = 0; i < 200; i++) sign('sha256', input, privateKey);
  const start = process.cpuUsage();
  const end = Date.now() + ms;
  let n = 0;
  while (Date.now() < end) { for (let i = 0; i < 50; i++) sign('sha256', input, privateKey); n += 50; }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

const results = new Map<string, string[]>();
for (let round = 0; round < rounds; round++) {
  for (const side of sides) {
    let us: number;
    if (side === 'loop') us = signLoop(seconds * 1000);
    else {
      const t = await target(side);
      try {
        await grants(t, 3000);
        const before = t.cpuMs();
        const n = await grants(t, seconds * 1000);
        us = (1000 * (t.cpuMs() - before)) / n;
      } finally {
        await t.stop();
      }
    }
    if (!results.has(side)) results.set(side, []);
    results.get(side)!.push(us.toFixed(1));
    console.log(`round ${round + 1} ${side}: ${us.toFixed(1)} µs`);
  }
}
for (const [side, figures] of results) console.log(`${side.padEnd(8)} ${figures.join(', ')} µs of server CPU a grant`);
process.exit(0);

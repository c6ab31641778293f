/**
 * GET /metrics in Prometheus's text format: requests and latency by operation and outcome,
 * errors by exception, sign-ins by flow and result, lockouts, message deliveries, the outbox
 * backlog, the PostgreSQL pool; an optional bearer token; one registry per server.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  InitiateAuthCommand, RespondToAuthChallengeCommand, SignUpCommand, type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, PASSWORD, poolAndClient, srpClient } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

type Samples = Map<string, number>;

/** Parses the text exposition format into `name{label="v",...}` → value (labels as written). */
function parse(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*(?:\{.*\})?) (\S+)$/.exec(line);
    assert.ok(m, `a sample line: ${line}`);
    samples.set(m[1]!, Number(m[2]));
  }
  return samples;
}

async function scrape(server: TestServer, headers: Record<string, string> = {}): Promise<Samples> {
  const res = await fetch(`${server.url}/metrics`, { headers });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parse(await res.text());
}

const value = (samples: Samples, key: string): number => samples.get(key) ?? 0;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('/metrics', () => {
  let server: TestServer;
  // Port 1 refuses connections: every email delivery fails and is retried.
  before(async () => { server = await startTestServer({ smtpUrl: 'smtp://127.0.0.1:1' }, { isolatedDatabase: true }); });
  after(async () => { await server.stop(); });

  it('counts requests, errors and sign-ins by flow and result, and lockouts', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'alice');
    const passwordAuth = (USERNAME: string, PASSWORD_: string) => server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD: PASSWORD_ },
    }));

    const ok = await passwordAuth('alice', PASSWORD);
    assert.ok(ok.AuthenticationResult);
    const srp = srpClient(poolId);
    const challenge: InitiateAuthCommandOutput = await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'alice', SRP_A: srp.srpA },
    }));
    const answered = await server.anonymousClient.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: challenge.Session,
      ChallengeResponses: srp.answer(challenge.ChallengeParameters!, PASSWORD),
    }));
    assert.ok(answered.AuthenticationResult);
    await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: ok.AuthenticationResult.RefreshToken! },
    }));
    assert.equal((await errorOf(() => passwordAuth('nobody', PASSWORD))).name, 'UserNotFoundException');
    // Five free failures, then the lock: the sixth wrong attempt and the next are refused as locked out.
    for (let i = 0; i < 6; i++) assert.equal((await errorOf(() => passwordAuth('alice', 'Wrong-Password1'))).name, 'NotAuthorizedException');
    const locked = await errorOf(() => passwordAuth('alice', PASSWORD));
    assert.equal(locked.message, 'Password attempts exceeded');

    const m = await scrape(server);
    assert.equal(value(m, 'alcove_sign_ins_total{flow="USER_PASSWORD_AUTH",result="success"}'), 1);
    assert.equal(value(m, 'alcove_sign_ins_total{flow="USER_SRP_AUTH",result="success"}'), 1);
    assert.equal(value(m, 'alcove_sign_ins_total{flow="REFRESH_TOKEN_AUTH",result="success"}'), 1);
    assert.equal(value(m, 'alcove_sign_ins_total{flow="USER_PASSWORD_AUTH",result="UserNotFoundException"}'), 1);
    assert.ok(value(m, 'alcove_sign_ins_total{flow="USER_PASSWORD_AUTH",result="NotAuthorizedException"}') >= 7);
    assert.ok(value(m, 'alcove_sign_in_lockouts_total') >= 2, 'the attempts refused during the lock');
    // SRP's first step is not an outcome of its own.
    assert.equal([...m.keys()].some((k) => k.startsWith('alcove_sign_ins_total') && k.includes('PASSWORD_VERIFIER')), false);

    assert.equal(value(m, 'alcove_requests_total{operation="InitiateAuth",outcome="success"}'), 3);
    assert.ok(value(m, 'alcove_requests_total{operation="InitiateAuth",outcome="client_error"}') >= 8);
    assert.equal(value(m, 'alcove_requests_total{operation="RespondToAuthChallenge",outcome="success"}'), 1);
    assert.equal(value(m, 'alcove_requests_total{operation="CreateUserPool",outcome="success"}'), 1);
    assert.equal(value(m, 'alcove_request_errors_total{operation="InitiateAuth",error="UserNotFoundException"}'), 1);
    assert.ok(value(m, 'alcove_request_errors_total{operation="InitiateAuth",error="NotAuthorizedException"}') >= 7);
    assert.equal(value(m, 'alcove_request_duration_seconds_count{operation="InitiateAuth",outcome="success"}'), 3);
    assert.equal(value(m, 'alcove_request_duration_seconds_bucket{le="+Inf",operation="InitiateAuth",outcome="success"}'), 3);
    assert.ok(value(m, 'alcove_request_duration_seconds_sum{operation="InitiateAuth",outcome="success"}') > 0);
    const buckets = ['0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf']
      .map((le) => value(m, `alcove_request_duration_seconds_bucket{le="${le}",operation="InitiateAuth",outcome="client_error"}`));
    assert.deepEqual(buckets, [...buckets].sort((a, b) => a - b), 'buckets are cumulative');
    assert.equal(buckets.at(-1), value(m, 'alcove_request_duration_seconds_count{operation="InitiateAuth",outcome="client_error"}'));
    // Default process metrics are there too.
    assert.ok(value(m, 'process_cpu_seconds_total') > 0);
  });

  it('labels unknown operations and paths without taking their names', async () => {
    const res = await fetch(server.url, {
      method: 'POST', body: '{}',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.MadeUp123' },
    });
    assert.equal(res.status, 400);
    await fetch(`${server.url}/no/such/path`);
    const m = await scrape(server);
    assert.ok(value(m, 'alcove_requests_total{operation="unknown",outcome="client_error"}') >= 1);
    assert.ok(value(m, 'alcove_request_errors_total{operation="unknown",error="UnknownOperationException"}') >= 1);
    assert.ok(value(m, 'alcove_requests_total{operation="GET (unmatched)",outcome="client_error"}') >= 1);
    assert.equal([...m.keys()].some((k) => k.includes('MadeUp123') || k.includes('no/such')), false);
  });

  it('shows the outbox backlog and counts failed deliveries', async () => {
    const { clientId } = await poolAndClient(server, { AutoVerifiedAttributes: ['email'] });
    await server.anonymousClient.send(new SignUpCommand({
      ClientId: clientId, Username: 'dana', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'dana@example.com' }],
    }));
    const m = await waitFor('a failed delivery', async () => {
      const s = await scrape(server);
      return value(s, 'alcove_message_deliveries_total{channel="EMAIL",outcome="failed"}') >= 1
        && value(s, 'alcove_outbox_pending_messages{state="retrying"}') === 1 ? s : undefined;
    });
    assert.ok(value(m, 'alcove_outbox_oldest_pending_age_seconds') >= 0);
    assert.equal(value(m, 'alcove_message_deliveries_total{channel="EMAIL",outcome="sent"}'), 0);
  });

  it('serves every metric that the operations guide and the Grafana dashboard name', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const families = new Set([...text.matchAll(/^# TYPE (\w+) \w+$/gm)].map((m) => m[1]));
    for (const doc of ['docs/operations-guide.md', 'docs/grafana-dashboard.json']) {
      const named = new Set([...readFileSync(new URL(`../../../${doc}`, import.meta.url), 'utf8')
        .matchAll(/\b((?:alcove|process|nodejs)_\w+?)(?:_bucket|_sum|_count)?\b/g)].map((m) => m[1]!));
      assert.ok(named.size >= 5, `${doc} names metrics`);
      for (const name of named) {
        if (name.startsWith('alcove_db_pool_') && server.services.store.kind === 'sqlite') continue;
        assert.ok(families.has(name), `${doc} names ${name}, which /metrics does not serve`);
      }
    }
  });

  it('reports the PostgreSQL connection pool', async (t) => {
    if (server.services.store.kind !== 'postgres') return t.skip('SQLite has no connection pool');
    const m = await scrape(server);
    assert.equal(value(m, 'alcove_db_pool_max_connections'), server.settings.databasePoolSize);
    assert.ok(value(m, 'alcove_db_pool_connections') >= 1);
    assert.ok(m.has('alcove_db_pool_idle_connections'));
    assert.ok(m.has('alcove_db_pool_waiting_requests'));
  });
});

describe('/metrics with a token, and per server', () => {
  let server: TestServer;
  const token = 'a-metrics-token-of-some-length';
  before(async () => { server = await startTestServer({ metricsToken: token }); });
  after(async () => { await server.stop(); });

  it('wants the bearer token when one is configured', async () => {
    assert.equal((await fetch(`${server.url}/metrics`)).status, 401);
    assert.equal((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } })).status, 401);
    const m = await scrape(server, { authorization: `Bearer ${token}` });
    // Another server in this process counted sign-ins; this one's registry is its own.
    assert.equal([...m.keys()].some((k) => k.startsWith('alcove_sign_ins_total{')), false);
    assert.equal(value(m, 'alcove_requests_total{operation="InitiateAuth",outcome="success"}'), 0);
    assert.ok(value(m, 'alcove_requests_total{operation="GET /metrics",outcome="client_error"}') >= 2);
  });
});

/**
 * Request-rate quotas: Cognito's categories and default rates, TooManyRequestsException when a
 * category is over its rate, limits read and set through Get/UpdateProvisionedLimit, counted in
 * the database so that two nodes share one rate.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserPoolCommand, DescribeUserPoolCommand, GetProvisionedLimitCommand, InitiateAuthCommand, UpdateProvisionedLimitCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

/** A clock the test moves: requests then fall in the window the test chose. */
const manualClock = () => {
  let t = Math.floor(Date.now() / 1000) * 1000 + 100;
  return { now: () => t, advance(ms: number) { t += ms; } };
};

/** Sends `n` DescribeUserPool calls at once; how many each outcome got. */
async function burst(server: TestServer, poolId: string, n: number): Promise<{ ok: number; throttled: number; other: string[] }> {
  const results = await Promise.allSettled(Array.from({ length: n }, () => server.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))));
  const out = { ok: 0, throttled: 0, other: [] as string[] };
  for (const r of results) {
    if (r.status === 'fulfilled') out.ok++;
    else if ((r.reason as Error).name === 'TooManyRequestsException') out.throttled++;
    else out.other.push(String(r.reason));
  }
  return out;
}

describe('request-rate quotas, off by default', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer({}, { clock: manualClock() }); });
  after(async () => { await server.stop(); });

  it('throttles nothing', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'q-off' }));
    const r = await burst(server, UserPool!.Id!, 40);
    assert.deepEqual(r, { ok: 40, throttled: 0, other: [] });
  });
});

describe('request-rate quotas, on', () => {
  let server: TestServer;
  const clock = manualClock();
  let poolId: string;
  before(async () => {
    server = await startTestServer({ quotas: true }, { clock, isolatedDatabase: true });
    poolId = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'q-on' }))).UserPool!.Id!;
    clock.advance(1000);
  });
  after(async () => { await server.stop(); });

  it("reads Cognito's default rates", async () => {
    const { Limit } = await server.client.send(new GetProvisionedLimitCommand({
      LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: 'UserAuthentication' } },
    }));
    assert.deepEqual(Limit, {
      LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: 'UserAuthentication' } },
      ProvisionedLimitValue: 120, FreeLimitValue: 120,
    });
    const unknown = await errorOf(() => server.client.send(new GetProvisionedLimitCommand({
      LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: 'NoSuchCategory' } },
    })));
    assert.equal(unknown.name, 'InvalidParameterException');
  });

  it('answers TooManyRequestsException beyond the category rate in a second, and serves again the next second', async () => {
    const r = await burst(server, poolId, 40);
    assert.deepEqual(r, { ok: 15, throttled: 25, other: [] }); // UserPoolRead: 15 per second
    const err = await errorOf(() => server.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId })));
    assert.equal(err.name, 'TooManyRequestsException');
    assert.equal(err.message, 'Rate exceeded');
    // Another category has its own rate.
    const signIn = await errorOf(() => server.anonymousClient.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'nosuchclient', AuthParameters: { USERNAME: 'a', PASSWORD: 'b' } })));
    assert.notEqual(signIn.name, 'TooManyRequestsException');
    clock.advance(1000);
    assert.equal((await burst(server, poolId, 10)).ok, 10);
  });

  it('raises a category with UpdateProvisionedLimit, within Cognito bounds', async () => {
    const definition = { LimitClass: 'API_CATEGORY' as const, Attributes: { Category: 'UserPoolRead' } };
    const low = await errorOf(() => server.client.send(new UpdateProvisionedLimitCommand({ LimitDefinition: definition, RequestedLimitValue: 5 })));
    assert.equal(low.name, 'InvalidParameterException');
    const high = await errorOf(() => server.client.send(new UpdateProvisionedLimitCommand({ LimitDefinition: definition, RequestedLimitValue: 10_000_000 })));
    assert.equal(high.name, 'ServiceQuotaExceededException');
    const { Limit } = await server.client.send(new UpdateProvisionedLimitCommand({ LimitDefinition: definition, RequestedLimitValue: 30 }));
    assert.equal(Limit?.ProvisionedLimitValue, 30);
    assert.equal(Limit?.FreeLimitValue, 15);
    assert.equal((await server.client.send(new GetProvisionedLimitCommand({ LimitDefinition: definition }))).Limit?.ProvisionedLimitValue, 30);
    clock.advance(1100); // past the node's cache of limits
    await burst(server, poolId, 1); // that request reloads the limits behind it
    await new Promise((r) => setTimeout(r, 100));
    clock.advance(1000);
    assert.deepEqual(await burst(server, poolId, 40), { ok: 30, throttled: 10, other: [] });
  });
});

describe('request-rate quotas across nodes', () => {
  let a: TestServer;
  let b: TestServer;
  const clock = manualClock();
  before(async () => {
    a = await startTestServer({ quotas: true }, { clock, isolatedDatabase: true });
    // The second node shares the first one's database (SQLite file or PostgreSQL database) and keys.
    b = await startTestServer({
      quotas: true, dataDir: a.dataDir, databaseUrl: a.settings.databaseUrl, kek: a.settings.kek,
      accessKeyId: a.accessKeys[0]!.accessKeyId, secretAccessKey: a.accessKeys[0]!.secretAccessKey,
    }, { clock });
  });
  after(async () => { await b.stop(); await a.stop(); });

  it('counts one rate for both nodes', async () => {
    const poolId = (await a.client.send(new CreateUserPoolCommand({ PoolName: 'q-nodes' }))).UserPool!.Id!;
    clock.advance(1000);
    const [ra, rb] = await Promise.all([burst(a, poolId, 20), burst(b, poolId, 20)]);
    assert.deepEqual([...ra.other, ...rb.other], []);
    assert.equal(ra.ok + rb.ok, 15, `node a admitted ${ra.ok}, node b ${rb.ok}`);
  });
});

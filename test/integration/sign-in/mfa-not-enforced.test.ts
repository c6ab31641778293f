/**
 * Until MFA is served, no pool may look protected by it: MfaConfiguration ON is refused wherever
 * it is set, and a pool with OPTIONAL is named in a warning once per pool.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Writable } from 'node:stream';
import {
  CreateUserPoolCommand, SetUserPoolMfaConfigCommand, UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { pino } from 'pino';
import { confirmedUser, PASSWORD, poolAndClient } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { signIn } from '../../helpers/user-session.ts';

const notServed = /MfaConfiguration ON is not supported: this server does not enforce MFA yet/;

describe('MFA not enforced yet', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(() => server.stop());

  it('refuses MfaConfiguration ON in CreateUserPool, UpdateUserPool and SetUserPoolMfaConfig', async () => {
    const create = await errorOf(() => server.client.send(new CreateUserPoolCommand({ PoolName: 'mfa-on', MfaConfiguration: 'ON' })));
    assert.equal(create.name, 'InvalidParameterException');
    assert.match(create.message, notServed);

    const { poolId } = await poolAndClient(server);
    const update = await errorOf(() => server.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, MfaConfiguration: 'ON' })));
    assert.equal(update.name, 'InvalidParameterException');
    assert.match(update.message, notServed);
    const set = await errorOf(() => server.client.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true },
    })));
    assert.equal(set.name, 'InvalidParameterException');
    assert.match(set.message, notServed);
  });

  it('refuses to start with a seeded pool whose MfaConfiguration is ON, naming it', async () => {
    const pools = [{ name: 'seeded-mfa-on', settings: { MfaConfiguration: 'ON' } }];
    await assert.rejects(startTestServer({ pools }).then((s) => s.stop()), (e: Error) => /config pool "seeded-mfa-on": .*InvalidParameterException/.test(e.message) && notServed.test(e.message));
  });

  it('warns once per pool that OPTIONAL is not enforced, on the server that signs users in', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'opt');
    await server.client.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true },
    }));

    // Another server on the same database has not seen the configuration being set.
    const lines: { poolId?: string; mfaConfiguration?: string; msg?: string }[] = [];
    const sink = new Writable({ write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done(); } });
    const other = await startTestServer({ dataDir: server.settings.dataDir }, { log: pino({ level: 'warn' }, sink) });
    try {
      for (let i = 0; i < 3; i++) await signIn(other, { poolId, clientId, username: 'opt', password: PASSWORD });
      const warnings = lines.filter((l) => l.poolId === poolId);
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]!.mfaConfiguration, 'OPTIONAL');
      assert.match(warnings[0]!.msg!, /not enforced/);
    } finally {
      await other.stop();
    }
  });
});

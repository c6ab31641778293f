import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envName, kmsKeysOf, resolveSettings, settingsFromEnv } from '../../src/config.ts';

describe('settings', () => {
  it('layers defaults, file, environment and flags, later winning', () => {
    const s = resolveSettings([{ port: 1000, region: 'eu-west-1' }, settingsFromEnv({ ALCOVE_PORT: '2000' }), { port: '3000' }]);
    assert.equal(s.port, 3000);
    assert.equal(s.region, 'eu-west-1');
    assert.equal(s.host, '127.0.0.1');
    assert.equal(envName('dataDir'), 'ALCOVE_DATA_DIR');
  });

  it('refuses the fixed code outside development mode', () => {
    assert.throws(() => resolveSettings([{ devFixedCode: '123456' }]), /development setting/);
    assert.equal(resolveSettings([{ devFixedCode: '123456', dev: 'true' }]).devFixedCode, '123456');
  });

  it('reads IAM roles and trusted issuers from the file; trusts unknown roles only in development mode', () => {
    const s = resolveSettings([{ iam: { roles: [{ name: 'R', trustPolicy: { Statement: [] } }] }, sts: { trustedIssuers: [{ issuer: 'https://idp.example' }] } }]);
    assert.equal(s.iam.roles[0]!.path, '/');
    assert.equal(s.iam.roles[0]!.maxSessionDuration, 3600);
    assert.equal(s.sts.trustedIssuers[0]!.issuer, 'https://idp.example');
    assert.equal(resolveSettings([{}]).iam.trustUnknownRoles, false);
    assert.throws(() => resolveSettings([{ iam: { trustUnknownRoles: true } }]), /development setting/);
    assert.equal(resolveSettings([{ dev: true, iam: { trustUnknownRoles: true } }]).iam.trustUnknownRoles, true);
    assert.throws(() => resolveSettings([{ iam: { roles: [{ name: 'bad name', trustPolicy: '{}' }] } }]), /iam\.roles\.0\.name/);
  });

  it('names every bad setting', () => {
    assert.throws(() => resolveSettings([{ port: 'x', region: 'moon', nonsense: 1 }]), (e: Error) =>
      /port/.test(e.message) && /region/.test(e.message) && /nonsense|Unrecognized/.test(e.message));
  });

  it('takes kmsKeys (KMSKeyID → base64 of 32 bytes) from a file layer only, and refuses other lengths', () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    const id = 'arn:aws:kms:us-east-1:000000000000:key/1234';
    assert.deepEqual(kmsKeysOf(resolveSettings([{ kmsKeys: { [id]: key } }])), { [id]: Buffer.alloc(32, 9) });
    assert.throws(() => resolveSettings([{ kmsKeys: { [id]: Buffer.alloc(16).toString('base64') } }]), /kmsKeys/);
    assert.equal(settingsFromEnv({ ALCOVE_KMS_KEYS: 'x' })['kmsKeys'], undefined);
  });
});

/** The config file as desired state, the pure part: what would change, and what an update sends. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CreateUserPoolRequest } from '@aws-sdk/client-cognito-identity-provider';
import { buildClientConfig, describeClient, type ClientSettings } from '../../src/userPools/clients/client-config.ts';
import { buildPoolConfig, describePool, PoolView } from '../../src/userPools/pools/pool-config.ts';
import { canonical, describeChange, diffSettings } from '../../src/seed/diff.ts';
import { ImmutableSettingError, planClient, planPool } from '../../src/seed/desired.ts';

const poolRow = (settings: Record<string, unknown>) => ({
  id: 'us-east-1_abc', name: 'p', config: buildPoolConfig({ PoolName: 'p', ...settings } as CreateUserPoolRequest) as Record<string, unknown>,
  userCount: 0, createdAt: 0, updatedAt: 0,
});
const described = (settings: Record<string, unknown>) => describePool(poolRow(settings), 'us-east-1', '000000000000');
const pool = new PoolView(poolRow({}));
const describedClient = (settings: ClientSettings) => describeClient({
  id: 'c1', poolId: pool.id, name: 'web', config: buildClientConfig(settings, pool, 'creating') as Record<string, unknown>,
  secretEnc: null, createdAt: 0, updatedAt: 0,
}, undefined);

const poolSettings: Record<string, unknown>[] = [
  {},
  { AutoVerifiedAttributes: ['email'], UsernameAttributes: ['email'] },
  { Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: false } }, MfaConfiguration: 'OFF' },
  { EmailVerificationMessage: 'Code {####}', EmailVerificationSubject: 'Hi' },
  { VerificationMessageTemplate: { SmsMessage: 'SMS {####}' }, AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } },
  { Schema: [{ Name: 'tenant', AttributeDataType: 'String' }, { Name: 'email', Required: true }], DeletionProtection: 'ACTIVE' },
];

describe('desired state of a pool', () => {
  it('finds nothing to change when the pool was made from the same settings', () => {
    for (const settings of poolSettings) {
      const plan = planPool(described(settings), settings);
      assert.deepEqual(plan.changes, [], canonical(settings));
      assert.deepEqual(plan.newCustomAttributes, []);
    }
  });

  it('changes only what the file names, as the API would set it', () => {
    const current = described({ AutoVerifiedAttributes: ['email'], Policies: { PasswordPolicy: { MinimumLength: 10 } } });
    const plan = planPool(current, { Policies: { PasswordPolicy: { MinimumLength: 12 } }, EmailVerificationSubject: 'New subject' });
    assert.deepEqual(plan.changes.map(describeChange), [
      'EmailVerificationSubject: "Your verification code" → "New subject"',
      'Policies.PasswordPolicy.MinimumLength: 10 → 12',
      'VerificationMessageTemplate.EmailSubject: "Your verification code" → "New subject"',
    ]);
    // What the file does not name is sent back as it is.
    assert.deepEqual(plan.update.AutoVerifiedAttributes, ['email']);
  });

  it('adds new custom attributes and refuses what cannot change', () => {
    const current = described({ Schema: [{ Name: 'tenant', AttributeDataType: 'String' }] });
    const plan = planPool(current, { Schema: [{ Name: 'tenant', AttributeDataType: 'String' }, { Name: 'plan', AttributeDataType: 'Number' }] });
    assert.deepEqual(plan.newCustomAttributes.map((a) => a.Name), ['plan']);
    assert.throws(() => planPool(current, { UsernameAttributes: ['email'] }), ImmutableSettingError);
    assert.throws(() => planPool(current, { Schema: [{ Name: 'tenant', AttributeDataType: 'Number' }] }), /Schema attribute custom:tenant cannot change/);
  });
});

describe('desired state of an app client', () => {
  it('finds nothing to change for the settings the client was made from', () => {
    for (const settings of [{}, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }, { AccessTokenValidity: 2, IdTokenValidity: 30, TokenValidityUnits: { IdToken: 'minutes' } }] as ClientSettings[]) {
      assert.deepEqual(planClient(describedClient(settings), settings as Record<string, unknown>, pool).changes, []);
    }
  });

  it('reads a token validity the file names in the file\'s unit, not the stored one', () => {
    // Stored: 60 minutes (the default shown); the file's 2 means hours, as at creation.
    const plan = planClient(describedClient({}), { AccessTokenValidity: 2 }, pool);
    assert.deepEqual(plan.changes.map(describeChange), ['AccessTokenValidity: 60 → 2', 'TokenValidityUnits.AccessToken: "minutes" → "hours"']);
  });
});

describe('settings diff', () => {
  it('reports no change between a value and itself, whatever the key order', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(fc.property(json, (v) => {
      const reversed = JSON.parse(JSON.stringify(v), (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x).reverse()) : x)) as unknown;
      assert.deepEqual(diffSettings(v, reversed), []);
    }));
  });
});

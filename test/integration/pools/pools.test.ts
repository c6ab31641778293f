/** User pool management: create, describe, update, delete, list, custom attributes, MFA config. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddCustomAttributesCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, DeleteUserPoolCommand,
  DescribeUserPoolClientCommand, DescribeUserPoolCommand, GetUserPoolMfaConfigCommand, ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand, UpdateUserPoolCommand, type SchemaAttributeType, type UserPoolDescriptionType,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

describe('user pools', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(async () => { await server.stop(); });

  const createPool = async (input: Partial<ConstructorParameters<typeof CreateUserPoolCommand>[0]> = {}) => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'pool', ...input }));
    return UserPool!;
  };
  const describePool = async (id: string) =>
    (await server.client.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;

  it('describes a new pool with Cognito defaults', async () => {
    const created = await createPool({ PoolName: 'defaults' });
    const pool = await describePool(created.Id!);
    assert.equal(pool.Name, 'defaults');
    assert.deepEqual(pool.Policies?.PasswordPolicy, {
      MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    });
    assert.deepEqual(pool.SchemaAttributes?.map((a) => a.Name), [
      'sub', 'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile',
      'picture', 'website', 'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number',
      'phone_number_verified', 'address', 'updated_at',
    ]);
    assert.deepEqual(pool.SchemaAttributes?.[0], {
      Name: 'sub', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: false, Required: true,
      StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' },
    });
    assert.equal(pool.MfaConfiguration, 'OFF');
    assert.equal(pool.DeletionProtection, 'INACTIVE');
    assert.deepEqual(pool.LambdaConfig, {});
    assert.deepEqual(pool.UserPoolTags, {});
    assert.equal(pool.EstimatedNumberOfUsers, 0);
    assert.equal(pool.UserPoolTier, 'ESSENTIALS');
    assert.equal(pool.VerificationMessageTemplate?.DefaultEmailOption, 'CONFIRM_WITH_CODE');
    assert.ok(pool.CreationDate instanceof Date);
    assert.ok(pool.LastModifiedDate instanceof Date);
    assert.equal(pool.CreationDate.getTime(), created.CreationDate!.getTime());
  });

  it('prefixes custom attributes, as Cognito stores them', async () => {
    const pool = await createPool({
      Schema: [
        { Name: 'tenant', AttributeDataType: 'String', Mutable: true },
        { Name: 'level', AttributeDataType: 'Number', DeveloperOnlyAttribute: true },
      ],
    });
    const names = pool.SchemaAttributes!.map((a) => a.Name);
    assert.deepEqual(names.slice(-2), ['custom:tenant', 'dev:custom:level']);
    const err = await errorOf(() => createPool({ Schema: [{ Name: 'x', AttributeDataType: 'String', Required: true }] }));
    assert.equal(err.name, 'InvalidParameterException');
    assert.equal(err.message, 'Required custom attributes are not supported currently.');
  });

  it('checks schema constraints as Cognito does, and keeps those given for standard attributes', async () => {
    const refused = async (Schema: SchemaAttributeType[], message: string) => {
      const e = await errorOf(() => createPool({ Schema }));
      assert.equal(e.name, 'InvalidParameterException', message);
      assert.equal(e.message, message);
    };
    await refused([{ Name: 'plan' }], 'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.');
    await refused([{ Name: 'plan', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: 'ten' } }],
      'Invalid StringAttributeConstraints for schema attribute custom:plan');
    await refused([{ Name: 'plan', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '-1' } }],
      'Invalid StringAttributeConstraints for schema attribute custom:plan');
    await refused([{ Name: 'plan', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '2049' } }],
      'user.custom:plan: String attributes cannot have a length of more than 2048');
    await refused([{ Name: 'plan', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '9', MaxLength: '3' } }],
      'user.custom:plan: Max length cannot be less than min length.');
    await refused([{ Name: 'seats', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '1.5' } }],
      'Invalid NumberAttributeConstraints for schema attribute custom:seats');
    await refused([{ Name: 'seats', AttributeDataType: 'Number', DeveloperOnlyAttribute: true, NumberAttributeConstraints: { MinValue: '10', MaxValue: '2' } }],
      'user.dev:custom:seats: Max value cannot be less than min value.');
    await refused([{ Name: 'name', StringAttributeConstraints: { MaxLength: '4096' } }],
      'user.name: String attributes cannot have a length of more than 2048');
    await refused([{ Name: 'email', AttributeDataType: 'Number' }],
      'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email');
    await refused([{ Name: 'email', DeveloperOnlyAttribute: true }],
      'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email');

    const pool = await createPool({ Schema: [
      { Name: 'name', StringAttributeConstraints: { MinLength: '2', MaxLength: '64' } },
      { Name: 'updated_at', NumberAttributeConstraints: { MaxValue: '99999999999' } },
      { Name: 'seats', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '-5', MaxValue: '5' } },
    ] });
    const attribute = (name: string) => pool.SchemaAttributes!.find((a) => a.Name === name);
    assert.deepEqual(attribute('name')?.StringAttributeConstraints, { MinLength: '2', MaxLength: '64' });
    assert.deepEqual(attribute('updated_at')?.NumberAttributeConstraints, { MinValue: '0', MaxValue: '99999999999' });
    assert.deepEqual(attribute('custom:seats')?.NumberAttributeConstraints, { MinValue: '-5', MaxValue: '5' });

    const added = await errorOf(() => server.client.send(new AddCustomAttributesCommand({
      UserPoolId: pool.Id, CustomAttributes: [{ Name: 'tier', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '5', MaxLength: '1' } }],
    })));
    assert.equal(added.message, 'user.custom:tier: Max length cannot be less than min length.');
    const untyped = await errorOf(() => server.client.send(new AddCustomAttributesCommand({ UserPoolId: pool.Id, CustomAttributes: [{ Name: 'tier' }] })));
    assert.equal(untyped.message, 'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.');
  });

  it('refuses an ill-formed pool id and an unknown one', async () => {
    const bad = await errorOf(() => server.client.send(new DescribeUserPoolCommand({ UserPoolId: 'nounderscore' })));
    assert.equal(bad.name, 'InvalidParameterException');
    assert.match(bad.message, /^1 validation error detected: Value 'nounderscore' at 'userPoolId' failed to satisfy constraint/);
    const missing = await errorOf(() => server.client.send(new UpdateUserPoolCommand({ UserPoolId: 'us-east-1_missing00' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    assert.equal(missing.message, 'User pool us-east-1_missing00 does not exist.');
  });

  it('updates by replacement: settings not sent return to defaults, immutable ones stay', async () => {
    const created = await createPool({
      PoolName: 'before',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: false } },
      Schema: [{ Name: 'tenant', AttributeDataType: 'String' }],
      UserPoolTags: { team: 'identity' },
      UsernameConfiguration: { CaseSensitive: false },
    });
    await new Promise((r) => setTimeout(r, 5));
    await server.client.send(new UpdateUserPoolCommand({
      UserPoolId: created.Id, PoolName: 'after', Policies: { PasswordPolicy: { MinimumLength: 10 } },
      DeletionProtection: 'ACTIVE',
    }));
    const pool = await describePool(created.Id!);
    assert.equal(pool.Name, 'after');
    assert.equal(pool.Policies?.PasswordPolicy?.MinimumLength, 10);
    assert.equal(pool.Policies?.PasswordPolicy?.RequireSymbols, true);
    assert.deepEqual(pool.AutoVerifiedAttributes, []);
    assert.equal(pool.DeletionProtection, 'ACTIVE');
    assert.deepEqual(pool.UsernameAttributes, ['email']);
    assert.deepEqual(pool.UsernameConfiguration, { CaseSensitive: false });
    assert.equal(pool.SchemaAttributes?.at(-1)?.Name, 'custom:tenant');
    assert.deepEqual(pool.UserPoolTags, { team: 'identity' });
    assert.ok(pool.LastModifiedDate!.getTime() > pool.CreationDate!.getTime());
  });

  it('checks that attributes verified before update are auto-verified', async () => {
    const created = await createPool();
    const err = await errorOf(() => server.client.send(new UpdateUserPoolCommand({
      UserPoolId: created.Id, UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    })));
    assert.equal(err.name, 'InvalidParameterException');
    assert.equal(err.message, 'All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes');
  });

  it('refuses to delete a protected pool, and deleting takes its clients along', async () => {
    const created = await createPool({ DeletionProtection: 'ACTIVE' });
    const refused = await errorOf(() => server.client.send(new DeleteUserPoolCommand({ UserPoolId: created.Id })));
    assert.equal(refused.name, 'InvalidParameterException');
    assert.equal(refused.message,
      'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.');
    await server.client.send(new UpdateUserPoolCommand({ UserPoolId: created.Id, DeletionProtection: 'INACTIVE' }));
    const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: created.Id, ClientName: 'app' }));
    await server.client.send(new DeleteUserPoolCommand({ UserPoolId: created.Id }));
    const gone = await errorOf(() => describePool(created.Id!));
    assert.equal(gone.name, 'ResourceNotFoundException');
    const clientGone = await errorOf(() => server.client.send(new DescribeUserPoolClientCommand({
      UserPoolId: created.Id, ClientId: UserPoolClient!.ClientId,
    })));
    assert.equal(clientGone.name, 'ResourceNotFoundException');
  });

  it('lists pools page by page', async () => {
    const separate = await startTestServer({}, { isolatedDatabase: true });
    try {
      const ids = new Set<string>();
      for (let i = 0; i < 5; i++) {
        ids.add((await separate.client.send(new CreateUserPoolCommand({ PoolName: `p${i}` }))).UserPool!.Id!);
      }
      const seen: UserPoolDescriptionType[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await separate.client.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken: token }));
        assert.ok(page.UserPools!.length <= 2);
        seen.push(...page.UserPools!);
        token = page.NextToken;
        pages++;
      } while (token);
      assert.equal(pages, 3);
      assert.deepEqual(new Set(seen.map((p) => p.Id)), ids);
      const first = seen[0]!;
      assert.deepEqual(Object.keys(first).sort(), ['CreationDate', 'Id', 'LambdaConfig', 'LastModifiedDate', 'Name']);
      assert.ok(first.CreationDate instanceof Date);

      const bad = await errorOf(() => separate.client.send(new ListUserPoolsCommand({ MaxResults: 0 })));
      assert.equal(bad.name, 'InvalidParameterException');
      const foreign = await errorOf(() => separate.client.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken: 'bm90LW91cnM' })));
      assert.equal(foreign.name, 'InvalidParameterException');
    } finally {
      await separate.stop();
    }
  });

  it('adds custom attributes once each', async () => {
    const created = await createPool();
    await server.client.send(new AddCustomAttributesCommand({
      UserPoolId: created.Id,
      CustomAttributes: [{ Name: 'plan', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '16' } }],
    }));
    const pool = await describePool(created.Id!);
    assert.deepEqual(pool.SchemaAttributes?.at(-1), {
      Name: 'custom:plan', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
      StringAttributeConstraints: { MaxLength: '16' },
    });
    const dup = await errorOf(() => server.client.send(new AddCustomAttributesCommand({
      UserPoolId: created.Id, CustomAttributes: [{ Name: 'plan', AttributeDataType: 'String' }],
    })));
    assert.equal(dup.name, 'InvalidParameterException');
    assert.equal(dup.message, 'Existing attribute already has name custom:plan.');
    const batch = (prefix: string) => new AddCustomAttributesCommand({
      UserPoolId: created.Id,
      CustomAttributes: Array.from({ length: 25 }, (_, i) => ({ Name: `${prefix}${i}`, AttributeDataType: 'String' as const })),
    });
    await server.client.send(batch('a'));
    const tooMany = await errorOf(() => server.client.send(batch('b')));
    assert.equal(tooMany.name, 'InvalidParameterException');
    assert.equal(tooMany.message, 'A user pool can have at most 50 custom attributes.');
  });

  it('stores and echoes the MFA configuration', async () => {
    // Email MFA wants the pool's mail sent by the developer's SES account (Alcove mails through its SMTP).
    const created = await createPool({ EmailConfiguration: { EmailSendingAccount: 'DEVELOPER', SourceArn: 'arn:aws:ses:us-east-1:000000000000:identity/auth@example.com' } });
    const fresh = await server.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: created.Id }));
    assert.equal(fresh.MfaConfiguration, 'OFF');
    assert.equal(fresh.SoftwareTokenMfaConfiguration, undefined);

    const set = await server.client.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: created.Id, MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: { Message: 'Code {####}', Subject: 'Your code' },
    }));
    assert.equal(set.MfaConfiguration, 'OPTIONAL');
    assert.deepEqual(set.SoftwareTokenMfaConfiguration, { Enabled: true });
    assert.deepEqual(set.EmailMfaConfiguration, { Message: 'Code {####}', Subject: 'Your code' });
    assert.equal(set.SmsMfaConfiguration, undefined);
    const got = await server.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: created.Id }));
    assert.deepEqual({ ...got, $metadata: undefined }, { ...set, $metadata: undefined });
    assert.equal((await describePool(created.Id!)).MfaConfiguration, 'OPTIONAL');

    const none = await errorOf(() => server.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: created.Id, MfaConfiguration: 'ON' })));
    assert.equal(none.name, 'InvalidParameterException');
    assert.equal(none.message, "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.");
    const offWithFactor = await errorOf(() => server.client.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: created.Id, MfaConfiguration: 'OFF', SoftwareTokenMfaConfiguration: { Enabled: true },
    })));
    assert.equal(offWithFactor.message, "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.");
  });

  it('takes the SMS factor settings into the pool', async () => {
    const created = await createPool();
    const sms = { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms', ExternalId: 'x' };
    const set = await server.client.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: created.Id, MfaConfiguration: 'OPTIONAL',
      SmsMfaConfiguration: { SmsAuthenticationMessage: 'Sign-in code {####}', SmsConfiguration: sms },
    }));
    assert.deepEqual(set.SmsMfaConfiguration, { SmsAuthenticationMessage: 'Sign-in code {####}', SmsConfiguration: sms });
    const pool = await describePool(created.Id!);
    assert.equal(pool.SmsAuthenticationMessage, 'Sign-in code {####}');
    assert.deepEqual(pool.SmsConfiguration, sms);
    assert.equal(pool.MfaConfiguration, 'OPTIONAL');
    // The factors live beside the pool's settings but are GetUserPoolMfaConfig's to show.
    assert.equal('MfaFactors' in pool, false);
  });
});

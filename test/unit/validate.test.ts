import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CognitoError } from '../../src/errors.ts';
import {
  getCatalog,
  getOperation,
  listOperations,
  type ServiceName,
  type ShapeSpec,
} from '../../src/protocol/catalog.ts';
import { compilePattern } from '../../src/protocol/java-regex.ts';
import { validateInput } from '../../src/protocol/validate.ts';

const SERVICES: readonly ServiceName[] = ['cognito-idp', 'cognito-identity', 'sts'];

/** Runs validateInput and returns the CognitoError it throws (or undefined when it accepts). */
function outcome(service: ServiceName, operation: string, input: unknown): CognitoError | undefined {
  try {
    validateInput(service, operation, input);
    return undefined;
  } catch (error) {
    if (error instanceof CognitoError) return error;
    throw error;
  }
}

function rejects(service: ServiceName, operation: string, input: unknown, type: string, message: string) {
  const error = outcome(service, operation, input);
  assert.ok(error, `expected ${type}`);
  assert.equal(error.type, type);
  assert.equal(error.message, message);
}

const invalid = (operation: string, input: unknown, message: string) =>
  rejects('cognito-idp', operation, input, 'InvalidParameterException', message);
const malformed = (operation: string, input: unknown, message: string) =>
  rejects('cognito-idp', operation, input, 'SerializationException', message);
const accepts = (service: ServiceName, operation: string, input: unknown) =>
  assert.equal(outcome(service, operation, input)?.message, undefined);

const POOL = 'us-east-1_AbCdEf123';
const TOKEN = 'eyJraWQiOiJrMSJ9.eyJzdWIiOiJ4In0.c2ln';
const NAME_PATTERN = '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+';

describe('operation catalogue', () => {
  it('has all 140 user-pool, 23 identity-pool and 9 STS operations', () => {
    assert.equal(listOperations('cognito-idp').length, 140);
    assert.equal(listOperations('cognito-identity').length, 23);
    assert.equal(listOperations('sts').length, 9);
    assert.equal(getCatalog('sts').service.protocol, 'awsQuery');
    for (const name of ['GetTokensFromRefreshToken', 'GetClientToken', 'AdminDeleteSoftwareToken', 'AdminGetUserAuthFactors', 'ListUsers', 'InitiateAuth'])
      assert.ok(getOperation('cognito-idp', name), name);
  });

  it('marks exactly the public operations as unsigned', () => {
    const unsigned = (service: ServiceName) =>
      listOperations(service).filter((op) => op.auth === 'none').map((op) => op.name).sort();
    // The operations the AWS SDK marks smithy.api#noAuth, and GetClientToken (its secret
    // authenticates it; AWS evaluates no IAM policy for it: scripts/gen-catalog.ts).
    assert.deepEqual(unsigned('cognito-idp'), [
      'AssociateSoftwareToken', 'ChangePassword', 'CompleteWebAuthnRegistration', 'ConfirmDevice',
      'ConfirmForgotPassword', 'ConfirmSignUp', 'DeleteUser', 'DeleteUserAttributes',
      'DeleteWebAuthnCredential', 'ForgetDevice', 'ForgotPassword', 'GetClientToken', 'GetDevice',
      'GetTokensFromRefreshToken', 'GetUser', 'GetUserAttributeVerificationCode', 'GetUserAuthFactors',
      'GlobalSignOut', 'InitiateAuth', 'ListDevices', 'ListUserSessions', 'ListWebAuthnCredentials',
      'ResendConfirmationCode', 'RespondToAuthChallenge', 'RevokeToken', 'RevokeUserSession',
      'SetUserMFAPreference', 'SetUserSettings', 'SignUp', 'StartWebAuthnRegistration',
      'UpdateAuthEventFeedback', 'UpdateDeviceStatus', 'UpdateUserAttributes', 'VerifySoftwareToken',
      'VerifyUserAttribute',
    ]);
    assert.deepEqual(unsigned('cognito-identity'), ['GetCredentialsForIdentity', 'GetId', 'GetOpenIdToken', 'UnlinkIdentity']);
    assert.deepEqual(unsigned('sts'), ['AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']);
    assert.equal(getOperation('cognito-idp', 'ListUsers')?.auth, 'sigv4');
    assert.equal(getOperation('cognito-idp', 'GetClientToken')?.auth, 'none');
  });

  it('describes operations with their shapes and errors', () => {
    const op = getOperation('cognito-idp', 'GetTokensFromRefreshToken');
    assert.deepEqual(op && { input: op.input, output: op.output }, {
      input: 'GetTokensFromRefreshTokenRequest',
      output: 'GetTokensFromRefreshTokenResponse',
    });
    assert.ok(op?.errors.includes('RefreshTokenReuseException'));
    const input = getCatalog('cognito-idp').shapes['GetTokensFromRefreshTokenRequest'];
    assert.deepEqual(input?.type === 'structure' && input.members['RefreshToken'], {
      target: 'TokenModelType',
      required: true,
      sensitive: true,
    });
  });

  it('references only shapes it defines, and declares every error it lists', () => {
    for (const service of SERVICES) {
      const { shapes, errors, operations } = getCatalog(service);
      const exists = (name: string) => assert.ok(Object.hasOwn(shapes, name), `${service}: ${name}`);
      for (const op of Object.values(operations)) {
        if (op.input) exists(op.input);
        if (op.output) exists(op.output);
        for (const error of op.errors) assert.ok(errors.includes(error), `${op.name}: ${error}`);
      }
      for (const error of errors) {
        const shape = shapes[error];
        assert.ok(shape?.type === 'structure' && shape.error, error);
      }
      for (const shape of Object.values(shapes)) {
        if (shape.type === 'structure') Object.values(shape.members).forEach((m) => exists(m.target));
        if (shape.type === 'list') exists(shape.member);
        if (shape.type === 'map') [shape.key, shape.value].forEach(exists);
      }
    }
    assert.equal(getCatalog('cognito-idp').errors.length, 59);
    assert.equal(getCatalog('cognito-identity').errors.length, 11);
  });

  it('does not resolve prototype names as operations', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      assert.equal(getOperation('cognito-idp', name), undefined);
  });
});

describe('Smithy patterns', () => {
  const allPatterns = SERVICES.flatMap((service) =>
    Object.entries(getCatalog(service).shapes).flatMap(([name, shape]) =>
      shape.type === 'string' && shape.pattern !== undefined
        ? [{ name: `${service}/${name}`, pattern: shape.pattern, max: shape.max }]
        : [],
    ),
  );

  it('compiles every pattern of both models', () => {
    assert.ok(allPatterns.length > 60);
    for (const { name, pattern } of allPatterns) assert.doesNotThrow(() => compilePattern(pattern), name);
  });

  it('prints patterns as AWS does (Coral form, no Smithy anchors)', () => {
    assert.equal(compilePattern('^[\\w-]+_[0-9a-zA-Z]+$').display, '[\\w-]+_[0-9a-zA-Z]+');
    assert.equal(compilePattern('\\{####\\}').display, '.*\\{####\\}.*');
    assert.equal(compilePattern('^(?s)').display, '(?s).*');
  });

  it('keeps Java semantics', () => {
    const check = (pattern: string, value: string, expected: boolean) =>
      assert.equal(compilePattern(pattern).test(value), expected, `${pattern} on ${JSON.stringify(value)}`);
    check('^[\\w-]+_[0-9a-zA-Z]+$', POOL, true);
    check('^[\\w-]+_[0-9a-zA-Z]+$', 'us-east-1 pool', false);
    // A pattern must match the whole value (Coral `matches()`).
    check('^[0-9]+$', '12a', false);
    // Java's \s and \S are ASCII-only: a no-break space is "non-whitespace".
    check('^[\\S]+$', 'pass\u00a0word', true);
    check('^[\\S]+$', 'pass\tword', false);
    check('^[\\w\\s+=,.@-]+$', 'My Pool-1', true);
    // Java's `.` stops at line terminators (no DOTALL), `(?s)` lifts that.
    check('\\{####\\}', 'Your code is {####}', true);
    check('\\{####\\}', 'Your code\nis {####}', false);
    check('^(?s)', 'anything\ngoes', true);
    // A dash after a range or a class escape is a literal.
    check('^[A-Za-z0-9-_=.]+$', 'a-b_c=.', true);
    check('^[\\w-]+$', 'a-b', true);
    check('^[0-9A-Za-z\\.\\-_]*(?<!\\.)$', 'bucket.name', true);
    check('^[0-9A-Za-z\\.\\-_]*(?<!\\.)$', 'bucket.', false);
    check('^[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+$', 'ünïcödé😀', true);
  });

  it('refuses Java constructs it cannot translate faithfully', () => {
    for (const pattern of ['^a*+$', '^(?>a)$', '^[a[b]]$', '^[a-z&&[^b]]$', '^\\h$', '^a(?i:b)$', '^[^\\S]$'])
      assert.throws(() => compilePattern(pattern), /unsupported/, pattern);
  });

  it('answers the linear template checks exactly like the regular expressions', () => {
    const templates = allPatterns.filter(({ pattern }) => compilePattern(pattern).strategy === 'linear');
    assert.ok(templates.length >= 5, 'message templates and e-mail addresses use the linear check');
    // What still backtracks only ever runs on short values.
    for (const { name, pattern, max } of allPatterns)
      if (compilePattern(pattern).backtracks) assert.ok(max !== undefined && max <= 2048, name);
    const alphabet = fc.constantFrom('{', '#', '}', '@', 'a', ' ', '\n', '\u0000', '😀', '##', '{####}', '{##', '##}');
    for (const { pattern } of templates) {
      const { test, regex } = compilePattern(pattern);
      fc.assert(
        fc.property(fc.array(alphabet, { maxLength: 12 }), (parts) => {
          const value = parts.join('');
          assert.equal(test(value), regex.test(value), `${pattern} on ${JSON.stringify(value)}`);
        }),
        { numRuns: 400 },
      );
    }
  });

  it('stays fast on inputs that make the regular expressions backtrack', () => {
    const template = '{####}'.repeat(3333) + '\u0000';
    const started = performance.now();
    outcome('cognito-idp', 'UpdateUserPool', {
      UserPoolId: POOL,
      VerificationMessageTemplate: { EmailMessage: template, EmailMessageByLink: template },
      EmailConfiguration: { ReplyToEmailAddress: 'a@'.repeat(500_000) + ' ' },
    });
    assert.ok(performance.now() - started < 1000);
  });
});

describe('validateInput', () => {
  it('accepts a valid request and ignores unknown members', () => {
    accepts('cognito-idp', 'AdminCreateUser', {
      UserPoolId: POOL,
      Username: 'alice',
      UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }],
      DesiredDeliveryMediums: ['EMAIL'],
      ClientMetadata: { source: 'test' },
      SomethingNew: { nested: [1, 2, 3] },
    });
    accepts('cognito-idp', 'ListUsers', { UserPoolId: POOL, Limit: 60, Filter: null });
  });

  it('reports a bad user pool id with the pattern', () => {
    invalid(
      'ListUsers',
      { UserPoolId: 'not a pool' },
      "1 validation error detected: Value 'not a pool' at 'userPoolId' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+',
    );
  });

  it('reports missing required members, hiding sensitive ones even then', () => {
    invalid(
      'AdminAddUserToGroup',
      { UserPoolId: POOL, Username: 'alice', GroupName: null },
      "1 validation error detected: Value null at 'groupName' failed to satisfy constraint: Member must not be null",
    );
    // Captured from AWS: UpdateUserAttributes without AccessToken.
    invalid(
      'UpdateUserAttributes',
      { UserAttributes: [{ Name: 'name', Value: 'x' }] },
      "1 validation error detected: Value at 'accessToken' failed to satisfy constraint: Member must not be null",
    );
  });

  it('never prints sensitive values', () => {
    invalid(
      'SignUp',
      { ClientId: 'client1', Username: 'alice', Password: 'has a space' },
      "1 validation error detected: Value at 'password' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\S]+',
    );
    // Captured from AWS.
    invalid(
      'UpdateUserAttributes',
      { AccessToken: '', UserAttributes: [{ Name: 'name', Value: 'x' }] },
      "1 validation error detected: Value at 'accessToken' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+',
    );
    // A map that is itself sensitive hides its entries.
    invalid(
      'InitiateAuth',
      { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'client1', AuthParameters: { USERNAME: 'alice', PASSWORD: null } },
      "1 validation error detected: Value at 'authParameters' failed to satisfy constraint: Map value must satisfy constraint: " +
        '[Member must have length less than or equal to 131072, Member must have length greater than or equal to 0, Member must not be null]',
    );
  });

  it('counts and joins several violations, in model member order', () => {
    invalid(
      'AdminGetUser',
      { Username: 'alice', UserPoolId: 'bad' },
      "1 validation error detected: Value 'bad' at 'userPoolId' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+',
    );
    invalid(
      'AdminAddUserToGroup',
      { UserPoolId: 'bad' },
      "3 validation errors detected: Value 'bad' at 'userPoolId' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+; ' +
        "Value at 'username' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'groupName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('reports enum values in model order', () => {
    invalid(
      'InitiateAuth',
      { AuthFlow: 'PASSWORD', ClientId: 'client1' },
      "1 validation error detected: Value 'PASSWORD' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: " +
        '[USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]',
    );
  });

  it('reports ranges', () => {
    invalid(
      'ListUsers',
      { UserPoolId: POOL, Limit: 61 },
      "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    );
    invalid(
      'ListUsers',
      { UserPoolId: POOL, Limit: -1 },
      "1 validation error detected: Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
  });

  it('paths into lists of structures (message captured from AWS)', () => {
    invalid(
      'UpdateUserAttributes',
      { AccessToken: TOKEN, UserAttributes: [{ Name: '', Value: 'x' }] },
      "2 validation errors detected: Value '' at 'userAttributes.1.member.name' failed to satisfy constraint: " +
        'Member must have length greater than or equal to 1; ' +
        `Value '' at 'userAttributes.1.member.name' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME_PATTERN}`,
    );
    invalid(
      'AdminUpdateUserAttributes',
      { UserPoolId: POOL, Username: 'alice', UserAttributes: [{ Name: 'email', Value: 'a@b.c' }, { Value: 'x' }] },
      "1 validation error detected: Value null at 'userAttributes.2.member.name' failed to satisfy constraint: Member must not be null",
    );
    invalid(
      'SetUserPoolMfaConfig',
      { UserPoolId: POOL, SmsMfaConfiguration: { SmsAuthenticationMessage: 'no code here' } },
      "1 validation error detected: Value 'no code here' at 'smsMfaConfiguration.smsAuthenticationMessage' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: .*\\{####\\}.*',
    );
  });

  it('reports lists of scalars and maps once, at the collection', () => {
    invalid(
      'AdminDeleteUserAttributes',
      { UserPoolId: POOL, Username: 'alice', UserAttributeNames: ['email', '', 'name'] },
      "1 validation error detected: Value '[email, , name]' at 'userAttributeNames' failed to satisfy constraint: " +
        'Member must satisfy constraint: [Member must have length less than or equal to 32, ' +
        `Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${NAME_PATTERN}]`,
    );
    invalid(
      'AddCustomAttributes',
      { UserPoolId: POOL, CustomAttributes: [] },
      "1 validation error detected: Value '[]' at 'customAttributes' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    // As observed from Cognito identity pools for an empty login token.
    rejects(
      'cognito-identity',
      'GetId',
      { IdentityPoolId: 'us-east-1:0f1e2d3c-aaaa-bbbb-cccc-0123456789ab', Logins: { 'accounts.google.com': '' } },
      'InvalidParameterException',
      "1 validation error detected: Value at 'logins' failed to satisfy constraint: Map value must satisfy constraint: " +
        '[Member must have length less than or equal to 50000, Member must have length greater than or equal to 1]',
    );
    rejects(
      'cognito-identity',
      'SetIdentityPoolRoles',
      { IdentityPoolId: 'us-east-1:0f1e2d3c-aaaa-bbbb-cccc-0123456789ab', Roles: { admin: 'arn:aws:iam::123456789012:role/x' } },
      'InvalidParameterException',
      "1 validation error detected: Value '{admin=arn:aws:iam::123456789012:role/x}' at 'roles' failed to satisfy constraint: " +
        'Map keys must satisfy constraint: [Member must have length less than or equal to 128, ' +
        'Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: (un)?authenticated]',
    );
  });

  it('counts length in code points', () => {
    accepts('cognito-idp', 'CreateGroup', { UserPoolId: POOL, GroupName: '😀'.repeat(128) });
    invalid(
      'CreateGroup',
      { UserPoolId: POOL, GroupName: '😀'.repeat(129) },
      `1 validation error detected: Value '${'😀'.repeat(129)}' at 'groupName' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
  });

  it('applies AWS constraints to operations newer than the Smithy model', () => {
    invalid(
      'AdminDeleteSoftwareToken',
      { UserPoolId: 'nope', Username: 'alice' },
      "1 validation error detected: Value 'nope' at 'userPoolId' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+',
    );
    invalid(
      'GetTokensFromRefreshToken',
      { ClientId: 'client1' },
      "1 validation error detected: Value at 'refreshToken' failed to satisfy constraint: Member must not be null",
    );
    accepts('cognito-idp', 'GetTokensFromRefreshToken', { RefreshToken: TOKEN, ClientId: 'client1', ClientMetadata: { a: 'b' } });
  });

  it('throws SerializationException for JSON of the wrong type', () => {
    for (const body of [null, 'x', 1, true, []]) assert.equal(outcome('cognito-idp', 'ListUsers', body)?.type, 'SerializationException');
    malformed('ListUsers', { UserPoolId: POOL, Limit: '10' }, 'STRING_VALUE can not be converted to an Integer');
    malformed('ListUsers', { UserPoolId: POOL, Limit: 1.5 }, 'DECIMAL_VALUE can not be converted to an Integer');
    malformed('ListUsers', { UserPoolId: POOL, Limit: 2 ** 31 }, 'NUMBER_VALUE can not be converted to an Integer');
    malformed('ListUsers', { UserPoolId: { id: POOL } }, 'Start of structure or map found where not expected');
    malformed('ListUsers', { UserPoolId: [POOL] }, 'Start of list found where not expected');
    malformed('ListUsers', { UserPoolId: true }, 'TRUE_VALUE can not be converted to a String');
    malformed('ListUsers', { UserPoolId: POOL, AttributesToGet: 'email' }, 'STRING_VALUE can not be converted to a List');
    malformed('AdminCreateUser', { UserPoolId: POOL, Username: 'a', ClientMetadata: ['a'] }, 'Start of list found where not expected');
    malformed('AdminCreateUser', { UserPoolId: POOL, Username: 'a', ForceAliasCreation: 'yes' }, 'STRING_VALUE can not be converted to a Boolean');
    malformed('AdminCreateUser', { UserPoolId: POOL, Username: 'a', UserAttributes: [{ Name: 'email', Value: 1 }] }, 'NUMBER_VALUE can not be converted to a String');
    // Deserialisation fails before any constraint is looked at.
    malformed('ListUsers', { UserPoolId: 'bad', Limit: 'x' }, 'STRING_VALUE can not be converted to an Integer');
  });

  it('refuses operations the service does not have', () => {
    assert.equal(outcome('cognito-idp', 'NoSuchOperation', {})?.type, 'UnknownOperationException');
    assert.equal(outcome('cognito-identity', 'InitiateAuth', {})?.type, 'UnknownOperationException');
  });
});

describe('validateInput on arbitrary input', () => {
  /** Marks every string generated for a sensitive member, to prove none reaches a message. */
  const SECRET = 'S3CR3T';

  /** Values that are sometimes right, sometimes subtly wrong, sometimes any JSON at all. */
  function arbitraryFor(service: ServiceName, name: string, depth: number, inSecret = false): fc.Arbitrary<unknown> {
    const shape: ShapeSpec | undefined = getCatalog(service).shapes[name];
    const anything = fc.jsonValue({ maxDepth: 2 });
    if (!shape || depth > 4) return anything;
    const secret = inSecret || Boolean(shape.sensitive);
    const text = (maxLength: number) => fc.string({ maxLength }).map((s) => (secret ? SECRET + s : s));
    const typed = ((): fc.Arbitrary<unknown> => {
      switch (shape.type) {
        case 'structure':
          return fc.record(
            Object.fromEntries(
              Object.entries(shape.members).map(([member, spec]) => [
                member,
                arbitraryFor(service, spec.target, depth + 1, secret || Boolean(spec.sensitive)),
              ]),
            ),
            { requiredKeys: [] },
          );
        case 'list':
          return fc.array(arbitraryFor(service, shape.member, depth + 1, secret), { maxLength: 3 });
        case 'map':
          return fc.dictionary(text(4), arbitraryFor(service, shape.value, depth + 1, secret), { maxKeys: 3 });
        case 'enum':
          return fc.oneof(fc.constantFrom(...shape.values), text(3));
        case 'string':
          return fc.oneof(
            text(8),
            fc.constantFrom(POOL, 'alice', 'a@b.c', '{####}', '😀', '', ' ').map((s) => (secret ? SECRET + s : s)),
          );
        case 'integer':
        case 'long':
          return fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double(), fc.constant(2 ** 40));
        case 'boolean':
          return fc.boolean();
        case 'blob':
          return fc.oneof(fc.base64String({ maxLength: 8 }), fc.string({ maxLength: 5 }));
        default:
          return anything;
      }
    })();
    return fc.oneof({ arbitrary: typed, weight: 4 }, { arbitrary: anything, weight: 1 }, { arbitrary: fc.constant(null), weight: 1 });
  }

  for (const service of SERVICES) {
    it(`${service}: only ever throws InvalidParameterException or SerializationException, never printing secrets`, () => {
      for (const op of listOperations(service)) {
        const input = op.input ? arbitraryFor(service, op.input, 0) : fc.constant({});
        fc.assert(
          fc.property(fc.oneof({ arbitrary: input, weight: 5 }, { arbitrary: fc.jsonValue(), weight: 1 }), (body) => {
            const error = outcome(service, op.name, body);
            if (!error) return;
            assert.ok(['InvalidParameterException', 'SerializationException'].includes(error.type), `${op.name}: ${error.type}`);
            if (error.type === 'InvalidParameterException')
              assert.match(error.message, /^(1 validation error|\d+ validation errors) detected: Value/);
            assert.ok(!error.message.includes(SECRET), `${op.name}: ${error.message}`);
          }),
          { numRuns: 40 },
        );
      }
    });
  }
});

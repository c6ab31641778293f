import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CognitoError } from '../../src/errors.ts';
import {
  SEARCHABLE_ATTRIBUTES,
  formatListUsersFilter,
  matchesListUsersFilter,
  normalizeForSearch,
  parseListUsersFilter,
  type ListUsersFilter,
} from '../../src/userPools/users/directory/list-filter.ts';

function expectInvalid(filter: string, message = 'Error while parsing filter.'): void {
  assert.throws(
    () => parseListUsersFilter(filter),
    (e: unknown) => e instanceof CognitoError && e.type === 'InvalidParameterException' && e.message === message,
    `expected InvalidParameterException(${message}) for ${JSON.stringify(filter)}`,
  );
}

describe('ListUsers Filter parsing', () => {
  it('means "no filter" when absent, empty or blank', () => {
    for (const f of [undefined, '', '   ', '\t\n']) assert.equal(parseListUsersFilter(f), undefined);
  });

  it('parses the documented examples', () => {
    assert.deepEqual(parseListUsersFilter('family_name = "Reddy"'), { attribute: 'family_name', op: 'equals', value: 'Reddy' });
    assert.deepEqual(parseListUsersFilter('given_name ^= "Jon"'), { attribute: 'given_name', op: 'prefix', value: 'Jon' });
    assert.deepEqual(parseListUsersFilter('phone_number ^= "+1312"'), { attribute: 'phone_number', op: 'prefix', value: '+1312' });
    assert.deepEqual(parseListUsersFilter('cognito:user_status = "FORCE_CHANGE_PASSWORD"'), {
      attribute: 'cognito:user_status',
      op: 'equals',
      value: 'FORCE_CHANGE_PASSWORD',
    });
    assert.deepEqual(parseListUsersFilter('status = "Disabled"'), { attribute: 'status', op: 'equals', value: 'Disabled' });
  });

  it('allows optional whitespace around tokens', () => {
    const expected = { attribute: 'email', op: 'equals', value: 'a@b.c' };
    for (const f of ['email="a@b.c"', '  email  =  "a@b.c"  ', 'email\t=\n"a@b.c"']) assert.deepEqual(parseListUsersFilter(f), expected);
    assert.deepEqual(parseListUsersFilter('email^="a"'), { attribute: 'email', op: 'prefix', value: 'a' });
  });

  it('handles escapes, empty values and values that look like syntax', () => {
    assert.deepEqual(parseListUsersFilter('name = "say \\"hi\\""'), { attribute: 'name', op: 'equals', value: 'say "hi"' });
    assert.deepEqual(parseListUsersFilter('name = "back\\\\slash"'), { attribute: 'name', op: 'equals', value: 'back\\slash' });
    assert.deepEqual(parseListUsersFilter('name = "lone\\n"'), { attribute: 'name', op: 'equals', value: 'lone\\n' });
    assert.deepEqual(parseListUsersFilter('family_name = ""'), { attribute: 'family_name', op: 'equals', value: '' });
    assert.deepEqual(parseListUsersFilter('name = "a = \\"b\\" ^= c"'), { attribute: 'name', op: 'equals', value: 'a = "b" ^= c' });
  });

  it('rejects malformed filters with Cognito\'s message', () => {
    for (const f of [
      'username = foo', // unquoted (moto's case)
      'username=', // no value
      'username', // no operator
      '= "x"', // no attribute
      'email == "x"',
      'email ^ = "x"',
      'email != "x"',
      "email = 'x'",
      'email = "unterminated',
      'email = "a\\"', // the closing quote is escaped
      'email = "a" and name = "b"', // one attribute per query
      'email = "a" x',
      'email = "a""b"',
    ]) {
      expectInvalid(f);
    }
  });

  it('rejects attributes that are not searchable, naming them', () => {
    expectInvalid('custom:foo = "bar"', 'Invalid search attribute: custom:foo');
    expectInvalid('address ^= "1"', 'Invalid search attribute: address');
    expectInvalid('Username = "bob"', 'Invalid search attribute: Username'); // names are exact
    expectInvalid('email_verified = "true"', 'Invalid search attribute: email_verified');
  });
});

describe('ListUsers Filter matching', () => {
  it('lower-cases case-insensitive attributes only', () => {
    assert.equal(normalizeForSearch('email', 'Jane@Example.COM'), 'jane@example.com');
    assert.equal(normalizeForSearch('cognito:user_status', 'Confirmed'), 'confirmed');
    assert.equal(normalizeForSearch('username', 'Jane'), 'Jane');
    assert.equal(normalizeForSearch('status', 'Enabled'), 'Enabled');
    assert.equal(normalizeForSearch('username', 'Jane', { usernameCaseSensitive: false }), 'jane');
  });

  it('matches exact and prefix filters with the right case rules', () => {
    const f = (s: string) => parseListUsersFilter(s)!;
    assert.ok(matchesListUsersFilter(f('email = "JANE@example.com"'), 'jane@EXAMPLE.com'));
    assert.ok(matchesListUsersFilter(f('email ^= "JA"'), 'jane@example.com'));
    assert.ok(!matchesListUsersFilter(f('email = "jane"'), 'jane@example.com'));
    assert.ok(matchesListUsersFilter(f('cognito:user_status = "unconfirmed"'), 'UNCONFIRMED'));
    assert.ok(!matchesListUsersFilter(f('username = "jane"'), 'Jane'));
    assert.ok(matchesListUsersFilter(f('username = "jane"'), 'Jane', { usernameCaseSensitive: false }));
    assert.ok(!matchesListUsersFilter(f('status = "enabled"'), 'Enabled'));
    assert.ok(matchesListUsersFilter(f('status = "Enabled"'), 'Enabled'));
    assert.ok(matchesListUsersFilter(f('phone_number ^= ""'), '+15555550100'));
    assert.ok(!matchesListUsersFilter(f('family_name = ""'), undefined));
  });
});

describe('ListUsers Filter properties', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    // Strings built from the grammar's own pieces reach far more of the parser than random text.
    fc
      .array(fc.constantFrom(...SEARCHABLE_ATTRIBUTES, 'custom:x', ' ', '=', '^=', '^', '"', '\\', '\\"', 'a', 'É', '\t'), { maxLength: 10 })
      .map((parts) => parts.join('')),
  );

  it('any input parses to a well-formed filter or throws InvalidParameterException, nothing else', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        try {
          const parsed = parseListUsersFilter(text);
          if (parsed === undefined) return text.trim() === '';
          return (
            (SEARCHABLE_ATTRIBUTES as readonly string[]).includes(parsed.attribute) &&
            (parsed.op === 'equals' || parsed.op === 'prefix') &&
            typeof parsed.value === 'string'
          );
        } catch (e) {
          return e instanceof CognitoError && e.type === 'InvalidParameterException';
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('formatting a filter and parsing it back gives the same filter', () => {
    const filter: fc.Arbitrary<ListUsersFilter> = fc.record({
      attribute: fc.constantFrom(...SEARCHABLE_ATTRIBUTES),
      op: fc.constantFrom('equals' as const, 'prefix' as const),
      value: fc.oneof(fc.string({ unit: 'binary' }), fc.stringMatching(/^[\\" a=^]*$/)),
    });
    fc.assert(
      fc.property(filter, (f) => {
        assert.deepEqual(parseListUsersFilter(formatListUsersFilter(f)), { ...f }); // fc.record objects have no prototype
      }),
      { numRuns: 2000 },
    );
  });
});

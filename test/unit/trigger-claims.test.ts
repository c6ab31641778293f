/** Pure parts of the triggers: applying a pre token generation answer to claims, and callerContext.awsSdkVersion. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { customiseAccessClaims, customiseIdClaims, overriddenGroups, type TokenOverrides } from '../../src/userPools/tokens/customise.ts';
import { awsSdkVersion } from '../../src/userPools/triggers/invoke.ts';

const base: TokenOverrides = { id: { add: {}, suppress: [] } };

describe('pre token generation answers', () => {
  it('adds, overrides and suppresses ID token claims; suppression wins over an addition', () => {
    const claims = { sub: 's', email: 'a@b.c', family_name: 'Old', iss: 'i' };
    assert.deepEqual(
      customiseIdClaims(claims, { ...base, id: { add: { family_name: 'New', tier: 'gold', gone: 'x' }, suppress: ['email', 'gone'] } }),
      { sub: 's', family_name: 'New', iss: 'i', tier: 'gold' },
    );
    assert.equal(customiseIdClaims(claims, undefined), claims);
  });

  it('adds and suppresses scopes, removing the claim when none is left; V1_0 leaves the access token alone', () => {
    const access = { sub: 's', scope: 'aws.cognito.signin.user.admin', client_id: 'c' };
    const v2 = (scopesToAdd: string[], scopesToSuppress: string[]): TokenOverrides =>
      ({ ...base, access: { add: {}, suppress: [], scopesToAdd, scopesToSuppress } });
    assert.equal(customiseAccessClaims(access, v2(['a/read', 'a/read'], []))['scope'], 'aws.cognito.signin.user.admin a/read');
    assert.equal(customiseAccessClaims(access, v2(['a/read'], ['aws.cognito.signin.user.admin']))['scope'], 'a/read');
    assert.equal('scope' in customiseAccessClaims(access, v2([], ['aws.cognito.signin.user.admin'])), false);
    assert.equal(customiseAccessClaims(access, base), access);
  });

  it('overrides groups, roles and the preferred role; an empty list removes the claim', () => {
    const claims = { 'cognito:groups': ['a'], 'cognito:roles': ['r'], 'cognito:preferred_role': 'r' };
    assert.deepEqual(overriddenGroups(claims, { ...base, groups: ['x', 'y'], roles: [], preferredRole: 'p' }),
      { 'cognito:groups': ['x', 'y'], 'cognito:preferred_role': 'p' });
    assert.deepEqual(overriddenGroups(claims, base), claims);
  });

  it('never loses a scope it was not asked to suppress (property)', () => {
    const scope = fc.stringMatching(/^[a-z]{1,6}(\/[a-z]{1,6})?$/);
    fc.assert(fc.property(fc.array(scope), fc.array(scope), fc.array(scope), (current, add, suppress) => {
      const out = customiseAccessClaims({ scope: current.join(' ') },
        { ...base, access: { add: {}, suppress: [], scopesToAdd: add, scopesToSuppress: suppress } });
      const got = new Set(String(out['scope'] ?? '').split(' ').filter(Boolean));
      for (const s of [...current, ...add]) assert.equal(got.has(s), !suppress.includes(s));
    }));
  });
});

describe('callerContext.awsSdkVersion', () => {
  it('names the SDK and its version from the user agent, or aws-sdk-unknown-unknown', () => {
    assert.equal(awsSdkVersion('aws-sdk-js/3.1164.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#24.21.0'), 'aws-sdk-js-3.1164.0');
    assert.equal(awsSdkVersion('aws-cli/2.17.0 Python/3.11 Linux botocore/2.0'), 'aws-sdk-unknown-unknown');
    assert.equal(awsSdkVersion('Boto3/1.34.0 md/Botocore#1.34.0 aws-sdk-python/1.34.0'), 'aws-sdk-python-1.34.0');
    assert.equal(awsSdkVersion('curl/8.0'), 'aws-sdk-unknown-unknown');
  });
});

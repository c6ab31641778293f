/**
 * Identity pools' role resolution and principal tags (pure): default roles, Token mappings
 * (CustomRoleArn, cognito:preferred_role, a single role, AmbiguousRoleResolution), Rules in order
 * with each match type (a missing claim matches no rule), and tags from claims.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { MappingRule } from '@aws-sdk/client-cognito-identity';
import { resolveRole, ruleMatches } from '../../src/identityPools/roles/resolve.ts';
import { principalTagsOf } from '../../src/identityPools/roles/principal-tags.ts';
import type { IdentityPoolRoles } from '../../src/identityPools/pools/store.ts';

const R = (n: string) => `arn:aws:iam::000000000000:role/${n}`;
const KEY = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_X:client';
const roles = (mapping?: IdentityPoolRoles['RoleMappings']): IdentityPoolRoles => ({
  Roles: { authenticated: R('auth'), unauthenticated: R('guest') }, ...(mapping ? { RoleMappings: mapping } : {}),
});
const login = (claims: Record<string, unknown>) => ({ mappingKeys: [KEY], claims });
const nameOf = (f: () => unknown): string => { try { f(); } catch (e) { return (e as Error).name; } return 'none'; };

describe('resolveRole', () => {
  it('gives guests the unauthenticated role and others the authenticated one without mappings', () => {
    assert.equal(resolveRole({ roles: roles(), logins: [] }), R('guest'));
    assert.equal(resolveRole({ roles: roles(), logins: [login({})] }), R('auth'));
    assert.equal(nameOf(() => resolveRole({ roles: { Roles: {} }, logins: [] })), 'InvalidIdentityPoolConfigurationException');
  });

  it('resolves a Token mapping: CustomRoleArn among cognito:roles, then the preferred role, then ambiguity', () => {
    const deny = roles({ [KEY]: { Type: 'Token', AmbiguousRoleResolution: 'Deny' } });
    const claims = { 'cognito:roles': [R('a'), R('b')], 'cognito:preferred_role': R('a') };
    assert.equal(resolveRole({ roles: deny, logins: [login(claims)] }), R('a'));
    assert.equal(resolveRole({ roles: deny, logins: [login(claims)], customRoleArn: R('b') }), R('b'));
    assert.equal(nameOf(() => resolveRole({ roles: deny, logins: [login(claims)], customRoleArn: R('c') })), 'NotAuthorizedException');
    assert.equal(resolveRole({ roles: deny, logins: [login({ 'cognito:roles': `${R('a')}` })] }), R('a'));
    assert.equal(nameOf(() => resolveRole({ roles: deny, logins: [login({ 'cognito:roles': [R('a'), R('b')] })] })), 'NotAuthorizedException');
    const fallback = roles({ [KEY]: { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } });
    assert.equal(resolveRole({ roles: fallback, logins: [login({})] }), R('auth'));
  });

  it('resolves Rules in order, the first match winning', () => {
    const rules: MappingRule[] = [
      { Claim: 'dept', MatchType: 'Equals', Value: 'eng', RoleARN: R('eng') },
      { Claim: 'email', MatchType: 'Contains', Value: '@example.com', RoleARN: R('staff') },
      { Claim: 'cognito:groups', MatchType: 'StartsWith', Value: 'adm', RoleARN: R('admin') },
      { Claim: 'tier', MatchType: 'NotEqual', Value: 'free', RoleARN: R('paid') },
    ];
    const mapped = roles({ [KEY]: { Type: 'Rules', AmbiguousRoleResolution: 'Deny', RulesConfiguration: { Rules: rules } } });
    const role = (claims: Record<string, unknown>) => resolveRole({ roles: mapped, logins: [login(claims)] });
    assert.equal(role({ dept: 'eng', email: 'a@example.com' }), R('eng'));
    assert.equal(role({ dept: 'ops', email: 'a@example.com' }), R('staff'));
    assert.equal(role({ 'cognito:groups': ['users', 'admins'] }), R('admin'));
    assert.equal(role({ tier: 'gold' }), R('paid'));
    assert.equal(nameOf(() => role({ tier: 'free' })), 'NotAuthorizedException');
    assert.equal(nameOf(() => role({})), 'NotAuthorizedException', 'NotEqual does not match a missing claim');
    assert.equal(resolveRole({ roles: mapped, logins: [login({ dept: 'ops', email: 'a@example.com' })], customRoleArn: R('staff') }), R('staff'));
  });

  it('Equals and NotEqual are complements on a present claim; a missing claim matches no rule (property)', () => {
    fc.assert(fc.property(fc.string(), fc.option(fc.oneof(fc.string(), fc.array(fc.string()))), (value, claim) => {
      const claims = claim === null ? {} : { c: claim };
      const eq = ruleMatches({ Claim: 'c', MatchType: 'Equals', Value: value, RoleARN: R('x') }, claims);
      const ne = ruleMatches({ Claim: 'c', MatchType: 'NotEqual', Value: value, RoleARN: R('x') }, claims);
      if (claim === null) return !eq && !ne;
      return eq !== ne;
    }));
  });
});

describe('principalTagsOf', () => {
  it('maps defaults (client, username) or the configured claims; absent claims give no tag', () => {
    const claims = { aud: 'client1', sub: 'u-1', 'custom:dept': 'eng', 'cognito:groups': ['a', 'b'] };
    assert.deepEqual(principalTagsOf('p', { UseDefaults: true, PrincipalTags: {} }, claims), { client: 'client1', username: 'u-1' });
    assert.deepEqual(principalTagsOf('p', { UseDefaults: false, PrincipalTags: { dept: 'custom:dept', groups: 'cognito:groups', x: 'missing' } }, claims),
      { dept: 'eng', groups: 'a,b' });
    assert.deepEqual(principalTagsOf('p', undefined, claims), {});
  });
});

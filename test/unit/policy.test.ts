/**
 * The IAM policy engine, pure: grammar (MalformedPolicyDocument and nothing else), matching
 * rules, conditions, policy variables, session intersection; fast-check properties.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  evaluatePolicies, evaluateSession, globMatch, guestScopeDown, parsePolicy, requestContext, type PolicyRequest,
} from '../../src/iam/policy/index.ts';
import { ServiceError } from '../../src/kernel/errors.ts';

const policy = (...statements: object[]) => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
const ask = (action: string, resource = '*', context: Record<string, string | string[]> = {}): PolicyRequest =>
  ({ action, resource, context: requestContext(context) });
const decide = (p: ReturnType<typeof policy>, r: PolicyRequest) => evaluatePolicies([p], r);

describe('policy documents', () => {
  it('accepts the grammar IAM accepts', () => {
    const p = parsePolicy(JSON.stringify({
      Version: '2012-10-17', Id: 'x',
      Statement: { Sid: 'One', Effect: 'Allow', NotAction: ['iam:*'], NotResource: 'arn:aws:s3:::secret/*', Condition: { 'ForAnyValue:StringLike': { 'a:b': ['x', 'y'] }, NumericLessThanIfExists: { 'c:d': 3 } } },
    }));
    assert.equal(p.statements.length, 1);
    assert.deepEqual(p.statements[0]!.conditions.map((c) => [c.base, c.set, c.ifExists, c.values]), [['StringLike', 'any', false, ['x', 'y']], ['NumericLessThan', undefined, true, ['3']]]);
    const trust = parsePolicy(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }] }), 'trust');
    assert.deepEqual(trust.statements[0]!.principal, { Federated: ['cognito-identity.amazonaws.com'] });
  });

  it('refuses malformed documents with MalformedPolicyDocument', () => {
    const bad = [
      'not json', '[]', '{}', '{"Statement":[]}', '{"Version":"2020-01-01","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}',
      '{"Statement":{"Effect":"Permit","Action":"s3:*","Resource":"*"}}', '{"Statement":{"Effect":"Allow","Resource":"*"}}',
      '{"Statement":{"Effect":"Allow","Action":"s3:*"}}', '{"Statement":{"Effect":"Allow","Action":"nocolon","Resource":"*"}}',
      '{"Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"s3:x","Resource":"*"}}', '{"Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}',
      '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringWhatever":{"a":"b"}}}}',
      '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"a":{"b":1}}}}}',
      '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Principal":"*"}}', '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Extra":1}}',
    ];
    for (const text of bad) {
      assert.throws(() => parsePolicy(text), (e: unknown) => e instanceof ServiceError && e.name === 'MalformedPolicyDocument', text);
    }
    assert.throws(() => parsePolicy('{"Statement":{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity","Resource":"*"}}', 'trust'), /Prohibited|prohibited|Principal/);
  });

  it('never throws anything but MalformedPolicyDocument, whatever the input', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    const statementish = fc.record({
      Effect: fc.oneof(fc.constant('Allow'), fc.constant('Deny'), fc.string()),
      Action: fc.oneof(fc.string(), fc.array(fc.string()), json),
      Resource: fc.oneof(fc.string(), fc.array(fc.string()), json),
      Condition: fc.oneof(json, fc.dictionary(fc.string(), fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()), json)))),
    }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(fc.string(), json.map((v) => JSON.stringify(v)), statementish.map((s) => JSON.stringify({ Statement: s }))), (text) => {
      try {
        const p = parsePolicy(text);
        // A document that parses evaluates without throwing, on any request.
        evaluatePolicies([p], ask('s3:GetObject', 'arn:aws:s3:::b/k', { 'aws:SourceIp': '10.0.0.1', 'a:b': ['x'] }));
      } catch (e) {
        assert.ok(e instanceof ServiceError && e.name === 'MalformedPolicyDocument', String(e));
      }
    }), { numRuns: 500 });
  });
});

describe('policy evaluation', () => {
  it('matches actions without regard to case, resources with it, and wildcards', () => {
    const p = policy({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::Bucket/?/*' });
    assert.equal(decide(p, ask('S3:getobject', 'arn:aws:s3:::Bucket/a/b/c')), 'Allow');
    assert.equal(decide(p, ask('s3:GetObject', 'arn:aws:s3:::bucket/a/b')), 'ImplicitDeny');
    assert.equal(decide(p, ask('s3:GetObject', 'arn:aws:s3:::Bucket/ab/c')), 'ImplicitDeny');
    assert.equal(decide(p, ask('s3:PutObject', 'arn:aws:s3:::Bucket/a/b')), 'ImplicitDeny');
    assert.ok(globMatch('a*b?c', 'aXXbYc') && !globMatch('a*b?c', 'abc') && globMatch('(x)[y]', '(x)[y]'));
    // Linear-ish whatever the pattern: a caller's session policy cannot make matching backtrack for ages.
    const started = performance.now();
    assert.equal(globMatch(`${'*a'.repeat(200)}b`, 'a'.repeat(2000)), false);
    assert.ok(performance.now() - started < 2000);
    assert.ok(globMatch('*', '') && globMatch('a**', 'a') && !globMatch('?', '') && globMatch('?', '\u{1F600}'));
  });

  it('lets an explicit deny win, and NotAction / NotResource complement', () => {
    const p = policy(
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', NotAction: ['s3:Get*', 's3:List*'], Resource: '*' },
      { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::public/*' },
    );
    assert.equal(decide(p, ask('s3:GetObject', 'arn:aws:s3:::public/x')), 'Allow');
    assert.equal(decide(p, ask('s3:PutObject', 'arn:aws:s3:::public/x')), 'Deny');
    assert.equal(decide(p, ask('s3:GetObject', 'arn:aws:s3:::private/x')), 'Deny');
  });

  it('evaluates conditions as IAM does', () => {
    const c = (condition: object) => policy({ Effect: 'Allow', Action: 'x:y', Resource: '*', Condition: condition });
    const allowed = (condition: object, context: Record<string, string | string[]>) => decide(c(condition), ask('x:y', '*', context)) === 'Allow';
    assert.ok(allowed({ StringEquals: { 'K:A': 'v' } }, { 'k:a': 'v' }), 'keys ignore case');
    assert.ok(!allowed({ StringEquals: { 'k:a': 'V' } }, { 'k:a': 'v' }));
    assert.ok(allowed({ StringEqualsIgnoreCase: { 'k:a': 'V' } }, { 'k:a': 'v' }));
    assert.ok(!allowed({ StringEquals: { 'k:a': 'v' } }, {}), 'absent key fails a positive operator');
    assert.ok(allowed({ StringNotEquals: { 'k:a': 'v' } }, {}), 'absent key passes a negated operator');
    assert.ok(allowed({ StringLikeIfExists: { 'k:a': 'v*' } }, {}));
    assert.ok(!allowed({ StringLikeIfExists: { 'k:a': 'v*' } }, { 'k:a': 'w' }));
    assert.ok(allowed({ 'ForAnyValue:StringLike': { 'k:amr': 'authenticated' } }, { 'k:amr': ['authenticated', 'cognito-idp'] }));
    assert.ok(!allowed({ 'ForAnyValue:StringLike': { 'k:amr': 'authenticated' } }, { 'k:amr': ['unauthenticated'] }));
    assert.ok(!allowed({ 'ForAnyValue:StringLike': { 'k:amr': 'authenticated' } }, {}));
    assert.ok(allowed({ 'ForAllValues:StringEquals': { 'k:t': ['a', 'b'] } }, { 'k:t': ['a'] }));
    assert.ok(!allowed({ 'ForAllValues:StringEquals': { 'k:t': ['a', 'b'] } }, { 'k:t': ['a', 'c'] }));
    assert.ok(allowed({ 'ForAllValues:StringEquals': { 'k:t': ['a'] } }, {}), 'ForAllValues of nothing holds');
    assert.ok(allowed({ Null: { 'k:a': 'true' } }, {}) && !allowed({ Null: { 'k:a': 'true' } }, { 'k:a': 'x' }));
    assert.ok(allowed({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' }));
    assert.ok(allowed({ NumericLessThan: { 'k:n': 10 } }, { 'k:n': '9' }) && !allowed({ NumericLessThan: { 'k:n': 10 } }, { 'k:n': 'x' }));
    assert.ok(allowed({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2026-11-29T00:00:00Z' }));
    assert.ok(allowed({ DateLessThan: { 'aws:EpochTime': '2000000000' } }, { 'aws:EpochTime': '1800000000' }));
    assert.ok(allowed({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } }, { 'aws:SourceIp': '10.1.2.3' }));
    assert.ok(allowed({ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:db8::1' }));
    assert.ok(allowed({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '::ffff:192.168.0.1' }));
    assert.ok(!allowed({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '::ffff:192.168.0.1' }));
    assert.ok(allowed({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app/*' } }, { 'aws:PrincipalArn': 'arn:aws:iam::1:role/app/x' }));
    assert.ok(allowed({ StringEquals: { 'a:x': 'v' }, StringLike: { 'a:y': 'w*' } }, { 'a:x': 'v', 'a:y': 'wz' }));
    assert.ok(!allowed({ StringEquals: { 'a:x': 'v' }, StringLike: { 'a:y': 'w*' } }, { 'a:x': 'v' }), 'operators all hold');
  });

  it('substitutes policy variables, with defaults, and matches nothing for a missing one', () => {
    const p = policy(
      { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::files/${cognito-identity.amazonaws.com:sub}/*' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: "arn:aws:s3:::teams/${aws:PrincipalTag/team, 'none'}/*" },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::lit/${*}' },
    );
    const sub = { 'cognito-identity.amazonaws.com:sub': 'us-east-1:abc' };
    assert.equal(decide(p, ask('s3:GetObject', 'arn:aws:s3:::files/us-east-1:abc/x', sub)), 'Allow');
    assert.equal(decide(p, ask('s3:GetObject', 'arn:aws:s3:::files/us-east-1:xyz/x', sub)), 'ImplicitDeny');
    assert.equal(decide(p, ask('s3:GetObject', 'arn:aws:s3:::files//x', {})), 'ImplicitDeny');
    // A value's wildcard is literal: a subject of `*` does not open every prefix.
    assert.equal(decide(p, ask('s3:GetObject', 'arn:aws:s3:::files/other/x', { 'cognito-identity.amazonaws.com:sub': '*' })), 'ImplicitDeny');
    assert.equal(decide(p, ask('s3:GetObject', 'arn:aws:s3:::files/*/x', { 'cognito-identity.amazonaws.com:sub': '*' })), 'Allow');
    assert.equal(decide(p, ask('s3:GetObject', 'arn:aws:s3:::teams/none/x')), 'Allow');
    assert.equal(decide(p, ask('s3:GetObject', 'arn:aws:s3:::teams/red/x', { 'aws:PrincipalTag/team': 'red' })), 'Allow');
    assert.equal(decide(p, ask('s3:ListBucket', 'arn:aws:s3:::lit/*')), 'Allow');
    assert.equal(decide(p, ask('s3:ListBucket', 'arn:aws:s3:::lit/a')), 'ImplicitDeny');
  });

  it('matches principals in trust policies', () => {
    const trust = parsePolicy(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }] }), 'trust');
    const r = (ids: string[]) => evaluatePolicies([trust], { action: 'sts:AssumeRoleWithWebIdentity', principal: { type: 'Federated', ids }, context: new Map() });
    assert.equal(r(['cognito-identity.amazonaws.com']), 'Allow');
    assert.equal(r(['accounts.google.com']), 'ImplicitDeny');
  });

  it('intersects the role with session policies and the guest scope-down', () => {
    const role = [policy({ Effect: 'Allow', Action: ['s3:*', 'polly:*'], Resource: '*' })];
    const session = [policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })];
    assert.equal(evaluateSession(role, [session], ask('s3:GetObject')), 'Allow');
    assert.equal(evaluateSession(role, [session], ask('s3:PutObject')), 'ImplicitDeny');
    assert.equal(evaluateSession([], [session], ask('s3:GetObject')), 'ImplicitDeny', 'a session policy never grants');
    assert.equal(evaluateSession(role, [[guestScopeDown]], ask('s3:GetObject')), 'ImplicitDeny');
    assert.equal(evaluateSession(role, [[guestScopeDown]], ask('polly:SynthesizeSpeech')), 'Allow');
  });

  it('properties: a matching Deny always wins; NotAction is the complement of Action', () => {
    const segment = fc.stringMatching(/^[a-zA-Z0-9*?]{1,6}$/);
    const action = fc.tuple(fc.constantFrom('s3', 'sts', 'x'), segment).map(([s, a]) => `${s}:${a}`);
    const concrete = fc.tuple(fc.constantFrom('s3', 'sts', 'x'), fc.stringMatching(/^[a-zA-Z0-9]{1,6}$/)).map(([s, a]) => `${s}:${a}`);
    fc.assert(fc.property(fc.array(action, { minLength: 1, maxLength: 4 }), fc.array(action, { minLength: 1, maxLength: 4 }), concrete, (allow, deny, requested) => {
      const p = policy({ Effect: 'Allow', Action: allow, Resource: '*' }, { Effect: 'Deny', Action: deny, Resource: '*' });
      const denied = deny.some((d) => globMatch(d, requested, true));
      const result = decide(p, ask(requested));
      if (denied) assert.equal(result, 'Deny');
      else assert.equal(result, allow.some((a) => globMatch(a, requested, true)) ? 'Allow' : 'ImplicitDeny');
      const positive = decide(policy({ Effect: 'Allow', Action: allow, Resource: '*' }), ask(requested)) === 'Allow';
      const negative = decide(policy({ Effect: 'Allow', NotAction: allow, Resource: '*' }), ask(requested)) === 'Allow';
      assert.notEqual(positive, negative);
    }), { numRuns: 400 });
  });
});

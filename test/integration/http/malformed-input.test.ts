/**
 * Property: whatever arrives, every operation answers with a Cognito-shaped 4xx (or a 200), never
 * a 500, a crash or a hang. Inputs are generated from the model's shapes — mostly well-typed,
 * sometimes wrong-typed, often naming real pools, clients and users so that handlers run deep.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { getShape, listOperations, type ShapeSpec } from '../../../src/protocol/catalog.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

const PREFIX = 'AWSCognitoIdentityProviderService';

/** Real values by member name, so that most calls reach past "not found" into the handlers. */
type Known = { any: fc.Arbitrary<string>; byMember: Record<string, string> };

function valueFor(shapeName: string, known: Known, depth = 0, member = ''): fc.Arbitrary<unknown> {
  const shape = getShape('cognito-idp', shapeName) as ShapeSpec | undefined;
  const junk = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
  if (!shape || depth > 3) return junk;
  const typed: fc.Arbitrary<unknown> = (() => {
    switch (shape.type) {
      case 'string': {
        const exact = known.byMember[member];
        return fc.oneof(
          ...(exact ? [{ weight: 6, arbitrary: fc.constant(exact) }] : []),
          { weight: 2, arbitrary: known.any },
          { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
          { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
        );
      }
      case 'enum': return fc.oneof(fc.constantFrom(...shape.values), fc.string({ maxLength: 8 }));
      case 'integer': case 'long': return fc.oneof(fc.integer({ min: -5, max: 100 }), fc.integer());
      case 'boolean': return fc.boolean();
      case 'timestamp': return fc.oneof(fc.integer({ min: 0, max: 2e9 }), fc.double());
      case 'blob': return fc.base64String({ maxLength: 40 });
      case 'document': return fc.jsonValue({ maxDepth: 2 });
      case 'list': return fc.array(valueFor(shape.member, known, depth + 1, member), { maxLength: 3 });
      case 'map': return fc.dictionary(fc.oneof(known.any, fc.string({ maxLength: 12 })), valueFor(shape.value, known, depth + 1, member), { maxKeys: 3 });
      case 'structure': {
        const members = Object.entries(shape.members);
        return fc.record(Object.fromEntries(members.map(([name, m]) => [name, valueFor(m.target, known, depth + 1, name)])), { requiredKeys: [] });
      }
    }
  })();
  return fc.oneof({ weight: 9, arbitrary: typed }, { weight: 1, arbitrary: junk });
}

describe('malformed and random input to every operation', () => {
  let server: TestServer;
  let known: Known;

  before(async () => {
    server = await startTestServer({ dev: true });
    const call = async (op: string, body: unknown) => (await fetch(`${server.url}/`, {
      method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${PREFIX}.${op}` }, body: JSON.stringify(body),
    })).json() as Promise<any>;
    const pool = await call('CreateUserPool', { PoolName: 'fuzz', AutoVerifiedAttributes: ['email'] });
    const poolId: string = pool.UserPool.Id;
    const client = await call('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'] });
    await call('AdminCreateUser', { UserPoolId: poolId, Username: 'fuzzer', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'f@example.com' }] });
    await call('CreateGroup', { UserPoolId: poolId, GroupName: 'g' });
    const clientId: string = client.UserPoolClient.ClientId;
    const arn = `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}`;
    known = {
      any: fc.constantFrom(poolId, clientId, 'fuzzer', 'g', 'f@example.com', 'email', 'Passw0rd!', arn),
      byMember: { UserPoolId: poolId, ClientId: clientId, Username: 'fuzzer', GroupName: 'g', ResourceArn: arn, Password: 'Passw0rd!', Name: 'email' },
    };
  });
  after(async () => { await server.stop(); });

  it('never answers 5xx', async () => {
    const operations = listOperations('cognito-idp');
    assert.ok(operations.length >= 140);
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...operations).chain((op) => fc.tuple(fc.constant(op.name), op.input ? valueFor(op.input, known) : fc.constant({}))),
      async ([op, input]) => {
        const res = await fetch(`${server.url}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${PREFIX}.${op}` },
          body: JSON.stringify(input),
          signal: AbortSignal.timeout(10_000),
        });
        const body = await res.json() as { __type?: string; message?: string };
        if (res.status !== 200) {
          assert.ok(res.status >= 400 && res.status < 500, `${op} answered ${res.status}: ${JSON.stringify(body)} for ${JSON.stringify(input)}`);
          assert.equal(typeof body.__type, 'string', `${op}: error without __type`);
          assert.equal(typeof body.message, 'string', `${op}: error without message`);
        }
      },
    ), { numRuns: 1500 });
  });

  it('survives raw garbage bodies', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...listOperations('cognito-idp').map((o) => o.name)), fc.string(), async (op, body) => {
      const res = await fetch(`${server.url}/`, {
        method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${PREFIX}.${op}` }, body,
      });
      assert.ok(res.status < 500, `${op} answered ${res.status} to ${JSON.stringify(body)}`);
    }), { numRuns: 300 });
  });
});

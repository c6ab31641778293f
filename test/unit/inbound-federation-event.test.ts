/**
 * The InboundFederation event the federation flow will send (triggers/lifecycle.ts), checked
 * against AWS's documented shape (@types/aws-lambda's InboundFederationTriggerEvent, from the
 * developer guide) through the one invoke path, with the kernel's InvokeTrigger port answering as
 * a function would: version "1", `InboundFederation_ExternalProvider`, the provider's name, type
 * and attributes, `response.userAttributesToMap` pre-filled and read back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InboundFederationTriggerEvent } from 'aws-lambda';
import type { OperationContext } from '../../src/userPools/context.ts';
import type { PoolView } from '../../src/userPools/pools/pool-config.ts';
import { inboundFederation } from '../../src/userPools/triggers/lifecycle.ts';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:federation';

function harness(answer: (event: InboundFederationTriggerEvent) => unknown) {
  const seen: InboundFederationTriggerEvent[] = [];
  const services = {
    settings: { region: 'eu-west-1' },
    log: { warn: () => {} },
    invokeTrigger: async (arn: string, event: unknown) => {
      assert.equal(arn, ARN);
      const typed = event as InboundFederationTriggerEvent;
      seen.push(structuredClone(typed));
      return { kind: 'answer' as const, payload: answer(typed) };
    },
  };
  const ctx = { services, caller: { kind: 'anonymous' }, requestId: 'r', sourceIp: '127.0.0.1', userAgent: 'aws-sdk-js/3.700.0 ua/2.1' } as unknown as OperationContext;
  const pool = { id: 'eu-west-1_Abc123', lambdaConfig: { InboundFederation: { LambdaArn: ARN, LambdaVersion: 'V1_0' } } } as unknown as PoolView;
  return { seen, origin: { ctx, clientId: 'client123' }, pool };
}

const input = {
  userName: 'Google_1234567890', providerName: 'Google', providerType: 'Google' as const,
  attributes: { idToken: { sub: '1234567890', email: 'ann@example.com' }, tokenResponse: { token_type: 'Bearer' }, userInfo: { name: 'Ann' } },
};

describe('InboundFederation event', () => {
  it('has the documented shape and carries the provider and its attributes', async () => {
    const { seen, origin, pool } = harness((event) => ({ ...event, response: { userAttributesToMap: { email: 'ann@example.com', name: 'Ann' } } }));
    const mapped = await inboundFederation(origin, pool, input);
    assert.deepEqual(mapped, { email: 'ann@example.com', name: 'Ann' });
    const event = seen[0]!;
    // Compile-time: the event as AWS types it; run-time: exactly its members.
    const documented: InboundFederationTriggerEvent = event;
    assert.deepEqual(Object.keys(documented).sort(), ['callerContext', 'region', 'request', 'response', 'triggerSource', 'userName', 'userPoolId', 'version']);
    assert.equal(event.version, '1');
    assert.equal(event.triggerSource, 'InboundFederation_ExternalProvider');
    assert.equal(event.region, 'eu-west-1');
    assert.equal(event.userPoolId, 'eu-west-1_Abc123');
    assert.equal(event.userName, 'Google_1234567890');
    assert.deepEqual(event.callerContext, { awsSdkVersion: 'aws-sdk-js-3.700.0', clientId: 'client123' });
    assert.deepEqual(Object.keys(event.request).sort(), ['attributes', 'providerName', 'providerType']);
    assert.equal(event.request.providerName, 'Google');
    assert.equal(event.request.providerType, 'Google');
    assert.deepEqual(event.request.attributes, input.attributes);
    assert.deepEqual(event.response, { userAttributesToMap: {} });
  });

  it('an untouched response keeps every attribute (an empty map); a malformed one is InvalidLambdaResponseException', async () => {
    const untouched = harness((event) => event);
    assert.deepEqual(await inboundFederation(untouched.origin, untouched.pool, input), {});
    const garbage = harness((event) => ({ ...event, response: { userAttributesToMap: ['email'] } }));
    await assert.rejects(inboundFederation(garbage.origin, garbage.pool, input), { name: 'InvalidLambdaResponseException' });
    const saml = harness((event) => event);
    await inboundFederation(saml.origin, saml.pool, { ...input, providerName: 'Corp', providerType: 'SAML', attributes: { samlResponse: { email: 'a@b.c' } } });
    assert.deepEqual(saml.seen[0]!.request.attributes, { samlResponse: { email: 'a@b.c' } });
  });
});

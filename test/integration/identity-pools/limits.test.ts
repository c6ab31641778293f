/**
 * The account's limit of identity pools (`identityPoolsPerAccount`; Cognito's quota is 1,000),
 * held under concurrent CreateIdentityPool calls: of a burst, exactly the free slots succeed; a
 * deleted pool frees its slot; pools that existed before the count did are counted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateIdentityPoolCommand, DeleteIdentityPoolCommand, type CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { identityClients } from './helpers.ts';

let server: TestServer;
let admin: CognitoIdentityClient;

before(async () => {
  server = await startTestServer({ identityPoolsPerAccount: 4 }, { isolatedDatabase: true });
  ({ admin } = identityClients(server));
});
after(async () => {
  admin.destroy();
  await server.stop();
});

const create = (name: string) => admin.send(new CreateIdentityPoolCommand({ IdentityPoolName: name, AllowUnauthenticatedIdentities: true }));

describe('identity pools per account', () => {
  it('are limited atomically: a burst gets exactly the free slots, a deletion frees one', async () => {
    // A pool written before any pool was counted (as by an earlier version) counts too.
    const now = Date.now();
    await server.services.store.identityPools.insert({
      id: 'us-east-1:00000000-0000-4000-8000-000000000001', name: 'older', config: { AllowUnauthenticatedIdentities: false },
      roles: { Roles: {} }, tagMaps: {}, tags: {}, createdAt: now, updatedAt: now,
    });
    await create('first');

    const burst = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => create(`burst${i}`)));
    const created = burst.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ IdentityPoolId?: string }>[];
    const refused = burst.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    assert.equal(created.length, 2);
    assert.equal(refused.length, 8);
    for (const r of refused) {
      assert.equal((r.reason as Error).name, 'LimitExceededException');
      assert.equal((r.reason as Error).message, 'The account has reached its limit of 4 identity pools.');
    }

    await admin.send(new DeleteIdentityPoolCommand({ IdentityPoolId: created[0]!.value.IdentityPoolId }));
    const again = await create('after-delete');
    assert.match(again.IdentityPoolId!, /^us-east-1:/);
    assert.equal((await errorOf(() => create('one-too-many'))).name, 'LimitExceededException');
    // A pool that is not there frees nothing.
    const missing = await errorOf(() => admin.send(new DeleteIdentityPoolCommand({ IdentityPoolId: created[0]!.value.IdentityPoolId })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    assert.equal((await errorOf(() => create('still-too-many'))).name, 'LimitExceededException');
  });
});

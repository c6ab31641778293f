/** Terms documents: CRUD, Cognito's rules, and the links the sign-up page reads per language. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateTermsCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, DeleteTermsCommand, DescribeTermsByClientCommand,
  DescribeTermsCommand, ListTermsCommand, UpdateTermsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { termsFor } from '../../../src/userPools/terms/index.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

describe('terms documents', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    server = await startTestServer();
    poolId = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'terms' }))).UserPool!.Id!;
    clientId = (await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' }))).UserPoolClient!.ClientId!;
  });
  after(async () => { await server.stop(); });

  const create = (name: string, links: Record<string, string>) => server.client.send(new CreateTermsCommand({
    UserPoolId: poolId, ClientId: clientId, TermsName: name, TermsSource: 'LINK', Enforcement: 'NONE', Links: links,
  }));

  it('creates, describes, lists, updates and deletes terms; the page shows them in the person\'s language', async () => {
    const tos = (await create('terms-of-use', { 'cognito:default': 'https://example.com/terms', 'cognito:spanish': 'https://example.com/es/terms' })).Terms!;
    assert.match(tos.TermsId!, /^[0-9a-f-]{36}$/);
    assert.equal(tos.ClientId, clientId);
    assert.deepEqual(tos.Links, { 'cognito:default': 'https://example.com/terms', 'cognito:spanish': 'https://example.com/es/terms' });
    assert.ok(tos.CreationDate instanceof Date);
    // Nothing is shown until both documents exist.
    assert.equal(await termsFor(server.services, clientId, 'es'), undefined);

    const privacy = (await create('privacy-policy', { 'cognito:default': 'https://example.com/privacy' })).Terms!;
    assert.deepEqual(await termsFor(server.services, clientId, 'es'), { termsOfUse: 'https://example.com/es/terms', privacyPolicy: 'https://example.com/privacy' });
    assert.deepEqual(await termsFor(server.services, clientId, 'fr'), { termsOfUse: 'https://example.com/terms', privacyPolicy: 'https://example.com/privacy' });

    assert.deepEqual((await server.client.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: tos.TermsId! }))).Terms, tos);
    const byClient = (await server.client.send(new DescribeTermsByClientCommand({ UserPoolId: poolId, ClientId: clientId, TermsName: 'privacy-policy' }))).Terms!;
    assert.equal(byClient.TermsId, privacy.TermsId);

    const first = await server.client.send(new ListTermsCommand({ UserPoolId: poolId, MaxResults: 1 }));
    assert.equal(first.Terms!.length, 1);
    const second = await server.client.send(new ListTermsCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: first.NextToken! }));
    assert.deepEqual([...first.Terms!, ...second.Terms!].map((t) => t.TermsName).sort(), ['privacy-policy', 'terms-of-use']);

    const updated = (await server.client.send(new UpdateTermsCommand({
      UserPoolId: poolId, TermsId: privacy.TermsId!, Links: { 'cognito:default': 'https://example.com/privacy-v2' },
    }))).Terms!;
    assert.equal(updated.Links!['cognito:default'], 'https://example.com/privacy-v2');
    assert.equal(updated.TermsName, 'privacy-policy');

    await server.client.send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: privacy.TermsId! }));
    const gone = await errorOf(() => server.client.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: privacy.TermsId! })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal(await termsFor(server.services, clientId, 'en'), undefined);
    await server.client.send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: tos.TermsId! }));
  });

  it("refuses bad names, links and duplicates with Cognito's errors", async () => {
    const name = await errorOf(() => create('eula', { 'cognito:default': 'https://example.com/eula' }));
    assert.equal(name.name, 'InvalidParameterException');
    const http = await errorOf(() => create('terms-of-use', { 'cognito:default': 'http://example.com/terms' }));
    assert.equal(http.name, 'InvalidParameterException');
    const script = await errorOf(() => create('terms-of-use', { 'cognito:default': 'javascript:alert(1)' }));
    assert.equal(script.name, 'InvalidParameterException');
    const key = await errorOf(() => create('terms-of-use', { klingon: 'https://example.com/tlh' }));
    assert.equal(key.name, 'InvalidParameterException');

    await create('terms-of-use-2026', { 'cognito:default': 'https://example.com/terms' });
    const dup = await errorOf(() => create('terms-of-use-2026', { 'cognito:default': 'https://example.com/terms' }));
    assert.equal(dup.name, 'TermsExistsException');
    const client = await errorOf(() => server.client.send(new CreateTermsCommand({
      UserPoolId: poolId, ClientId: 'nosuchclient', TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE',
    })));
    assert.equal(client.name, 'ResourceNotFoundException');
  });
});

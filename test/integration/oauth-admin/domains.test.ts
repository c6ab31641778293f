/** User pool domains: prefix and custom domains, Cognito's refusals, DescribeUserPool, routing by host. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserPoolCommand, CreateUserPoolDomainCommand, DeleteUserPoolDomainCommand, DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand, UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { poolForHost } from '../../../src/userPools/domains/index.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

const unique = (stem: string) => `${stem}-${randomBytes(4).toString('hex')}`;
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

describe('user pool domains', () => {
  let server: TestServer;
  let poolId: string;
  let otherPoolId: string;
  before(async () => {
    server = await startTestServer({ domainBase: 'auth.test' });
    poolId = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'domains' }))).UserPool!.Id!;
    otherPoolId = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'domains-2' }))).UserPool!.Id!;
  });
  after(async () => { await server.stop(); });

  it('creates, describes, updates and deletes a prefix domain', async () => {
    const prefix = unique('myapp');
    const created = await server.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
    assert.equal(created.ManagedLoginVersion, 1);
    assert.equal(created.CloudFrontDomain, undefined);
    const { DomainDescription } = await server.client.send(new DescribeUserPoolDomainCommand({ Domain: prefix }));
    assert.equal(DomainDescription!.UserPoolId, poolId);
    assert.equal(DomainDescription!.Domain, prefix);
    assert.equal(DomainDescription!.Status, 'ACTIVE');
    assert.equal(DomainDescription!.ManagedLoginVersion, 1);
    assert.equal((await server.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.Domain, prefix);

    const updated = await server.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix, ManagedLoginVersion: 2 }));
    assert.equal(updated.ManagedLoginVersion, 2);
    assert.equal((await server.client.send(new DescribeUserPoolDomainCommand({ Domain: prefix }))).DomainDescription!.ManagedLoginVersion, 2);

    const routed = await poolForHost(server.services.store, `${prefix}.auth.us-east-1.auth.test:443`, server.services.settings);
    assert.equal(routed?.poolId, poolId);
    assert.equal(routed?.domain.managedLoginVersion, 2);
    assert.equal(await poolForHost(server.services.store, `${prefix}.auth.eu-west-1.auth.test`, server.services.settings), undefined);
    assert.equal(await poolForHost(server.services.store, `${prefix}.auth.us-east-1.amazoncognito.com`, server.services.settings), undefined);

    await server.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
    assert.deepEqual((await server.client.send(new DescribeUserPoolDomainCommand({ Domain: prefix }))).DomainDescription, {});
    assert.equal((await server.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.Domain, undefined);
    assert.equal(await poolForHost(server.services.store, `${prefix}.auth.us-east-1.auth.test`, server.services.settings), undefined);
  });

  it('keeps one prefix and one custom domain per pool, and a name to one pool', async () => {
    const prefix = unique('one');
    await server.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix, ManagedLoginVersion: 2 }));
    const second = await errorOf(() => server.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: unique('two') })));
    assert.equal(second.name, 'InvalidParameterException');
    assert.equal(second.message, 'User pool already has a domain configured.');
    const taken = await errorOf(() => server.client.send(new CreateUserPoolDomainCommand({ UserPoolId: otherPoolId, Domain: prefix })));
    assert.equal(taken.name, 'InvalidParameterException');
    assert.equal(taken.message, 'Domain already associated with another user pool.');

    const host = `${unique('login')}.example.com`;
    const custom = await server.client.send(new CreateUserPoolDomainCommand({
      UserPoolId: poolId, Domain: host, CustomDomainConfig: { CertificateArn: CERT },
    }));
    assert.equal(custom.CloudFrontDomain, '127.0.0.1');
    const pool = (await server.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
    assert.equal(pool.Domain, prefix);
    assert.equal(pool.CustomDomain, host);
    const described = (await server.client.send(new DescribeUserPoolDomainCommand({ Domain: host }))).DomainDescription!;
    assert.deepEqual(described.CustomDomainConfig, { CertificateArn: CERT });
    assert.equal(described.CloudFrontDistribution, '127.0.0.1');
    assert.equal((await poolForHost(server.services.store, host.toUpperCase(), server.services.settings))?.poolId, poolId);
    // A custom domain's name is not a prefix: the prefix host of that name routes nowhere.
    assert.equal(await poolForHost(server.services.store, `${host}.auth.us-east-1.auth.test`, server.services.settings), undefined);

    const otherCert = CERT.replace('5555', '6666');
    await server.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: host, CustomDomainConfig: { CertificateArn: otherCert } }));
    assert.equal((await server.client.send(new DescribeUserPoolDomainCommand({ Domain: host }))).DomainDescription!.CustomDomainConfig!.CertificateArn, otherCert);
    await server.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: host }));
    await server.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
  });

  it('refuses reserved words, bad names and versions as Cognito does', async () => {
    for (const word of ['aws', 'amazon', 'cognito']) {
      const e = await errorOf(() => server.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `my${word}app` })));
      assert.equal(e.name, 'InvalidParameterException');
      assert.equal(e.message, `Domain cannot contain reserved word: ${word}`);
    }
    const dotted = await errorOf(() => server.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'a.b' })));
    assert.equal(dotted.name, 'InvalidParameterException');
    const upper = await errorOf(() => server.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'MyApp' })));
    assert.equal(upper.name, 'InvalidParameterException');
    const version = await errorOf(() => server.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: unique('v'), ManagedLoginVersion: 3 })));
    assert.equal(version.name, 'InvalidParameterException');
    const single = await errorOf(() => server.client.send(new CreateUserPoolDomainCommand({
      UserPoolId: poolId, Domain: 'localhost', CustomDomainConfig: { CertificateArn: CERT },
    })));
    assert.equal(single.name, 'InvalidParameterException');
    const noPool = await errorOf(() => server.client.send(new CreateUserPoolDomainCommand({ UserPoolId: 'us-east-1_nothere00', Domain: unique('x') })));
    assert.equal(noPool.name, 'ResourceNotFoundException');
    const gone = await errorOf(() => server.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: unique('none') })));
    assert.equal(gone.name, 'InvalidParameterException');
    assert.equal(gone.message, 'No such domain or user pool exists.');
  });

  it('lets one of racing creations of a prefix win', async () => {
    const prefix = unique('race');
    const results = await Promise.allSettled([poolId, otherPoolId, poolId, otherPoolId].map((id) =>
      server.client.send(new CreateUserPoolDomainCommand({ UserPoolId: id, Domain: prefix }))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'InvalidParameterException');
    const owner = (await server.client.send(new DescribeUserPoolDomainCommand({ Domain: prefix }))).DomainDescription!.UserPoolId!;
    await server.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: owner, Domain: prefix }));
  });
});

/**
 * Roles from the config file (`iam.roles`, applied at start as desired state) and ID tokens of
 * external OpenID Connect issuers (`sts.trustedIssuers`) traded with AssumeRoleWithWebIdentity.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

describe('config roles and trusted OIDC issuers', () => {
  let issuerServer: Server;
  let issuer: string;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;
  let server: TestServer;
  let sts: STSClient;
  const role = (policyAction = 's3:GetObject') => ({
    name: 'CiDeployer', path: '/ci/', maxSessionDuration: 3600,
    trustPolicy: {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow', Principal: { Federated: `arn:aws:iam::000000000000:oidc-provider/${issuer.replace(/^https?:\/\//, '')}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { [`${issuer.replace(/^https?:\/\//, '')}:sub`]: 'repo:acme/*' } },
      }],
    },
    policies: { deploy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: policyAction, Resource: '*' }] } },
  });

  before(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    const keys = [{ ...(await exportJWK(rsa.publicKey)), kid: 'r1', alg: 'RS256' }, { ...(await exportJWK(ec.publicKey)), kid: 'e1', alg: 'ES256' }];
    issuerServer = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') return res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
      if (req.url === '/jwks') return res.end(JSON.stringify({ keys }));
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(issuerServer.address() as { port: number }).port}`;
    server = await startTestServer({ iam: { roles: [role()] }, sts: { trustedIssuers: [{ issuer, audiences: ['sts.amazonaws.com'] }] } });
    sts = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } });
  });
  after(async () => {
    sts.destroy();
    await server.stop();
    issuerServer.close();
  });

  const token = (claims: Record<string, unknown>, alg: 'RS256' | 'ES256' = 'RS256', expiresIn = '10m') =>
    new SignJWT({ aud: 'sts.amazonaws.com', sub: 'repo:acme/app:ref:refs/heads/main', ...claims })
      .setProtectedHeader({ alg, kid: alg === 'RS256' ? 'r1' : 'e1' }).setIssuer(issuer).setIssuedAt().setExpirationTime(expiresIn)
      .sign(alg === 'RS256' ? rsa.privateKey : ec.privateKey);
  const assume = async (jwt: string) => sts.send(new AssumeRoleWithWebIdentityCommand({
    RoleArn: 'arn:aws:iam::000000000000:role/ci/CiDeployer', RoleSessionName: 'ci', WebIdentityToken: jwt,
  }));

  it('creates the file\'s roles at start', async () => {
    const key = server.accessKeys[0]!;
    const iam = new IAMClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey } });
    const got = await iam.send(new GetRoleCommand({ RoleName: 'CiDeployer' }));
    assert.equal(got.Role!.Arn, 'arn:aws:iam::000000000000:role/ci/CiDeployer');
    const p = await iam.send(new GetRolePolicyCommand({ RoleName: 'CiDeployer', PolicyName: 'deploy' }));
    assert.match(decodeURIComponent(p.PolicyDocument!), /s3:GetObject/);
    iam.destroy();
  });

  it('trades a trusted issuer\'s ID tokens (RS256, ES256) for credentials', async () => {
    for (const alg of ['RS256', 'ES256'] as const) {
      const out = await assume(await token({}, alg));
      assert.match(out.Credentials!.AccessKeyId!, /^ASIA/);
      assert.equal(out.Provider, issuer.replace(/^https?:\/\//, ''));
      assert.equal(out.SubjectFromWebIdentityToken, 'repo:acme/app:ref:refs/heads/main');
      assert.equal(out.Audience, 'sts.amazonaws.com');
    }
  });

  it('refuses other subjects, audiences, expired and foreign tokens', async () => {
    assert.equal((await errorOf(async () => assume(await token({ sub: 'repo:evil/app' })))).name, 'AccessDenied');
    assert.equal((await errorOf(async () => assume(await token({ aud: 'other' })))).name, 'InvalidIdentityTokenException');
    // Session tags in the token need sts:TagSession, which this role's trust policy does not grant.
    const tagged = await errorOf(async () => assume(await token({ 'https://aws.amazon.com/tags': { principal_tags: { team: ['blue'] } } })));
    assert.equal(tagged.name, 'AccessDenied');
    assert.equal(tagged.message, 'Not authorized to perform sts:TagSession');
    assert.equal((await errorOf(async () => assume(await token({}, 'RS256', '-10m')))).name, 'ExpiredTokenException');
    const foreign = await new SignJWT({ aud: 'x', sub: 'y' }).setProtectedHeader({ alg: 'RS256', kid: 'r1' }).setIssuer('https://elsewhere.example')
      .setExpirationTime('10m').sign(rsa.privateKey);
    const e = await errorOf(() => assume(foreign));
    assert.equal(e.name, 'InvalidIdentityTokenException');
    assert.equal(e.message, 'No OpenIDConnect provider found in your account for https://elsewhere.example');
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({ aud: 'sts.amazonaws.com', sub: 'repo:acme/app' }).setProtectedHeader({ alg: 'RS256', kid: 'r1' })
      .setIssuer(issuer).setExpirationTime('10m').sign(other.privateKey);
    assert.equal((await errorOf(() => assume(forged))).name, 'InvalidIdentityTokenException');
  });

  it('applies a changed role at the next start, keeping what the file does not name', async () => {
    const again = await startTestServer({ dataDir: server.dataDir, iam: { roles: [role('s3:PutObject')] } });
    try {
      const p = await again.services.store.roles.getPolicy('cideployer', 'deploy');
      assert.match(p!.document, /s3:PutObject/);
    } finally {
      await again.close();
    }
  });
});

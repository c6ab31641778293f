/**
 * GetCredentialsForIdentity brokering credentials from an external STS (`identityPools.
 * credentialBrokers` in the config): a second Alcove server plays that STS, as AWS would with
 * Alcove's identity issuer registered as an IAM OpenID Connect provider (client id: the identity
 * pool id) and a role trusting it. `fromCognitoIdentityPool` gets the external STS's credentials;
 * its refusal is InvalidIdentityPoolConfigurationException, its silence ExternalServiceException.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { GetCredentialsForIdentityCommand, GetIdCommand, SetIdentityPoolRolesCommand, type CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import { createOidcProvider } from '../../../src/iam/oidc-providers.ts';
import { createRole } from '../../../src/iam/role-operations.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { identityClients, roleName } from './helpers.ts';

const BROKERED = `us-east-1:${randomUUID()}`;
const SILENT = `us-east-1:${randomUUID()}`;

let external: TestServer;
let main: TestServer;
let admin: CognitoIdentityClient;
let anonymous: CognitoIdentityClient;
let issuerKey: string;

before(async () => {
  external = await startTestServer({}, { isolatedDatabase: true });
  main = await startTestServer({
    identityPools: { credentialBrokers: { [BROKERED]: { stsEndpoint: external.url }, [SILENT]: { stsEndpoint: 'http://127.0.0.1:9/' } } },
  });
  ({ admin, anonymous } = identityClients(main));
  const now = Date.now();
  for (const id of [BROKERED, SILENT]) {
    await main.services.store.identityPools.insert({
      id, name: 'brokered', config: { AllowUnauthenticatedIdentities: true }, roles: { Roles: {} }, tagMaps: {}, tags: {}, createdAt: now, updatedAt: now,
    });
  }
  // The external STS trusts Alcove's identity issuer for this identity pool, as AWS would.
  issuerKey = `${main.url.replace(/^https?:\/\//, '')}/cognito-identity`;
  await createOidcProvider(external.services, { url: `${main.url}/cognito-identity`, clientIds: [BROKERED, SILENT] });
});
after(async () => {
  admin.destroy();
  anonymous.destroy();
  await main.stop();
  await external.stop();
});

describe('an identity pool brokered by an external STS', () => {
  it('gets the external STS\'s credentials through fromCognitoIdentityPool', async () => {
    const guest = await createRole(external.services, {
      roleName: roleName('brokered-guest'),
      assumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow', Principal: { Federated: `arn:aws:iam::000000000000:oidc-provider/${issuerKey}` },
          Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${issuerKey}:aud`]: BROKERED } },
        }],
      }),
    });
    await admin.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: BROKERED, Roles: { unauthenticated: guest.arn } }));

    const credentials = await fromCognitoIdentityPool({ identityPoolId: BROKERED, clientConfig: { endpoint: main.url, region: 'us-east-1' } })();
    assert.match(credentials.accessKeyId, /^ASIA/);
    const issued = await external.services.store.temporaryCredentials.get(credentials.accessKeyId);
    assert.ok(issued, 'the external STS issued them');
    assert.equal(issued.roleArn, guest.arn);
    assert.equal(issued.sessionName, 'CognitoIdentityCredentials');
    assert.equal(issued.identity.subject, credentials.identityId);
    assert.equal(issued.identity.audience, BROKERED);
    assert.equal(await main.services.store.temporaryCredentials.get(credentials.accessKeyId), undefined, 'not issued by Alcove\'s own STS');

    // A role the external STS refuses.
    await admin.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: BROKERED, Roles: { unauthenticated: 'arn:aws:iam::000000000000:role/NotThere' } }));
    const refused = await errorOf(() => anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId: credentials.identityId })));
    assert.equal(refused.name, 'InvalidIdentityPoolConfigurationException');
  });

  it('answers ExternalServiceException when the external STS does not answer', async () => {
    await admin.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: SILENT, Roles: { unauthenticated: 'arn:aws:iam::000000000000:role/Any' } }));
    const { IdentityId } = await anonymous.send(new GetIdCommand({ IdentityPoolId: SILENT }));
    const e = await errorOf(() => anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId })));
    assert.equal(e.name, 'ExternalServiceException');
  });
});

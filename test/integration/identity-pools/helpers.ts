/** Identity pool clients pointed at a test server: signed (admin) and unsigned (public calls). */
import { randomBytes } from 'node:crypto';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CreateUserPoolClientCommand, CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '../../helpers/server.ts';

export function identityClients(server: TestServer): { admin: CognitoIdentityClient; anonymous: CognitoIdentityClient } {
  const key = server.accessKeys[0]!;
  const admin = new CognitoIdentityClient({
    endpoint: server.url, region: server.settings.region, maxAttempts: 1,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
  });
  const anonymous = new CognitoIdentityClient({
    endpoint: server.url, region: server.settings.region, maxAttempts: 1,
    credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'not-a-real-secret-key-at-all' },
  });
  return { admin, anonymous };
}

/** A user pool with an app client (USER_PASSWORD_AUTH) and confirmed users `alice`, `bob` (password `Passw0rd!x`). */
export async function userPoolWithUsers(server: TestServer): Promise<{ poolId: string; clientId: string; provider: string }> {
  const pool = await server.client.send(new CreateUserPoolCommand({ PoolName: `idp-${Date.now()}` }));
  const poolId = pool.UserPool!.Id!;
  const client = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
  }));
  for (const username of ['alice', 'bob']) {
    await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' }));
    await server.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: 'Passw0rd!x', Permanent: true }));
  }
  return { poolId, clientId: client.UserPoolClient!.ClientId!, provider: `cognito-idp.${server.settings.region}.amazonaws.com/${poolId}` };
}

export const PASSWORD = 'Passw0rd!x';
/** Role names are account-wide and outlive a test server on a shared PostgreSQL database: each run names its own. */
export const roleName = (name: string): string => `${name}-${RUN}`;
const RUN = randomBytes(4).toString('hex');
export const ROLE = (name: string) => `arn:aws:iam::000000000000:role/${name}`;

/** A trust policy for an identity pool's roles, as AWS's console writes it. */
export function cognitoTrust(poolId: string, amr: 'authenticated' | 'unauthenticated'): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
      Condition: {
        StringEquals: { 'cognito-identity.amazonaws.com:aud': poolId },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
      },
    }],
  });
}

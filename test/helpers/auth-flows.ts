/**
 * Sign-in flow test helpers: pools, clients and users made through the API, an SRP client built on
 * the SRP primitives (so tests can bend TIMESTAMP, USERNAME or SECRET_HASH), and a clock the
 * tests move.
 */
import { createHmac, randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CreateUserPoolClientCommand, CreateUserPoolCommand,
  type AttributeType, type CreateUserPoolClientCommandInput, type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  computeU, computeX, derivePasswordAuthKey, formatSrpTimestamp, g, k, modPowN, N, passwordClaimSignature,
} from '../../src/userPools/srp/index.ts';
import type { TestServer } from './server.ts';

export const PASSWORD = 'Correct-Horse1';

/** A clock the test moves; starts at the real time so that real clients' timestamps fit. */
export function testClock() {
  return { t: Date.now(), now() { return this.t; }, advance(ms: number) { this.t += ms; } };
}

let counter = 0;
export async function poolAndClient(
  server: TestServer, pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {},
) {
  const created = await server.client.send(new CreateUserPoolCommand({ PoolName: `sign-in-${++counter}`, ...pool }));
  const poolId = created.UserPool!.Id!;
  const out = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'app',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ...client,
  }));
  return { poolId, clientId: out.UserPoolClient!.ClientId!, clientSecret: out.UserPoolClient!.ClientSecret };
}

/** A CONFIRMED user: AdminCreateUser, then a permanent password. */
export async function confirmedUser(
  server: TestServer, poolId: string, username: string, attributes: AttributeType[] = [], password = PASSWORD,
): Promise<void> {
  await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, UserAttributes: attributes, MessageAction: 'SUPPRESS' }));
  await server.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: true }));
}

export const secretHash = (secret: string, username: string, clientId: string): string =>
  createHmac('sha256', secret).update(username + clientId).digest('base64');

const mod = (x: bigint) => ((x % N) + N) % N;

/** The client half of Cognito's SRP (what identity-js computes), step by step. */
export function srpClient(poolId: string) {
  const poolName = poolId.split('_')[1]!;
  const a = BigInt('0x' + randomBytes(128).toString('hex'));
  const A = modPowN(g, a);
  return {
    srpA: A.toString(16),
    /** ChallengeResponses for the PASSWORD_VERIFIER challenge. */
    answer(challenge: Record<string, string>, password: string, timestamp = formatSrpTimestamp(new Date())): Record<string, string> {
      const userId = challenge.USER_ID_FOR_SRP!;
      const B = BigInt('0x' + challenge.SRP_B!);
      const saltHex = challenge.SALT!.length % 2 ? '0' + challenge.SALT! : challenge.SALT!;
      const x = computeX(poolName, userId, password, Buffer.from(saltHex, 'hex'));
      const u = computeU(A, B);
      const S = modPowN(mod(B - k * modPowN(g, x)), a + u * x);
      const key = derivePasswordAuthKey(S, u);
      const signature = passwordClaimSignature(key, poolName, userId, Buffer.from(challenge.SECRET_BLOCK!, 'base64'), timestamp);
      return {
        USERNAME: userId, PASSWORD_CLAIM_SECRET_BLOCK: challenge.SECRET_BLOCK!, TIMESTAMP: timestamp,
        PASSWORD_CLAIM_SIGNATURE: signature.toString('base64'),
      };
    },
  };
}

/**
 * Signed-in sessions for tests of token-authorised operations, through the real sign-in flows:
 * USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH with the SDK, and amazon-cognito-identity-js's
 * `authenticateUser` (SRP) with `endpoint` set to the test server.
 */
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import type { TestServer } from './server.ts';

export interface SignedIn {
  AccessToken: string;
  IdToken: string;
  RefreshToken: string;
}

interface Credentials {
  poolId: string;
  clientId: string;
  username: string;
  password: string;
}

export async function signIn(server: TestServer, input: Credentials): Promise<SignedIn> {
  const out = await server.anonymousClient.send(new InitiateAuthCommand({
    ClientId: input.clientId, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: input.username, PASSWORD: input.password },
  }));
  const r = out.AuthenticationResult!;
  return { AccessToken: r.AccessToken!, IdToken: r.IdToken!, RefreshToken: r.RefreshToken! };
}

/** New tokens for a refresh token (REFRESH_TOKEN_AUTH). */
export async function refresh(server: TestServer, input: { clientId: string; refreshToken: string }): Promise<{ AccessToken: string; IdToken: string }> {
  const out = await server.anonymousClient.send(new InitiateAuthCommand({
    ClientId: input.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: input.refreshToken },
  }));
  return { AccessToken: out.AuthenticationResult!.AccessToken!, IdToken: out.AuthenticationResult!.IdToken! };
}

/** The storage identity-js keeps its tokens in, in memory (as a browser's localStorage would). */
export class MemoryStorage {
  readonly #items = new Map<string, string>();
  getItem(key: string): string | null { return this.#items.get(key) ?? null; }
  setItem(key: string, value: string): void { this.#items.set(key, value); }
  removeItem(key: string): void { this.#items.delete(key); }
  clear(): void { this.#items.clear(); }
}

/** An amazon-cognito-identity-js user signed in with SRP, as an app using the library does. */
export async function identityJsSignIn(server: TestServer, input: Credentials): Promise<CognitoUser> {
  const pool = new CognitoUserPool({ UserPoolId: input.poolId, ClientId: input.clientId, endpoint: server.url });
  const user = new CognitoUser({ Username: input.username, Pool: pool });
  await new Promise<void>((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: input.username, Password: input.password }), {
      onSuccess: () => resolve(),
      onFailure: reject,
    });
  });
  return user;
}

/**
 * Signing a user in from a test: through the SDK (USER_PASSWORD_AUTH) or through
 * amazon-cognito-identity-js, and refreshing (REFRESH_TOKEN_AUTH).
 */
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import type { TestServer } from './server.ts';

export interface Credentials {
  poolId: string;
  clientId: string;
  username: string;
  password: string;
}

/** USER_PASSWORD_AUTH through the SDK; the client must allow it. */
export async function signIn(server: TestServer, c: Credentials): Promise<{ AccessToken: string; IdToken: string; RefreshToken: string }> {
  const out = await server.anonymousClient.send(new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH', ClientId: c.clientId, AuthParameters: { USERNAME: c.username, PASSWORD: c.password },
  }));
  const result = out.AuthenticationResult;
  if (!result?.AccessToken || !result.IdToken || !result.RefreshToken) throw new Error(`expected tokens, got ${JSON.stringify(out)}`);
  return { AccessToken: result.AccessToken, IdToken: result.IdToken, RefreshToken: result.RefreshToken };
}

/** REFRESH_TOKEN_AUTH through the SDK. */
export async function refresh(server: TestServer, r: { clientId: string; refreshToken: string }): Promise<{ AccessToken: string; IdToken: string }> {
  const out = await server.anonymousClient.send(new InitiateAuthCommand({
    AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: r.clientId, AuthParameters: { REFRESH_TOKEN: r.refreshToken },
  }));
  const result = out.AuthenticationResult;
  if (!result?.AccessToken || !result.IdToken) throw new Error(`expected tokens, got ${JSON.stringify(out)}`);
  return { AccessToken: result.AccessToken, IdToken: result.IdToken };
}

/** An in-memory Storage for identity-js (it caches tokens there). */
export class MemoryStorage {
  readonly #items = new Map<string, string>();
  getItem(key: string): string | null { return this.#items.get(key) ?? null; }
  setItem(key: string, value: string): void { this.#items.set(key, value); }
  removeItem(key: string): void { this.#items.delete(key); }
  clear(): void { this.#items.clear(); }
}

/** A CognitoUser signed in with identity-js's USER_PASSWORD_AUTH flow. */
export function identityJsSignIn(server: TestServer, c: Credentials): Promise<CognitoUser> {
  const pool = new CognitoUserPool({ UserPoolId: c.poolId, ClientId: c.clientId, endpoint: server.url, Storage: new MemoryStorage() });
  const user = new CognitoUser({ Username: c.username, Pool: pool, Storage: new MemoryStorage() });
  user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
  return new Promise((resolve, reject) => user.authenticateUser(
    new AuthenticationDetails({ Username: c.username, Password: c.password }),
    { onSuccess: () => resolve(user), onFailure: reject },
  ));
}

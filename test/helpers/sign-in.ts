/**
 * Signs a user in for tests of token-authorised operations: USER_PASSWORD_AUTH through the SDK
 * when the server has InitiateAuth; until then the same checks in-process (password against the
 * stored verifier) and tokens minted by the tokens concern.
 */
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails, CognitoAccessToken, CognitoIdToken, CognitoRefreshToken, CognitoUser, CognitoUserPool, CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { userPoolHandlers } from '../../src/operations/user-pools.ts';
import { requireClient } from '../../src/userPools/clients/client-view.ts';
import { requirePool } from '../../src/userPools/pools/load.ts';
import { issueTokens, refreshTokens } from '../../src/userPools/tokens/index.ts';
import { passwordMatches, readCredentials } from '../../src/userPools/users/credentials.ts';
import { requireUser } from '../../src/userPools/users/lookup.ts';
import type { TestServer } from './server.ts';

export interface SignedIn {
  AccessToken: string;
  IdToken: string;
  RefreshToken: string;
}

export async function signIn(
  server: TestServer, input: { poolId: string; clientId: string; username: string; password: string },
): Promise<SignedIn> {
  if ('InitiateAuth' in userPoolHandlers) {
    const out = await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: input.clientId, AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: input.username, PASSWORD: input.password },
    }));
    const r = out.AuthenticationResult!;
    return { AccessToken: r.AccessToken!, IdToken: r.IdToken!, RefreshToken: r.RefreshToken! };
  }
  const { store } = server.services;
  const pool = await requirePool(store, input.poolId);
  const user = await requireUser(store, pool, input.username);
  const credentials = readCredentials(server.services, user);
  if (!credentials || !passwordMatches(pool, user, credentials, input.password)) throw new Error('Incorrect username or password.');
  const r = await issueTokens(store, server.services, {
    pool, client: await requireClient(store, input.clientId), user,
    authTime: Math.floor(server.services.clock.now() / 1000), issueRefreshToken: true,
  });
  return { AccessToken: r.AccessToken!, IdToken: r.IdToken!, RefreshToken: r.RefreshToken! };
}

/** New tokens for a refresh token (REFRESH_TOKEN_AUTH), through the SDK once the server has InitiateAuth. */
export async function refresh(server: TestServer, input: { clientId: string; refreshToken: string }): Promise<{ AccessToken: string; IdToken: string }> {
  if ('InitiateAuth' in userPoolHandlers) {
    const out = await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: input.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: input.refreshToken },
    }));
    return { AccessToken: out.AuthenticationResult!.AccessToken!, IdToken: out.AuthenticationResult!.IdToken! };
  }
  const { store } = server.services;
  const r = await refreshTokens(store, server.services, {
    client: await requireClient(store, input.clientId), refreshToken: input.refreshToken, rotate: false,
  });
  return { AccessToken: r.AccessToken!, IdToken: r.IdToken! };
}

/**
 * An amazon-cognito-identity-js user signed in against the test server (`endpoint` set on the
 * pool): USER_PASSWORD_AUTH through `authenticateUser` once the server has InitiateAuth, until
 * then a session built from tokens minted as `signIn` does.
 */
export async function identityJsSignIn(
  server: TestServer, input: { poolId: string; clientId: string; username: string; password: string },
): Promise<CognitoUser> {
  const pool = new CognitoUserPool({ UserPoolId: input.poolId, ClientId: input.clientId, endpoint: server.url });
  const user = new CognitoUser({ Username: input.username, Pool: pool });
  if ('InitiateAuth' in userPoolHandlers) {
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    await new Promise<void>((resolve, reject) => {
      user.authenticateUser(new AuthenticationDetails({ Username: input.username, Password: input.password }), {
        onSuccess: () => resolve(),
        onFailure: reject,
      });
    });
    return user;
  }
  const tokens = await signIn(server, input);
  user.setSignInUserSession(new CognitoUserSession({
    IdToken: new CognitoIdToken({ IdToken: tokens.IdToken }),
    AccessToken: new CognitoAccessToken({ AccessToken: tokens.AccessToken }),
    RefreshToken: new CognitoRefreshToken({ RefreshToken: tokens.RefreshToken }),
  }));
  return user;
}

/**
 * Who calls an access-token operation: the AccessToken names the user, the pool and the app
 * client it was issued to (whose ReadAttributes / WriteAttributes then apply). The tokens
 * concern checks signature, expiry, scope, revocation and the user's state; the dispatcher calls
 * `authenticateUser` before the handler, which receives the result as `ctx.caller`.
 */
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import { requireClient, type ClientView } from '../clients/client-view.ts';
import type { Services, UserCaller } from '../context.ts';
import { authenticateAccessToken } from '../tokens/index.ts';
import type { UserRow } from '../users/store.ts';

/** The user an access token carrying `scope` authenticates (NotAuthorizedException & co otherwise). */
export async function authenticateUser(services: Services, accessToken: string, scope: string): Promise<UserCaller> {
  const { pool, user, clientId, claims } = await authenticateAccessToken(services.store, services, scope, accessToken);
  return { kind: 'user', sub: user.id, username: user.username, pool, user, clientId, claims };
}

/** The app client the token was issued to. */
export function clientOf(services: Services, caller: UserCaller): Promise<ClientView> {
  return requireClient(services.store, caller.clientId);
}

/**
 * The caller's whole row, credentials included: the token check reads the user without them
 * (UserProfile), so an operation that needs them (ChangePassword, GetUserAuthFactors) reads it here.
 */
export async function callerRow(repos: Repos, caller: UserCaller): Promise<UserRow> {
  const user = await repos.users.get(caller.user.id);
  if (!user) throw errors.userNotFound('User does not exist.');
  return user;
}

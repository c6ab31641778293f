/**
 * Who calls a token-authorised operation: the AccessToken names the user, the pool and the app
 * client it was issued to (whose ReadAttributes / WriteAttributes then apply). The tokens
 * concern checks signature, expiry, revocation and the user's state.
 */
import { requireClient, type ClientView } from '../clients/client-view.ts';
import type { OperationContext } from '../context.ts';
import { authenticateAccessToken, type AuthenticatedAccess } from '../tokens/index.ts';

export function authenticate(ctx: OperationContext, accessToken: string): Promise<AuthenticatedAccess> {
  return authenticateAccessToken(ctx.services.store, ctx.services, accessToken);
}

/** The app client the token was issued to. */
export function clientOf(ctx: OperationContext, access: AuthenticatedAccess): Promise<ClientView> {
  return requireClient(ctx.services.store, access.clientId);
}

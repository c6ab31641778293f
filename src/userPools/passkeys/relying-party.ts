/**
 * The pool's passkey settings: whether passkeys are on (WEB_AUTHN among the SignInPolicy's
 * AllowedFirstAuthFactors), the relying party id (WebAuthnConfiguration's RelyingPartyId, else
 * the host of the URL this server is reached at), the user verification asked for (Cognito's
 * default: preferred), and the checks of a browser's client data: its origin must be the
 * relying party's host or a subdomain of it, over HTTPS (plain HTTP only for localhost, a secure
 * context in browsers).
 */
import type { AuthFactorType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { Services } from '../context.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { stateOf } from '../users/state.ts';
import type { UserRow } from '../users/store.ts';

/**
 * `@simplewebauthn/server`, loaded by the first passkey call: with its ASN.1 and X.509
 * dependencies it is ~190 modules, ~150 ms of CPU and ~25 MB of resident memory that a node
 * whose pools use no passkeys would otherwise pay at every start.
 */
let webAuthnModule: Promise<typeof import('@simplewebauthn/server')> | undefined;
export const webAuthn = (): Promise<typeof import('@simplewebauthn/server')> => (webAuthnModule ??= import('@simplewebauthn/server'));

export function allowedFirstFactors(pool: PoolView): AuthFactorType[] {
  return pool.config.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];
}

export function requirePasskeys(pool: PoolView): void {
  if (!allowedFirstFactors(pool).includes('WEB_AUTHN')) {
    throw errors.webAuthnNotEnabled('WebAuthn is not enabled for this user pool. Add WEB_AUTHN to the AllowedFirstAuthFactors of the SignInPolicy.');
  }
}

/** The relying party id; undefined when neither the pool nor the server's public URL gives one. */
export function relyingPartyId(pool: PoolView, services: Services): string | undefined {
  const configured = pool.webAuthnConfiguration?.RelyingPartyId;
  if (configured) return configured;
  const host = URL.canParse(services.settings.publicUrl) ? new URL(services.settings.publicUrl).hostname : '';
  return host || undefined;
}

export const userVerificationOf = (pool: PoolView): 'required' | 'preferred' =>
  pool.webAuthnConfiguration?.UserVerification === 'required' ? 'required' : 'preferred';

/**
 * Whether a passkey sign-in with user verification counts as MFA for `user` (any user, when
 * none is given): the pool's FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION with
 * UserVerification required (so every assertion it accepts carries user verification), and the
 * user's WebAuthnMfaSettings turned on.
 */
export function passkeyIsMfa(pool: PoolView, user?: Pick<UserRow, 'state'>): boolean {
  const config = pool.webAuthnConfiguration;
  return config?.FactorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION' && config.UserVerification === 'required'
    && (user === undefined || stateOf(user).webAuthnMfa === true);
}

/** What a credential's `clientDataJSON` says: its type, challenge and origin. */
export interface ClientData { type: string; challenge: string; origin: string }

export function clientDataOf(response: unknown): ClientData {
  const encoded = (response as { response?: { clientDataJSON?: unknown } } | null)?.response?.clientDataJSON;
  if (typeof encoded !== 'string') throw errors.invalidParameter('Invalid credential: response.clientDataJSON is missing.');
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw errors.invalidParameter('Invalid credential: response.clientDataJSON is not valid.');
  }
  const { type, challenge, origin } = (data ?? {}) as Record<string, unknown>;
  if (typeof type !== 'string' || typeof challenge !== 'string' || typeof origin !== 'string') {
    throw errors.invalidParameter('Invalid credential: response.clientDataJSON is not valid.');
  }
  return { type, challenge, origin };
}

/** Whether the relying party `rpId` accepts credentials made at `origin`. */
export function originAllowed(origin: string, rpId: string): boolean {
  const url = URL.canParse(origin) ? new URL(origin) : undefined;
  const host = url?.hostname;
  const sameSite = host !== undefined && (host === rpId || host.endsWith(`.${rpId}`));
  const secure = url?.protocol === 'https:' || (url?.protocol === 'http:' && (host === 'localhost' || host?.endsWith('.localhost') === true));
  return sameSite && secure;
}

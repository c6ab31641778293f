/**
 * Typed read access to an app client for the concerns that act through one (sign-in, tokens,
 * self-service operations), and finding a client by id alone, as the public operations do.
 */
import type { AuthFlowType, ExplicitAuthFlowsType } from '@aws-sdk/client-cognito-identity-provider';
import type { KeyVault } from '../../crypto/key-vault.ts';
import { errors } from '../../errors.ts';
import type { ClientRow } from './store.ts';
import type { Repos } from '../../storage/store.ts';
import { DEFAULT_AUTH_FLOWS, LEGACY_AUTH_FLOWS, UNIT_SECONDS, type ClientConfig } from './client-config.ts';

/** The row identity a client secret is sealed with. */
export const secretContext = (clientId: string): string => `client:${clientId}:secret`;
/** The row identity the second secret slot is sealed with. */
export const secret2Context = (clientId: string): string => `client:${clientId}:secret2`;

/** Which ALLOW_* value permits each InitiateAuth/AdminInitiateAuth flow. */
const FLOW_PERMISSION: Record<AuthFlowType, ExplicitAuthFlowsType> = {
  USER_AUTH: 'ALLOW_USER_AUTH',
  USER_SRP_AUTH: 'ALLOW_USER_SRP_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  ADMIN_USER_PASSWORD_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  CUSTOM_AUTH: 'ALLOW_CUSTOM_AUTH',
  REFRESH_TOKEN_AUTH: 'ALLOW_REFRESH_TOKEN_AUTH',
  REFRESH_TOKEN: 'ALLOW_REFRESH_TOKEN_AUTH',
};

export class ClientView {
  readonly config: ClientConfig;

  constructor(readonly row: ClientRow) {
    this.config = row.config;
  }

  get id(): string { return this.row.id; }
  get poolId(): string { return this.row.poolId; }
  get name(): string { return this.row.name; }
  get explicitAuthFlows(): ExplicitAuthFlowsType[] { return this.config.ExplicitAuthFlows ?? [...DEFAULT_AUTH_FLOWS]; }

  /**
   * Whether the client permits an auth flow. Legacy lists (no ALLOW_ values) always permitted
   * SRP, refresh and custom auth; they opt in to password flows, or narrow to custom auth only.
   */
  allowsAuthFlow(flow: AuthFlowType): boolean {
    const flows = this.explicitAuthFlows;
    if (!flows.some((f) => LEGACY_AUTH_FLOWS.has(f)) && flows.length > 0) return flows.includes(FLOW_PERMISSION[flow]);
    if (flows.includes('CUSTOM_AUTH_FLOW_ONLY')) return flow === 'CUSTOM_AUTH' || flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN';
    if (flow === 'USER_PASSWORD_AUTH') return flows.includes('USER_PASSWORD_AUTH');
    if (flow === 'ADMIN_USER_PASSWORD_AUTH' || flow === 'ADMIN_NO_SRP_AUTH') return flows.includes('ADMIN_NO_SRP_AUTH');
    return flow !== 'USER_AUTH';
  }

  /** Undefined: every attribute is readable (standard ones, custom ones, the *_verified flags). */
  get readAttributes(): string[] | undefined { return this.config.ReadAttributes; }
  /** Undefined: every attribute is writable. */
  get writeAttributes(): string[] | undefined { return this.config.WriteAttributes; }
  get preventUserExistenceErrors(): 'ENABLED' | 'LEGACY' { return this.config.PreventUserExistenceErrors ?? 'LEGACY'; }
  get enableTokenRevocation(): boolean { return this.config.EnableTokenRevocation ?? true; }
  get authSessionValidityMinutes(): number { return this.config.AuthSessionValidity ?? 3; }
  get accessTokenValiditySeconds(): number { return this.#seconds(this.config.AccessTokenValidity, this.config.TokenValidityUnits?.AccessToken, 3600); }
  get idTokenValiditySeconds(): number { return this.#seconds(this.config.IdTokenValidity, this.config.TokenValidityUnits?.IdToken, 3600); }
  get refreshTokenValiditySeconds(): number {
    return this.#seconds(this.config.RefreshTokenValidity, this.config.TokenValidityUnits?.RefreshToken ?? 'days', 30 * 86400);
  }
  get refreshTokenRotation(): { enabled: boolean; retryGracePeriodSeconds: number } {
    const rotation = this.config.RefreshTokenRotation;
    return { enabled: rotation?.Feature === 'ENABLED', retryGracePeriodSeconds: rotation?.RetryGracePeriodSeconds ?? 0 };
  }
  get hasSecret(): boolean { return this.row.secretEnc !== null || (this.row.secret2Enc ?? null) !== null; }

  /** The client secret in clear that DescribeUserPoolClient shows: the older of its secrets. */
  secret(vault: KeyVault): string | undefined {
    return this.secrets(vault)[0];
  }

  /** Every active secret in clear (at most two), oldest first: each one authenticates the client. */
  secrets(vault: KeyVault): string[] {
    return this.secretSlots().map((s) => s.secret(vault));
  }

  /** The filled secret slots, oldest first, with the ids Cognito gives them (`<client-id>--<epoch-create-time>`). */
  secretSlots(): { slot: 1 | 2; id: string; createdAt: number; secret: (vault: KeyVault) => string }[] {
    const slots: { slot: 1 | 2; id: string; createdAt: number; secret: (vault: KeyVault) => string }[] = [];
    const { secretEnc, secret2Enc } = this.row;
    if (secretEnc !== null) {
      const createdAt = this.row.secretCreatedAt ?? this.row.createdAt;
      slots.push({ slot: 1, id: `${this.id}--${createdAt}`, createdAt, secret: (vault) => vault.openString(secretEnc, secretContext(this.id)) });
    }
    if (secret2Enc !== null && secret2Enc !== undefined) {
      const createdAt = this.row.secret2CreatedAt ?? this.row.createdAt;
      slots.push({ slot: 2, id: `${this.id}--${createdAt}`, createdAt, secret: (vault) => vault.openString(secret2Enc, secret2Context(this.id)) });
    }
    return slots.sort((a, b) => a.createdAt - b.createdAt);
  }

  #seconds(value: number | undefined, unit: keyof typeof UNIT_SECONDS | undefined, fallback: number): number {
    return value ? value * UNIT_SECONDS[unit ?? 'hours'] : fallback;
  }
}

/** The client with this id, whatever its pool, or Cognito's not-found error. */
export async function requireClient(repos: Repos, clientId: string): Promise<ClientView> {
  // Request paths only read a client's configuration: a copy up to CONFIG_CACHE_MS old will do.
  const row = await repos.clients.getCached(clientId);
  if (!row) throw errors.resourceNotFound(`User pool client ${clientId} does not exist.`);
  return new ClientView(row);
}

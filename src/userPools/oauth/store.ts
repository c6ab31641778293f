/**
 * The storage port of the OAuth endpoints and the managed login pages: authorization codes and
 * managed-login sessions, implemented in storage/sql/oauth.ts. Types only, no SQL.
 */

export interface AuthorizationCodeRow {
  /** SHA-256 (hex) of the code: the code itself is never stored. */
  codeHash: string;
  poolId: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  /** The granted scopes, space-separated. */
  scope: string;
  nonce: string | null;
  /** PKCE: the S256 challenge the verifier must match. */
  codeChallenge: string | null;
  /** RFC 8707: the access token's `aud`. */
  resource: string | null;
  /** Epoch ms of the sign-in the code carries. */
  authTime: number;
  /** The refresh-token family the code's tokens belong to, fixed in advance so a replay can revoke it. */
  originJti: string;
  expiresAt: number;
  usedAt: number | null;
}

export type CodeRedemption =
  | { outcome: 'redeemed'; row: AuthorizationCodeRow }
  /** Used before: the caller revokes what it issued. */
  | { outcome: 'replayed'; row: AuthorizationCodeRow }
  | { outcome: 'unknown' };

export interface AuthorizationCodeRepo {
  insert(row: AuthorizationCodeRow): Promise<void>;
  /**
   * Marks the code of `clientId` used at `now` with one conditional update: of concurrent
   * redemptions exactly one is `redeemed`; the others (and any later one) are `replayed`. Another
   * client's code is `unknown` and stays unused. Expiry is the caller's check.
   */
  redeem(codeHash: string, clientId: string, now: number): Promise<CodeRedemption>;
  purgeExpired(now: number): Promise<void>;
}

export interface HostedSessionRow {
  /** SHA-256 (hex) of the session id the cookie carries. */
  idHash: string;
  poolId: string;
  userId: string;
  /** Epoch ms of the sign-in. */
  authTime: number;
  expiresAt: number;
}

export interface HostedSessionRepo {
  insert(row: HostedSessionRow): Promise<void>;
  /** The session when it is live at `now` (one indexed read). */
  getLive(idHash: string, now: number): Promise<HostedSessionRow | undefined>;
  /** Ends the session; true when this call ended it. */
  end(idHash: string): Promise<boolean>;
  purgeExpired(now: number): Promise<void>;
}

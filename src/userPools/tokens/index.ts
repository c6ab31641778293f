/**
 * Tokens: what the sign-in flows and every token-authorised operation use. One module per
 * concern: issue.ts (ID, access and new refresh tokens), refresh.ts (refresh and rotation),
 * revoke.ts (RevokeToken, family revocation), sign-out.ts (GlobalSignOut), access-token.ts
 * (authenticating an AccessToken), jwks.ts (published keys); claims, signing and keys below them.
 */
export { rotateSigningKeys } from './signing-keys.ts';
export { issuerOf } from './issuer.ts';
export { issueTokens, recordTokens, signTokens, type TokenClient } from './issue.ts';
export { refreshTokens } from './refresh.ts';
export { revokeRefreshToken } from './revoke.ts';
export { globalSignOut } from './sign-out.ts';
export { authenticateAccessToken } from './access-token.ts';
export { jwksOf } from './jwks.ts';

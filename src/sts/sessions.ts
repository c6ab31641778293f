/**
 * Issued temporary credentials at use: finding a live one for a SigV4 check, and revoking them.
 *
 * A credential is live when its row exists, is not past `expiresAt`, carries no `revokedAt`,
 * and was created after any revocation of its role session (or of its whole role). Revoking a
 * session records a watermark (`token_revocations`, key `sts:<hash of role ARN and session>`,
 * kept until the longest credentials could expire) and marks the rows it finds: a credential
 * issued concurrently, whose row the update did not see, is still refused by the watermark,
 * since it was created before it. One access key is revoked by one conditional update (one
 * winner reports it).
 */
import { createHash } from 'node:crypto';
import type { Services } from '../kernel/context.ts';
import { ServiceError } from '../kernel/errors.ts';
import type { TemporaryCredentialRow } from '../iam/store.ts';
import type { SigV4Credential } from '../server/sigv4.ts';
import { sealContext } from './credentials.ts';

/** Longest credentials (a role's MaxSessionDuration is at most 12 h): watermarks outlive them. */
const MAX_CREDENTIAL_MS = 43_200_000;

const watermarkKey = (roleArn: string, sessionName?: string): string =>
  `sts:${createHash('sha256').update(`${roleArn}\n${sessionName ?? '*'}`).digest('hex').slice(0, 56)}`;

export const MSG_INVALID_TOKEN = 'The security token included in the request is invalid.';
export const MSG_EXPIRED_TOKEN = 'The security token included in the request is expired';

export interface LiveCredential {
  row: TemporaryCredentialRow;
  credential: SigV4Credential;
}

/**
 * The live credential of `accessKeyId`: undefined when unknown or revoked (the caller answers
 * InvalidClientTokenId), `ExpiredToken` thrown when past its expiry.
 */
export async function findLiveCredential(services: Services, accessKeyId: string): Promise<LiveCredential | undefined> {
  if (!/^ASIA[A-Z2-7]{16}$/.test(accessKeyId)) return undefined;
  const row = await services.store.temporaryCredentials.get(accessKeyId);
  if (!row || row.revokedAt !== undefined) return undefined;
  if (row.expiresAt <= services.clock.now()) throw new ServiceError('ExpiredToken', MSG_EXPIRED_TOKEN);
  const marks = await services.store.revocations.find([watermarkKey(row.roleArn, row.sessionName), watermarkKey(row.roleArn)]);
  if (marks.some((m) => row.createdAt <= m.revokedAt)) return undefined;
  const { secret, token } = JSON.parse(services.vault.openString(row.secretEnc, sealContext(accessKeyId))) as { secret: string; token: string };
  return { row, credential: { secretAccessKey: secret, sessionToken: token, accountId: services.settings.accountId } };
}

/** Revokes one access key; false when it was unknown or already revoked. */
export function revokeAccessKey(services: Services, accessKeyId: string): Promise<boolean> {
  return services.store.temporaryCredentials.revoke(accessKeyId, services.clock.now());
}

/**
 * Revokes every credential of a role session (or, without a session name, of the role) issued
 * up to now, including any whose issue is committing meanwhile; how many rows were marked.
 */
export async function revokeRoleSessions(services: Services, roleArn: string, sessionName?: string): Promise<number> {
  const now = services.clock.now();
  await services.store.revocations.put(watermarkKey(roleArn, sessionName), now, now + MAX_CREDENTIAL_MS);
  return services.store.temporaryCredentials.revokeSessions(roleArn, sessionName, now);
}

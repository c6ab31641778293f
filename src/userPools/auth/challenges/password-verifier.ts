/**
 * PASSWORD_VERIFIER, SRP step 2: the client proves the password by
 * signing the secret block with the key only it and the verifier's holder can derive. The
 * block is the step's state: sealed by us, valid for the client's AuthSessionValidity, spent on
 * first use (a replayed answer fails), and counted toward the lockout when the proof is wrong.
 */
import { errors } from '../../../errors.ts';
import type { Repos } from '../../../storage/store.ts';
import { checkSecretHash } from '../../clients/secret-hash.ts';
import { fakeVerifier, parseSrpTimestamp, TIMESTAMP_FORMAT_MESSAGE, verifyPasswordClaim } from '../../srp/index.ts';
import { readCredentials } from '../../users/credentials.ts';
import { findUser } from '../../users/directory/lookup.ts';
import { optionalParameter, requireParameter, type AuthCall, type AuthStep, type ParameterMap } from '../call.ts';
import { clearFailures, recordFailure, reserveAttempt } from '../lockout.ts';
import { nextCustomStep, openCustomSession } from '../custom-auth.ts';
import { openSecretBlock, type SecretBlock } from '../secret-block.ts';
import { sessionDeadline, sessionExpired, spendOnce } from '../session.ts';
import { completeSignIn, incorrectPassword, refuseBeforePassword, subjectOf, type Candidate } from '../sign-in.ts';
import { deriveUnknownUser } from '../unknown-users.ts';

/**
 * Who the block was issued for, provided USERNAME (username, alias or USER_ID_FOR_SRP) names
 * the same one, and SECRET_HASH checks out over USERNAME, the internal username or the name
 * given at step 1.
 */
async function candidateOf(call: AuthCall, block: SecretBlock, username: string, secretHash: string | undefined): Promise<Candidate> {
  const { store, vault } = call.services;
  const { pool } = call;
  const user = block.userId === null ? undefined : await store.users.get(block.userId);
  if (user && user.poolId === pool.id) {
    if (pool.usernameKey(username) !== user.usernameKey && (await findUser(store, pool, username))?.id !== user.id) {
      throw incorrectPassword();
    }
    checkSecretHash(call.client, vault, [username, user.username, block.username], secretHash);
    return { user };
  }
  checkSecretHash(call.client, vault, [username, block.userIdForSrp, block.username], secretHash);
  // Deleted since step 1: as unknown as a name that never existed.
  if (call.client.preventUserExistenceErrors !== 'ENABLED') throw errors.userNotFound('User does not exist.');
  if (username !== block.userIdForSrp && pool.usernameKey(username) !== pool.usernameKey(block.username)) throw incorrectPassword();
  return { unknown: await deriveUnknownUser(call.services, pool, block.username) };
}

export async function answerPasswordVerifier(call: AuthCall, responses: ParameterMap, sealed?: string): Promise<AuthStep> {
  const username = requireParameter(responses, 'USERNAME');
  const secretBlock = requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const signature = requireParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestamp = requireParameter(responses, 'TIMESTAMP');
  if (parseSrpTimestamp(timestamp) === null) throw errors.invalidParameter(TIMESTAMP_FORMAT_MESSAGE);

  const { store, clock } = call.services;
  const now = clock.now();
  const block = openSecretBlock(call, secretBlock);
  const deadline = sessionDeadline(call, block.issuedAt);
  if (deadline <= now) throw sessionExpired();
  // A block of CUSTOM_AUTH goes with that flow's Session, which shares its nonce: a right
  // password continues the custom flow (a block without it could skip the custom challenges).
  const custom = block.custom ? openCustomSession(call, sealed, 'PASSWORD_VERIFIER') : undefined;
  if (custom && custom.nonce !== block.nonce) throw errors.notAuthorized('Invalid session for the user.');
  const candidate = await candidateOf(call, block, username, responses.SECRET_HASH);
  // The block is spent whatever the outcome; on the common paths together with the step's
  // other writes, in one commit.
  const spend = (tx: Repos) => spendOnce(tx, block.nonce, deadline);
  const subject = subjectOf(candidate);
  try {
    if (candidate.user) refuseBeforePassword(call, candidate.user);
    await reserveAttempt(store, subject, clock);
  } catch (refusal) {
    await spend(store);
    throw refusal;
  }
  const record = candidate.user ? readCredentials(call.services, candidate.user) : undefined;
  const proven = verifyPasswordClaim({
    poolName: call.pool.srpPoolName,
    userIdForSrp: block.userIdForSrp,
    srpAHex: block.srpA,
    b: Buffer.from(block.b, 'base64'),
    B: Buffer.from(block.B, 'base64'),
    // Without a real verifier the same computation runs against a random one, and fails.
    verifier: record ? Buffer.from(record.verifier, 'hex') : fakeVerifier(),
    secretBlock: Buffer.from(secretBlock, 'base64'),
    timestamp,
    signatureB64: signature,
  }) && record !== undefined;
  if (!proven) {
    await store.transaction(async (tx) => {
      await spend(tx);
      await recordFailure(tx, subject, now);
    });
    throw incorrectPassword();
  }
  if (custom) {
    await store.transaction(async (tx) => {
      await spend(tx);
      await clearFailures(tx, subject);
    });
    return nextCustomStep(call, { user: candidate.user!, username: custom.username },
      [...custom.history, { challengeName: 'PASSWORD_VERIFIER', challengeResult: true }], true, async () => {
        throw errors.invalidLambdaResponse('Unrecognizable lambda output');
      });
  }
  return completeSignIn(call, candidate.user!, now, async (tx) => {
    await spend(tx);
    await clearFailures(tx, subject);
  }, optionalParameter(responses, 'DEVICE_KEY'));
}

/**
 * USER_SRP_AUTH, step 1: B from the stored verifier, and the PASSWORD_VERIFIER
 * challenge. No Session, as on AWS: the state travels sealed in SECRET_BLOCK. An unknown
 * username the client hides gets a simulated challenge (stable salt, the USER_ID_FOR_SRP a real
 * user of that name would show, B from a random verifier, the same cost) that fails at step 2.
 */
import { errors } from '../../../errors.ts';
import { fakeB, parseSrpA, SrpError, startSrp } from '../../srp/index.ts';
import { readCredentials } from '../../users/credentials.ts';
import { requireParameter, type AuthCall, type AuthStep, type ParameterMap } from '../call.ts';
import { sealSecretBlock } from '../secret-block.ts';
import { findCandidate, type Candidate } from '../sign-in.ts';
import { deriveUnknownUser } from '../unknown-users.ts';
import { preAuthentication } from '../../triggers/lifecycle.ts';

export async function userSrpAuth(call: AuthCall, parameters: ParameterMap): Promise<AuthStep> {
  const username = requireParameter(parameters, 'USERNAME');
  const srpA = requireParameter(parameters, 'SRP_A');
  checkSrpA(srpA);
  const candidate = await findCandidate(call, username, parameters.SECRET_HASH);
  return { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: await passwordVerifierChallenge(call, candidate, username, srpA) };
}

/** SRP_A as the clients send it, or Cognito's InvalidParameterException. */
export function checkSrpA(srpA: string): void {
  try {
    parseSrpA(srpA);
  } catch (e) {
    if (e instanceof SrpError) throw errors.invalidParameter(e.message);
    throw e;
  }
}

/**
 * PASSWORD_VERIFIER's parameters for `candidate` (USER_SRP_AUTH, and CUSTOM_AUTH after SRP_A,
 * whose block is marked `custom` and carries its Session's nonce).
 */
export async function passwordVerifierChallenge(
  call: AuthCall, candidate: Candidate, username: string, srpA: string, custom?: { nonce: string },
): Promise<ParameterMap> {
  const { user } = candidate;
  // CUSTOM_AUTH ran PreAuthentication before its Define.
  if (!custom) await preAuthentication(call.origin, call.pool, user ?? { unknown: username });
  const record = user ? readCredentials(call.services, user) : undefined;

  let salt: string;
  let userIdForSrp: string;
  let start;
  if (user && record) {
    salt = record.salt;
    userIdForSrp = user.username;
    start = startSrp(Buffer.from(record.verifier, 'hex'));
  } else {
    // A user without a password is simulated like an unknown one, under their real user id.
    const fake = candidate.unknown ?? await deriveUnknownUser(call.services, call.pool, user!.username);
    salt = fake.salt.toString('hex');
    userIdForSrp = user?.username ?? fake.userIdForSrp;
    start = fakeB();
  }
  const SECRET_BLOCK = sealSecretBlock(call, {
    userId: user?.id ?? null, userIdForSrp, username, srpA,
    b: start.b.toString('base64'), B: start.B.toString('base64'), issuedAt: call.services.clock.now(),
    ...(custom ? { custom: true as const, nonce: custom.nonce } : {}),
  });
  return { SALT: salt, SRP_B: start.srpBHex, SECRET_BLOCK, USER_ID_FOR_SRP: userIdForSrp, USERNAME: userIdForSrp };
}

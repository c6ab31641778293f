/**
 * The device challenges (issued by steps/device.ts), the SRP of amazon-cognito-identity-js's
 * getDeviceResponse: SRP-6a with the device's group key as the "pool name", its device key as
 * the user id, and the verifier and salt ConfirmDevice stored. DEVICE_SRP_AUTH (the client's
 * A) spends its session and answers DEVICE_PASSWORD_VERIFIER (SALT, SRP_B, SECRET_BLOCK) with a
 * new session; the SECRET_BLOCK is the SRP state (A, b, B) sealed for this pool and client with
 * the id the session names (a Session may hold 2,048 characters, A alone up to 768). Its answer
 * (the signature over group key, device key, SECRET_BLOCK and TIMESTAMP) spends that session
 * together with the device's sign-in record and the tokens, in one transaction: of identical
 * concurrent answers one commits.
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../../../errors.ts';
import { deviceNotFound, requireDevice } from '../../devices/tracking.ts';
import { parseSrpA, parseSrpTimestamp, SrpError, startSrp, TIMESTAMP_FORMAT_MESSAGE, verifyPasswordClaim } from '../../srp/index.ts';
import { sessionUser } from './session-user.ts';
import { requireParameter, type AuthCall, type AuthStep, type ParameterMap } from '../call.ts';
import { nextStep } from '../next-step.ts';
import { issueSession, openSession, spendOnce, type ChallengeSession } from '../session.ts';


interface DeviceBlock { id: string; srpA: string; b: string; B: string }

const blockContext = (call: AuthCall) => `device-secret-block:${call.pool.id}:${call.client.id}`;

function sealBlock(call: AuthCall, block: DeviceBlock): string {
  return Buffer.from(call.services.vault.seal(JSON.stringify(block), blockContext(call)), 'utf8').toString('base64');
}

/** The block this server sealed for this client and for `session`; undefined for anything else. */
function openBlock(call: AuthCall, session: ChallengeSession, secretBlock: string): DeviceBlock | undefined {
  try {
    const block = JSON.parse(call.services.vault.openString(Buffer.from(secretBlock, 'base64').toString('utf8'), blockContext(call))) as DeviceBlock;
    return session.deviceBlock !== undefined && block.id === session.deviceBlock ? block : undefined;
  } catch {
    return undefined;
  }
}

const incorrectSecret = () => errors.notAuthorized('Incorrect username or password.');

/** DEVICE_KEY of the answer: the device the session was issued for. */
function sessionDevice(session: ChallengeSession, responses: ParameterMap): string {
  const deviceKey = requireParameter(responses, 'DEVICE_KEY');
  if (deviceKey !== session.deviceKey) throw deviceNotFound();
  return deviceKey;
}

export async function answerDeviceSrpAuth(call: AuthCall, responses: ParameterMap, sealed: string | undefined): Promise<AuthStep> {
  const { store, clock } = call.services;
  const now = clock.now();
  const session = openSession(call, sealed, 'DEVICE_SRP_AUTH', now);
  const user = await sessionUser(call, session, responses);
  const deviceKey = sessionDevice(session, responses);
  const srpA = requireParameter(responses, 'SRP_A');
  try {
    parseSrpA(srpA);
  } catch (e) {
    if (e instanceof SrpError) throw errors.invalidParameter(e.message);
    throw e;
  }
  const device = await requireDevice(store, user, deviceKey);
  const start = startSrp(Buffer.from(device.verifier!, 'hex'));
  const deviceBlock = randomUUID();
  const SECRET_BLOCK = sealBlock(call, { id: deviceBlock, srpA, b: start.b.toString('base64'), B: start.B.toString('base64') });
  await spendOnce(store, session.nonce, session.expiresAt);
  return {
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    Session: issueSession(call, 'DEVICE_PASSWORD_VERIFIER', user.id, now, { deviceKey, deviceBlock }),
    ChallengeParameters: { SALT: device.salt!, SRP_B: start.srpBHex, SECRET_BLOCK, USERNAME: user.username, DEVICE_KEY: deviceKey },
  };
}


export async function answerDevicePasswordVerifier(call: AuthCall, responses: ParameterMap, sealed: string | undefined): Promise<AuthStep> {
  const { store, clock } = call.services;
  const now = clock.now();
  const session = openSession(call, sealed, 'DEVICE_PASSWORD_VERIFIER', now);
  const user = await sessionUser(call, session, responses);
  const deviceKey = sessionDevice(session, responses);
  const secretBlock = requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const signature = requireParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestamp = requireParameter(responses, 'TIMESTAMP');
  if (parseSrpTimestamp(timestamp) === null) throw errors.invalidParameter(TIMESTAMP_FORMAT_MESSAGE);
  const device = await requireDevice(store, user, deviceKey);
  const srp = openBlock(call, session, secretBlock);
  const proven = srp !== undefined && verifyPasswordClaim({
    poolName: device.groupKey,
    userIdForSrp: device.deviceKey,
    srpAHex: srp.srpA,
    b: Buffer.from(srp.b, 'base64'),
    B: Buffer.from(srp.B, 'base64'),
    verifier: Buffer.from(device.verifier!, 'hex'),
    secretBlock: Buffer.from(secretBlock, 'base64'),
    timestamp,
    signatureB64: signature,
  });
  if (!proven) {
    // The session is spent whatever the outcome.
    await spendOnce(store, session.nonce, session.expiresAt);
    throw incorrectSecret();
  }
  return nextStep(call, {
    user, now, after: 'device', deviceKey, source: 'AuthenticateDevice',
    writes: async (tx) => {
      await spendOnce(tx, session.nonce, session.expiresAt);
      // Forgotten since the challenge: refused, under the row's lock against a concurrent ForgetDevice.
      if (!(await tx.devices.touch(deviceKey, now, call.sourceIp ?? null))) throw deviceNotFound();
    },
  });
}

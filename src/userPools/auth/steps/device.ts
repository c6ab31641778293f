/**
 * The device step, between MFA and the tokens (devices/tracking.ts). A pool without a
 * DeviceConfiguration tracks no devices: the step passes and the tokens name no device. A
 * sign-in naming a remembered device of its user gets DEVICE_SRP_AUTH (its answers,
 * challenges/device.ts, resume after this step), unless it has just answered an MFA challenge
 * (identity-js answers a DEVICE_SRP_AUTH that follows an MFA answer with the MFA answer's spent
 * Session); a confirmed device not challenged is recorded as used and named by the tokens. One
 * naming no device gets a new device key,
 * written unconfirmed in the step's transaction and answered as NewDeviceMetadata with the
 * tokens (which then carry `device_key`). A remembered device stands in for MFA when the pool's
 * ChallengeRequiredOnNewDevice is set: the MFA steps pass (`unlessDeviceReplacesMfa`), and the
 * device challenge follows.
 */
import { deviceConfiguration, deviceNotFound, newDeviceKey, newGroupKey, replacesMfa, requireDevice } from '../../devices/tracking.ts';
import type { DeviceRow } from '../../devices/store.ts';
import type { Repos } from '../../../storage/store.ts';
import type { AuthCall } from '../call.ts';
import type { Progress, Step } from '../next-step.ts';
import { issueSession } from '../session.ts';

/** The confirmed device the sign-in names, when the pool tracks devices; refused when unknown. */
async function namedDevice(tx: Repos, call: AuthCall, progress: Progress): Promise<DeviceRow | undefined> {
  if (!deviceConfiguration(call.pool) || progress.deviceKey === undefined) return undefined;
  progress.device ??= await requireDevice(tx, progress.user, progress.deviceKey);
  return progress.device;
}

/** An MFA step that passes when the device the sign-in names replaces MFA. */
export const unlessDeviceReplacesMfa = (step: Step): Step => async (tx, call, progress) => {
  if (replacesMfa(call.pool, await namedDevice(tx, call, progress))) return undefined;
  return step(tx, call, progress);
};

export const deviceStep: Step = async (tx, call, progress) => {
  if (!deviceConfiguration(call.pool)) {
    progress.deviceKey = undefined;
    return undefined;
  }
  const { user, now } = progress;
  const device = await namedDevice(tx, call, progress);
  if (device && (device.status !== 'remembered' || progress.after === 'mfa')) {
    if (!(await tx.devices.touch(device.deviceKey, now, call.sourceIp ?? null))) throw deviceNotFound();
    return undefined;
  }
  if (device) {
    return {
      challenge: {
        ChallengeName: 'DEVICE_SRP_AUTH',
        Session: issueSession(call, 'DEVICE_SRP_AUTH', user.id, now, { deviceKey: device.deviceKey }),
        ChallengeParameters: {},
      },
    };
  }
  const DeviceKey = newDeviceKey(call.pool.id);
  const DeviceGroupKey = newGroupKey();
  // Confirmed with an access token of this sign-in, or never: it lapses with that token.
  await tx.devices.insertPending({
    deviceKey: DeviceKey, poolId: call.pool.id, userId: user.id, groupKey: DeviceGroupKey, verifier: null, salt: null,
    name: null, status: null, lastAuthenticatedAt: now, lastIp: call.sourceIp ?? null, createdAt: now, modifiedAt: now,
    expiresAt: now + call.client.accessTokenValiditySeconds * 1000,
  });
  progress.deviceKey = DeviceKey;
  progress.newDevice = { DeviceKey, DeviceGroupKey };
  return undefined;
};

/**
 * Device tracking: the pool's DeviceConfiguration, new device keys, and which device a sign-in
 * names. A pool tracks devices when it has a DeviceConfiguration. A sign-in that names no
 * device (no DEVICE_KEY) gets a new one, unconfirmed until ConfirmDevice; one that names a
 * confirmed device of its user is challenged with DEVICE_SRP_AUTH; one that names any other
 * key is refused (ResourceNotFoundException, whose message names the device: identity-js and
 * Amplify then forget the key and retry without it).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DeviceConfigurationType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import type { PoolView } from '../pools/pool-config.ts';
import type { UserRow } from '../users/store.ts';
import type { DeviceRow } from './store.ts';

export const deviceNotFound = () => errors.resourceNotFound('Device does not exist.');

/** The pool's DeviceConfiguration, when it tracks devices. */
export const deviceConfiguration = (pool: PoolView): DeviceConfigurationType | undefined => pool.config.DeviceConfiguration;

/** `<region>_<uuid>`, the region being the pool's. */
export const newDeviceKey = (poolId: string): string => `${poolId.slice(0, poolId.indexOf('_'))}_${randomUUID()}`;

/** A device's group key: SRP's "pool name" for its device SRP. */
export const newGroupKey = (): string => `-${randomBytes(6).toString('base64url')}`;

/** The user's confirmed device `deviceKey`, or ResourceNotFoundException. */
export async function requireDevice(repos: Repos, user: Pick<UserRow, 'id'>, deviceKey: string): Promise<DeviceRow> {
  const device = await repos.devices.get(deviceKey);
  if (!device || device.userId !== user.id || device.verifier === null) throw deviceNotFound();
  return device;
}

/** A remembered device stands in for MFA when the pool says so (ChallengeRequiredOnNewDevice). */
export const replacesMfa = (pool: PoolView, device: DeviceRow | undefined): boolean =>
  device?.status === 'remembered' && deviceConfiguration(pool)?.ChallengeRequiredOnNewDevice === true;

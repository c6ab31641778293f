/**
 * What the device operations share: the user they act for (an access token's, or an admin's
 * named user), a page of devices, the status update and the forgetting.
 */
import type { DeviceType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import { authenticateUser } from '../self/access.ts';
import type { Services } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { ADMIN_SCOPE } from '../tokens/claims.ts';
import { findUser } from '../users/directory/lookup.ts';
import type { UserProfile } from '../users/store.ts';
import { deviceType } from './device-type.ts';
import type { DeviceStatus } from './store.ts';
import { deviceNotFound, requireDevice } from './tracking.ts';

/** GetDevice and ForgetDevice: the model leaves AccessToken optional, Cognito needs it. */
export async function tokenUser(services: Services, accessToken: string | undefined): Promise<UserProfile> {
  if (!accessToken) throw errors.invalidParameter('Missing required parameter AccessToken');
  return (await authenticateUser(services, accessToken, ADMIN_SCOPE)).user;
}

/** The admin operations' user; `notFound` is the error the operation declares for an unknown one. */
export async function adminUser(services: Services, poolId: string, username: string, notFound: () => Error): Promise<UserProfile> {
  const pool = await requirePool(services.store, poolId);
  const user = await findUser(services.store, pool, username);
  if (!user) throw notFound();
  return user;
}

export async function getDevice(services: Services, user: UserProfile, deviceKey: string): Promise<DeviceType> {
  return deviceType(await requireDevice(services.store, user, deviceKey), user, services.settings);
}

/** Cognito's largest page of devices. */
const MAX_DEVICES = 60;

export async function listDevices(
  services: Services, user: UserProfile, limit: number | undefined, token: string | undefined,
): Promise<{ Devices: DeviceType[]; PaginationToken?: string }> {
  let page;
  try {
    page = await services.store.devices.listOf(user.id, { limit: limit || MAX_DEVICES, ...(token ? { after: token } : {}) });
  } catch (e) {
    if (e instanceof Error && e.name === 'InvalidCursor') throw errors.invalidParameter('Invalid pagination token.');
    throw e;
  }
  return {
    Devices: page.items.map((d) => deviceType(d, user, services.settings)),
    ...(page.next ? { PaginationToken: page.next } : {}),
  };
}

export async function updateDeviceStatus(services: Services, user: UserProfile, deviceKey: string, status: DeviceStatus | undefined): Promise<void> {
  if (!status) throw errors.invalidParameter('Missing required parameter DeviceRememberedStatus');
  if (!(await services.store.devices.setStatus(deviceKey, user.id, status, services.clock.now()))) throw deviceNotFound();
}

/**
 * Forgets the user's device: its row goes, so the device challenge and every refresh token
 * issued to it (tokens/refresh.ts reads the row) are refused from this commit on.
 */
export async function forgetDevice(repos: Repos, user: UserProfile, deviceKey: string): Promise<void> {
  if (!(await repos.devices.delete(deviceKey, user.id))) throw deviceNotFound();
}

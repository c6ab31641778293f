/** A device as the device operations answer it (DeviceType). */
import type { DeviceType } from '@aws-sdk/client-cognito-identity-provider';
import type { Settings } from '../../config.ts';
import type { UserRow } from '../users/store.ts';
import type { DeviceRow } from './store.ts';

export function deviceType(device: DeviceRow, user: Pick<UserRow, 'username'>, settings: Pick<Settings, 'region' | 'accountId'>): DeviceType {
  const owner = `${user.username}.${device.poolId}`;
  const attributes: { Name: string; Value: string }[] = [{ Name: 'device_status', Value: 'valid' }];
  if (device.name !== null) attributes.push({ Name: 'device_name', Value: device.name });
  attributes.push(
    { Name: 'dev:device_arn', Value: `arn:aws:cognito-idp:${settings.region}:${settings.accountId}:owner/${owner}/device/${device.deviceKey}` },
    { Name: 'dev:device_owner', Value: owner },
  );
  if (device.lastIp !== null) attributes.push({ Name: 'last_ip_used', Value: device.lastIp });
  attributes.push({ Name: 'dev:device_remembered_status', Value: device.status ?? 'not_remembered' });
  return {
    DeviceKey: device.deviceKey,
    DeviceAttributes: attributes,
    DeviceCreateDate: new Date(device.createdAt),
    DeviceLastModifiedDate: new Date(device.modifiedAt),
    ...(device.lastAuthenticatedAt !== null ? { DeviceLastAuthenticatedDate: new Date(device.lastAuthenticatedAt) } : {}),
  };
}

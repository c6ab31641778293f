/** Device operations: ConfirmDevice and the device listings, status updates and forgetting. */
import type { Handlers, UserHandlers } from '../context.ts';
import { adminForgetDevice } from './admin-forget-device.ts';
import { adminGetDevice } from './admin-get-device.ts';
import { adminListDevices } from './admin-list-devices.ts';
import { adminUpdateDeviceStatus } from './admin-update-device-status.ts';
import { confirmDevice } from './confirm-device.ts';
import { forgetDevice } from './forget-device.ts';
import { getDevice } from './get-device.ts';
import { listDevices } from './list-devices.ts';
import { updateDeviceStatus } from './update-device-status.ts';

/** GetDevice and ForgetDevice, whose model leaves AccessToken optional, authenticate it themselves. */
export const deviceHandlers: Handlers = {
  GetDevice: getDevice,
  ForgetDevice: forgetDevice,
  AdminGetDevice: adminGetDevice,
  AdminListDevices: adminListDevices,
  AdminForgetDevice: adminForgetDevice,
  AdminUpdateDeviceStatus: adminUpdateDeviceStatus,
};

export const deviceUserHandlers: UserHandlers = {
  ConfirmDevice: confirmDevice,
  ListDevices: listDevices,
  UpdateDeviceStatus: updateDeviceStatus,
};

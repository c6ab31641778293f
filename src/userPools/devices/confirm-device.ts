/**
 * ConfirmDevice: the client's SRP verifier and salt for the device a sign-in of this user was
 * issued (NewDeviceMetadata), kept for DEVICE_SRP_AUTH. Remembered at once, unless the pool's
 * DeviceOnlyRememberedOnUserPrompt leaves it to UpdateDeviceStatus (UserConfirmationNecessary).
 * One conditional update: of concurrent confirmations one succeeds.
 */
import { errors } from '../../errors.ts';
import type { UserHandler } from '../context.ts';
import { isAcceptableVerifier } from '../srp/index.ts';
import { deviceConfiguration, deviceNotFound } from './tracking.ts';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function bytesOf(value: string | undefined, name: string): Buffer {
  if (!value || !BASE64.test(value)) throw errors.invalidParameter(`Invalid ${name}.`);
  return Buffer.from(value, 'base64');
}

export const confirmDevice: UserHandler<'ConfirmDevice'> = async (input, ctx) => {
  const { services, caller } = ctx;
  const config = deviceConfiguration(caller.pool);
  const device = await services.store.devices.get(input.DeviceKey);
  if (!config || !device || device.userId !== caller.user.id) throw deviceNotFound();
  const verifierConfig = input.DeviceSecretVerifierConfig;
  const verifier = bytesOf(verifierConfig?.PasswordVerifier, 'PasswordVerifier');
  const salt = bytesOf(verifierConfig?.Salt, 'Salt');
  if (!isAcceptableVerifier(verifier)) throw errors.invalidParameter('Invalid PasswordVerifier.');
  const promptFirst = config.DeviceOnlyRememberedOnUserPrompt === true;
  const now = services.clock.now();
  const confirmed = await services.store.devices.confirm(input.DeviceKey, caller.user.id, {
    verifier: verifier.toString('hex'), salt: salt.toString('hex'), name: input.DeviceName ?? null,
    status: promptFirst ? 'not_remembered' : 'remembered',
  }, now);
  if (!confirmed) {
    if (device.verifier !== null || (await services.store.devices.get(input.DeviceKey))?.verifier) {
      throw errors.deviceKeyExists('Device key already exists.');
    }
    throw deviceNotFound();
  }
  return { UserConfirmationNecessary: promptFirst };
};

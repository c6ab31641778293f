import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { sanitizeCss } from './css.ts';
import { logoContentType } from './logo.ts';
import { describeCustomization, target } from './ui-customization.ts';

export const setUICustomization: Handler<'SetUICustomization'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const clientId = await target(store, input.UserPoolId, input.ClientId);
  if ((await store.domains.forPool(input.UserPoolId)).length === 0) {
    throw errors.invalidParameter('The user pool must have a domain before its hosted UI is customized.');
  }
  // Blobs arrive base64-encoded in the JSON body (validation checked the encoding).
  const image = input.ImageFile as unknown as string | undefined;
  if (image) logoContentType(Buffer.from(image, 'base64'));
  const now = clock.now();
  const row = await store.uiCustomizations.put({
    poolId: input.UserPoolId, clientId, css: input.CSS === undefined ? null : sanitizeCss(input.CSS),
    imageFile: image ? image : null, createdAt: now, updatedAt: now,
  });
  return { UICustomization: describeCustomization(input.UserPoolId, clientId, row) };
};

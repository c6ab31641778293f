/**
 * SetUserSettings / AdminSetUserSettings, the legacy form that only ever configured SMS MFA:
 * MFAOptions `[{DeliveryMedium: "SMS", AttributeName: "phone_number"}]` turns SMS MFA on, an
 * empty list turns it off (amazon-cognito-identity-js's enableMFA / disableMFA send these).
 */
import type { MFAOptionType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { Services } from '../context.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { changeUser } from '../users/directory/save.ts';
import { applySetting } from './preferences.ts';

export async function setUserSettings(services: Services, pool: PoolView, userId: string, options: MFAOptionType[]): Promise<void> {
  for (const o of options) {
    if (o.DeliveryMedium !== 'SMS' || (o.AttributeName !== undefined && o.AttributeName !== 'phone_number')) {
      throw errors.invalidParameter('Only SMS MFA to phone_number can be configured through MFAOptions.');
    }
  }
  const enabled = options.length > 0;
  const { store, clock } = services;
  await store.transaction((tx) => changeUser(tx, pool, userId, (current) => {
    if (enabled && !current.attributes.phone_number) throw errors.invalidParameter('User does not have delivery config set to turn on SMS_MFA');
    return { ...current, state: applySetting(current.state, 'SMS_MFA', { enabled }), updatedAt: clock.now() };
  }));
}

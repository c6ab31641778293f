import type { Handler } from '../context.ts';
import { requirePool } from './load.ts';
import { describeMfaConfig } from './mfa-config.ts';

export const getUserPoolMfaConfig: Handler<'GetUserPoolMfaConfig'> = async (input, ctx) =>
  describeMfaConfig(await requirePool(ctx.services.store, input.UserPoolId));

import type { GetUserPoolMfaConfigRequest, GetUserPoolMfaConfigResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Handler } from '../context.ts';
import { requirePool } from './load.ts';
import { describeMfaConfig } from './mfa-config.ts';

export const getUserPoolMfaConfig: Handler<GetUserPoolMfaConfigRequest, GetUserPoolMfaConfigResponse> = async (input, ctx) =>
  describeMfaConfig(await requirePool(ctx.services.store, input.UserPoolId!));

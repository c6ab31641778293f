import type { InitiateAuthRequest, InitiateAuthResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Handler } from '../context.ts';
import { publicCall } from './call.ts';
import { runAuthFlow } from './flows/index.ts';

export const initiateAuth: Handler<InitiateAuthRequest, InitiateAuthResponse> = async (input, ctx) =>
  runAuthFlow(await publicCall(ctx, input.ClientId!), input.AuthFlow!, input.AuthParameters ?? {});

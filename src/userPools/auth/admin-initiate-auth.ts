import type { Handler } from '../context.ts';
import { adminCall } from './call.ts';
import { runAuthFlow } from './flows/index.ts';

export const adminInitiateAuth: Handler<'AdminInitiateAuth'> = async (input, ctx) =>
  runAuthFlow(await adminCall(ctx, input.UserPoolId, input.ClientId, input.ClientMetadata), input.AuthFlow, input.AuthParameters ?? {}, input.Session);

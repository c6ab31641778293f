import type { Handler } from '../context.ts';
import { publicCall } from './call.ts';
import { runAuthFlow } from './flows/index.ts';

export const initiateAuth: Handler<'InitiateAuth'> = async (input, ctx) =>
  runAuthFlow(await publicCall(ctx, input.ClientId, input.ClientMetadata), input.AuthFlow, input.AuthParameters ?? {}, input.Session);

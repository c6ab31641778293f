import type { Handler } from '../context.ts';
import { adminCall } from './call.ts';
import { answerChallenge } from './challenges/index.ts';

export const adminRespondToAuthChallenge: Handler<'AdminRespondToAuthChallenge'> = async (input, ctx) =>
  answerChallenge({ ...await adminCall(ctx, input.UserPoolId, input.ClientId), clientMetadata: input.ClientMetadata }, input.ChallengeName, input.ChallengeResponses ?? {}, input.Session);

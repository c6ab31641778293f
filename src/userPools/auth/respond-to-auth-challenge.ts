import type { Handler } from '../context.ts';
import { publicCall } from './call.ts';
import { answerChallenge } from './challenges/index.ts';

export const respondToAuthChallenge: Handler<'RespondToAuthChallenge'> = async (input, ctx) =>
  answerChallenge({ ...await publicCall(ctx, input.ClientId), clientMetadata: input.ClientMetadata }, input.ChallengeName, input.ChallengeResponses ?? {}, input.Session);

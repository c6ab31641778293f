import type { RespondToAuthChallengeRequest, RespondToAuthChallengeResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Handler } from '../context.ts';
import { publicCall } from './call.ts';
import { answerChallenge } from './challenges/index.ts';

export const respondToAuthChallenge: Handler<RespondToAuthChallengeRequest, RespondToAuthChallengeResponse> = async (input, ctx) =>
  answerChallenge(await publicCall(ctx, input.ClientId!), input.ChallengeName!, input.ChallengeResponses ?? {}, input.Session);

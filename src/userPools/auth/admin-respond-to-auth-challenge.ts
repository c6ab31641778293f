import type { AdminRespondToAuthChallengeRequest, AdminRespondToAuthChallengeResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Handler } from '../context.ts';
import { adminCall } from './call.ts';
import { answerChallenge } from './challenges/index.ts';

export const adminRespondToAuthChallenge: Handler<AdminRespondToAuthChallengeRequest, AdminRespondToAuthChallengeResponse> = async (input, ctx) =>
  answerChallenge(await adminCall(ctx, input.UserPoolId!, input.ClientId!), input.ChallengeName!, input.ChallengeResponses ?? {}, input.Session);

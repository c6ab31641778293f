/** InitiateAuth / AdminInitiateAuth: each AuthFlow, gated by the client's ExplicitAuthFlows. */
import type { AuthFlowType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../../errors.ts';
import type { AuthCall, AuthStep, ParameterMap } from '../call.ts';
import { customAuth } from './custom-auth.ts';
import { refreshTokenAuth } from './refresh-token-auth.ts';
import { userAuth } from './user-auth.ts';
import { userPasswordAuth } from './user-password-auth.ts';
import { userSrpAuth } from './user-srp-auth.ts';

/** `session`: InitiateAuth's Session (USER_AUTH after ConfirmSignUp; the other flows take none). */
type Flow = (call: AuthCall, parameters: ParameterMap, session?: string) => Promise<AuthStep>;

const FLOWS: Partial<Record<AuthFlowType, Flow>> = {
  USER_SRP_AUTH: userSrpAuth,
  USER_PASSWORD_AUTH: userPasswordAuth,
  ADMIN_USER_PASSWORD_AUTH: userPasswordAuth,
  ADMIN_NO_SRP_AUTH: userPasswordAuth,
  REFRESH_TOKEN_AUTH: refreshTokenAuth,
  REFRESH_TOKEN: refreshTokenAuth,
  USER_AUTH: userAuth,
  CUSTOM_AUTH: customAuth,
};

/** Flows only an IAM-signed caller may run. */
const ADMIN_FLOWS: ReadonlySet<AuthFlowType> = new Set(['ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH']);

/** The flows AdminInitiateAuth's API reference lists (USER_PASSWORD_AUTH is InitiateAuth's alone). */
const ADMIN_API_FLOWS: ReadonlySet<AuthFlowType> = new Set([
  ...ADMIN_FLOWS, 'USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'USER_AUTH',
]);

export async function runAuthFlow(call: AuthCall, flow: AuthFlowType, parameters: ParameterMap, session?: string): Promise<AuthStep> {
  if (call.admin ? !ADMIN_API_FLOWS.has(flow) : ADMIN_FLOWS.has(flow)) throw errors.invalidParameter('Initiate Auth method not supported.');
  if (!call.client.allowsAuthFlow(flow)) throw errors.invalidParameter(`${flow} flow not enabled for this client`);
  const run = FLOWS[flow];
  if (!run) throw errors.invalidParameter(`${flow} flow is not supported by this server.`);
  return run(call, parameters, flow === 'USER_AUTH' ? session : undefined);
}

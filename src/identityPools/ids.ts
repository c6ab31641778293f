/** Identifiers of identity pools, in Cognito's formats. */
import { randomUUID } from 'node:crypto';

/** `<region>:<uuid>` (Amplify reads the region back from the part before the colon). */
export const newIdentityPoolId = (region: string): string => `${region}:${randomUUID()}`;
export const newIdentityId = (region: string): string => `${region}:${randomUUID()}`;

export const identityPoolArn = (region: string, accountId: string, poolId: string): string =>
  `arn:aws:cognito-identity:${region}:${accountId}:identitypool/${poolId}`;

/** The pool id an identity pool ARN names, or undefined when it is not one of this server's. */
export function poolIdOfArn(arn: string, region: string, accountId: string): string | undefined {
  const prefix = `arn:aws:cognito-identity:${region}:${accountId}:identitypool/`;
  return arn.startsWith(prefix) ? arn.slice(prefix.length) : undefined;
}

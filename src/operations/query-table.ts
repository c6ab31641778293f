/**
 * The AWS Query operation tables (STS, IAM): `Action` → how it is authenticated and its handler,
 * which reads the form parameters and returns its `<Action>Result` element's content (undefined
 * for actions that answer none). The aws-query surface finds the service by `Version`.
 */
import type { TemporaryCredentialRow } from '../iam/store.ts';
import type { Services } from '../kernel/context.ts';

/** Who signed: the server's access keys, temporary credentials STS issued, or nobody. */
export type QueryCaller =
  | { kind: 'iam'; accountId: string; accessKeyId: string }
  | { kind: 'session'; accessKeyId: string; row: TemporaryCredentialRow }
  | { kind: 'anonymous' };

export interface QueryContext {
  services: Services;
  caller: QueryCaller;
  requestId: string;
  sourceIp: string;
}

export interface QueryOperation {
  /** `none`: unsigned (AssumeRoleWithWebIdentity); `sigv4`: the server's keys; `sigv4-session`: those or issued credentials. */
  auth: 'none' | 'sigv4' | 'sigv4-session';
  handle(params: URLSearchParams, ctx: QueryContext): Promise<string | undefined>;
}

export interface QueryService {
  /** The SigV4 signing name (credential scope). */
  signingName: 'sts' | 'iam';
  version: string;
  /** The XML namespace of answers and errors. */
  namespace: string;
  /** Check the credential scope's region against the server's (IAM is global: any). */
  regional: boolean;
  operations: Readonly<Record<string, QueryOperation>>;
}

/**
 * An operation table: for each X-Amz-Target operation, how the caller authenticates and which
 * domain function answers. Auth modes come from the AWS model (SigV4 unless the model marks
 * the operation unsigned), except where the table declares that an unsigned operation takes an
 * access token: the dispatcher then authenticates it (with the scope declared) before the
 * handler, which receives a `user` caller. Input constraints are checked from the same model
 * before the handler.
 *
 * Declarations are typed against the generated operation map (protocol/operation-types.ts): a
 * handler registered under another operation's name, or a user handler without its access
 * token, does not compile.
 */
import type { CognitoIdpOperation } from '../protocol/operation-types.ts';
import { getOperation, getShape, type AuthKind, type ServiceName } from '../protocol/catalog.ts';
import type { IdentityHandlers } from '../identityPools/context.ts';
import type { AnyHandler, Handler, UserHandler, UserHandlers } from '../userPools/context.ts';

type OperationEntry = {
  name: string;
  service: ServiceName;
  handler: AnyHandler;
} & ({ auth: AuthKind } | { auth: 'accessToken'; scope: string });

export interface OperationTable {
  service: ServiceName;
  operations: ReadonlyMap<string, OperationEntry>;
}

/** An access-token operation's declaration: the scope its token needs, and its user handler. */
interface AccessTokenEntry<Op extends CognitoIdpOperation> {
  readonly accessToken: { readonly scope: string };
  readonly handler: UserHandler<Op>;
}

/** A table's declarations: per operation, its handler, or an access-token declaration. */
export type Declarations = {
  readonly [Op in CognitoIdpOperation]?: Handler<Op> | AccessTokenEntry<Op>;
};

/** Declares every handler of `handlers` as an access-token operation needing `scope`. */
export function requireAccessToken(scope: string, handlers: UserHandlers): Declarations {
  const declared: Record<string, { accessToken: { scope: string }; handler: unknown }> = {};
  for (const [name, handler] of Object.entries(handlers)) declared[name] = { accessToken: { scope }, handler };
  // Each entry keeps the handler of its own name, so the mapped type holds.
  return declared as Declarations;
}

export function buildTable(service: ServiceName, declarations: Declarations | IdentityHandlers): OperationTable {
  const table = new Map<string, OperationEntry>();
  for (const [name, declared] of Object.entries(declarations) as [string, Declarations[CognitoIdpOperation]][]) {
    const spec = getOperation(service, name);
    if (!spec) throw new Error(`operation table for ${service} names ${name}, which the model does not have`);
    if (declared === undefined) continue;
    if (typeof declared === 'function') {
      table.set(name, { name, service, auth: spec.auth, handler: declared as AnyHandler });
      continue;
    }
    // An access token stands in for a signature only where the model lets the operation go
    // unsigned, and it comes in the input's (required) AccessToken member.
    const input = spec.input ? getShape(service, spec.input) : undefined;
    if (spec.auth !== 'none' || input?.type !== 'structure' || !input.members['AccessToken']?.required) {
      throw new Error(`${service} ${name}: an access-token operation must be unsigned and require AccessToken`);
    }
    table.set(name, {
      name, service, auth: 'accessToken', scope: declared.accessToken.scope, handler: declared.handler as AnyHandler,
    });
  }
  return { service, operations: table };
}

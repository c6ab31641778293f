/**
 * User-pool handlers' types over the kernel's context (kernel/context.ts: Services,
 * OperationContext, Caller). Handlers are plain async functions of (input, context): no HTTP types reach them.
 */
import type { OperationContext, TokenUser } from '../kernel/context.ts';
import type { CognitoIdpOperation, CognitoIdpOperations } from '../protocol/operation-types.ts';
import type { UserProfile } from './users/store.ts';
import type { PoolView } from './pools/pool-config.ts';

export type { AnyHandler, Caller, Clock, DomainSettings, OperationContext, Services } from '../kernel/context.ts';
export { systemClock } from '../kernel/context.ts';

/** A signed-in user of a user pool, authenticated by the access token of an access-token operation. */
export interface UserCaller extends TokenUser {
  pool: PoolView;
  /** The user as read when the token was checked, without its credentials (re-read them when needed). */
  user: UserProfile;
}

/** Operation `Op`'s input as a handler receives it (the model's required members present). */
export type InputOf<Op extends CognitoIdpOperation> = CognitoIdpOperations[Op]['input'];
export type OutputOf<Op extends CognitoIdpOperation> = CognitoIdpOperations[Op]['output'];

/**
 * The handler of user-pool operation `Op`, typed by the generated operation map: its input has
 * the members the model requires (validated before the call). `operation` is a type-level tag
 * only, so that a handler registered under another operation's name does not compile.
 */
export type Handler<Op extends CognitoIdpOperation> =
  ((input: InputOf<Op>, ctx: OperationContext) => Promise<OutputOf<Op>>) & { readonly operation?: Op };

/** The handler of an access-token operation: it runs only for an authenticated user. */
export type UserHandler<Op extends CognitoIdpOperation> =
  ((input: InputOf<Op>, ctx: OperationContext<UserCaller>) => Promise<OutputOf<Op>>) & { readonly operation?: Op };


/** Handlers by operation name: a handler under another operation's name does not compile. */
export type Handlers = { readonly [Op in CognitoIdpOperation]?: Handler<Op> };

/** Access-token operations' handlers by operation name. */
export type UserHandlers = { readonly [Op in CognitoIdpOperation]?: UserHandler<Op> };

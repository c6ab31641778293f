/**
 * Identity-pool handlers' types over the kernel's context: plain async functions of
 * (input, context), typed by the generated operation map (protocol/operation-types.ts), so that
 * a handler registered under another operation's name does not compile.
 */
import type { OperationContext } from '../kernel/context.ts';
import type { CognitoIdentityOperation, CognitoIdentityOperations } from '../protocol/operation-types.ts';

export type { OperationContext, Services } from '../kernel/context.ts';

export type IdentityInputOf<Op extends CognitoIdentityOperation> = CognitoIdentityOperations[Op]['input'];
export type IdentityOutputOf<Op extends CognitoIdentityOperation> = CognitoIdentityOperations[Op]['output'];

export type IdentityHandler<Op extends CognitoIdentityOperation> =
  ((input: IdentityInputOf<Op>, ctx: OperationContext) => Promise<IdentityOutputOf<Op>>) & { readonly operation?: Op };

export type IdentityHandlers = { readonly [Op in CognitoIdentityOperation]?: IdentityHandler<Op> };

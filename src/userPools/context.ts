/**
 * What an operation handler receives: the few services it may use and who is calling.
 * Handlers are plain async functions of (input, context): no HTTP types reach them.
 */
import type { Logger } from 'pino';
import type { KeyVault } from '../crypto/key-vault.ts';
import type { CognitoIdpOperation, CognitoIdpOperations } from '../protocol/operation-types.ts';
import type { Store } from '../storage/store.ts';
import type { UserRow } from './users/store.ts';
import type { PoolView } from './pools/pool-config.ts';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The slice of settings the domain needs. */
export interface DomainSettings {
  region: string;
  accountId: string;
  /** Base URL this server is reached at (issuer, discovery). */
  publicUrl: string;
  issuerStyle: 'url' | 'cognito';
  dev: boolean;
  /** Development only: every code sent is this value. */
  devFixedCode?: string | undefined;
}

export interface Services {
  store: Store;
  vault: KeyVault;
  clock: Clock;
  settings: DomainSettings;
  log: Logger;
  /** Wakes the message sender after a transaction queued messages. */
  notifyOutbox(): void;
}

/** A signed-in user, authenticated by the access token of an access-token operation. */
export interface UserCaller {
  kind: 'user';
  /** The user's `sub` (= the user's id). */
  sub: string;
  username: string;
  pool: PoolView;
  /** The user's row as read when the token was checked. */
  user: UserRow;
  /** The app client the token was issued to. */
  clientId: string;
  /** The access token's claims. */
  claims: Readonly<Record<string, unknown>>;
}

/** Who calls: an IAM signer (SigV4), a user (access token), or nobody in particular (public). */
export type Caller =
  | { kind: 'iam'; accountId: string; accessKeyId: string }
  | UserCaller
  | { kind: 'anonymous' };

export interface OperationContext<C extends Caller = Caller> {
  services: Services;
  caller: C;
  requestId: string;
  sourceIp: string;
  userAgent: string;
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

/** A handler of some operation, as the dispatcher holds it (the input has passed validation). */
export type AnyHandler = (input: any, ctx: OperationContext) => Promise<unknown>;

/** Handlers by operation name: a handler under another operation's name does not compile. */
export type Handlers = { readonly [Op in CognitoIdpOperation]?: Handler<Op> };

/** Access-token operations' handlers by operation name. */
export type UserHandlers = { readonly [Op in CognitoIdpOperation]?: UserHandler<Op> };

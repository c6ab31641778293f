/**
 * What an operation handler receives: the few services it may use and who is calling.
 * Handlers are plain async functions of (input, context): no HTTP types reach them.
 */
import type { Logger } from 'pino';
import type { KeyVault } from '../crypto/key-vault.ts';
import type { Store } from '../storage/store.ts';

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

export type Caller =
  | { kind: 'iam'; accountId: string; accessKeyId: string }
  | { kind: 'anonymous' };

export interface OperationContext {
  services: Services;
  caller: Caller;
  requestId: string;
  sourceIp: string;
  userAgent: string;
}

export type Handler<I = any, O = unknown> = (input: I, ctx: OperationContext) => Promise<O>;

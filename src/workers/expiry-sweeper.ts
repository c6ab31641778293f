/**
 * The expiry sweeper: a background worker on every node that deletes what has run out: refresh
 * tokens, revocations whose tokens have all expired, used session nonces, one-time codes, rate
 * counters, lockout records after their quiet period, temporary credentials STS issued a day
 * after they expired (until then the verifier can say they expired), and messages a week after they finished. Requests then only ever write what
 * they must; the sweep costs one indexed delete per table a minute. Deleting is idempotent, so
 * several nodes sweeping at once is harmless. Nothing escapes the loop: failures are logged.
 */
import type { Logger } from 'pino';
import type { Store } from '../storage/store.ts';
import { QUIET_MS } from '../userPools/auth/lockout.ts';
import type { Clock } from '../kernel/context.ts';
import { NEVER } from './outbox-sender.ts';

const INTERVAL_MS = 60_000;
/** How long finished messages stay readable (`alcove messages`) before the sweeper deletes them. */
const MESSAGE_RETENTION_MS = 7 * 24 * 3600_000;
const REFRESH_TOKEN_BATCH = 5_000;
/** Expired credentials stay a day, so that a late request with them is told ExpiredToken. */
const CREDENTIAL_RETENTION_MS = 24 * 3600_000;

export async function sweepExpired(store: Store, now: number): Promise<void> {
  // Batches until done, so that a long-idle database is cleaned in one sweep without long locks.
  while ((await store.refreshTokens.purgeExpired(now, REFRESH_TOKEN_BATCH)) === REFRESH_TOKEN_BATCH) { /* next batch */ }
  await store.revocations.purgeExpired(now);
  await store.usedNonces.purgeExpired(now);
  await store.codes.purgeExpired(now);
  await store.counters.purgeExpired(now);
  await store.decoyCodes.purgeExpired(now);
  await store.authorizationCodes.purgeExpired(now);
  await store.hostedSessions.purgeExpired(now);
  await store.devices.purgeExpired(now);
  await store.signInFailures.purgeQuiet(now - QUIET_MS);
  await store.outbox.purgeFinished(now - MESSAGE_RETENTION_MS, NEVER);
  await store.temporaryCredentials.purgeExpired(now - CREDENTIAL_RETENTION_MS);
}

export class ExpirySweeper {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(private readonly deps: { store: Store; clock: Clock; log: Logger; intervalMs?: number }) {}

  start(): void {
    const interval = this.deps.intervalMs ?? INTERVAL_MS;
    // Jittered, so that the nodes of a cluster do not all sweep in the same second.
    this.#timer = setInterval(() => { this.#running ??= this.#sweep(); }, interval + Math.floor(Math.random() * interval / 10));
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  async #sweep(): Promise<void> {
    try {
      await sweepExpired(this.deps.store, this.deps.clock.now());
    } catch (err) {
      this.deps.log.warn({ err }, 'expiry sweep failed; the next one will try again');
    } finally {
      this.#running = undefined;
    }
  }
}

/**
 * The message sender: a background worker that delivers what the outbox holds. It claims due
 * rows (so that each message goes out from one node), hands them to their channel, and records
 * the outcome: sent, or failed and due again after an exponential backoff. After MAX_ATTEMPTS
 * it gives up and keeps the row with its last error. A message whose channel is not configured
 * stays in the outbox only (read it with `alcove messages`). Nothing here may throw out of the
 * loop: a failure is logged and the worker carries on.
 */
import type { Logger } from 'pino';
import type { OutboxMessage } from '../userPools/messages/store.ts';
import type { Store } from '../storage/store.ts';
import type { Clock } from '../kernel/context.ts';
import type { KeyVault } from '../crypto/key-vault.ts';
import { smsWebhookChannel, smtpChannel, type Channel } from '../adapters/channels.ts';
import { openMessage } from '../userPools/messages/outbox.ts';
import type { CustomSenderCall } from '../userPools/messages/custom-sender.ts';

/** `nextAttemptAt` of a message that will not be tried again (given up, or no channel). */
export const NEVER = Number.MAX_SAFE_INTEGER;
const MAX_ATTEMPTS = 12;
const POLL_MS = 1_000;
const BATCH = 20;
/** Longer than a send can take (channels time out sooner), so a claim never lapses mid-send. */
const LEASE_MS = 120_000;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 10 * 60_000;

const NO_CHANNEL_NOTE = {
  EMAIL: 'kept in the outbox only: no SMTP server is configured (smtpUrl)',
  SMS: 'kept in the outbox only: no SMS webhook is configured (smsWebhookUrl)',
} as const;

/** Wait before attempt n+1 after n failed ones: 1 s, 2 s, 4 s, ... capped at 10 min. */
const retryDelay = (attempts: number): number => Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);

interface SenderOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  /** Opens the sealed message bodies. */
  vault: KeyVault;
  /** Development mode logs the text of messages that no channel delivers (codes included). */
  dev: boolean;
  smtpUrl?: string | undefined;
  smtpFrom: string;
  smsWebhookUrl?: string | undefined;
  /**
   * Runs the pool's custom sender for a message queued with its call (messages/custom-sender.ts):
   * true when it ran (nothing else is sent), false when the pool has none any more; throws when
   * the function failed (tried again like a failed delivery). Called outside any transaction.
   */
  customSender?: ((message: OutboxMessage, call: CustomSenderCall) => Promise<boolean>) | undefined;
  /** Told the outcome of every delivery attempt, and of a message it cannot open (for the metrics). */
  onDelivery?: ((channel: OutboxMessage['channel'], outcome: DeliveryOutcome) => void) | undefined;
}

/** A delivery attempt: delivered, failed (to be tried again), or failed for the last time. */
export type DeliveryOutcome = 'sent' | 'failed' | 'gave_up';

export class MessageSender {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #vault: KeyVault;
  readonly #dev: boolean;
  readonly #channels: Partial<Record<OutboxMessage['channel'], Channel>>;
  readonly #onDelivery: NonNullable<SenderOptions['onDelivery']>;
  readonly #customSender: SenderOptions['customSender'];
  #running: Promise<void> | undefined;
  #stopped = false;
  /** Set when woken during a pass, so that the next wait is skipped. */
  #woken = false;
  #wakeUp: (() => void) | undefined;

  constructor(options: SenderOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#log = options.log.child({ worker: 'messages' });
    this.#vault = options.vault;
    this.#dev = options.dev;
    this.#onDelivery = options.onDelivery ?? (() => {});
    this.#customSender = options.customSender;
    this.#channels = {
      ...(options.smtpUrl ? { EMAIL: smtpChannel(options.smtpUrl, options.smtpFrom) } : {}),
      ...(options.smsWebhookUrl ? { SMS: smsWebhookChannel(options.smsWebhookUrl) } : {}),
    };
  }

  start(): void {
    if (this.#running) return;
    for (const channel of ['EMAIL', 'SMS'] as const) {
      const configured = this.#channels[channel];
      if (configured) this.#log.info({ channel, target: configured.target }, 'delivering messages');
      else this.#log.warn({ channel }, `${NO_CHANNEL_NOTE[channel]}; read them with \`alcove messages\``);
    }
    this.#running = this.#loop();
  }

  /** Asks for a pass now (a transaction just queued messages). */
  wake(): void {
    this.#woken = true;
    this.#wakeUp?.();
  }

  /** Finishes the pass in progress, then stops. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wakeUp?.();
    await this.#running;
    for (const channel of Object.values(this.#channels)) channel.close();
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      this.#woken = false;
      try {
        // A full batch means more may be due: keep going before waiting.
        let claimed: number;
        do claimed = await this.#pass();
        while (!this.#stopped && claimed === BATCH);
      } catch (e) {
        this.#log.error({ err: e }, 'message sender pass failed; retrying');
      }
      if (!this.#woken) await this.#sleep(POLL_MS);
    }
  }

  #sleep(ms: number): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wakeUp = done;
    });
  }

  /** Claims and delivers one batch; returns how many it claimed. */
  async #pass(): Promise<number> {
    const now = this.#clock.now();
    // One statement, autocommitted: the claim needs no transaction around it.
    const batch = await this.#store.outbox.claimDue(now, BATCH, LEASE_MS);
    // A message leaves only once the write that queued it (and this claim) is durable.
    if (batch.length > 0) await this.#store.durable();
    // Messages no channel delivers are kept with one statement per channel for the batch, not one each.
    const kept: Record<OutboxMessage['channel'], number[]> = { EMAIL: [], SMS: [] };
    await Promise.all(batch.map((m) => this.#deliver(m, kept)));
    for (const channel of ['EMAIL', 'SMS'] as const) {
      if (kept[channel].length === 0) continue;
      try {
        await this.#store.outbox.markAllFailed(kept[channel], NO_CHANNEL_NOTE[channel], NEVER);
      } catch (e) {
        // The claims lapse and the messages are looked at again.
        this.#log.error({ channel, messageIds: kept[channel], err: e }, 'could not record messages kept in the outbox');
      }
    }
    return batch.length;
  }

  async #deliver(sealed: OutboxMessage, kept: Record<OutboxMessage['channel'], number[]>): Promise<void> {
    const about = { messageId: sealed.id, channel: sealed.channel, poolId: sealed.poolId, purpose: sealed.purpose, attempt: sealed.attempts };
    try {
      let m: OutboxMessage;
      try {
        m = openMessage(this.#vault, sealed);
      } catch (e) {
        // Sealed under a key-encryption key this node does not have: retrying cannot help.
        this.#log.error({ ...about, err: e }, 'cannot open a sealed message; giving up on it (kept in the outbox)');
        this.#onDelivery(sealed.channel, 'gave_up');
        await this.#store.outbox.markFailed(sealed.id, 'cannot open the sealed message: key-encryption key missing', NEVER);
        return;
      }
      if (m.customSender && this.#customSender) {
        let ran: boolean;
        try {
          ran = await this.#customSender(m, m.customSender);
        } catch (e) {
          await this.#failed(m, e, about);
          return;
        }
        if (ran) {
          this.#onDelivery(m.channel, 'sent');
          await this.#store.outbox.markSent(m.id, this.#clock.now());
          this.#log.debug(about, 'message handed to the pool\'s custom sender');
          return;
        }
      }
      const channel = this.#channels[m.channel];
      if (!channel) {
        if (this.#dev) this.#log.info({ ...about, to: m.destination, subject: m.subject, body: m.body }, 'message kept in the outbox');
        kept[m.channel].push(m.id);
        return;
      }
      try {
        await channel.deliver(m);
      } catch (e) {
        await this.#failed(m, e, about);
        return;
      }
      this.#onDelivery(m.channel, 'sent');
      await this.#store.outbox.markSent(m.id, this.#clock.now());
      this.#log.debug(about, 'message delivered');
    } catch (e) {
      // Recording the outcome failed (database away): the claim lapses and the row is tried again.
      this.#log.error({ ...about, err: e }, 'could not record a message delivery');
    }
  }

  async #failed(m: OutboxMessage, e: unknown, about: Record<string, unknown>): Promise<void> {
    const error = e instanceof Error ? e.message : String(e);
    this.#onDelivery(m.channel, m.attempts >= MAX_ATTEMPTS ? 'gave_up' : 'failed');
    if (m.attempts >= MAX_ATTEMPTS) {
      this.#log.error({ ...about, error }, `message not delivered after ${MAX_ATTEMPTS} attempts; giving up (kept in the outbox)`);
      await this.#store.outbox.markFailed(m.id, error, NEVER);
      return;
    }
    const delay = retryDelay(m.attempts);
    this.#log.warn({ ...about, error, retryInMs: delay }, 'message delivery failed; will retry');
    await this.#store.outbox.markFailed(m.id, error, this.#clock.now() + delay);
  }
}

export type DeliveryStatus = 'queued' | 'retrying' | 'sent' | 'kept' | 'gave-up';

/** Where a message stands, as `alcove messages` shows it. */
export function deliveryStatus(m: Pick<OutboxMessage, 'sentAt' | 'nextAttemptAt' | 'lastError'>): DeliveryStatus {
  if (m.sentAt !== null) return 'sent';
  if (m.nextAttemptAt === NEVER) {
    return m.lastError === NO_CHANNEL_NOTE.EMAIL || m.lastError === NO_CHANNEL_NOTE.SMS ? 'kept' : 'gave-up';
  }
  return m.lastError ? 'retrying' : 'queued';
}

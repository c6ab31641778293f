/**
 * Scheduled signing-key rotation (`signingKeyRotationDays`): a background worker on every node
 * that, every few minutes, rotates the token signing keys of each pool whose active keys are
 * older than the configured age, through the same rotation as `alcove rotate-signing-keys` (the
 * retired keys stay published until their tokens have expired). Nodes that decide at the same
 * moment collide harmlessly on the keys' primary key; failures are logged and retried next pass.
 * The identity pools' key (one for the server) is rotated by the same rule.
 */
import type { Services } from '../kernel/context.ts';
import { identityKeyCreatedAt, rotateIdentityKey } from '../identityPools/tokens/keys.ts';
import { rotateSigningKeys } from '../userPools/tokens/signing-keys.ts';

const INTERVAL_MS = 5 * 60_000;
const PAGE = 60;
const DAY_MS = 86_400_000;

/** Rotates the keys of every pool whose active keys are older than `maxAgeMs`; returns the pools rotated. */
async function rotateAgedSigningKeys(services: Services, maxAgeMs: number): Promise<string[]> {
  const { store, clock } = services;
  const rotated: string[] = [];
  let after: string | undefined;
  do {
    const page = await store.pools.list({ limit: PAGE, ...(after ? { after } : {}) });
    for (const pool of page.items) {
      const now = clock.now();
      const active = (await store.signingKeys.listPublished(pool.id, now)).filter((k) => k.retiredAt === null);
      // A pool that has never signed a token has no keys yet: its first ones are made on first use.
      if (active.length === 0 || Math.min(...active.map((k) => k.createdAt)) > now - maxAgeMs) continue;
      await rotateSigningKeys(services, pool.id);
      rotated.push(pool.id);
    }
    after = page.next;
  } while (after);
  return rotated;
}

export class SigningKeyRotation {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(private readonly services: Services, private readonly maxAgeDays: number) {}

  start(): void {
    if (this.maxAgeDays <= 0) return;
    const pass = () => { this.#running ??= this.#pass(); };
    // Jittered, so that the nodes of a cluster do not all look in the same second.
    this.#timer = setInterval(pass, INTERVAL_MS + Math.floor(Math.random() * INTERVAL_MS / 10));
    this.#timer.unref();
    pass();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  async #pass(): Promise<void> {
    try {
      const rotated = await rotateAgedSigningKeys(this.services, this.maxAgeDays * DAY_MS);
      // The identity pools' key too, once it has signed (it is made on first use).
      const identityKeyAt = await identityKeyCreatedAt(this.services);
      if (identityKeyAt !== undefined && identityKeyAt <= this.services.clock.now() - this.maxAgeDays * DAY_MS) {
        const { kid } = await rotateIdentityKey(this.services);
        this.services.log.info({ kid, maxAgeDays: this.maxAgeDays }, 'rotated the identity pools\' signing key (scheduled)');
      }
      for (const poolId of rotated) {
        this.services.log.info({ poolId, maxAgeDays: this.maxAgeDays }, 'rotated the pool\'s token signing keys (scheduled)');
      }
    } catch (err) {
      this.services.log.warn({ err }, 'scheduled signing-key rotation failed; the next pass will try again');
    } finally {
      this.#running = undefined;
    }
  }
}

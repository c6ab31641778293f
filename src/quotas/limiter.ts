/**
 * Request-rate quotas (Cognito's API categories), enforced across nodes. Each category counts
 * requests per one-second window in the database (`counters`, one row per category and second).
 * A node does not write once per request: it leases a tenth of the limit at a time with one
 * atomic upsert that returns the running total, hands the leased tokens out locally, and leases
 * again when they run out. The total leased never exceeds the limit, so no node over-admits; a
 * lease left partly unused only makes that second a little stricter.
 */
import { errors } from '../errors.ts';
import type { QuotaRepo } from './store.ts';
import type { Clock } from '../kernel/context.ts';
import { QUOTA_CATEGORIES, quotaBucketOf, type QuotaCategory } from './categories.ts';

/** Provisioned limits set by UpdateProvisionedLimit on any node reach the others within this. */
const LIMITS_CACHE_MS = 1_000;

interface Window {
  second: number;
  tokens: number;
  /** The database said this second's limit is used up. */
  exhausted: boolean;
  leasing: Promise<void> | undefined;
}

export class RequestQuotas {
  private limits: Record<string, number> = {};
  private limitsAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;
  private readonly windows = new Map<string, Window>();

  constructor(private readonly repo: QuotaRepo, private readonly clock: Clock) {}

  /** Counts one request of `operation`; throws TooManyRequestsException when its category is over its rate. */
  async admit(operation: string): Promise<void> {
    const bucket = quotaBucketOf(operation);
    if (!bucket) return;
    const limit = (await this.limitOf(bucket.category)) * bucket.factor;
    const second = Math.floor(this.clock.now() / 1000);
    let window = this.windows.get(bucket.bucket);
    if (!window || window.second !== second) {
      window = { second, tokens: 0, exhausted: false, leasing: undefined };
      this.windows.set(bucket.bucket, window);
    }
    for (;;) {
      if (window.tokens > 0) {
        window.tokens--;
        return;
      }
      if (window.exhausted) throw errors.tooManyRequests('Rate exceeded');
      const w = window;
      w.leasing ??= this.lease(w, bucket.bucket, limit).finally(() => { w.leasing = undefined; });
      await w.leasing;
    }
  }

  private async lease(window: Window, bucket: string, limit: number): Promise<void> {
    const size = Math.max(1, Math.floor(limit / 10));
    const total = await this.repo.add(`quota:${bucket}:${window.second}`, size, (window.second + 2) * 1000);
    window.tokens += Math.max(0, Math.min(size, limit - (total - size)));
    if (total >= limit) window.exhausted = true;
  }

  private async limitOf(category: QuotaCategory): Promise<number> {
    if (this.clock.now() - this.limitsAt > LIMITS_CACHE_MS) {
      this.loading ??= this.repo.limits()
        .then((limits) => { this.limits = limits; this.limitsAt = this.clock.now(); })
        .finally(() => { this.loading = undefined; });
      // Only the first load is waited for; later ones refresh behind the requests.
      if (this.limitsAt === Number.NEGATIVE_INFINITY) await this.loading;
      else this.loading.catch(() => undefined);
    }
    return this.limits[category] ?? QUOTA_CATEGORIES[category];
  }
}

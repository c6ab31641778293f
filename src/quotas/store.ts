/**
 * The storage port of request-rate quotas, implemented in storage/sql/quotas.ts. Types only, no
 * SQL: see docs/architecture.md, Storage.
 */

/** Request-rate quotas: provisioned limits per API category, and shared per-second counts. */
export interface QuotaRepo {
  /**
   * Adds `n` to the count of `key` (one quota window), in one statement, and returns the new
   * count: concurrent nodes each see every addition. The row expires at `windowEnd`.
   */
  add(key: string, n: number, windowEnd: number): Promise<number>;
  /** Every category whose limit was set (others use the default). */
  limits(): Promise<Record<string, number>>;
  setLimit(category: string, value: number, now: number): Promise<void>;
}

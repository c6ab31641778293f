/**
 * Prometheus metrics, served at `GET /metrics`. Each server keeps its own counts (start.ts
 * builds one Metrics), so that several servers in one process never share them.
 *
 * On the request path the cost is a count and a histogram bucket per request, in plain numbers
 * (RequestSeries; hooks in callback style); sign-ins are counted by wrapping
 * the sign-in operations' handlers, message deliveries by the sender's callback. prom-client
 * (~60 ms of CPU and ~2 MB of heap to load, with its process collectors) is loaded by the first
 * scrape, which builds the registry from those counts; the outbox backlog and the connection
 * pool are read only when /metrics is scraped.
 * docs/operations-guide.md lists every metric.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { isCognitoError } from '../errors.ts';
import type { OperationTable } from '../operations/table.ts';
import type { Store } from '../storage/store.ts';
import type { AnyHandler, Clock } from '../kernel/context.ts';
import type { OutboxBacklog } from '../userPools/messages/store.ts';
import { NEVER, type DeliveryOutcome } from '../workers/outbox-sender.ts';

const BACKLOG_TIMEOUT_MS = 2_000;

/** Seconds; from a GetUser on loopback (~1 ms) to a sign-in on a loaded machine. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface MetricsOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  /** The operation tables, so that only operations this server has become label values. */
  tables: Record<string, OperationTable>;
}

const OUTCOMES = ['success', 'client_error', 'server_error'] as const;

/** One (operation, outcome) pair's count, latency sum and latency histogram (not cumulative). */
interface Series {
  labels: { operation: string; outcome: string };
  count: number;
  sum: number;
  buckets: Float64Array;
}

/**
 * Requests by operation and outcome, counted in plain numbers and turned into prom-client's
 * counter and histogram only when scraped: prom-client's own `inc`/`observe` validate and hash
 * the labels on every call (~1 µs on these machines; this is ~20 ns).
 */
class RequestSeries {
  readonly #byOperation = new Map<string, Series[]>();

  observe(operation: string, outcome: 0 | 1 | 2, seconds: number): void {
    let series = this.#byOperation.get(operation);
    if (!series) {
      series = OUTCOMES.map((o) => ({ labels: { operation, outcome: o }, count: 0, sum: 0, buckets: new Float64Array(LATENCY_BUCKETS.length) }));
      this.#byOperation.set(operation, series);
    }
    const s = series[outcome]!;
    s.count++;
    s.sum += seconds;
    let b = 0;
    while (b < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[b]!) b++;
    if (b < LATENCY_BUCKETS.length) s.buckets[b]!++;
  }

  #seen(): Series[] {
    return [...this.#byOperation.values()].flat().filter((s) => s.count > 0);
  }

  /** prom-client collectors: objects with a name and a get() of the values to print. */
  collectors() {
    const counter = {
      name: 'alcove_requests_total', help: 'HTTP requests answered, by operation and outcome.', type: 'counter', aggregator: 'sum',
      get: () => ({ ...counter, values: this.#seen().map((s) => ({ labels: s.labels, value: s.count })) }),
    };
    const histogram = {
      name: 'alcove_request_duration_seconds', help: 'Time from request received to response sent, by operation and outcome.',
      type: 'histogram', aggregator: 'sum',
      get: () => ({
        ...histogram,
        values: this.#seen().flatMap((s) => {
          let cumulative = 0;
          return [
            ...LATENCY_BUCKETS.map((le, i) => {
              cumulative += s.buckets[i]!;
              return { metricName: `${histogram.name}_bucket`, labels: { le, ...s.labels }, value: cumulative };
            }),
            { metricName: `${histogram.name}_bucket`, labels: { le: '+Inf', ...s.labels }, value: s.count },
            { metricName: `${histogram.name}_sum`, labels: s.labels, value: s.sum },
            { metricName: `${histogram.name}_count`, labels: s.labels, value: s.count },
          ];
        }),
      }),
    };
    return [counter, histogram];
  }
}

/**
 * A counter by label values, in plain numbers, printed by prom-client as its Counter would be
 * (a counter without labels prints 0 before its first count).
 */
class PlainCounter<L extends string> {
  readonly #values = new Map<string, { labels: Record<string, string>; value: number }>();

  constructor(readonly name: string, readonly help: string, readonly labelNames: readonly L[] = []) {}

  inc(labels?: Record<L, string>): void {
    const key = this.labelNames.map((n) => labels![n]).join('\u0000');
    let entry = this.#values.get(key);
    if (!entry) {
      entry = { labels: Object.fromEntries(this.labelNames.map((n) => [n, labels![n]])), value: 0 };
      this.#values.set(key, entry);
    }
    entry.value++;
  }

  collector() {
    const collector = {
      name: this.name, help: this.help, type: 'counter', aggregator: 'sum',
      get: () => ({
        ...collector,
        values: this.labelNames.length === 0 && this.#values.size === 0 ? [{ labels: {}, value: 0 }] : [...this.#values.values()],
      }),
    };
    return collector;
  }
}

/**
 * prom-client's process metrics (CPU, memory, event-loop delay, GC) describe the process however
 * many servers it runs, and their collectors (an event-loop monitor, a GC observer) cannot be
 * stopped: one set per process, merged into each server's registry.
 */
let processRegistry: Registry | undefined;
function processMetrics(promClient: typeof import('prom-client')): Registry {
  if (!processRegistry) {
    processRegistry = new promClient.Registry();
    promClient.collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class Metrics {
  readonly #options: MetricsOptions;
  readonly #tables: Record<string, OperationTable>;
  readonly #requests = new RequestSeries();
  readonly #errors = new PlainCounter('alcove_request_errors_total', 'Error answers, by operation and Cognito exception name.', ['operation', 'error']);
  readonly #signIns = new PlainCounter(
    'alcove_sign_ins_total',
    'Sign-in steps that reached an outcome (tokens, a challenge other than SRP\'s PASSWORD_VERIFIER, or an error), by flow and result.',
    ['flow', 'result'],
  );
  readonly #lockouts = new PlainCounter('alcove_sign_in_lockouts_total', 'Sign-in attempts refused because the user was locked out after failed attempts.');
  readonly #deliveries = new PlainCounter(
    'alcove_message_deliveries_total', 'Message delivery attempts by this node, by channel and outcome (sent, failed, gave_up).', ['channel', 'outcome'],
  );
  #registry: Promise<Registry> | undefined;

  constructor(options: MetricsOptions) {
    this.#options = options;
    this.#tables = options.tables;
  }

  /** What /metrics serves: this server's metrics and the process's, built at the first scrape. */
  registry(): Promise<Registry> {
    return (this.#registry ??= import('prom-client').then((promClient) => this.#build(promClient)));
  }

  #build(promClient: typeof import('prom-client')): Registry {
    const { Gauge, Registry } = promClient;
    const own = new Registry();
    const registers = [own];
    for (const collector of [...this.#requests.collectors(), this.#errors.collector(), this.#signIns.collector(), this.#lockouts.collector(), this.#deliveries.collector()]) {
      own.registerMetric(collector as never);
    }

    const { store, clock, log } = this.#options;
    // Both outbox gauges come from one query per scrape: a scrape calls every collect() at
    // once, so the second finds the first one's query still in flight.
    // Bounded, like /ready's probe: a scrape gets an answer even while the database hangs.
    let backlogRead: Promise<OutboxBacklog | undefined> | undefined;
    const readBacklog = () => {
      if (!backlogRead) {
        const query = store.outbox.backlog(NEVER).catch((e: unknown) => {
          log.warn({ err: e }, 'metrics: could not read the outbox backlog');
          return undefined;
        });
        backlogRead = Promise.race([query, sleep(BACKLOG_TIMEOUT_MS, undefined, { ref: false })])
          .finally(() => { backlogRead = undefined; });
      }
      return backlogRead;
    };
    new Gauge({
      name: 'alcove_outbox_pending_messages', help: 'Messages waiting in the outbox to be delivered, by state (the database\'s count: the same on every node).',
      registers, labelNames: ['state'],
      async collect() {
        const b = await readBacklog();
        // The database is away: no figure rather than a stale one (/ready says why).
        if (!b) return this.reset();
        this.set({ state: 'queued' }, b.pending - b.retrying);
        this.set({ state: 'retrying' }, b.retrying);
      },
    });
    new Gauge({
      name: 'alcove_outbox_oldest_pending_age_seconds', help: 'Age of the oldest message waiting in the outbox; 0 when none is.', registers,
      async collect() {
        const b = await readBacklog();
        if (!b) return this.reset();
        this.set(b.oldestCreatedAt === null ? 0 : Math.max(0, (clock.now() - b.oldestCreatedAt) / 1000));
      },
    });
    if (store.kind === 'postgres') {
      const pool = (pick: 'total' | 'idle' | 'waiting' | 'max', name: string, help: string) => new Gauge({
        name, help, registers,
        collect() {
          const stats = store.connectionPool();
          if (stats) this.set(stats[pick]);
        },
      });
      pool('total', 'alcove_db_pool_connections', 'Open connections in this node\'s PostgreSQL pool, busy or idle.');
      pool('idle', 'alcove_db_pool_idle_connections', 'Idle connections in this node\'s PostgreSQL pool.');
      pool('waiting', 'alcove_db_pool_waiting_requests', 'Queries waiting for a connection of this node\'s PostgreSQL pool.');
      pool('max', 'alcove_db_pool_max_connections', 'Most connections this node\'s PostgreSQL pool opens (databasePoolSize).');
    }
    return Registry.merge([processMetrics(promClient), own]);
  }

  /** The `operation` label of a request: the Cognito operation, or the route for other paths. */
  operationOf(request: FastifyRequest): string {
    const route = request.routeOptions.url;
    if (route === '/' && request.method === 'POST') {
      const target = request.headers['x-amz-target'];
      if (typeof target !== 'string') return 'unknown';
      const dot = target.lastIndexOf('.');
      const name = target.slice(dot + 1);
      return this.#tables[target.slice(0, dot)]?.operations.has(name) ? name : 'unknown';
    }
    return `${request.method} ${route ?? '(unmatched)'}`;
  }

  observeRequest(operation: string, status: number, errorType: unknown, seconds: number): void {
    this.#requests.observe(operation, status < 400 ? 0 : status < 500 ? 1 : 2, seconds);
    // `x-amzn-ErrorType: <Exception>:` on every Cognito-shaped error.
    if (typeof errorType === 'string') this.#errors.inc({ operation, error: errorType.replace(/:.*$/, '') });
  }

  signIn(flow: string, result: string): void {
    this.#signIns.inc({ flow, result });
  }

  lockout(): void {
    this.#lockouts.inc();
  }

  delivery(channel: string, outcome: DeliveryOutcome): void {
    this.#deliveries.inc({ channel, outcome });
  }
}

/** Constant-time comparison of a presented bearer token with the configured one. */
function tokenMatches(presented: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * Counts every answered request and serves `GET /metrics` (beside /health and /ready). With
 * `token` set, /metrics wants `Authorization: Bearer <token>`; without it, protect the path at
 * the proxy.
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, options: { token?: string | undefined } = {}): void {
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(metrics.operationOf(request), reply.statusCode, reply.getHeader('x-amzn-errortype'), reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', async (request, reply) => {
    if (options.token) {
      const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (!presented || !tokenMatches(presented, options.token)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
      }
    }
    const registry = await metrics.registry();
    const body = await registry.metrics();
    return reply.header('content-type', registry.contentType).header('cache-control', 'no-store').send(body);
  });
}

/** The flow an answered challenge belongs to: SRP's second step, or the challenge itself. */
const challengeFlow = (name: unknown): string => (name === 'PASSWORD_VERIFIER' ? 'USER_SRP_AUTH' : String(name));

/** Which flow a sign-in operation's input runs; undefined for other operations. */
const SIGN_IN_FLOWS: Record<string, (input: Record<string, unknown>) => string> = {
  InitiateAuth: (input) => String(input.AuthFlow),
  AdminInitiateAuth: (input) => String(input.AuthFlow),
  RespondToAuthChallenge: (input) => challengeFlow(input.ChallengeName),
  AdminRespondToAuthChallenge: (input) => challengeFlow(input.ChallengeName),
  // Amplify v6's refresh; gated by the same REFRESH_TOKEN_AUTH setting of the client.
  GetTokensFromRefreshToken: () => 'REFRESH_TOKEN_AUTH',
};

/** Cognito's answer to an attempt during a lockout (auth/lockout.ts). */
const LOCKED_OUT = 'Password attempts exceeded';

/**
 * The table with its sign-in operations counted: tokens (`success`), a challenge (its name;
 * SRP's PASSWORD_VERIFIER is only the first step and is not counted), or the exception's name.
 * Input reaching a handler has passed the model's validation, so flows and challenge names are
 * the model's enums: bounded label values.
 */
export function countSignIns(table: OperationTable, metrics: Metrics): OperationTable {
  const operations = new Map(table.operations);
  for (const [name, flowOf] of Object.entries(SIGN_IN_FLOWS)) {
    const entry = operations.get(name);
    if (!entry) continue;
    const inner: AnyHandler = entry.handler;
    const handler: AnyHandler = async (input: Record<string, unknown>, ctx) => {
      let output: { AuthenticationResult?: unknown; ChallengeName?: unknown };
      try {
        output = await inner(input, ctx) as typeof output;
      } catch (e) {
        if (isCognitoError(e) && e.message === LOCKED_OUT) metrics.lockout();
        metrics.signIn(flowOf(input), isCognitoError(e) ? e.type : 'InternalErrorException');
        throw e;
      }
      if (output.AuthenticationResult) metrics.signIn(flowOf(input), 'success');
      else if (output.ChallengeName !== 'PASSWORD_VERIFIER') metrics.signIn(flowOf(input), String(output.ChallengeName));
      return output;
    };
    operations.set(name, { ...entry, handler });
  }
  return { service: table.service, operations };
}

/**
 * The HTTP server: one Fastify app, one encapsulated plugin per surface (surfaces/: aws-json,
 * aws-query, well-known, oauth, hosted-ui), each with its own body parsers, error encoder and CORS. The root holds
 * only what every answer shares: limits, nosniff, draining, metrics, /health and /ready.
 */
import { createRequire } from 'node:module';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import type { OperationTable } from '../operations/table.ts';
import type { RequestQuotas } from '../quotas/limiter.ts';
import type { Services } from '../kernel/context.ts';
import type { IamAuthenticator } from './auth/iam.ts';
import type { AccessKey } from './credentials.ts';
import { registerMetrics, type Metrics } from './metrics.ts';
import { AddressRateLimit, capConnectionsPerAddress, proxyMatcher, timeoutCheckInterval, type HttpLimits } from './limits.ts';
import { awsJsonSurface } from './surfaces/aws-json.ts';
import { awsQuerySurface } from './surfaces/aws-query.ts';
import { hostedUiSurface } from './surfaces/hosted-ui.ts';
import { oauthSurface } from './surfaces/oauth.ts';
import { verifySurface } from './surfaces/verify.ts';
import { surfaceConstraint } from './surfaces/dispatch.ts';
import { wellKnownSurface } from './surfaces/well-known.ts';

/**
 * No route declares a JSON schema (each surface parses and checks its own input; the Cognito
 * surfaces against the catalogue): Fastify's default schema compilers (ajv and
 * fast-json-stringify, ~110 modules and ~45 ms of CPU) are loaded only if a route ever does.
 */
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'));
type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
let defaultCompilers: Required<CompilersFactory> | undefined;
const fastifyCompilers = (): Required<CompilersFactory> => (defaultCompilers ??= {
  buildValidator: (fastifyRequire('@fastify/ajv-compiler') as () => Required<CompilersFactory>['buildValidator'])(),
  buildSerializer: (fastifyRequire('@fastify/fast-json-stringify-compiler') as () => Required<CompilersFactory>['buildSerializer'])(),
});
const compilersOnDemand: CompilersFactory = {
  buildValidator: (schemas, options) => fastifyCompilers().buildValidator(schemas, options),
  buildSerializer: (schemas, options) => fastifyCompilers().buildSerializer(schemas, options),
};

interface AppOptions {
  services: Services;
  log: Logger;
  tables: Record<string, OperationTable>;
  authenticateIam: IamAuthenticator;
  /** The server's access keys (STS and IAM on aws-query check their signatures against them). */
  accessKeys?: AccessKey[];
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
  /** Set when the node is shutting down: /ready turns 503 so that load balancers stop routing here. */
  lifecycle?: { draining: boolean };
  /** Counts requests and serves GET /metrics (optionally behind a bearer token). */
  metrics?: { metrics: Metrics; token?: string | undefined };
  /** Timeouts and connection caps; Node's defaults (no request timeout, no cap) when absent. */
  limits?: HttpLimits;
  /** Unauthenticated operations per second from one client address (0: no limit). */
  addressRateLimit?: number;
  quotas?: RequestQuotas | undefined;
  /** Development mode: the web origins allowed to call admin operations (others are refused). */
  devAllowedOrigins?: string[] | undefined;
  /** TLS: the listener's certificate and key (PEM); plain HTTP when absent. */
  https?: { cert: string; key: string } | undefined;
  /** The managed-login session's lifetime in seconds (Cognito's hour by default). */
  managedLoginSessionSeconds?: number;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const limits = options.limits;
  const trusted = limits?.trustedProxies ?? [];
  const isTrustedProxy = proxyMatcher(trusted);
  const app = Fastify({
    loggerInstance: options.log as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Per-request lines would dominate the log and the CPU; faults are logged with context instead.
    logController: new LogController({ disableRequestLogging: true }),
    schemaController: { compilersFactory: compilersOnDemand },
    // X-Forwarded-For names the client only when it comes from a proxy we were told to trust.
    trustProxy: trusted.length > 0 ? trusted : false,
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key } } : {}),
    ...(limits ? {
      // Node closes a request whose headers and body are not in by the larger of these two, so
      // both are set; it looks for such requests every timeoutCheckInterval.
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      http: { headersTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: timeoutCheckInterval(limits.requestTimeoutMs) },
    } : {}),
  });
  if (limits) {
    app.server.maxConnections = limits.maxConnections;
    capConnectionsPerAddress(app.server, limits.maxConnectionsPerAddress, isTrustedProxy);
  }

  // Private Network Access: a public page's preflight to a private address asks for this; only
  // the origins a developer allowed get it.
  // (A hook only in development mode with allowed origins: none runs per request otherwise.)
  const devOrigins = options.devAllowedOrigins ? new Set(options.devAllowedOrigins) : undefined;
  if (devOrigins) {
    app.addHook('onRequest', (request, reply, done) => {
      if (request.method === 'OPTIONS' && request.headers['access-control-request-private-network'] === 'true'
        && devOrigins.has(String(request.headers.origin))) {
        reply.header('access-control-allow-private-network', 'true');
      }
      done();
    });
  }

  const lifecycle = options.lifecycle ?? { draining: false };
  app.addHook('preClose', async () => { lifecycle.draining = true; });
  const store = options.services.store;
  // One hook for what every answer gets (one callback per answer, no promise unless there is a
  // commit to wait for):
  // - browsers must not guess a type other than the one we declare;
  // - while draining, every answer ends its connection: kept-alive clients reconnect (through
  //   the load balancer, to another node), and close() need not wait out the keep-alive timeout
  //   of a connection that was busy when it began;
  // - nothing is acknowledged before it is durable: every answer (of any surface) waits until the
  //   writes committed before it are on disk (SQLite's group commit; nothing to wait for on
  //   PostgreSQL).
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    if (lifecycle.draining) reply.header('connection', 'close');
    const durable = store.durable();
    if (!durable) return done(null, payload);
    durable.then(() => done(null, payload), (e: Error) => done(e));
  });

  // Outside the surfaces (/health, /ready, /metrics): a plain JSON error, never a stack.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'unhandled error');
    return reply.code(status).send({ message: status >= 500 ? 'Internal server error.' : error.message });
  });

  // The root's hooks above are in place before the surfaces register, so each inherits them.
  if (options.metrics) registerMetrics(app, options.metrics.metrics, options.metrics);
  app.addConstraintStrategy(surfaceConstraint);
  // One count per client address for every unauthenticated call, by the API or by a page's form.
  const addressLimit = new AddressRateLimit(options.addressRateLimit ?? 0, () => options.services.clock.now());
  await app.register(awsJsonSurface, {
    services: options.services,
    tables: options.tables,
    authenticateIam: options.authenticateIam,
    addressLimit,
    quotas: options.quotas,
    devAdminOrigins: devOrigins,
  });
  await app.register(awsQuerySurface, {
    services: options.services,
    accessKeys: options.accessKeys ?? [],
    addressLimit: new AddressRateLimit(options.addressRateLimit ?? 0, () => options.services.clock.now()),
  });
  await app.register(wellKnownSurface, { services: options.services });
  await app.register(oauthSurface, { services: options.services });
  await app.register(hostedUiSurface, {
    services: options.services,
    addressLimit,
    ...(options.managedLoginSessionSeconds ? { sessionSeconds: options.managedLoginSessionSeconds } : {}),
  });
  await app.register(verifySurface, { services: options.services, accessKeys: options.accessKeys ?? [] });

  // Liveness: the process answers. Readiness: it can serve, i.e. the database answers and the
  // node is not shutting down; load balancers route by /ready, orchestrators restart by /health.
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_req, reply) => {
    if (lifecycle.draining) return reply.code(503).send({ status: 'shutting down' });
    const ok = await options.services.store.ping();
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'database unreachable' });
  });
  return app;
}

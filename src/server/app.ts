/** The HTTP server: one Fastify app, one plugin per surface. */
import cors from '@fastify/cors';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { OperationTable } from '../operations/table.ts';
import type { RequestQuotas } from '../quotas/limiter.ts';
import type { Services } from '../kernel/context.ts';
import { registerAwsJson, type IamAuthenticator } from './aws-json.ts';
import { registerMetrics, type Metrics } from './metrics.ts';
import { AddressRateLimit, capConnectionsPerAddress, proxyMatcher, timeoutCheckInterval, type HttpLimits } from './limits.ts';
import { registerWellKnown } from './well-known.ts';

export interface AppOptions {
  services: Services;
  log: Logger;
  tables: Record<string, OperationTable>;
  authenticateIam: IamAuthenticator;
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
}

/** Headers that browser clients (amazon-cognito-identity-js, Amplify, SDK v3) send. */
const ALLOWED_HEADERS = [
  'content-type', 'x-amz-target', 'x-amz-user-agent', 'cache-control', 'amz-sdk-invocation-id', 'amz-sdk-request',
  'authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256',
];

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const limits = options.limits;
  const trusted = limits?.trustedProxies ?? [];
  const isTrustedProxy = proxyMatcher(trusted);
  const app = Fastify({
    loggerInstance: options.log as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Per-request lines would dominate the log and the CPU; faults are logged with context instead.
    logController: new LogController({ disableRequestLogging: true }),
    // X-Forwarded-For names the client only when it comes from a proxy we were told to trust.
    trustProxy: trusted.length > 0 ? trusted : false,
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

  // Browsers must not guess a type other than the one we declare.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });

  // Private Network Access: a public page's preflight to a private address asks for this; only
  // the origins a developer allowed get it.
  const devOrigins = options.devAllowedOrigins ? new Set(options.devAllowedOrigins) : undefined;
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS' && request.headers['access-control-request-private-network'] === 'true'
      && devOrigins?.has(String(request.headers.origin))) {
      reply.header('access-control-allow-private-network', 'true');
    }
  });

  await app.register(cors, {
    origin: '*',
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: ['x-amzn-RequestId', 'x-amzn-ErrorType', 'x-amzn-ErrorMessage', 'Date'],
    maxAge: 86400,
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    // Faults Fastify raises before our route runs (body too large, aborted upload): still a
    // Cognito-shaped 4xx, never a 500.
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'unhandled error');
    const type = status === 413 ? 'SerializationException' : status >= 500 ? 'InternalErrorException' : 'InvalidParameterException';
    const message = status >= 500 ? 'Internal server error.' : error.message;
    return reply.code(status).header('content-type', 'application/x-amz-json-1.1')
      .header('x-amzn-errortype', `${type}:`).send(JSON.stringify({ __type: type, message }));
  });

  if (options.metrics) registerMetrics(app, options.metrics.metrics, options.metrics);
  registerAwsJson(app, {
    services: options.services,
    tables: options.tables,
    authenticateIam: options.authenticateIam,
    addressLimit: new AddressRateLimit(options.addressRateLimit ?? 0, () => options.services.clock.now()),
    quotas: options.quotas,
    devAdminOrigins: devOrigins,
  });
  registerWellKnown(app, options.services);

  // Liveness: the process answers. Readiness: it can serve, i.e. the database answers and the
  // node is not shutting down; load balancers route by /ready, orchestrators restart by /health.
  const lifecycle = options.lifecycle ?? { draining: false };
  app.addHook('preClose', async () => { lifecycle.draining = true; });
  // While draining, every answer ends its connection: kept-alive clients reconnect (through the
  // load balancer, to another node), and close() need not wait out the keep-alive timeout of a
  // connection that was busy when it began.
  app.addHook('onSend', async (_request, reply) => {
    if (lifecycle.draining) reply.header('connection', 'close');
  });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_req, reply) => {
    if (lifecycle.draining) return reply.code(503).send({ status: 'shutting down' });
    const ok = await options.services.store.ping();
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'database unreachable' });
  });
  return app;
}

/**
 * `alcove serve`: run until SIGINT/SIGTERM, then report not ready for `shutdownDrainMs` (while
 * still serving), stop accepting, finish in-flight requests, stop the message sender and close
 * the database pool. A second signal, or a shutdown that outlasts
 * SHUTDOWN_DEADLINE_MS (a request stuck on an unreachable database), exits at once: nothing is
 * lost by it, since every acknowledged write is committed and unsent messages stay in the outbox.
 */
import type { Settings } from '../config.ts';
import { startServer } from '../server/start.ts';

/**
 * `--dev` on the terminal, not only in the log: whoever started the server sees what it trusts.
 * (stderr: stdout carries the JSON log.)
 */
function devBanner(url: string): string {
  const lines = [
    `DEVELOPMENT MODE (--dev) at ${url}: never expose this server.`,
    '- any request signature is accepted: admin calls need no valid key',
    '- a fixed verification code (--dev-fixed-code) is allowed',
    '- messages with no delivery channel are logged with their codes',
    '  ("message kept in the outbox"); `alcove messages` lists them too',
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  return [rule, ...lines.map((l) => `| ${l.padEnd(width)} |`), rule, ''].join('\n');
}

/** Beyond the drain, under the usual 30 s that orchestrators (Kubernetes, systemd, ECS) wait before SIGKILL. */
const SHUTDOWN_DEADLINE_MS = 25_000;

export async function serve(settings: Settings): Promise<void> {
  const server = await startServer(settings);
  const log = server.services.log;
  if (settings.dev) process.stderr.write(devBanner(server.url));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting for in-flight requests');
      process.exit(1);
    }
    stopping = true;
    const drainMs = settings.shutdownDrainMs;
    log.info({ signal, drainMs }, 'shutting down: not ready; then no new connections, finishing in-flight requests');
    setTimeout(() => {
      log.error({ afterMs: drainMs + SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, drainMs + SHUTDOWN_DEADLINE_MS).unref();
    try {
      await server.close(drainMs);
      log.info('stopped');
      process.exit(0);
    } catch (e) {
      log.error({ err: e }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

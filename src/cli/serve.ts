/** `alcove serve`: run until SIGINT/SIGTERM, then stop accepting, finish in-flight requests, close. */
import type { Settings } from '../config.ts';
import { startServer } from '../server/start.ts';

export async function serve(settings: Settings): Promise<void> {
  const server = await startServer(settings);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.services.log.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

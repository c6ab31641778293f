/**
 * Starts a real Alcove server on a free port with a fresh data directory, and gives the test
 * clients pointed at it. Every integration test goes through here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { resolveSettings, type Settings } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server/start.ts';
import type { Clock } from '../../src/userPools/context.ts';

export interface TestServer extends RunningServer {
  /** SDK client signing with the server's access key. */
  client: CognitoIdentityProviderClient;
  /** SDK client with no valid credentials (for public operations and auth failures). */
  anonymousClient: CognitoIdentityProviderClient;
  dataDir: string;
  settings: Settings;
  stop(): Promise<void>;
}

/** `clock` replaces the system clock (expiry tests move it forward). */
export async function startTestServer(
  overrides: Partial<Record<keyof Settings, unknown>> = {},
  options: { clock?: Clock } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'alcove-test-'));
  const databaseUrl = process.env.ALCOVE_TEST_DATABASE_URL;
  const settings = resolveSettings([{
    port: 0, host: '127.0.0.1', dataDir, logLevel: process.env.ALCOVE_TEST_LOG ?? 'silent',
    ...(databaseUrl ? { databaseUrl, kek: 'test:' + Buffer.alloc(32, 7).toString('base64') } : {}),
    ...overrides,
  }]);
  const server = await startServer(settings, options.clock ? { clock: options.clock } : {});
  const key = server.accessKeys[0]!;
  const client = new CognitoIdentityProviderClient({
    endpoint: server.url, region: settings.region,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    maxAttempts: 1,
  });
  const anonymousClient = new CognitoIdentityProviderClient({
    endpoint: server.url, region: settings.region,
    credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'not-a-real-secret-key-at-all' },
    maxAttempts: 1,
  });
  return {
    ...server,
    client,
    anonymousClient,
    dataDir,
    settings,
    async stop() {
      client.destroy();
      anonymousClient.destroy();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` and returns the error it threw (fails if it did not throw). */
export async function errorOf(fn: () => Promise<unknown>): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await fn();
  } catch (e) {
    return e as Error & { name: string };
  }
  throw new Error('expected an error, but the call succeeded');
}

/**
 * Real Alcove nodes as child processes (`alcove serve`, from the sources: helpers/cli.ts), each on a free port of its
 * own, all sharing one PostgreSQL database, one key-encryption key and one access key: what an
 * operator runs behind a load balancer, configured alike. The multi-node tests kill, stop and probe them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ALCOVE } from './cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 30_000;

/** What every node of one cluster shares. */
export interface ClusterSettings {
  databaseUrl: string;
  /** The load balancer's URL: token issuers are built from it, so it is the same on every node. */
  publicUrl: string;
  kek: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export const testCluster = (databaseUrl: string): ClusterSettings => ({
  databaseUrl,
  publicUrl: 'http://alcove.test:9229',
  kek: `mn:${Buffer.alloc(32, 42).toString('base64')}`,
  accessKeyId: 'AKIAMULTINODETEST000',
  secretAccessKey: 'multi-node-test-secret-access-key-0000',
});

export interface NodeProcess {
  name: string;
  url: string;
  port: number;
  pid: number;
  /** SDK client signing with the shared access key. */
  client: CognitoIdentityProviderClient;
  /** Every log line the node wrote (pino JSON), for diagnosing a failure. */
  logs: string[];
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** GET /ready's status code, or 0 when the node does not answer. */
  ready(): Promise<number>;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM and wait for the exit; cleans up the node's data directory. */
  stop(): Promise<void>;
}

export async function startNode(name: string, cluster: ClusterSettings, env: Record<string, string> = {}): Promise<NodeProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `alcove-node-${name}-`));
  const child: ChildProcess = spawn(process.execPath, [...ALCOVE, 'serve', '--port', '0', '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ALCOVE_DATA_DIR: dataDir,
      ALCOVE_DATABASE_URL: cluster.databaseUrl,
      ALCOVE_PUBLIC_URL: cluster.publicUrl,
      ALCOVE_KEK: cluster.kek,
      ALCOVE_ACCESS_KEY_ID: cluster.accessKeyId,
      ALCOVE_SECRET_ACCESS_KEY: cluster.secretAccessKey,
      ALCOVE_LOG_LEVEL: 'info',
      ALCOVE_ADDRESS_RATE_LIMIT: '0', // the load loops are one client address
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  createInterface({ input: child.stderr! }).on('line', (line) => logs.push(line));
  // However it ends, before or after listening, its data directory goes with it.
  void exited.then(() => rmSync(dataDir, { recursive: true, force: true }));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${name} did not start in time:\n${logs.join('\n')}`)), START_TIMEOUT_MS);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logs.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'alcove is listening' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch { /* not a log line */ }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`node ${name} exited (${code ?? signal}) before listening:\n${logs.join('\n')}`));
    });
  });

  const client = new CognitoIdentityProviderClient({
    endpoint: url, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: cluster.accessKeyId, secretAccessKey: cluster.secretAccessKey },
  });
  void exited.then(() => client.destroy());
  return {
    name,
    url,
    port: Number(new URL(url).port),
    pid: child.pid!,
    client,
    logs,
    exited,
    async ready() {
      try {
        return (await fetch(`${url}/ready`, { signal: AbortSignal.timeout(3_000) })).status;
      } catch {
        return 0;
      }
    },
    kill(signal) {
      child.kill(signal);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * SQLite's promise: nothing acknowledged is lost, after a process crash or a power cut. One node
 * (a child process on SQLite, in a data directory on a real disk) answers writes one at a time
 * and is killed with SIGKILL the moment the last answer arrives.
 *
 * - Process crash: the files as the killed process left them. A new node on them must find every
 *   acknowledged write.
 * - Power cut: what the disk holds, not the page cache. Linux's cachestat(2) says which pages of
 *   the -wal file are still dirty (or in writeback) in the page cache, i.e. not yet on disk; a
 *   copy of the data directory whose -wal ends before the first such page is a state the disk
 *   could be in after a power cut at the moment of the kill. A node on that copy must find every
 *   acknowledged write too: the answers were sent only after an fdatasync of the WAL covered
 *   them. (Without it, the commits since the last checkpoint are all still in the page cache.)
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, fsyncSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand, AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ALCOVE, ROOT, listeningUrl } from '../../helpers/cli.ts';

const KEK = `crash:${Buffer.alloc(32, 7).toString('base64')}`;
const ACCESS_KEY = { accessKeyId: 'AKIACRASHTEST0000000', secretAccessKey: 'crash-test-secret-access-key-000000000000' };
const PASSWORD = 'Correct-Horse-Battery-1';

/**
 * Prints, as JSON, which pages of `file` are not on disk yet (cachestat: dirty or in writeback),
 * or {"unavailable": reason}.
 */
const CACHESTAT = `
import ctypes, json, os, sys
libc = ctypes.CDLL(None, use_errno=True)
class Range(ctypes.Structure): _fields_ = [('off', ctypes.c_uint64), ('len', ctypes.c_uint64)]
class Stat(ctypes.Structure): _fields_ = [(n, ctypes.c_uint64) for n in ('cache', 'dirty', 'writeback', 'evicted', 'recently_evicted')]
SYS_CACHESTAT = 451
fd = os.open(sys.argv[1], os.O_RDONLY)
size = os.fstat(fd).st_size
page = os.sysconf('SC_PAGE_SIZE')
unsynced = []
for i in range((size + page - 1) // page):
    st = Stat()
    if libc.syscall(SYS_CACHESTAT, fd, ctypes.byref(Range(i * page, page)), ctypes.byref(st), 0) != 0:
        print(json.dumps({'unavailable': os.strerror(ctypes.get_errno())})); sys.exit(0)
    if st.dirty or st.writeback: unsynced.append(i)
print(json.dumps({'size': size, 'page': page, 'unsynced': unsynced}))
`;

interface PageState { size: number; page: number; unsynced: number[]; unavailable?: string }

function pageState(file: string): PageState {
  return JSON.parse(execFileSync('python3', ['-c', CACHESTAT, file], { encoding: 'utf8' })) as PageState;
}

/** Whether this machine can tell synced pages from unsynced ones (a real disk, cachestat, python3). */
function powerCutSkipReason(dir: string): string | undefined {
  const probe = path.join(dir, 'probe');
  try {
    writeFileSync(probe, Buffer.alloc(8192, 1));
    const dirty = pageState(probe);
    if (dirty.unavailable) return `cachestat(2) unavailable: ${dirty.unavailable}`;
    if (dirty.unsynced.length === 0) return 'written pages are not seen as dirty (a filesystem without writeback?)';
    const fd = openSync(probe, 'r');
    fsyncSync(fd);
    closeSync(fd);
    if (pageState(probe).unsynced.length !== 0) return 'fsync leaves pages dirty (tmpfs?)';
    return undefined;
  } catch (e) {
    return `cannot inspect the page cache: ${(e as Error).message}`;
  } finally {
    rmSync(probe, { force: true });
  }
}

interface Node { client: CognitoIdentityProviderClient; child: ChildProcess; exited: Promise<unknown> }

async function startNode(dataDir: string): Promise<Node> {
  const child = spawn(process.execPath, [...ALCOVE, 'serve', '--port', '0', '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '', ALCOVE_DATA_DIR: dataDir, ALCOVE_KEK: KEK, ALCOVE_LOG_LEVEL: 'info',
      ALCOVE_ACCESS_KEY_ID: ACCESS_KEY.accessKeyId, ALCOVE_SECRET_ACCESS_KEY: ACCESS_KEY.secretAccessKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const output: string[] = [];
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const url = await listeningUrl(child, output);
  const client = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', maxAttempts: 1, credentials: ACCESS_KEY });
  return { client, child, exited };
}

async function stopNode(node: Node): Promise<void> {
  node.client.destroy();
  if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGTERM');
  await node.exited;
}

const DB = 'alcove.sqlite';

/** A copy of `dataDir` as the disk would hold it after a power cut now: the -wal ends at its first unsynced page. */
function powerCutImage(dataDir: string, into: string): { walBytes: number; keptBytes: number } {
  for (const name of readdirSync(dataDir)) {
    // The -shm index is rebuilt from the -wal when the database is opened after a crash.
    if (name === `${DB}-wal` || name === `${DB}-shm`) continue;
    copyFileSync(path.join(dataDir, name), path.join(into, name));
  }
  const wal = path.join(dataDir, `${DB}-wal`);
  const state = pageState(wal);
  const keptBytes = state.unsynced.length === 0 ? state.size : state.unsynced[0]! * state.page;
  const image = path.join(into, `${DB}-wal`);
  copyFileSync(wal, image);
  execFileSync('truncate', ['-s', String(keptBytes), image]);
  return { walBytes: state.size, keptBytes };
}

describe('SQLite: acknowledged writes survive SIGKILL and a power cut', () => {
  const base = mkdtempSync(path.join(tmpdir(), 'alcove-crash-'));
  const skip = powerCutSkipReason(base);
  after(() => rmSync(base, { recursive: true, force: true }));

  it('finds every acknowledged write after the kill, in the files and in what the disk holds', async (t) => {
    const dataDir = path.join(base, 'data');
    const imageDir = path.join(base, 'power-cut');
    const node = await startNode(dataDir);
    let poolId = '';
    let clientId = '';
    const usernames: string[] = [];
    let refreshToken = '';
    try {
      const pool = await node.client.send(new CreateUserPoolCommand({ PoolName: 'crash' }));
      poolId = pool.UserPool!.Id!;
      const app = await node.client.send(new CreateUserPoolClientCommand({
        UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }));
      clientId = app.UserPoolClient!.ClientId!;
      for (let i = 0; i < 5; i++) {
        const username = `user-${i}`;
        await node.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' }));
        usernames.push(username);
      }
      await node.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'user-0', Password: PASSWORD, Permanent: true }));
      const signIn = await node.client.send(new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'user-0', PASSWORD },
      }));
      refreshToken = signIn.AuthenticationResult!.RefreshToken!;
      await node.client.send(new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId, Username: 'user-4', UserAttributes: [{ Name: 'name', Value: 'last acknowledged write' }],
      }));
    } finally {
      // The moment the last answer is in.
      node.child.kill('SIGKILL');
    }
    await node.exited;
    node.client.destroy();

    const check = async (dir: string) => {
      const again = await startNode(dir);
      try {
        for (const username of usernames) {
          const user = await again.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
          assert.equal(user.Username, username);
        }
        const last = await again.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'user-4' }));
        assert.equal(last.UserAttributes?.find((a) => a.Name === 'name')?.Value, 'last acknowledged write');
        const refreshed = await again.client.send(new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: refreshToken },
        }));
        assert.ok(refreshed.AuthenticationResult?.AccessToken);
      } finally {
        await stopNode(again);
      }
    };

    if (skip) {
      t.diagnostic(`power cut not simulated: ${skip}`);
    } else {
      // Taken first: the node started on the files below would sync and checkpoint them.
      rmSync(imageDir, { recursive: true, force: true });
      mkdirSync(imageDir);
      const image = powerCutImage(dataDir, imageDir);
      t.diagnostic(`power cut: ${image.keptBytes} of the -wal's ${image.walBytes} bytes were on disk`);
      await check(imageDir);
    }
    await check(dataDir);
  });
});

/**
 * The access keys that may sign IAM (SigV4) requests. From settings (`ALCOVE_ACCESS_KEY_ID` /
 * `ALCOVE_SECRET_ACCESS_KEY`), else from `<dataDir>/credentials.json`, generated with mode 0600
 * at the first start so that a fresh server is never open to unsigned administration.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from '../storage/private-files.ts';

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
}

interface CredentialSource {
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  accountId: string;
  dataDir: string;
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function loadAccessKeys(source: CredentialSource): { keys: AccessKey[]; generatedAt?: string; file?: string } {
  if (source.accessKeyId && source.secretAccessKey) {
    return { keys: [{ accessKeyId: source.accessKeyId, secretAccessKey: source.secretAccessKey, accountId: source.accountId }] };
  }
  if (source.accessKeyId || source.secretAccessKey) {
    throw new Error('set both ALCOVE_ACCESS_KEY_ID and ALCOVE_SECRET_ACCESS_KEY, or neither');
  }
  const file = path.join(source.dataDir, 'credentials.json');
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    return { keys: [{ ...parsed, accountId: source.accountId }], file };
  }
  ensurePrivateDir(source.dataDir);
  let id = 'AKIA';
  for (let i = 0; i < 16; i++) id += UPPER_ALNUM[randomInt(UPPER_ALNUM.length)];
  const key = { accessKeyId: id, secretAccessKey: randomBytes(30).toString('base64').replace(/[+/]/g, 'A') };
  writeFileSync(file, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return { keys: [{ ...key, accountId: source.accountId }], generatedAt: file, file };
}

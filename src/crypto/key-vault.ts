/**
 * Envelope encryption of secrets at rest (SRP verifiers, client secrets, signing keys, TOTP
 * seeds). Each value is sealed with AES-256-GCM under a key-encryption key (KEK) that lives
 * outside the database (configured, or generated into the data directory with mode 0600), so
 * a copy of the database alone reveals nothing. The row's identity is bound in as associated
 * data, so a ciphertext copied onto another row does not open.
 *
 * Rotation: the keyring holds several KEKs; the first seals, any opens. Add a new key first,
 * restart the nodes, re-seal (`alcove rotate-kek`), then drop the old key.
 */
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from '../storage/private-files.ts';

const FORMAT = 'k1';
const TAG_LENGTH = 16;

export interface Kek {
  id: string;
  key: Buffer;
}

export class KeyVault {
  /**
   * The ring's keys as KeyObjects, made once: a cipher or HMAC keyed by a Buffer pays Node's
   * key import on every call (~13 µs an HMAC), by a KeyObject not.
   */
  readonly #keys: Map<string, KeyObject>;
  readonly #active: Kek;
  /** mac() keys derived per key id and purpose (a handful), as KeyObjects. */
  readonly #macKeys = new Map<string, KeyObject>();

  constructor(keyring: Kek[]) {
    const first = keyring[0];
    if (!first) throw new Error('the keyring needs at least one key-encryption key');
    for (const k of keyring) {
      if (k.key.length !== 32) throw new Error(`key-encryption key ${k.id} must be 32 bytes`);
      if (!/^[A-Za-z0-9-]{1,32}$/.test(k.id)) throw new Error(`key-encryption key id ${k.id} must be 1-32 of [A-Za-z0-9-]`);
    }
    this.#active = first;
    this.#keys = new Map(keyring.map((k) => [k.id, createSecretKey(k.key)]));
  }

  get activeKeyId(): string {
    return this.#active.id;
  }

  /** The ids of the keyring's keys, the active one first. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  holds(kid: string): boolean {
    return this.#keys.has(kid);
  }

  seal(plaintext: string | Buffer, context: string): string {
    return this.sealWith(this.#active.id, plaintext, context);
  }

  /** Seals under a given key of the ring (start-up checks record a value per key in use). */
  sealWith(kid: string, plaintext: string | Buffer, context: string): string {
    const key = this.#keys.get(kid);
    if (!key) throw new Error(`unknown key-encryption key ${kid}`);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return [FORMAT, kid, iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  open(sealed: string, context: string): Buffer {
    const [format, kid, iv, ct, tag] = sealed.split('.');
    const key = kid === undefined ? undefined : this.#keys.get(kid);
    if (format !== FORMAT || !key || iv === undefined || ct === undefined || tag === undefined) {
      throw new Error(`cannot open secret: unknown format or key-encryption key ${kid ?? '?'}`);
    }
    const tagBytes = Buffer.from(tag, 'base64url');
    // GCM accepts truncated tags (down to 4 bytes) unless told otherwise; a shorter tag is a
    // forgery that is far cheaper to find, so only the full 16 bytes that seal() writes open.
    if (tagBytes.length !== TAG_LENGTH) throw new Error('cannot open secret: bad authentication tag');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_LENGTH });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]);
  }

  openString(sealed: string, context: string): string {
    return this.open(sealed, context).toString('utf8');
  }

  /**
   * A keyed digest of a low-entropy secret (a 6-digit code): without the KEK a copy of the
   * database cannot brute-force it. Returns `<kid>.<mac>` so that verification after a KEK
   * rotation still uses the key that made it.
   */
  mac(data: string, purpose: string, kid: string = this.#active.id): string {
    const name = `${kid}\n${purpose}`;
    let key = this.#macKeys.get(name);
    if (!key) {
      const kek = this.#keys.get(kid);
      if (!kek) throw new Error(`unknown key-encryption key ${kid}`);
      key = createSecretKey(Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), `alcove mac ${purpose}`, 32)));
      this.#macKeys.set(name, key);
    }
    return `${kid}.${createHmac('sha256', key).update(data).digest('base64url')}`;
  }

  /** Recomputes a `mac()` value with the key it names, for comparison. */
  remac(data: string, purpose: string, existing: string): string | undefined {
    const kid = existing.slice(0, existing.indexOf('.'));
    return this.#keys.has(kid) ? this.mac(data, purpose, kid) : undefined;
  }

  /** True when the value was sealed with an older key and should be re-sealed. */
  isStale(sealed: string): boolean {
    return keyIdOf(sealed) !== this.#active.id;
  }
}

/** The id of the key-encryption key a sealed value names. */
export function keyIdOf(sealed: string): string {
  return sealed.split('.')[1] ?? '';
}

/** Parses `id:base64,id:base64` (first is active) or a single bare base64 key. */
export function parseKeyring(spec: string): Kek[] {
  return spec.split(',').map((part, i) => {
    const trimmed = part.trim();
    const colon = trimmed.indexOf(':');
    const [id, b64] = colon > 0 ? [trimmed.slice(0, colon), trimmed.slice(colon + 1)] : [`k${i}`, trimmed];
    return { id, key: Buffer.from(b64, 'base64') };
  });
}

interface KeyVaultSource {
  kek?: string | undefined;
  dataDir: string;
  /** When true a missing KEK is an error instead of being generated (shared databases). */
  requireConfigured?: boolean;
}

/** Loads the keyring from settings, or from (creating if needed) `<dataDir>/kek` with mode 0600. */
export function loadKeyVault(source: KeyVaultSource): { vault: KeyVault; generatedAt?: string } {
  if (source.kek) return { vault: new KeyVault(parseKeyring(source.kek)) };
  if (source.requireConfigured) {
    throw new Error('a shared database needs the same key-encryption key on every node: set ALCOVE_KEK (base64 of 32 random bytes)');
  }
  const file = path.join(source.dataDir, 'kek');
  if (existsSync(file)) return { vault: new KeyVault(parseKeyring(readFileSync(file, 'utf8').trim())) };
  ensurePrivateDir(source.dataDir);
  writeFileSync(file, `k1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { vault: new KeyVault(parseKeyring(readFileSync(file, 'utf8').trim())), generatedAt: file };
}

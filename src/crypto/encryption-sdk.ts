/**
 * The codes Cognito gives CustomEmailSender / CustomSMSSender functions are AWS Encryption SDK
 * messages (base64), their data key wrapped by KMS under the pool's KMSKeyID. Alcove writes the
 * same message format without KMS: the data key is wrapped the way the Encryption SDK's raw AES
 * keyring wraps it, under a 256-bit key configured for that KMSKeyID (`kmsKeys`).
 *
 * What is written (the Encryption SDK's documented message format, version 2):
 * algorithm suite 0x0478 (AES-256-GCM, HKDF-SHA512 key derivation, key commitment, no
 * signature), an empty encryption context, one encrypted data key (provider id = the key
 * namespace, `alcove`; provider info = key name (the KMSKeyID) ‖ tag length in bits ‖ IV length
 * ‖ IV; the wrapped key = AES-256-GCM ciphertext ‖ tag over the empty encryption context),
 * framed content (4,096-byte frames; a code fits the final frame). A handler decrypts it with
 * examples/custom-sender-decrypt.mjs, or with the Encryption SDK itself through a raw AES keyring
 * of that namespace, name and key (not KMS: that is the one part that differs).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export const KEY_NAMESPACE = 'alcove';
const SUITE = 0x0478;
const FRAME_LENGTH = 4096;
const TAG = 16;
const IV = 12;

export interface WrappingKey {
  /** The key's name in the keyring: the pool's KMSKeyID. */
  name: string;
  /** 32 bytes. */
  key: Buffer;
}

const u16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const u64 = (n: number) => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; };
const withLength = (b: Buffer) => Buffer.concat([u16(b.length), b]);

function gcmSeal(key: Buffer, iv: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG });
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function gcmOpen(key: Buffer, iv: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG)), decipher.final()]);
}

/** The derived encryption key and the commitment key of suite 0x0478. */
function deriveKeys(dataKey: Buffer, messageId: Buffer): { encryptionKey: Buffer; commitKey: Buffer } {
  const info = Buffer.concat([u16(SUITE), Buffer.from('DERIVEKEY', 'utf8')]);
  return {
    encryptionKey: Buffer.from(hkdfSync('sha512', dataKey, messageId, info, 32)),
    commitKey: Buffer.from(hkdfSync('sha512', dataKey, messageId, Buffer.from('COMMITKEY', 'utf8'), 32)),
  };
}

const frameIv = (sequence: number) => Buffer.concat([Buffer.alloc(8), u32(sequence)]);
const bodyAad = (messageId: Buffer, final: boolean, sequence: number, length: number) => Buffer.concat([
  messageId, Buffer.from(final ? 'AWSKMSEncryptionClient Final Frame' : 'AWSKMSEncryptionClient Frame', 'utf8'), u32(sequence), u64(length),
]);

/** An Encryption SDK message of `plaintext`, its data key wrapped under `wrapping`. */
export function encryptMessage(plaintext: Buffer, wrapping: WrappingKey): Buffer {
  if (wrapping.key.length !== 32) throw new Error('the wrapping key must be 32 bytes');
  const dataKey = randomBytes(32);
  const messageId = randomBytes(32);
  const { encryptionKey, commitKey } = deriveKeys(dataKey, messageId);

  const wrapIv = randomBytes(IV);
  const providerInfo = Buffer.concat([Buffer.from(wrapping.name, 'utf8'), u32(TAG * 8), u32(IV), wrapIv]);
  const wrapped = gcmSeal(wrapping.key, wrapIv, dataKey, Buffer.alloc(0));
  const header = Buffer.concat([
    Buffer.from([0x02]), u16(SUITE), messageId,
    u16(0), // empty encryption context
    u16(1), withLength(Buffer.from(KEY_NAMESPACE, 'utf8')), withLength(providerInfo), withLength(wrapped),
    Buffer.from([0x02]), u32(FRAME_LENGTH), commitKey,
  ]);
  const headerTag = gcmSeal(encryptionKey, Buffer.alloc(IV), Buffer.alloc(0), header);

  const frames: Buffer[] = [];
  let sequence = 1;
  let offset = 0;
  for (; plaintext.length - offset >= FRAME_LENGTH; offset += FRAME_LENGTH, sequence++) {
    const chunk = plaintext.subarray(offset, offset + FRAME_LENGTH);
    frames.push(u32(sequence), frameIv(sequence), gcmSeal(encryptionKey, frameIv(sequence), chunk, bodyAad(messageId, false, sequence, chunk.length)));
  }
  const last = plaintext.subarray(offset);
  const sealedLast = gcmSeal(encryptionKey, frameIv(sequence), last, bodyAad(messageId, true, sequence, last.length));
  frames.push(u32(0xffffffff), u32(sequence), frameIv(sequence), u32(last.length), sealedLast);
  return Buffer.concat([header, headerTag, ...frames]);
}

/** The plaintext of a message `encryptMessage` wrote (or any message of that shape); throws when it is not one or was altered. */
export function decryptMessage(message: Buffer, wrapping: WrappingKey): Buffer {
  let at = 0;
  const take = (n: number) => {
    if (at + n > message.length) throw new Error('truncated message');
    const out = message.subarray(at, at + n);
    at += n;
    return out;
  };
  const read16 = () => take(2).readUInt16BE();
  const read32 = () => take(4).readUInt32BE();
  if (take(1)[0] !== 0x02 || read16() !== SUITE) throw new Error('not a version 2 message of suite 0x0478');
  const messageId = take(32);
  const aadLength = read16();
  if (aadLength !== 0) take(aadLength);
  const count = read16();
  let dataKey: Buffer | undefined;
  for (let i = 0; i < count; i++) {
    const providerId = take(read16()).toString('utf8');
    const info = take(read16());
    const wrapped = take(read16());
    const name = Buffer.from(wrapping.name, 'utf8');
    if (dataKey || providerId !== KEY_NAMESPACE || info.length !== name.length + 8 + IV || !info.subarray(0, name.length).equals(name)) continue;
    try {
      dataKey = gcmOpen(wrapping.key, info.subarray(name.length + 8), wrapped, Buffer.alloc(0));
    } catch {
      // another key of the same name: try the next data key
    }
  }
  if (take(1)[0] !== 0x02) throw new Error('not framed content');
  const frameLength = read32();
  const commitment = take(32);
  const headerEnd = at;
  const headerTag = take(TAG);
  if (!dataKey) throw new Error('no data key of this message opens with that key');
  const { encryptionKey, commitKey } = deriveKeys(dataKey, messageId);
  if (!timingSafeEqual(commitKey, commitment)) throw new Error('key commitment mismatch');
  gcmOpen(encryptionKey, Buffer.alloc(IV), headerTag, message.subarray(0, headerEnd));
  const parts: Buffer[] = [];
  for (let expected = 1; ; expected++) {
    const first = read32();
    const final = first === 0xffffffff;
    const sequence = final ? read32() : first;
    if (sequence !== expected) throw new Error('frames out of order');
    const iv = take(IV);
    const length = final ? read32() : frameLength;
    const sealed = take(length + TAG);
    parts.push(gcmOpen(encryptionKey, iv, sealed, bodyAad(messageId, final, sequence, length)));
    if (final) break;
  }
  if (at !== message.length) throw new Error('trailing bytes after the final frame');
  return Buffer.concat(parts);
}

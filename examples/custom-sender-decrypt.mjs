// Decrypts the `request.code` Alcove gives CustomEmailSender / CustomSMSSender functions. No
// dependencies: copy this file next to your handler. Where Cognito wraps the message's data key
// with KMS under the pool's KMSKeyID, Alcove wraps it under the key its config file's `kmsKeys`
// names for that KMSKeyID (base64 of 32 bytes); give the same two values here:
//
//   import { decryptCode } from './custom-sender-decrypt.mjs';
//   export const handler = async (event) => {
//     const code = decryptCode(event.request.code, { keyId: process.env.KMS_KEY_ID, key: process.env.SENDER_KEY });
//     ... send `code` (a verification code, or the temporary password of AdminCreateUser) ...
//   };
//
// The code is an AWS Encryption SDK message (format version 2, suite 0x0478: AES-256-GCM,
// HKDF-SHA512, key commitment, unsigned) whose data key is wrapped as the SDK's raw AES keyring
// wraps it (namespace `alcove`, key name = the KMSKeyID): the SDK itself decrypts it with
// RawAesKeyringNode({ keyNamespace: 'alcove', keyName, unencryptedMasterKey, wrappingSuite: AES256_GCM_IV12_TAG16_NO_PADDING }).
import { createDecipheriv, hkdfSync, timingSafeEqual } from 'node:crypto';

const SUITE = 0x0478;
const TAG = 16;
const IV = 12;
const FRAME = 'AWSKMSEncryptionClient Frame';
const FINAL = 'AWSKMSEncryptionClient Final Frame';

function open(key, iv, sealed, aad) {
  const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG });
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG)), d.final()]);
}

/** `code`: base64 as in the event; `key`: base64 of the 32-byte key (or a Buffer); returns the plaintext code. */
export function decryptCode(code, { keyId, key }) {
  const wrappingKey = Buffer.isBuffer(key) ? key : Buffer.from(key, 'base64');
  const msg = Buffer.from(code, 'base64');
  let at = 0;
  const take = (n) => {
    if (at + n > msg.length) throw new Error('truncated message');
    at += n;
    return msg.subarray(at - n, at);
  };
  const u16 = () => take(2).readUInt16BE();
  const u32 = () => take(4).readUInt32BE();
  if (take(1)[0] !== 2 || u16() !== SUITE) throw new Error('not an Encryption SDK message of suite 0x0478');
  const messageId = take(32);
  take(u16()); // encryption context (Alcove writes none)
  const name = Buffer.from(keyId, 'utf8');
  let dataKey;
  for (let count = u16(); count > 0; count--) {
    const provider = take(u16()).toString('utf8');
    const info = take(u16());
    const wrapped = take(u16());
    if (dataKey || provider !== 'alcove' || info.length !== name.length + 8 + IV || !info.subarray(0, name.length).equals(name)) continue;
    try { dataKey = open(wrappingKey, info.subarray(name.length + 8), wrapped, Buffer.alloc(0)); } catch { /* not this key */ }
  }
  if (take(1)[0] !== 2) throw new Error('not framed content');
  const frameLength = u32();
  const commitment = take(32);
  const headerEnd = at;
  const headerTag = take(TAG);
  if (!dataKey) throw new Error('no data key opens with this key');
  const suite = Buffer.alloc(2);
  suite.writeUInt16BE(SUITE);
  const encryptionKey = Buffer.from(hkdfSync('sha512', dataKey, messageId, Buffer.concat([suite, Buffer.from('DERIVEKEY')]), 32));
  const commitKey = Buffer.from(hkdfSync('sha512', dataKey, messageId, Buffer.from('COMMITKEY'), 32));
  if (!timingSafeEqual(commitKey, commitment)) throw new Error('key commitment mismatch');
  open(encryptionKey, Buffer.alloc(IV), headerTag, msg.subarray(0, headerEnd));
  const parts = [];
  for (let expected = 1; ; expected++) {
    const first = u32();
    const final = first === 0xffffffff;
    const sequence = final ? u32() : first;
    if (sequence !== expected) throw new Error('frames out of order');
    const iv = take(IV);
    const length = final ? u32() : frameLength;
    const aad = Buffer.alloc(12);
    aad.writeUInt32BE(sequence, 0);
    aad.writeBigUInt64BE(BigInt(length), 4);
    parts.push(open(encryptionKey, iv, take(length + TAG), Buffer.concat([messageId, Buffer.from(final ? FINAL : FRAME), aad])));
    if (final) break;
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * The custom senders' code encryption (src/crypto/encryption-sdk.ts): the Encryption SDK message
 * Alcove writes opens with the handlers' helper (examples/custom-sender-decrypt.mjs) and with the
 * server's own reader, for any plaintext (fast-check; several frames included); a wrong key, a
 * wrong key name or any altered byte fails.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decryptMessage, encryptMessage } from '../../src/crypto/encryption-sdk.ts';
// @ts-expect-error: a plain JavaScript recipe without declarations
import { decryptCode } from '../../examples/custom-sender-decrypt.mjs';

const wrapping = { name: 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555', key: randomBytes(32) };
const helper = (message: Buffer, w = wrapping): string => decryptCode(message.toString('base64'), { keyId: w.name, key: w.key.toString('base64') });

describe('Encryption SDK messages for the custom senders', () => {
  it('round-trips any text through both readers, across frame boundaries', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 3000 }), fc.nat({ max: 2 }), (text, repeat) => {
      const plaintext = text.repeat(repeat + 1);
      const message = encryptMessage(Buffer.from(plaintext, 'utf8'), wrapping);
      assert.equal(decryptMessage(message, wrapping).toString('utf8'), plaintext);
      assert.equal(helper(message), plaintext);
    }), { numRuns: 60 });
    const large = randomBytes(4096 * 2 + 17).toString('hex');
    assert.equal(helper(encryptMessage(Buffer.from(large), wrapping)), large);
    const exact = 'x'.repeat(4096);
    assert.equal(helper(encryptMessage(Buffer.from(exact), wrapping)), exact);
  });

  it('lays out a version 2 header of suite 0x0478 with one data key of namespace alcove', () => {
    const message = encryptMessage(Buffer.from('123456'), wrapping);
    assert.equal(message[0], 0x02);
    assert.equal(message.readUInt16BE(1), 0x0478);
    assert.equal(message.readUInt16BE(35), 0, 'empty encryption context');
    assert.equal(message.readUInt16BE(37), 1, 'one encrypted data key');
    assert.equal(message.subarray(41, 41 + message.readUInt16BE(39)).toString(), 'alcove');
  });

  it('fails with another key, another key name, or any byte changed', () => {
    const message = encryptMessage(Buffer.from('654321'), wrapping);
    assert.throws(() => helper(message, { ...wrapping, key: randomBytes(32) }));
    assert.throws(() => helper(message, { ...wrapping, name: 'arn:aws:kms:us-east-1:000000000000:key/other' }));
    for (let i = 0; i < message.length; i++) {
      const altered = Buffer.from(message);
      altered[i]! ^= 0x01;
      assert.throws(() => decryptMessage(altered, wrapping), `byte ${i}`);
      assert.throws(() => helper(altered), `byte ${i}`);
    }
  });
});

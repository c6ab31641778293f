/** The cache of verified access-token signatures: exact token, same key, until exp, bounded. */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';
import { decodeJws } from '../../src/userPools/tokens/jws.ts';
import { VerifiedTokens } from '../../src/userPools/tokens/verified-tokens.ts';

const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function token(privateKey: ReturnType<typeof pair>['privateKey'], payload: Record<string, unknown>): string {
  const input = `${b64({ alg: 'RS256', kid: 'k' })}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

test('remembers a verified token for its key until exp, and nothing else', () => {
  const a = pair();
  const b = pair();
  const now = 1_700_000_000_000;
  const cache = new VerifiedTokens(2);
  const good = token(a.privateKey, { sub: 'u', exp: now / 1000 + 60 });
  const check = (t: string, key = a.publicKey, at = now) => cache.verify(t, decodeJws(t)!, key, at);

  assert.equal(check(good), true);
  assert.equal(cache.size, 1);
  assert.equal(check(good), true);
  // Another key (a rotated or reloaded one) verifies afresh: this one did not sign it.
  assert.equal(check(good, b.publicKey), false);
  assert.equal(check(good), true);
  // A different signature on the same claims is another token: verified, and refused.
  const [h, p] = good.split('.');
  const forged = `${h}.${p}.${token(b.privateKey, { sub: 'u', exp: now / 1000 + 60 }).split('.')[2]}`;
  assert.equal(check(forged), false);
  // After exp the entry no longer answers (verification itself still passes: expiry is the caller's check).
  assert.equal(check(good, a.publicKey, now + 61_000), true);
  assert.equal(cache.size, 0, 'an expired token is not kept');
  // Bounded: the oldest entry makes room.
  for (let i = 0; i < 3; i++) check(token(a.privateKey, { sub: `u${i}`, exp: now / 1000 + 60 }));
  assert.equal(cache.size, 2);
});

test('hands back the decoded form of a verified token, frozen, until exp; nothing for a token never verified', () => {
  const a = pair();
  const now = 1_700_000_000_000;
  const cache = new VerifiedTokens();
  const good = token(a.privateKey, { sub: 'u', exp: now / 1000 + 60, scope: ['x'] });
  assert.equal(cache.known(good, now), undefined, 'not verified yet');
  // A token that fails verification is not remembered.
  const [h, p] = good.split('.');
  const forged = `${h}.${p}.${token(pair().privateKey, { sub: 'u', exp: now / 1000 + 60 }).split('.')[2]}`;
  assert.equal(cache.verify(forged, decodeJws(forged)!, a.publicKey, now), false);
  assert.equal(cache.known(forged, now), undefined);

  assert.equal(cache.verify(good, decodeJws(good)!, a.publicKey, now), true);
  const known = cache.known(good, now);
  assert.ok(known);
  assert.equal(known.key, a.publicKey, 'with the key that verified it');
  assert.deepEqual(known.decoded.payload, { sub: 'u', exp: now / 1000 + 60, scope: ['x'] });
  // Shared by every call that presents the token: no caller can change what the next one reads.
  assert.ok(Object.isFrozen(known.decoded.payload) && Object.isFrozen(known.decoded.payload.scope) && Object.isFrozen(known.decoded.header));
  assert.equal(cache.known(good, now + 60_000), undefined, 'not at or after exp');
  assert.equal(cache.size, 0);
});

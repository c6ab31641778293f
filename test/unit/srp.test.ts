/**
 * Server SRP math against the REAL client math of amazon-cognito-identity-js
 * (AuthenticationHelper / BigInteger / DateHelper), user pools and device SRP.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import {
  N,
  SrpError,
  TIMESTAMP_FORMAT_MESSAGE,
  canonicalSrpTimestamp,
  computeVerifier,
  computeX,
  fakeB,
  fakeSaltFor,
  fakeUserIdFor,
  fakeVerifier,
  formatSrpTimestamp,
  generateSalt,
  isAcceptableVerifier,
  k,
  modPowN,
  padHex,
  parseSrpA,
  parseSrpTimestamp,
  startSrp,
  usingOpenSsl,
  verifierMatchesPassword,
  verifyPasswordClaim,
} from '../../src/userPools/srp/index.ts';
import { bigIntFromBytes, bigIntToBytes, modPowBigInt } from '../../src/userPools/srp/math.ts';

// ---- identity-js (CommonJS, untyped): minimal structural types ------------------------------------

interface JsbnBigInteger {
  toString(radix: number): string;
}
interface JsbnBigIntegerCtor {
  new (value: string, radix: number): JsbnBigInteger;
}
interface IdjsAuthenticationHelper {
  k: JsbnBigInteger;
  getLargeAValue(cb: (err: unknown, A: JsbnBigInteger) => void): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    serverBValue: JsbnBigInteger,
    salt: JsbnBigInteger,
    cb: (err: unknown, hkdf: Buffer) => void,
  ): void;
  generateHashDevice(deviceGroupKey: string, username: string, cb: (err: unknown) => void): void;
  getRandomPassword(): string;
  getSaltDevices(): string;
  getVerifierDevices(): string;
  padHex(n: JsbnBigInteger): string;
}
interface IdjsAuthenticationHelperCtor {
  new (poolName: string): IdjsAuthenticationHelper;
}

const require = createRequire(import.meta.url);
const AuthenticationHelper = (
  require('amazon-cognito-identity-js/lib/AuthenticationHelper.js') as { default: IdjsAuthenticationHelperCtor }
).default;
const BigInteger = (require('amazon-cognito-identity-js/lib/BigInteger.js') as { default: JsbnBigIntegerCtor })
  .default;
const DateHelper = (
  require('amazon-cognito-identity-js/lib/DateHelper.js') as { default: new () => { getNowString(): string } }
).default;

// ---- a client, driven exactly like CognitoUser.authenticateUserDefaultAuth -----------------------

interface Client {
  helper: IdjsAuthenticationHelper;
  srpAHex: string;
}

function newClient(poolName: string): Client {
  const helper = new AuthenticationHelper(poolName);
  let A: JsbnBigInteger | undefined;
  helper.getLargeAValue((err, value) => {
    if (err) throw err;
    A = value;
  });
  assert.ok(A, 'identity-js computes A synchronously');
  return { helper, srpAHex: A.toString(16) };
}

/** The client half of PASSWORD_VERIFIER: returns PASSWORD_CLAIM_SIGNATURE. */
function clientSignature(
  client: Client,
  poolName: string,
  userIdForSrp: string,
  password: string,
  challenge: { SALT: string; SRP_B: string; SECRET_BLOCK: string },
  timestamp: string,
): string {
  let hkdf: Buffer | undefined;
  client.helper.getPasswordAuthenticationKey(
    userIdForSrp,
    password,
    new BigInteger(challenge.SRP_B, 16),
    new BigInteger(challenge.SALT, 16),
    (err, key) => {
      if (err) throw err;
      hkdf = key;
    },
  );
  assert.ok(hkdf, 'identity-js derives the key synchronously');
  const message = Buffer.concat([
    Buffer.from(poolName, 'utf8'),
    Buffer.from(userIdForSrp, 'utf8'),
    Buffer.from(challenge.SECRET_BLOCK, 'base64'),
    Buffer.from(timestamp, 'utf8'),
  ]);
  return createHmac('sha256', hkdf).update(message).digest('base64');
}

/** A full sign-in: client A → server step 1 → client signature → server step 2. */
function handshake(opts: {
  poolName: string;
  userIdForSrp: string;
  password: string; // what the client types
  salt: Buffer;
  verifier: Buffer; // what the server stored
  timestamp?: string;
  signTimestamp?: string; // what the client signs (defaults to timestamp)
  tamperSecretBlock?: boolean;
}): boolean {
  const client = newClient(opts.poolName);
  parseSrpA(client.srpAHex);
  const { b, B, srpBHex } = startSrp(opts.verifier);
  const secretBlock = randomBytes(64); // stands in for the sealed blob
  const challenge = { SALT: opts.salt.toString('hex'), SRP_B: srpBHex, SECRET_BLOCK: secretBlock.toString('base64') };
  const timestamp = opts.timestamp ?? new DateHelper().getNowString();
  const signature = clientSignature(
    client,
    opts.poolName,
    opts.userIdForSrp,
    opts.password,
    challenge,
    opts.signTimestamp ?? timestamp,
  );
  const echoed = Buffer.from(secretBlock);
  if (opts.tamperSecretBlock) echoed[10] ^= 1;
  return verifyPasswordClaim({
    poolName: opts.poolName,
    userIdForSrp: opts.userIdForSrp,
    srpAHex: client.srpAHex,
    b,
    B,
    verifier: opts.verifier,
    secretBlock: echoed,
    timestamp,
    signatureB64: signature,
  });
}

const POOL = 'AbCd1234';

function userFixture(password = 'P@ssw0rd!', userIdForSrp = '3f0c2b8e-1d2a-4c55-9a57-0c1e4f6a9b21') {
  const salt = generateSalt();
  return { poolName: POOL, userIdForSrp, password, salt, verifier: computeVerifier(POOL, userIdForSrp, password, salt) };
}

// ---------------------------------------------------------------------------------------------

describe('group constants and encodings', () => {
  test('k matches the known vector and identity-js', () => {
    assert.ok(k.toString(16).startsWith('538282c4354742d7'));
    assert.equal(k.toString(16), new AuthenticationHelper(POOL).k.toString(16));
  });

  test('N is the RFC 3526 3072-bit prime', () => {
    assert.equal(N.toString(2).length, 3072);
    assert.equal(N % 8n, 7n); // so g = 2 is a quadratic residue (order q = (N-1)/2)
  });

  test('padHex agrees with identity-js', () => {
    const helper = new AuthenticationHelper(POOL);
    const samples = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x7fffn, 0x8000n, N, N - 1n, k];
    for (let i = 0; i < 200; i++) samples.push(bigIntFromBytes(randomBytes(1 + (i % 40))));
    for (const n of samples) {
      assert.equal(padHex(n), helper.padHex(new BigInteger(n.toString(16), 16)).toLowerCase(), n.toString(16));
    }
  });

  test('OpenSSL-backed modPowN agrees with BigInt, incl. the bases OpenSSL refuses', () => {
    assert.equal(usingOpenSsl(), true);
    const bases = [0n, 1n, 2n, 3n, N - 2n, N - 1n, N, N + 1n, 2n * N - 1n, bigIntFromBytes(randomBytes(400))];
    const exps = [0n, 1n, 2n, 3n, bigIntFromBytes(randomBytes(32)), bigIntFromBytes(randomBytes(5))];
    for (const base of bases) {
      for (const e of exps) assert.equal(modPowN(base, e), modPowBigInt(base, e), `${base} ^ ${e}`);
    }
  });

  test('the OpenSSL engine is ready at once in a new process (no primality test of N blocking the first sign-in)', () => {
    // OpenSSL 3.5 (Node 24) spends seconds testing an explicitly given prime; the named group does not.
    const math = new URL('../../src/userPools/srp/math.ts', import.meta.url).href;
    const script = `const { usingOpenSsl } = await import(${JSON.stringify(math)}); const t = performance.now(); `
      + 'const ok = usingOpenSsl(); console.log(JSON.stringify({ ok, ms: performance.now() - t }));';
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const { ok, ms } = JSON.parse(out) as { ok: boolean; ms: number };
    assert.equal(ok, true);
    assert.ok(ms < 1_000, `the first modPowN waited ${Math.round(ms)} ms for its engine`);
  });
});

describe('verifiers', () => {
  test('computeVerifier = g^x (constant-length exponent trick is exact)', () => {
    for (let i = 0; i < 5; i++) {
      const salt = generateSalt();
      const x = computeX(POOL, `user${i}`, 'pw', salt);
      const v = computeVerifier(POOL, `user${i}`, 'pw', salt);
      assert.equal(v.length, 384);
      assert.equal(bigIntFromBytes(v), modPowBigInt(2n, x));
    }
  });

  test('device verifier from identity-js generateHashDevice matches computeVerifier', () => {
    for (let i = 0; i < 5; i++) {
      const helper = new AuthenticationHelper(POOL);
      const groupKey = '-9b0ne3AP';
      const deviceKey = `us-east-1_${randomUUID()}`;
      helper.generateHashDevice(groupKey, deviceKey, (err) => {
        if (err) throw err;
      });
      // what ConfirmDevice carries: base64 of the padHex bytes
      const salt = Buffer.from(Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'), 'base64');
      const clientVerifier = Buffer.from(helper.getVerifierDevices(), 'hex');
      const ours = computeVerifier(groupKey, deviceKey, helper.getRandomPassword(), salt);
      assert.equal(bigIntFromBytes(ours), bigIntFromBytes(clientVerifier));
      assert.equal(isAcceptableVerifier(clientVerifier), true);
    }
  });

  test('verifierMatchesPassword (USER_PASSWORD_AUTH)', () => {
    const u = userFixture('pässwörd 🔑');
    assert.equal(verifierMatchesPassword(POOL, u.userIdForSrp, u.password, u.salt, u.verifier), true);
    assert.equal(verifierMatchesPassword(POOL, u.userIdForSrp, 'pässwörd 🔐', u.salt, u.verifier), false);
    assert.equal(verifierMatchesPassword(POOL, 'other-user', u.password, u.salt, u.verifier), false);
    assert.equal(verifierMatchesPassword('OtherPool', u.userIdForSrp, u.password, u.salt, u.verifier), false);
    // any stored width: padHex style (maybe 385 bytes) or minimal
    const v = bigIntFromBytes(u.verifier);
    assert.equal(verifierMatchesPassword(POOL, u.userIdForSrp, u.password, u.salt, Buffer.from(padHex(v), 'hex')), true);
    assert.equal(verifierMatchesPassword(POOL, u.userIdForSrp, u.password, u.salt, bigIntToBytes(v)), true);
    assert.equal(verifierMatchesPassword(POOL, u.userIdForSrp, u.password, u.salt, Buffer.alloc(0)), false);
    assert.equal(verifierMatchesPassword(POOL, u.userIdForSrp, u.password, u.salt, randomBytes(500)), false);
  });

  test('salts with leading zero / high bit are handled like the client (padHex of the integer)', () => {
    const salts = [Buffer.from('00' + '11'.repeat(15), 'hex'), Buffer.from('ff'.repeat(16), 'hex'), Buffer.alloc(16)];
    for (const salt of salts) {
      const u = { ...userFixture(), salt };
      u.verifier = computeVerifier(POOL, u.userIdForSrp, u.password, salt);
      assert.equal(handshake(u), true, salt.toString('hex'));
    }
  });

  test('isAcceptableVerifier rejects degenerate values', () => {
    for (const v of [0n, 1n, N - 1n, N, N + 1n]) assert.equal(isAcceptableVerifier(bigIntToBytes(v)), false, String(v));
    assert.equal(isAcceptableVerifier(Buffer.alloc(0)), false);
    assert.equal(isAcceptableVerifier(randomBytes(400)), false);
    assert.equal(isAcceptableVerifier(bigIntToBytes(2n)), true);
  });
});

describe('USER_SRP_AUTH handshake against identity-js', () => {
  test('succeeds with the right password (several users, unicode)', () => {
    for (const [pw, id] of [
      ['P@ssw0rd!', 'alice'],
      ['pässwörd 🔑 with spaces', '3f0c2b8e-1d2a-4c55-9a57-0c1e4f6a9b21'],
      ['x', 'Ünïcødé-user'],
    ] as const) {
      assert.equal(handshake(userFixture(pw, id)), true, `${id}`);
    }
  });

  test('fails with a wrong password', () => {
    const u = userFixture();
    assert.equal(handshake({ ...u, password: 'P@ssw0rd?' }), false);
  });

  test('fails with another USER_ID_FOR_SRP or pool name on the client side', () => {
    const u = userFixture();
    assert.equal(handshake({ ...u, userIdForSrp: 'bob' }), false); // verifier was for another id
  });

  test('fails with a tampered secret block', () => {
    assert.equal(handshake({ ...userFixture(), tamperSecretBlock: true }), false);
  });

  test('timestamp: canonical passes, zero-padded day / wrong weekday fail, garbage throws', () => {
    const u = userFixture();
    const date = new Date(Date.UTC(2017, 3, 5, 22, 42, 34)); // Wed Apr 5
    const canonical = formatSrpTimestamp(date);
    assert.equal(canonical, 'Wed Apr 5 22:42:34 UTC 2017');
    assert.equal(handshake({ ...u, timestamp: canonical }), true);
    assert.equal(handshake({ ...u, timestamp: 'Wed Apr 05 22:42:34 UTC 2017' }), false);
    assert.equal(handshake({ ...u, timestamp: 'Thu Apr 5 22:42:34 UTC 2017' }), false);
    // a client that signed one string but sent another
    assert.equal(handshake({ ...u, timestamp: canonical, signTimestamp: 'Wed Apr 5 22:42:35 UTC 2017' }), false);
    assert.throws(
      () => handshake({ ...u, timestamp: '2017-04-05T22:42:34Z' }),
      (e: unknown) => e instanceof SrpError && e.code === 'INVALID_TIMESTAMP' && e.message === TIMESTAMP_FORMAT_MESSAGE,
    );
  });

  test('B mod N == 0 / A mod N == 0 / malformed A are refused', () => {
    for (const bad of ['', '0', '00', N.toString(16), (2n * N).toString(16), 'zz', '0x12', ' 12', '12 ', 'a'.repeat(1025)]) {
      assert.throws(() => parseSrpA(bad), (e: unknown) => e instanceof SrpError && e.code === 'INVALID_SRP_A', bad);
    }
    const u = userFixture();
    const { b, B } = startSrp(u.verifier);
    const base = {
      poolName: POOL, userIdForSrp: u.userIdForSrp, b, B, verifier: u.verifier,
      secretBlock: randomBytes(8), timestamp: formatSrpTimestamp(new Date()), signatureB64: randomBytes(32).toString('base64'),
    };
    for (const srpAHex of ['0', N.toString(16), 'not-hex', '']) assert.equal(verifyPasswordClaim({ ...base, srpAHex }), false);
    assert.equal(verifyPasswordClaim({ ...base, srpAHex: '02', B: bigIntToBytes(N) }), false);
    assert.equal(verifyPasswordClaim({ ...base, srpAHex: '02', b: Buffer.alloc(32) }), false);
    assert.equal(verifyPasswordClaim({ ...base, srpAHex: '02', verifier: bigIntToBytes(1n) }), false);
  });

  test('SRP_A in upper case / with leading zeros is the same integer the client meant', () => {
    // identity-js never sends these, but other clients may; u must use the integer value.
    const u = userFixture();
    const client = newClient(POOL);
    const { b, B, srpBHex } = startSrp(u.verifier);
    const secretBlock = randomBytes(16);
    const ts = formatSrpTimestamp(new Date());
    const sig = clientSignature(
      client, POOL, u.userIdForSrp, u.password,
      { SALT: u.salt.toString('hex'), SRP_B: srpBHex, SECRET_BLOCK: secretBlock.toString('base64') }, ts,
    );
    for (const srpAHex of [client.srpAHex, client.srpAHex.toUpperCase(), '0000' + client.srpAHex]) {
      assert.equal(
        verifyPasswordClaim({ poolName: POOL, userIdForSrp: u.userIdForSrp, srpAHex, b, B, verifier: u.verifier, secretBlock, timestamp: ts, signatureB64: sig }),
        true,
      );
    }
    // URL-safe / unpadded signature encodings are accepted too
    const urlSafe = sig.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    assert.equal(
      verifyPasswordClaim({ poolName: POOL, userIdForSrp: u.userIdForSrp, srpAHex: client.srpAHex, b, B, verifier: u.verifier, secretBlock, timestamp: ts, signatureB64: urlSafe }),
      true,
    );
  });
});

describe('device SRP against identity-js', () => {
  test('DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER with the generateHashDevice verifier', () => {
    const groupKey = '-9b0ne3AP';
    const deviceKey = `us-east-1_${randomUUID()}`;
    const confirming = new AuthenticationHelper(POOL);
    confirming.generateHashDevice(groupKey, deviceKey, (err) => {
      if (err) throw err;
    });
    const salt = Buffer.from(confirming.getSaltDevices(), 'hex');
    const verifier = Buffer.from(confirming.getVerifierDevices(), 'hex');
    const randomPassword = confirming.getRandomPassword();
    // identity-js's getDeviceResponse: new AuthenticationHelper(deviceGroupKey), username := deviceKey
    assert.equal(handshake({ poolName: groupKey, userIdForSrp: deviceKey, password: randomPassword, salt, verifier }), true);
    assert.equal(handshake({ poolName: groupKey, userIdForSrp: deviceKey, password: 'nope', salt, verifier }), false);
    assert.equal(handshake({ poolName: POOL, userIdForSrp: deviceKey, password: randomPassword, salt, verifier }), false);
  });
});

describe('timestamps', () => {
  test('format matches identity-js DateHelper', () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const before = formatSrpTimestamp(new Date());
      const theirs = new DateHelper().getNowString();
      const after = formatSrpTimestamp(new Date());
      if (before !== after) continue; // crossed a second boundary; retry
      assert.equal(theirs, before);
      return;
    }
    assert.fail('clock kept ticking');
  });

  test('known examples', () => {
    assert.equal(formatSrpTimestamp(new Date(Date.UTC(2026, 10, 27, 2, 35, 5))), 'Fri Nov 27 02:35:05 UTC 2026');
    assert.equal(formatSrpTimestamp(new Date(Date.UTC(2024, 0, 1, 0, 0, 0))), 'Mon Jan 1 00:00:00 UTC 2024');
  });

  test('lenient parse, canonical re-format', () => {
    const t = Date.UTC(2017, 3, 5, 22, 42, 34);
    for (const s of [
      'Wed Apr 5 22:42:34 UTC 2017',
      'Wed Apr 05 22:42:34 UTC 2017',
      'wed APR 5 22:42:34 GMT 2017',
      'Wednesday April 5 22:42:34 UTC 2017',
      'Wed  Apr  5  22:42:34  UTC  2017',
      'Thu Apr 5 22:42:34 UTC 2017', // wrong weekday parses, canonicalizes to Wed
      'Wed Apr 5 15:42:34 PDT 2017',
      'Wed Apr 5 23:42:34 +0100 2017',
      'Wed Apr 5 23:42:34 GMT+01:00 2017',
      'Wed Apr 5 22:42:34 Z 2017',
    ]) {
      assert.equal(parseSrpTimestamp(s)?.getTime(), t, s);
      assert.equal(canonicalSrpTimestamp(s), 'Wed Apr 5 22:42:34 UTC 2017', s);
    }
    // Java-lenient roll-over: Feb 30 → Mar 2 (2017)
    assert.equal(canonicalSrpTimestamp('Thu Feb 30 00:00:00 UTC 2017'), 'Thu Mar 2 00:00:00 UTC 2017');
    for (const s of ['', 'garbage', '2017-04-05T22:42:34Z', 'Wed Apr 5 22:42 UTC 2017', 'Wed Foo 5 22:42:34 UTC 2017',
      'Xyz Apr 5 22:42:34 UTC 2017', 'Wed Apr 5 22:42:34 Mars 2017', 'Wed Apr 5 22:42:34 UTC 17', 'Wed Apr 5 22:42:34 UTC 2017 extra']) {
      assert.equal(parseSrpTimestamp(s), null, s);
    }
  });

  test('property: parse(format(d)) round-trips to the second', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        const d = new Date(Math.floor(ms / 1000) * 1000);
        const s = formatSrpTimestamp(d);
        assert.equal(parseSrpTimestamp(s)?.getTime(), d.getTime());
        assert.equal(canonicalSrpTimestamp(s), s);
      }),
      { numRuns: 500 },
    );
  });
});

describe('unknown users (PreventUserExistenceErrors)', () => {
  test('fakeSaltFor / fakeUserIdFor are deterministic and keyed', () => {
    const key = randomBytes(32);
    const s1 = fakeSaltFor(key, 'us-east-1_AbCd1234', 'ghost');
    assert.equal(s1.length, 16);
    assert.deepEqual(fakeSaltFor(key, 'us-east-1_AbCd1234', 'ghost'), s1);
    assert.notDeepEqual(fakeSaltFor(key, 'us-east-1_AbCd1234', 'ghost2'), s1);
    assert.notDeepEqual(fakeSaltFor(key, 'us-east-1_Other', 'ghost'), s1);
    assert.notDeepEqual(fakeSaltFor(randomBytes(32), 'us-east-1_AbCd1234', 'ghost'), s1);
    const id = fakeUserIdFor(key, 'us-east-1_AbCd1234', 'ghost');
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(fakeUserIdFor(key, 'us-east-1_AbCd1234', 'ghost'), id);
  });

  test('fakeB has the startSrp shape; a client can sign against it but step 2 fails', () => {
    const { b, B, srpBHex } = fakeB();
    assert.equal(b.length, 32);
    assert.equal(B.length, 384);
    assert.equal(BigInt('0x' + srpBHex), bigIntFromBytes(B));
    const client = newClient(POOL);
    const secretBlock = randomBytes(16);
    const ts = formatSrpTimestamp(new Date());
    const salt = fakeSaltFor('k', 'p', 'ghost');
    const sig = clientSignature(client, POOL, 'ghost', 'whatever', {
      SALT: salt.toString('hex'), SRP_B: srpBHex, SECRET_BLOCK: secretBlock.toString('base64'),
    }, ts);
    assert.equal(
      verifyPasswordClaim({ poolName: POOL, userIdForSrp: 'ghost', srpAHex: client.srpAHex, b, B, verifier: fakeVerifier(), secretBlock, timestamp: ts, signatureB64: sig }),
      false,
    );
  });
});

describe('robustness (fast-check)', () => {
  const u = userFixture();
  const { b, B } = startSrp(u.verifier);
  const ts = formatSrpTimestamp(new Date());

  const hexish = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.stringMatching(/^[0-9a-fA-F]{0,1100}$/),
    fc.constantFrom('0', N.toString(16), (N - 1n).toString(16), (N + 1n).toString(16), '1', '-1', '0x1'),
    fc.uint8Array({ minLength: 0, maxLength: 400 }).map((a) => Buffer.from(a).toString('hex')),
  );

  test('garbage SRP_A / signature never crash: false or SrpError', () => {
    fc.assert(
      fc.property(hexish, fc.oneof(fc.string({ maxLength: 50 }), fc.uint8Array({ minLength: 32, maxLength: 32 }).map((a) => Buffer.from(a).toString('base64'))), (srpAHex, signatureB64) => {
        assert.equal(
          verifyPasswordClaim({ poolName: POOL, userIdForSrp: u.userIdForSrp, srpAHex, b, B, verifier: u.verifier, secretBlock: Buffer.alloc(4), timestamp: ts, signatureB64 }),
          false,
        );
        try {
          parseSrpA(srpAHex);
        } catch (e) {
          assert.ok(e instanceof SrpError && e.code === 'INVALID_SRP_A');
        }
      }),
      { numRuns: 300 },
    );
  });

  test('garbage b / B / verifier / timestamp never crash: false or SrpError(INVALID_TIMESTAMP)', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ minLength: 0, maxLength: 400 }),
      fc.constantFrom(bigIntToBytes(0n), bigIntToBytes(1n), bigIntToBytes(N - 1n), bigIntToBytes(N), bigIntToBytes(N + 1n)),
    );
    fc.assert(
      fc.property(hexish, bytes, bytes, bytes, fc.oneof(fc.string({ maxLength: 40 }), fc.constant(ts)), (srpAHex, bb, BB, vv, timestamp) => {
        try {
          const ok = verifyPasswordClaim({
            poolName: POOL, userIdForSrp: 'x', srpAHex, b: bb, B: BB, verifier: vv,
            secretBlock: Buffer.alloc(0), timestamp, signatureB64: randomBytes(32).toString('base64'),
          });
          assert.equal(ok, false);
        } catch (e) {
          assert.ok(e instanceof SrpError && e.code === 'INVALID_TIMESTAMP', String(e));
        }
      }),
      { numRuns: 200 },
    );
  });

  test('startSrp never crashes on garbage verifiers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 400 }), (v) => {
        const r = startSrp(v);
        assert.equal(r.B.length, 384);
        assert.ok(bigIntFromBytes(r.B) < N && bigIntFromBytes(r.B) > 0n);
      }),
      { numRuns: 50 },
    );
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { KeyVault, loadKeyVault, parseKeyring } from '../../src/crypto/key-vault.ts';

const key = (byte: number) => Buffer.alloc(32, byte);

describe('KeyVault', () => {
  it('seals and opens, bound to the row it belongs to', () => {
    const vault = new KeyVault([{ id: 'a', key: key(1) }]);
    const sealed = vault.seal('verifier-bytes', 'user:1:credentials');
    assert.doesNotMatch(sealed, /verifier/);
    assert.equal(vault.openString(sealed, 'user:1:credentials'), 'verifier-bytes');
    assert.throws(() => vault.open(sealed, 'user:2:credentials'));
  });

  it('opens values sealed under an older key after rotation, seals with the new one', () => {
    const old = new KeyVault([{ id: 'a', key: key(1) }]);
    const sealed = old.seal('secret', 'ctx');
    const rotated = new KeyVault([{ id: 'b', key: key(2) }, { id: 'a', key: key(1) }]);
    assert.equal(rotated.openString(sealed, 'ctx'), 'secret');
    assert.ok(rotated.isStale(sealed));
    assert.ok(!rotated.isStale(rotated.seal('secret', 'ctx')));
    assert.throws(() => new KeyVault([{ id: 'b', key: key(2) }]).open(sealed, 'ctx'), /key-encryption key a/);
  });

  it('macs codes with a key derived from the KEK, verifiable after rotation', () => {
    const old = new KeyVault([{ id: 'a', key: key(1) }]);
    const mac = old.mac('123456', 'code');
    assert.notEqual(new KeyVault([{ id: 'a', key: key(9) }]).mac('123456', 'code'), mac);
    const rotated = new KeyVault([{ id: 'b', key: key(2) }, { id: 'a', key: key(1) }]);
    assert.equal(rotated.remac('123456', 'code', mac), mac);
    assert.notEqual(rotated.remac('654321', 'code', mac), mac);
  });

  it('parses keyrings and generates a 0600 key file once', (t) => {
    assert.deepEqual(parseKeyring(`x:${key(3).toString('base64')}`)[0]!.id, 'x');
    const dir = mkdtempSync(path.join(tmpdir(), 'alcove-kek-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const first = loadKeyVault({ dataDir: dir });
    assert.ok(first.generatedAt);
    assert.equal(statSync(path.join(dir, 'kek')).mode & 0o777, 0o600);
    const again = loadKeyVault({ dataDir: dir });
    assert.equal(again.generatedAt, undefined);
    assert.equal(again.vault.openString(first.vault.seal('x', 'c'), 'c'), 'x');
    assert.throws(() => loadKeyVault({ dataDir: dir, requireConfigured: true }), /ALCOVE_KEK/);
  });
});

describe('KeyVault tag length', () => {
  it('refuses a sealed value whose GCM tag was truncated', () => {
    const vault = new KeyVault([{ id: 'a', key: key(1) }]);
    const sealed = vault.seal('verifier-bytes', 'ctx');
    const parts = sealed.split('.');
    for (const bytes of [4, 8, 12, 15]) {
      const tag = Buffer.from(parts[4]!, 'base64url').subarray(0, bytes).toString('base64url');
      assert.throws(() => vault.open([...parts.slice(0, 4), tag].join('.'), 'ctx'), /authentication tag/, `a ${bytes}-byte tag is refused`);
    }
    assert.equal(vault.openString(sealed, 'ctx'), 'verifier-bytes');
  });
});

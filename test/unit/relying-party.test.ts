/** The passkey relying party's pure checks: which origins it accepts, and reading a credential's client data. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CognitoError } from '../../src/errors.ts';
import { clientDataOf, originAllowed } from '../../src/userPools/passkeys/relying-party.ts';

describe('passkey relying party', () => {
  it('accepts its host and subdomains over HTTPS, and plain HTTP only on localhost', () => {
    assert.equal(originAllowed('https://example.com', 'example.com'), true);
    assert.equal(originAllowed('https://login.example.com:8443', 'example.com'), true);
    assert.equal(originAllowed('http://localhost:3000', 'localhost'), true);
    assert.equal(originAllowed('http://example.com', 'example.com'), false, 'plain HTTP');
    assert.equal(originAllowed('https://badexample.com', 'example.com'), false, 'a suffix that is not a subdomain');
    assert.equal(originAllowed('https://example.com.evil.test', 'example.com'), false);
    assert.equal(originAllowed('not a url', 'example.com'), false);
  });

  it('reads clientDataJSON, and answers anything else with InvalidParameterException', () => {
    const encoded = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: 'abc', origin: 'https://example.com' })).toString('base64url');
    assert.deepEqual(clientDataOf({ response: { clientDataJSON: encoded } }), { type: 'webauthn.get', challenge: 'abc', origin: 'https://example.com' });
    fc.assert(fc.property(fc.anything(), (value) => {
      try {
        clientDataOf(value);
      } catch (e) {
        assert.ok(e instanceof CognitoError && e.name === 'InvalidParameterException', String(e));
      }
    }));
    fc.assert(fc.property(fc.string(), (text) => {
      try {
        clientDataOf({ response: { clientDataJSON: Buffer.from(text).toString('base64url') } });
      } catch (e) {
        assert.ok(e instanceof CognitoError && e.name === 'InvalidParameterException', String(e));
      }
    }));
  });
});

/**
 * The OAuth parameter helpers (pure): forms and queries as single strings, redirect URIs with
 * parameters added, and the self-signed certificate's DER (read back by node:crypto's X.509).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { isOAuthError } from '../../src/userPools/oauth/errors.ts';
import { MAX_PARAMETER_LENGTH, parseForm, singleParameters, withParameters } from '../../src/userPools/oauth/parameters.ts';
import { makeSelfSignedCertificate } from '../../src/server/tls.ts';

describe('OAuth parameters', () => {
  it('reads back every form it is given, and refuses a repeated name as invalid_request', () => {
    fc.assert(fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ maxLength: 50 })), (values) => {
      const parsed = singleParameters(parseForm(new URLSearchParams(values).toString()));
      assert.deepEqual({ ...parsed }, { ...values });
    }));
    const repeated = parseForm('a=1&a=2');
    assert.throws(() => singleParameters(repeated), (e) => isOAuthError(e) && e.error === 'invalid_request');
    assert.throws(() => singleParameters({ a: 'x'.repeat(MAX_PARAMETER_LENGTH + 1) }), (e) => isOAuthError(e));
  });

  it('never throws anything but an OAuth error on any body', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (body) => {
      try {
        singleParameters(parseForm(body));
      } catch (e) {
        assert.ok(isOAuthError(e), String(e));
      }
    }));
  });

  it('adds parameters to a redirect URI without losing its own, in the query or the fragment', () => {
    fc.assert(fc.property(
      fc.constantFrom('https://app.example/cb', 'https://app.example/cb?x=1', 'myapp://callback', 'http://localhost:3000/a/b'),
      fc.dictionary(fc.constantFrom('code', 'state', 'error', 'access_token'), fc.string({ maxLength: 40 })),
      (uri, params) => {
        const query = withParameters(uri, params);
        const search = new URLSearchParams(query.slice(query.indexOf('?') + 1));
        for (const [k, v] of Object.entries(params)) assert.equal(search.get(k), v);
        if (uri.includes('x=1')) assert.equal(search.get('x'), '1');
        const fragment = withParameters(uri, params, '#');
        assert.ok(fragment.startsWith(`${uri}#`));
        const hash = new URLSearchParams(fragment.slice(fragment.indexOf('#') + 1));
        for (const [k, v] of Object.entries(params)) assert.equal(hash.get(k), v);
      },
    ));
  });

  it('makes a certificate node:crypto reads, for any host names and addresses', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.oneof(fc.domain(), fc.ipV4(), fc.constantFrom('::1', 'fe80::1', '2001:db8::8:800:200c:417a')), { minLength: 1, maxLength: 4 }),
      (hosts) => {
        const x509 = new X509Certificate(makeSelfSignedCertificate(hosts).cert);
        assert.ok(x509.verify(x509.publicKey));
        for (const h of hosts) assert.ok(/^[\d.]+$|:/.test(h) ? x509.checkIP(h) : x509.checkHost(h), h);
      },
    ), { numRuns: 25 });
  });
});

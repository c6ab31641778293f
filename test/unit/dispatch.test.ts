/** Which surface a `POST /` goes to (server/surfaces/dispatch.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { surfaceOf } from '../../src/server/surfaces/dispatch.ts';

describe('surfaceOf', () => {
  it('sends a form body or an Action query to aws-query, the rest to aws-json', () => {
    assert.equal(surfaceOf({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, '/'), 'aws-query');
    assert.equal(surfaceOf({ 'content-type': 'Application/X-WWW-Form-Urlencoded' }, '/'), 'aws-query');
    assert.equal(surfaceOf({}, '/?Version=2011-06-15&Action=GetCallerIdentity'), 'aws-query');
    assert.equal(surfaceOf({ 'content-type': 'application/x-amz-json-1.1' }, '/'), 'aws-json');
    assert.equal(surfaceOf({}, '/'), 'aws-json');
    assert.equal(surfaceOf({}, '/?NoAction=x'), 'aws-json');
  });

  it('always sends a request with X-Amz-Target to aws-json', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.string(), (target, type, query) => {
      assert.equal(surfaceOf({ 'x-amz-target': target, 'content-type': type }, `/?${query}`), 'aws-json');
    }));
  });
});

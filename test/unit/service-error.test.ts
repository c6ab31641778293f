/**
 * ServiceError: the caller's fault is an answer and carries no stack trace (capturing it cost a
 * refused request ~10 %); the server's fault keeps its stack for the log; Error.stackTraceLimit is
 * left as it was.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceError } from '../../src/kernel/errors.ts';

describe('ServiceError', () => {
  it('captures no stack frames for a client fault, and keeps name, message and extra', () => {
    const before = Error.stackTraceLimit;
    const e = new ServiceError('NotAuthorizedException', 'Incorrect username or password.', 'client', { reasonCode: 'x' });
    assert.equal(Error.stackTraceLimit, before);
    assert.doesNotMatch(e.stack ?? '', /\n\s+at /);
    assert.equal(e.name, 'NotAuthorizedException');
    assert.equal(e.message, 'Incorrect username or password.');
    assert.deepEqual(e.extra, { reasonCode: 'x' });
    assert.ok(e instanceof Error);
  });

  it('keeps the stack of a server fault', () => {
    const e = new ServiceError('InternalErrorException', 'boom', 'server');
    assert.match(e.stack ?? '', /\n\s+at /);
  });
});

/**
 * The function runners behind the InvokeTrigger port: module handlers in worker threads (ESM,
 * CommonJS, async and callback style; throwing, hanging, exiting), and unknown ARNs.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { functionRunners } from '../../../src/adapters/functions/index.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const mod = (handler: string, file = 'misbehaving.mjs') => ({ module: path.join(fixtures, file), handler });
const arn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

describe('module runner', () => {
  const names = ['handler', 'throws', 'spins', 'neverReturns', 'exits', 'callback', 'callbackError', 'throwsLater', 'circular', 'nothing'];
  const runners = functionRunners({
    ...Object.fromEntries(names.map((n) => [arn(n), mod(n)])),
    [arn('commonjs')]: mod('handler', 'common.cjs'),
    [arn('missing-export')]: mod('absent'),
  }, { workers: 2, region: 'us-east-1', log: pino({ level: 'silent' }) });
  after(() => runners.close());
  const event = () => ({ version: '1', response: {} as Record<string, unknown> });

  it('runs an async handler with a Lambda context', async () => {
    const outcome = await runners.invoke(arn('handler'), event());
    assert.equal(outcome.kind, 'answer');
    const response = (outcome as { payload: { response: Record<string, unknown> } }).payload.response;
    assert.equal(response['functionName'], 'handler');
    assert.ok((response['remaining'] as number) > 0 && (response['remaining'] as number) <= 5000);
    assert.match(response['requestId'] as string, /^[0-9a-f-]{36}$/);
  });

  it('runs callback-style and CommonJS handlers', async () => {
    assert.deepEqual(await runners.invoke(arn('callback'), event()), { kind: 'answer', payload: { ...event(), callback: true } });
    assert.deepEqual(await runners.invoke(arn('commonjs'), event()), { kind: 'answer', payload: { ...event(), commonjs: true } });
    assert.deepEqual(await runners.invoke(arn('callbackError'), event()), { kind: 'function-error', message: 'called back with an error' });
  });

  it('reports a thrown error, an unserialisable or empty answer, a missing export and an unknown ARN', async () => {
    assert.deepEqual(await runners.invoke(arn('throws'), event()), { kind: 'function-error', message: 'Registration from this domain is not allowed.' });
    assert.deepEqual(await runners.invoke(arn('circular'), event()), { kind: 'unparseable' });
    assert.deepEqual(await runners.invoke(arn('nothing'), event()), { kind: 'answer', payload: null });
    assert.equal((await runners.invoke(arn('missing-export'), event())).kind, 'function-error');
    assert.deepEqual(await runners.invoke(arn('nowhere'), event()), { kind: 'unreachable', error: 'ResourceNotFoundException' });
  });

  it('replaces a worker that exits, throws from a timer, spins or never answers, and keeps serving', async () => {
    const exited = await runners.invoke(arn('exits'), event());
    assert.equal(exited.kind, 'function-error');
    assert.match((exited as { message: string }).message, /Runtime exited with error: exit status 3/);
    assert.deepEqual(await runners.invoke(arn('throwsLater'), event()), { kind: 'function-error', message: 'thrown in a timer' });
    const started = Date.now();
    const [spun, hung, fine] = await Promise.all([
      runners.invoke(arn('spins'), event(), { timeoutMs: 300 }),
      runners.invoke(arn('neverReturns'), event(), { timeoutMs: 300 }),
      runners.invoke(arn('handler'), event(), { timeoutMs: 3000 }),
    ]);
    assert.deepEqual([spun, hung], [{ kind: 'timeout' }, { kind: 'timeout' }]);
    assert.equal(fine.kind, 'answer');
    assert.ok(Date.now() - started < 2500);
    assert.equal((await runners.invoke(arn('handler'), event())).kind, 'answer');
  });
});

/**
 * The worker thread that runs module triggers (module-runner.ts starts it): loads a handler
 * module (ESM or CommonJS) once, and calls the handler as Lambda's Node.js runtime does,
 * `async (event, context)` or `(event, context, callback)`, one invocation at a time. Answers go
 * back as JSON text, as Lambda serialises them.
 */
import { parentPort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

export interface WorkerJob {
  id: number;
  module: string;
  handler: string;
  /** The event as JSON. */
  event: string;
  functionName: string;
  invokedFunctionArn: string;
  awsRequestId: string;
  region: string;
  /** Epoch milliseconds at which the caller gives up. */
  deadline: number;
}

export type WorkerReply =
  | { id: number; ok: true; payload: string | null }
  | { id: number; ok: false; errorType: string; errorMessage: string }
  | { id: number; ok: false; unserialisable: true };

type LambdaHandler = (event: unknown, context: unknown, callback: (error?: unknown, result?: unknown) => void) => unknown;

const modules = new Map<string, Promise<Record<string, unknown>>>();

async function loadHandler(module: string, handler: string): Promise<LambdaHandler> {
  let loading = modules.get(module);
  if (!loading) {
    loading = import(/^[a-z][a-z0-9+.-]*:/i.test(module) ? module : pathToFileURL(module).href) as Promise<Record<string, unknown>>;
    modules.set(module, loading);
    loading.catch(() => modules.delete(module));
  }
  const loaded = await loading;
  const fromDefault = loaded['default'] as Record<string, unknown> | undefined;
  const fn = loaded[handler] ?? (fromDefault !== null && typeof fromDefault === 'object' ? fromDefault[handler] : undefined);
  if (typeof fn !== 'function') {
    throw Object.assign(new Error(`${module}.${handler} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  }
  return fn as LambdaHandler;
}

function describeError(error: unknown): { errorType: string; errorMessage: string } {
  if (error instanceof Error) return { errorType: error.name || 'Error', errorMessage: error.message };
  if (typeof error === 'string') return { errorType: 'string', errorMessage: error };
  try {
    return { errorType: typeof error, errorMessage: JSON.stringify(error) ?? String(error) };
  } catch {
    return { errorType: typeof error, errorMessage: String(error) };
  }
}

async function run(job: WorkerJob): Promise<unknown> {
  const fn = await loadHandler(job.module, job.handler);
  const event: unknown = JSON.parse(job.event);
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (error?: unknown, result?: unknown): void => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    const context = {
      functionName: job.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: job.invokedFunctionArn,
      memoryLimitInMB: '128',
      awsRequestId: job.awsRequestId,
      logGroupName: `/aws/lambda/${job.functionName}`,
      logStreamName: `alcove/[$LATEST]${job.awsRequestId.replace(/-/g, '')}`,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, job.deadline - Date.now()),
      done: callback,
      succeed: (result?: unknown) => callback(null, result),
      fail: (error?: unknown) => callback(error ?? new Error('handled')),
    };
    let returned: unknown;
    try {
      returned = fn(event, context, callback);
    } catch (error) {
      callback(error ?? new Error('null'));
      return;
    }
    if (returned !== null && typeof returned === 'object' && typeof (returned as PromiseLike<unknown>).then === 'function') {
      (returned as PromiseLike<unknown>).then((value) => callback(null, value), (error: unknown) => callback(error ?? new Error('null')));
    } else if (fn.length < 3) {
      // A synchronous handler that takes no callback answers with what it returned.
      callback(null, returned);
    }
  });
}

parentPort?.on('message', (job: WorkerJob) => {
  run(job).then(
    (result) => {
      let payload: string | undefined;
      try {
        payload = JSON.stringify(result);
      } catch {
        parentPort?.postMessage({ id: job.id, ok: false, unserialisable: true } satisfies WorkerReply);
        return;
      }
      parentPort?.postMessage({ id: job.id, ok: true, payload: payload ?? null } satisfies WorkerReply);
    },
    (error: unknown) => parentPort?.postMessage({ id: job.id, ok: false, ...describeError(error) } satisfies WorkerReply),
  );
});

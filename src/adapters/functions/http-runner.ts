/**
 * HTTP triggers: the event is POSTed as JSON to the configured URL. The request carries
 * `X-Alcove-Timestamp` (Unix seconds) and `X-Alcove-Signature: v1=<hex>`, the HMAC-SHA256 under
 * the configured secret of `<timestamp>.<body>` (the body's exact bytes), so the endpoint can
 * check that Alcove sent it and when (see docs/triggers.md). The endpoint answers 200 with the
 * event, `response` filled in, as a Lambda function returns it; any other status with
 * `{"errorMessage": "..."}` is the function failing (as a Lambda handler throwing).
 */
import { createHmac } from 'node:crypto';
import type { InvocationOutcome } from '../../kernel/functions.ts';

export interface HttpTarget {
  url: string;
  secret: string;
}

export const SIGNATURE_HEADER = 'x-alcove-signature';
export const TIMESTAMP_HEADER = 'x-alcove-timestamp';

/** The signature header's value for a body sent at `timestamp` (Unix seconds). */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export async function runHttp(target: HttpTarget, arn: string, event: object, timeoutMs: number): Promise<InvocationOutcome> {
  const body = JSON.stringify(event);
  const timestamp = String(Math.floor(Date.now() / 1000));
  let response: Response;
  let text: string;
  try {
    response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signBody(target.secret, timestamp, body),
        'x-alcove-function-arn': arn,
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return { kind: 'timeout' };
    return { kind: 'unreachable', error: 'ServiceException' };
  }
  let parsed: unknown;
  let parseable = true;
  try {
    parsed = JSON.parse(text);
  } catch {
    parseable = false;
  }
  if (response.ok) return parseable ? { kind: 'answer', payload: parsed } : { kind: 'unparseable' };
  const message = parseable && parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>)['errorMessage'] : undefined;
  if (typeof message === 'string') return { kind: 'function-error', message };
  return { kind: 'unreachable', error: response.status === 404 ? 'ResourceNotFoundException' : 'ServiceException' };
}

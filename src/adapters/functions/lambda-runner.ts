/**
 * Triggers that still run in AWS Lambda: Invoke (RequestResponse) through the AWS SDK, with the
 * SDK's usual credentials; `endpoint` points it elsewhere (a Lambda-compatible service, tests).
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { InvocationOutcome } from '../../kernel/functions.ts';

// The SDK is loaded on the first invocation of a Lambda-hosted trigger, not at start.
type LambdaSdk = typeof import('@aws-sdk/client-lambda');
let sdk: Promise<LambdaSdk> | undefined;
const lambdaSdk = (): Promise<LambdaSdk> => (sdk ??= import('@aws-sdk/client-lambda'));

export interface LambdaTarget {
  region: string;
  endpoint?: string | undefined;
}

export class LambdaRunner {
  readonly #clients = new Map<string, LambdaClient>();

  #client(target: LambdaTarget, { LambdaClient }: LambdaSdk): LambdaClient {
    const key = `${target.region} ${target.endpoint ?? ''}`;
    let client = this.#clients.get(key);
    if (!client) {
      // One attempt: Cognito's timeout bounds the whole call.
      client = new LambdaClient({ region: target.region, maxAttempts: 1, ...(target.endpoint ? { endpoint: target.endpoint } : {}) });
      this.#clients.set(key, client);
    }
    return client;
  }

  async run(target: LambdaTarget, arn: string, event: object, timeoutMs: number): Promise<InvocationOutcome> {
    let payloadText: string;
    let functionError: string | undefined;
    try {
      const loaded = await lambdaSdk();
      const { InvokeCommand } = loaded;
      const result = await this.#client(target, loaded).send(
        new InvokeCommand({ FunctionName: arn, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(event)) }),
        { abortSignal: AbortSignal.timeout(timeoutMs) },
      );
      payloadText = result.Payload ? Buffer.from(result.Payload).toString('utf8') : '';
      functionError = result.FunctionError;
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout' };
      return { kind: 'unreachable', error: /^[A-Za-z]+$/.test(name) && name !== 'Error' ? name : 'ServiceException' };
    }
    let parsed: unknown;
    try {
      parsed = payloadText === '' ? null : JSON.parse(payloadText);
    } catch {
      return functionError ? { kind: 'function-error', message: payloadText } : { kind: 'unparseable' };
    }
    if (functionError) {
      const message = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>)['errorMessage'] : undefined;
      return { kind: 'function-error', message: typeof message === 'string' ? message : functionError };
    }
    return { kind: 'answer', payload: parsed };
  }

  close(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }
}

/**
 * The functions the config file's `functions` map names, behind the kernel's InvokeTrigger port:
 * an ARN runs as a module (worker threads), an HTTP endpoint or an AWS Lambda function. An ARN
 * with no entry fails as Lambda fails a function that does not exist.
 */
import type { Logger } from 'pino';
import type { FunctionTarget } from '../../config.ts';
import { TRIGGER_TIMEOUT_MS, type InvokeTrigger } from '../../kernel/functions.ts';
import { runHttp } from './http-runner.ts';
import { LambdaRunner } from './lambda-runner.ts';
import { ModuleRunner } from './module-runner.ts';

export interface FunctionRunners {
  invoke: InvokeTrigger;
  close(): Promise<void>;
}

export function functionRunners(
  functions: Readonly<Record<string, FunctionTarget>>,
  options: { workers: number; region: string; log: Logger },
): FunctionRunners {
  const modules = new ModuleRunner({ workers: options.workers, log: options.log });
  const lambda = new LambdaRunner();
  const targets = new Map(Object.entries(functions));
  return {
    async invoke(arn, event, invokeOptions = {}) {
      const timeoutMs = invokeOptions.timeoutMs ?? TRIGGER_TIMEOUT_MS;
      const target = targets.get(arn);
      if (!target) {
        options.log.warn({ arn }, 'a trigger names a function the config file\'s `functions` map does not: it fails as a missing Lambda function');
        return { kind: 'unreachable', error: 'ResourceNotFoundException' };
      }
      if ('module' in target) return modules.run(target, arn, regionOf(arn) ?? options.region, event, timeoutMs);
      if ('url' in target) return runHttp(target, arn, event, timeoutMs);
      return lambda.run(target.lambda, arn, event, timeoutMs);
    },
    async close() {
      lambda.close();
      await modules.close();
    },
  };
}

const regionOf = (arn: string): string | undefined => arn.split(':')[3] || undefined;

/**
 * The port through which the domain runs a Lambda trigger: the function named by an ARN gets an
 * event and answers. Where it runs (a module in a worker thread, an HTTP endpoint, AWS Lambda) is
 * the adapters' business (adapters/functions/); the domain sees only the outcome.
 */

/** Cognito's timeout for a synchronous trigger; it cannot be changed. */
export const TRIGGER_TIMEOUT_MS = 5_000;

export type InvocationOutcome =
  /** The function answered; `payload` is its answer parsed as JSON (`null` when it returned nothing). */
  | { kind: 'answer'; payload: unknown }
  /** The function ran and failed (threw, called back with an error, Lambda's FunctionError). */
  | { kind: 'function-error'; message: string }
  /** The answer was not JSON. */
  | { kind: 'unparseable' }
  /** No answer within the timeout. */
  | { kind: 'timeout' }
  /**
   * The function could not be run: `error` is the name Cognito reports (`ResourceNotFoundException`
   * for an ARN no function answers to, `AccessDeniedException`, a crash of the runtime, ...).
   */
  | { kind: 'unreachable'; error: string };

export interface InvokeOptions {
  /** Defaults to TRIGGER_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** Runs the function configured for `arn` with `event` (JSON-serialisable). Never throws. */
export type InvokeTrigger = (arn: string, event: object, options?: InvokeOptions) => Promise<InvocationOutcome>;

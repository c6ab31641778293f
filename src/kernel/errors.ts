/**
 * The neutral service error: a name, a message and whose fault it is. It carries no HTTP status:
 * each surface maps it to its own wire form (aws-json: `{"__type","message"}` with 400/429/500;
 * aws-query: an XML `ErrorResponse`; oauth: RFC 6749's `error`).
 */
export type Fault = 'client' | 'server';

export class ServiceError extends Error {
  /** Whose fault: the caller's (a 4xx on HTTP surfaces) or the server's (a 5xx). */
  readonly fault: Fault;
  /** Extra members of the error body (e.g. `reasonCode` of InvalidParameterException). */
  readonly extra: Record<string, string> | undefined;

  constructor(name: string, message: string, fault: Fault = 'client', extra?: Record<string, string>) {
    // The caller's fault is an answer, not a bug: no stack trace is captured for it (walking the
    // async stack was ~10 % of a refused request). The server's fault keeps its stack for the log.
    if (fault === 'client') {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        super(message);
      } finally {
        Error.stackTraceLimit = limit;
      }
    } else {
      super(message);
    }
    this.name = name;
    this.fault = fault;
    this.extra = extra;
  }

  /** The exception's name, as the wire names it (`__type`, `x-amzn-ErrorType`, `<Code>`). */
  get type(): string {
    return this.name;
  }
}

export const isServiceError = (e: unknown): e is ServiceError => e instanceof ServiceError;

/**
 * Seeding acts as an administrator calling the API: each step goes through the operation's
 * input validation and handler, exactly as a signed request would, so every rule applies.
 */
import { randomUUID } from 'node:crypto';
import { isCognitoError } from '../errors.ts';
import { userPoolsTable } from '../operations/user-pools.ts';
import { validateInput } from '../protocol/validate.ts';
import type { OperationContext, Services } from '../kernel/context.ts';

export type Call = <O = unknown>(operation: string, input: Record<string, unknown>) => Promise<O>;

/** A caller for `services` that names what it is seeding in the errors it raises. */
export function seedCaller(services: Services): Call {
  const table = userPoolsTable();
  return async <O>(operation: string, input: Record<string, unknown>): Promise<O> => {
    const entry = table.operations.get(operation);
    // Seeding acts as an IAM administrator: it calls only the operations such a caller may.
    if (!entry || entry.auth === 'accessToken') {
      throw new Error(`seeding needs ${operation}, which this server does not implement for an administrator`);
    }
    const { handler } = entry;
    const ctx: OperationContext = {
      services,
      caller: { kind: 'iam', accountId: services.settings.accountId, accessKeyId: 'alcove-config' },
      requestId: randomUUID(),
      sourceIp: '127.0.0.1',
      userAgent: 'alcove-config',
    };
    try {
      validateInput('cognito-idp', operation, input);
      return (await handler(input, ctx)) as O;
    } catch (e) {
      if (isCognitoError(e)) throw new Error(`${operation} failed: ${e.type}: ${e.message}`);
      throw e;
    }
  };
}

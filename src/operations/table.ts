/**
 * An operation table: for each X-Amz-Target operation, how the caller authenticates and which
 * domain function answers. Auth modes come from the AWS model (SigV4 unless the model marks
 * the operation unsigned); input constraints are checked from the same model before the handler.
 */
import { getOperation, type ServiceName } from '../protocol/catalog.ts';
import type { Handler } from '../userPools/context.ts';

export interface OperationEntry {
  name: string;
  service: ServiceName;
  auth: 'sigv4' | 'none';
  handler: Handler;
}

export interface OperationTable {
  service: ServiceName;
  operations: ReadonlyMap<string, OperationEntry>;
}

export function buildTable(service: ServiceName, handlers: Record<string, Handler>): OperationTable {
  const table = new Map<string, OperationEntry>();
  for (const [name, handler] of Object.entries(handlers)) {
    const spec = getOperation(service, name);
    if (!spec) throw new Error(`operation table for ${service} names ${name}, which the model does not have`);
    table.set(name, { name, service, auth: spec.auth, handler });
  }
  return { service, operations: table };
}

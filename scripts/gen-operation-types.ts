/**
 * Writes src/protocol/operation-types.ts: for every user-pool operation of the catalogue, the
 * TypeScript types of its input and output. They are the AWS SDK's own request and response
 * types (type-only imports of the pinned devDependency), with the members the model marks
 * required made required in the input: validation has checked them before any handler runs.
 * Operation tables are typed against this map (src/operations/table.ts).
 *
 * Run by `npm run gen:catalog`; `operationTypesSource()` is also what
 * test/unit/generated.test.ts compares the committed file with.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { getCatalog, getShape } from '../src/protocol/catalog.ts';

export const OPERATION_TYPES_FILE = path.resolve(import.meta.dirname, '../src/protocol/operation-types.ts');

/** One `Name: { input; output };` line per operation of `service`, typed from the SDK namespace `sdk`. */
function entriesOf(service: 'cognito-idp' | 'cognito-identity', sdk: string): string[] {
  const catalog = getCatalog(service);
  const names = Object.keys(catalog.operations).sort();
  return names.map((name) => {
    const op = catalog.operations[name]!;
    let input = '{}';
    if (op.input) {
      const shape = getShape(service, op.input);
      if (shape?.type !== 'structure') throw new Error(`${name}: input ${op.input} is not a structure`);
      const required = Object.entries(shape.members).filter(([, m]) => m.required).map(([member]) => `'${member}'`);
      input = required.length ? `Present<${sdk}.${op.input}, ${required.join(' | ')}>` : `${sdk}.${op.input}`;
    }
    const output = op.output ? `${sdk}.${op.output}` : '{}';
    return `  ${name}: { input: ${input}; output: ${output} };`;
  });
}

export function operationTypesSource(): string {
  const entries = entriesOf('cognito-idp', 'Sdk');
  return [
    '// Generated from src/protocol/catalog/cognito-idp.json by scripts/gen-operation-types.ts',
    '// (`npm run gen:catalog`); do not edit.',
    '/**',
    ' * Each user-pool operation\'s input and output types: the AWS SDK\'s, with the members the model',
    ' * marks required present (input validation has checked them before a handler runs).',
    ' */',
    "import type * as Sdk from '@aws-sdk/client-cognito-identity-provider';",
    '',
    '/** `T` with the members `K` present and not undefined. */',
    'type Present<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> };',
    '',
    'export interface CognitoIdpOperations {',
    ...entries,
    '}',
    '',
    'export type CognitoIdpOperation = keyof CognitoIdpOperations;',
    '',
    '/** The same for each identity-pool operation (catalog/cognito-identity.json). */',
    "import type * as IdentitySdk from '@aws-sdk/client-cognito-identity';",
    '',
    'export interface CognitoIdentityOperations {',
    ...entriesOf('cognito-identity', 'IdentitySdk'),
    '}',
    '',
    'export type CognitoIdentityOperation = keyof CognitoIdentityOperations;',
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPERATION_TYPES_FILE, operationTypesSource());
  process.stdout.write(`wrote ${OPERATION_TYPES_FILE}\n`);
}

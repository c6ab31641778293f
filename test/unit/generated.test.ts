/**
 * The generated files are committed; each must be what `npm run gen:catalog` makes of the models
 * in models/aws/ (and the pinned SDK) today, so that a stale one fails here rather than drifts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateCatalogs } from '../../scripts/gen-catalog.ts';
import { OPERATION_TYPES_FILE, operationTypesSource } from '../../scripts/gen-operation-types.ts';
import { OPERATIONS_DOC_FILE, operationsDoc } from '../../scripts/gen-operations-doc.ts';

const current = (file: string, expected: string) =>
  assert.ok(readFileSync(file, 'utf8') === expected, `${path.relative(process.cwd(), file)} is stale: run npm run gen:catalog`);

describe('generated files (npm run gen:catalog)', () => {
  it('the catalogues are what the models in models/aws/ give', () => {
    const files = generateCatalogs(undefined, true);
    assert.deepEqual(files.map((f) => path.basename(f.file)), ['cognito-idp.json', 'cognito-identity.json', 'sts.json']);
    for (const { file, text } of files) current(file, text);
  });

  it('src/protocol/operation-types.ts is what the catalogue gives', () => {
    current(OPERATION_TYPES_FILE, operationTypesSource());
  });

  it('docs/operations.md is what the operation tables and the catalogue give', () => {
    current(OPERATIONS_DOC_FILE, operationsDoc());
  });
});

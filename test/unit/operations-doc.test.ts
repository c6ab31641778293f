import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { operationsDoc } from '../../scripts/gen-operations-doc.ts';
import { userPoolsTable } from '../../src/operations/user-pools.ts';

describe('the operation table', () => {
  it('builds against the model (every handler names a real operation)', () => {
    assert.ok(userPoolsTable().operations.size > 50);
  });

  it('is what docs/operations.md says (regenerate with scripts/gen-operations-doc.ts)', () => {
    const file = readFileSync(path.resolve(import.meta.dirname, '../../docs/operations.md'), 'utf8');
    assert.equal(file, operationsDoc());
  });
});

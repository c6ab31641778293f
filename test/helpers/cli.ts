/**
 * How the tests run the `alcove` command: the TypeScript sources through tsx, as in development
 * (`node ${ALCOVE.join(' ')} serve …`). bin/alcove.js runs the compiled output instead; the
 * package test (test/package) runs that, from the packed tarball.
 */
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** Arguments for `process.execPath` that come before the command's own. */
export const ALCOVE: readonly string[] = ['--import', import.meta.resolve('tsx'), path.join(ROOT, 'src/cli/main.ts')];

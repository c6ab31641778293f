#!/usr/bin/env node
// The `alcove` command: runs the compiled JavaScript in dist/ (`npm run build` makes it; the
// published package ships it). Development and the tests run the TypeScript sources through tsx.
// It runs the bundle, dist/bundle/ (scripts/bundle.mjs: tsc's output in ~20 files instead of
// ~1,000 modules; half the CPU to the first answer and ~28 MB less memory), or tsc's own output
// when the bundle is absent or ALCOVE_BUNDLE=0 (module by module: a CPU profile then names each
// package's frames; `npm run profile` does that for the hot paths).
import { existsSync } from 'node:fs';
import module from 'node:module';

const MINIMUM_NODE = 22;
const major = Number(process.versions.node.split('.')[0]);
if (major < MINIMUM_NODE) {
  process.stderr.write(`alcove: needs Node.js ${MINIMUM_NODE} or newer; this is ${process.version}.\n`
    + 'From a clone, `npm start` and `npm test` run the Node 24 that `npm install` put in node_modules.\n');
  process.exit(1);
}
// Node's on-disk cache of compiled modules (in the OS temp directory unless NODE_COMPILE_CACHE
// names one; NODE_DISABLE_COMPILE_CACHE=1 turns it off): a start after the first compiles none
// of the modules again (~60 ms of CPU less before the first answer with the bundle, no memory).
module.enableCompileCache?.();
const bundled = new URL('../dist/bundle/main.js', import.meta.url);
const main = process.env.ALCOVE_BUNDLE !== '0' && existsSync(bundled) ? bundled : new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('alcove: the compiled output (dist/) is missing: run `npm run build` first.\n');
  process.exit(1);
}
await import(main.href);

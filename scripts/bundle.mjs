// `npm run build`'s second step: bundles tsc's output (dist/) into dist/bundle/, what
// bin/alcove.js runs. Loading ~1,000 ES modules one file at a time (resolve, read, compile, link
// each) was most of the start and a fifth of the idle memory; one bundle with a few chunks is
// ~20 files. Code splitting keeps a dynamic import() a chunk of its own, loaded on first use
// (each CLI command, the serve path), and what the sources load on first use through
// createRequire or import() of a package (pg, nodemailer, yaml, otpauth, qrcode, prom-client,
// @simplewebauthn/server, the Lambda client, Fastify's schema compilers) stays outside, loaded from
// node_modules as before. better-sqlite3 stays outside (a native addon). The two worker scripts
// are entries of their own, next to the chunks that start them (their URL is relative).
// dist/ itself is kept: the package's `exports` (the verifier) and the fallback when this
// directory is absent.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });

// What Fastify requires only when used (its schema compilers, for a route that declares a schema;
// light-my-request, for inject()), plus the serializer of its error answers: loaded at run time from
// Fastify's own install, as Fastify itself would (a bundled copy would be ~0.6 MB of source parsed
// at every start for nothing).
const FROM_FASTIFY = /^(ajv|ajv-formats|fast-json-stringify|@fastify\/ajv-compiler|@fastify\/fast-json-stringify-compiler|@fastify\/merge-json-schemas|light-my-request)(\/.*)?$/;
const fromFastify = {
  name: 'from-fastify',
  setup(b) {
    b.onResolve({ filter: FROM_FASTIFY }, (args) => ({ path: args.path, namespace: 'from-fastify' }));
    b.onLoad({ filter: /.*/, namespace: 'from-fastify' }, (args) => ({
      contents: `module.exports = require('node:module').createRequire(require.resolve('fastify'))(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

// Fastify's server module requires node:https and node:http2 when it loads, for a server made
// with TLS or HTTP/2 (~20 ms of CPU to load them and TLS); they load when Fastify first touches
// one of their exports instead, which a plain HTTP server never does.
const LAZY_BUILTINS = /^node:(https|http2)$/;
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: LAZY_BUILTINS }, (args) => (/[\\/]node_modules[\\/]fastify[\\/]lib[\\/]server\.js$/.test(args.importer)
      ? { path: args.path, namespace: 'lazy-builtin' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let m; const load = () => (m ??= require(${JSON.stringify(args.path)}));
module.exports = new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() });`,
      loader: 'js',
    }));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/main.js', 'dist/storage/sql/checkpoint-worker.js', 'dist/adapters/functions/module-worker.js'],
  outdir,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]', // beside the entries: the workers' URLs are relative to the chunk that starts them
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // Whitespace and syntax minified (the sources are held in memory: ~4 MB less idle RSS), names
  // kept as written: stack traces still name the functions; `node --enable-source-maps` maps
  // their positions to dist/ through the .map files. No keepNames (esbuild's __name wrappers cost
  // ~2 MB): a name esbuild renames is a colliding top-level one, and none of ours is read at run time.
  minifyWhitespace: true,
  minifySyntax: true,
  external: ['better-sqlite3', 'pg', 'pg-native', '@aws-sdk/*', '@smithy/*', '@simplewebauthn/*', 'prom-client', 'qrcode',
    'nodemailer', 'yaml', 'otpauth'],
  // Bundled CommonJS (Fastify, pino, …) calls require() for Node's built-ins.
  banner: { js: "import { createRequire as __alcoveCreateRequire } from 'node:module'; const require = __alcoveCreateRequire(import.meta.url);" },
  plugins: [fromFastify, lazyBuiltins],
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  metafile: Boolean(process.env.BUNDLE_META),
});
// BUNDLE_META=<file>: esbuild's metafile (what each output holds, by input), for analysis.
if (process.env.BUNDLE_META) (await import('node:fs')).writeFileSync(process.env.BUNDLE_META, JSON.stringify(result.metafile));

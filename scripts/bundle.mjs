// Bundles the compiled CLI (dist/cli/bin.js) into one ESM file, dist/flopcast.mjs: start-up then
// loads one file instead of ~300 modules of yargs, zod and yaml (see bench/run.js for the figures).
// mathjs stays external: it is loaded lazily, only for scenario values with arithmetic.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/bin.js'],
  outfile: 'dist/flopcast.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['mathjs'],
  banner: { js: "import { createRequire as __flopcastRequire } from 'node:module';\nconst require = __flopcastRequire(import.meta.url);" },
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});

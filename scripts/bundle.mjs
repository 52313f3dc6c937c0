// Bundles the compiled CLI (dist/cli/bin.js) into one CommonJS file, dist/flopcast.cjs, and writes
// V8's code cache for it (dist/flopcast.cjs.cache) by running one representative command through
// bin/flopcast.cjs. Start-up then loads one pre-compiled file instead of ~300 modules of yargs, zod
// and yaml: see `npm run bench`. Only the parts of mathjs that its parser needs are bundled.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/bin.js'],
  outfile: 'dist/flopcast.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  // The sources are ESM; in the CommonJS bundle, import.meta.url is the bundle's own URL.
  define: { 'import.meta.url': '__flopcast_url' },
  banner: { js: "const __flopcast_url = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'none',
  logLevel: 'warning',
});

const warm = spawnSync(process.execPath, ['bin/flopcast.cjs', 'run', 'scenarios/llama-3.1-405b.yaml', '--json'], {
  env: { ...process.env, FLOPCAST_WRITE_CODE_CACHE: '1' },
  encoding: 'utf8',
});
if (warm.status !== 0) {
  console.error(`bundle: the warm-up run failed; no code cache written\n${warm.stderr}`);
  process.exit(1);
}

// Bundles the compiled CLI (dist/cli/bin.js) into one CommonJS file, dist/flopcast.cjs, and writes
// V8's code cache for it (dist/flopcast.cjs.cache) by running representative commands through
// bin/flopcast.cjs. Start-up then loads one pre-compiled file instead of ~300 modules of yargs, zod
// and yaml: see `npm run bench`. Only the parts of mathjs that its parser needs are bundled.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';

// yargs and cliui import string-width, which builds Unicode-property regexes and an Intl.Segmenter
// when it loads (~10 ms of every start); only help and usage output measure text. Bundled ESM runs
// every module's top level at start-up, so each import is routed to a stub that require()s the real
// module on first call, which esbuild then initialises lazily.
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData?.real) return undefined;
      const real = await b.resolve('string-width', { resolveDir: args.resolveDir, kind: args.kind, pluginData: { real: true } });
      return { path: real.path, namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: `let impl;\nexport default function stringWidth(text, options) {\n  impl ??= require(${JSON.stringify(args.path)}).default;\n  return impl(text, options);\n}\n`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

// zod re-exports its ~50 message locales as `z.locales`; flopcast uses none of them (its messages are
// its own, over zod's English default), so both bundles (the CLI's and the page's) get English only: a smaller
// script to load at every start and to parse before the page's first render.
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: "export { default as en } from './en.js';\n", loader: 'js' }));
  },
};

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
  plugins: [lazyStringWidth, englishOnlyZod],
});

// The page `flopcast ui` serves (dist/ui.html): the core bundled for the browser around the page's
// script, with the bundled presets and hardware profiles inline as data, loaded by the CLI's own
// loaders. platform 'browser' makes any import of a Node module (fs, path) a build error: the core
// must stay free of I/O.
const client = await build({
  entryPoints: ['src/ui/client/main.ts'],
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  write: false,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [englishOnlyZod],
});
const { renderPage } = await import('../dist/ui/page.js');
const { bundledUiData } = await import('../dist/cli/load/uiData.js');
writeFileSync('dist/ui.html', renderPage(client.outputFiles[0].text, bundledUiData()));

// The code cache holds the functions compiled by the time it is written, so it is written after
// representative runs: the README's Quick start main job (text, five profiles, --sort) and a
// scenario with expressions as --json. Each run starts from the cache the one before wrote and adds
// the functions it compiled.
for (const args of [
  ['run', 'scenarios/cluster-options.yaml', '--sort', 'cost'],
  ['run', 'scenarios/llama-3.1-405b.yaml', '--json'],
]) {
  const warm = spawnSync(process.execPath, ['bin/flopcast.cjs', ...args], {
    env: { ...process.env, FLOPCAST_WRITE_CODE_CACHE: '1' },
    encoding: 'utf8',
  });
  if (warm.status !== 0) {
    rmSync('dist/flopcast.cjs.cache', { force: true });
    console.error(`bundle: the warm-up run \`flopcast ${args.join(' ')}\` failed; no code cache written\n${warm.stderr}`);
    process.exit(1);
  }
}

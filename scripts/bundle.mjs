// Bundles the compiled CLI (dist/cli/bin.js) into one CommonJS file, dist/flopcast.cjs, and writes
// V8's code cache for it (dist/flopcast.cjs.cache) by running representative commands through
// bin/flopcast.cjs. Start-up then loads one pre-compiled file instead of ~300 modules of yargs, zod
// and yaml: see `npm run bench`. Only the parts of mathjs that its parser needs are bundled.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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

// Node built-ins that a bundled module imports at its top but that few commands call: bundled, each is required (and
// Node initialises it) as the bundle loads. Each import of one is routed to a stub whose functions require it on first
// call. assert: yargs' platform shim, for its internal checks (~6 ms to load); node:crypto: the SHA-256 a report names
// its inputs by (cli/load/files.ts) and --out's temporary name (cli/output.ts) (~6 ms). An import of a name not listed
// here fails the build (esbuild: no matching export).
const LAZY_BUILTINS = {
  assert: ['notStrictEqual', 'strictEqual'],
  'node:crypto': ['createHash', 'randomBytes'],
};
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const names = Object.keys(LAZY_BUILTINS).map((m) => m.replace(/[.:]/g, '\\$&'));
    const filter = new RegExp(`^(${names.join('|')})$`);
    b.onResolve({ filter }, (args) =>
      args.namespace === 'lazy-builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy-builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: [
        `let impl;\nconst real = () => (impl ??= require(${JSON.stringify(args.path)}));`,
        ...LAZY_BUILTINS[args.path].map((f) => `export function ${f}(...a) {\n  return real().${f}(...a);\n}`),
      ].join('\n'),
      loader: 'js',
    }));
  },
};

// yargs' factory calls `.version()`, which guesses the version: it walks up from the working folder (the bundle has no
// node_modules above it, yargs' start) reading each folder until it finds a package.json, and reads that one (~18 ms
// from a checkout, more from a folder deep below one without it). main.ts sets the version itself
// (`.version(flopcastVersion())`), which replaces the guess, so the factory is told none: its version option is then
// added by main.ts's call, where it was moved to (help's order unchanged).
const noVersionGuess = {
  name: 'no-version-guess',
  setup(b) {
    b.onLoad({ filter: /[\\/]yargs[\\/]build[\\/]lib[\\/]yargs-factory\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const call = 'yargs.version();';
      if (source.split(call).length !== 2) throw new Error(`bundle: ${args.path} no longer calls \`${call}\` once; review no-version-guess`);
      return { contents: source.replace(call, 'yargs.version(false);'), loader: 'js', resolveDir: dirname(args.path) };
    });
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
  plugins: [lazyStringWidth, lazyBuiltins, noVersionGuess, englishOnlyZod],
});
// bin/flopcast.cjs reads the bundle as Latin-1, which is its text only while every byte is ASCII (esbuild escapes
// non-ASCII in strings, but not in String.raw templates, whose raw text an escape would change: write \u20ac there).
// A one-byte read is ~12 ms where a UTF-8 decode of the 1.3 MB was ~24 ms with a non-ASCII character in it.
const nonAscii = /[^\x00-\x7f]/.exec(readFileSync('dist/flopcast.cjs', 'latin1'));
if (nonAscii) {
  const around = readFileSync('dist/flopcast.cjs', 'latin1').slice(Math.max(0, nonAscii.index - 60), nonAscii.index + 20);
  throw new Error(`bundle: dist/flopcast.cjs has a non-ASCII byte at ${nonAscii.index} (…${around}…): escape it in the source`);
}

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

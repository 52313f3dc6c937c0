#!/usr/bin/env node
// The flopcast executable. It runs the bundled CLI (dist/flopcast.cjs, built by `npm run build`)
// through V8's code cache (dist/flopcast.cjs.cache, written at build time): start-up then skips
// parsing and compiling ~1 MB of JavaScript. A missing or stale cache (another Node version) is
// ignored by V8, which then compiles the bundle as usual.
'use strict';
const { readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, dirname } = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

// A working folder deleted under the shell (`rm -rf` of the folder it is in) makes process.cwd() throw, which yargs
// calls as the bundle loads: every command, `flops gpt2` too, printed Node's stack for ENOENT uv_cwd. Relative paths
// cannot be resolved there, so nothing runs: one line, exit 1 (not the input's fault), as git does.
function refuseFolder(err) {
  const gone = err && err.code === 'ENOENT';
  // The shell's PWD still names the folder; shown only as one line of printable text: none of the controls of
  // src/report/escape.ts CONTROL (C0, DEL and C1, bidi and line separators, a lone surrogate), written out here because
  // the launcher runs before the bundle loads (test/reliability/errors.test.ts holds the two alike); 4096: LIMITS.pathChars.
  const pwd = process.env.PWD;
  const where = pwd && pwd.length <= 4096 && !/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u.test(pwd) ? ` (${pwd})` : '';
  process.stderr.write(`error: cannot read the working folder${where}: ${gone ? 'it no longer exists (deleted or moved)' : (err && err.code) || 'unreadable'}\n  hint: cd to a folder that exists and run again\n`);
  process.exit(1);
}
// --help and --version (alone, or after a command's name) read no file and resolve no path, so they answer there too:
// yargs, which asks for the folder as it loads, is told the root, which nothing they print uses.
const asked = process.argv.slice(2).filter((a, i) => !(i === 0 && /^[a-z]+$/.test(a)));
const answersAnywhere = asked.length > 0 && asked.every((a) => a === '--help' || a === '-h' || a === '--version');
try {
  process.cwd();
} catch (err) {
  if (!answersAnywhere) refuseFolder(err);
  process.cwd = () => '/';
}
const file = join(__dirname, '..', 'dist', 'flopcast.cjs');
let source;
try {
  // Latin-1: the bundle is ASCII (scripts/bundle.mjs refuses a build that is not), so each byte is its character.
  source = readFileSync(file, 'latin1');
} catch {
  process.stderr.write(`error: ${file} is missing; run \`npm run build\`\n`);
  process.exit(1);
}
// V8 checks a cache against the source's length only, so a cache older than the bundle (a rebuild
// that did not rewrite it) could be taken for the new bundle: use it only if written after it.
let cachedData;
try {
  if (statSync(file + '.cache').mtimeMs >= statSync(file).mtimeMs) cachedData = readFileSync(file + '.cache');
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
if (process.env.FLOPCAST_WRITE_CODE_CACHE === '1') {
  // Written after representative runs (scripts/bundle.mjs), so the functions they compiled lazily are cached too.
  process.on('exit', () => writeFileSync(file + '.cache', script.createCachedData()));
}
const module_ = { exports: {} };
script.runInThisContext()(module_.exports, Module.createRequire(file), module_, file, dirname(file));

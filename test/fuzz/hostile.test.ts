/**
 * Fuzzing the real binary with the shapes of issue 13: devices, FIFOs, sockets and symlinks given as
 * inputs, huge --top values, long names × large matrices over several files, deep nesting, and
 * escape sequences. Each input is a child process (bin/flopcast.cjs) killed after 5 s (see KILL_MS), with its
 * peak memory read from process.resourceUsage().maxRSS (test/fuzz/rss-preload.cjs). Every input is
 * under 1 MB, and every run must: exit 0 or 2 (never a crash, a V8 abort or "Invalid string
 * length"), finish within 5 s, stay under 512 MB, print no stack trace, print no raw control
 * character, and on exit 2 print exactly one error line and at most one hint.
 *
 * Seeded (./config.ts); `npm test` runs a bounded number, `npm run fuzz` 100 per shape (each is a
 * process of about a second).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/input/limits.js';
import { BIN } from '../cli/run-cli.js';
import { GOOD, ONE_ERROR, STACK, tempDir } from '../reliability/helpers.js';
import { HOSTILE_NAMES, RAW_CONTROL } from '../reliability/hostile-names.js';
import { KILL_MS, SEED, runs, timeoutFor } from './config.js';

const MAX_RSS_KIB = 512 * 1024;
const PRELOAD = new URL('./rss-preload.cjs', import.meta.url).pathname;
const dir = tempDir('hostile');
const rssFile = join(dir, 'rss');

// Special files: a FIFO (mkfifo(1): Node cannot make one), a socket, devices, and symlinks to them.
const fifo = join(dir, 'fifo.yaml');
spawnSync('mkfifo', [fifo]);
const socket = join(dir, 'socket.yaml');
const server = createServer().listen(socket);
const profiles = join(dir, 'profiles');
mkdirSync(profiles);
symlinkSync('/dev/zero', join(profiles, 'zero-gpu.yaml'));
symlinkSync(fifo, join(profiles, 'fifo-gpu.yaml'));
symlinkSync('/dev/urandom', join(dir, 'urandom-link.yaml'));
const SPECIAL = ['/dev/zero', '/dev/urandom', '/dev/null', fifo, socket, join(dir, 'urandom-link.yaml'), dir];

const stats = { tried: 0, exit0: 0, exit2: 0, crashes: 0, hangs: 0, stackTraces: 0, peakRssKiB: 0, maxCpuSeconds: 0, started: Date.now() };
afterAll(() => {
  server.close();
  const s = ((Date.now() - stats.started) / 1000).toFixed(1);
  console.log(`flopcast fuzz (hostile shapes, child processes): seed ${SEED}, ${stats.tried} inputs, ${stats.exit0} exit 0, ${stats.exit2} exit 2; ` +
    `${stats.crashes} crashes, ${stats.hangs} hangs past ${KILL_MS / 1000} s, ${stats.stackTraces} stack traces, peak memory ${(stats.peakRssKiB / 1024).toFixed(0)} MiB, ` +
    `most CPU time of one input ${stats.maxCpuSeconds.toFixed(2)} s, ${s} s`);
  expect(stats.crashes + stats.hangs + stats.stackTraces).toBe(0);
  expect(stats.peakRssKiB).toBeLessThan(MAX_RSS_KIB);
});

interface Input {
  args: string[];
  files: Record<string, string>;
}

/** Runs one input as a child process; returns what is wrong with the run, or ''. */
function check(input: Input): string {
  for (const [name, text] of Object.entries(input.files)) {
    expect(Buffer.byteLength(text), `${name} stays under 1 MB`).toBeLessThan(LIMITS.inputBytes);
    writeFileSync(join(dir, name), text);
  }
  rmSync(rssFile, { force: true });
  stats.tried++;
  const r = spawnSync(process.execPath, ['--require', PRELOAD, BIN, ...input.args], {
    cwd: dir, encoding: 'utf8', timeout: KILL_MS, killSignal: 'SIGKILL', maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', FLOPCAST_RSS_FILE: rssFile },
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    stats.hangs++;
    return `killed after ${KILL_MS} ms`;
  }
  let rss = 0;
  try {
    const [kib, cpuMicros] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
    rss = kib!;
    stats.maxCpuSeconds = Math.max(stats.maxCpuSeconds, cpuMicros! / 1e6);
  } catch {
    // no exit handler ran: a crash, caught below
  }
  stats.peakRssKiB = Math.max(stats.peakRssKiB, rss);
  const out = r.stdout + r.stderr;
  if (STACK.test(out) || /Invalid (string|typed array) length|call stack/.test(out)) {
    stats.stackTraces++;
    return `stack trace or internal error:\n${r.stderr.slice(0, 2000)}`;
  }
  if (r.status !== 0 && r.status !== 2) {
    stats.crashes++;
    return `exit ${r.status} (signal ${r.signal}):\n${r.stderr.slice(0, 2000)}`;
  }
  if (rss >= MAX_RSS_KIB) return `peak memory ${rss} KiB`;
  if (RAW_CONTROL.test(out)) return `raw control character in the output: ${JSON.stringify(out.slice(0, 300))}`;
  if (r.status === 2) {
    stats.exit2++;
    if (r.stdout !== '') return `exit 2 with stdout: ${r.stdout.slice(0, 300)}`;
    if (!ONE_ERROR.test(r.stderr)) return `not one error:\n${r.stderr.slice(0, 2000)}`;
  } else stats.exit0++;
  return '';
}

function property(input: Input): boolean {
  const failure = check(input);
  if (failure) throw new Error(`flopcast ${input.args.join(' ')}\n${failure}`);
  return true;
}

// ------------------------------------------------------------------------------------------------
// Shapes

const NAME = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NAMES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 60_000 }).map((n) => 'n'.repeat(n)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('\x1b[', '\x1b]', '\u009b', '\x07', '\r', '\n', '\u202e'), fc.string({ maxLength: 8 })).map(([a, b]) => a + b + 'x') },
);
/** Small (fast) or far past the limit (refused up front), never minutes of legitimate work. */
const DIM = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.integer({ min: 50, max: 120 }) });
const quoted = (s: string) => JSON.stringify(s);

const SCENARIO_SHAPE: fc.Arbitrary<Input> = fc
  .record({ name: NAME, counts: DIM, prices: DIM, copies: fc.integer({ min: 1, max: 12 }), format: fc.constantFrom('table', 'json', 'csv', 'markdown'), auto: fc.boolean(), command: fc.constantFrom('run', 'report') })
  .map(({ name, counts, prices, copies, format, auto, command }) => {
    const text = GOOD.replace('name: test', `name: ${quoted(name)}`).replace('utilization: 0.4', auto ? 'utilization: auto' : 'utilization: 0.4').replace('tokens: 300B', 'tokens: 300B\n  global_batch: 1536') +
      `matrix:\n  cluster.count: [${Array.from({ length: counts }, (_, i) => 8 * (i + 1)).join(', ')}]\n  pricing.usd_per_gpu_hour: [${Array.from({ length: prices }, (_, i) => 1 + i / 100).join(', ')}]\n`;
    const files = Object.fromEntries(Array.from({ length: copies }, (_, i) => [`s${i}.yaml`, text]));
    const args = command === 'run' ? ['run', ...Object.keys(files), '--format', format] : ['report', ...Object.keys(files), '--out', 'r.html'];
    return { args, files };
  });

const SPECIAL_SHAPE: fc.Arbitrary<Input> = fc
  .record({ path: fc.constantFrom(...SPECIAL), as: fc.constantFrom('model', 'scenario', 'flops', 'profile', 'hardware') })
  .map(({ path, as }): Input => {
    if (as === 'scenario') return { args: ['run', path], files: {} };
    if (as === 'flops') return { args: ['flops', path], files: {} };
    if (as === 'hardware') return { args: ['hardware', '--hardware-dir', profiles], files: {} };
    if (as === 'profile') return { args: ['run', 's.yaml', '--hardware-dir', profiles], files: { 's.yaml': GOOD.replace('gpu: h100-sxm', `gpu: ${path === fifo ? 'fifo-gpu' : 'zero-gpu'}`) } };
    return { args: ['run', 's.yaml'], files: { 's.yaml': GOOD.replace('model: gpt3-175b', `model: ${quoted(path)}`) } };
  });

const TOP_SHAPE: fc.Arbitrary<Input> = fc
  .oneof(fc.constantFrom('1e9', '1e10', '1e400', '9007199254740993', '-1', '0', '0.5', 'NaN', '1000', '1001', '2147483648'), fc.bigInt({ min: 1n, max: 10n ** 30n }).map(String))
  .map((top) => ({ args: ['plan', '--model', 'gpt3-175b', '--gpu', 'h100-sxm', '--count', '1024', '--global-batch', '1536', '--top', top], files: {} }));

const NESTING_SHAPE: fc.Arbitrary<Input> = fc
  .record({ depth: fc.integer({ min: 30, max: 400_000 }), open: fc.constantFrom('[', '{a: ', '- ', '? ') })
  .map(({ depth, open }) => {
    const n = Math.min(depth, Math.floor((LIMITS.inputBytes - 200) / (open.length + 1)));
    const close = open === '[' ? ']' : open === '{a: ' ? '}' : '';
    const body = open === '- ' || open === '? ' ? open.repeat(n) + 'x' : 'description: ' + open.repeat(n) + close.repeat(n);
    return { args: ['run', 's.yaml'], files: { 's.yaml': body + '\n' } };
  });

/**
 * Wide rather than deep: one mapping of many keys or one list of many items, up to 1 MB. The yaml
 * library's duplicate-key check compared each key with every earlier one: 60,000 keys took over 20 s.
 */
const WIDTH_SHAPE: fc.Arbitrary<Input> = fc
  .record({ n: fc.integer({ min: 1_000, max: 120_000 }), form: fc.constantFrom('block keys', 'flow keys', 'list items', 'config.json keys') })
  .map(({ n, form }): Input => {
    const keys = (sep: string, key: (i: number) => string) => {
      const out: string[] = [];
      for (let i = 0, bytes = 0; i < n && bytes < LIMITS.inputBytes - 2_000; i++) bytes += (out[out.length] = key(i)).length + sep.length;
      return out.join(sep);
    };
    if (form === 'config.json keys') {
      const config = { model_type: 'llama', hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 128, vocab_size: 100, max_position_embeddings: 64 };
      return { args: ['flops', 'c.json'], files: { 'c.json': `{${JSON.stringify(config).slice(1, -1)}, ${keys(', ', (i) => `"k${i}": ${i}`)}}` } };
    }
    const text = form === 'block keys' ? GOOD + keys('\n', (i) => `k${i}: ${i}`) + '\n'
      : form === 'flow keys' ? GOOD + `extra: {${keys(', ', (i) => `k${i}: ${i}`)}}\n`
        : GOOD + `description: [${keys(', ', (i) => String(i))}]\n`;
    return { args: ['run', 's.yaml'], files: { 's.yaml': text } };
  });

describe(`hostile-shape fuzz of the binary (seed ${SEED})`, () => {
  const n = Math.min(runs(4), 100);
  const opts = { seed: SEED, numRuns: n, endOnFailure: true };
  it('long names × matrices × files, in every format', { timeout: timeoutFor(n, KILL_MS + 1_000) }, () => fc.assert(fc.property(SCENARIO_SHAPE, property), opts));
  it('devices, FIFOs, sockets, folders and symlinks as every kind of input', { timeout: timeoutFor(n, KILL_MS + 1_000) }, () => fc.assert(fc.property(SPECIAL_SHAPE, property), opts));
  it('huge and odd --top values', { timeout: timeoutFor(n, KILL_MS + 1_000) }, () => fc.assert(fc.property(TOP_SHAPE, property), opts));
  it('deep nesting up to 1 MB', { timeout: timeoutFor(n, KILL_MS + 1_000) }, () => fc.assert(fc.property(NESTING_SHAPE, property), opts));
  it('wide mappings and lists up to 1 MB', { timeout: timeoutFor(n, KILL_MS + 1_000) }, () => fc.assert(fc.property(WIDTH_SHAPE, property), opts));
});

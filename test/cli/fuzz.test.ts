/**
 * A seeded fuzz of every command's inputs, in-process (main(argv, io)): the bundled scenarios, models,
 * hardware profiles, Hugging Face config.json files and validation rows, mutated (./fuzz/mutate.ts: keys
 * deleted, renamed to near misses, duplicated, added; types swapped; extreme numbers and strings from
 * ./fuzz/values.ts), each run through the commands that read it with random flags; and random argv built
 * from each command's own --help. Every run must satisfy ./fuzz/oracle.ts, leave its input files as they
 * were, and finish within CASE_MS.
 *
 * fast-check (already the property tests' library, test/fuzz/) gives the seeded generation and shrinks a
 * failure to a small input. Seed and run count: test/fuzz/config.ts (FLOPCAST_FUZZ_SEED, FLOPCAST_FUZZ_RUNS).
 * FLOPCAST_FUZZ_COLLECT=1 keeps going past failures and prints each distinct one (the exploration mode).
 */
import fc from 'fast-check';
import { readFileSync, readdirSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { runCli } from './run-cli.js';
import { SEED, runs, timeoutFor } from '../fuzz/config.js';
import { tempDir } from '../reliability/helpers.js';
import { applyDoc, applyText, fileCase, type FileCase } from './fuzz/mutate.js';
import { hashOf, problem, shape, stringsOf } from './fuzz/oracle.js';
import { FLAG_VALUE, NUMBER_TEXT, ODD_TEXT, PLAUSIBLE, WORD } from './fuzz/values.js';

const COLLECT = process.env.FLOPCAST_FUZZ_COLLECT === '1';
/** A run past this is a finding (a search exploding on a huge count): generous for a loaded 2-core machine. */
const CASE_MS = Number(process.env.FLOPCAST_FUZZ_CASE_MS ?? 10_000);
const dir = tempDir('fuzz37');
const at = (name: string): string => join(dir, name);
const read = (...p: string[]): string => readFileSync(join(PACKAGE_ROOT, ...p), 'utf8');
const yamlsIn = (sub: string): string[] => readdirSync(join(PACKAGE_ROOT, sub)).filter((f) => f.endsWith('.yaml')).sort();

// The bases: documents to mutate.
const SCENARIOS = yamlsIn('scenarios').map((f) => parseYaml(read('scenarios', f)) as unknown);
const MODELS = ['gpt2', 'llama-3-8b', 'deepseek-v3', 'mixtral-8x7b', 'gpt-oss-20b', 'nemotron-h-8b', 'llama-4-scout'].map((m) => parseYaml(read('models', `${m}.yaml`)) as unknown);
const PROFILES = ['h100-sxm', 'a100-sxm4-80gb', 'mi300x', 'tpu-v5p', 'b200'].map((h) => parseYaml(read('hardware-profiles', `${h}.yaml`)) as unknown);
const CONFIGS = ['gpt2', 'llama-2-7b', 'deepseek-v3', 'gpt-oss-120b', 'gemma-3-1b', 'dbrx'].map((c) => JSON.parse(read('test', 'fixtures', 'hf', `${c}.json`)) as unknown);
const ROWS = [
  ...(parseYaml(read('examples', 'own-runs.yaml')) as { rows: unknown[] }).rows,
  ...(parseYaml(read('validation', 'test-runs.yaml')) as { rows: unknown[] }).rows.slice(0, 4),
].map((row) => ({ rows: [row] }));
/** The README's quick config.json: one model to count. */
const README_CONFIG = { model_type: 'llama', hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, vocab_size: 32000, max_position_embeddings: 4096 };
CONFIGS.push(README_CONFIG);

/** Each command's flags, as its --help lists them. */
const COMMANDS = ['flops', 'run', 'report', 'budget', 'models', 'hardware', 'prices', 'schema', 'plan', 'validate'] as const;
const FLAGS: Record<string, string[]> = {};
for (const c of COMMANDS) {
  const help = (await runCli([c, '--help'])).stdout;
  FLAGS[c] = [...new Set([...help.matchAll(/^\s+(?:-\w, )?--([a-z][\w-]*)/gm)].map((m) => m[1]!))].filter((f) => !['help', 'version', 'out', 'debug'].includes(f));
}

function build(bases: readonly unknown[], c: FileCase, asJson = false): string {
  const doc = structuredClone(bases[c.base]);
  for (const m of c.doc) applyDoc(doc, m);
  let text = asJson ? JSON.stringify(doc, null, 2) : stringify(doc);
  for (const m of c.text) text = applyText(text, m);
  return text;
}

/** Random flags of a command: names from its help (often), unknown names (sometimes), values from ./fuzz/values.ts. */
const flagsOf = (command: string): fc.Arbitrary<string[]> => fc.array(fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...FLAGS[command]!), FLAG_VALUE, fc.constantFrom('space', 'equals', 'bare')) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('--tokenz', '--Count', '--gpus', '-x', '--no-such', '--json=maybe', '--top', '--', '-h'), FLAG_VALUE, fc.constantFrom('space', 'bare')) },
), { maxLength: 4 }).map((flags) => flags.flatMap(([name, value, form]) => {
  const flag = name.startsWith('-') ? name : `--${name}`;
  return form === 'bare' ? [flag] : form === 'equals' ? [`${flag}=${value}`] : [flag, value];
}));

/** One of the commands, with random flags of its own. */
const withFlags = (...commands: string[]): fc.Arbitrary<[string, string[]]> =>
  fc.constantFrom(...commands).chain((cmd) => fc.tuple(fc.constant(cmd), fc.oneof(fc.constant<string[]>([]), flagsOf(cmd))));

/** --json (or --format json), or text; sometimes --out into the temp folder. */
const OUTPUT = fc.constantFrom<string[]>(['--json'], [], [], ['--format', 'json'], ['--out', at('out.json')], ['--out', at('out.md')], ['--out', at('out.html')]);

const stats = { tried: 0, failed: 0, exits: [0, 0, 0] as number[], byTest: {} as Record<string, number[]>, started: Date.now(), slowest: { ms: 0, args: '' } };
const found = new Map<string, { count: number; example: string }>();

afterAll(() => {
  const s = ((Date.now() - stats.started) / 1000).toFixed(1);
  console.log(`flopcast fuzz (every command): seed ${SEED}, ${stats.tried} runs (exit 0/1/2: ${stats.exits.join('/')}), ${stats.failed} failed, ${found.size} distinct; slowest ${stats.slowest.ms.toFixed(0)} ms (${stats.slowest.args.slice(0, 200)}); ${s} s`);
  for (const [k, v] of Object.entries(stats.byTest)) console.log(`  ${k}: exit 0/1/2 ${v.join('/')}`);
  for (const [k, v] of found) console.log(`\n## ${v.count}x ${k}\n${v.example}`);
  rmSync(dir, { recursive: true, force: true });
  if (!COLLECT) expect(found.size).toBe(0);
});

/** Writes the files, runs the CLI, checks the oracle, the files' hashes and the time. */
async function check(args: string[], files: Record<string, string>): Promise<boolean> {
  for (const [name, text] of Object.entries(files)) writeFileSync(at(name), text);
  const before = Object.keys(files).map((f) => hashOf(at(f)));
  const echoed = [dir, ...args, ...Object.values(files).flatMap((text) => {
    try {
      return stringsOf(parseYaml(text));
    } catch {
      return [text];
    }
  })];
  stats.tried++;
  const t0 = performance.now();
  const r = await runCli(args);
  const ms = performance.now() - t0;
  stats.exits[r.code] = (stats.exits[r.code] ?? 0) + 1;
  const t = (stats.byTest[expect.getState().currentTestName ?? ''] ??= [0, 0, 0]);
  t[r.code] = (t[r.code] ?? 0) + 1;
  if (ms > stats.slowest.ms) stats.slowest = { ms, args: args.join(' ') };
  let what = problem({ args, ...r }, echoed);
  if (!what && Object.keys(files).some((f, i) => hashOf(at(f)) !== before[i])) what = 'an input file changed';
  if (!what && ms > CASE_MS) what = `took ${ms.toFixed(0)} ms`;
  if (!what) return true;
  stats.failed++;
  const key = shape({ args, ...r }, what);
  const example = `flopcast ${args.map((a) => JSON.stringify(a)).join(' ')}\n${Object.entries(files).map(([f, t]) => `--- ${f}\n${t.slice(0, 3000)}`).join('\n')}\n--- exit ${r.code}\n${r.stderr.slice(0, 2000)}${r.stdout.slice(0, 600)}`;
  const seen = found.get(key);
  if (seen) seen.count++;
  else found.set(key, { count: 1, example });
  if (COLLECT) return true;
  throw new Error(`${what}\n${example}`);
}

const n = runs(40);
const opts = { seed: SEED, numRuns: n, endOnFailure: true };
mkdirSync(at('hw'));

describe(`CLI fuzz, every command (seed ${SEED})`, () => {
  it('mutated scenarios through run, report, budget and plan', { timeout: timeoutFor(n, 400) }, async () => {
    const command = withFlags('run', 'run', 'report', 'budget', 'plan');
    await fc.assert(fc.asyncProperty(fileCase(SCENARIOS.length), command, OUTPUT, fc.nat(), async (c, [cmd, flags], out, k) => {
      const extra = cmd === 'report' ? ['--format', k % 2 ? 'markdown' : 'html'] : cmd === 'budget' ? ['--usd', '5M'] : cmd === 'plan' ? ['--top', '2'] : [];
      return check([cmd, at('scenario.yaml'), ...extra, ...flags, ...out], { 'scenario.yaml': build(SCENARIOS, c) });
    }), opts);
  });

  it('mutated models and config.json files through flops, run and plan', { timeout: timeoutFor(n, 400) }, async () => {
    const input = fc.boolean().chain((json) => fc.tuple(fc.constant(json), fileCase(json ? CONFIGS.length : MODELS.length)));
    await fc.assert(fc.asyncProperty(input, withFlags('flops', 'flops', 'run', 'plan'), OUTPUT, async ([json, c], [cmd, flags], out) => {
      const file = json ? 'config.json' : 'model.yaml';
      const files: Record<string, string> = { [file]: build(json ? CONFIGS : MODELS, c, json) };
      if (cmd === 'flops') return check(['flops', at(file), ...flags, ...out], files);
      if (cmd === 'plan') return check(['plan', '--model', at(file), '--gpu', 'h100-sxm', '--count', '64', '--top', '2', ...flags, ...out], files);
      files['scenario.yaml'] = `model: ./${file}\ntraining:\n  tokens: 1T\ncluster:\n  gpu: h100-sxm\n  count: 256\n  utilization: 0.4\npricing:\n  usd_per_gpu_hour: 2.5\n`;
      return check(['run', at('scenario.yaml'), ...flags, ...out], files);
    }), opts);
  });

  it('mutated hardware profiles through hardware, prices and run', { timeout: timeoutFor(n, 400) }, async () => {
    await fc.assert(fc.asyncProperty(fileCase(PROFILES.length), fc.constantFrom('hardware', 'prices', 'run', 'budget'), OUTPUT, async (c, cmd, out) => {
      const text = build(PROFILES, c);
      let id = 'h100-sxm';
      try {
        const v = (parseYaml(text) as { id?: unknown } | null)?.id;
        if (typeof v === 'string' && /^[\w.-]{1,40}$/.test(v)) id = v;
      } catch {
        // not YAML any more: the id stays a bundled one
      }
      const files = { 'hw/profile.yaml': text };
      const hw = ['--hardware-dir', at('hw')];
      if (cmd === 'hardware') return check(['hardware', 'show', id, ...hw, ...out], files);
      if (cmd === 'prices') return check(['prices', id, ...hw, ...out], files);
      if (cmd === 'budget') return check(['budget', '--usd', '5M', '--gpu', id, ...hw, ...out], files);
      return check(['run', join(PACKAGE_ROOT, 'scenarios', 'llama-65b.yaml'), '--gpu', id, '--utilization', 'auto', ...hw, ...out], files);
    }), opts);
  });

  it('mutated validation rows through validate FILE', { timeout: timeoutFor(n, 400) }, async () => {
    await fc.assert(fc.asyncProperty(fileCase(ROWS.length), OUTPUT, async (c, out) =>
      check(['validate', at('runs.yaml'), ...out], { 'runs.yaml': build(ROWS, c) })), opts);
  });

  it('a command line that runs, with one or two of its flags set to plausible or hostile values', { timeout: timeoutFor(n, 400) }, async () => {
    const scenario = join(PACKAGE_ROOT, 'scenarios', 'llama-65b.yaml');
    const bases: Record<string, string[][]> = {
      flops: [['flops', 'gpt2', '--tokens', '1T'], ['flops', 'deepseek-v3'], ['flops', join(PACKAGE_ROOT, 'test', 'fixtures', 'hf', 'gpt-oss-120b.json')]],
      run: [['run', scenario], ['run', join(PACKAGE_ROOT, 'scenarios', 'cluster-options.yaml')], ['run', join(PACKAGE_ROOT, 'scenarios', 'rent-or-buy.yaml')]],
      budget: [['budget', '--usd', '5M', '--gpu', 'h100-sxm', '--count', '1024'], ['budget', '--flops', '5.76e23', '--gpu', 'h100-sxm'],
        ['budget', '--model', 'gpt2', '--tokens', '1T', '--gpu', 'h100-sxm', '--count', '8'], ['budget', scenario, '--usd', '5M']],
      plan: [['plan', '--model', 'gpt2', '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '8', '--top', '2'],
        ['plan', '--model', 'mixtral-8x7b', '--gpu', 'h100-sxm', '--count', '64', '--global-batch', '256', '--top', '2'], ['plan', scenario, '--top', '2']],
      hardware: [['hardware'], ['hardware', 'show', 'h100-sxm']],
      prices: [['prices', 'h100-sxm']],
      report: [['report', scenario, '--format', 'markdown']],
      validate: [['validate', join(PACKAGE_ROOT, 'examples', 'own-runs.yaml')]],
    };
    const line = fc.constantFrom(...Object.keys(bases)).chain((cmd) => fc.tuple(fc.constantFrom(...bases[cmd]!),
      fc.array(fc.tuple(fc.constantFrom(...FLAGS[cmd]!), fc.oneof({ weight: 3, arbitrary: PLAUSIBLE }, { weight: 2, arbitrary: NUMBER_TEXT }, { weight: 1, arbitrary: FLAG_VALUE })), { minLength: 1, maxLength: 2 })));
    // --json or text only: --format and --out's extensions are each command's own, and refused elsewhere.
    await fc.assert(fc.asyncProperty(line, fc.constantFrom<string[]>(['--json'], []), async ([base, flags], out) => {
      // A flag given twice is refused before anything runs: the base's own value is replaced instead.
      const args = [...base];
      for (const [flag, value] of flags) {
        const i = args.indexOf(`--${flag}`);
        if (i >= 0) args.splice(i, 2);
        if (!args.some((a) => a.startsWith(`--${flag}=`))) args.push(`--${flag}=${value}`);
      }
      return check([...args, ...out], {});
    }), opts);
  });

  it('random argv from each command\'s --help', { timeout: timeoutFor(n, 400) }, async () => {
    const positional = fc.oneof(fc.constant(join(PACKAGE_ROOT, 'scenarios', 'llama-65b.yaml')), WORD, NUMBER_TEXT, ODD_TEXT);
    await fc.assert(fc.asyncProperty(withFlags(...COMMANDS), fc.array(positional, { maxLength: 2 }), OUTPUT, async ([cmd, flags], pos, out) =>
      // validate with no file checks every bundled row (10 s): a file of four rows instead.
      check([cmd, ...(cmd === 'validate' && !pos.length ? [join(PACKAGE_ROOT, 'examples', 'own-runs.yaml')] : pos), ...flags, ...out], {})), opts);
  });
});

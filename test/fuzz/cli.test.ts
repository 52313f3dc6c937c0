/**
 * Fuzzing the CLI with mutated and random scenario and model files (issue 4, bullet 4). Every run
 * must exit 0 or 2; an exit 2 must print exactly the one InputError the CLI formatted, obeying the
 * error rule in test/reliability/helpers.ts (file always; line:col unless a whole-file problem;
 * key path whenever the file is YAML with a mapping at its root); nothing ever prints a stack
 * trace; and an exit 0 never shows NaN or Infinity, in any format.
 *
 * In-process (runCli) for speed. Seeded and reproducible: see ./config.ts.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { InputError } from '../../src/input/errors.js';
import { parseYaml } from '../../src/input/yaml.js';
import { terminalLine } from '../../src/report/escape.js';
import { runCli } from '../cli/run-cli.js';
import { MODELS_DIR, SCENARIOS_DIR, STACK, bundledModels, bundledScenarios, checkRunJson, tempDir, writeFile } from '../reliability/helpers.js';
import { SEED, runs, timeoutFor } from './config.js';
import { applyDoc, type DocMutation } from '../cli/fuzz/mutate.js';

const dir = tempDir('fuzz');
const SCENARIO_TEXTS = bundledScenarios().map((f) => readFileSync(join(SCENARIOS_DIR, f), 'utf8'));
const MODEL_TEXTS = bundledModels().map((f) => readFileSync(join(MODELS_DIR, f), 'utf8'));
/** A scenario around a model file, for fuzzing model files through `run`. */
const MODEL_SCENARIO = 'model: ./model.yaml\ntraining:\n  tokens: 1T\ncluster:\n  gpu: h100-sxm\n  count: 256\n  utilization: 0.4\npricing:\n  usd_per_gpu_hour: 2.5\n';
/** Errors about a whole file: no line or column to give. */
const WHOLE_FILE = /not valid UTF-8|not UTF-8|bytes; the limit is|not a regular file|top-level key|at the top level|, not text(?:: |$)|not a model's config\.json/;

// ------------------------------------------------------------------------------------------------
// Mutations

const NUMBERS = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 0.5, 10.5, -1e300, 1e300, 1e-300, 5e-324, 2 ** 53, 2 ** 53 + 2, 1.7976931348623157e308, NaN, Infinity, -Infinity),
  fc.double(),
  fc.integer(),
  fc.integer({ min: 1, max: 100_000 }),
);
const NAME = fc.constantFrom('params', 'active_params', 'count', 'layers', 'd_model', 'heads', 'vocab', 'seq_len', 'B', 'T', 'days', 'GB', 'h', 'x', 'constructor', '__proto__', 'toString', 'process');
const EXPRESSION: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(NUMBERS.map(String), NAME, fc.constantFrom('300B', '1.4T', '21 days', '80 GB', '1e400', '.5k', '1_000')),
    fc.tuple(tie('e'), fc.constantFrom(' + ', ' - ', ' * ', ' / ', '^', ' ', '.', ' = ', ' ? 1 : ', ':', ' == ', ';', '!'), tie('e')).map(([a, op, b]) => a + op + b),
    fc.tuple(fc.constantFrom('max', 'min', 'round', 'sqrt', 'pow', 'log', 'exp', 'abs', 'import', 'evaluate', 'cos', 'f', ''), fc.array(tie('e'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    tie('e').map((e) => `(${e})`),
    tie('e').map((e) => `-${e}`),
    tie('e').map((e) => `[${e}]`),
    tie('e').map((e) => `"${e}"`),
  ),
})).e;
const STRINGS = fc.oneof(
  fc.constantFrom('NaN', '.nan', 'Infinity', '-Infinity', '1e400', '-1e400', '1e300', '0x10', '0o17', '1_000', '300B', '1.4T', '-5', '', ' ', '21 days',
    '80 GB', '20 * params', 'cos.constructor("return process")()', 'import("fs")', '__proto__', 'constructor', 'auto', 'bf16', 'fp8', 'h100-sxm',
    'gpt3-175b', 'llama-3-8b', './model.yaml', '../x.yaml', '/dev/null', 'causal', 'full', 'swiglu', 'on_demand', 'CoreWeave', 'n/a',
    'selective', 'core_attn', 'mlp', 'moe_act', 'layernorm', 'mla_up_proj', 'moe'),
  fc.string({ maxLength: 12 }),
  EXPRESSION,
);
const SCALAR = fc.oneof(NUMBERS, STRINGS, fc.boolean(), fc.constant(null));
const VALUE: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: SCALAR },
  { weight: 1, arbitrary: fc.array(SCALAR, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('low', 'high', 'expected', 'tokens', 'sequences', 'a', 'cost'), SCALAR, { maxKeys: 3 }) },
);

/** A path into a document, picked by indices modulo each level's size. */
const PATH = fc.array(fc.nat(), { minLength: 1, maxLength: 4 });

const DOC_MUTATION: fc.Arbitrary<DocMutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), path: PATH }),
  fc.record({ kind: fc.constant('set' as const), path: PATH, value: VALUE }),
  fc.record({ kind: fc.constant('rename' as const), path: PATH, at: fc.nat(), char: fc.constantFrom('', 'x', '_', 's', '-', ' ', 'é') }),
  // Keys of later inputs too (recompute_modules, mtp_layers, Megatron-Core's pipeline-split fields), which no bundled scenario sets.
  fc.record({ kind: fc.constant('add' as const), path: PATH, key: fc.constantFrom('count', 'tokens', 'matrix', 'moe', 'extra', 'utilization', 'top_k', 'seq_len', 'recompute', 'recompute_modules', 'mtp_layers', 'sequence_parallel', 'pp', 'virtual_stages', 'num_layers_in_first_pipeline_stage', 'num_layers_in_last_pipeline_stage', 'account_for_embedding_in_pipeline_split', 'account_for_loss_in_pipeline_split'), value: VALUE }),
);

type TextMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'bytes'; at: number; bytes: Uint8Array }
  | { kind: 'snippet'; at: number; text: string }
  | { kind: 'line'; op: 'delete' | 'duplicate' | 'swap'; at: number; other: number };

const TEXT_MUTATION: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
  fc.record({ kind: fc.constant('snippet' as const), at: fc.nat(), text: fc.constantFrom('&a ', '*a', '*b', '!!binary ', '!!js/function ', '? ', '- ', ': ', '\n---\n', '\t', '{', '}', '[', ']', '"', "'", '#', '|\n', '>\n', '%YAML 1.1\n', '<<: *a\n', '\n  ', '\0', '\r', '\uFEFF', ': .nan', ': 1e400') }),
  fc.record({ kind: fc.constant('line' as const), op: fc.constantFrom('delete' as const, 'duplicate' as const, 'swap' as const), at: fc.nat(), other: fc.nat() }),
);

function applyText(bytes: Buffer, m: TextMutation): Buffer {
  const at = bytes.length ? m.kind === 'line' ? 0 : (m as { at: number }).at % (bytes.length + 1) : 0;
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(0, at);
    case 'bytes':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
    case 'snippet':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text), bytes.subarray(at)]);
    case 'line': {
      const lines = bytes.toString('utf8').split('\n');
      const i = m.at % lines.length;
      const j = m.other % lines.length;
      if (m.op === 'delete') lines.splice(i, 1);
      else if (m.op === 'duplicate') lines.splice(i, 0, lines[i]!);
      else [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return Buffer.from(lines.join('\n'));
    }
  }
}

interface FileCase {
  base: number;
  docMutations: DocMutation[];
  textMutations: readonly TextMutation[];
}

const FILE_CASE = (count: number): fc.Arbitrary<FileCase> =>
  fc.record({
    base: fc.nat({ max: count - 1 }),
    docMutations: fc.array(DOC_MUTATION, { maxLength: 3 }),
    textMutations: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(TEXT_MUTATION, { minLength: 1, maxLength: 2 }) }),
  });

function build(texts: readonly string[], c: FileCase): Buffer {
  const text = texts[c.base]!;
  let out: Buffer;
  if (c.docMutations.length) {
    const doc = parseYaml(text, 'base.yaml').value;
    for (const m of c.docMutations) applyDoc(doc, m);
    out = Buffer.from(stringify(doc));
  } else out = Buffer.from(text);
  for (const m of c.textMutations) out = applyText(out, m);
  return out;
}

/** Random files not derived from the bundled ones: any YAML-able value, or any text. */
const RANDOM_FILE: fc.Arbitrary<Buffer> = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 4 }).map((v) => Buffer.from(stringify(v === undefined ? null : v))),
  fc.string({ maxLength: 80 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
);

// ------------------------------------------------------------------------------------------------
// The oracle

const FORMATS = ['json', 'table', 'csv', 'markdown'] as const;
const stats = { tried: 0, crashed: 0, exit0: 0, exit2: 0, started: Date.now() };
const crashes: string[] = [];

/** String scalars of a (possibly broken) YAML file: user text the output may legitimately echo. */
function userStrings(bytes: Buffer): string[] {
  const out: string[] = [];
  try {
    const walk = (v: unknown): void => {
      if (typeof v === 'string') out.push(v);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.push(k), walk(x));
    };
    walk(parseYaml(bytes.toString('utf8'), 'x.yaml').value);
  } catch {
    // not YAML: nothing it says reaches the output
  }
  return out.sort((a, b) => b.length - a.length);
}

function isMappingYaml(bytes: Buffer): boolean {
  try {
    const v = parseYaml(new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'x.yaml').value;
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

let lastError: InputError | undefined;
const realLocated = InputError.prototype.located;
vi.spyOn(InputError.prototype, 'located').mockImplementation(function (this: InputError) {
  lastError = this;
  return realLocated.call(this);
});

/** Runs the CLI on the written files and checks everything; returns a failure description or ''. */
async function check(args: string[], files: Record<string, Buffer>): Promise<string> {
  lastError = undefined;
  stats.tried++;
  let r: Awaited<ReturnType<typeof runCli>>;
  try {
    r = await runCli(args);
  } catch (err) {
    return `threw out of main(): ${String(err)}`;
  }
  const all = r.stdout + r.stderr;
  if (STACK.test(all)) return `stack trace printed:\n${r.stderr}`;
  if (r.code === 0) {
    stats.exit0++;
    let text = r.stdout;
    const echoed = Object.values(files).flatMap(userStrings);
    for (const s of echoed) if (s) text = text.split(s).join('');
    if (/NaN|Infinity|\bn\/a\b/.test(text)) return `non-finite value in the output:\n${r.stdout}`;
    if (args.includes('json')) {
      try {
        checkRunJson(r.stdout, echoed);
      } catch (err) {
        return `bad JSON output: ${String(err)}`;
      }
    }
    return '';
  }
  if (r.code !== 2) return `exit ${r.code}:\n${r.stderr}`;
  stats.exit2++;
  if (r.stdout !== '') return `exit 2 with stdout:\n${r.stdout}`;
  const e = lastError as InputError | undefined; // set by the spy while main() ran
  if (!e) return `exit 2 without an InputError:\n${r.stderr}`;
  if (r.stderr !== `error: ${terminalLine(e.located())}\n${e.details.hint ? `  hint: ${terminalLine(e.details.hint)}\n` : ''}`) return `stderr is not exactly one error:\n${r.stderr}`;
  const { file, line, col, keyPath } = e.details;
  // An error inside a file the scenario points to (`model: other.yaml`) names that file and says where it was referenced.
  const referenced = file !== undefined && !(file in files) && Object.keys(files).some((f) => (e.details.hint ?? '').includes(`referenced by ${f}:`));
  if (!file || (!(file in files) && !referenced)) return `error does not name one of the input files: ${r.stderr}`;
  if (referenced) return '';
  if (WHOLE_FILE.test(e.message)) return '';
  if (!line || !col) return `error has no line:col: ${r.stderr}`;
  if (isMappingYaml(files[file]!) && !keyPath) return `error in a YAML mapping has no key path: ${r.stderr}`;
  return '';
}

async function property(args: string[], files: Record<string, Buffer>): Promise<boolean> {
  for (const [f, bytes] of Object.entries(files)) writeFile(dir, f.slice(dir.length + 1), bytes);
  const failure = await check(args, files);
  if (failure) {
    stats.crashed++;
    crashes.push(failure);
    throw new Error(`${args.join(' ')}\n${failure}\n--- files ---\n${Object.entries(files).map(([f, b]) => `${f}:\n${b.toString('utf8')}`).join('\n')}`);
  }
  return true;
}

const scenarioPath = join(dir, 'scenario.yaml');
const modelPath = join(dir, 'model.yaml');
const FORMAT = fc.constantFrom(...FORMATS);

afterAll(() => {
  const seconds = ((Date.now() - stats.started) / 1000).toFixed(1);
  console.log(`flopcast fuzz (CLI): seed ${SEED}, ${stats.tried} inputs tried, ${stats.crashed} crashed (${stats.exit0} exit 0, ${stats.exit2} exit 2), ${seconds} s`);
  expect(stats.crashed).toBe(0);
});

describe(`CLI fuzz (seed ${SEED})`, () => {
  const n = runs(80);
  const opts = { seed: SEED, numRuns: n, endOnFailure: true };

  it('mutated bundled scenarios exit 0 or 2 with one located error', { timeout: timeoutFor(n, 60) }, async () => {
    await fc.assert(fc.asyncProperty(FILE_CASE(SCENARIO_TEXTS.length), FORMAT, (c, format) =>
      property(['run', scenarioPath, '--format', format], { [scenarioPath]: build(SCENARIO_TEXTS, c) })), opts);
  });

  it('mutated bundled models (through a scenario) exit 0 or 2 with one located error', { timeout: timeoutFor(n, 60) }, async () => {
    await fc.assert(fc.asyncProperty(FILE_CASE(MODEL_TEXTS.length), FORMAT, (c, format) =>
      property(['run', scenarioPath, '--format', format], { [scenarioPath]: Buffer.from(MODEL_SCENARIO), [modelPath]: build(MODEL_TEXTS, c) })), opts);
  });

  it('random files as scenarios and as models exit 0 or 2', { timeout: timeoutFor(n, 60) }, async () => {
    await fc.assert(fc.asyncProperty(RANDOM_FILE, fc.boolean(), (bytes, asModel) =>
      property(['run', scenarioPath, '--format', 'json'], asModel ? { [scenarioPath]: Buffer.from(MODEL_SCENARIO), [modelPath]: bytes } : { [scenarioPath]: bytes })), { ...opts, numRuns: Math.ceil(n / 2) });
  });
});

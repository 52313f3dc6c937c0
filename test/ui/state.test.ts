/**
 * The page's pure parts: the state survives the URL, the exported YAML runs in the CLI to the
 * page's results, a pasted config.json is the same model the CLI reads from the file, and errors
 * carry the CLI's messages and land on the right field.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenarios } from '../cliLoad.js';
import { bundledUiData } from '../../src/cli/load/uiData.js';
import { createEvaluator } from '../../src/ui/evaluate.js';
import { todayFrom } from '../../src/pricing/policy.js';
import { LIMITS } from '../../src/input/limits.js';
import { exportFile, optionNames, optionScenario, type ScenarioText } from '../../src/ui/scenario.js';
import { DEFAULT_STATE, stateFromHash, stateToHash, type UiState } from '../../src/ui/state.js';
import { runCli } from '../cli/run-cli.js';
import { attentionNotes } from '../../src/report/runs.js';

/** The page's date: the clock's, as client/main.ts passes it. */
const TODAY = todayFrom(Date.now());

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATA = bundledUiData('test');
const LLAMA_CONFIG = readFileSync(join(ROOT, 'test/fixtures/hf/meta-llama-3-8b.json'), 'utf8');

const state = (over: Partial<UiState>): UiState => ({ ...structuredClone(DEFAULT_STATE), ...over });

function writeAll(files: { file: string; text: string }[], extra: Record<string, string> = {}): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-ui-export-'));
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  return files.map((f) => {
    writeFileSync(join(dir, f.file), f.text);
    return join(dir, f.file);
  });
}

describe('the state in the URL', () => {
  it.each([
    ['the default view', DEFAULT_STATE],
    ['odd characters in every field', state({ tokens: '1.4T & more #1 = x', utilization: '[0.35, 0.45]', globalBatch: '', options: [{ gpu: 'b200', count: '12 apples', price: '$3/h?' }] })],
    ['a pasted config.json', state({ config: LLAMA_CONFIG, options: [{ gpu: 'h100-sxm', count: '64', price: '' }, { gpu: 'mi300x', count: '64', price: '2' }] })],
    ['a chosen precision', state({ precision: 'fp16', options: [{ gpu: 'v100-sxm2-32gb', count: '1024', price: '' }] })],
  ])('round-trips %s', (_, s) => {
    expect(stateFromHash(stateToHash(s))).toEqual(s);
  });

  it('gives the default view for an empty hash, and defaults for missing fields', () => {
    expect(stateFromHash('')).toEqual(DEFAULT_STATE);
    expect(stateFromHash('#tokens=1T')).toEqual({ ...DEFAULT_STATE, tokens: '1T' });
  });
});

describe('the exported scenario YAML', () => {
  /** The page's runs against the CLI's for the exported file (loaded as `flopcast run FILE` loads it), matched by the option's name. */
  function expectSameResults(s: UiState, extra: Record<string, string> = {}): void {
    const file = exportFile(s);
    expect(file.file).toBe('scenario.yaml');
    const page = createEvaluator(DATA, TODAY)(s);
    expect(page.errors).toEqual([]);
    const cli = loadScenarios(writeAll([file], extra), []);
    const names = optionNames(s.options);
    expect(cli).toHaveLength(s.options.length);
    cli.forEach((run, i) => {
      // One option is a plain scenario named after it; several are `options:`, each run labelled with its option's name.
      expect(s.options.length > 1 ? run.result.inputs.label : run.result.name).toBe(names[i]);
      const mine = page.runs[i]!.result;
      for (const k of ['modelFlops', 'wallClockSeconds', 'gpuHours', 'mfu', 'energyKwh'] as const) expect(run.result[k]).toBe(mine[k]);
      expect(run.result.cost).toEqual(mine.cost);
      expect(run.result.inputs.price).toEqual(mine.inputs.price);
      expect(run.result.warnings).toEqual(mine.warnings);
    });
  }

  it.each([
    ['three GPUs at their on-demand prices (the first view)', DEFAULT_STATE],
    ['a price on some options only, a repeated GPU and count', state({ options: [
      { gpu: 'h100-sxm', count: '1024', price: '2' }, { gpu: 'h100-sxm', count: '1024', price: '' },
      { gpu: 'b200', count: '512', price: '[4, 5]' }, { gpu: 'mi300x', count: '768', price: '' },
    ] })],
    ['every GPU × count at one price', state({ options: [
      { gpu: 'h100-sxm', count: '512', price: '2' }, { gpu: 'h100-sxm', count: '1024', price: '2' },
      { gpu: 'b200', count: '512', price: '2' }, { gpu: 'b200', count: '1024', price: '2' },
    ] })],
    ['utilisation auto', state({ utilization: 'auto', options: [{ gpu: 'h100-sxm', count: '1024', price: '' }, { gpu: 'b200', count: '512', price: '3' }] })],
    ['one option', state({ options: [{ gpu: 'b200', count: '256', price: '' }] })],
    // A V100 has no bf16 (the default): the page had no precision, and showed `use fp16` with no field to choose it.
    ['fp16 on V100s beside H100s', state({ model: 'gpt3-175b', tokens: '300B', globalBatch: '1536', precision: 'fp16', options: [{ gpu: 'v100-sxm2-32gb', count: '1024', price: '' }, { gpu: 'h100-sxm', count: '1024', price: '' }] })],
    ['fp8 at utilisation auto', state({ precision: 'fp8', utilization: 'auto', options: [{ gpu: 'h100-sxm', count: '1024', price: '' }] })],
    // The page ran these; their export was refused by flopcast run, its name (the shared base's, of the tokens
    // field) '437 characters; the limit is 256', or holding the newline the field's YAML folds.
    ['a long tokens expression', state({ tokens: Array(60).fill('1e11').join(' + ') })],
    ['a tokens expression over two lines', state({ tokens: '1e12 +\n 1e12' })],
  ])('is one file, which the CLI runs to the page\'s results: %s', (_, s) => {
    expectSameResults(s);
  });

  it('is a shared base and one `options:` entry per option, each its name, GPU, count and (only when given) price', () => {
    const s = state({ options: [{ gpu: 'h100-sxm', count: '1024', price: '2.5' }, { gpu: 'b200', count: '512', price: '' }] });
    const doc = parse(exportFile(s).text) as Record<string, unknown>;
    expect(doc).toEqual({
      name: 'llama-3-70b, 15T tokens',
      model: 'llama-3-70b',
      training: { tokens: '15T', global_batch: 1024 },
      cluster: { utilization: 0.4 },
      options: [
        { name: 'h100-sxm × 1024 at $2.5/GPU-h', cluster: { gpu: 'h100-sxm', count: 1024 }, pricing: { usd_per_gpu_hour: 2.5 } },
        { name: 'b200 × 512', cluster: { gpu: 'b200', count: 512 } },
      ],
    });
  });

  it('carries the precision in the shared training only when one is chosen', () => {
    expect(parse(exportFile(state({ precision: 'fp16' })).text)).toMatchObject({ training: { tokens: '15T', global_batch: 1024, precision: 'fp16' } });
    expect(parse(exportFile(DEFAULT_STATE).text).training).toEqual({ tokens: '15T', global_batch: 1024 });
  });

  it('names the pasted config.json, which the CLI reads next to it to the page\'s results', () => {
    const s = state({ config: LLAMA_CONFIG, tokens: '1T', options: [{ gpu: 'h100-sxm', count: '64', price: '' }, { gpu: 'b200', count: '32', price: '4' }] });
    expect(exportFile(s).text).toContain('model: config.json');
    expectSameResults(s, { 'config.json': LLAMA_CONFIG });
  });
});

describe('warnings in the page', () => {
  // A pasted config.json without training.seq_len (the importer reads max_position_embeddings) and a quantization_config
  // whose method is markup: both are the importer's warnings (src/model/assumptions.ts), on every option.
  const HOSTILE = JSON.stringify({ ...JSON.parse(LLAMA_CONFIG), quantization_config: { quant_method: '<img src=x onerror=alert(1)>' } });
  const s = state({ config: HOSTILE, tokens: '1T', options: [{ gpu: 'h100-sxm', count: '64', price: '' }, { gpu: 'h200-sxm', count: '64', price: '' }, { gpu: 'h100-sxm', count: '128', price: '' }] });

  it('are every run\'s warnings, each once, as the CLI gives them for the exported file', () => {
    const ev = createEvaluator(DATA, TODAY)(s);
    expect(ev.errors).toEqual([]);
    const cli = loadScenarios(writeAll([exportFile(s)], { 'config.json': HOSTILE }), []);
    // The model's name prefixes its importer's notes: the CLI names a config.json after its folder, the page `config`.
    const rename = (w: string) => w.replace(`${cli[0]!.result.inputs.analysis.arch.name}: `, `${ev.runs[0]!.result.inputs.analysis.arch.name}: `);
    expect(ev.warnings).toEqual([...new Set(cli.flatMap((r) => r.result.warnings.map(rename)))]);
    expect(ev.warnings.filter((w) => w.startsWith('seq_len 8,192 comes from the config\'s max_position_embeddings'))).toHaveLength(1);
    expect(ev.warnings).toContain('config: quantization_config (<img src=x onerror=alert(1)>) is ignored: how the checkpoint stores its weights changes no count; the training precision is the scenario\'s training.precision / gemm_precision.');
    // Three options, each with the same two warnings: two lines.
    expect(ev.runs.every((r) => r!.result.warnings.length === 2)).toBe(true);
    expect(ev.warnings).toHaveLength(2);
  });

  it('name prices more than a year older than the page\'s date, once per price however many options use it', () => {
    const later = state({ options: [{ gpu: 'h100-sxm', count: '1024', price: '' }, { gpu: 'h100-sxm', count: '2048', price: '' }, { gpu: 'b200', count: '512', price: '3' }] });
    const now = createEvaluator(DATA, TODAY)(later);
    const ev = createEvaluator(DATA, '2040-01-01')(later);
    const stale = ev.warnings.filter((w) => / price from .* is dated .*, more than 12 months before 2040-01-01$/.test(w));
    expect(stale.length).toBeGreaterThan(0);
    expect(stale.every((w) => w.startsWith('h100-sxm: '))).toBe(true);
    expect(new Set(ev.warnings).size).toBe(ev.warnings.length);
    expect(ev.runs[0]!.result.warnings).toEqual(ev.runs[1]!.result.warnings);
    expect(now.warnings.some((w) => w.includes('2040-01-01'))).toBe(false);
  });

  it('carry run\'s attention-convention note, from the same data, named by option', () => {
    // Llama 3 8B's config at max_position_embeddings 131,072: QKᵀ and A·V are 82% of its model FLOPs, so a causal count is
    // about 0.59 of the full one (test/flops/conventionShift.test.ts works the rule by hand); the page has no attention
    // field, so the default counts. Fails on the old code: the warnings box held the importer's warning alone.
    const long = JSON.stringify({ ...JSON.parse(LLAMA_CONFIG), max_position_embeddings: 131_072 });
    const s = state({ config: long, tokens: '1T', utilization: '0.4', options: [{ gpu: 'h100-sxm', count: '64', price: '' }, { gpu: 'b200', count: '32', price: '4' }] });
    const ev = createEvaluator(DATA, TODAY)(s);
    expect(ev.errors).toEqual([]);
    const cli = loadScenarios(writeAll([exportFile(s)], { 'config.json': long }), []);
    const notes = cli.map((r) => attentionNotes(r));
    expect(notes.every((n) => n.length === 1 && n[0]!.startsWith('cluster.utilization 40.0% is read as MFU under attention full (the default)'))).toBe(true);
    const names = optionNames(s.options);
    expect(ev.warnings.slice(1)).toEqual(notes.map((n, i) => `${names[i]}: ${n[0]}`));
  });

  it('are none for the first view', () => {
    expect(createEvaluator(DATA, TODAY)(DEFAULT_STATE).warnings).toEqual([]);
  });
});

describe('errors in the page', () => {
  /** Option i's scenario, named as the page names it. */
  const scenarioOf = (s: UiState, i: number): ScenarioText => optionScenario(s, s.options[i]!, optionNames(s.options)[i]!);

  /** The CLI's message for the page's own scenario file, less the file's place, as the page shows it. */
  async function cliMessage(s: UiState, i: number, extra: Record<string, string> = {}): Promise<string> {
    const [file] = writeAll([scenarioOf(s, i)], extra);
    const r = await runCli(['run', file!]);
    expect(r.code).toBe(2);
    return r.stderr.replace(/^error: /, '').replace(new RegExp(`^${file!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `), '').trimEnd();
  }

  it.each([
    { what: 'an unknown GPU (from a hand-made link)', s: state({ options: [{ gpu: 'h100', count: '8', price: '' }] }), field: 'gpu', option: 0 },
    { what: 'an unknown preset', s: state({ model: 'llama-4' }), field: 'model', option: undefined },
    { what: 'a count that is not a whole number', s: state({ options: [{ gpu: 'b200', count: '8.5', price: '' }] }), field: 'count', option: 0 },
    { what: 'auto without a global batch', s: state({ utilization: 'auto', globalBatch: '' }), field: 'globalBatch', option: undefined },
    // An option's layouts that cannot run (cluster.parallelism, the performance model's): under that option's row, not at
    // the shared utilisation field (where every option's such message was stacked, naming no row).
    { what: 'auto on GPUs no layout fits', s: state({ utilization: 'auto', options: [{ gpu: 'rtx-4090', count: '8', price: '' }] }), field: 'general', option: 0 },
  ])('$what: the CLI\'s message, on its field', async ({ s, field, option }) => {
    const ev = createEvaluator(DATA, TODAY)(s);
    expect(ev.errors.length).toBeGreaterThan(0);
    const e = ev.errors[0]!;
    expect(e.field).toBe(field);
    expect(e.option).toBe(option);
    expect(e.message).toBe(await cliMessage(s, 0));
  });

  it('a pasted config.json that is not JSON: the CLI\'s message for that file, on the config field', async () => {
    const s = state({ config: '{ "model_type": "llama", ', options: [{ gpu: 'b200', count: '8', price: '' }] });
    const ev = createEvaluator(DATA, TODAY)(s);
    expect(ev.errors).toHaveLength(1);
    expect(ev.errors[0]!.field).toBe('config');
    expect(ev.errors[0]!.option).toBeUndefined();
    const [file] = writeAll([scenarioOf(s, 0)], { 'config.json': s.config });
    const cli = await runCli(['run', file!]);
    const dir = file!.slice(0, file!.lastIndexOf('/') + 1);
    // The same message; the CLI names the file by its path and adds the place in the scenario that refers to it.
    expect(cli.stderr).toMatch(/\n {2}hint: (.*; )?referenced by .*:\d+:\d+ \(model\)\n$/);
    expect(cli.stderr.replaceAll(dir, '').replace(/^error: /, '').replace(/(; |\n {2}hint: )referenced by .*\n$/, '')).toBe(ev.errors[0]!.message);
    expect(ev.report).toBeNull();
  });

  it('a shared field\'s error is shown once, however many options it stops', () => {
    const ev = createEvaluator(DATA, TODAY)(state({ tokens: 'lots' }));
    expect(ev.errors.map((e) => e.field)).toEqual(['tokens']);
    expect(ev.runs.every((r) => r === null)).toBe(true);
  });
});

describe('the page holds to the CLI\'s limits on runs (a link can carry any number of options)', () => {
  const many = (n: number, utilization: string): UiState => ({ ...DEFAULT_STATE, utilization, options: Array.from({ length: n }, (_, i) => ({ gpu: 'h100-sxm', count: String(8 * (i + 1)), price: '' })) });
  it.each([
    // Each with its way out (a limit said without one left the user to guess what to do).
    [LIMITS.runsPerInvocation + 1, '0.4', `2,001 options; the limit is 2,000\n  hint: remove 1 option (the × at the end of a row)`],
    [LIMITS.plannedRunsPerInvocation + 3, 'auto', `${LIMITS.plannedRunsPerInvocation + 3} options search parallel layouts (utilization auto); the limit is ${LIMITS.plannedRunsPerInvocation}\n  hint: remove 3 options (the × at the end of a row), or give utilization as a number`],
  ])('%i options at %s: refused, nothing resolved, and what to do said', (n, utilization, message) => {
    const ev = createEvaluator(DATA, TODAY)(many(n, utilization));
    expect(ev.errors).toEqual([{ field: 'general', message }]);
    expect(ev.runs).toHaveLength(n);
    expect(ev.runs.every((r) => r === null)).toBe(true);
    expect(ev.report).toBeNull();
  });
});

// The page had no throughput scale: a user's measured ÷ predicted throughput (flopcast validate YOUR-RUNS.yaml) could not reach it.
describe('the throughput scale, with utilisation auto', () => {
  const auto = (over: Partial<UiState>) => state({ model: 'llama-3-8b', tokens: '1T', globalBatch: '256', utilization: 'auto', options: [{ gpu: 'h100-sxm', count: '64', price: '' }], ...over });

  it('round-trips the URL, and a link without it reads as before', () => {
    const s = auto({ throughputScale: '0.9' });
    expect(stateFromHash(stateToHash(s))).toEqual(s);
    expect(stateToHash(auto({}))).not.toContain('scale');
  });

  it('multiplies the predicted MFU through the core, as the exported file does in the CLI', () => {
    const [own] = createEvaluator(DATA, TODAY)(auto({})).runs;
    const ev = createEvaluator(DATA, TODAY)(auto({ throughputScale: '0.9' }));
    expect(ev.errors).toEqual([]);
    const mine = ev.runs[0]!.result;
    expect(mine.inputs.throughput).toMatchObject({ kind: 'predicted', throughputScale: 0.9 });
    expect(mine.mfu).toBeCloseTo(own!.result.mfu * 0.9, 12);
    const [cli] = loadScenarios(writeAll([exportFile(auto({ throughputScale: '0.9' }))]), []);
    for (const k of ['mfu', 'wallClockSeconds', 'gpuHours'] as const) expect(cli!.result[k]).toBe(mine[k]);
    // Several options: the export's shared cluster carries it.
    const two = auto({ throughputScale: '0.9', options: [{ gpu: 'h100-sxm', count: '64', price: '' }, { gpu: 'h100-sxm', count: '128', price: '' }] });
    expect(parse(exportFile(two).text).cluster).toEqual({ utilization: 'auto', throughput_scale: 0.9 });
  });

  it.each([
    { case: 'beside a utilisation of the user\'s own', over: { utilization: '0.4', throughputScale: '0.9' }, message: /^cluster\.throughput_scale: throughput_scale scales the predicted utilisation/ },
    { case: 'below 0.001', over: { throughputScale: '0.00001' }, message: /^cluster\.throughput_scale: expected a value >= 0\.001/ },
  ])('refused at its field: $case', ({ over, message }) => {
    const ev = createEvaluator(DATA, TODAY)(auto(over));
    expect(ev.errors.map((e) => e.field)).toEqual(['throughputScale']);
    expect(ev.errors[0]!.message).toMatch(message);
  });
});

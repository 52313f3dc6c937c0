/**
 * run FILE's overrides (src/cli/load/overrides.ts): each flag changes the fields it names in every run of the file, and
 * nothing else (the rest of run --json equal); the changed values checked by independent arithmetic from the run
 * without the flag. Fails on the old code: run took none of these flags (yargs: Unknown argument).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { runCli } from '../run-cli.js';
import { overridesOf } from '../../../src/cli/load/overrides.js';

type Row = Record<string, any>;
const results = async (args: string[]): Promise<Row[]> => {
  const r = await runCli(['run', ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { results: Row[] }).results;
};
/** The keys whose values differ between two runs' JSON. */
const changed = (a: Row, b: Row): string[] => [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !isDeepStrictEqual(a[k], b[k]));

const OPTIONS = 'scenarios/cluster-options.yaml'; // 15 runs (5 GPUs × 3 counts), MFU 0.4, goodput 0.9, deadline 120 days, budget 40M
const LLAMA = 'scenarios/llama-65b.yaml'; // one run, 380 tokens/s per GPU
const DAY = 86_400;
// What follows from a price: the price's own fields, the cost, and what the cost decides (the budget, the marks).
const PRICED = ['usd_per_gpu_hour', 'price_kind', 'price_source', 'price_providers', 'cost_usd', 'cost', 'meets_budget', 'cheapest', 'pareto', 'warnings'];
// What follows from the time: its fields, and what it decides.
const TIMED = ['wall_clock_seconds', 'wall_clock_hours', 'wall_clock_days', 'meets_deadline', 'fastest', 'pareto', 'compute_seconds', 'tokens_per_second'];

describe('run FILE --flag: every run takes the value, and only the fields it names change', () => {
  it.each([
    { file: OPTIONS, flags: ['--deadline', '90 days'], may: ['deadline_seconds', 'meets_deadline'], check: (o: Row, b: Row) => {
      expect(o.deadline_seconds).toBe(90 * DAY);
      expect(o.meets_deadline).toBe(b.wall_clock_seconds <= 90 * DAY);
    } },
    { file: OPTIONS, flags: ['--budget', '30M'], may: ['budget_usd', 'meets_budget'], check: (o: Row) => {
      expect(o.budget_usd).toBe(30e6);
      expect(o.meets_budget).toBe(o.cost.compute_usd + o.cost.energy_usd + o.cost.fixed_usd <= 30e6);
    } },
    { file: OPTIONS, flags: ['--price', '2.5'], may: PRICED, check: (o: Row, b: Row) => {
      expect(o.usd_per_gpu_hour).toBe(2.5);
      expect(o.cost.compute_usd / (b.gpu_hours * 2.5)).toBeCloseTo(1, 12);
    } },
    { file: OPTIONS, flags: ['--count', '4096'], may: ['count', ...TIMED, 'energy_kwh', 'co2_kg', 'cost', 'cost_usd', 'cheapest', 'warnings', 'steps', 'name', 'meets_budget'], check: (o: Row, b: Row) => {
      expect(o.count).toBe(4096);
      // At a given MFU the GPU-hours do not depend on the count: the wall-clock does, inversely.
      expect(o.gpu_hours / b.gpu_hours).toBeCloseTo(1, 12);
      expect((o.wall_clock_seconds * 4096) / (b.wall_clock_seconds * b.count)).toBeCloseTo(1, 12);
    } },
    { file: OPTIONS, flags: ['--utilization', '0.5'], may: ['mfu', 'hfu', 'achieved_flops_per_gpu', 'gpu_hours', 'energy_kwh', 'co2_kg', ...TIMED, ...PRICED], check: (o: Row, b: Row) => {
      expect(o.mfu).toBe(0.5);
      expect((o.wall_clock_seconds * 0.5) / (b.wall_clock_seconds * 0.4)).toBeCloseTo(1, 12);
    } },
    { file: OPTIONS, flags: ['--goodput', '0.8'], may: ['goodput', 'gpu_hours', 'energy_kwh', 'co2_kg', ...TIMED, ...PRICED], check: (o: Row, b: Row) => {
      expect(o.goodput).toBe(0.8);
      expect((o.wall_clock_seconds * 0.8) / (b.wall_clock_seconds * 0.9)).toBeCloseTo(1, 12);
    } },
    // (achieved_flops_per_gpu: hardware FLOPs over the time, both scaled, in the last bits)
    { file: OPTIONS, flags: ['--tokens', '1T'], may: ['tokens', 'model_flops', 'hardware_flops', 'six_nd', 'achieved_flops_per_gpu', 'steps', 'gpu_hours', 'energy_kwh', 'co2_kg', ...TIMED, ...PRICED, 'meets_budget'], check: (o: Row, b: Row) => {
      expect(o.tokens).toBe(1e12);
      expect(o.model_flops / (b.model_flops / 15)).toBeCloseTo(1, 9);
    } },
    { file: LLAMA, flags: ['--count', '512'], may: ['count', ...TIMED, 'steps', 'name', 'energy_kwh', 'co2_kg', 'gpu_hours', ...PRICED, 'mfu', 'hfu', 'achieved_flops_per_gpu'], check: (o: Row, b: Row) => {
      // A throughput per GPU: the same tokens/s per GPU on fewer GPUs, the same GPU-hours.
      expect(o.count).toBe(512);
      expect(o.tokens_per_second / (b.tokens_per_second / 4)).toBeCloseTo(1, 12);
      expect(o.gpu_hours / b.gpu_hours).toBeCloseTo(1, 12);
    } },
  ])('$file $flags', async ({ file, flags, may, check }) => {
    const [base, over] = [await results([file]), await results([file, ...flags])];
    // A flag of a key the matrix varies takes it out: --count 4096 over 5 GPUs × 3 counts is 5 runs, each against the
    // file's run of its GPU at the matrix's first count.
    const gpus = [...new Set(base.map((b) => b.gpu))];
    expect(over).toHaveLength(flags[0] === '--count' ? gpus.length : base.length);
    over.forEach((o, i) => {
      const b = flags[0] === '--count' ? base.find((x) => x.gpu === o.gpu)! : base[i]!;
      const diff = changed(b, o);
      expect(diff.filter((k) => !may.includes(k)), `${b.name}: ${diff.join(', ')}`).toEqual([]);
      check(o, b);
    });
  }, 60_000);

  it('a file of several runs says each takes the values, with the values checked against', async () => {
    const r = await runCli(['run', OPTIONS, '--deadline', '90 days', '--budget', '30M', '--price', '2.5']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\nmeets: checked against deadline 90 days, budget \$30M\n/);
    expect(r.stdout).toMatch(/\n--price 2\.5, --deadline 90 days, --budget 30M applied to each of the scenario's 15 runs \(its options × its matrix\)\n/);
    // Without overrides, no note; one run is told what was given over the file (its name still says 2048 A100).
    expect((await runCli(['run', OPTIONS])).stdout).not.toMatch(/applied to each|over the scenario's values/);
    expect((await runCli(['run', LLAMA, '--count', '512'])).stdout).toMatch(/^LLaMA-1 65B on 2048 A100-80GB\n[\s\S]*\n--count 512 over the scenario's values\n$/);
  }, 60_000);

  // Several files: the note counts the runs of them all, not 'the scenario's' (hostile sweep 26: LLaMA's one run and the
  // 15 cells of the options file were 'the scenario's 16 runs (its options × its matrix)').
  it('several files: the note names them all', async () => {
    const r = await runCli(['run', LLAMA, OPTIONS, '--count', '512']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\n--count 512 applied to each of the 6 runs of the 2 scenarios \(their options × their matrices\)\n$/);
  }, 60_000);

  // The note and the errors echo what was typed, not the number it reads as (hostile sweep 26: '--tokens 1e12' was told
  // back as '--tokens 1000000000000', '--count 1e400' as 'given Infinity').
  it('echoes the values as typed', async () => {
    expect((await runCli(['run', LLAMA, '--tokens', '1e12', '--price', '.5'])).stdout).toMatch(/\n--price \.5, --tokens 1e12 over the scenario's values\n$/);
    const r = await runCli(['run', LLAMA, '--count', '1e400']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --count: 1e400 is too large (beyond the largest number, about 1.8e308)\n');
  }, 60_000);

  // Bad values: exit 2 at the flag, with what was found; a value that breaks the file's fixed layout keeps the file's place
  // and names the flag that broke it.
  it.each([
    [[OPTIONS, '--count', '0'], /^error: --count: expected a value > 0, found 0\n/],
    [[OPTIONS, '--price', '-1'], /^error: --price: expected a value >= 0, found -1\n/],
    [[OPTIONS, '--deadline', 'yesterday'], /^error: --deadline: unknown name `yesterday`\n  hint: a duration is a number and a unit/],
    [[OPTIONS, '--utilization', '1.5'], /^error: --utilization: expected a value <= 1, found 1\.5\n/],
    [[OPTIONS, '--gpu', 'h100'], /^error: --gpu: unknown GPU `h100`/],
    // A name's flag keeps its text: `--gpu 1e3` was 'expected text, found 1000 (given 1e3)' with YAML's 'quote it to make
    // it text', which no shell quoting does (hostile sweep 30).
    [[OPTIONS, '--gpu', '1e3'], /^error: --gpu: unknown GPU `1e3`\n  hint: run `flopcast hardware` for the profiles\n$/],
    // A number beyond the largest, as written (it was 'found .inf (unbounded) (given 1e400)').
    [[OPTIONS, '--price', '1e400'], /^error: --price: 1e400 is too large \(beyond the largest number, about 1\.8e308\)\n$/],
    [['scenarios/deepseek-v3.yaml', '--count', '1000'], /^error: scenarios\/deepseek-v3\.yaml:\d+:\d+: cluster\.parallelism\.pp: impossible layout: pp = 16 does not divide the 1000 GPUs.*\n  hint: .*with --count 1000 over the scenario's values\n/],
  ])('run %j', async (args, message) => {
    const r = await runCli(['run', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  }, 60_000);
});

// overridesOf: each field's flag as typed (seqLen is --seq-len) and the scenario key it writes, spelt out here as the
// scenario reference spells them (README: cluster.count, training.seq_len, pricing.usd_per_gpu_hour), not read from the
// table; a plain number a number (as YAML reads it in the file), any other value the text given, and the text as typed
// (trimmed) beside it for notes and errors; fields not given left out.
describe('overridesOf', () => {
  it.each([
    { argv: { 'seq-len': '4096', count: ' 0 ' }, fields: ['count', 'seqLen'] as const, want: [
      { flag: 'count', named: '--count', block: 'cluster', key: 'count', value: 0, text: '0' },
      { flag: 'seq-len', named: '--seq-len', block: 'training', key: 'seq_len', value: 4096, text: '4096' },
    ] },
    { argv: { price: '2.5', gpu: 'h100-sxm', deadline: '90 days', budget: '1e6' }, fields: ['gpu', 'price', 'utilization', 'deadline', 'budget'] as const, want: [
      { flag: 'gpu', named: '--gpu', block: 'cluster', key: 'gpu', value: 'h100-sxm', text: 'h100-sxm' },
      { flag: 'price', named: '--price', block: 'pricing', key: 'usd_per_gpu_hour', value: 2.5, text: '2.5' },
      { flag: 'deadline', named: '--deadline', block: 'constraints', key: 'deadline', value: '90 days', text: '90 days' },
      { flag: 'budget', named: '--budget', block: 'constraints', key: 'budget', value: 1e6, text: '1e6' },
    ] },
    { argv: { gpu: '1e3', precision: '16', count: '1e3' }, fields: ['gpu', 'count', 'precision'] as const, want: [
      { flag: 'gpu', named: '--gpu', block: 'cluster', key: 'gpu', value: '1e3', text: '1e3' },
      { flag: 'count', named: '--count', block: 'cluster', key: 'count', value: 1000, text: '1e3' },
      { flag: 'precision', named: '--precision', block: 'training', key: 'precision', value: '16', text: '16' },
    ] },
    { argv: { goodput: '.9', tokens: '15T', utilization: 'auto', precision: 'fp8' }, fields: ['utilization', 'goodput', 'tokens', 'precision'] as const, want: [
      { flag: 'utilization', named: '--utilization', block: 'cluster', key: 'utilization', value: 'auto', text: 'auto' },
      { flag: 'goodput', named: '--goodput', block: 'overheads', key: 'goodput', value: 0.9, text: '.9' },
      { flag: 'tokens', named: '--tokens', block: 'training', key: 'tokens', value: '15T', text: '15T' },
      { flag: 'precision', named: '--precision', block: 'training', key: 'precision', value: 'fp8', text: 'fp8' },
    ] },
  ])('$argv', ({ argv, fields, want }) => expect(overridesOf(argv, fields)).toEqual(want));
});

// The price's source names the flag that gave it: 'given (scenario)' stood beside '--price 3 over the scenario's values'
// (readme26, sweep26); budget FILE already said '(--price)'. The file's own given price is still the scenario's.
describe('a price given on the command line is told as --price', () => {
  it.each([
    { args: ['run', LLAMA, '--price', '3'], text: '$3.00 per GPU-hour, given (--price)', json: '--price' },
    { args: ['run', OPTIONS, '--price', '2.5'], text: null, json: '--price' },
  ])('$args', async ({ args, text, json }) => {
    const rows = await results(args.slice(1));
    for (const r of rows) expect(r.price_source).toBe(json);
    if (text) expect((await runCli(args)).stdout).toContain(`price           ${text}`);
  });
  it('a file\'s own given price stays the scenario\'s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-price-'));
    const f = join(dir, 'p.yaml');
    writeFileSync(f, 'model: gpt2\ntraining: {tokens: 1B}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\npricing: {usd_per_gpu_hour: 2}\n');
    expect((await results([f]))[0]!.price_source).toBe('scenario');
    expect((await results([f, '--count', '16']))[0]!.price_source).toBe('scenario');
  });
});

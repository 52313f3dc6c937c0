/**
 * `flopcast validate FILE...`: a user's own measured runs through the bundled rows' schema and model. The
 * figures are checked against the bundled validation of the same row and against the geometric mean and
 * leave-one-out arithmetic recomputed here from the printed rows, never against numbers typed in.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { EXIT } from '../../src/cli/errors.js';
import { LIMITS } from '../../src/input/limits.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flopcast-own-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A runs file of `rows` in `sub` (created), returning its path. */
function runsFile(name: string, rows: unknown, sub = ''): string {
  mkdirSync(join(dir, sub), { recursive: true });
  const file = join(dir, sub, name);
  writeFileSync(file, typeof rows === 'string' ? rows : stringify({ rows }));
  return file;
}

const bundled = (parse(readFileSync(new URL('../../validation/test-runs.yaml', import.meta.url), 'utf8')) as { rows: Record<string, unknown>[] }).rows;

const eightB = {
  name: 'our 8B', source: 'our logs', model: 'llama-3-8b',
  training: { seq_len: 8192, global_batch: 512, precision: 'bf16', stack: 'megatron-core' },
  cluster: { gpu: 'h100-sxm', count: 64, parallelism: { tp: 1, pp: 1, dp: 64, micro_batch: 1 } },
  reported: { tokens_per_second_per_gpu: 8200 },
};
const seventyB = {
  name: 'our 70B', source: 'our logs', model: 'llama-3-70b',
  training: { seq_len: 8192, global_batch: 512, precision: 'bf16', stack: 'megatron-core' },
  cluster: { gpu: 'h100-sxm', count: 256, parallelism: { tp: 4, pp: 4, dp: 16, micro_batch: 1 } },
  reported: { step_seconds: 11.5 },
};

/**
 * A runs file of eightB and `row` is invalid input (exit 2, nothing on stdout), told as `run` tells the same run as a
 * scenario: run's error (key, rule and hint) at the row, `error: FILE:LINE:COL: rows[1].KEY: ...`.
 */
async function expectRunsError(name: string, row: { model: string; training: object; cluster: object }, rule: RegExp): Promise<void> {
  const file = runsFile(`${name}.yaml`, [eightB, row]);
  const j = await runCli(['validate', file, '--json']);
  expect(j.code).toBe(EXIT.usage);
  expect(j.stdout).toBe('');
  const scenario = join(dir, `${name} scenario.yaml`);
  writeFileSync(scenario, stringify({ model: row.model, training: { ...row.training, tokens: '1B' }, cluster: { ...row.cluster, utilization: 'auto' } }));
  const r = await runCli(['run', scenario]);
  expect(r.code).toBe(EXIT.usage);
  expect(r.stderr).toMatch(rule);
  const [, key, said] = /^error: [^\n]*?:\d+:\d+: (\S+): ([^]*)$/.exec(r.stderr)!;
  expect(j.stderr).toMatch(new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: rows\\[1\\]\\.${key!.replace(/[.[\]]/g, '\\$&')}: `));
  expect(j.stderr.slice(j.stderr.indexOf(`${key}: `) + key!.length + 2)).toBe(said);
}

interface OwnJson {
  rows: { name: string; error: number; family: string; split: string }[];
  unpredicted: { name: string; reason: string }[];
  summary: { rows: number; median_abs_error: number; worst_abs_error: number; median_error: number };
  fitted: { scales: Record<string, number>; leave_one_out: { rows: number; median_abs_error: number; worst_abs_error: number } } | null;
}

async function own(...args: string[]): Promise<OwnJson> {
  const r = await runCli(['validate', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(EXIT.ok);
  return JSON.parse(r.stdout) as OwnJson;
}

// newuser32: a row "is input as a scenario is" (README, Your own runs), but a measured figure as a table prints it
// (`mfu: 45%`, `tokens_per_second_per_gpu: 7.7k`) was "expected a number": each is now read as the scenario reads
// utilization and tokens, and compared as the number it is. Fails on the old code (exit 2).
describe('validate FILE: a measured figure written as a scenario writes one', () => {
  it.each([
    ['mfu', '45%', 0.45],
    ['mfu', '9 / 20', 0.45],
    ['hfu', '45%', 0.45],
    ['tokens_per_second_per_gpu', '8.2k', 8200],
  ])('%s: %s reads as %s', async (key, written, value) => {
    const asText = await own(runsFile(`text-${key}-${value}.yaml`, [{ ...eightB, reported: { [key]: written } }]));
    const asNumber = await own(runsFile(`number-${key}-${value}.yaml`, [{ ...eightB, reported: { [key]: value } }]));
    expect(asText.rows[0]!.error).toBe(asNumber.rows[0]!.error);
  });
  // A step's time as a scenario writes a duration; a number stays seconds (the 70B row's 11.5).
  it.each([['11.5 s'], ['0.19 minutes + 0.1 s']])('step_seconds: %s reads as the seconds it is', async (written) => {
    const asText = await own(runsFile(`step-${written.length}.yaml`, [{ ...seventyB, reported: { step_seconds: written } }]));
    const seconds = written === '11.5 s' ? 11.5 : 0.19 * 60 + 0.1;
    const asNumber = await own(runsFile(`step-n-${written.length}.yaml`, [{ ...seventyB, reported: { step_seconds: seconds } }]));
    expect(asText.rows[0]!.error).toBe(asNumber.rows[0]!.error);
  });
  // A scenario's throughput key, or a table's TFLOP/s column, under reported: had only the list of keys (fails on the old code).
  it.each([
    ['utilization', "a measured run's model FLOPs utilisation is written `mfu` here: the same fraction"],
    ['achieved_tflops', "a measured run's hardware FLOPs utilisation is written `hfu` here: the hardware TFLOP/s ÷ the GPU's dense peak (`flopcast hardware GPU`), recomputation included"],
    ['tflops_per_gpu', "a measured run's hardware FLOPs utilisation is written `hfu` here: the hardware TFLOP/s ÷ the GPU's dense peak (`flopcast hardware GPU`), recomputation included"],
    ['model_tflops_per_gpu', "a measured run's model FLOPs utilisation is written `mfu` here: the model TFLOP/s ÷ the GPU's dense peak (`flopcast hardware GPU`)"],
  ])('reported.%s is told its measured name', async (key, hint) => {
    const r = await runCli(['validate', runsFile(`foreign-${key}.yaml`, [{ ...eightB, reported: { [key]: 0.4 } }])]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain(`rows[0].reported.${key}: unknown key \`${key}\``);
    expect(r.stderr.split('\n')).toContain(`  hint: ${hint}`);
  });
  it('a percentage above 100% is refused at its key', async () => {
    const r = await runCli(['validate', runsFile('over.yaml', [{ ...eightB, reported: { mfu: '145%' } }])]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/rows\[0\]\.reported\.mfu: expected a value <= 1, found "145%"/);
  });
  // sweep32: a throughput is no ratio, and `77%` read as 0.77 tokens/s. Fails on the old code (exit 0).
  it('a throughput written as a percentage is refused at its key', async () => {
    const r = await runCli(['validate', runsFile('pct.yaml', [{ ...eightB, reported: { tokens_per_second_per_gpu: '77%' } }])]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/rows\[0\]\.reported\.tokens_per_second_per_gpu: expected a number, found the percentage `77%`/);
  });
});

describe('validate FILE: your own measured runs', () => {
  it('predicts a bundled row written as your own run exactly as the bundled validation does (one schema, one model)', async () => {
    const rows = bundled.slice(0, 3);
    const mine = await own(runsFile('bundled.yaml', rows));
    const r = await runCli(['validate', '--split', 'test', '--json']);
    const test = (JSON.parse(r.stdout) as OwnJson).rows;
    expect(mine.rows.map((x) => x.name)).toEqual(rows.map((x) => x.name));
    for (const x of mine.rows) {
      expect(x.split).toBe('own');
      expect(x.error).toBe(test.find((t) => t.name === x.name)!.error);
    }
  });

  it('fits the scale as the geometric mean of measured / predicted, and tests it leaving one run out', async () => {
    const j = await own(runsFile('two.yaml', [eightB, seventyB]));
    const ratios = j.rows.map((x) => 1 + x.error); // predicted / measured throughput
    expect(j.fitted!.scales).toEqual({ nvidia: expect.closeTo(Math.exp(-(Math.log(ratios[0]!) + Math.log(ratios[1]!)) / 2), 12) });
    // With two runs, each is predicted with the other's scale (1 / its ratio).
    const held = [ratios[0]! / ratios[1]! - 1, ratios[1]! / ratios[0]! - 1].map(Math.abs);
    expect(j.fitted!.leave_one_out.worst_abs_error).toBeCloseTo(Math.max(...held), 12);
    expect(j.fitted!.leave_one_out.median_abs_error).toBeCloseTo((held[0]! + held[1]!) / 2, 12);
    const errors = j.rows.map((x) => x.error);
    expect(j.summary).toEqual({ rows: 2, median_abs_error: expect.closeTo((Math.abs(errors[0]!) + Math.abs(errors[1]!)) / 2, 12), worst_abs_error: Math.max(...errors.map(Math.abs)), median_error: expect.closeTo((errors[0]! + errors[1]!) / 2, 12) });
  });

  it('a family with one run gets no scale, and its run is not counted as the scale held out (it was, unscaled)', async () => {
    const amd = { ...eightB, name: 'our 8B on MI300X', cluster: { ...eightB.cluster, gpu: 'mi300x' } };
    const j = await own(runsFile('mixed.yaml', [eightB, amd, seventyB]));
    expect(j.rows.map((x) => x.family)).toEqual(['nvidia', 'amd', 'nvidia']);
    const nvidia = j.rows.filter((x) => x.family === 'nvidia').map((x) => 1 + x.error);
    expect(j.fitted!.scales).toEqual({ nvidia: expect.closeTo(Math.exp(-(Math.log(nvidia[0]!) + Math.log(nvidia[1]!)) / 2), 12) });
    const held = [nvidia[0]! / nvidia[1]! - 1, nvidia[1]! / nvidia[0]! - 1].map(Math.abs);
    expect(j.fitted!.leave_one_out).toEqual({ rows: 2, median_abs_error: expect.closeTo((held[0]! + held[1]!) / 2, 12), worst_abs_error: expect.closeTo(Math.max(...held), 12) });
    const r = await runCli(['validate', runsFile('mixed.yaml', [eightB, amd, seventyB])]);
    expect(r.stdout).toMatch(/: nvidia ×[\d.]+; none for amd \(one run fits any scale exactly and tests none\); fitted on the others/);
    // One run on each family: no scale is fitted, none tested.
    expect((await own(runsFile('one-each.yaml', [eightB, amd]))).fitted).toBeNull();
    const one = await runCli(['validate', runsFile('one-each.yaml', [eightB, amd])]);
    expect(one.stdout).toContain('the scale your runs imply: give two or more runs on one accelerator family (one run fits any scale exactly and tests none)');
  });

  it('reads files together; a model path is relative to the file that names it', async () => {
    const model = stringify({ name: 'tiny', layers: 4, d_model: 512, heads: 8, d_ff: 2048, vocab: 32000, seq_len: 2048 });
    mkdirSync(join(dir, 'a'), { recursive: true });
    writeFileSync(join(dir, 'a', 'tiny.yaml'), model);
    const tiny = { ...eightB, name: 'tiny', model: 'tiny.yaml', training: { ...eightB.training, seq_len: 2048 }, cluster: { gpu: 'h100-sxm', count: 8, parallelism: { tp: 1, pp: 1, dp: 8, micro_batch: 1 } } };
    const j = await own(runsFile('one.yaml', [tiny], 'a'), runsFile('two.yaml', [eightB, seventyB]));
    expect(j.rows.map((x) => x.name)).toEqual(['tiny', 'our 8B', 'our 70B']);
    expect(j.summary.rows).toBe(3);
  });

  it('one run fits no scale it could test, and says so', async () => {
    const file = runsFile('single.yaml', [eightB]);
    expect((await own(file)).fitted).toBeNull();
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^your runs: 1 predicted, median \|error\| [\d.]+%, worst [\d.]+%, median [+−][\d.]+%/m);
    expect(r.stdout).toContain('the scale your runs imply: give two or more runs on one accelerator family');
  });

  it('lists a run the model cannot predict as not predicted, and summarises the rest', async () => {
    // a hybrid Mamba-2 model: the performance model has no Mamba-2 layer cost (README)
    const hybrid = { ...eightB, name: 'hybrid', model: 'nemotron-h-8b' };
    const j = await own(runsFile('unpredicted.yaml', [hybrid, eightB]));
    expect(j.unpredicted.map((u) => u.name)).toEqual(['hybrid']);
    expect(j.unpredicted[0]!.reason).toMatch(/Mamba-2/);
    expect(j.summary.rows).toBe(1);
  });

  // physcheck36: a node's throughput written as one GPU's (the commonest slip) was predicted and read as a 90% error. Eight
  // GPUs' 8,200 tokens/s is 65,600 a GPU; Llama 3 8B is at least 6 × 7.5B non-embedding parameters = 45 GFLOP a token
  // (Kaplan et al. 2020 §2.1), so at least 2,952 TFLOP/s, 2.98× the H100 SXM's dense BF16 989: listed as not predicted,
  // with the numbers, and left out of the summary. Fails on the old code (the run was predicted: unpredicted empty).
  it('a figure above the accelerator\'s peak is no run: listed as not predicted with the numbers (--json and text)', async () => {
    const node = { ...eightB, name: 'our 8B, a node figure', reported: { tokens_per_second_per_gpu: 8 * 8200 } };
    const file = runsFile('over-peak.yaml', [node, eightB]);
    const j = await own(file);
    expect(j.unpredicted.map((u) => u.name)).toEqual(['our 8B, a node figure']);
    const why = /^the reported 65,600 tokens\/s per GPU implies at least ([\d,]+) TFLOP\/s of model FLOPs per GPU, ([\d.]+)× the h100-sxm's dense BF16 peak \(989 TFLOP\/s\): no run exceeds its peak — is the figure a node's or the cluster's rather than one GPU's\?$/;
    const [, tflops, ratio] = why.exec(j.unpredicted[0]!.reason)!;
    expect(Number(tflops!.replace(/,/g, ''))).toBeGreaterThanOrEqual(2952);
    expect(Number(ratio)).toBeGreaterThanOrEqual(2.98);
    expect(j.summary.rows).toBe(1);
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toContain(`\nnot predicted (1; left out of the summary):\n  our 8B, a node figure: ${j.unpredicted[0]!.reason}\n`);
    // The only run: exit 1, as every file of runs none of which could be predicted.
    const alone = await runCli(['validate', runsFile('over-peak-alone.yaml', [node])]);
    expect(alone.code).toBe(EXIT.failure);
    expect(alone.stdout).toBe(`your runs: none predicted (1):\n  our 8B, a node figure: ${j.unpredicted[0]!.reason}\n`);
  });

  // polish 23: a row whose printed fields break a schedule or stack rule said only "(no candidates)"; its reason was then
  // the rule, in `run`'s words, but the row was listed as not predicted (exit 1 where no other run was), where a scenario
  // with the same layout exits 2. Leftovers of closing23: it is invalid input, told as `run` tells it, at the row's key
  // (file:line:col, exit 2, nothing on stdout). Each row fails on the old code (exit 0 or 1, the rule under "not predicted").
  it.each([
    ['v-min at pp 1', { tp: 1, pp: 1, schedule: 'v-min', micro_batch: 1 }, /needs pp > 1, found pp = 1/],
    ['a schedule the stack does not run', { tp: 1, pp: 4, schedule: 'v-min', micro_batch: 1 }, /stack megatron-core has no v-min schedule/],
    ['tp 3 of 32 heads', { tp: 3, pp: 1, dp: 22, micro_batch: 1 }, /tp/],
  ])('a row that breaks a layout rule is invalid input, as in a scenario: %s', async (name, parallelism, rule) => {
    const count = parallelism.tp === 3 ? 66 : eightB.cluster.count;
    const row = { ...eightB, name, cluster: { ...eightB.cluster, count, parallelism } };
    await expectRunsError(`rule ${name}`, row, rule);
  });

  // A row's recompute_modules are checked as a scenario's (scenario/recompute.ts): against the model and the stack, told at the row's entry as `run` tells it at the file's (the rows could not write recompute_modules before
  // 2026-12-03; the key path `training.recompute_modules[0]` was first printed as one key, `training["recompute_modules[0]"]`).
  it.each<[string, { model: string; stack: string; ep?: number; gemm?: string }, RegExp]>([
    ['op on an MoE model', { model: 'mixtral-8x7b', stack: 'torchtitan', ep: 8 }, /op is modelled for dense blocks/],
    ['op under megatron-core', { model: 'llama-3-8b', stack: 'megatron-core' }, /`op` is TorchTitan's module, not stack megatron-core's/],
  ])('a row whose recompute_modules its model or stack cannot run is invalid input, as in a scenario: %s', async (name, o, rule) => {
    const training = { ...eightB.training, stack: o.stack, recompute: 'selective', recompute_modules: ['op'], ...(o.gemm ? { gemm_precision: o.gemm } : {}) };
    const row = { ...eightB, name, model: o.model, training, cluster: { ...eightB.cluster, parallelism: { ...eightB.cluster.parallelism, zero_stage: 3, ...(o.ep ? { ep: o.ep } : {}) } } };
    await expectRunsError(`modules ${name}`, row, rule);
  });

  // A file of runs none of which could be predicted exited 0 with `rows: 0` and medians of 0 (an exact model, read so).
  it('no run predicted: each listed with its reason, no summary, exit 1 (--json: the same data, rows 0)', async () => {
    const hybrid = { ...eightB, name: 'hybrid', model: 'nemotron-h-8b' };
    const file = runsFile('none.yaml', [hybrid, { ...hybrid, name: 'hybrid again' }]);
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(EXIT.failure);
    expect(r.stdout).toMatch(/^your runs: none predicted \(2\):\n {2}hybrid: [^\n]*Mamba-2[^\n]*\n {2}hybrid again: /);
    expect(r.stdout).not.toMatch(/median|error =/);
    expect(r.stderr).toBe('error: no run could be predicted: each is listed with its reason\n');
    const j = await runCli(['validate', file, '--json']);
    expect(j.code).toBe(EXIT.failure);
    const data = JSON.parse(j.stdout) as OwnJson;
    expect(data.rows).toEqual([]);
    expect(data.summary.rows).toBe(0);
    expect(data.fitted).toBeNull();
    expect(data.unpredicted.map((u) => u.name)).toEqual(['hybrid', 'hybrid again']);
  });

  // Two runs of one ratio held each other out at 1.110e-14%: floating-point noise, printed past the table's precision.
  it('an error below the printed precision prints as 0.0%', async () => {
    // Two runs of one ratio: each held out against the other's scale is exact, but for the rounding of exp(-log r) · r,
    // which some ratios keep (1.1e-16 at 8,000 tokens/s with today's model): the first measured figure that does.
    let file = '';
    for (const tokens of [8000, 8200, 7000, 9000, 6500, 7500, 8800, 6000]) {
      file = runsFile('same.yaml', [0, 1].map((i) => ({ ...eightB, name: `our 8B ${i}`, reported: { tokens_per_second_per_gpu: tokens } })));
      if ((await own(file)).fitted!.leave_one_out.worst_abs_error > 0) break;
    }
    const j = await own(file);
    expect(j.fitted!.leave_one_out.worst_abs_error).toBeGreaterThan(0);
    expect(j.fitted!.leave_one_out.worst_abs_error).toBeLessThan(1e-12);
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toContain('each run\'s |error| with it: median 0.0%, worst 0.0% (leave one run out');
    expect(r.stdout).not.toMatch(/\de-\d/);
  });

  // The table printed -7.0% (an ASCII hyphen), the summary under it −4.8% (a minus sign).
  it('one signed style in the table and the summary: a true minus, a plus', async () => {
    const file = fileURLToPath(new URL('../../examples/own-runs.yaml', import.meta.url));
    const j = await own(file);
    const r = await runCli(['validate', file]);
    const shown = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(100 * x).toFixed(1)}%`;
    expect(j.rows.some((x) => x.error < 0)).toBe(true);
    for (const x of j.rows) expect(r.stdout).toMatch(new RegExp(`^${x.name}\\s.*\\s${shown(x.error).replace('+', '\\+')}\\s`, 'm'));
    expect(r.stdout).toContain(`median ${shown(j.summary.median_error)}`);
    expect(r.stdout).not.toMatch(/(^|\s)-\d+(\.\d+)?%/m);
  });

  it.each([
    { case: 'an unknown model at its row', rows: [eightB, { ...seventyB, model: 'llama-3-71b' }], message: /runs\.yaml:\d+:\d+: rows\[1\]\.model: unknown model `llama-3-71b`\n  hint: did you mean `llama-3-70b`/ },
    { case: 'a model file that is not there at its row, as a scenario\'s (it was at the missing file)', rows: [eightB, { ...seventyB, model: 'ours/70b.yaml' }], message: /runs\.yaml:\d+:\d+: rows\[1\]\.model: model file not found: ours\/70b\.yaml\n  hint: looked for .*ours\/70b\.yaml/ },
    { case: 'an unknown accelerator at its row', rows: [{ ...eightB, cluster: { ...eightB.cluster, gpu: 'h100' } }], message: /runs\.yaml:\d+:\d+: rows\[0\]\.cluster\.gpu: unknown GPU `h100`\n  hint: did you mean/ },
    { case: 'a row without its source', rows: [{ ...eightB, source: undefined }], message: /rows\[0\]\.source: required/ },
    { case: 'a step time without the global batch it ran (it was compared with a step of the batch the planner searched)', rows: [eightB, { ...seventyB, training: { ...seventyB.training, global_batch: undefined } }], message: /runs\.yaml:\d+:\d+: rows\[1\]\.reported\.step_seconds: a step time is the time of one global batch, and this row gives none\n  hint: give training\.global_batch/ },
    { case: 'a run name that is two lines (it split the table row)', rows: [{ ...eightB, name: 'our 8B\nfake row' }], message: /runs\.yaml:\d+:\d+: rows\[0\]\.name: name holds a control character/ },
    { case: 'a run name longer than any name', rows: [{ ...eightB, name: 'x'.repeat(300) }], message: /runs\.yaml:\d+:\d+: rows\[0\]\.name: name is 300 characters; the limit is 256/ },
    { case: 'a run name given twice (a copied row was held out against its twin)', rows: [eightB, seventyB, { ...eightB, name: ' our 8B' }], message: /runs\.yaml:\d+:\d+: rows\[2\]\.name: duplicate run name `our 8B`\n  hint: rows\[0\] \(line 2\) has the same name; names label the rows, so each must differ\n/ },
    { case: 'a scenario given as runs', rows: 'model: llama-3-8b\ntraining: {tokens: 1T}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n', message: /this is a scenario \(keys model, training, cluster\), not a file of measured runs/ },
    { case: 'no rows', rows: 'rows: []\n', message: /rows: expected at least 1 item/ },
    // walk31: a row without its stack (the README says a row gives it) was told the list alone, with no hint
    { case: 'a row without its stack: what it is for, and the one to write', rows: [eightB, { ...seventyB, training: { ...seventyB.training, stack: undefined } }], message: /runs\.yaml:\d+:\d+: rows\[1\]\.training\.stack: required `megatron-core`, .* is missing\n  hint: a measured run names the software that ran it \(its defaults and the layouts it can run\): training\.stack: megatron-core for Megatron-LM, NeMo or Megatron-Bridge/ },
    { case: 'a sharding written as a stack, told as a scenario\'s is', rows: [{ ...eightB, training: { ...eightB.training, stack: 'fsdp' } }], message: /rows\[0\]\.training\.stack: expected one of .*, found "fsdp"\n  hint: `fsdp` is a sharding \(ZeRO-3\), not a stack: write cluster\.parallelism\.zero_stage: 3/ },
    { case: 'a bundled validation file', rows: 'split: test\nrows: []\n', message: /runs\.yaml:1:1: split: `split` declares a bundled validation set; a file of your runs holds `rows` only\n  hint: flopcast validate --split test evaluates the bundled set; to take its rows as your runs, remove split\n/ },
  ])('$case: exit 2, at its place', async ({ rows, message }) => {
    const r = await runCli(['validate', runsFile('runs.yaml', rows)]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  // Each made an error or a scale that is no number (printed n/a, null in --json): 1e-320 tokens/s an infinite error,
  // 1e300 an error of -100% and a scale of infinity, a full run of 1e-320 GPU-hours an infinite ratio.
  it.each([
    { key: 'reported.tokens_per_second_per_gpu', row: { ...eightB, reported: { tokens_per_second_per_gpu: 1e-320 } } },
    { key: 'reported.tokens_per_second_per_gpu', row: { ...eightB, reported: { tokens_per_second_per_gpu: 1e300 } } },
    { key: 'reported.step_seconds', row: { ...seventyB, reported: { step_seconds: 5e-324 } } },
    { key: 'reported.step_seconds', row: { ...seventyB, reported: { step_seconds: 1e308 } } },
    { key: 'reported.mfu', row: { ...eightB, reported: { mfu: 1e-320 } } },
    { key: 'full_run.gpu_hours', row: { ...eightB, full_run: { tokens: 1e12, gpu_hours: 1e-320, note: 'ours' } } },
    { key: 'full_run.tokens', row: { ...eightB, full_run: { tokens: 1e308, gpu_hours: 1e6, note: 'ours' } } },
  ])('a measured figure no run has ($key: $row.reported) is refused at its key, not printed as n/a', async ({ key, row }) => {
    const r = await runCli(['validate', runsFile('extreme.yaml', [row, eightB])]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^error: [^\\n]*extreme\\.yaml:\\d+:\\d+: rows\\[0\\]\\.${key.replace('.', '\\.')}: `));
  });

  it('counts the runs of all files together against LIMITS.plannedRunsPerInvocation, refused at the row that crosses it', async () => {
    const many = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ ...eightB, name: `${tag} ${i}` }));
    const first = LIMITS.plannedRunsPerInvocation - 10;
    const r = await runCli(['validate', runsFile('first.yaml', many(first, 'a')), runsFile('second.yaml', many(20, 'b'))]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^error: [^\\n]*second\\.yaml:\\d+:\\d+: rows\\[10\\]: ${LIMITS.plannedRunsPerInvocation + 1} runs counted up to this row; the limit is ${LIMITS.plannedRunsPerInvocation}\\n  hint: `));
  });

  it('the same file given twice is refused (its runs counted twice, each held out against its copy)', async () => {
    const file = runsFile('twice.yaml', [eightB, seventyB]);
    const r = await runCli(['validate', file, file]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/^error: [^\n]*twice\.yaml:\d+:\d+: rows\[0\]\.name: duplicate run name `our 8B`\n  hint: rows\[0\] of [^\n]*twice\.yaml \(line 2\) has the same name; names label the rows, so each must differ \(a file given twice repeats all its runs\)/);
  });

  it.each([['--split', 'test'], ['--by-kind']])('%s chooses among the bundled sets, not your files: a usage error', async (...opt) => {
    const r = await runCli(['validate', runsFile('two.yaml', [eightB, seventyB]), ...opt]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(new RegExp(`^error: ${opt[0]} chooses among the bundled validation sets, not your runs files`));
  });

  it('--hardware-dir: a profile of your own, by id, as scenarios take it', async () => {
    const hw = join(dir, 'hw');
    mkdirSync(hw, { recursive: true });
    writeFileSync(join(hw, 'our-h100.yaml'), 'id: our-h100\nextends: h100-sxm\nname: our H100\n');
    const file = runsFile('ours.yaml', [{ ...eightB, name: 'our 8B on our-h100', cluster: { ...eightB.cluster, gpu: 'our-h100' } }, eightB]);
    const j = await own(file, '--hardware-dir', hw);
    // The profile extends the H100 and changes nothing: both runs predicted alike.
    expect(j.rows[0]!.error).toBe(j.rows[1]!.error);
    const r = await runCli(['validate', '--hardware-dir', hw]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/^error: --hardware-dir is read with your own runs files only/);
  });
});

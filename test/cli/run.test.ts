/** `flopcast run`: formats, and bad scenarios (issue 3, "Must show" last bullet). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { GOOD_SCENARIO } from '../helpers.js';
import { runCli } from './run-cli.js';

const example = (f: string) => join(PACKAGE_ROOT, 'scenarios', f);
const dir = mkdtempSync(join(tmpdir(), 'flopcast-run-'));
function scenario(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

const GOOD = GOOD_SCENARIO;

describe('flopcast run', () => {
  it('--json prints {"results": [...]} with the documented fields', async () => {
    const r = await runCli(['run', example('cluster-options.yaml'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.results).toHaveLength(15);
    for (const x of j.results) {
      for (const k of ['name', 'model_flops', 'hardware_flops', 'wall_clock_seconds', 'wall_clock_days', 'gpu_hours', 'cost_usd', 'energy_kwh', 'co2_kg', 'mfu', 'gpu', 'count', 'tokens', 'usd_per_gpu_hour']) {
        expect(x).toHaveProperty(k);
      }
      expect(x.gpu_hours).toBeCloseTo((x.wall_clock_seconds * x.count) / 3600, 3);
    }
    expect(j.results.filter((x: { cheapest: boolean }) => x.cheapest)).toHaveLength(1);
    expect(j.results.filter((x: { fastest: boolean }) => x.fastest)).toHaveLength(1);
  });

  it('several scenarios make one comparison; --sort orders it', async () => {
    const r = await runCli(['run', example('megatron-gpt3-175b.yaml'), example('llama-65b.yaml'), '--sort', 'cost', '--json']);
    const costs = JSON.parse(r.stdout).results.map((x: { cost_usd: number }) => x.cost_usd);
    expect(costs).toEqual([...costs].sort((a: number, b: number) => a - b));
  });

  it.each(['table', 'csv', 'markdown'])('--format %s', async (format) => {
    const r = await runCli(['run', example('cluster-options.yaml'), '--format', format]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mi300x');
    if (format === 'csv') expect(r.stdout.split('\n')[0]).toMatch(/^option,gpu,count,/);
    if (format === 'markdown') expect(r.stdout).toMatch(/^\| option \| gpu \|/m);
  });

  // --json beside another --format printed JSON, the --format dropped unsaid (hostile sweep 6).
  it.each([['--json', '--format', 'csv'], ['--format', 'markdown', '--json'], ['--json', '--format', 'table']])('%s %s %s is refused', async (...flags) => {
    const r = await runCli(['run', example('llama-65b.yaml'), ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: --json and --format (csv|markdown|table) ask for two formats\n  hint: give one: --json \(the same as --format json\) or --format \1\n$/);
  });

  it.each([[['--json', '--format', 'json']], [['--no-json', '--format', 'csv']], [[]]])('%j still prints', async (flags) => {
    const r = await runCli(['run', example('llama-65b.yaml'), ...flags]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(flags.includes('json') ? /^\{/ : flags.includes('csv') ? /^option,gpu,/ : /^LLaMA-1 65B/);
  });

  it('CSV headers carry their units and the values are in them (energy_kwh holds kWh, co2_kg holds kg)', async () => {
    const f = example('llama-65b.yaml');
    const j = JSON.parse((await runCli(['run', f, '--json'])).stdout).results[0];
    const [head, row] = (await runCli(['run', f, '--format', 'csv'])).stdout.split('\n');
    const cols = head!.split(',');
    expect(cols).toEqual(['option', 'gpu', 'count', 'model_flops', 'mfu', 'wall_clock_days', 'gpu_hours', 'usd_per_gpu_hour', 'cost_usd', 'energy_kwh', 'co2_kg', 'meets', 'marks', 'price_source', 'throughput_scale', 'compute_usd', 'energy_usd', 'fixed_usd', 'commitment_usd']);
    const cell = (k: string) => Number(row!.split(',')[cols.indexOf(k)]);
    expect(cell('energy_kwh')).toBe(j.energy_kwh);
    expect(cell('co2_kg')).toBe(j.co2_kg);
    expect(cell('wall_clock_days')).toBe(j.wall_clock_days);
  });

  // Lead trial 23: cost_usd was in the CSV without its parts, so a spreadsheet's gpu_hours × usd_per_gpu_hour fell short of
  // it by the fixed costs and the electricity of a price without power, with no column to say so. The parts are as --json's
  // `cost`, and follow from the scenario's own inputs: $2 a GPU-hour, $0.10 a kWh, $1,000 fixed.
  it('CSV: cost_usd\'s parts in compute_usd, energy_usd and fixed_usd, which add up to it', async () => {
    const f = join(dir, 'parts.yaml');
    writeFileSync(f, 'model: gpt2\ntraining: {tokens: 10B, seq_len: 1024, global_batch: 512}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n' +
      'pricing: {usd_per_gpu_hour: 2, fixed_usd: 1000}\nenergy: {usd_per_kwh: 0.1, pue: 1.2}\n');
    const [head, row] = (await runCli(['run', f, '--format', 'csv'])).stdout.split('\n');
    const cols = head!.split(',');
    const cell = (k: string) => Number(row!.split(',')[cols.indexOf(k)]);
    expect(cell('compute_usd')).toBeCloseTo(cell('gpu_hours') * 2, 9);
    expect(cell('energy_usd')).toBeCloseTo(cell('energy_kwh') * 0.1, 9);
    expect(cell('fixed_usd')).toBe(1000);
    expect(cell('compute_usd') + cell('energy_usd') + cell('fixed_usd')).toBeCloseTo(cell('cost_usd'), 9);
  });

  // Lead trial 23: cheapest and fastest are marked among the options that meet the constraints (estimate/compare.ts
  // markOptions), which the table did not say: an option marked cheapest under a cheaper one that misses the deadline read
  // as a wrong mark. GPT-2 on 10B tokens is about 6 × 124.4e6 × 1e10 ≈ 7.5e18 FLOPs: on 8 H100s at MFU 0.4 (3.2e15 FLOP/s)
  // about 40 minutes, past a 30-minute deadline; on 64 about 5 minutes. Equal GPU-hours, so the price decides the cost.
  it.each([
    { case: 'a cheaper option misses the deadline: said', slowPrice: 2, said: true },
    { case: 'the option that misses it is dearer and slower: nothing to say', slowPrice: 4, said: false },
  ])('the marks note: $case', async ({ slowPrice, said }) => {
    const f = join(dir, `marks-${slowPrice}.yaml`);
    writeFileSync(f, 'model: gpt2\ntraining: {tokens: 10B, seq_len: 1024, global_batch: 512}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n' +
      `pricing: {usd_per_gpu_hour: 3}\nconstraints: {deadline: 30 minutes}\noptions:\n  - {name: slow, pricing: {usd_per_gpu_hour: ${slowPrice}}}\n  - {name: fast, cluster: {count: 64}}\n`);
    const out = (await runCli(['run', f])).stdout;
    expect(out).toMatch(/\nslow +h100-sxm .* no \(deadline\)/);
    expect(out).toMatch(/\nfast +h100-sxm .* yes +cheapest fastest pareto\n/);
    expect(out.includes('\nmarks: cheapest and fastest are among the options that meet the constraints (meets: yes); pareto compares every option\n')).toBe(said);
  });

  it('--out writes the file and keeps stdout empty', async () => {
    const out = join(dir, 'runs.csv');
    const r = await runCli(['run', example('llama-65b.yaml'), '--format', 'csv', '--out', out]);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^option,/);
  });

  // hostile sweep 17: without --format, `--out runs.csv` wrote the terminal table into runs.csv (and .json, .md likewise),
  // where report reads its format from --out. The file now holds what --format of its extension prints (fails on the old code).
  it.each([
    ['runs.csv', 'csv'],
    ['runs.json', 'json'],
    ['runs.md', 'markdown'],
    ['RUNS.MARKDOWN', 'markdown'],
    ['runs.txt', 'table'],
  ])('--out %s without --format writes --format %s', async (name, format) => {
    const out = join(dir, name);
    const r = await runCli(['run', example('llama-65b.yaml'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe((await runCli(['run', example('llama-65b.yaml'), '--format', format])).stdout);
  });
  it('--format wins over the --out extension', async () => {
    const out = join(dir, 'table.csv');
    await runCli(['run', example('llama-65b.yaml'), '--format', 'table', '--out', out]);
    expect(readFileSync(out, 'utf8')).toBe((await runCli(['run', example('llama-65b.yaml')])).stdout);
  });

  it('ranges give the expected value in the main result', async () => {
    const f = scenario('ranged.yaml', GOOD.replace('utilization: 0.4', 'utilization: [0.3, 0.5]'));
    const j = JSON.parse((await runCli(['run', f, '--json'])).stdout);
    expect(j.results[0].mfu).toBeCloseTo(0.4, 12);
  });

  it.each([
    { case: 'unknown GPU id', text: GOOD.replace('gpu: h100-sxm', 'gpu: h100-smx'), where: ':6:3: cluster.gpu: unknown GPU `h100-smx`', hint: 'did you mean `h100-sxm`?' },
    { case: 'utilization 0', text: GOOD.replace('utilization: 0.4', 'utilization: 0'), where: ':8:3: cluster.utilization:', hint: '' },
    { case: 'utilization 1.5', text: GOOD.replace('utilization: 0.4', 'utilization: 1.5'), where: ':8:3: cluster.utilization:', hint: '' },
    { case: 'negative count', text: GOOD.replace('count: 1024', 'count: -8'), where: ':7:3: cluster.count: expected a value > 0, found -8', hint: '' },
    { case: 'unknown key', text: GOOD + 'colour: blue\n', where: ':11:1: colour: unknown key `colour`', hint: 'valid keys here' },
    { case: 'typo cluser', text: GOOD.replace('cluster:', 'cluser:'), where: ':5:1: cluser: unknown key `cluser`', hint: 'did you mean `cluster`?' },
    { case: 'matrix over a missing key', text: GOOD + 'matrix:\n  cluster.gpus: [h100-sxm]\n', where: ':12:3: matrix["cluster.gpus"]: `cluster.gpus` is not a scenario key', hint: '`gpus` is a common name for `count` (the number of GPUs; the GPU itself is `gpu`): write `count`' },
    // sweep 16: keyed at the matrix value (it was the run's cluster.gpu); the matrix key quoted (input/errors.ts formatKeyPath)
    { case: 'bad matrix value', text: GOOD + 'matrix:\n  cluster.gpu: [h100-sxm, b2000]\n', where: ':12:27: matrix["cluster.gpu"][1]: unknown GPU `b2000`', hint: 'did you mean `b200`?' },
    { case: 'expression that does not evaluate', text: GOOD.replace('tokens: 300B', 'tokens: 20 * parms'), where: ':4:3: training.tokens:', hint: 'did you mean `params`?' },
    { case: 'capacity padding without a factor', text: GOOD.replace('  tokens: 300B', '  tokens: 300B\n  moe_capacity_padding: true'), where: ':5:3: training.moe_capacity_padding: moe_capacity_padding pads every expert to its capacity: give moe_capacity_factor too', hint: 'e.g. moe_capacity_factor: 1.25' },
    { case: 'an FP8 recipe without FP8 GEMMs', text: GOOD.replace('  tokens: 300B', '  tokens: 300B\n  fp8_recipe: tensorwise'), where: ':5:3: training.fp8_recipe: fp8_recipe is how FP8 GEMMs are scaled: it needs gemm_precision: fp8', hint: 'e.g. gemm_precision: fp8 with precision: bf16' },
    { case: 'FP8 weights without FP8 GEMMs', text: GOOD.replace('  tokens: 300B', '  tokens: 300B\n  fp8_param_gather: true'), where: ':5:3: training.fp8_param_gather: fp8_param_gather gathers the weights in FP8 for FP8 GEMMs: it needs gemm_precision: fp8', hint: 'e.g. gemm_precision: fp8 with precision: bf16' },
    { case: 'an FP8 recipe Megatron does not have', text: GOOD.replace('  tokens: 300B', '  tokens: 300B\n  gemm_precision: fp8\n  fp8_recipe: current'), where: ':6:3: training.fp8_recipe: expected one of `delayed`, `tensorwise`, `mxfp8`, `blockwise`, found "current"', hint: '' },
    { case: 'two throughputs', text: GOOD.replace('utilization: 0.4', 'utilization: 0.4\n  achieved_tflops: 300'), where: ':5:1: cluster: give exactly one of utilization', hint: '' },
    { case: 'precision the GPU lacks', text: GOOD.replace('gpu: h100-sxm', 'gpu: v100-sxm2-32gb'), where: ':3:1: training.precision: Tesla V100 SXM2 32GB (Volta) has no published bf16 peak (bf16 is the default: no precision was given)', hint: 'use fp16' },
    { case: 'precision the GPU lacks, written', text: GOOD.replace('gpu: h100-sxm', 'gpu: v100-sxm2-32gb').replace('  tokens: 300B', '  tokens: 300B\n  precision: bf16'), where: ':5:3: training.precision: Tesla V100 SXM2 32GB (Volta) has no published bf16 peak\n', hint: 'use fp16' },
  ])('$case: exit 2 with file:line:col and key path', async ({ text, where, hint }) => {
    const f = scenario('bad.yaml', text);
    const r = await runCli(['run', f]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error: ${f}${where}`);
    if (hint) expect(r.stderr).toContain(hint);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    { case: 'a complete layout that is impossible', layout: '{tp: 7, pp: 8, dp: 16, cp: 1, ep: 1, micro_batch: 1, schedule: 1f1b, virtual_stages: 1, zero_stage: 1, sequence_parallel: true}', recompute: 'full', where: /:11:31: cluster\.parallelism\.dp: impossible layout: tp·pp·dp·cp = 7·8·16·1 = 896, not the 1024 GPUs/ },
    { case: 'a fixed field no layout can use', layout: '{tp: 7, pp: 8, dp: 16}', recompute: 'none', where: /:11:17: cluster\.parallelism\.tp: impossible layout: tp = 7 does not divide the 1024 GPUs; tp = 7 does not divide the 96 attention heads/ },
    { case: 'a complete layout that does not fit in memory', layout: '{tp: 8, pp: 1, dp: 128, cp: 1, ep: 1, micro_batch: 1, schedule: 1f1b, virtual_stages: 1, zero_stage: 0, sequence_parallel: true}', recompute: 'full', where: /:11:3: cluster\.parallelism: this layout does not fit in memory: tp8 pp1 dp128 mb1 sp zero0 rc:full needs [\d.]+ GiB per GPU of 80 GiB \(over by [\d.]+ GiB; the largest part is optimizer states, [\d.]+ GiB, on the first stage\)\n  hint: shard the optimizer states: zero_stage 1 or more/ },
    // recompute: none written is one of the fixed fields (the planner searched it, 9 layouts, before new-user trial 22).
    { case: 'fixed fields that fit in no memory', layout: '{tp: 8, pp: 1, dp: 128, zero_stage: 0}', recompute: 'none', where: /:11:3: cluster\.parallelism: no layout of GPT-3 175B on 1,024 × h100-sxm with tp=8, pp=1, dp=128, zero_stage=0, recompute=none can run: .*does not fit in memory \(3 layouts\)/ },
  ])('performance model: $case is rejected with a located message', async ({ layout, recompute, where }) => {
    const f = scenario('layout.yaml', GOOD.replace('  tokens: 300B', `  tokens: 300B\n  global_batch: 1536\n  recompute: ${recompute}`).replace('utilization: 0.4', `utilization: auto\n  parallelism: ${layout}`));
    const r = await runCli(['run', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(where);
  });

  it('training.model_state: bf16 moments shrink memory only; bf16 gradients also halve the gradient reduction', async () => {
    const base = GOOD.replace('  tokens: 300B', '  tokens: 300B\n  global_batch: 1536\n  recompute: full').replace('utilization: 0.4', 'utilization: auto\n  parallelism: {tp: 8, pp: 8, dp: 16, cp: 1, ep: 1, micro_batch: 1, schedule: 1f1b, virtual_stages: 1, zero_stage: 1, sequence_parallel: true}');
    const run = async (name: string, state: string) => JSON.parse((await runCli(['run', scenario(name, base.replace('  recompute: full', `  recompute: full${state}`)), '--json'])).stdout).results[0];
    const dflt = await run('state-default.yaml', '');
    const moments = await run('state-moments.yaml', '\n  model_state: {moments: bf16}');
    expect(moments.memory_per_gpu_bytes).toBeLessThan(dflt.memory_per_gpu_bytes);
    expect(moments.step_time_seconds).toBe(dflt.step_time_seconds);
    const grads = await run('state-grads.yaml', '\n  model_state: {gradients: bf16}');
    expect(grads.memory_per_gpu_bytes).toBeLessThan(dflt.memory_per_gpu_bytes);
    expect(grads.step_breakdown.exposed_comm_seconds).toBeLessThan(dflt.step_breakdown.exposed_comm_seconds);
    const f = scenario('state-bad.yaml', base.replace('  recompute: full', '  recompute: full\n  model_state: {moments: fp8}'));
    const bad = await runCli(['run', f]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/training\.model_state\.moments: .*fp32.*bf16/);
  });

  it('utilization: auto adds the prediction to --json (issue 5)', async () => {
    const f = scenario('auto.yaml', GOOD.replace('  tokens: 300B', '  tokens: 300B\n  global_batch: 1536').replace('utilization: 0.4', 'utilization: auto\n  parallelism: {tp: 8}'));
    const x = JSON.parse((await runCli(['run', f, '--json'])).stdout).results[0];
    for (const k of ['step_time_seconds', 'predicted_mfu', 'predicted_hfu', 'memory_per_gpu_bytes', 'step_breakdown', 'layout']) expect(x).toHaveProperty(k);
    expect(x.throughput_from).toBe('predicted');
    expect(x.layout.tp).toBe(8);
    expect(x.mfu).toBeCloseTo(x.predicted_mfu, 12);
    const parts = Object.values(x.step_breakdown as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(parts).toBeCloseTo(x.step_time_seconds, 9);
  });

  it('training.overlap_grad_reduce / grad_accumulation_fusion: false charge the reduction after the flush and the accumulation', async () => {
    const base = GOOD.replace('  tokens: 300B', '  tokens: 300B\n  global_batch: 1536\n  recompute: full').replace('utilization: 0.4', 'utilization: auto\n  parallelism: {tp: 8, pp: 8, dp: 16, cp: 1, ep: 1, micro_batch: 1, schedule: 1f1b, virtual_stages: 1, zero_stage: 1, sequence_parallel: true}');
    const run = async (name: string, text: string) => JSON.parse((await runCli(['run', scenario(name, text), '--json'])).stdout).results[0];
    const under = await run('under.yaml', base);
    const after = await run('after.yaml', base.replace('  recompute: full', '  recompute: full\n  overlap_grad_reduce: false'));
    expect(after.step_time_seconds).toBeGreaterThan(under.step_time_seconds);
    const modelled = (r: { step_time_seconds: number; step_breakdown: { calibration_seconds: number } }) => r.step_time_seconds - r.step_breakdown.calibration_seconds;
    expect(modelled(after) - modelled(under)).toBeCloseTo(after.step_breakdown.exposed_comm_seconds - under.step_breakdown.exposed_comm_seconds, 9);
    // the text report's step line names the NVIDIA scale's share as unexplained time
    const text = (await runCli(['run', scenario('under-text.yaml', base)])).stdout;
    const share = Math.round((100 * under.step_breakdown.calibration_seconds) / under.step_time_seconds);
    expect(text).toContain(`unexplained ${share}% (the calibration runs' fitted scale)`);
    const unfused = await run('unfused.yaml', base.replace('  recompute: full', '  recompute: full\n  grad_accumulation_fusion: false'));
    expect(unfused.step_breakdown.memory_bound_seconds).toBeGreaterThan(under.step_breakdown.memory_bound_seconds);
    // the longer backward window hides more of the (overlapped) gradient reduction
    expect(unfused.step_breakdown.exposed_comm_seconds).toBeLessThanOrEqual(under.step_breakdown.exposed_comm_seconds);
  });

  it('cluster.network: both bandwidth units on both tiers; scale_out has no domain size', async () => {
    const base = GOOD.replace('  tokens: 300B', '  tokens: 300B\n  global_batch: 1536').replace('utilization: 0.4', 'utilization: auto\n  parallelism: {tp: 8, pp: 8, dp: 16, cp: 1, ep: 1, micro_batch: 1, schedule: 1f1b, virtual_stages: 1, zero_stage: 1, sequence_parallel: true}\n  network: NET');
    const step = async (name: string, net: string) => JSON.parse((await runCli(['run', scenario(name, base.replace('NET', net)), '--json'])).stdout).results[0].step_time_seconds as number;
    const gbps = await step('gbps.yaml', '{scale_up: {bandwidth_gbps: 100}, scale_out: {bandwidth_gbps: 25}}');
    expect(await step('gbit.yaml', '{scale_up: {bandwidth_gbit_s: 800}, scale_out: {bandwidth_gbit_s: 200}}')).toBeCloseTo(gbps, 12);
    expect(await step('profile.yaml', '{}')).toBeLessThan(gbps); // the H100 profile's links are faster than these
    const r = await runCli(['run', scenario('bad-net.yaml', base.replace('NET', '{scale_out: {domain_size: 8}}'))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cluster\.network\.scale_out\.domain_size: unknown key/);
  });

  it('inline models may use arithmetic over their own sizes', async () => {
    const f = scenario('inline.yaml', GOOD.replace('model: gpt3-175b', 'model:\n  layers: 2\n  d_model: 64\n  heads: 4\n  d_ff: 4 * d_model\n  vocab: 100\n  seq_len: 32'));
    const j = JSON.parse((await runCli(['run', f, '--json'])).stdout);
    expect(j.results[0].params).toBe(2 * (4 * 64 * 64 + 2 * 64 * 256 + 4 * 64) + 64 * 2 + 2 * 100 * 64);
  });
});

describe('run: FP4 GEMMs (NVFP4 recipes)', () => {
  const file = (gpu: string) => {
    const f = join(mkdtempSync(join(tmpdir(), 'flopcast-fp4-')), 'fp4.yaml');
    writeFileSync(f, `model: llama-3-70b\ntraining: {tokens: 1e9, seq_len: 8192, global_batch: 128, precision: bf16, gemm_precision: fp4}\ncluster: {gpu: ${gpu}, count: 64, utilization: auto}\n`);
    return f;
  };
  it('on Blackwell: predicted faster than FP8 GEMMs, MFU against the bf16 peak, no warning for passing it', async () => {
    const fp4 = JSON.parse((await runCli(['run', file('gb200'), '--json'])).stdout).results[0];
    const f8 = file('gb200');
    writeFileSync(f8, readFileSync(f8, 'utf8').replace('fp4', 'fp8'));
    const fp8 = JSON.parse((await runCli(['run', f8, '--json'])).stdout).results[0];
    expect(fp4.predicted_tokens_per_second).toBeGreaterThan(fp8.predicted_tokens_per_second);
    expect(fp4.warnings.filter((w: string) => /implied hardware utilisation/.test(w))).toEqual([]);
  });
  it('on a GPU without FP4 units: refused at training.gemm_precision with the fallback', async () => {
    const r = await runCli(['run', file('h100-sxm')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fp4\.yaml:2:\d+: training\.gemm_precision: H100 SXM5 80GB \(Hopper\) has no published fp4 peak/);
    expect(r.stderr).toMatch(/hint: use fp8/);
  });
});

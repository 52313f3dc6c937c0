/**
 * CPU offload (src/perf/offload.ts, training.offload): the HBM it frees against hand counts of the model states
 * (Megatron mixed precision: 2 + 4 + 12 bytes a parameter; FSDP2's fp32 weights: 4 + 4 + 8), the host-link seconds and
 * the CPU Adam step it adds against the bytes counted by hand over the profile's PCIe Gen5 x16 (64 GB/s a direction,
 * NVIDIA's H100 datasheet: 128 GB/s both ways) and ZeRO-Offload's CPU-Adam rate (Ren et al. 2021 Table 4, as recalled: 10 B
 * parameters in 2.57 s; src/perf/offload.ts CPU_ADAM_PARAMS_PER_SECOND), and the refusals: a stack without the mode, a ZeRO stage it does not run with, a board without
 * a host link, malformed keys.
 */
import { describe, expect, it } from 'vitest';
import { evaluateLayout, runContext, type RunInputs } from '../../src/perf/evaluate.js';
import { checkLayout } from '../../src/perf/layoutCheck.js';
import { plan } from '../../src/perf/plan.js';
import type { Offload } from '../../src/perf/offload.js';
import { ScenarioSchema } from '../../src/scenario/schema.js';
import { thrownInputError } from '../helpers.js';
import { arch, layout, loadProfile, modelledSeconds } from './helpers.js';
import { runCli } from '../cli/run-cli.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** 4 layers of h 1024 (8 heads, SwiGLU 4096, no biases, RMSNorm), 32,000 tokens, untied embeddings. */
const small = arch({ layers: 4, d_model: 1024, heads: 8, d_ff: 4096, ffn: 'swiglu', vocab: 32000, seq_len: 2048, position: 'rotary', norm: 'rmsnorm', bias: false, tied_embeddings: false }, 'small');
// Hand count: a layer's q, k, v, o (4h²) and gate, up, down (3·h·ff); the embedding and the output layer (2·V·h). The
// norms (9·h, 0.007% of it) are left out: figures are compared to 1 part in 10^4 (near).
const PSI = 4 * (4 * 1024 ** 2 + 3 * 1024 * 4096) + 2 * 32000 * 1024; // 132,644,864
/** Within 1 part in 10^4 of a hand count (0 exactly). */
const near = (got: number, want: number) => (want === 0 ? expect(got).toBe(0) : expect(Math.abs(got / want - 1)).toBeLessThan(1e-4));
const DP = 4;
const LOCAL = PSI / DP; // the optimizer shard of ZeRO-1/3 over dp 4
const LINK = 64e9; // h100-sxm host_link
const CPU_ADAM = 10e9 / 2.57;

const h100 = loadProfile('h100-sxm');
const base: RunInputs = { globalBatchSequences: 16, gpuCount: DP, seqLen: 2048 };
const evaluate = (inp: Partial<RunInputs>, l: Parameters<typeof layout>[0]) => evaluateLayout(runContext(small, h100, { ...base, ...inp }), layout({ dp: DP, microBatch: 1, ...l }));
const opt = (optimizer: number): Offload => ({ optimizer, params: false });
const PARAMS: Offload = { optimizer: 1, params: true };

describe('what offload takes out of HBM', () => {
  it('counts the states by hand before offloading (the baseline the cases below subtract from)', () => {
    const m = evaluate({ stack: 'megatron-core' }, { zeroStage: 1 }).memory.breakdown;
    near(m.weights, 2 * PSI);
    near(m.gradients, 4 * PSI);
    near(m.optimizer, (12 * PSI) / DP);
  });
  it.each([
    // [stack, offload, ZeRO stage, weights, gradients, optimizer] in bytes per GPU, by hand.
    ['megatron-core, all of the optimizer: master weights and moments leave, the gradient buffer stays', 'megatron-core', opt(1), 1, 2 * PSI, 4 * PSI, 0],
    ['megatron-core, a quarter: three quarters of the optimizer shard stay', 'megatron-core', opt(0.25), 1, 2 * PSI, 4 * PSI, (0.75 * 12 * PSI) / DP],
    ['deepspeed ZeRO-Offload: the fp32 gradients go with the optimizer states', 'deepspeed', opt(1), 1, 2 * PSI, 0, 0],
    ['deepspeed ZeRO-2 offload: the gradient shard goes too', 'deepspeed', opt(1), 2, 2 * PSI, 0, 0],
    ['torchtitan FSDP2 CPUOffloadPolicy (ZeRO-3): no model state in HBM', 'torchtitan', PARAMS, 3, 0, 0, 0],
    // FSDP2 with reshard_after_forward off holds the gathered bf16 weights through the step (layout.ts heldStateBytes).
    ['torchtitan, reshard_after_forward off (ZeRO-2): the gathered bf16 weights stay whole', 'torchtitan', PARAMS, 2, 2 * PSI, 0, 0],
  ] as const)('%s', (_, stack, offload, zeroStage, weights, gradients, optimizer) => {
    const m = evaluate({ stack, offload }, { zeroStage }).memory.breakdown;
    near(m.weights, weights);
    near(m.gradients, gradients);
    near(m.optimizer, optimizer);
  });
  it('keeps the ZeRO-3 gather buffer and the activations as they were (parameter offload frees the states only)', () => {
    const off = evaluate({ stack: 'torchtitan', offload: PARAMS }, { zeroStage: 3 }).memory;
    const on = evaluate({ stack: 'torchtitan' }, { zeroStage: 3 }).memory;
    expect(off.breakdown.workspace).toBe(on.breakdown.workspace);
    expect(off.breakdown.activations).toBe(on.breakdown.activations);
    // FSDP2's fp32 weights (4), fp32 gradients (4) and Adam moments (8), sharded over dp 4.
    near(on.total - off.total, (16 * PSI) / DP);
  });
  it('reports the host memory they take: the offloaded bytes of the GPU\'s shard', () => {
    near(evaluate({ stack: 'megatron-core', offload: opt(0.5) }, { zeroStage: 1 }).offload!.hostBytesPerGpu, 0.5 * 12 * LOCAL);
    near(evaluate({ stack: 'torchtitan', offload: PARAMS }, { zeroStage: 3 }).offload!.hostBytesPerGpu, 16 * LOCAL);
    expect(evaluate({ stack: 'megatron-core' }, { zeroStage: 1 }).offload).toBeUndefined();
  });
});

// mendz36: DeepSpeed allocates ZeRO++ hpZ's secondary weight partition on the offload_param device (deepspeedai/DeepSpeed @
// 0031ae3943de2dbc6a3ca8123d173f7d6a8e5baa partition_parameters.py _partition_param_sec: torch.empty(secondary_partition_size,
// dtype=param.dtype, device=self.remote_device)), so with `offload: {params: true}` it is in host memory, which did not count
// it. By hand: 1/hpz of the stage's weights at 2 bytes (bf16), on top of the host's states, for hpZ 2 and 4 over dp 4
// (small is one stage: all PSI parameters are dense). The hpZ rows fail on the old code (the secondary copy missing); the
// optimizer-offload row and hpZ off are the control (no secondary on the host).
describe('hpZ\'s secondary copy is host memory where the parameters are offloaded', () => {
  const hpz = (n: number) => ({ quantizedWeights: false, hpzPartitionSize: n, quantizedGradients: false });
  const host = (offload: Offload, h: number) => evaluate({ stack: 'deepspeed', offload, zeroPlusPlus: hpz(h) }, { zeroStage: 3 }).offload!.hostBytesPerGpu;
  it.each([
    ['hpZ 2, parameters offloaded', PARAMS, 2, (2 * PSI) / 2],
    ['hpZ 4, parameters offloaded', PARAMS, 4, (2 * PSI) / 4],
    ['hpZ off', PARAMS, 1, 0],
    ['hpZ 4, the optimizer alone offloaded: the secondary copy stays in HBM', opt(1), 4, 0],
  ] as const)('%s', (_, offload, h, secondary) => {
    near(host(offload, h) - host(offload, 1), secondary);
  });
  it('the host holds the states and the secondary copy: by hand, bf16 weights, fp32 gradients, fp32 master weights and moments (2 + 4 + 12) over dp 4, and 2·PSI/4', () => {
    near(host(PARAMS, 4), (18 * PSI) / DP + (2 * PSI) / 4);
  });
});

describe('what offload adds to the step', () => {
  it('optimizer offload (megatron-core, ZeRO-1): fp32 gradients down and bf16 weights up once a step, and the CPU Adam step, in place of the GPU\'s', () => {
    const ctx = runContext(small, h100, { ...base, stack: 'megatron-core' });
    const gpuStep = (ctx.mc.calibration.optimizerBytesPerParam * LOCAL) / ctx.mc.memoryBandwidthBytesPerSecond;
    const on = evaluate({ stack: 'megatron-core' }, { zeroStage: 1 });
    const off = evaluate({ stack: 'megatron-core', offload: opt(1) }, { zeroStage: 1 });
    const link = ((4 + 2) * LOCAL) / LINK;
    const cpu = LOCAL / CPU_ADAM;
    near(off.prediction.breakdown.optimizerSeconds - on.prediction.breakdown.optimizerSeconds, link + cpu - gpuStep);
    near(modelledSeconds(off.prediction) - modelledSeconds(on.prediction), link + cpu - gpuStep);
    expect(off.offload).toMatchObject({ hostLinkBytesPerSecond: LINK, hostLink: 'PCIe Gen5 x16' });
    near(off.offload!.deviceToHostBytesPerStep, 4 * LOCAL);
    near(off.offload!.hostToDeviceBytesPerStep, 2 * LOCAL);
    near(off.offload!.hostLinkSeconds, link);
    near(off.offload!.cpuOptimizerSeconds, cpu);
  });
  it('a fraction moves that fraction, and keeps the rest of the GPU step', () => {
    const ctx = runContext(small, h100, { ...base, stack: 'megatron-core' });
    const gpuStep = (ctx.mc.calibration.optimizerBytesPerParam * LOCAL) / ctx.mc.memoryBandwidthBytesPerSecond;
    const on = evaluate({ stack: 'megatron-core' }, { zeroStage: 1 }).prediction.breakdown.optimizerSeconds;
    const quarter = evaluate({ stack: 'megatron-core', offload: opt(0.25) }, { zeroStage: 1 }).prediction.breakdown.optimizerSeconds;
    near(quarter - on, 0.25 * ((6 * LOCAL) / LINK + LOCAL / CPU_ADAM - gpuStep));
  });
  it('parameter offload under ZeRO-3: the fp32 shard up for each gather (forward and backward) and the gradient shard down each micro-batch', () => {
    const m = 16 / DP; // micro-batches a step at micro-batch 1
    const e = evaluate({ stack: 'torchtitan', offload: PARAMS }, { zeroStage: 3 });
    near(e.offload!.hostToDeviceBytesPerStep, m * 2 * 4 * LOCAL);
    near(e.offload!.deviceToHostBytesPerStep, m * 4 * LOCAL);
    near(e.offload!.hostLinkSeconds, (m * 12 * LOCAL) / LINK);
    near(e.offload!.cpuOptimizerSeconds, LOCAL / CPU_ADAM);
    // The per-micro-batch copies go with ZeRO-3's gathers, under the compute as they run (dataParallel.ts); the step is longer all the same.
    expect(modelledSeconds(e.prediction)).toBeGreaterThan(modelledSeconds(evaluate({ stack: 'torchtitan' }, { zeroStage: 3 }).prediction));
  });
});

describe('refusals', () => {
  it('a board without a host link, at training.offload', () => {
    const err = thrownInputError(() => runContext(small, loadProfile('tpu-v5p'), { ...base, offload: opt(1) }));
    expect(err.details.keyPath).toBe('training.offload');
    expect(err.message).toContain('tpu-v5p gives no host link');
    expect(() => runContext(small, loadProfile('tpu-v5p'), base)).not.toThrow();
  });
  const rules = (stack: RunInputs['stack'] | undefined, offload: Offload, zeroStage: 0 | 1 | 2 | 3) =>
    checkLayout(small, DP, 16, layout({ dp: DP, zeroStage }), { seqLen: 2048, stack: stack === undefined ? null : runContext(small, h100, { ...base, stack }).stack, offload }).map((i) => i.rule);
  it.each([
    ['deepspeed ZeRO-Offload with ZeRO-0', 'deepspeed', opt(1), 0, true],
    ['deepspeed ZeRO-Offload with ZeRO-1', 'deepspeed', opt(1), 1, false],
    ['deepspeed parameter offload with ZeRO-2 (ZeRO-Infinity: stage 3 only)', 'deepspeed', PARAMS, 2, true],
    ['megatron-core optimizer offload with Megatron FSDP (ZeRO-3)', 'megatron-core', opt(1), 3, true],
    ['megatron-core parameter offload at all', 'megatron-core', PARAMS, 3, true],
    ['torchtitan optimizer-only offload at all', 'torchtitan', opt(1), 3, true],
    ['no stack, parameter offload with ZeRO-1 (unsharded parameters)', undefined, PARAMS, 1, true],
    ['no stack, parameter offload with ZeRO-3', undefined, PARAMS, 3, false],
  ] as const)('%s', (_, stack, offload, zero, refused) => {
    expect(rules(stack, offload, zero).includes('offload-zero')).toBe(refused);
  });
  it('the planner keeps the offload and searches only the ZeRO stages it runs with', () => {
    const ctx = runContext(small, h100, { ...base, stack: 'deepspeed', offload: PARAMS });
    const r = plan(ctx, {}, { top: 50 });
    expect(r.best.length).toBeGreaterThan(0);
    expect(new Set(r.best.map((e) => e.layout.zeroStage))).toEqual(new Set([3]));
  });
  const scenario = (training: Record<string, unknown>) => ({ model: 'llama-3.1-8b', training: { tokens: '1B', global_batch: 64, ...training }, cluster: { gpu: 'h100-sxm', count: 8, utilization: 'auto' } });
  it.each([
    ['a stack without the mode', { stack: 'megatron-core', offload: { params: true } }, 'stack megatron-core runs no offload of parameters'],
    ['a fraction the stack does not split', { stack: 'deepspeed', offload: { optimizer: 0.5 } }, 'offloads the whole optimizer state, not a fraction'],
    ['nothing asked', { offload: {} }, 'give optimizer'],
    ['a fraction above 1', { offload: { optimizer: 1.5 } }, 'at most 1'],
    ['a fraction of 0', { offload: { optimizer: 0 } }, 'above 0'],
    ['params with part of the optimizer', { stack: 'torchtitan', offload: { params: true, optimizer: 0.5 } }, 'keeps every optimizer state on the host'],
    ['an unknown key', { offload: { activations: true } }, ''],
  ])('the scenario refuses %s at training.offload', (_, training, text) => {
    const r = ScenarioSchema.safeParse(scenario(training));
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path.slice(0, 2).join('.') === 'training.offload');
    expect(issue, JSON.stringify(r.error!.issues)).toBeDefined();
    expect(issue!.message).toContain(text);
  });
  it('the scenario takes each stack\'s own mode', () => {
    for (const training of [{ offload: { optimizer: 0.5 } }, { stack: 'deepspeed', offload: { optimizer: 1 } }, { stack: 'torchtitan', offload: { params: true } }]) {
      expect(ScenarioSchema.safeParse(scenario(training)).success).toBe(true);
    }
  });
});

describe('plan --offload', () => {
  const base = ['plan', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '64', '--seq-len', '4096', '--top', '1'];
  it.each([
    ['optimizer=2', 'h100-sxm', '--offload: expected a value <= 1, found 2'],
    ['weights', 'h100-sxm', '--offload: expected optimizer, optimizer=FRACTION or params'],
    ['params', 'h100-sxm', 'stack megatron-core runs no offload of parameters'],
    ['optimizer', 'tpu-v5p', 'tpu-v5p gives no host link'],
  ])('refuses --offload %s on %s (exit 2)', async (value, gpu, text) => {
    const r = await runCli([...base.map((a) => (a === 'h100-sxm' ? gpu : a)), '--offload', value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(text);
  });
  it('plans the offload and prints what it costs', async () => {
    const r = await runCli([...base, '--offload', 'optimizer', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.offload).toEqual({ optimizer: 1, params: false });
    expect(j.best[0].memory.breakdown.optimizer).toBe(0);
    expect(j.best[0].offload.host_link).toBe('PCIe Gen5 x16');
    const text = await runCli([...base, '--offload', 'optimizer']);
    expect(text.stdout).toContain('offload: the optimizer states in host memory');
  });
});

describe('run with training.offload', () => {
  it('prints the offload line and carries it in --json: DeepSpeed ZeRO-Offload holds the fp32 gradients on the host too', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'flopcast-offload-')), 's.yaml');
    writeFileSync(file, 'model: llama-3.1-8b\ntraining: {tokens: 10B, global_batch: 64, seq_len: 4096, stack: deepspeed, offload: {optimizer: 1}}\ncluster: {gpu: h100-sxm, count: 8, utilization: auto, parallelism: {dp: 8, zero_stage: 1}}\n');
    const text = await runCli(['run', file]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/offload +the optimizer states in host memory/);
    const j = JSON.parse((await runCli(['run', file, '--json'])).stdout);
    const o = j.results[0].offload;
    // ZeRO-1 over dp 8: a GPU steps an eighth of the parameters; the host holds their 12 optimizer bytes and 4 gradient bytes.
    const local = o.device_to_host_bytes_per_step / 4;
    expect(o.host_bytes_per_gpu).toBeCloseTo(16 * local, 0);
    expect(o.host_to_device_bytes_per_step).toBeCloseTo(2 * local, 0);
    expect(Math.abs(local / (8.03e9 / 8) - 1)).toBeLessThan(0.01); // Llama 3.1 8B: 8.03 B parameters
    expect(j.results[0].memory_breakdown.optimizer).toBe(0);
    expect(j.results[0].memory_breakdown.gradients).toBe(0);
  });
});

describe('hardware show', () => {
  it('prints the host link offload moves states over, where the profile gives one', async () => {
    expect((await runCli(['hardware', 'show', 'h100-sxm'])).stdout).toContain('host link: PCIe Gen5 x16, 64 GB/s per direction');
    expect((await runCli(['hardware', 'show', 'tpu-v5p'])).stdout).not.toContain('host link');
  });
});

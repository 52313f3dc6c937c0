/**
 * ZeRO++ (src/perf/zeroPlusPlus.ts; Wang et al. 2023, arXiv:2306.10209; DeepSpeed's zero_quantized_weights,
 * zero_hpz_partition_size, zero_quantized_gradients): the cross-node bytes of a ZeRO-3 step under each switch against the
 * paper's volumes (DeepSpeed's ZeRO++ blog table: forward gather M, backward gather M, gradient reduce-scatter M, 3M in
 * all; ZeRO++ 0.5M, 0, 0.25M, 0.75M in all, M the 16-bit model), worked by hand below; hpZ's secondary copy against
 * 2Ψ/hpz; each refusal with its message; a scenario with the three keys through `run --json`.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataParallelExposed, dataParallelTraffic, DataParallelTraffic } from '../../src/perf/dataParallel.js';
import { evaluateLayout, runContext, type RunContext, type RunInputs } from '../../src/perf/evaluate.js';
import { checkLayout } from '../../src/perf/layoutCheck.js';
import { memoryTotalBytes, modelStateTerms, StateTerms } from '../../src/perf/memoryTotal.js';
import { estimateMemory } from '../../src/perf/memory.js';
import { estimateLayoutMemory } from '../../src/perf/layoutMemory.js';
import { activationBytesPerLayer } from '../../src/perf/activations.js';
import { STACKS } from '../../src/perf/stackProfiles.js';
import { stageParams, type StageParams } from '../../src/perf/stageParams.js';
import { NO_ZERO_PLUS_PLUS, type ZeroPlusPlus } from '../../src/perf/zeroPlusPlus.js';
import { runCli } from '../cli/run-cli.js';
import { stepBreakdownOf } from '../../src/report/document/stepBreakdown.js';
import { arch, layout, loadProfile } from './helpers.js';

const h100 = loadProfile('h100-sxm');
/** A model of d_model 4096 (qgZ's scale groups hold d_model elements); its layers do not matter here: the stage's parameters are given. */
const model = arch({ layers: 32, d_model: 4096, heads: 32, d_ff: 16384, ffn: 'gelu', vocab: 32000, seq_len: 2048 }, 'zpp');
const zpp = (z: Partial<ZeroPlusPlus>): ZeroPlusPlus => ({ ...NO_ZERO_PLUS_PLUS, ...z });

describe('cross-node bytes of a ZeRO-3 step against the paper\'s volumes (§3, the blog\'s table)', () => {
  // 384 GPUs in nodes of 16 (the paper's 384-GPU runs: 24 nodes of 16 V100s), one shard group of all 384 (dp 384), fp16
  // (the paper's M: 2 bytes a weight and a gradient), Ψ = 10⁹ parameters on the stage. The scale-up link is made free and
  // the memory bandwidth infinite, so the step's data-parallel seconds times the scale-out bandwidth are the bytes a rank
  // sends across nodes, as network.ts prices them (a ring that crosses nodes: its (n−1)/n·S).
  const PSI = 1e9;
  const M = 2 * PSI;
  const r = 383 / 384; // a ring over 384 ranks
  const a = 23 / 24; // an all-to-all over 24 nodes
  const QWZ = 1 + 4 / 8000; // int8 and an fp32 scale per block of 8,000 (DeepSpeed CUDAQuantizer.target_group_size)
  const QGZ = 0.5 + 4 / 4096; // int4 and an fp32 scale per d_model elements (all_to_all_quant_reduce's groups)
  const params: StageParams = { dense: PSI, experts: 0, layerMax: PSI / 32, outside: 0 };
  const network: RunInputs['network'] = { scaleUp: { domainSize: 16, bandwidthBytesPerSecond: 1e30, latencySeconds: 0 }, scaleOut: { bandwidthBytesPerSecond: 50e9, latencySeconds: 0 } };
  const ctxFor = (z: ZeroPlusPlus): RunContext => {
    const c = runContext(model, h100, { gpuCount: 384, globalBatchSequences: 384 * 4, precision: 'fp16', stack: 'deepspeed', network, zeroPlusPlus: z });
    return { ...c, mc: { ...c.mc, memoryBandwidthBytesPerSecond: Infinity } };
  };
  /** Cross-node bytes a rank sends in a step of m micro-batches (DeepSpeed runs ZeRO-3 serialised: overlap off). */
  const crossNodeBytes = (z: ZeroPlusPlus, m: number): number => {
    const c = ctxFor(z);
    expect(c.overlapGradReduce).toBe(false);
    const t = dataParallelTraffic(c, layout({ dp: 384, zeroStage: 3 }), params, new DataParallelTraffic());
    return dataParallelExposed(c, t, 0, m) * c.mc.network.scaleOut.bandwidthBytesPerSecond;
  };
  const near = (got: number, want: number) => expect(Math.abs(got / want - 1)).toBeLessThan(1e-9);

  it.each([
    // [case, switches, m, bytes by hand]
    ['ZeRO-3: forward and backward gathers and the reduce-scatter, M each (3M)', {}, 1, 3 * M * r],
    ['qwZ: both gathers in int8 with a scale a block (0.5M each; the paper counts the forward one)', { quantizedWeights: true }, 1, 2 * PSI * QWZ * r + M * r],
    ['hpZ 16: the backward gather inside the node (M → 0)', { hpzPartitionSize: 16 }, 1, M * r + M * r],
    ['qgZ: the reduce-scatter as int4 all-to-alls, across nodes the node\'s quantised gradient once (M → 0.25M)', { quantizedGradients: true }, 1, 2 * M * r + PSI * QGZ * a],
    ['all three: 0.5M + 0 + 0.25M', { quantizedWeights: true, hpzPartitionSize: 16, quantizedGradients: true }, 1, PSI * QWZ * r + PSI * QGZ * a],
    // Over m micro-batches DeepSpeed gathers over the whole group only in the step's first forward (the secondary copy
    // lives until the optimizer step: stage3.py invalidate_secondary_tensor); ZeRO-3 gathers twice a micro-batch.
    ['ZeRO-3, 4 micro-batches: 3M each', {}, 4, 4 * 3 * M * r],
    ['hpZ 16, 4 micro-batches: one gather across nodes a step, a reduce-scatter a micro-batch', { hpzPartitionSize: 16 }, 4, M * r + 4 * M * r],
  ] as const)('%s', (_, z, m, bytes) => {
    near(crossNodeBytes(zpp(z), m), bytes);
  });

  // Overlapped (overlap_grad_reduce true), the first layer's gather and the last one's reduce-scatter have nothing to
  // hide under: that edge crosses nodes as the stage's own collectives do (it charged ZeRO-3's 16-bit bytes, ~17 ms
  // against ~3 ms on the review's run). L = Ψ/32, one layer.
  it.each([
    ['ZeRO-3: a layer\'s gather and reduce-scatter in 16 bits', {}, 2 * (2 * PSI / 32) * r],
    ['qwZ: the gather in int8 and a scale a block', { quantizedWeights: true }, (PSI / 32) * QWZ * r + (2 * PSI / 32) * r],
    ['all three: the gather inside the hpZ node, the int4 gradient across nodes once', { quantizedWeights: true, hpzPartitionSize: 16, quantizedGradients: true }, (PSI / 32) * QGZ * a],
  ] as const)('overlapped, the exposed edge a micro-batch: %s', (_, z, bytes) => {
    const c = { ...ctxFor(zpp(z)), overlapGradReduce: true };
    const t = dataParallelTraffic(c, layout({ dp: 384, zeroStage: 3 }), params, new DataParallelTraffic());
    near(t.perMicroBatchEdge * c.mc.network.scaleOut.bandwidthBytesPerSecond, bytes);
  });

  // 0.2470 here: the scales add 0.05% (qwZ) and 0.2% (qgZ), and the all-to-all's 23/24 against the ring's 383/384 takes 1.2% off.
  it('the paper\'s headline: cross-node volume 3M → 0.75M, a quarter, within 2% (the scales and the (n−1)/n factors)', () => {
    const all = crossNodeBytes(zpp({ quantizedWeights: true, hpzPartitionSize: 16, quantizedGradients: true }), 1);
    const base = crossNodeBytes(NO_ZERO_PLUS_PLUS, 1);
    expect(Math.abs(all / base - 0.25)).toBeLessThan(0.25 * 0.02);
  });

  it('the quantise/dequantise passes cost memory bandwidth: at the board\'s, qwZ is slower than its bytes alone', () => {
    const c = runContext(model, h100, { gpuCount: 384, globalBatchSequences: 384 * 4, precision: 'fp16', stack: 'deepspeed', network, zeroPlusPlus: zpp({ quantizedWeights: true }) });
    const t = dataParallelTraffic(c, layout({ dp: 384, zeroStage: 3 }), params, new DataParallelTraffic());
    const wire = (2 * PSI * QWZ * r + M * r) / c.mc.network.scaleOut.bandwidthBytesPerSecond;
    // Per gather: the shard read at 2 and written at QWZ bytes, the gathered read at QWZ and written at 2 (zeroPlusPlus.ts qwzElementwiseBytes).
    const passes = (2 * ((PSI / 384) * (2 + QWZ) + PSI * (QWZ + 2))) / c.mc.memoryBandwidthBytesPerSecond;
    expect(Math.abs(t.perMicroBatch - (wire + passes)) / (wire + passes)).toBeLessThan(1e-6);
  });
});

describe('hpZ\'s secondary copy in memory: 2Ψ/hpz bytes a rank (paper §3.2; DeepSpeed _partition_param_sec)', () => {
  // 4 layers of h 1024 (8 heads, SwiGLU 4096, no biases), 32,000 tokens, untied: Ψ by hand, the norms (0.007%) left out.
  const small = arch({ layers: 4, d_model: 1024, heads: 8, d_ff: 4096, ffn: 'swiglu', vocab: 32000, seq_len: 2048, position: 'rotary', norm: 'rmsnorm', bias: false, tied_embeddings: false }, 'small');
  const PSI = 4 * (4 * 1024 ** 2 + 3 * 1024 * 4096) + 2 * 32000 * 1024;
  const base: RunInputs = { globalBatchSequences: 32, gpuCount: 32, seqLen: 2048, stack: 'deepspeed' };
  const l = layout({ dp: 32, zeroStage: 3 });
  it.each([2, 4, 8] as const)('hpz %i: the weights grow by 2Ψ/hpz (bf16), in evaluate\'s breakdown and the planner\'s terms alike', (hpz) => {
    const off = evaluateLayout(runContext(small, h100, base), l).memory.breakdown.weights;
    const on = evaluateLayout(runContext(small, h100, { ...base, zeroPlusPlus: zpp({ hpzPartitionSize: hpz }) }), l).memory.breakdown.weights;
    expect(Math.abs((on - off) / ((2 * PSI) / hpz) - 1)).toBeLessThan(1e-4);
    const p = stageParams(small, l);
    const sb = runContext(small, h100, base).stateBytes;
    const terms = (h: number) => modelStateTerms(l, p.first, p.last, sb, false, false, new StateTerms(), zpp({ hpzPartitionSize: h })).first;
    expect(terms(hpz) - terms(1)).toBeCloseTo(on - off, 0);
  });
  // With the parameters on the host (offload: {params: true}) DeepSpeed allocates the secondary copy on remote_device, the
  // host (partition_parameters.py _partition_param_sec): HBM holds none of it; the optimizer-only offload keeps it on the GPU.
  it.each([
    ['offload params: on the host, none in GPU memory', { optimizer: 1, params: true }, 0],
    ['offload of the optimizer states alone: on the GPU', { optimizer: 1, params: false }, 1],
  ] as const)('hpz 8, %s', (_, offload, share) => {
    const withOffload = { ...base, offload };
    const off = evaluateLayout(runContext(small, h100, withOffload), l).memory;
    const on = evaluateLayout(runContext(small, h100, { ...withOffload, zeroPlusPlus: zpp({ hpzPartitionSize: 8 }) }), l).memory;
    expect(Math.abs(on.breakdown.weights - off.breakdown.weights - share * ((2 * PSI) / 8))).toBeLessThan(1e-4 * ((2 * PSI) / 8));
    const p = stageParams(small, l);
    const sb = runContext(small, h100, withOffload).stateBytes;
    const terms = (h: number) => modelStateTerms(l, p.first, p.last, sb, false, false, new StateTerms(), zpp({ hpzPartitionSize: h })).first;
    expect(terms(8) - terms(1)).toBeCloseTo(on.breakdown.weights - off.breakdown.weights, 0);
  });
  // The gather buffer holds two decoder layers (memory.ts gatherBufferBytes): 4h² + 3·h·ff by hand, the norms (0.03%) left out.
  it('qwZ: the int8 gather buffers and their scales beside the 16-bit ones, two decoder layers in flight', () => {
    const off = evaluateLayout(runContext(small, h100, base), l).memory.breakdown.workspace;
    const on = evaluateLayout(runContext(small, h100, { ...base, zeroPlusPlus: zpp({ quantizedWeights: true }) }), l).memory.breakdown.workspace;
    expect(Math.abs((on - off) / (2 * (1 + 4 / 8000) * (4 * 1024 ** 2 + 3 * 1024 * 4096)) - 1)).toBeLessThan(1e-3);
  });
  it.each([
    ['dp 32', layout({ dp: 32, zeroStage: 3 })],
    ['pp 2 dp 16', layout({ pp: 2, dp: 16, zeroStage: 3 })],
    ['pp 2 dp 16, a pipeline layout', layout({ pp: 2, dp: 16, zeroStage: 3, pipelineLayout: 'Et*2|t*2L' })],
  ] as const)('the planner\'s total, the breakdown and the pipeline-layout path agree with ZeRO++ on (%s)', (_, l2) => {
    const z = zpp({ quantizedWeights: true, hpzPartitionSize: 4 });
    const sb = runContext(small, h100, base).stateBytes;
    const inp = { arch: small, layout: l2, seqLen: 2048, globalBatchSequences: 32, capacityBytes: 80e9, flashAttention: true, stateBytes: sb, zeroPlusPlus: z };
    const act = activationBytesPerLayer(small, l2, { seqLen: 2048, microBatch: 1, flashAttention: true });
    const p = stageParams(small, l2);
    const est = (l2.pipelineLayout ? estimateLayoutMemory : estimateMemory)(inp).total;
    const off = (l2.pipelineLayout ? estimateLayoutMemory : estimateMemory)({ ...inp, zeroPlusPlus: undefined }).total;
    expect(est).toBeGreaterThan(off);
    if (!l2.pipelineLayout) expect(Math.abs(memoryTotalBytes(small, l2, 2048, 32 / l2.dp, act, p.first, p.last, sb, false, false, z) / est - 1)).toBeLessThan(1e-9);
    else expect(Math.abs(estimateMemory({ ...inp, layout: { ...l2, pipelineLayout: undefined } }).total / est - 1)).toBeLessThan(1e-9);
  });
  it('not under ZeRO-1 (nothing is gathered): no secondary copy', () => {
    const l1 = layout({ dp: 32, zeroStage: 1 });
    const p = stageParams(small, l1);
    const sb = runContext(small, h100, base).stateBytes;
    expect(modelStateTerms(l1, p.first, p.last, sb, false, false, new StateTerms(), zpp({ hpzPartitionSize: 8 })).first).toBe(modelStateTerms(l1, p.first, p.last, sb, false, false, new StateTerms()).first);
  });
});

describe('ZeRO++ refusals (layout rules: memorySavingRules.ts ZERO_PLUS_PLUS_RULES, stackRules.ts zeropp-stack)', () => {
  const deepspeed = STACKS.deepspeed;
  const issues = (l: Parameters<typeof layout>[0], z: Partial<ZeroPlusPlus>, stack = deepspeed, domain = 8) =>
    checkLayout(model, 32, 64, layout({ dp: 32, ...l }), { stack, zeroPlusPlus: zpp(z), scaleUpDomain: domain });
  it.each([
    ['not ZeRO stage 3', { zeroStage: 1 }, { quantizedWeights: true }, deepspeed, 8, 'zeropp-zero3', 'ZeRO++ (zero_quantized_weights) extends ZeRO stage 3, found zero_stage 1', undefined],
    ['a stack without ZeRO++', { zeroStage: 3 }, { quantizedGradients: true }, STACKS['megatron-core'], 8, 'zeropp-stack', 'stack megatron-core does not run ZeRO++ (zero_quantized_gradients)', 'cluster.parallelism.zero_quantized_gradients'],
    ['hpZ not dividing the shard group', { zeroStage: 3, shardGroup: 16 }, { hpzPartitionSize: 3 }, deepspeed, 8, 'hpz-divides', 'zero_hpz_partition_size = 3 does not divide the shard group of 16 ranks (shard_group)', 'cluster.parallelism.zero_hpz_partition_size'],
    // DeepSpeed gives a MiCS shard group (mics_shard_size > 0) to its MiCS optimizer, built without the ZeRO++ keys
    // (engine.py _configure_zero_optimizer, _return_mics_optimizer @ 007cca6a).
    ['a MiCS shard group', { zeroStage: 3, shardGroup: 8 }, { quantizedWeights: true }, deepspeed, 8, 'zeropp-mics', 'ZeRO++ (zero_quantized_weights) shards over the whole data-parallel group, found shard_group = 8 of dp·cp = 32', undefined],
    ['hpZ larger than a node', { zeroStage: 3 }, { hpzPartitionSize: 16 }, deepspeed, 8, 'hpz-domain', 'zero_hpz_partition_size = 16 does not fit in one scale-up domain of 8 GPUs', 'cluster.parallelism.zero_hpz_partition_size'],
    ['hpZ times tp larger than a node', { zeroStage: 3, tp: 2, dp: 16 }, { hpzPartitionSize: 8 }, deepspeed, 8, 'hpz-domain', 'zero_hpz_partition_size = 8 at tp = 2 (tp·hpz = 16 GPUs) does not fit in one scale-up domain of 8 GPUs', 'cluster.parallelism.zero_hpz_partition_size'],
  ] as const)('%s', (_, l, z, stack, domain, rule, message, key) => {
    const found = issues(l, z, stack, domain);
    expect(found.map((i) => i.rule)).toContain(rule);
    const i = found.find((f) => f.rule === rule)!;
    expect(i.message).toContain(message);
    expect(i.key).toBe(key);
  });
  it('a shard group of all dp·cp ranks is no MiCS group: ZeRO++ runs (and without ZeRO++ a smaller one is MiCS, allowed)', () => {
    expect(issues({ zeroStage: 3, shardGroup: 32 }, { quantizedWeights: true }).map((i) => i.rule)).not.toContain('zeropp-mics');
    expect(issues({ zeroStage: 3, shardGroup: 8 }, {}).map((i) => i.rule)).not.toContain('zeropp-mics');
  });
  // DeepSpeed draws hpZ's and qgZ's groups from consecutive ranks of the whole job (deepspeed/utils/groups.py
  // _create_zero_param_parallel_group; coalesced_collectives.py all_to_all_quant_reduce: dist.get_world_size()): with tp 2
  // they would mix the two halves of each weight. The review's case: tp 2, dp 16, hpZ 4 (tp·hpz = 8 fits a node) ran.
  it.each([
    ['hpZ 4 at tp 2 (fits a node)', { hpzPartitionSize: 4 }, 'cluster.parallelism.zero_hpz_partition_size', 'hpZ\'s secondary groups (zero_hpz_partition_size 4)'],
    ['qgZ at tp 2', { quantizedGradients: true }, 'cluster.parallelism.zero_quantized_gradients', 'qgZ\'s all-to-all groups (zero_quantized_gradients)'],
    ['hpZ and qgZ at tp 2: told at hpZ\'s key, both named', { hpzPartitionSize: 2, quantizedGradients: true }, 'cluster.parallelism.zero_hpz_partition_size', 'hpZ\'s secondary groups (zero_hpz_partition_size 2) and qgZ\'s all-to-all groups (zero_quantized_gradients)'],
  ] as const)('%s: refused, naming DeepSpeed and its groups', (_, z, key, what) => {
    const i = issues({ zeroStage: 3, tp: 2, dp: 16 }, z).find((f) => f.rule === 'zeropp-tp');
    expect(i?.key).toBe(key);
    expect(i?.message).toBe(`DeepSpeed (stack deepspeed, the one that runs ZeRO++) builds ${what} from consecutive ranks of the whole job, as if all were data-parallel, found tp = 2`);
    expect(i?.hint).toContain('groups.py _create_zero_param_parallel_group');
  });
  it('qwZ at tp 2 runs (it gathers over the ZeRO group it is given); hpZ and qgZ at tp 1 with cp 2 run (Ulysses: the ZeRO group is the job)', () => {
    expect(issues({ zeroStage: 3, tp: 2, dp: 16 }, { quantizedWeights: true })).toEqual([]);
    expect(issues({ zeroStage: 3, cp: 2, dp: 16 }, { hpzPartitionSize: 4, quantizedGradients: true }).map((i) => i.rule)).not.toContain('zeropp-tp');
  });
  it('DeepSpeed, ZeRO-3, hpZ of a node\'s 8 GPUs: runs', () => {
    expect(issues({ zeroStage: 3 }, { quantizedWeights: true, hpzPartitionSize: 8, quantizedGradients: true })).toEqual([]);
  });
  it('every switch off: no ZeRO++ rule applies (megatron-core, ZeRO-1)', () => {
    expect(issues({ zeroStage: 1 }, {}, STACKS['megatron-core'])).toEqual([]);
  });
});

describe('a scenario with the three keys', () => {
  const text = (par: string, stack = 'deepspeed') => `model: llama-3-8b
training: {tokens: 10B, global_batch: 256, seq_len: 4096, stack: ${stack}, recompute: full}
cluster:
  gpu: h100-sxm
  count: 32
  utilization: auto
  parallelism:
    tp: 1
    pp: 1
    dp: 32
    micro_batch: 2
    zero_stage: 3
    shard_group: 32
${par}`;
  const file = (par: string, stack?: string) => {
    const f = join(mkdtempSync(join(tmpdir(), 'flopcast-zpp-')), 's.yaml');
    writeFileSync(f, text(par, stack));
    return f;
  };
  const ALL = '    zero_quantized_weights: true\n    zero_hpz_partition_size: 8\n    zero_quantized_gradients: true\n';
  it('run --json evaluates the layout with them and its layout object carries them; less exposed traffic than without', async () => {
    const on = await runCli(['run', file(ALL), '--json']);
    expect(on.code).toBe(0);
    const j = JSON.parse(on.stdout);
    const p = j.prediction ?? j;
    const find = (o: unknown): Record<string, unknown> | undefined => {
      if (o && typeof o === 'object') {
        const r = o as Record<string, unknown>;
        if (r.layout && typeof r.layout === 'object' && 'zero_stage' in (r.layout as object)) return r;
        for (const v of Object.values(r)) { const f = find(v); if (f) return f; }
      }
      return undefined;
    };
    const pred = find(p)!;
    expect(pred.layout).toMatchObject({ zero_stage: 3, zero_quantized_weights: true, zero_hpz_partition_size: 8, zero_quantized_gradients: true });
    const off = find(JSON.parse((await runCli(['run', file(''), '--json'])).stdout))!;
    expect(off.layout).not.toHaveProperty('zero_quantized_weights');
    expect(Number(pred.step_time_seconds)).toBeLessThan(Number(off.step_time_seconds));
    expect(Number(pred.memory_per_gpu_bytes)).toBeGreaterThan(Number(off.memory_per_gpu_bytes));
    expect((await runCli(['run', file(ALL)])).stdout).toMatch(/zero3 qwZ hpZ8 qgZ/);
  });
  it('plan FILE keeps them (not searched): --json names them, every layout ranked is ZeRO-3; without them, none', async () => {
    const planText = (par: string) => text(par).replace('    dp: 32\n', '').replace('    zero_stage: 3\n', '').replace('    shard_group: 32\n', '');
    const f = join(mkdtempSync(join(tmpdir(), 'flopcast-zpp-')), 'p.yaml');
    writeFileSync(f, planText(ALL));
    const r = await runCli(['plan', f, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.zero_plus_plus).toEqual({ zero_quantized_weights: true, zero_hpz_partition_size: 8, zero_quantized_gradients: true });
    expect(j.best.length).toBeGreaterThan(0);
    for (const b of j.best) expect(b.layout.zero_stage).toBe(3);
    expect((await runCli(['plan', f])).stdout).toContain('ZeRO++ zero_quantized_weights, zero_hpz_partition_size 8, zero_quantized_gradients (kept, not searched; ZeRO-3 alone searched, at tp 1)');
    for (const b of j.best) expect(b.layout.tp).toBe(1);
    writeFileSync(f, planText(''));
    const none = JSON.parse((await runCli(['plan', f, '--json'])).stdout);
    expect(none).not.toHaveProperty('zero_plus_plus');
  });
  it('the report\'s step-time table names them after the layout (stepBreakdownOf reads the prediction\'s zeroPlusPlus)', () => {
    const l = layout({ dp: 32, zeroStage: 3 });
    const with_ = stepBreakdownOf({ step_breakdown: { compute_seconds: 1 }, layout: l, zeroPlusPlus: zpp({ quantizedWeights: true, hpzPartitionSize: 8, quantizedGradients: true }) }, false)!;
    expect(with_.layout).toMatch(/zero3 .* qwZ hpZ8 qgZ$/);
    expect(stepBreakdownOf({ step_breakdown: { compute_seconds: 1 }, layout: l }, false)!.layout).not.toMatch(/qwZ|hpZ|qgZ/);
  });
  it('a refusal names the file, line and column of the key at fault, exit 2', async () => {
    const f = file('    zero_hpz_partition_size: 16\n');
    const r = await runCli(['run', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f}:14:5: cluster.parallelism.zero_hpz_partition_size: impossible layout: zero_hpz_partition_size = 16 does not fit in one scale-up domain of 8 GPUs`);
    const s = await runCli(['run', file(ALL, 'megatron-core')]);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('cluster.parallelism.zero_quantized_weights: impossible layout: stack megatron-core does not run ZeRO++');
    expect(s.stderr).toContain('set training.stack to deepspeed');
  });
});

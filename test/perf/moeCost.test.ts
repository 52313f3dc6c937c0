/**
 * MoE costs beyond FLOPs: the grouped-GEMM rate against SimuMax's measured B200 grouped GEMMs, the
 * slowest rank's load under dropless, forced and capacity-capped routing, and the all-to-all split
 * between the scale-up and scale-out links.
 */
import { describe, expect, it } from 'vitest';
import { runContext } from '../../src/perf/evaluate.js';
import { predict } from '../../src/perf/predict.js';
import { gemmSeconds } from '../../src/perf/machine.js';
import { layerCosts } from '../../src/perf/layerCost.js';
import { capacityFactorProblem, DROPLESS_IMBALANCE, einsumDispatchSeconds, expectedNodesReached, expertAllToAllSeconds, groupedGemmSeconds, loadOnRank, moeLoadFactor, permutationBytes } from '../../src/perf/moeCost.js';
import { allToAllSeconds } from '../../src/perf/network.js';
import { arch, gpt3, layout, loadProfile } from './helpers.js';
import { plan, run } from '../../src/index.js';
import { formattedError } from '../helpers.js';

const h100 = loadProfile('h100-sxm');

describe('grouped GEMM rate against a dense GEMM of the same total shape', () => {
  const mc = runContext(gpt3, h100, { globalBatchSequences: 64, gpuCount: 64 }).mc;
  // SimuMax configs/system/b200_bf16_ceperm.json: group_matmul efficiency (fwd, dgrad, wgrad averaged,
  // fp32 main grads) over the matmul efficiency of the same K, N (≈ 0.47 of peak for these shapes).
  it.each([
    ['M 128, N 4096, K 7168', 128, 4096, 7168, (0.208 + 0.226 + 0.077) / 3 / 0.47],
    ['M 512, N 7168, K 2048', 512, 7168, 2048, (0.427 + 0.294 + 0.215) / 3 / 0.47],
    ['M 1024, N 4096, K 7168', 1024, 4096, 7168, (0.457 + 0.435 + 0.289) / 3 / 0.47],
  ])('%s: within 15%% of the measured ratio', (_, M, N, K, measured) => {
    const experts = 16;
    const ratio = gemmSeconds(mc, M * experts, K, N) / groupedGemmSeconds(mc, M, K, N, experts);
    expect(Math.abs(ratio / measured - 1)).toBeLessThan(0.15);
  });
  it('approaches the dense rate as the rows per expert grow', () => {
    const r = (M: number) => gemmSeconds(mc, M * 8, 4096, 4096) / groupedGemmSeconds(mc, M, 4096, 4096, 8);
    expect(r(256)).toBeLessThan(r(1024));
    expect(r(16384)).toBeGreaterThan(0.98);
  });
});

describe('slowest rank load', () => {
  it.each([
    ['dropless (default)', undefined, undefined, DROPLESS_IMBALANCE],
    ['forced balance', 'forced', undefined, 1],
    ['capacity 1.0 caps dropless', 'dropless', 1, 1],
    ['capacity 0.8 drops tokens even when balanced', 'forced', 0.8, 0.8],
    ['capacity 2 above the imbalance: no effect', 'dropless', 2, DROPLESS_IMBALANCE],
  ] as const)('%s', (_, balance, cf, f) => expect(moeLoadFactor(balance, cf)).toBe(f));
  // Padded to capacity (Megatron --moe-pad-expert-input-to-capacity, MaxText dense_matmul): every expert
  // runs capacity = factor × the balanced count, however the tokens were routed.
  it.each([
    ['padded to capacity 2: twice the balanced rows, above the dropless imbalance', 'dropless', 2, 2],
    ['padded to 1.25 under forced balance: the padding still runs', 'forced', 1.25, 1.25],
    ['padded to 0.8: the cap and the padding agree', 'dropless', 0.8, 0.8],
    ['padding without a factor: nothing to pad to', 'dropless', undefined, DROPLESS_IMBALANCE],
  ] as const)('%s', (_, balance, cf, f) => expect(moeLoadFactor(balance, cf, true)).toBe(f));

  // One expert-parallel rank holds every expert and runs exactly its T·k routed rows: no slower rank.
  it.each([
    ['dropless, ep 8: the slowest of 8 ranks', DROPLESS_IMBALANCE, 8, false, DROPLESS_IMBALANCE],
    ['dropless, ep 1: the one rank runs its own rows', DROPLESS_IMBALANCE, 1, false, 1],
    ['capacity 0.8 at ep 1: tokens beyond it still dropped', 0.8, 1, false, 0.8],
    ['padded to 1.25 at ep 1: the padding still runs', 1.25, 1, true, 1.25],
    ['padded to 2 at ep 4', 2, 4, true, 2],
  ] as const)('%s', (_, load, ep, padded, f) => expect(loadOnRank(load, ep, padded)).toBe(f));

  const moe = arch({ layers: 8, d_model: 2048, heads: 16, kv_heads: 4, d_ff: 8192, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 4096, moe: { experts: 128, top_k: 8, d_ff_expert: 768 } }, 'fine-grained');
  const o = { globalBatchSequences: 256, gpuCount: 64, partialLayout: layout({ tp: 1, dp: 64, ep: 8 }) };
  it('forced routing is faster than dropless; a dense model does not change', () => {
    const dropless = predict(moe, h100, o).prediction.stepTimeSeconds;
    const forced = predict(moe, h100, { ...o, moeBalance: 'forced' }).prediction.stepTimeSeconds;
    expect(forced).toBeLessThan(dropless);
    const d = { globalBatchSequences: 64, gpuCount: 64, partialLayout: layout({ tp: 8, pp: 8 }) };
    expect(predict(gpt3, h100, { ...d, moeBalance: 'forced' }).prediction.stepTimeSeconds).toBe(predict(gpt3, h100, d).prediction.stepTimeSeconds);
  });
  it('at ep 1 dropless and forced routing predict the same step time and memory; at ep 8 they differ', () => {
    const one = { ...o, partialLayout: layout({ tp: 1, dp: 64, ep: 1, zeroStage: 1 }) };
    const a = predict(moe, h100, one);
    const b = predict(moe, h100, { ...one, moeBalance: 'forced' });
    expect(a.prediction.stepTimeSeconds).toBe(b.prediction.stepTimeSeconds);
    expect(a.memory.total).toBe(b.memory.total);
    const c = predict(moe, h100, o);
    const d = predict(moe, h100, { ...o, moeBalance: 'forced' });
    expect(c.memory.total).toBeGreaterThan(d.memory.total);
  });
  it('padding to capacity: slower as the factor grows; at factor 1 under forced balance there is nothing to pad', () => {
    const step = (extra: object) => predict(moe, h100, { ...o, ...extra }).prediction.stepTimeSeconds;
    const forced = step({ moeBalance: 'forced' });
    expect(step({ moeBalance: 'forced', moeCapacityFactor: 1, moeCapacityPadding: true })).toBe(forced);
    const dropless = step({});
    const padded125 = step({ moeCapacityFactor: 1.25, moeCapacityPadding: true });
    const padded2 = step({ moeCapacityFactor: 2, moeCapacityPadding: true });
    expect(padded125).toBeGreaterThan(dropless);
    expect(padded2).toBeGreaterThan(padded125);
    // Without padding a factor above the imbalance changes nothing (tokens are never padded).
    expect(step({ moeCapacityFactor: 2 })).toBe(dropless);
  });
});

describe('expert all-to-all inside and across the scale-up domain', () => {
  const mc = runContext(gpt3, h100, { globalBatchSequences: 64, gpuCount: 256 }).mc;
  const T = 4096;
  const h = 2048;
  const S = 2 * T * 8 * h;
  const E = 128; // experts, spread evenly over the group's nodes
  it('inside one 8-GPU domain: the flat all-to-all on NVLink', () => {
    expect(expertAllToAllSeconds(mc, T, h, 8, E, 1, 8)).toBeCloseTo(allToAllSeconds(S, 8, mc.network.scaleUp), 15);
  });
  it('ep 16 over two nodes: half of the bytes cross the NIC, the NVLink half runs at the same time', () => {
    const net = mc.network;
    const inter = (8 / 16) * S / net.scaleOut.bandwidthBytesPerSecond + net.scaleOut.latencySeconds;
    expect(expertAllToAllSeconds(mc, T, h, 8, E, 1, 16)).toBeCloseTo(inter, 12);
    // tp 2 spreads the same group over four nodes: 4 ranks per node, 12 of 16 peers remote.
    const wide = (12 / 16) * S / net.scaleOut.bandwidthBytesPerSecond + 3 * net.scaleOut.latencySeconds;
    expect(expertAllToAllSeconds(mc, T, h, 8, E, 2, 16)).toBeCloseTo(wide, 12);
  });
  it('a hierarchical dispatcher (deepep) sends a token once to each node its experts are on: ep 32 over 4 nodes, top-8 of 128, 2.7 copies cross the network instead of 6', () => {
    const net = mc.network;
    // Flat: 24 of the 32 ranks are on other nodes, so 24/32 of the 8 copies leave the node.
    const flat = (24 / 32) * S / net.scaleOut.bandwidthBytesPerSecond + 3 * net.scaleOut.latencySeconds;
    expect(expertAllToAllSeconds(mc, T, h, 8, E, 1, 32)).toBeCloseTo(flat, 12);
    // Hierarchical: 4·(1 − C(96, 8)/C(128, 8)) = 3.629 node copies (32 experts a node), 3 of the 4 nodes remote;
    // the NVLink fan-out runs at the same time.
    const nodes = 4 * (1 - ratio(choose(96, 8), choose(128, 8)));
    expect(nodes).toBeCloseTo(3.629, 3);
    const perNode = (3 / 4) * (2 * T * nodes * h) / net.scaleOut.bandwidthBytesPerSecond + 3 * net.scaleOut.latencySeconds;
    expect(expertAllToAllSeconds(mc, T, h, 8, E, 1, 32, Infinity)).toBeCloseTo(Math.max(perNode, allToAllSeconds(S, 8, net.scaleUp)), 12);
    expect(expertAllToAllSeconds(mc, T, h, 8, E, 1, 32, Infinity) / expertAllToAllSeconds(mc, T, h, 8, E, 1, 32)).toBeLessThan(0.55);
  });
  it('the dispatcher comes from the stack (hai-llm: deepep) and a run overrides it; a routing limit still wins', () => {
    const ctx = (o: object) => runContext(gpt3, h100, { globalBatchSequences: 64, gpuCount: 256, ...o });
    expect(ctx({}).moeMaxNodes).toBeUndefined();
    expect(ctx({ stack: 'hai-llm' }).moeMaxNodes).toBe(Infinity);
    expect(ctx({ stack: 'hai-llm', moeDispatcher: 'alltoall' }).moeMaxNodes).toBeUndefined();
    expect(ctx({ moeDispatcher: 'deepep', moeMaxNodes: 4 }).moeMaxNodes).toBe(4);
  });
});

/** C(n, k) exactly, and a ratio of two such as a double: an independent count for expectedNodesReached. */
function choose(n: number, k: number): bigint {
  let r = 1n;
  for (let i = 0; i < k; i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}
function ratio(a: bigint, b: bigint): number {
  return Number((a * 10n ** 18n) / b) / 1e18;
}
/** Distinct nodes hit, averaged over every k-subset of the E experts (E/n to a node, in order). */
function enumerated(E: number, n: number, k: number): number {
  const perNode = E / n;
  let total = 0;
  let count = 0;
  const pick = (from: number, left: number, nodes: Set<number>): void => {
    if (left === 0) { total += nodes.size; count++; return; }
    for (let e = from; e <= E - left; e++) pick(e + 1, left - 1, new Set([...nodes, Math.floor(e / perNode)]));
  };
  pick(0, k, new Set());
  return total / count;
}

describe('expected nodes a token reaches under uniform routing (moeCost.ts expectedNodesReached)', () => {
  it.each([
    [8, 4, 2],
    [16, 4, 3],
    [12, 3, 5],
    [8, 8, 2], // one expert a node: exactly k
    [6, 2, 4], // 3 a node, 4 experts: both nodes, always
  ])('%i experts on %i nodes, top-%i: the average over every choice of experts', (E, n, k) => {
    expect(expectedNodesReached(E, n, k)).toBeCloseTo(enumerated(E, n, k), 12);
  });
  it('DeepSeek-V3 (256 experts, top-8) over 8 nodes: 8·(1 − C(224, 8)/C(256, 8)) = 5.29 nodes, not 8', () => {
    const expected = 8 * (1 - ratio(choose(224, 8), choose(256, 8)));
    expect(expectedNodesReached(256, 8, 8)).toBeCloseTo(expected, 10);
    expect(expected).toBeCloseTo(5.295, 3);
  });
});

describe('padded experts fed by one-hot contractions (MaxText dense_matmul, DeepSpeed-MoE)', () => {
  // A machine that only does arithmetic (no traffic, no launch cost): the contractions' time is their
  // FLOPs over the 16-bit GEMM rate, so it can be checked against the FLOPs counted by hand.
  const base = runContext(gpt3, h100, { globalBatchSequences: 64, gpuCount: 64 }).mc;
  const mc = { ...base, memoryBandwidthBytesPerSecond: Infinity, kernelOverheadSeconds: 0 };
  // Expert slots per group, E·C, C = max(⌈L·k/E⌉·cf, cf) truncated (MaxText layers/moe.py generate_masks).
  it.each([
    // DeepSeek-V3 shapes (E 256, top-8, h 7168) at 4,096 tokens, capacity 1.25: C = ⌈4096·8/256⌉·1.25 = 160.
    ['DeepSeek-V3, 4,096 tokens, cf 1.25', 4096, 1, 7168, 8, 256, 1.25, 256 * 160],
    // Kimi-K2 (E 384, top-8): ⌈32768/384⌉ = 86, × 2 = 172.
    ['Kimi-K2, 4,096 tokens, cf 2', 4096, 2, 7168, 8, 384, 2, 384 * 172],
    // A short group: ⌈20/64⌉·1.25 = 1.25, truncated to 1 slot per expert.
    ['10 tokens, E 64, top-2, cf 1.25', 10, 3, 512, 2, 64, 1.25, 64],
  ])('%s: 2 forward + 3 backward contractions of 2·L·E·C·h FLOPs each', (_, L, groups, h, k, E, cf, slots) => {
    const flops = 2 * L * slots * h * groups;
    const r = einsumDispatchSeconds(mc, L, groups, h, k, E, cf, false);
    expect(r.forward).toBeCloseTo((2 * flops) / mc.matmulHigh, 12);
    expect(r.total).toBeCloseTo((5 * flops) / mc.matmulHigh, 12);
    // Full recomputation runs the two forward contractions again.
    expect(einsumDispatchSeconds(mc, L, groups, h, k, E, cf, true).total).toBeCloseTo((7 * flops) / mc.matmulHigh, 12);
  });
  it('grows with the square of the group length (capacity grows with it)', () => {
    const t = (L: number) => einsumDispatchSeconds(mc, L, 1, 4096, 8, 128, 1.25, false).total;
    expect(t(8192) / t(4096)).toBeCloseTo(4, 12);
  });

  const kimi = arch({ layers: 4, d_model: 7168, heads: 64, kv_heads: 8, d_ff: 18432, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 163840, seq_len: 4096, moe: { experts: 384, top_k: 8, d_ff_expert: 2048, dense_layers: 1 } }, 'kimi-like');
  const run = (stack: 'maxtext' | 'megatron-core' | 'deepspeed', padding: boolean) => runContext(kimi, h100, { globalBatchSequences: 256, gpuCount: 64, stack, moeCapacityFactor: 1.25, moeCapacityPadding: padding });
  it.each([
    ['maxtext, padded: per sequence', 'maxtext', true, { dispatch: 'sequence-einsum', capacityFactor: 1.25 }],
    ['maxtext, not padded (sparse_matmul): none', 'maxtext', false, undefined],
    ['megatron-core, padded: by index, none', 'megatron-core', true, undefined],
    ['deepspeed, padded: over the micro-batch', 'deepspeed', true, { dispatch: 'batch-einsum', capacityFactor: 1.25 }],
  ] as const)('%s', (_, stack, padding, expected) => expect(run(stack, padding).moeEinsum).toEqual(expected));

  it('adds exactly the contractions to the MoE layer, nothing to the dense layers', () => {
    const ctx = run('maxtext', true);
    const x = { tp: 1, cp: 1, ep: 8, microBatch: 2, sequenceParallel: false, recompute: 'none', seqLen: 4096, flashAttention: true, attention: 'full', moeLoadFactor: ctx.moeLoadFactor } as const;
    const without = layerCosts(kimi, ctx.mc, x);
    const withEinsum = layerCosts(kimi, ctx.mc, { ...x, moeEinsum: ctx.moeEinsum });
    const expected = einsumDispatchSeconds(ctx.mc, 4096, 2, 7168, 8, 384, 1.25, false);
    expect(withEinsum.moe.compute - without.moe.compute).toBeCloseTo(expected.total, 12);
    expect(withEinsum.moe.forward - without.moe.forward).toBeCloseTo(expected.forward, 12);
    expect(withEinsum.dense).toEqual(without.dense);
  });
});

describe('token permutation around the experts, bytes per micro-batch forward (16-bit tokens)', () => {
  // DeepSeek-V3's width and top-8, 4,096 tokens on the rank, the slowest rank's load 1.1.
  const T = 4096, h = 7168, k = 8, load = 1.1;
  const copies = 2 * h * T * k; // the k routed copies of every token, 2 bytes an element
  const tokens = 2 * h * T;
  it.each([
    // Megatron-Core's all-to-all dispatcher: permute (read T, write T·k) and unpermute (read T·k, write T);
    // with several local experts the received copies are sorted by expert and back (read + write each way).
    // Backward (TransformerEngine permutation.py): one reverse gather per fused operation, 2, and 2 more for the sorts.
    ['all-to-all, one local expert', false, false, 2 * (tokens + copies), 5, 2],
    ['all-to-all, several local experts', true, false, 2 * (tokens + copies) + 4 * copies * load, 7, 4],
    // DeepEP / HybridEP: the global permute is inside the dispatch kernel and the sum of a token's expert
    // outputs inside the combine (Megatron-LM deepseek-v3-gb200-optimization §2.1.1; DeepSeek-V3 §3.2.2):
    // only the local permutation to the rank's experts and back remains.
    ['hierarchical (DeepEP, HybridEP)', true, true, 4 * copies * load, 2, 2],
    ['hierarchical, one local expert: the received copies are still laid out for the experts', false, true, 4 * copies * load, 2, 2],
  ])('%s', (_, sorted, hierarchical, bytes, kernels, backwardKernels) => {
    const p = permutationBytes(T, h, k, load, sorted, hierarchical);
    expect(p.bytes).toBeCloseTo(bytes, 3);
    expect(p.kernels).toBe(kernels);
    expect(p.backwardKernels).toBe(backwardKernels);
  });
  it('a hierarchical dispatcher saves the global permutation, 2·(1 + k) token passes of the 2·(1 + k) + 4·k·load: for DeepSeek-V3 a third of the all-to-all dispatcher’s bytes', () => {
    const flat = permutationBytes(T, h, k, load, true).bytes;
    const hier = permutationBytes(T, h, k, load, true, true).bytes;
    expect(1 - hier / flat).toBeCloseTo((2 * (1 + k)) / (2 * (1 + k) + 4 * k * load), 12);
    expect(1 - hier / flat).toBeCloseTo(18 / 53.2, 12);
  });
});

// A capacity factor below 1 drops tokens even under balanced routing, and the FLOP count trains every
// token: `plan --moe-capacity-factor 0.01` on Mixtral printed 263.1% MFU (exit 0). Refused at its key in a
// scenario and at the flag.
describe('the smallest capacity factor (moeCost.ts capacityFactorProblem)', () => {
  it.each([
    [1, undefined],
    [1.25, undefined],
    [0.99, /^expected a capacity factor of at least 1, found 0\.99 \| below 1 every expert drops tokens/],
    [0.01, /found 0\.01/],
  ])('%d', (f, problem) => {
    const p = capacityFactorProblem(f);
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p).toMatch(problem);
  });
  it.each([
    ['a scenario', () => run(`name: t\nmodel: mixtral-8x7b\ntraining: {tokens: 1T, global_batch: 256, seq_len: 4096, moe_capacity_factor: 0.5}\ncluster: {gpu: h100-sxm, count: 64, utilization: auto}\npricing: {usd_per_gpu_hour: 2}\n`, { file: 's.yaml' }), 's.yaml:3:58: training.moe_capacity_factor: expected a capacity factor of at least 1, found 0.5'],
    ['a plan query', () => plan({ model: 'mixtral-8x7b', gpu: 'h100-sxm', count: 64, globalBatch: 256, seqLen: 4096, moeCapacityFactor: 0.01 }), 'moeCapacityFactor: expected a capacity factor of at least 1, found 0.01'],
  ])('refused in %s', (_, fn, message) => expect(formattedError(fn)).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n  hint: below 1`)));
});

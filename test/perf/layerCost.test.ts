/**
 * src/perf/layerCost.ts: the second forward of each of Megatron-Core's recompute_modules under selective
 * recomputation, against its parts written out here (flops/recomputeModules.ts names what each reruns).
 */
import { describe, expect, it } from 'vitest';
import { layerCosts, type LayerCostInputs } from '../../src/perf/layerCost.js';
import type { PartCost } from '../../src/perf/partCost.js';
import { gemmSeconds, machineFor } from '../../src/perf/machine.js';
import { groupedGemmSeconds } from '../../src/perf/moeCost.js';
import { allReduceSeconds, allToAllSeconds, linkFor } from '../../src/perf/network.js';
import type { RecomputeModule } from '../../src/flops/recomputeModules.js';
import type { Architecture } from '../../src/model/architecture.js';
import { dsv3, llama70b } from '../flops/recomputeModels.js';
import { loadProfile } from './helpers.js';

const mc = machineFor(loadProfile('h100-sxm'), 64, { precision: 'bf16' });
const diff = (a: PartCost, b: PartCost) => ({ compute: b.compute - a.compute, memoryBound: b.memoryBound - a.memoryBound, tp: b.tp - a.tp, forward: b.forward - a.forward, weightGrad: b.weightGrad - a.weightGrad });
const costs = (a: Architecture, x: LayerCostInputs, recomputeModules?: RecomputeModule[]) => layerCosts(a, mc, { ...x, ...(recomputeModules ? { recomputeModules } : {}) });

describe('Llama 3 70B, tp 8 with SP, s 8192, b 1 (T = 8,192 tokens per rank)', () => {
  const x: LayerCostInputs = { tp: 8, cp: 1, ep: 1, microBatch: 1, sequenceParallel: true, recompute: 'selective', seqLen: 8192, flashAttention: true, attention: 'full' };
  const T = 8192;
  const h = 8192;
  const F = 28672;

  it('[core_attn] is recompute: selective as it was (no modules given)', () => {
    expect(costs(llama70b, x, ['core_attn'])).toEqual(costs(llama70b, x));
  });

  it('mlp reruns the dense MLP forward once: its two GEMMs, its element-wise pass and norm, one TP all-reduce\'s worth', () => {
    const d = diff(costs(llama70b, x, ['core_attn']).dense, costs(llama70b, x, ['core_attn', 'mlp']).dense);
    // SwiGLU up (gate and up, 2F/t wide) and down (F/t → h), at the rank's T tokens.
    expect(d.compute).toBeCloseTo(gemmSeconds(mc, T, h, (2 * F) / 8) + gemmSeconds(mc, T, F / 8, h), 12);
    // SwiGLU reads 2F and writes F (6F/t bytes per token, 16-bit), the fused norm reads and writes h (4h, ÷t with SP);
    // two kernels more (the activation and the norm).
    expect(d.memoryBound).toBeCloseTo((T * ((6 * F) / 8) + T * ((4 * h) / 8)) / mc.memoryBandwidthBytesPerSecond + 2 * mc.kernelOverheadSeconds, 12);
    expect(d.tp).toBeCloseTo(allReduceSeconds(2 * T * h, 8, linkFor(mc.network, 1, 8)), 12);
    // A recomputation: nothing of the forward (DualPipe's F) or the weight gradients changes.
    expect(d.forward).toBe(0);
    expect(d.weightGrad).toBe(0);
  });
});

describe('DeepSeek-V3, tp 1, ep 8, s 4096, b 1 (T = 4,096), balanced routing', () => {
  const x: LayerCostInputs = { tp: 1, cp: 1, ep: 8, microBatch: 1, sequenceParallel: false, recompute: 'selective', seqLen: 4096, flashAttention: true, attention: 'full', moeLoadFactor: 1 };
  const T = 4096;
  const h = 7168;

  it('moe_act reruns the routed experts\' SwiGLU: T·k·ep/E = 1,024 tokens on each of 32 local experts, 6·2048 bytes each', () => {
    const d = diff(costs(dsv3, x, ['core_attn']).moe, costs(dsv3, x, ['core_attn', 'moe_act']).moe);
    expect(d.compute).toBe(0);
    expect(d.memoryBound).toBeCloseTo((1024 * 32 * 6 * 2048) / mc.memoryBandwidthBytesPerSecond + mc.kernelOverheadSeconds, 12);
    // Dense layers have no routed experts.
    expect(diff(costs(dsv3, x, ['core_attn']).dense, costs(dsv3, x, ['core_attn', 'moe_act']).dense).memoryBound).toBe(0);
  });

  it.each([
    ['a dense MLA layer: its input norm', 'dense', 1],
    ['an MoE MLA layer: its input and pre-MLP norms', 'moe', 2],
  ] as const)('layernorm reruns %s (4h bytes per token each)', (_, kind, norms) => {
    const d = diff(costs(dsv3, x, ['core_attn'])[kind], costs(dsv3, x, ['core_attn', 'layernorm'])[kind]);
    expect(d.compute).toBe(0);
    expect(d.memoryBound).toBeCloseTo((norms * T * 4 * h) / mc.memoryBandwidthBytesPerSecond + norms * mc.kernelOverheadSeconds, 12);
  });

  // The MoE layer's GEMMs, at the rank's shapes: the routed experts' grouped SwiGLU GEMMs, T·k·ep/E = 4096·8·8/256 = 1,024
  // tokens on each of 256/8 = 32 local experts (up h → 2·2048, down 2048 → h); the shared expert's (T tokens, h → 2·2048,
  // 2048 → h); the router's (T tokens, h → 256, BF16).
  const routed = groupedGemmSeconds(mc, 1024, h, 2 * 2048, 32) + groupedGemmSeconds(mc, 1024, 2048, h, 32);
  const shared = gemmSeconds(mc, T, h, 2 * 2048) + gemmSeconds(mc, T, 2048, h);
  const router = gemmSeconds(mc, T, h, 256, 1, true);

  it('moe reruns the whole MoE forward (moe_layer.py): its GEMMs, and its dispatch and combine all-to-alls', () => {
    const base = costs(dsv3, x, ['core_attn']).moe;
    const d = diff(base, costs(dsv3, x, ['core_attn', 'moe']).moe);
    expect(d.compute).toBeCloseTo(routed + shared + router, 12);
    // Forward and backward run 4 all-to-alls (dispatch, combine; twice in backward): the rerun adds 2, half of them.
    expect(costs(dsv3, x, ['core_attn', 'moe']).moe.ep - base.ep).toBeCloseTo(base.ep / 2, 12);
    expect(base.ep).toBeGreaterThan(0);
    expect(d.memoryBound).toBeGreaterThan(0);
    expect(d.forward).toBe(0);
    expect(d.weightGrad).toBe(0);
    // It subsumes moe_act; dense layers are untouched.
    expect(costs(dsv3, x, ['core_attn', 'moe_act', 'moe']).moe).toEqual(costs(dsv3, x, ['core_attn', 'moe']).moe);
    expect(costs(dsv3, x, ['core_attn', 'moe']).dense).toEqual(costs(dsv3, x, ['core_attn']).dense);
  });

  it('shared_experts reruns the shared expert alone: its GEMMs, its SwiGLU (6·2048 bytes per token), one kernel; no all-to-all', () => {
    const base = costs(dsv3, x, ['core_attn']).moe;
    const d = diff(base, costs(dsv3, x, ['core_attn', 'shared_experts']).moe);
    expect(d.compute).toBeCloseTo(shared, 12);
    expect(d.memoryBound).toBeCloseTo((T * 6 * 2048) / mc.memoryBandwidthBytesPerSecond + mc.kernelOverheadSeconds, 12);
    expect(costs(dsv3, x, ['core_attn', 'shared_experts']).moe.ep).toBe(base.ep);
    // With moe too, the nested checkpoints run the shared expert twice more.
    const both = diff(base, costs(dsv3, x, ['core_attn', 'moe', 'shared_experts']).moe);
    expect(both.compute).toBeCloseTo(routed + 2 * shared + router, 12);
  });

  it('without core_attn the attention core runs its forward once, as with no recomputation', () => {
    const none = costs(dsv3, { ...x, recompute: 'none' }).moe;
    const actOnly = costs(dsv3, x, ['moe_act']).moe;
    expect(actOnly.compute).toBeCloseTo(none.compute, 12);
  });
});

describe('mla_up_proj: DeepSeek-V3\'s up-projections and RoPE again, every layer', () => {
  // tp 1, s 4096, b 1 (T = 4,096): q up 1536 → 128·192, kv up 512 → 128·(128 + 128); RoPE rewrites q and k,
  // 2·2·(24,576 + 24,576) bytes per token (16-bit read and write).
  const x: LayerCostInputs = { tp: 1, cp: 1, ep: 8, microBatch: 1, sequenceParallel: false, recompute: 'selective', seqLen: 4096, flashAttention: true, attention: 'full', moeLoadFactor: 1 };
  const T = 4096;
  it.each(['dense', 'moe'] as const)('%s layer', (kind) => {
    const d = diff(costs(dsv3, x, ['core_attn'])[kind], costs(dsv3, x, ['core_attn', 'mla_up_proj'])[kind]);
    expect(d.compute).toBeCloseTo(gemmSeconds(mc, T, 1536, 128 * 192) + gemmSeconds(mc, T, 512, 128 * 256), 12);
    expect(d.memoryBound).toBeCloseTo((T * 2 * 2 * (24_576 + 24_576)) / mc.memoryBandwidthBytesPerSecond + mc.kernelOverheadSeconds, 12);
    expect(d.forward).toBe(0);
  });
});

// The token permutation's backward is the reverse gather of its gradient, the same bytes once
// (NVIDIA/TransformerEngine transformer_engine/pytorch/permutation.py @ 0a67aa3b: _moe_permute_mask_map.backward
// runs one unpermute_with_mask_map, _moe_unpermute_mask_map.backward one permute_with_mask_map, _moe_chunk_sort.backward
// one sort). Counted on the sort by local expert, the only permutation work that changes with ep: at ep 8 DeepSeek-V3's
// 256 experts are 32 on a rank and the received copies are sorted by expert and back; at ep 256 one expert, no sort.
// Everything else in the layer's memory-bound work (router, routed activation, shared expert, permute and unpermute)
// is the same T·k routed rows either way.
describe('the sort by local expert: forward, one backward, and the forward again under full recomputation', () => {
  const T = 4096, h = 7168, k = 8;
  const sortBytes = 2 * 2 * 2 * h * T * k; // read + write, each way, T·k copies of h 2-byte elements
  it.each([
    // [recompute, passes over the sort's bytes, its kernels: 2 forward, 2 backward (+2 forward again)]
    ['none', 2, 4],
    ['full', 3, 6],
  ] as const)('recompute %s: %d passes of the sort\'s bytes, %d kernels', (recompute, passes, kernels) => {
    const x: LayerCostInputs = { tp: 1, cp: 1, ep: 8, microBatch: 1, sequenceParallel: false, recompute, seqLen: 4096, flashAttention: true, attention: 'full', moeLoadFactor: 1 };
    const sorted = costs(dsv3, x).moe;
    const unsorted = costs(dsv3, { ...x, ep: 256 }).moe;
    expect(sorted.memoryBound - unsorted.memoryBound).toBeCloseTo((passes * sortBytes) / mc.memoryBandwidthBytesPerSecond + kernels * mc.kernelOverheadSeconds, 12);
    // The forward (DualPipe's F) holds the sort's forward once, beside its GEMMs (weightGrad: one pass of them, which
    // the grouped GEMMs' rows per expert change) and its share of the all-to-alls (dispatch and combine, of the 4 or 6).
    const rest = (p: PartCost) => p.forward - p.weightGrad - p.ep / (recompute === 'full' ? 3 : 2);
    expect(rest(sorted) - rest(unsorted)).toBeCloseTo(sortBytes / mc.memoryBandwidthBytesPerSecond + 2 * mc.kernelOverheadSeconds, 12);
  });
});

// Megatron-Core's flat dispatcher sends the routing probabilities in an all-to-all of their own after the tokens'
// (NVIDIA/Megatron-LM megatron/core/transformer/moe/token_dispatcher.py @ 0014f137 dispatch_all_to_all: global_probs =
// all_to_all(self.ep_group, permuted_probs, self.output_splits, self.input_splits)), and autograd's _AllToAll sends
// their gradient back: T·k 2-byte values each way, at the slowest receiver's load, inside the 8-GPU NVLink domain.
describe('the probabilities\' all-to-all (moeProbsAllToAll): one per dispatch, forward and backward', () => {
  const T = 4096, k = 8, load = 1.1;
  const one = load * allToAllSeconds(2 * T * k, 8, mc.network.scaleUp);
  it.each([
    ['none', 2],
    ['full', 3],
  ] as const)('recompute %s: %d of them', (recompute, n) => {
    const x: LayerCostInputs = { tp: 1, cp: 1, ep: 8, microBatch: 1, sequenceParallel: false, recompute, seqLen: 4096, flashAttention: true, attention: 'full', moeLoadFactor: load };
    const off = costs(dsv3, x).moe;
    const on = costs(dsv3, { ...x, moeProbsAllToAll: true }).moe;
    expect(on.ep - off.ep).toBeCloseTo(n * one, 15);
    expect(on.forward - off.forward).toBeCloseTo(one, 15);
    expect(on.memoryBound).toBe(off.memoryBound);
  });
  it('none at ep 1, nor with a hierarchical dispatcher, whose fused dispatch carries them', () => {
    const x: LayerCostInputs = { tp: 1, cp: 1, ep: 1, microBatch: 1, sequenceParallel: false, recompute: 'none', seqLen: 4096, flashAttention: true, attention: 'full', moeLoadFactor: load };
    expect(costs(dsv3, { ...x, moeProbsAllToAll: true }).moe).toEqual(costs(dsv3, x).moe);
    const deepep = { ...x, ep: 8, moeMaxNodes: Infinity };
    expect(costs(dsv3, { ...deepep, moeProbsAllToAll: true }).moe).toEqual(costs(dsv3, deepep).moe);
  });
});

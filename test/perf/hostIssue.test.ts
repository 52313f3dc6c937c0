/**
 * The host (CPU) issue time of an eager step (src/perf/hostIssue.ts): kernel counts against hand counts
 * of a Megatron-Core Transformer Engine layer, the bound's two regimes (synchronised or not), and the
 * micro-batch at which it stops binding for Qwen3-30B-A3B on 8 B200.
 */
import { describe, expect, it } from 'vitest';
import { evaluateLayout, runContext } from '../../src/perf/evaluate.js';
import { EAGER_SECONDS_PER_KERNEL, HostForward, hostForward, hostIssueFor, hostWaitSeconds, LOOPED_SECONDS_PER_KERNEL, selectiveAgainKernels } from '../../src/perf/hostIssue.js';
import { STACKS } from '../../src/perf/stackProfiles.js';
import { plan } from '../../src/index.js';
import { formattedError } from '../helpers.js';
import { arch, layout, loadProfile, modelledSeconds } from './helpers.js';

/** Qwen3-30B-A3B (Qwen/Qwen3-30B-A3B config.json): 48 layers, d 2048, 32 heads of 128, 4 KV heads, 128 experts top-8 of width 768. */
const qwen3 = arch({ layers: 48, d_model: 2048, heads: 32, kv_heads: 4, d_head: 128, d_ff: 6144, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 151936, seq_len: 4096, moe: { experts: 128, top_k: 8, d_ff_expert: 768 } }, 'qwen3-30b-a3b');
const llama = arch({ layers: 32, d_model: 4096, heads: 32, kv_heads: 8, d_ff: 14336, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 128256, seq_len: 8192 }, 'llama-3.1-8b');
const b200 = loadProfile('b200');
const opts = { quantised: false, flashAttention: true, moeMaxNodes: undefined, moeProbsAllToAll: false, capacityPadded: false, moeLayers: 48, graphed: false };

describe('kernels the host issues per layer forward, against hand counts', () => {
  // A dense pre-norm layer (Megatron-Core TE spec): QKV GEMM, output GEMM, fused attention, 2 RMSNorms,
  // 2 bias-dropout-adds, RoPE, the SwiGLU activation, the softmax slot, FC1, FC2 = 12; in FP8 each of the
  // 4 GEMMs quantises its input: 16.
  it.each([
    ['bf16, flash attention', false, true, 12],
    ['fp8: one quantisation per GEMM', true, true, 16],
    ['unfused attention: QKᵀ and A·V as two batched GEMMs', false, false, 13],
  ] as const)('dense layer, %s: %i kernels', (_, quantised, flashAttention, kernels) => {
    const h = hostIssueFor(llama, { ...opts, quantised, flashAttention, moeLayers: 0 });
    expect(h.denseKernels).toBe(kernels);
    const f = hostForward(h, layout({ tp: 1 }), new HostForward());
    expect(f.dense).toBeCloseTo(kernels * EAGER_SECONDS_PER_KERNEL, 15);
  });
  // Qwen3-30B-A3B MoE layer at ep 8 (16 local experts), bf16: the dense layer's kernels less its FFN's
  // two GEMMs and activation (9: QKV, proj, attention, 2 norms, 2 bda, RoPE, softmax slot),
  // router GEMM 1 + 8 router kernels, the routed activation 1, permutation with sorting 7, the
  // all-to-alls (dispatch, combine, split sizes, their copy) 4 = 30 eager; 2 GEMMs × 16 experts = 32 looped.
  it.each([
    ['ep 8, tp 1', 1, 8, false, 30, 32],
    ['ep 8, tp 2 with sequence parallelism: + 2 all-gathers + 2 reduce-scatters', 2, 8, true, 34, 32],
    ['ep 1 (all 128 experts on the GPU, unsorted permutation, no all-to-all)', 1, 1, false, 24, 256],
    ['ep 128 (one expert each, unsorted)', 1, 128, false, 28, 2],
  ] as const)('MoE layer, %s: %i eager + %i looped kernels', (_, tp, ep, sp, eager, looped) => {
    const h = hostIssueFor(qwen3, opts);
    const f = hostForward(h, layout({ tp, ep, sequenceParallel: sp }), new HostForward());
    expect(f.moe).toBeCloseTo(eager * EAGER_SECONDS_PER_KERNEL + looped * LOOPED_SECONDS_PER_KERNEL, 15);
  });
  it('with CUDA graphs only a dropless MoE layer\'s routed part stays eager: activation, permutation, all-to-alls (1 + 7 + 4) and the expert GEMMs', () => {
    const h = hostIssueFor(qwen3, { ...opts, graphed: true });
    const f = hostForward(h, layout({ tp: 2, ep: 8, sequenceParallel: true }), new HostForward());
    expect([f.dense, f.head]).toEqual([0, 0]);
    expect(f.moe).toBeCloseTo(12 * EAGER_SECONDS_PER_KERNEL + 32 * LOOPED_SECONDS_PER_KERNEL, 15);
  });
  // Megatron-Core's flat dispatcher sends the routing probabilities in an all-to-all of their own after the tokens'
  // (token_dispatcher.py MoEAlltoAllTokenDispatcher.dispatch_all_to_all): one more host-issued collective with ep > 1,
  // none at ep 1 (no all-to-all) or with a hierarchical dispatcher (its fused dispatch carries them).
  it.each([
    ['ep 8: 30 + the probabilities\' all-to-all', 31, 8, undefined],
    ['ep 1: no all-to-all', 24, 1, undefined],
    ['ep 8, hierarchical (DeepEP): 30 less the sort\'s 7 plus the local permutation\'s 2, no probabilities\' all-to-all', 25, 8, Infinity],
  ] as const)('Megatron-Core\'s probabilities all-to-all, %s: %i eager kernels', (_, eager, ep, moeMaxNodes) => {
    const h = hostIssueFor(qwen3, { ...opts, moeMaxNodes, moeProbsAllToAll: true });
    const f = hostForward(h, layout({ ep }), new HostForward());
    expect(f.moe).toBeCloseTo(eager * EAGER_SECONDS_PER_KERNEL + (128 / ep) * 2 * LOOPED_SECONDS_PER_KERNEL, 15);
  });
  // The permutation's backward is one kernel per fused operation (TransformerEngine permutation.py @ 0a67aa3b: permute's
  // backward one unpermute, unpermute's one permute, each sort's one sort), not twice the forward's: a MoE layer's
  // backward is twice its forward less 2·7 − 4 = 10 kernels sorted (ep 8), 2·5 − 2 = 8 unsorted (ep 1, ep 128), 2·2 − 2
  // = 2 with the hierarchical dispatcher's local permutation.
  it.each([
    ['ep 8, sorted', 10, 8, undefined],
    ['ep 1, unsorted', 8, 1, undefined],
    ['ep 128, one expert each, unsorted', 8, 128, undefined],
    ['ep 8, hierarchical (DeepEP)', 2, 8, Infinity],
  ] as const)('MoE layer backward, %s: twice the forward less %i kernels', (_, fewer, ep, moeMaxNodes) => {
    const f = hostForward(hostIssueFor(qwen3, { ...opts, moeMaxNodes }), layout({ ep }), new HostForward());
    expect(f.moeBackward).toBeCloseTo(2 * f.moe - fewer * EAGER_SECONDS_PER_KERNEL, 15);
  });
  it('a dropless MoE layer synchronises; padding to capacity does not', () => {
    expect(hostIssueFor(qwen3, opts).synced).toBe(true);
    expect(hostIssueFor(qwen3, { ...opts, capacityPadded: true }).synced).toBe(false);
    expect(hostIssueFor(llama, { ...opts, moeLayers: 0 }).synced).toBe(false);
  });
});

describe('kernels selective recomputation issues again, by module', () => {
  // Llama 3.1 8B, Megatron-Core TE spec: core_attn reruns the fused attention (1 kernel; unfused, QKᵀ and A·V: 2).
  // OLMo-core's attention wraps the whole sequence mixer: the QKV and output GEMMs, RoPE and the attention = 4 (in FP8
  // each GEMM also quantises its input: 6). mlp's and the others' kernels are not counted here.
  it.each([
    ['core_attn, flash attention', ['core_attn'], false, true, 1],
    ['core_attn, unfused', ['core_attn'], false, false, 2],
    ['attention, bf16', ['attention'], false, true, 4],
    ['attention, fp8', ['attention'], true, true, 6],
    ['attention with core_attn: the module once', ['attention', 'core_attn'], false, true, 4],
    ['mlp alone: none counted', ['mlp'], false, true, 0],
    // TorchTitan's op (flops/opCheckpoint.ts): Llama's k, o and w3 GEMMs again (3) and its element-wise kernels but the
    // softmax, kept inside the attention kernel (2 norms, 2 residual adds, RoPE, the activation: 6); in FP8 none of the 7
    // linears is kept and each quantises its input (14).
    ['op, bf16', ['op'], false, true, 9],
    ['op, fp8', ['op'], true, true, 20],
  ] as const)('%s: %i', (_, modules, quantised, flashAttention, kernels) => {
    expect(selectiveAgainKernels(hostIssueFor(llama, { ...opts, quantised, flashAttention, moeLayers: 0 }), modules)).toBe(kernels);
  });
  it('a host-bound step: OLMo-core\'s attention issues 3 kernels a layer more than core_attn (the two GEMMs and RoPE)', () => {
    // Qwen3-30B-A3B at micro-batch 1 is host-bound (below); 48 layers × 3 kernels × 35 µs a micro-batch more.
    const ctx = runContext(qwen3, b200, { globalBatchSequences: 64, gpuCount: 8, stack: 'megatron-core' });
    const l = layout({ dp: 8, ep: 8, microBatch: 1, zeroStage: 1, recompute: 'selective' });
    const step = (recomputeModules: ('core_attn' | 'attention')[]) => evaluateLayout({ ...ctx, recomputeModules }, l).prediction;
    const core = step(['core_attn']);
    const module = step(['attention']);
    expect(core.breakdown.hostIssueSeconds).toBeGreaterThan(0);
    const perMb = (p: typeof core) => (modelledSeconds(p) - p.breakdown.optimizerSeconds - p.comm.dataParallel) / p.microBatches;
    expect(perMb(module) - perMb(core)).toBeCloseTo(48 * 3 * EAGER_SECONDS_PER_KERNEL, 9);
  });
});

describe('the wait', () => {
  it.each([
    // gpu fwd, gpu busy (fwd + bwd), host fwd, host bwd, synced, seconds the GPU waits
    ['GPU-bound in both phases', 3, 9, 1, 2, true, 0],
    ['host-bound forward, synced: the backward cannot absorb it', 3, 9, 4, 2, true, 1],
    ['host-bound forward, not synced: the host runs ahead into the backward', 3, 9, 4, 2, false, 0],
    ['host-bound throughout', 1, 3, 4, 8, false, 9],
    ['a tie waits nothing', 3, 9, 3, 6, false, 0],
  ] as const)('%s', (_, gf, busy, hf, hb, synced, seconds) => {
    expect(hostWaitSeconds(gf, busy, hf, hb, synced)).toBe(seconds);
  });

  it('no wait from rounding: a GPU-bound micro-batch waits exactly 0 whatever its busy time\'s last bit', () => {
    // Re-summing the busy time from its parts, (busy − fwd) + fwd, can land an ulp above it; the
    // breakdown printed that ulp as "waiting on the host's kernel issue 8.882e-13 ms".
    for (let i = 1; i <= 2000; i++) {
      const busy = i * 0.0173;
      const forward = busy / 3.7;
      expect(hostWaitSeconds(forward, busy, forward / 2, busy / 2, false)).toBe(0);
      expect(hostWaitSeconds(forward, busy, forward / 2, busy / 2, true)).toBe(0);
    }
  });
});

describe('Qwen3-30B-A3B on 8 B200, ep 8, bf16: the host binds at micro-batch 1, not at 8', () => {
  // Host per micro-batch, by hand: 48 MoE layers × (31 eager × 35 µs + 32 looped × 10.6 µs) = 48 × 1.4242 ms
  // = 68.36 ms forward, twice that backward less the permutation's 2·7 − 4 = 10 kernels a layer (its backward is one
  // kernel per fused operation), plus the head (3 kernels a pass). The 31: the 30 above and Megatron-Core's all-to-all
  // of the routing probabilities (the stack's moeProbsAllToAll).
  const hostForwardHand = 48 * (31 * 35e-6 + 32 * 10.6e-6) + 3 * 35e-6;
  const hostBackwardHand = 2 * hostForwardHand - 48 * 10 * 35e-6;
  const run = (microBatch: number) => {
    const ctx = runContext(qwen3, b200, { globalBatchSequences: 64, gpuCount: 8, stack: 'megatron-core' });
    const l = layout({ dp: 8, ep: 8, microBatch, zeroStage: 1 });
    const eager = evaluateLayout(ctx, l).prediction;
    const gpuOnly = evaluateLayout({ ...ctx, hostIssue: null }, l).prediction;
    return { eager, gpuOnly, m: eager.microBatches };
  };
  it('micro-batch 1: each micro-batch takes the host\'s forward and backward, as they outlast the GPU\'s', () => {
    const { eager, gpuOnly, m } = run(1);
    expect(eager.breakdown.hostIssueSeconds).toBeGreaterThan(0);
    const busyGpu = (modelledSeconds(gpuOnly) - gpuOnly.breakdown.optimizerSeconds - gpuOnly.comm.dataParallel) / m;
    expect(busyGpu).toBeLessThan(hostForwardHand + hostBackwardHand); // the GPU's micro-batch is shorter than the host's
    const perMb = (modelledSeconds(eager) - eager.breakdown.optimizerSeconds - eager.comm.dataParallel) / m;
    expect(perMb).toBeCloseTo(hostForwardHand + hostBackwardHand, 6);
  });
  it('micro-batch 8: the GPU\'s work outlasts the issue time, so nothing changes', () => {
    const { eager, gpuOnly } = run(8);
    expect(eager.breakdown.hostIssueSeconds).toBe(0);
    expect(eager.stepTimeSeconds).toBe(gpuOnly.stepTimeSeconds);
  });
  it('the planner sees it: with the host bound it never proposes micro-batch 1 for this run', () => {
    const ctx = runContext(qwen3, b200, { globalBatchSequences: 64, gpuCount: 8, stack: 'megatron-core' });
    const withHost = evaluateLayout(ctx, layout({ dp: 8, ep: 8, microBatch: 1, zeroStage: 1 })).prediction.stepTimeSeconds;
    const mb8 = evaluateLayout(ctx, layout({ dp: 8, ep: 8, microBatch: 8, zeroStage: 1 })).prediction.stepTimeSeconds;
    expect(mb8).toBeLessThan(withHost);
  });
  it('the breakdown still sums to the step time', () => {
    const { eager } = run(1);
    const b = eager.breakdown;
    expect(b.computeSeconds + b.memoryBoundSeconds + b.exposedCommSeconds + b.bubbleSeconds + b.optimizerSeconds + b.hostIssueSeconds + b.calibrationSeconds).toBeCloseTo(eager.stepTimeSeconds, 9);
  });
});

describe('stack defaults', () => {
  it('every PyTorch stack issues eagerly without CUDA graphs by default; MaxText compiles its step', () => {
    for (const s of Object.values(STACKS)) {
      expect(s.defaults.cudaGraphs.value).toBe(false);
      expect(s.defaults.kernelIssue.value).toBe(s.id === 'maxtext' ? 'compiled' : 'eager');
    }
  });
  it('no host bound with a compiled step, with CUDA graphs over a dense model, or without a stack', () => {
    const inputs = { globalBatchSequences: 64, gpuCount: 8 };
    expect(runContext(llama, b200, { ...inputs, stack: 'maxtext' }).hostIssue).toBeNull();
    expect(runContext(llama, b200, { ...inputs, stack: 'megatron-core', cudaGraphs: true }).hostIssue).toBeNull();
    expect(runContext(llama, b200, inputs).hostIssue).toBeNull();
    expect(runContext(llama, b200, { ...inputs, stack: 'megatron-core' }).hostIssue).not.toBeNull();
    expect(runContext(qwen3, b200, { ...inputs, stack: 'megatron-core', cudaGraphs: true }).hostIssue?.synced).toBe(true);
    expect(runContext(qwen3, b200, { ...inputs, stack: 'megatron-core', cudaGraphs: true, moeCapacityFactor: 1.5, moeCapacityPadding: true }).hostIssue).toBeNull();
  });
});

describe('plan --cuda-graphs (library cudaGraphs)', () => {
  const qwen3Input = { layers: 48, d_model: 2048, heads: 32, kv_heads: 4, d_head: 128, d_ff: 6144, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 151936, seq_len: 4096, moe: { experts: 128, top_k: 8, d_ff_expert: 768 } } as const;
  const args = { model: qwen3Input, gpu: 'b200', count: 8, globalBatch: 64, seqLen: 4096, ep: 8, microBatch: 1, top: 1 };
  it('reports the switch, and at micro-batch 1 the eager step is the slower one; a bad value is a located error', () => {
    const eager = plan(args);
    const graphed = plan({ ...args, cudaGraphs: true });
    expect([eager.cuda_graphs, graphed.cuda_graphs]).toEqual([false, true]);
    expect(eager.best[0]!.prediction.breakdown.host_issue_seconds).toBeGreaterThan(0);
    expect(eager.best[0]!.prediction.step_time_seconds).toBeGreaterThan(graphed.best[0]!.prediction.step_time_seconds);
    expect(formattedError(() => plan({ ...args, cudaGraphs: 'yes' as unknown as boolean }))).toMatch(/^cudaGraphs: expected true or false, found "yes"/);
  });
});

/**
 * Muon (src/perf/muon.ts): the Newton–Schulz FLOPs of a matrix against a hand count, the overhead on a
 * dense model against Jordan's T·m/B bound, and the state bytes per parameter against the code's own
 * buffers (Megatron mixed precision: bf16 weights, fp32 main gradients and master weights).
 */
import { describe, expect, it } from 'vitest';
import { layerOptimizerBytes, nsFlops } from '../../src/perf/muon.js';
import { muonElements, muonMatrices } from '../../src/perf/muonMatrices.js';
import { wholeNsFlops } from '../../src/perf/muonStep.js';
import { stateBytesFor, type ModelStateChoice } from '../../src/perf/modelState.js';
import { arch } from './helpers.js';

/** One GEMM [a×b]·[b×c]: 2abc FLOPs (a multiply and an add per term). */
const gemm = (a: number, b: number, c: number) => 2 * a * b * c;

describe('Newton–Schulz FLOPs per matrix (muon_utils.py newton_schulz_step: A = X·Xᵀ, B = b·A + c·A·A, X = a·X + B·X on the short side)', () => {
  it.each([
    // [rows, cols, steps]: the hand count multiplies out the three GEMMs of a step with m = the shorter side.
    [2, 3, 1],
    [3, 2, 1], // transposed first (x.size(-2) > x.size(-1)): the same work
    [4096, 4096, 5],
    [28672, 8192, 5], // Llama 3 70B's fused fc1 (2 × 14336 rows × 8192)
    [8192, 28672 / 2, 5], // its fc2 [8192, 14336]
  ])('%i × %i, %i steps', (rows, cols, steps) => {
    const m = Math.min(rows, cols);
    const n = Math.max(rows, cols);
    const perStep = gemm(m, n, m) + gemm(m, m, m) + gemm(m, m, n);
    expect(nsFlops(rows, cols, steps)).toBe(steps * perStep);
  });

  it('2 × 3, one step: 24 + 16 + 24 = 64 FLOPs, counted by hand', () => {
    expect(nsFlops(2, 3, 1)).toBe(64);
  });
});

describe("Jordan's bound: the Newton–Schulz FLOPs are at most T·m/B of the training FLOPs of the same matrices (Jordan 2024, \"Muon\", runtime analysis)", () => {
  // Llama-3-8B-like, pp = tp = 1: every matrix's shorter side is d = 4096 (fused q/k/v 6144 × 4096, fc1 28672 × 4096, fc2 4096 × 14336).
  const llama8b = arch({ layers: 32, d_model: 4096, heads: 32, kv_heads: 8, d_ff: 14336, vocab: 128256, seq_len: 8192, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', tied_embeddings: false }, 'llama-8b-like');
  it.each([
    [5, 512 * 8192],
    [5, 16 * 8192],
    [10, 64 * 8192],
  ])('T = %i, B = %i tokens: T·d/B·2/3 ≤ overhead ≤ T·d/B', (T, B) => {
    const ms = muonMatrices(llama8b, { tp: 1, pp: 1, ep: 1, etp: 1, schedule: '1f1b' });
    const training = 6 * muonElements(ms) * B; // forward + backward on the matrices' parameters (Kaplan et al. 2020: 6N per token)
    const overhead = wholeNsFlops(ms, T) / training;
    const bound = (T * llama8b.dModel) / B;
    expect(overhead).toBeLessThanOrEqual(bound);
    // Each matrix has m = d and n ≥ d, so (4m²n + 2m³)/(6mn) ≥ 2m/3 per step: within a factor 1.5 of the bound.
    expect(overhead).toBeGreaterThanOrEqual((2 / 3) * bound);
  });
});

describe('state bytes per parameter: Adam vs Muon for the layers\' matrices', () => {
  const perLayerParam = (precision: 'bf16' | 'fp32', choice: ModelStateChoice, optimizer: 'adam' | 'muon') => {
    const b = stateBytesFor(precision, choice, false, optimizer);
    return b.weights + b.gradients + b.layerOptimizer;
  };
  it.each([
    // Adam: Megatron-LM docs/source/api-guide/dist_optimizer.md, bf16 "non-distributed optim" 18 = 2 + 4 + 12.
    ['bf16, Adam (Megatron docs: 18)', 'bf16', {}, 'adam', 18],
    // Muon: bf16 weight 2 + fp32 main gradient 4 + fp32 master 4 (Float16OptimizerWithFloat16Params) + fp32 momentum 4
    // (Emerging-Optimizers orthogonalized_optimizer.py: zeros_like(grad)); one buffer instead of Adam's two moments.
    ['bf16, Muon: one fp32 momentum instead of m and v', 'bf16', {}, 'muon', 2 + 4 + 4 + 4],
    // fp32 training: the fp32 weights are their own master; Adam keeps m and v (16 = 4 + 4 + 8), Muon its momentum.
    ['fp32, Adam (Megatron docs: 16)', 'fp32', {}, 'adam', 16],
    ['fp32, Muon', 'fp32', {}, 'muon', 4 + 4 + 4],
    // bf16 Adam moments (DeepSeek-V3) shrink Adam's state; Muon's momentum is the fp32 gradient's dtype whatever `moments` says.
    ['bf16 with bf16 moments, Adam', 'bf16', { moments: 'bf16' }, 'adam', 2 + 4 + 4 + 4],
    ['bf16 with bf16 moments, Muon', 'bf16', { moments: 'bf16' }, 'muon', 2 + 4 + 4 + 4],
  ] as const)('%s: %i bytes', (_, precision, choice: ModelStateChoice, optimizer, bytes) => {
    expect(perLayerParam(precision, choice, optimizer)).toBe(bytes);
  });

  it('Muon leaves the embedding and head on Adam: `optimizer` stays Adam\'s, only `layerOptimizer` changes', () => {
    const adam = stateBytesFor('bf16');
    const muon = stateBytesFor('bf16', {}, false, 'muon');
    expect(muon.optimizer).toBe(adam.optimizer);
    expect(adam.layerOptimizer).toBe(adam.optimizer);
    expect(muon.layerOptimizer).toBe(layerOptimizerBytes(adam, 'muon'));
    expect(adam.optimizer - muon.layerOptimizer).toBe(4); // Adam's second moment, in fp32
  });
});

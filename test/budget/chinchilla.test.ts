/**
 * Compute-optimal allocation after Hoffmann et al. 2022, "Training Compute-Optimal Large Language
 * Models" (arXiv:2203.15556). Constants: Approach 3's fit, §3.3 / Eq. 10 (Appendix D.2):
 * E = 1.69, A = 406.4, B = 410.7, α = 0.34, β = 0.28.
 */
import { describe, expect, it } from 'vitest';
import { CHINCHILLA, chinchillaLoss, lawExponents, lawOptimal, ruleOfThumb, trainingFlops } from '../../src/budget/chinchilla.js';
import { computeBudget, costModel, planBudget, type Cluster } from '../../src/budget/plan.js';
import { analyse } from '../../src/flops/analyse.js';
import type { HardwareProfile } from '../../src/hardware/toProfile.js';
import { arch, GPT3_175B } from '../helpers.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('the Chinchilla rule of thumb (~20 tokens per parameter, C = 6ND)', () => {
  // Chinchilla: 70B parameters, 1.4T tokens (Table 1; §4), trained with Gopher's budget, 5.76e23
  // FLOPs (Table 3, the 67B row of Approach 1, gives 5.76e23 FLOPs and 1.5T tokens).
  it('5.76e23 FLOPs -> about 70B parameters and 1.4T tokens (within 10%)', () => {
    const r = ruleOfThumb(5.76e23);
    expect(rel(r.params, 70e9)).toBeLessThan(0.1);
    expect(rel(r.tokens, 1.4e12)).toBeLessThan(0.1);
    expect(r.tokens / r.params).toBeCloseTo(20, 12);
    expect(trainingFlops(r.params, r.tokens)).toBeCloseTo(5.76e23, -10);
  });
  it('70B × 1.4T is about 5.76e23 FLOPs by 6ND (within 10%)', () => {
    expect(rel(trainingFlops(70e9, 1.4e12), 5.76e23)).toBeLessThan(0.1);
  });
  it.each([1e18, 1e21, 5.76e23, 1e25, 3.8e25])('N = sqrt(C/120) and D = 20N at C = %s', (C) => {
    const r = ruleOfThumb(C);
    expect(r.params).toBeCloseTo(Math.sqrt(C / 120), 0);
    expect(rel(6 * r.params * r.tokens, C)).toBeLessThan(1e-12);
  });
});

describe('the Approach 3 loss law L(N, D) = E + A/N^α + B/D^β', () => {
  it('uses the paper\'s constants (§3.3, Eq. 10)', () => {
    expect(CHINCHILLA).toMatchObject({ E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 });
  });
  it('at Chinchilla (70B, 1.4T): 1.69 + 406.4/70e9^0.34 + 410.7/1.4e12^0.28 = 1.69 + 0.0835 + 0.1632 ≈ 1.937', () => {
    // Worked by hand from Eq. 10: 70e9^0.34 = e^(0.34·ln 7e10) = e^8.4905 ≈ 4868; 406.4/4868 ≈ 0.0835.
    // 1.4e12^0.28 = e^(0.28·ln 1.4e12) = e^7.8597 ≈ 2517; 410.7/2517 ≈ 0.1632.
    expect(chinchillaLoss(70e9, 1.4e12)).toBeCloseTo(1.937, 3);
  });
  it('predicts Chinchilla beats Gopher (280B, 300B tokens) at about the same compute, as the paper reports (§4, Table 1)', () => {
    expect(rel(trainingFlops(280e9, 300e9), trainingFlops(70e9, 1.4e12))).toBeLessThan(0.15);
    expect(chinchillaLoss(70e9, 1.4e12)).toBeLessThan(chinchillaLoss(280e9, 300e9));
  });
  it('has the paper\'s Approach 3 scaling exponents a ≈ 0.46, b ≈ 0.54 (Table 2), up to the rounding of the published constants', () => {
    // With the rounded constants a = β/(α+β) = 0.452 and b = 0.548 (Besiroglu et al. 2024 discuss the rounding).
    const { a, b } = lawExponents();
    expect(Math.abs(a - 0.46)).toBeLessThan(0.015);
    expect(Math.abs(b - 0.54)).toBeLessThan(0.015);
    expect(a + b).toBeCloseTo(1, 12);
  });
  it.each([1e20, 5.76e23, 1e25])('the law\'s allocation minimises L on 6ND = C (C = %s)', (C) => {
    const o = lawOptimal(C);
    expect(rel(6 * o.params * o.tokens, C)).toBeLessThan(1e-9);
    for (const k of [0.5, 0.8, 0.95, 1.05, 1.25, 2]) {
      const n = o.params * k;
      expect(chinchillaLoss(n, C / (6 * n))).toBeGreaterThan(o.loss);
    }
  });
});

const hw = { id: 'test-gpu', tdpWatts: 700, peakFlopsPerSecond: { bf16: 1e15 } } as unknown as HardwareProfile;
const cluster = (o: Partial<Cluster> = {}): Cluster => ({ hardware: hw, precision: 'bf16', peakFlopsPerSecond: 1e15, utilization: 0.4, gpuCount: 1000, price: { usdPerGpuHour: 2, source: 'test', providers: [] }, ...o });

describe('compute budgets', () => {
  it.each([
    { name: '$ -> GPU-hours -> FLOPs', target: { usd: 2e6 }, gpuHours: 1e6, flops: 1e6 * 3600 * 1e15 * 0.4, seconds: 3600 * 1000, cost: 2e6 },
    { name: 'deadline × GPUs -> FLOPs', target: { deadlineSeconds: 86400 }, gpuHours: 24000, flops: 86400 * 1000 * 1e15 * 0.4, seconds: 86400, cost: 48000 },
  ])('$name', ({ target, gpuHours, flops, seconds, cost }) => {
    const b = computeBudget(target, cluster());
    expect(b.gpuHours).toBeCloseTo(gpuHours, 6);
    expect(rel(b.flops, flops)).toBeLessThan(1e-12);
    expect(b.wallClockSeconds).toBeCloseTo(seconds, 6);
    expect(b.costUsd).toBeCloseTo(cost, 6);
  });
  it('$ without a GPU count has no wall-clock; a deadline without a price has no cost', () => {
    expect(computeBudget({ usd: 1e6 }, cluster({ gpuCount: undefined })).wallClockSeconds).toBeNull();
    expect(computeBudget({ deadlineSeconds: 3600 }, cluster({ price: null })).costUsd).toBeNull();
    expect(() => computeBudget({ usd: 1e6 }, cluster({ price: null }))).toThrow(/price/);
    expect(() => computeBudget({ deadlineSeconds: 1 }, cluster({ gpuCount: undefined }))).toThrow(/GPU count/);
  });
  it('plans both allocations for the budget\'s compute', () => {
    const p = planBudget({ usd: 5e6 }, cluster());
    expect(rel(p.ruleOfThumb.flops, p.budget.flops)).toBeLessThan(1e-9);
    expect(rel(p.lawOptimal.flops, p.budget.flops)).toBeLessThan(1e-9);
    expect(p.lawOptimal.loss).toBeLessThanOrEqual(p.ruleOfThumb.loss);
  });
});

describe('the inverse: what a model and token budget cost', () => {
  it('GPT-3 175B on 300B tokens at MFU 0.4 costs model FLOPs / (GPUs × MFU × peak) of time, priced per GPU-hour', () => {
    const a = analyse(arch(GPT3_175B), { tokens: 300e9 });
    const m = costModel(a, { ...cluster(), gpuCount: 1000 });
    const seconds = a.totals.model / (1000 * 0.4 * 1e15);
    expect(m.run.wallClockSeconds).toBeCloseTo(seconds, 3);
    expect(m.run.cost.computeUsd).toBeCloseTo((seconds * 1000 / 3600) * 2, 3);
    expect(m.tokensPerParam).toBeCloseTo(300e9 / a.params.total, 9);
    expect(m.loss).toBeCloseTo(chinchillaLoss(a.params.total, 300e9), 12);
    // GPT-3 is far from compute-optimal: the same compute buys a lower loss with a smaller model.
    expect(m.ruleOfThumb.params).toBeLessThan(a.params.total);
    expect(m.ruleOfThumb.loss).toBeLessThan(m.loss);
  });
  // "The same 6ND compute" is the compute the run spends, the 6ND the output prints above it: 6 × the
  // ACTIVE parameters × tokens (Kaplan et al. 2020 §2.1; an MoE token passes through top_k experts
  // only). Mixtral 8x7B (Jiang et al. 2024, Table 1 and the HF config: 8 experts, top 2, d_ff 14336)
  // has 46,702,792,704 parameters of which 12,879,925,248 are active; on 1T tokens, by hand,
  // C = 6 × 12,879,925,248 × 1e12 = 7.728e22, N = sqrt(C / 120) = 25.38B and D = 20N = 507.6B.
  // With the total parameters the "same" compute was 2.8e23, 3.6 × what the run spends. The loss law
  // and tokens per parameter take the same N (C = 6ND and L(N, D) are one model, Hoffmann et al. 2022
  // Eq. 4): then the law's optimum is never worse than the model itself at its own compute (for
  // Mixtral at 46.7B the law gave the model a lower loss than the "optimum").
  const MIXTRAL_8X7B = {
    layers: 32, d_model: 4096, heads: 32, kv_heads: 8, vocab: 32000, seq_len: 32768, ffn: 'swiglu', norm: 'rmsnorm', bias: false,
    position: 'rotary', tied_embeddings: false, moe: { experts: 8, top_k: 2, d_ff_expert: 14336 },
  } as const;
  it.each([
    { name: 'GPT-3 175B (dense: active = total)', model: GPT3_175B, tokens: 300e9, active: 174_604_259_328 },
    { name: 'Mixtral 8x7B (MoE, 12.9B of 46.7B active)', model: MIXTRAL_8X7B, tokens: 1e12, active: 12_879_925_248 },
  ])('$name: the compute-optimal allocation is of 6 × active parameters × tokens', ({ model, tokens, active }) => {
    const a = analyse(arch(model), { tokens });
    expect(a.params.active).toBe(active);
    const m = costModel(a, { ...cluster(), gpuCount: 1000 });
    const C = 6 * active * tokens;
    expect(rel(m.ruleOfThumb.params, Math.sqrt(C / 120))).toBeLessThan(1e-12);
    expect(rel(m.ruleOfThumb.tokens, 20 * Math.sqrt(C / 120))).toBeLessThan(1e-12);
    expect(rel(trainingFlops(m.lawOptimal.params, m.lawOptimal.tokens), C)).toBeLessThan(1e-12);
    expect(m.tokensPerParam).toBeCloseTo(tokens / active, 9);
    expect(m.loss).toBeCloseTo(chinchillaLoss(active, tokens), 12);
    expect(m.lawOptimal.loss).toBeLessThanOrEqual(m.loss);
  });
});

/**
 * budget --model without --tokens (src/budget/plan.ts tokensForModel): the whole tokens dollars and/or a deadline buy for
 * a given model, against hand arithmetic on a small model whose exact FLOPs per token are counted here by hand.
 */
import { describe, expect, it } from 'vitest';
import { costModel, tokensForModel, type Cluster } from '../../src/budget/plan.js';
import { analyse } from '../../src/flops/analyse.js';
import type { HardwareProfile } from '../../src/hardware/toProfile.js';
import { InputError } from '../../src/input/errors.js';
import { tinyDense } from '../flops/recomputeModels.js';

// tiny dense (2 layers, d 64, 4 heads of 16, 2 KV heads, SwiGLU 128, vocab 100, seq 16, untied), forward FLOPs a token:
//   q, k, v 2·64·(64 + 2·32) = 16,384 and out 2·64·64 = 8,192 a layer; scores and values 2·16·64 = 2,048 each
//   ('full' attention); SwiGLU 2·3·64·128 = 49,152; × 2 layers = 155,648; logits 2·64·100 = 12,800: 168,448.
//   Model FLOPs (forward + backward, backward twice forward): 3 × 168,448 = 505,344.
// Parameters: embedding 100·64 = 6,400; attention (64·64 + 64·32 + 64·32 + 64·64) × 2 = 24,576; SwiGLU 3·64·128 × 2 =
//   49,152; RMSNorm 64 × (2·2 + 1) = 320; head 6,400: 86,848. Chinchilla's 20 tokens a parameter: 1,736,960 tokens.
const PER_TOKEN = 505_344;
const N = 86_848;
const hw = { id: 'test-gpu', tdpWatts: 700, peakFlopsPerSecond: { bf16: 1e15 } } as unknown as HardwareProfile;
// 4 GPUs of 1e15 FLOP/s at MFU 0.5, $2 a GPU-hour.
const cluster: Cluster & { gpuCount: number } = { hardware: hw, precision: 'bf16', peakFlopsPerSecond: 1e15, utilization: 0.5, gpuCount: 4, price: { usdPerGpuHour: 2, source: 'test', providers: [] } };
const analysis = analyse(tinyDense);
const usdPerToken = ((PER_TOKEN / 0.5e15) / 3600) * 2;

describe('tokensForModel: the whole tokens a budget buys for a given model', () => {
  it.each([
    // $1 at $2/h = 0.5 GPU-hours = 0.5·3600·0.5e15 = 9e17 FLOPs; ⌊9e17 / 505,344⌋ = 1,780,965,045,592.
    { name: '$1', target: { usd: 1 }, gpuHours: 0.5, tokens: 1_780_965_045_592, binding: 'usd' },
    // 1 hour × 4 GPUs = 4 GPU-hours = 7.2e18 FLOPs; ⌊7.2e18 / 505,344⌋ = 14,247,720,364,741.
    { name: 'a 1-hour deadline', target: { deadlineSeconds: 3600 }, gpuHours: 4, tokens: 14_247_720_364_741, binding: 'deadline' },
    // Both: the dollars' 0.5 GPU-hours are fewer than the deadline's 4, so they bind.
    { name: '$1 and a 1-hour deadline', target: { usd: 1, deadlineSeconds: 3600 }, gpuHours: 0.5, tokens: 1_780_965_045_592, binding: 'usd' },
    // $100 (50 GPU-hours) against the same hour: the deadline binds.
    { name: '$100 and a 1-hour deadline', target: { usd: 100, deadlineSeconds: 3600 }, gpuHours: 4, tokens: 14_247_720_364_741, binding: 'deadline' },
  ])('$name', ({ target, gpuHours, tokens, binding }) => {
    const t = tokensForModel(target, analysis, cluster);
    expect(t.flopsPerToken).toBe(PER_TOKEN);
    expect(t.budget.gpuHours).toBeCloseTo(gpuHours, 12);
    expect(t.budget.binding).toBe(binding);
    expect(t.cost.run.inputs.analysis.totals.tokens).toBe(tokens);
    // The time and cost of those whole tokens: FLOPs / (GPUs × MFU × peak), GPU-hours × price.
    const seconds = (tokens * PER_TOKEN) / (4 * 0.5e15);
    expect(t.cost.run.wallClockSeconds / seconds).toBeCloseTo(1, 12);
    expect(t.cost.run.gpuHours / ((seconds * 4) / 3600)).toBeCloseTo(1, 12);
    expect(t.cost.run.cost.computeUsd / ((seconds * 4) / 3600 * 2)).toBeCloseTo(1, 12);
    // Rounded down: within the budget, and short of it by less than one more token.
    const spent = gpuHours * 2;
    expect(t.cost.run.cost.computeUsd).toBeLessThanOrEqual(spent * (1 + 1e-12));
    expect(spent - t.cost.run.cost.computeUsd).toBeLessThan(usdPerToken * (1 + 1e-9));
    expect(t.optimalTokens).toBe(20 * N);
  });

  it('round trip: pricing the tokens it found gives back the same cost (costModel, as budget --model --tokens)', () => {
    const t = tokensForModel({ usd: 1 }, analysis, cluster);
    const again = costModel(analyse(tinyDense, { tokens: t.cost.run.inputs.analysis.totals.tokens }), cluster);
    expect(again.run.cost.computeUsd).toBe(t.cost.run.cost.computeUsd);
    expect(again.run.wallClockSeconds).toBe(t.cost.run.wallClockSeconds);
  });

  it.each([
    // $1e-12 buys 9e5 FLOPs: 1 token (9e5 / 505,344), fewer than one sequence of 16.
    { usd: 1e-12, message: /^the budget buys 900000 model FLOPs; at 5\.053e5 FLOPs a token of tiny-dense that is 1 token, fewer than one sequence of 16$/ },
    // $4e-13 buys 3.6e5 FLOPs, under one token.
    { usd: 4e-13, message: /^the budget buys 360000 model FLOPs; at 5\.053e5 FLOPs a token of tiny-dense that is less than one token, fewer than one sequence of 16$/ },
  ])('refuses $usd dollars: too few for one sequence', ({ usd, message }) => {
    let err: unknown;
    try {
      tokensForModel({ usd }, analysis, cluster, () => '--usd');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(message);
    expect((err as InputError).details.keyPath).toBe('--usd');
  });
});

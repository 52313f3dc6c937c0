/**
 * src/estimate/attentionNote.ts through estimateRun: the note on a defaulted attention convention, where it moves MFU
 * and HFU by a fifth or more. The model and its counts are test/flops/conventionShift.test.ts's, worked by hand there:
 * at s = 2048 the causal count is 733,696 / 1,257,984 = 0.58323 of the full one (share 0.83354), with selective
 * recomputation 2,725,376 / 4,822,528 = 0.56513 of its hardware FLOPs; at s = 272 it is 0.80029, under the threshold.
 *
 * The step does not depend on the convention: where the MFU is predicted or the rate is tokens/s, the time is the same
 * and the other convention's MFU is MFU × 0.58323. A given utilization sets compute seconds = model FLOPs / (GPUs × MFU
 * × peak): read as a causal MFU the time is × 0.58323; a given achieved_tflops sets hardware FLOPs / (GPUs × rate):
 * × the hardware ratio.
 */
import { describe, expect, it } from 'vitest';
import { estimateRun, type RunInputs, type Throughput } from '../../src/estimate/run.js';
import { analyse } from '../../src/flops/analyse.js';
import type { AttentionConvention, RecomputeMode } from '../../src/flops/conventions.js';
import type { HardwareProfile } from '../../src/hardware/toProfile.js';
import { arch } from '../helpers.js';

const TINY = arch({ name: 'tiny', layers: 2, d_model: 64, heads: 4, d_ff: 256, ffn: 'gelu', vocab: 100, seq_len: 2048, position: 'rotary', tied_embeddings: true });
const hw = { id: 'test-gpu', tdpWatts: 500, peakFlopsPerSecond: { bf16: 1e15 } } as unknown as HardwareProfile;
const MODEL_2048 = 733_696 / 1_257_984;
const HARDWARE_SELECTIVE_2048 = 2_725_376 / 4_822_528;

function inputs(seqLen: number, throughput: Throughput, attentionGiven: boolean | undefined, attention: AttentionConvention = 'full', recompute: RecomputeMode = 'none'): RunInputs {
  return {
    name: 'x', label: '', analysis: analyse(TINY, { tokens: 1e9, seqLen, attention, recompute }), hardware: hw, precision: 'bf16', peakFlopsPerSecond: 1e15,
    gpuCount: 8, throughput, globalBatchTokens: null, price: { usdPerGpuHour: 2, source: 'test', kind: 'given', providers: [] }, fixedUsd: 0,
    energy: { pue: 1, usdPerKwh: 0, kgCo2PerKwh: 0, powerFraction: 1 }, ...(attentionGiven !== undefined ? { attentionGiven } : {}),
  };
}

const predicted: Throughput = { kind: 'predicted', mfu: 0.4, record: null };
const utilization: Throughput = { kind: 'utilization', mfu: 0.4 };

describe('the attention-convention note', () => {
  it.each<[string, RunInputs, { mfu: number; hfu: number; given: 'utilization' | 'achieved_tflops' | null; time: number } | null]>([
    ['predicted, defaulted, s 2048: the same step under causal', inputs(2048, predicted, false), { mfu: MODEL_2048, hfu: MODEL_2048, given: null, time: 1 }],
    ['tokens/s, defaulted: the same step too', inputs(2048, { kind: 'tokens_per_second_per_gpu', tokensPerSecondPerGpu: 1e5 }, false), { mfu: MODEL_2048, hfu: MODEL_2048, given: null, time: 1 }],
    ['a given utilization, defaulted: the time read as a causal MFU', inputs(2048, utilization, false), { mfu: MODEL_2048, hfu: MODEL_2048, given: 'utilization', time: MODEL_2048 }],
    ['a given achieved_tflops with selective recomputation: the hardware ratio', inputs(2048, { kind: 'achieved_tflops', hardwareFlopsPerSecondPerGpu: 4e14 }, false, 'full', 'selective'), { mfu: MODEL_2048, hfu: HARDWARE_SELECTIVE_2048, given: 'achieved_tflops', time: HARDWARE_SELECTIVE_2048 }],
    ['s 272, under the threshold: none', inputs(272, predicted, false), null],
    ['s 272, a given utilization: none', inputs(272, utilization, false), null],
    ['the convention written full: none', inputs(2048, utilization, true), null],
    ['the convention written causal: none', inputs(2048, predicted, true, 'causal'), null],
    ['a caller that does not say (budget): none', inputs(2048, utilization, undefined), null],
  ])('%s', (_, i, want) => {
    const r = estimateRun(i);
    if (want === null) return expect(r.attentionConvention).toBeUndefined();
    const n = r.attentionConvention!;
    expect([n.counted, n.other, n.seqLen]).toEqual(['full', 'causal', 2048]);
    expect(n.attentionShare).toBeCloseTo(1_048_576 / 1_257_984, 12);
    expect(n.otherMfu / r.mfu).toBeCloseTo(want.mfu, 12);
    expect(n.otherHfu / r.hfu).toBeCloseTo(want.hfu, 12);
    expect(n.given?.key ?? null).toBe(want.given);
    if (n.given) expect(n.given.otherWallClockSeconds / r.wallClockSeconds).toBeCloseTo(want.time, 12);
  });
  it('changes no figure of the run', () => {
    const noted = estimateRun(inputs(2048, utilization, false));
    const { attentionConvention, inputs: _a, ...rest } = noted;
    const { inputs: _b, ...plain } = estimateRun(inputs(2048, utilization, true));
    expect(attentionConvention).toBeDefined();
    expect(rest).toEqual(plain);
  });
});

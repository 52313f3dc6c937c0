/**
 * A reported figure above the accelerator's dense peak is no run (src/perf/impliedPeak.ts). The FLOPs per token and the
 * peaks are worked by hand here from the printed shape and the profiles' datasheet peaks, never read from the code.
 */
import { describe, expect, it } from 'vitest';
import { impliedPeaks, overPeak } from '../../src/perf/impliedPeak.js';
import type { ValidationRow } from '../../src/perf/validateSchema.js';
import { arch, loadProfile } from './helpers.js';

/**
 * GPT-2 13B as OpenBMB/BMTrain's README prints it (@ 0437a5a9, "Performance"; validation/holdout43-runs.yaml): 40 layers,
 * d 5120, 128 heads, FFN 4d = 20480, vocabulary 50257, sequence 512. Model FLOPs per token, causal attention, no
 * recomputation (2 FLOPs a multiply-add, backward 2× forward: src/flops/conventions.ts), forward per layer:
 *   QKV 2·d·3d = 6d² and output 2d²: 8 · 26,214,400          = 209,715,200
 *   MLP 2 · 2·d·ffn = 4 · 5120 · 20480                          = 419,430,400
 *   scores and A·V, causal (s/2 keys a query): 2 · 2·(s/2)·d = 2 · 512 · 5120 = 5,242,880
 *   one layer 634,388,480; 40 layers 25,375,539,200; the output head 2·d·V = 2 · 5120 · 50257 = 514,631,680
 *   forward 25,890,170,880; model (×3) 77,670,512,640 FLOPs per token.
 */
const GPT2_13B = arch({ layers: 40, d_model: 5120, heads: 128, d_head: 40, d_ff: 20480, ffn: 'gelu', vocab: 50257, seq_len: 512, tied_embeddings: true, norm: 'layernorm', bias: true, position: 'learned' }, 'gpt2-13b-bmt');
const FLOPS_PER_TOKEN = 77_670_512_640;
/** Dense peaks, TFLOP/s (hardware-profiles/*.yaml, from the datasheets): V100 FP16 125; H100 SXM BF16 989, FP8 1979; B200 FP8 4500, FP4 9000. */
const V100_FP16 = 125e12;
const H100_BF16 = 989e12;
const H100_FP8 = 1979e12;
const B200_FP8 = 4500e12;
const B200_FP4 = 9000e12;

type Row = Pick<ValidationRow, 'training' | 'cluster' | 'reported'>;
const row = (reported: Row['reported'], training: Partial<Row['training']> = {}, count = 32): Row => ({
  training: { seq_len: 512, global_batch: 256, precision: 'fp16', stack: 'deepspeed', ...training },
  cluster: { gpu: 'unused', count },
  reported,
});
/** Tokens per second per GPU that imply `fraction` of `peak` at the 13B's FLOPs per token. */
const tokensAt = (fraction: number, peak: number) => (fraction * peak) / FLOPS_PER_TOKEN;

describe('impliedPeak: the FLOP/s per GPU a reported figure implies, against the dense peak', () => {
  it.each([
    // [what, profile, row, expected ratio, flagged]
    // BMTrain's printed 14.88 samples/GPU/s × 512 = 7,618.56 tokens/s: 7,618.56 × 77,670,512,640 = 591.74 TFLOP/s, ÷ 125 = 4.734.
    ['BMTrain 13B as printed (V100)', 'v100-sxm2-32gb', row({ tokens_per_second_per_gpu: 7618.56 }), (7618.56 * FLOPS_PER_TOKEN) / V100_FP16, true],
    // A plausible 238 tokens/s per GPU: 18.49 TFLOP/s, 14.8% of the peak.
    ['the same row at 238 tokens/s per GPU', 'v100-sxm2-32gb', row({ tokens_per_second_per_gpu: 238 }), (238 * FLOPS_PER_TOKEN) / V100_FP16, false],
    ['exactly 99% of the peak', 'v100-sxm2-32gb', row({ tokens_per_second_per_gpu: tokensAt(0.99, V100_FP16) }), 0.99, false],
    ['101% of the peak', 'v100-sxm2-32gb', row({ tokens_per_second_per_gpu: tokensAt(1.01, V100_FP16) }), 1.01, true],
    // A step time: 256 × 512 tokens in 0.2 s on 32 GPUs is 20,480 tokens/s per GPU, 1,590.7 TFLOP/s, 12.7× the peak.
    ['a step time, the global batch over the GPUs', 'v100-sxm2-32gb', row({ step_seconds: 0.2 }), ((256 * 512) / 0.2 / 32 * FLOPS_PER_TOKEN) / V100_FP16, true],
    // FP8 GEMMs may run up to the FP8 peak: 1.5× the BF16 peak is 75% of the FP8 one (1,483.5 / 1,979).
    ['FP8 GEMMs between the BF16 and FP8 peaks', 'h100-sxm', row({ tokens_per_second_per_gpu: tokensAt(1.5, H100_BF16) }, { precision: 'bf16', gemm_precision: 'fp8' }), (1.5 * H100_BF16) / H100_FP8, false],
    ['the same figure with BF16 GEMMs', 'h100-sxm', row({ tokens_per_second_per_gpu: tokensAt(1.5, H100_BF16) }, { precision: 'bf16' }), 1.5, true],
    // NVFP4 GEMMs: judged against the FP4 peak (9,000), not the FP8 one (4,500).
    ['NVFP4 GEMMs at 1.5× the FP8 peak', 'b200', row({ tokens_per_second_per_gpu: tokensAt(1.5, B200_FP8) }, { precision: 'bf16', gemm_precision: 'fp4' }), (1.5 * B200_FP8) / B200_FP4, false],
    ['NVFP4 GEMMs at 1.1× the FP4 peak', 'b200', row({ tokens_per_second_per_gpu: tokensAt(1.1, B200_FP4) }, { precision: 'bf16', gemm_precision: 'fp4' }), 1.1, true],
    // A utilisation is a fraction of the stated precision's peak: above 1, no run.
    ['an MFU of 1.2', 'h100-sxm', row({ mfu: 1.2 }, { precision: 'bf16' }), 1.2, true],
    ['an MFU of 0.55', 'h100-sxm', row({ mfu: 0.55 }, { precision: 'bf16' }), 0.55, false],
    ['an HFU of 1.05', 'h100-sxm', row({ hfu: 1.05 }, { precision: 'bf16' }), 1.05, true],
    // DeepSeek-V3's convention: FP8 GEMMs, MFU against the BF16 peak; 1.2 of 989 is 1,186.8 TFLOP/s, 60% of the FP8 peak.
    ['an MFU of 1.2 of the BF16 peak with FP8 GEMMs', 'h100-sxm', row({ mfu: 1.2 }, { precision: 'bf16', gemm_precision: 'fp8' }), (1.2 * H100_BF16) / H100_FP8, false],
  ] as const)('%s', (_what, profile, r, ratio, flagged) => {
    const [p] = impliedPeaks(GPT2_13B, loadProfile(profile), r);
    expect(p!.ratio).toBeCloseTo(ratio, 9);
    expect(overPeak(GPT2_13B, loadProfile(profile), r) !== null).toBe(flagged);
  });

  it('says the numbers: the figure, the FLOP/s it implies, the ratio and the peak, grouped, with the likely slip', () => {
    expect(overPeak(GPT2_13B, loadProfile('v100-sxm2-32gb'), row({ tokens_per_second_per_gpu: 7618.56 }))).toBe(
      "the reported 7,619 tokens/s per GPU implies at least 592 TFLOP/s of model FLOPs per GPU, 4.7× the v100-sxm2-32gb's dense FP16 peak (125 TFLOP/s): no run exceeds its peak — is the figure a node's or the cluster's rather than one GPU's?",
    );
    // 101%: two decimals near 1, so that a flagged ratio never reads as 1.0×.
    expect(overPeak(GPT2_13B, loadProfile('v100-sxm2-32gb'), row({ tokens_per_second_per_gpu: tokensAt(1.01, V100_FP16) }))).toContain('1.01× the v100-sxm2-32gb');
    expect(overPeak(GPT2_13B, loadProfile('v100-sxm2-32gb'), row({ step_seconds: 0.2 }))).toMatch(/^the reported step of 200 ms \(256 × 512 tokens on 32 GPUs: 20,480 tokens\/s per GPU\) implies at least 1,591 TFLOP\/s of model FLOPs per GPU, 12\.7× /);
    // The slip asked is the figure's own: a step too short for its batch is a micro-batch's time or an overstated batch.
    expect(overPeak(GPT2_13B, loadProfile('v100-sxm2-32gb'), row({ step_seconds: 0.2 }))).toMatch(/— is the time a micro-batch's rather than the whole step's, or global_batch more sequences than one step ran\?$/);
    expect(overPeak(GPT2_13B, loadProfile('h100-sxm'), row({ mfu: 1.2 }, { precision: 'bf16' }))).toMatch(/^the reported MFU of 120\.0% implies at least 1,187 TFLOP\/s of model FLOPs per GPU, 1\.2× the h100-sxm's dense BF16 peak \(989 TFLOP\/s\)/);
    expect(overPeak(GPT2_13B, loadProfile('h100-sxm'), row({ mfu: 1.2 }, { precision: 'bf16' }))).toMatch(/— is it a fraction of another precision's or another accelerator's peak\?$/);
    expect(overPeak(GPT2_13B, loadProfile('b200'), row({ tokens_per_second_per_gpu: tokensAt(1.1, B200_FP4) }, { precision: 'bf16', gemm_precision: 'fp4' }))).toContain("the b200's dense FP4 peak (9,000 TFLOP/s)");
  });

  it('a row with every figure under the peak has none over it', () => {
    expect(overPeak(GPT2_13B, loadProfile('v100-sxm2-32gb'), row({ tokens_per_second_per_gpu: 238, mfu: 0.15 }))).toBeNull();
  });
});

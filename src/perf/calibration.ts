/**
 * The efficiency constants of the step-time model: ONE set per accelerator family, never per
 * validation row. Each says where it comes from.
 */
import type { Precision } from '../hardware/schema.js';
import type { HardwareProfile } from '../hardware/toProfile.js';

export type AcceleratorFamily = 'nvidia' | 'amd' | 'tpu' | 'other';

export interface Calibration {
  family: AcceleratorFamily;
  /**
   * Fraction of the dense peak a large, well-shaped GEMM reaches when the profile has no
   * `achievable_matmul_tflops` (MAMF). NVIDIA: the ml-engineering MAMF table gives 80.3% (H100)
   * to 86.9% (A100), so 0.80. AMD: MAMF MI300X 668.4 of 1307 = 51%, so 0.5. TPU: PaLM's 57.8%
   * HFU on v4 (Chowdhery et al. 2022 §4.1) bounds the matrix unit from below; 0.8 is assumed. Other
   * vendors: 0.6, a conservative guess below every measured family (no MAMF published), not a measurement.
   */
  matmulFractionOfPeak: number;
  /**
   * Fixed cost per kernel (launch + wave tail), seconds. Calculon's A100 efficiency curve
   * (systems/a100_80g.json: ≥128 GFLOP 0.95, ≥16 0.9, ≥1 0.6) amounts to ~2–6 µs of fixed time
   * per GEMM; 4 µs is used for every GEMM and fused element-wise kernel.
   */
  kernelOverheadSeconds: number;
  /** Achievable fraction of HBM bandwidth for streaming kernels (STREAM-like copy: ~0.8–0.9 on A100/H100, ml-engineering). */
  memoryBandwidthFraction: number;
  /**
   * Flash-attention forward and backward rates as fractions of the dense BF16 peak, for boards whose
   * profile records no measured `achievable_attention_tflops`, each in the kernel's own FLOP count
   * (backward = 2.5× forward). NVIDIA 0.61 / 0.51: cuDNN's fused attention (Transformer Engine's
   * backend on Hopper) on H100 SXM, head dim 128, at 4k–8k tokens, forward 609 / 600 and backward
   * 499 / 518 TFLOP/s of 989 (Shah et al. 2024, FlashAttention-3, arXiv:2407.08608, Fig. 5 and 6
   * bars without the causal mask; the H100 profile itself records the causal forward, 523.5):
   * measured on H100 and carried to NVIDIA boards without a record of their own. GB200 measures the
   * same fractions (0.61 and 0.50 of its 2500 peak, causal, cuDNN 9.26; hardware-profiles/gb200.yaml),
   * so they hold on Blackwell too. On A100 they give 0.54 of the peak fwd+bwd in that count, inside the
   * 50–73% FlashAttention-2 reaches there (Dao 2023, arXiv:2307.08691, abstract). AMD 0.4 and TPU 0.5
   * are assumptions, not measurements (no published forward/backward figure was found), set below their
   * families' GEMM fractions as attention is on NVIDIA; "other" 0.4 is a conservative guess.
   */
  flashAttentionForwardFraction: number;
  flashAttentionBackwardFraction: number;
  /**
   * Bus-bandwidth efficiency of NCCL collectives: nccl-tests on DGX A100 reach ~230 GB/s busbw of
   * 300 (0.77); on H100 ~360–370 of 450 (0.8); InfiniBand NDR ~45–48 GB/s of 50 (0.9). ml-engineering network README.
   */
  scaleUpEfficiency: number;
  scaleOutEfficiency: number;
  /**
   * Bytes moved per parameter by the optimizer step: Adam's fp32 param, m, v read+write (24) + grad
   * read (4) + 16-bit param write (2), plus the gradient-norm pass of clipping (read 4; Megatron
   * `clip_grad_norm_fp32`) and zeroing the fp32 gradient buffer for the next step (write 4;
   * Megatron `zero_grad_buffer`) = 38.
   */
  optimizerBytesPerParam: number;
  /**
   * Whether a GEMM's operand/result traffic hides under its math (roofline max) or adds to it.
   * false for every family: Calculon's A100 and H100 system files, validated against Korthikanti
   * et al. 2022 Table 5, use `processing_mode: no_overlap` (time = flop time + memory time). The
   * MAMF rate is measured on large square shapes whose traffic is a few per cent of their math,
   * so adding the traffic mostly penalises the thin tensor-parallel shards.
   */
  gemmOverlapsMemory: boolean;
  /**
   * Share of the compute lost while a collective runs underneath it: its kernels occupy SMs. DeepSeek-V3
   * (arXiv:2412.19437 §3.2.2) dedicates 20 of the H800's 132 SMs to communication, "sufficient to fully
   * utilize the bandwidths of IB and NVLink": 20/132 = 0.15 of the compute during overlapped traffic.
   */
  overlapSmFraction: number;
  /**
   * Predicted throughput × this: the family's throughput scale, the geometric mean of reported ÷
   * predicted over the calibration rows (validation/calibration-runs.yaml), the one fitted parameter
   * (src/perf/validateFit.ts). Switched on by a rule written before its judge was looked at: on if it
   * lowered holdout14's median |error| (57.1% off, 48.4% on; README "Validation"). NVIDIA 0.9447, the
   * fit of the 22 calibration rows at 19e4483 (a test keeps it within 2% of the live fit). TPU: fitted
   * 0.80 but no unseen set has judged it (holdout14 has no TPU row), so 1; AMD and others have no
   * calibration row, so 1.
   */
  throughputScale: number;
  /**
   * The sustained / burst matmul ratio of the boards behind the calibration runs (A100, H100, H800),
   * which the profiles' GEMM and attention rates and `throughputScale` take as given. NVIDIA 0.8866:
   * H200's MSMF / MAMF, 755.5 / 852.1 TFLOPS (BF16, all 8 GPUs busy; stas00/ml-engineering
   * compute/accelerator/benchmarks/README.md, mamf-finder v4, "What was measured: alone vs all-8
   * concurrent"), the GH100 die at 700 W as in H100 and H800. 1 elsewhere (none measured).
   */
  sustainedFractionReference: number;
}

const BASE = {
  kernelOverheadSeconds: 4e-6,
  memoryBandwidthFraction: 0.85,
  scaleUpEfficiency: 0.8,
  scaleOutEfficiency: 0.9,
  optimizerBytesPerParam: 38,
  gemmOverlapsMemory: false,
  overlapSmFraction: 20 / 132,
};

export const CALIBRATIONS: Record<AcceleratorFamily, Calibration> = {
  nvidia: { family: 'nvidia', matmulFractionOfPeak: 0.8, flashAttentionForwardFraction: 0.61, flashAttentionBackwardFraction: 0.51, throughputScale: 0.9447, sustainedFractionReference: 0.8866, ...BASE },
  amd: { family: 'amd', matmulFractionOfPeak: 0.5, flashAttentionForwardFraction: 0.4, flashAttentionBackwardFraction: 0.4, throughputScale: 1, sustainedFractionReference: 1, ...BASE },
  tpu: { family: 'tpu', matmulFractionOfPeak: 0.8, flashAttentionForwardFraction: 0.5, flashAttentionBackwardFraction: 0.5, throughputScale: 1, sustainedFractionReference: 1, ...BASE },
  other: { family: 'other', matmulFractionOfPeak: 0.6, flashAttentionForwardFraction: 0.4, flashAttentionBackwardFraction: 0.4, throughputScale: 1, sustainedFractionReference: 1, ...BASE },
};

/**
 * What a board keeps of its recorded (burst) tensor-core rates under sustained load, relative to the
 * boards the model was calibrated on: its measured MSMF / MAMF over the family's reference, at most 1.
 * B200 (1,000 W, air-cooled) sustains 0.823 of its burst BF16 rate at 1,368–1,527 MHz against 1,965 at
 * boost, H200 0.887 (the same benchmark): B200 runs its GEMMs and fused attention at 0.928 of the rates
 * its profile records. A board without a measurement keeps 1 (it throttles as the calibration boards did).
 */
export function sustainedClockFactor(hw: HardwareProfile, cal: Calibration): number {
  const f = hw.sustainedMatmulFraction;
  return f === undefined ? 1 : Math.min(1, f / cal.sustainedFractionReference);
}

export function familyOf(hw: HardwareProfile): AcceleratorFamily {
  const v = hw.vendor.toLowerCase();
  if (v.includes('nvidia')) return 'nvidia';
  if (v.includes('amd')) return 'amd';
  if (v.includes('google')) return 'tpu';
  return 'other';
}

export function calibrationFor(hw: HardwareProfile): Calibration {
  return CALIBRATIONS[familyOf(hw)];
}

/**
 * Achievable GEMM rate at a precision: the profile's measured FP8 MAMF for fp8 where it records one
 * (ml-engineering's MAMF table measures FP8 separately: H100 1402.6 TFLOPS = 71% of the 1979 peak, below
 * BF16's 80.3%, so scaling BF16 by the peaks would overstate it), likewise the profile's NVFP4 rate for
 * fp4 (measured NVFP4 GEMMs reach 60–64% of B200's FP4 peak and about half of GB300's, which runs them
 * power-capped: the profiles' notes), else the BF16 MAMF scaled by peak(precision)/peak(bf16), else the
 * family fraction of the peak.
 */
export function achievableMatmulFlops(hw: HardwareProfile, precision: Precision, cal: Calibration): number {
  const peak = densePeak(hw, precision);
  if (precision === 'fp8' && hw.achievableFp8MatmulFlopsPerSecond) return Math.min(peak, hw.achievableFp8MatmulFlopsPerSecond);
  if (precision === 'fp4' && hw.achievableFp4MatmulFlopsPerSecond) return Math.min(peak, hw.achievableFp4MatmulFlopsPerSecond);
  const bf16 = hw.peakFlopsPerSecond.bf16;
  if (hw.achievableMatmulFlopsPerSecond && bf16) return Math.min(peak, (hw.achievableMatmulFlopsPerSecond / bf16) * peak);
  return cal.matmulFractionOfPeak * peak;
}

/** Dense peak of a precision; fp16 and bf16 stand in for each other. */
export function densePeak(hw: HardwareProfile, precision: Precision): number {
  const p = hw.peakFlopsPerSecond;
  const v = p[precision] ?? (precision === 'bf16' ? p.fp16 : precision === 'fp16' ? p.bf16 : undefined);
  if (!v) throw new RangeError(`${hw.id} has no ${precision} peak`);
  return v;
}

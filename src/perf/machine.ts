/**
 * One GPU as the step model sees it: the achievable GEMM rate, the flash-attention rate, streaming
 * memory bandwidth, the kernel overhead, and the resolved network. Built once per prediction.
 */
import type { Precision } from '../hardware/schema.js';
import type { HardwareProfile, KeyCurve } from '../hardware/toProfile.js';
import { achievableMatmulFlops, calibrationFor, densePeak, sustainedClockFactor, type Calibration } from './calibration.js';
import { resolveNetwork, type Network, type NetworkOverride } from './network.js';
import { quantisationBytes, type Fp8Recipe, type QuantisationBytes } from './quantisation.js';

export interface Machine {
  /** Dense peak of the run's stated precision, FLOP/s: the MFU/HFU denominator. */
  peak: number;
  /** Achievable rate of the transformer-layer GEMMs, FLOP/s, at the GEMM precision (FP8 in an FP8 recipe). */
  matmul: number;
  /** Achievable GEMM rate at the stated precision, FLOP/s: GEMMs an FP8 recipe keeps in BF16 (output head, router). */
  matmulHigh: number;
  /** Bytes per element of a GEMM's two operands at the GEMM precision (the result is written in 16 bits). */
  gemmOperandBytes: number;
  /** Traffic to quantise a tensor for the GEMMs, per element (quantisation.ts; none at 16 bits). */
  quantisation: QuantisationBytes;
  /** Flash-attention forward and backward rates (FLOP/s of the kernel's own count; backward = 2.5× forward FLOPs). */
  attentionForward: number;
  attentionBackward: number;
  /** The fused-attention kernel those rates are for (their head-dim curve: attentionHeadDim.ts). */
  attentionKernel: AttentionKernel;
  /** How those rates fall with fewer keys per query (attentionKeys.ts), where the profile measures it. */
  attentionKeyCurves: { forward: KeyCurve; backward: KeyCurve } | undefined;
  /** The profile's memory bandwidth times the family's achievable fraction (Calibration.memoryBandwidthFraction). */
  memoryBandwidthBytesPerSecond: number;
  /** Fixed time added per kernel launched (Calibration.kernelOverheadSeconds). */
  kernelOverheadSeconds: number;
  network: Network;
  calibration: Calibration;
}

/**
 * The fused-attention kernel a stack runs. `cudnn`: the board's best kernel, written for its newest
 * tensor-core instructions: cuDNN fused attention (Transformer Engine's backend on Hopper and
 * Blackwell) or FlashAttention-3, at the profile's measured `achievable_attention_tflops` (else the
 * family fractions). `fa2`: FlashAttention-2 (Dao 2023, arXiv:2307.08691), Ampere-style kernels, as
 * PyTorch's scaled_dot_product_attention and the flash-attn package run them: on boards whose profile
 * records its rates (`achievable_attention_tflops.fa2`: H100-class and Blackwell, where it runs at a
 * fraction of the board's best kernel) at those, elsewhere at the `cudnn` rates (on Ampere FlashAttention-2
 * is the best kernel).
 * `fa1`: the kernels before FlashAttention-2, FlashAttention (Dao et al. 2022) and the Triton FlashAttention
 * of 2022–23 derived from it (MPT / llm-foundry `attn_impl: triton`): the `fa2` rates slowed by FA1_SLOWDOWN.
 */
export const ATTENTION_KERNELS = ['cudnn', 'fa2', 'fa1'] as const;
export type AttentionKernel = (typeof ATTENTION_KERNELS)[number];
/** FlashAttention-2 over its predecessors: "around 2× speedup compared to FlashAttention" (Dao 2023, arXiv:2307.08691, abstract). */
const FA1_SLOWDOWN = 2;

/**
 * Bytes per GEMM operand element. fp4 is NVFP4: 4-bit values with an FP8 (E4M3) scale per 16-element
 * block, 0.5 + 1/16 bytes (NVIDIA, "Introducing NVFP4 for Efficient and Accurate Low-Precision
 * Inference", 2025; Transformer Engine NVFP4BlockScaling). fp8 counts the values only (per-tensor scaling;
 * MXFP8's one byte per 32 elements is not told apart).
 */
const OPERAND_BYTES: Partial<Record<Precision, number>> = { fp64: 8, fp32: 4, tf32: 4, bf16: 2, fp16: 2, fp8: 1, fp4: 0.5 + 1 / 16 };

/** Bytes of a GEMM operand kept for the backward: the GEMMs' format where it differs from the run's precision (at most 2), else 2 (Machine.gemmOperandBytes). */
export const gemmOperandBytesOf = (precision: string, gemmPrecision: string): number => (gemmPrecision === precision ? 2 : Math.min(2, OPERAND_BYTES[gemmPrecision as Precision] ?? 2));

/**
 * `gemmPrecision` (default: `precision`) is the precision the transformer-layer GEMMs run in. DeepSeek-V3's
 * FP8 recipe (arXiv:2412.19437 §3.3.1) runs "all three GEMMs associated with the Linear operator, namely
 * Fprop …, Dgrad …, and Wgrad …, in FP8", keeping "the embedding module, the output head, MoE gating
 * modules, normalization operators, and attention operators" in BF16/FP32; its MFU is still stated against
 * the BF16 peak (formulas.md §11), so `peak` stays the stated precision's.
 */
export interface MachineOptions {
  /** The run's stated precision: the MFU peak and the rate of the GEMMs kept in it. */
  precision: Precision;
  /** The transformer-layer GEMMs' precision (default: `precision`). */
  gemmPrecision?: Precision | undefined;
  network?: NetworkOverride | undefined;
  attentionKernel?: AttentionKernel | undefined;
  fp8Recipe?: Fp8Recipe | undefined;
}

export function machineFor(hw: HardwareProfile, gpuCount: number, o: MachineOptions): Machine {
  const { precision, network: override, attentionKernel = 'cudnn', fp8Recipe = 'delayed' } = o;
  const gemmPrecision = o.gemmPrecision ?? precision;
  const cal = calibrationFor(hw);
  const peak = densePeak(hw, precision);
  // Profiles record burst rates; a board measured to throttle more than the calibration boards runs its
  // tensor cores (GEMMs and fused attention alike: one clock) at sustainedClockFactor of them.
  const clock = sustainedClockFactor(hw, cal);
  const matmulBurst = achievableMatmulFlops(hw, precision, cal);
  const matmulHigh = matmulBurst * clock;
  const matmul = gemmPrecision === precision ? matmulHigh : achievableMatmulFlops(hw, gemmPrecision, cal) * clock;
  // Attention runs in bf16 even in fp8 recipes (Transformer Engine keeps attention in higher precision):
  // the profile's measured kernel rates where it records them, else the family's fractions of the BF16 peak.
  const attnPeak = Math.min(peak, hw.peakFlopsPerSecond.bf16 ?? hw.peakFlopsPerSecond.fp16 ?? peak);
  const attn = attentionKernel !== 'cudnn' && hw.achievableAttention?.fa2 ? hw.achievableAttention.fa2 : hw.achievableAttention;
  const slowdown = attentionKernel === 'fa1' ? FA1_SLOWDOWN : 1;
  const gemmOperandBytes = gemmOperandBytesOf(precision, gemmPrecision);
  return {
    peak,
    matmul,
    matmulHigh,
    gemmOperandBytes,
    quantisation: quantisationBytes(gemmPrecision, gemmOperandBytes, fp8Recipe),
    attentionForward: (Math.min(attn ? attn.forwardFlopsPerSecond : cal.flashAttentionForwardFraction * attnPeak, matmulBurst) / slowdown) * clock,
    attentionBackward: (Math.min(attn ? attn.backwardFlopsPerSecond : cal.flashAttentionBackwardFraction * attnPeak, matmulBurst) / slowdown) * clock,
    attentionKernel,
    attentionKeyCurves: attn?.keyCurves,
    memoryBandwidthBytesPerSecond: hw.memoryBandwidthBytesPerSecond * cal.memoryBandwidthFraction,
    kernelOverheadSeconds: cal.kernelOverheadSeconds,
    network: resolveNetwork(hw, cal, gpuCount, override),
    calibration: cal,
  };
}

/**
 * One GEMM [M×K]·[K×N]: its math time 2MKN / achievable plus the time to stream its operands and
 * result, (o(MK + KN) + 2MN) / bandwidth with o = 2 bytes in 16-bit (1 for FP8 operands, whose result
 * DeepSeek-V3 §3.3 writes in BF16), plus the kernel overhead (shapes are the
 * tensor-parallel shards). Calculon's validated A100 system file (systems/a100_80g.json,
 * `processing_mode: no_overlap`) adds the two rather than taking the roofline max(…) (Williams,
 * Waterman & Patterson 2009); `Calibration.gemmOverlapsMemory` selects the roofline instead. The
 * achievable rate is the MAMF (best-shape) figure, so a large well-shaped GEMM runs close to it
 * and a thin one is dominated by its traffic.
 */
export function gemmSeconds(mc: Machine, M: number, K: number, N: number, count = 1, highPrecision = false): number {
  if (M <= 0 || K <= 0 || N <= 0 || count <= 0) return 0;
  const flops = 2 * M * K * N;
  const o = highPrecision ? 2 : mc.gemmOperandBytes;
  const bytes = o * (M * K + K * N) + 2 * M * N;
  const ft = flops / (highPrecision ? mc.matmulHigh : mc.matmul);
  const bt = bytes / mc.memoryBandwidthBytesPerSecond;
  return count * ((mc.calibration.gemmOverlapsMemory ? Math.max(ft, bt) : ft + bt) + mc.kernelOverheadSeconds);
}

/** A memory-bound kernel moving `bytes`: bytes / achievable bandwidth + overhead per kernel. */
export function streamSeconds(mc: Machine, bytes: number, kernels: number): number {
  return bytes / mc.memoryBandwidthBytesPerSecond + kernels * mc.kernelOverheadSeconds;
}

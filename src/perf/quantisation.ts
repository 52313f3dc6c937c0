/**
 * What it costs in memory traffic to quantise an activation or a gradient for a low-precision GEMM, by
 * scaling recipe. A linear layer's input (forward) and its output gradient (backward) are quantised once
 * each, into the two layouts the GEMMs read (row-wise for Fprop/Dgrad, column-wise for Wgrad). The recipes
 * differ in whether the scale is known before the tensor is read and in whether the normalisation that
 * writes the input can write it quantised. Read from NVIDIA/TransformerEngine (2.x):
 * - `pytorch/csrc/extensions/normalization.cpp` picks the norm's implementation by quantiser:
 *   FULLY_FUSED (the norm writes FP8) for delayed scaling's `Float8Quantizer`; FUSED_NORM_AMAX_FP8 (the
 *   norm writes 16 bits and its amax, then a cast) for current scaling; FUSED_NORM_AMAX_NVFP4 likewise
 *   for NVFP4; UNFUSED (norm in 16 bits, then quantise) for MXFP8 unless NVTE_NORM_FWD_USE_CUDNN, and
 *   for the block-wise quantiser.
 * - `pytorch/csrc/quantizer.cpp`: `Float8CurrentScalingQuantizer::quantize_impl` and
 *   `NVFP4Quantizer::quantize_impl` compute the tensor's amax in a pass of their own
 *   (`nvte_compute_amax_with_config`) before the cast; delayed scaling takes its scale from the amax
 *   history and fuses the amax into the cast-transpose; MXFP8 and block-wise scaling compute each block's
 *   scale inside the quantising kernel.
 * Counted from those code paths, not measured. The amax all-reduce current scaling adds across the
 * tensor-parallel group for sequence-parallel inputs (one float) is not counted.
 */
import type { Precision } from '../hardware/schema.js';

/**
 * FP8 scaling recipes, by Megatron-Core's names (`--fp8-recipe {delayed, tensorwise, mxfp8, blockwise}`,
 * megatron/training/arguments.py): delayed scaling (Transformer Engine `DelayedScaling`: the scale from
 * an amax history), tensorwise (`Float8CurrentScaling`, NVIDIA's tables' "FP8-CS"; torchao's float8
 * "tensorwise"), mxfp8 (`MXFP8BlockScaling`, "FP8-MX": an E8M0 scale per 32 elements, Blackwell) and
 * blockwise (`Float8BlockScaling`: 1×128 tiles and 128×128 blocks, DeepSeek-V3 §3.3.1).
 */
export const FP8_RECIPES = ['delayed', 'tensorwise', 'mxfp8', 'blockwise'] as const;
export type Fp8Recipe = (typeof FP8_RECIPES)[number];

/** Bytes moved per element quantised, both layouts written. */
export interface QuantisationBytes {
  /** A tensor another kernel wrote in 16 bits: the attention projection's and second FFN linear's inputs, the expert inputs, every output gradient. */
  unfused: number;
  /** A linear input written by the normalisation before it (QKV, the first dense FFN linear): what quantising it costs beyond the norm's own 16-bit traffic. */
  normWritten: number;
}

/** Scale bytes per element written, per layout: MXFP8 one E8M0 byte per 32 (OCP MX v1.0), block-wise one fp32 per 128 (Float8BlockScaling 1×128 tiles). */
const SCALE_BYTES: Record<Fp8Recipe, number> = { delayed: 0, tensorwise: 0, mxfp8: 1 / 32, blockwise: 4 / 128 };

const NONE: QuantisationBytes = { unfused: 0, normWritten: 0 };

/**
 * Quantisation traffic for GEMMs at `gemmPrecision` whose operands take `operandBytes` an element
 * (machine.ts OPERAND_BYTES; NVFP4's includes its block scales). Nothing when the GEMMs run at the
 * activations' 16 bits. A read of the 16-bit tensor (2 bytes), both quantised layouts written (2·o), and
 * for the recipes that need the whole tensor's amax first (tensorwise, NVFP4's second-level scale) one
 * more read (2) unless the norm computed it.
 */
export function quantisationBytes(gemmPrecision: Precision, operandBytes: number, recipe: Fp8Recipe): QuantisationBytes {
  if (operandBytes >= 2) return NONE;
  const cast = 2 + 2 * operandBytes;
  if (gemmPrecision === 'fp4') return { unfused: 2 + cast, normWritten: cast };
  const o = 2 + 2 * (operandBytes + SCALE_BYTES[recipe]);
  switch (recipe) {
    case 'delayed': return { unfused: o, normWritten: 0 };
    case 'tensorwise': return { unfused: 2 + o, normWritten: o };
    case 'mxfp8':
    case 'blockwise': return { unfused: o, normWritten: o };
  }
}

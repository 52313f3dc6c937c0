/**
 * The element-wise traffic of a clamped SwiGLU (model field `swiglu_limit`: GPT-OSS's config.json
 * prints `swiglu_limit: 7.0`; DeepSeek-V4 and MiniMax-M3 configs carry the same field): before the
 * activation the gate half is clamped from above and the linear half on both sides.
 *
 * Megatron-Core runs the clamp outside its fused activation kernel
 * (megatron/core/fusions/fused_bias_geglu.py `weighted_bias_quick_geglu_impl`, reached from
 * TEGroupedMLP.bias_act_func when `bias_activation_fusion` is on and `use_te_activation_func` off, as
 * Megatron-Bridge's GPT-OSS performance configs resolve them, with `activation_func_clamp_value: 7.0`
 * and `glu_linear_offset: 1.0`: NVIDIA-NeMo/Megatron-Bridge
 * scripts/performance/dryrun_configs/gpt_oss/gpt_oss_120b_pretrain_b200_fp8_mx_v1.yaml @ a9497c6):
 * `input.chunk(2)`, `x_glu.clamp(max=c)`, `x_linear.clamp(-c, c)` and a `torch.cat` of the two, each
 * an eager PyTorch kernel over the GEMM output of width 2F, before the jit-fused activation reads it.
 * Unfused in every version read: the clamp hard-coded at 7.0 (NVIDIA/Megatron-LM @ 034fd2d), the
 * `clamp_value` argument of the releases the Megatron-Bridge tables ran, and the later
 * `_clamp_glu_input` helper (no fuser decorator). Per row of F-wide halves, in 16-bit elements, each
 * kernel reading its inputs and writing its output once:
 *
 * | pass | kernels | elements |
 * |---|---|---|
 * | forward | clamp (read F, write F) ×2, cat (read 2F, write 2F) | 8F |
 * | backward | clamp backward (read gradient F and input F, write F) ×2, the chunk's backward concatenating the two gradients (read 2F, write 2F) | 10F |
 *
 * 18F elements, 36F bytes a row over the forward and backward passes. The layer model counts
 * element-wise work per forward pass and multiplies it by its passes (3, or 4 with full
 * recomputation: passes.ts `passesOverForward`), so the clamp enters as 12F bytes a pass: 36F exactly
 * without recomputation, 48F with full recomputation against the 52F a recomputed forward adds.
 * Counted, not measured: no published timing of this path is known; its cost is these bytes at the
 * profile's memory bandwidth, as every other element-wise term. Counted for every stack as
 * Megatron-Core runs it.
 */
import { ACT_BYTES, passesOverForward } from './passes.js';

/** Elements per row, in units of the half-width F, over the forward and backward passes (table above). */
const CLAMP_ELEMENTS_PER_F = {
  forward: 2 * (1 + 1) + (2 + 2), // two clamps (read, write), the concatenation (read 2F, write 2F)
  backward: 2 * (1 + 1 + 1) + (2 + 2), // two clamp backwards (read gradient and input, write), the gradients concatenated
} as const;


/** Kernels a clamped SwiGLU adds per pass: two clamps and the concatenation (their backwards in the backward pass). */
export const CLAMP_KERNELS = 3;

/**
 * Bytes a clamped SwiGLU adds per row and per element-wise pass of the layer model, for halves of
 * width `halfWidth` (an FFN's F, already divided by its tensor-parallel shard). 0 without a limit.
 */
export function clampBytesPerPass(halfWidth: number, limit: number | undefined): number {
  if (limit === undefined) return 0;
  const elements = (CLAMP_ELEMENTS_PER_F.forward + CLAMP_ELEMENTS_PER_F.backward) * halfWidth;
  return (ACT_BYTES * elements) / passesOverForward(false);
}

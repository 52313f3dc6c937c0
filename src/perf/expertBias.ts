/**
 * The element-wise traffic of biased routed experts (model field `moe.expert_bias`, or `bias: true`;
 * GPT-OSS's checkpoint carries `gate_up_proj_bias` [E, 2F] and `down_proj_bias` [E, d], and
 * Megatron-Bridge's GPTOSSProvider sets `add_bias_linear: True`: NVIDIA-NeMo/Megatron-Bridge
 * src/megatron/bridge/models/gpt_oss/gpt_oss_provider.py @ 12bc34a).
 *
 * Megatron-Core's TEGroupedMLP (megatron/core/transformer/moe/experts.py) builds `linear_fc1` with
 * `skip_bias_add=False` and `linear_fc2` with `skip_bias_add=True`:
 * - fc1's bias rides in the grouped GEMM: Transformer Engine's `_GroupedLinear` passes it to
 *   `general_grouped_gemm(..., bias=biases, use_bias=...)` (cuBLAS bias epilogue) and takes its
 *   gradient in the weight-gradient GEMM (BF16) or in `tex.bgrad_quantize`, the cast FP8 pays anyway
 *   (NVIDIA/TransformerEngine transformer_engine/pytorch/module/grouped_linear.py @ 0069563). No bytes.
 * - fc2's bias must be scaled by each row's routing probability (the probabilities multiply the
 *   activation before fc2), so TEGroupedMLP returns it and `_apply_bias` adds it in eager PyTorch, a
 *   Python loop over the local experts: `torch.cat([t + b * p for t, b, p in zip(torch.split(out,
 *   tokens_per_expert), biases, torch.split(probs, tokens_per_expert))])`, called after fc2 in
 *   `TEGroupedMLP.forward`. The same loop in every version read (NVIDIA/Megatron-LM mirrors
 *   sidsingh-nvidia/Megatron-LM @ 093b9ed, svcnemo-autobot/Megatron-LM @ a0331eb and @ 37b95c5, and
 *   the earlier form without the packed path); the newer packed path, for CUDA graphs with a single
 *   grouped bias tensor, works in fp32 and moves more, and is not counted. Megatron-Core's op-fuser
 *   path (`use_transformer_engine_op_fuser` with NVTE_CUTEDSL_FUSED_GROUPED_MLP) hands the bias to
 *   TE's fused GroupedLinear (`scale_bias`) instead; flopcast has no switch for that path.
 *
 * The probabilities are in the router's logits dtype, 16-bit unless `moe_router_dtype` is set
 * (TopKRouter.gating; Megatron-Bridge's GPT-OSS performance configs print `moe_router_dtype: null`),
 * so every tensor below is 16-bit. Per routed row of width d (fc2's output: the whole hidden size on
 * every expert-tensor-parallel rank, its partial sums reduced later), each kernel reading its inputs
 * and writing its output once, the per-expert bias row and probability negligible:
 *
 * | pass | kernels | elements |
 * |---|---|---|
 * | forward | `b * p` (write d) and `t + ·` (read 2d, write d) per expert, `torch.cat` (read d, write d) | 6d |
 * | backward | `mul` backward per expert: g·p (read d, write d) then its sum over rows (read d) for b's gradient, g·b (read d, write d) then its sum over d (read d) for p's; the split's backward concatenating the per-expert gradients of t (read d, write d); `cat`'s and `add`'s backwards pass views | 8d |
 *
 * 14d elements, 28d bytes a routed row over the forward and backward passes. Kernels: 2 per local
 * expert and the concatenation forward, 4 per local expert and two concatenations (t's and the
 * probabilities' gradients) backward: 3·(2E_local + 1). The layer model multiplies element-wise work
 * per forward pass by its passes (3, or 4 with full recomputation: passes.ts `passesOverForward`), so this
 * enters as a third per pass, exact without recomputation (as gluClamp.ts does). Not counted: the
 * data-parallel hooks adding each bias's gradient into its main gradient (2E_local small kernels).
 * Counted, not measured: no published timing of this path is known. Counted for every stack as
 * Megatron-Core runs it; TorchTitan's GPT-OSS experts add both biases outside `torch._grouped_mm`
 * (repeat_interleave then add: pytorch/torchtitan torchtitan/models/gpt_oss/model/moe.py), more
 * traffic than this.
 */
import { ACT_BYTES, passesOverForward } from './passes.js';

/** Elements per routed row, in units of the hidden size d, over the forward and backward passes (table above). */
const EXPERT_BIAS_ELEMENTS_PER_D = {
  forward: 1 + (2 + 1) + (1 + 1), // b·p written; t + b·p (read both, write); the concatenation
  backward: 2 * (1 + 1 + 1) + (1 + 1), // g·p and g·b (read, write) each with its reduction (read); the split's backward concatenation
} as const;


/** Bytes the per-expert fc2 bias adds per routed row and per element-wise pass, for hidden size `dModel`. */
export function expertBiasBytesPerPass(dModel: number, biased: boolean): number {
  if (!biased) return 0;
  return (ACT_BYTES * (EXPERT_BIAS_ELEMENTS_PER_D.forward + EXPERT_BIAS_ELEMENTS_PER_D.backward) * dModel) / passesOverForward(false);
}

/** Kernels the per-expert loop adds per element-wise pass with `localExperts` experts on the GPU (table above). */
export function expertBiasKernelsPerPass(localExperts: number, biased: boolean): number {
  return biased ? 2 * localExperts + 1 : 0;
}

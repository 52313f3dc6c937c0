import type { Architecture } from '../model/architecture.js';

/**
 * Two constants every part of the layer model shares: the size of a 16-bit activation element, and how
 * many passes over the forward the model runs its GEMMs and element-wise work.
 */

/** Bytes per 16-bit (BF16 / FP16) activation element. */
export const ACT_BYTES = 2;

/**
 * Passes over the forward: 1 forward + 2 backward (Kaplan et al. 2020 §2.1: the backward is about
 * twice the forward, for GEMMs and for element-wise work, which reads the saved input and the gradient
 * and writes a gradient), + 1 forward again under full recomputation.
 */
export function passesOverForward(fullRecompute: boolean): 3 | 4 {
  return fullRecompute ? 4 : 3;
}

/**
 * Passes over the forward of a gather by index (MoE token permutation, moeCost.ts permutationBytes): 1 forward + 1
 * backward, the reverse gather of the gradient moving the same bytes once (NVIDIA/TransformerEngine
 * transformer_engine/pytorch/permutation.py @ 0a67aa3b: each permutation's backward is one kernel of the
 * opposite direction, and there is no weight to take a gradient of), + 1 forward again under full recomputation.
 */
export function indexPassesOverForward(fullRecompute: boolean): 2 | 3 {
  return fullRecompute ? 3 : 2;
}

/**
 * Element-wise kernels per layer forward, one per norm, per bias-dropout-add and for RoPE, plus 2 for the
 * FFN activation and the attention softmax/dropout: what the layer model charges launches for
 * (layerCost.ts) and the host issues (hostIssue.ts).
 */
export function elementwiseKernels(arch: Architecture): number {
  return arch.blockNorms + (arch.parallelBlock ? 1 : 2) + (arch.position === 'rotary' ? 1 : 0) + 2;
}

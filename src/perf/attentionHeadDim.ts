/**
 * How a fused attention kernel's rate depends on the head dimension. The profiles record each board's
 * rates at head dim 128 (machine.ts attentionForward / attentionBackward); narrower heads do less
 * work per loaded tile and run slower, and so, in the forward pass, do wider ones.
 *
 * Measured on H100 80GB SXM5, BF16, without causal mask, at 4k and 8k tokens (Shah et al. 2024,
 * FlashAttention-3, arXiv:2407.08608, Fig. 5 forward and Fig. 6 backward, the head dim 64 / 128 / 256
 * panels: ratios within one measurement, since Fig. 6 has no causal panels), TFLOP/s, the mean of the
 * two lengths. They scale whatever head-dim-128 rate a profile records: for H100 the causal forward
 * of the same Fig. 5 and the backward without the mask (hardware-profiles/h100-sxm.yaml).
 *
 * | kernel | pass | dim 64 | dim 128 | dim 256 |
 * |---|---|---|---|---|
 * | cuDNN | forward | 408, 412 | 609, 600 | 483, 497 |
 * | cuDNN | backward | 417, 432 | 499, 518 | not measured |
 * | FlashAttention-2 | forward | 321, 322 | 368, 370 | 293, 297 |
 * | FlashAttention-2 | backward | 279, 287 | 310, 318 | not measured |
 *
 * Between measured dims the factor is interpolated linearly; below 64 and above the widest measured
 * dim it is held. The H100 ratios are carried to every board (the Blackwell profiles measure head
 * dim 128 only), an assumption, not a measurement.
 */
import type { AttentionKernel } from './machine.js';

interface Curve {
  dims: readonly number[];
  factors: readonly number[];
}

const mean = (a: number, b: number): number => (a + b) / 2;
const CUDNN_FWD_128 = mean(609, 600);
const CUDNN_BWD_128 = mean(499, 518);
const FA2_FWD_128 = mean(368, 370);
const FA2_BWD_128 = mean(310, 318);

const CURVES: Record<'cudnn' | 'fa2', { forward: Curve; backward: Curve }> = {
  cudnn: {
    forward: { dims: [64, 128, 256], factors: [mean(408, 412) / CUDNN_FWD_128, 1, mean(483, 497) / CUDNN_FWD_128] },
    backward: { dims: [64, 128], factors: [mean(417, 432) / CUDNN_BWD_128, 1] },
  },
  fa2: {
    forward: { dims: [64, 128, 256], factors: [mean(321, 322) / FA2_FWD_128, 1, mean(293, 297) / FA2_FWD_128] },
    backward: { dims: [64, 128], factors: [mean(279, 287) / FA2_BWD_128, 1] },
  },
};

function at(c: Curve, d: number): number {
  const { dims, factors } = c;
  if (d <= dims[0]!) return factors[0]!;
  for (let i = 1; i < dims.length; i++) {
    if (d <= dims[i]!) {
      const t = (d - dims[i - 1]!) / (dims[i]! - dims[i - 1]!);
      return factors[i - 1]! + t * (factors[i]! - factors[i - 1]!);
    }
  }
  return factors[factors.length - 1]!;
}

/** The forward and backward rate at head dimension `d` over the rate at 128 (FlashAttention-1-era kernels follow FlashAttention-2's curve). */
export function headDimFactors(d: number, kernel: AttentionKernel): { forward: number; backward: number } {
  const c = CURVES[kernel === 'cudnn' ? 'cudnn' : 'fa2'];
  return { forward: at(c.forward, d), backward: at(c.backward, d) };
}

/**
 * How much the attention convention (conventions.ts) moves a count: the share QKᵀ and A·V take of the model FLOPs, and
 * the other convention's model and hardware FLOPs over this one's. The step a run takes does not depend on the
 * convention (a causal kernel's real work is timed either way); MFU and HFU divide by the count, so they move by these
 * ratios, and a utilisation given as a figure sets a time that moves by them too. Pure.
 */
import type { Architecture } from '../model/architecture.js';
import { isAttentionCore } from './components.js';
import type { AttentionConvention } from './conventions.js';
import { countFlops, type FlopCount } from './count.js';

/**
 * Where the convention changes the reading materially: the other convention's model FLOPs at most 80% of the counted
 * ones, so MFU under `full` is at least 1.25× MFU under `causal` for the same step. With global attention (causal
 * counting exactly half of QKᵀ and A·V) that is QKᵀ + A·V at least 40% of the model FLOPs: share/2 ≥ 0.2. Sliding
 * windows and document masks are counted exactly (window.ts), so the rule reads the two counts, not the share.
 * A fifth is past any run-to-run noise in a published MFU and past the performance model's median error (±14%).
 */
export const CONVENTION_RATIO_AT_MOST = 0.8;

export interface ConventionShift {
  counted: AttentionConvention;
  other: AttentionConvention;
  /** QKᵀ and A·V (every attention-core product) over the model FLOPs, under `counted`. */
  attentionShare: number;
  /** The other convention's model FLOPs over the counted ones (per token, so for any token count). */
  modelRatio: number;
  /** The same for hardware FLOPs (selective recomputation reruns QKᵀ and A·V, so this differs from modelRatio). */
  hardwareRatio: number;
}

export const otherConvention = (c: AttentionConvention): AttentionConvention => (c === 'full' ? 'causal' : 'full');

/** The shift of `count` (made by countFlops for `arch`) to the other convention; null where it is under the threshold. */
export function conventionShift(arch: Architecture, count: FlopCount): ConventionShift | null {
  const counted = count.options.attention;
  const other = otherConvention(counted);
  const moved = countFlops(arch, { ...count.options, attention: other }).perToken;
  const here = count.perToken;
  // The smaller count over the larger, whichever way the shift goes: a causal count under a full one.
  const [small, large] = moved.model < here.model ? [moved.model, here.model] : [here.model, moved.model];
  if (small > CONVENTION_RATIO_AT_MOST * large) return null;
  // Backward is 2 × forward for every product (conventions.ts), so the forward share is the model FLOPs' share.
  const core = count.components.filter((c) => isAttentionCore(c.id)).reduce((s, c) => s + c.forward, 0);
  return { counted, other, attentionShare: core / here.forward, modelRatio: moved.model / here.model, hardwareRatio: moved.hardware / here.hardware };
}

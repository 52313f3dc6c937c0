/**
 * plan's note on its attention convention: where the convention was not given (`--attention`, the library's
 * `attention`, the scenario's training.attention) and changes the reading materially (flops/conventionShift.ts), the
 * best layout's MFU and HFU under the other convention for the same step, as run notes it (estimate/attentionNote.ts).
 * `plan --model gpt3-6.7b ... --seq-len 262144` printed MFUs under `full` that a causal count halves, saying only
 * "MFU counts attention full". Pure.
 */
import { lowPrecisionLinearsOf } from './selectiveModules.js';
import { conventionShift } from '../flops/conventionShift.js';
import { countFlops } from '../flops/count.js';
import type { ConventionReading } from '../estimate/attentionNote.js';
import type { Architecture } from '../model/architecture.js';
import type { PlanReport } from './index.js';
import { layoutHardwareFlopsPerToken, type Layout } from './layout.js';
import type { AttentionConvention } from '../flops/conventions.js';
import { shownFigures } from './throughputScale.js';

/** The report with `attentionConvention` where the defaulted convention moves the best layout's figures by a fifth or more; the report itself otherwise. */
export function withAttentionNote(r: PlanReport, arch: Architecture, attentionGiven: boolean): PlanReport {
  const best = r.best[0];
  if (attentionGiven || !best) return r;
  const l = best.layout;
  // The counts the planner takes (perf/evaluate.ts): its sequence, document mask and recomputed modules (given, or the stack's own).
  const modules = r.recomputeModules ?? r.selectiveModules;
  const at = (attention: AttentionConvention, recompute: Layout['recompute']) => countFlops(arch, {
    seqLen: r.seqLen, attention, recompute,
    ...(recompute === 'selective' && modules !== undefined ? { recomputeModules: modules, ...lowPrecisionLinearsOf(modules, r.precision, r.gemmPrecision) } : {}), ...(r.documents !== undefined ? { documents: r.documents } : {}),
  });
  // The threshold, the share and the model FLOPs do not depend on the recomputation.
  const shift = conventionShift(arch, at(r.attention, 'none'));
  if (!shift) return r;
  // The best layout's hardware FLOPs as the planner counts them for its HFU (layoutHardwareFlopsPerToken), under each
  // convention: their ratio is the HFU's for the same step exactly (a run's count takes the same share: blockRecomputedShare).
  const hardware = (attention: AttentionConvention) => layoutHardwareFlopsPerToken((recompute) => at(attention, recompute).perToken.hardware, arch, l);
  const hardwareRatio = hardware(shift.other) / hardware(shift.counted);
  const shown = shownFigures(best); // with the user's throughput scale, where given: the figures the table prints
  const note: ConventionReading = {
    counted: shift.counted, other: shift.other, seqLen: r.seqLen, attentionShare: shift.attentionShare,
    modelFlopsRatio: shift.modelRatio, hardwareFlopsRatio: hardwareRatio,
    otherMfu: shown.mfu * shift.modelRatio, otherHfu: shown.hfu * hardwareRatio,
  };
  return { ...r, attentionConvention: note };
}

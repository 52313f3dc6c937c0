/**
 * The run's note on its attention convention, where the convention was not written (the default, `full`) and changes
 * the reading materially (flops/conventionShift.ts): QKᵀ and A·V's share, and what the same step reads as under the
 * other convention. GPT 6.7B at 262,144 tokens printed MFU 67.3% / HFU 89.7% under `full` and 36.6% / 48.8% under
 * `causal` for one 141 s step, saying neither; and `utilization: 0.4` (a "typical MFU") sets a time that is 1.8× off
 * if the figure was meant as a causal MFU (Megatron-LM since 2025 logs that). Pure; rendered by report/attentionNoteText.ts.
 */
import { conventionShift } from '../flops/conventionShift.js';
import type { AttentionConvention } from '../flops/conventions.js';
import type { FlopAnalysis } from '../flops/analyse.js';
import type { Throughput } from './run.js';

/** What one step reads as under the other convention: the note without a given figure (plan's, perf/attentionNote.ts). */
export type ConventionReading = Omit<AttentionConventionNote, 'given'>;

export interface AttentionConventionNote {
  /** The convention the run's figures count, the default (not written). */
  counted: AttentionConvention;
  other: AttentionConvention;
  seqLen: number;
  /** QKᵀ and A·V over the model FLOPs, under `counted`. */
  attentionShare: number;
  /** The other convention's model (hardware) FLOPs over the counted ones. */
  modelFlopsRatio: number;
  hardwareFlopsRatio: number;
  /** The same step counted under `other`. */
  otherMfu: number;
  otherHfu: number;
  /**
   * Where the time comes from a figure given in FLOPs (utilization: MFU; achieved_tflops: hardware FLOP/s), which is
   * read under `counted`: the figure's key and the wall-clock it sets read under `other`. null where the time does not
   * depend on the convention (predicted, tokens_per_second_per_gpu).
   */
  given: { key: 'utilization' | 'achieved_tflops'; otherWallClockSeconds: number; cost?: OtherReading; bought?: OtherReading; within?: OtherWithin } | null;
}

/**
 * A figure of the answer and the same figure with the given figure read under `other` (budget's, budget/plan.ts): the
 * compute dollars a given model's tokens cost (`cost`), or the tokens a budget buys (`bought`), where the dollars or the
 * deadline fix the wall-clock.
 */
export interface OtherReading { counted: number; other: number }

/**
 * The checks of budget --model --tokens with --usd and/or --deadline (meetsBudget, meetsDeadline) as counted and under the
 * other reading, each where it is made: the reading can turn a "no" into a "yes" (review35: 34.4 days and $255,171 over
 * 25 days and $200k, 20.3 days and $150,456 under the other reading, inside both, without a word).
 */
export interface OtherWithin { usd?: { counted: boolean; other: boolean }; deadline?: { counted: boolean; other: boolean } }

/** null where the convention was written (`attentionGiven` true or absent: a caller that cannot tell) or moves the count too little. */
export function attentionConventionNote(
  i: { analysis: FlopAnalysis; throughput: Throughput; attentionGiven?: boolean },
  r: { mfu: number; hfu: number; wallClockSeconds: number },
): AttentionConventionNote | null {
  if (i.attentionGiven !== false) return null;
  const shift = conventionShift(i.analysis.arch, i.analysis.count);
  if (!shift) return null;
  const t = i.throughput;
  // A given MFU sets compute seconds = model FLOPs / (GPUs × MFU × peak), a given hardware rate hardware FLOPs / (GPUs × rate)
  // (estimate/run.ts): read under the other convention, the time scales by that count's ratio (goodput too is a divisor).
  const given = t.kind === 'utilization' ? { key: 'utilization' as const, otherWallClockSeconds: r.wallClockSeconds * shift.modelRatio }
    : t.kind === 'achieved_tflops' ? { key: 'achieved_tflops' as const, otherWallClockSeconds: r.wallClockSeconds * shift.hardwareRatio }
    : null;
  return {
    counted: shift.counted, other: shift.other, seqLen: i.analysis.count.options.seqLen, attentionShare: shift.attentionShare,
    modelFlopsRatio: shift.modelRatio, hardwareFlopsRatio: shift.hardwareRatio,
    otherMfu: r.mfu * shift.modelRatio, otherHfu: r.hfu * shift.hardwareRatio, given,
  };
}

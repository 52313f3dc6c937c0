/**
 * A measured figure no run can reach: the model FLOP/s per GPU a row's reported figure implies, at least, against the
 * accelerator's dense peak. No run computes faster than its peak, so a figure above it is a transcription slip (a node's
 * or the cluster's throughput written as one GPU's: holdout43's BMTrain rows, 4.7× to 7.8× a V100's FP16 peak), not a
 * run the model can be judged on. Independent of any prediction: validateRow.ts runs it before predicting a row, for the
 * bundled sets and a user's own runs alike. Pure.
 */
import { countFlops } from '../flops/count.js';
import type { Precision } from '../hardware/schema.js';
import type { HardwareProfile } from '../hardware/toProfile.js';
import type { Architecture } from '../model/architecture.js';
import { grouped, pct, stepSeconds } from '../report/format.js';
import { densePeak } from './calibration.js';
import type { ValidationRow } from './validateSchema.js';

/** A row's compute precision where it writes none, as the step model's (evaluate.ts runContext). */
const DEFAULT_PRECISION: Precision = 'bf16';

/** A reported figure as the FLOP/s per GPU it implies, at least, and the peak it is held to. */
export interface ImpliedPeak {
  figure: keyof ValidationRow['reported'];
  /** Model (or, for hfu, hardware) FLOP/s per GPU the figure implies, at least. */
  flopsPerSecondPerGpu: number;
  /** The accelerator's dense peak at the fastest precision the row's GEMMs may run in (peakPrecision). */
  peakFlopsPerSecond: number;
  peakPrecision: Precision;
  /** flopsPerSecondPerGpu / peakFlopsPerSecond: above 1, no run. */
  ratio: number;
}

/**
 * The precision whose dense peak bounds the row: its GEMMs' where they run in FP8 or FP4 (the fastest any of its work
 * may run at), else its compute precision's (MFU's peak, machine.ts). Never a sparse peak: profiles hold dense peaks only
 * (hardware/schema.ts).
 */
export function boundingPrecision(row: Pick<ValidationRow, 'training'>): Precision {
  const precision = row.training.precision ?? DEFAULT_PRECISION;
  const gemm = row.training.gemm_precision ?? precision;
  return gemm === 'fp8' || gemm === 'fp4' ? gemm : precision;
}

/**
 * Each figure the row reports as the FLOP/s per GPU it implies, at least. Tokens are priced at flopcast's count under the
 * convention that gives the fewest FLOPs (countFlops, as MFU counts them: causal attention, no recomputation), so a figure
 * flagged is above the peak under every convention. A step time is its global batch's tokens per GPU per second; an MFU or
 * HFU is a fraction of the stated precision's peak (MFU's denominator, machine.ts), which with FP8 or FP4 GEMMs is not the
 * bounding one.
 */
export function impliedPeaks(arch: Architecture, hw: HardwareProfile, row: Pick<ValidationRow, 'training' | 'cluster' | 'reported'>): ImpliedPeak[] {
  const peakPrecision = boundingPrecision(row);
  const peak = densePeak(hw, peakPrecision);
  const r = row.reported;
  const seqLen = row.training.seq_len ?? arch.seqLen;
  const flopsPerToken = () => countFlops(arch, { seqLen, attention: 'causal', recompute: 'none' }).perToken.model;
  // MFU's and HFU's denominator: the compute precision's peak, as boundingPrecision defaults it.
  const mfuPeak = () => densePeak(hw, row.training.precision ?? DEFAULT_PRECISION);
  const out: ImpliedPeak[] = [];
  const add = (figure: ImpliedPeak['figure'], flops: number) => out.push({ figure, flopsPerSecondPerGpu: flops, peakFlopsPerSecond: peak, peakPrecision, ratio: flops / peak });
  if (r.tokens_per_second_per_gpu !== undefined) add('tokens_per_second_per_gpu', r.tokens_per_second_per_gpu * flopsPerToken());
  if (r.step_seconds !== undefined && row.training.global_batch !== undefined) add('step_seconds', stepTokensPerGpu(row, seqLen) * flopsPerToken());
  if (r.mfu !== undefined) add('mfu', r.mfu * mfuPeak());
  if (r.hfu !== undefined) add('hfu', r.hfu * mfuPeak());
  return out;
}

/** A step time's tokens per second per GPU: global_batch × seq_len tokens a step, over the step and the GPUs. */
function stepTokensPerGpu(row: Pick<ValidationRow, 'training' | 'cluster' | 'reported'>, seqLen: number): number {
  return (row.training.global_batch! * seqLen) / row.reported.step_seconds! / row.cluster.count;
}

const tflops = (x: number) => `${grouped(x / 1e12, x < 1e13 ? 1 : 0)} TFLOP/s`;
/** The ratio as printed: one decimal, two near 1 (1.01× is not "1.0×"). */
const times = (x: number) => `${grouped(x, x < 1.1 ? 2 : 1, true)}×`;

/** What the figure is, in its own unit. */
function figureText(p: ImpliedPeak, row: Pick<ValidationRow, 'training' | 'cluster' | 'reported'>, seqLen: number): string {
  const r = row.reported;
  switch (p.figure) {
    case 'tokens_per_second_per_gpu':
      return `the reported ${grouped(r.tokens_per_second_per_gpu!, 0)} tokens/s per GPU`;
    case 'step_seconds':
      return `the reported step of ${stepSeconds(r.step_seconds!)} (${grouped(row.training.global_batch!, 0)} × ${grouped(seqLen, 0)} tokens on ${grouped(row.cluster.count, 0)} GPUs: ${grouped(stepTokensPerGpu(row, seqLen), 0)} tokens/s per GPU)`;
    default:
      return `the reported ${p.figure.toUpperCase()} of ${pct(r[p.figure]!)}`;
  }
}

/** The slip each kind of figure is most often, asked where the figure is refused. */
const SLIP: Record<ImpliedPeak['figure'], string> = {
  tokens_per_second_per_gpu: "is the figure a node's or the cluster's rather than one GPU's?",
  step_seconds: "is the time a micro-batch's rather than the whole step's, or global_batch more sequences than one step ran?",
  mfu: "is it a fraction of another precision's or another accelerator's peak?",
  hfu: "is it a fraction of another precision's or another accelerator's peak?",
};

/**
 * Why the row is no run, where a figure it reports implies more FLOP/s than the accelerator's dense peak (ratio above 1:
 * the threshold is the peak, by physics, not a tuned number); null where none does. The first such figure is named.
 */
export function overPeak(arch: Architecture, hw: HardwareProfile, row: Pick<ValidationRow, 'training' | 'cluster' | 'reported'>): string | null {
  const p = impliedPeaks(arch, hw, row).find((x) => x.ratio > 1);
  if (!p) return null;
  const flops = p.figure === 'hfu' ? 'hardware FLOPs' : 'model FLOPs';
  return `${figureText(p, row, row.training.seq_len ?? arch.seqLen)} implies at least ${tflops(p.flopsPerSecondPerGpu)} of ${flops} per GPU, ${times(p.ratio)} the ${hw.id}'s dense ${p.peakPrecision.toUpperCase()} peak (${tflops(p.peakFlopsPerSecond)}): no run exceeds its peak — ${SLIP[p.figure]}`;
}

/**
 * The user's own throughput scale (a scenario's cluster.throughput_scale, plan's --throughput-scale): their measured ÷
 * predicted throughput, as `flopcast validate YOUR-RUNS.yaml` fits it (validate.ts validateOwnRuns). It multiplies
 * the predicted throughput: MFU, HFU and tokens/s times k, the step time over k (the same FLOPs in 1/k the time). The
 * step's breakdown, the memory and the communication times stay the model's. A constant factor keeps the planner's
 * ranking by step time (validateFit.ts), so plan applies it to the layouts it found. Pure.
 */
import { peakCeiling, type RunInputs } from '../estimate/run.js';
import { describeNumber } from '../input/errors.js';
import { pct } from '../report/format.js';
import type { Evaluation } from './evaluate.js';
import type { PlanReport } from './index.js';
import type { StepPrediction } from './step.js';

/** A prediction's throughput figures with the user's scale applied. */
export interface ScaledFigures {
  stepTimeSeconds: number;
  mfu: number;
  hfu: number;
  tokensPerSecond: number;
}

/** A ranked layout, with its figures times the user's scale beside the model's own `prediction` where a scale is given. */
export type PlanEntry = Evaluation & { scaled?: ScaledFigures };

function scaledFigures(p: Pick<StepPrediction, 'stepTimeSeconds' | 'mfu' | 'hfu' | 'tokensPerSecond'>, k: number): ScaledFigures {
  return { stepTimeSeconds: p.stepTimeSeconds / k, mfu: p.mfu * k, hfu: p.hfu * k, tokensPerSecond: p.tokensPerSecond * k };
}

/** The figures a table prints: the scaled ones where given, else the model's. */
export function shownFigures(e: PlanEntry): ScaledFigures {
  return e.scaled ?? e.prediction;
}

/** The prediction's share of its ceiling (peakCeiling): its MFU or HFU (of the precision's peak) times that peak over the ceiling's. 1 ÷ it is the most any scale may multiply the prediction by. */
export function peakShare(p: Pick<StepPrediction, 'mfu' | 'hfu'>, peaks: Pick<RunInputs, 'precision' | 'peakFlopsPerSecond' | 'gemm'>): number {
  return Math.max(p.mfu, p.hfu) * (peaks.peakFlopsPerSecond / peakCeiling(peaks).peakFlopsPerSecond);
}

/**
 * A scale that lifts the prediction above the fastest peak its FLOPs can use (estimate/run.ts peakCeiling) is a slip
 * (measured ÷ predicted of another run, a percentage): the message and hint that refuse it, for run (scenario/resolve.ts)
 * and plan (library/plan.ts); undefined when it stays at or under it. The higher of MFU and HFU is held to it: HFU adds
 * the recomputed forward (hardware FLOPs the GPU runs: a scaled HFU of 102% is 102% of the peak computed), and with fp8 or
 * fp4 GEMMs the ceiling is their peak (an MFU past 100% of the bf16 peak is possible there, as run's own check says).
 */
export function scaleAbovePeak(p: Pick<StepPrediction, 'mfu' | 'hfu'>, k: number, peaks: Pick<RunInputs, 'precision' | 'peakFlopsPerSecond' | 'gemm'>): { message: string; hint: string } | undefined {
  const ceiling = peakCeiling(peaks);
  const hardware = p.hfu > p.mfu;
  const share = peakShare(p, peaks);
  const use = share * k;
  if (!(use > 1)) return undefined;
  const what = `${hardware ? 'HFU' : 'MFU'} ${pct(share)}${ceiling.precision !== peaks.precision ? ` of the ${ceiling.precision} GEMMs' peak` : ''}`;
  return { message: `the predicted ${what} × throughput_scale ${describeNumber(k)} is ${pct(use)}, above the peak`, hint: 'a scale is measured ÷ predicted throughput on your cluster (flopcast validate YOUR-RUNS.yaml fits it)' };
}

/**
 * The plan with the user's scale: each ranked layout's figures times it (`scaled`, beside the model's `prediction`), in
 * the model's order; `key` names where the scale came from (cluster.throughput_scale, --throughput-scale).
 */
export function withThroughputScale(r: PlanReport, k: number, key: string): PlanReport {
  return { ...r, throughputScale: { value: k, key }, best: r.best.map((e) => ({ ...e, scaled: scaledFigures(e.prediction, k) })) };
}

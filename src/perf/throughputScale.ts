/**
 * The user's own throughput scale (a scenario's cluster.throughput_scale, plan's --throughput-scale): their measured ÷
 * predicted throughput, as `flopcast validate YOUR-RUNS.yaml` fits it (validate.ts validateOwnRuns). It multiplies
 * the predicted throughput: MFU, HFU and tokens/s times k, the step time over k (the same FLOPs in 1/k the time). The
 * step's breakdown, the memory and the communication times stay the model's. A constant factor keeps the planner's
 * ranking by step time (validateFit.ts), so plan applies it to the layouts it found. Pure.
 */
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

export function scaledFigures(p: Pick<StepPrediction, 'stepTimeSeconds' | 'mfu' | 'hfu' | 'tokensPerSecond'>, k: number): ScaledFigures {
  return { stepTimeSeconds: p.stepTimeSeconds / k, mfu: p.mfu * k, hfu: p.hfu * k, tokensPerSecond: p.tokensPerSecond * k };
}

/** The figures a table prints: the scaled ones where given, else the model's. */
export function shownFigures(e: PlanEntry): ScaledFigures {
  return e.scaled ?? e.prediction;
}

/**
 * A scale that lifts the predicted MFU above the peak is a slip (measured ÷ predicted of another run, a percentage):
 * the message and hint that refuse it, for run (scenario/resolve.ts) and plan (library/plan.ts); undefined when it stays
 * at or under the peak.
 */
export function scaleAbovePeak(predictedMfu: number, k: number): { message: string; hint: string } | undefined {
  const mfu = predictedMfu * k;
  return mfu > 1 ? { message: `the predicted MFU ${pct(predictedMfu)} × throughput_scale ${k} is ${pct(mfu)}, above the peak`, hint: 'a scale is measured ÷ predicted throughput on your cluster (flopcast validate YOUR-RUNS.yaml fits it)' } : undefined;
}

/**
 * The plan with the user's scale: each ranked layout's figures times it (`scaled`, beside the model's `prediction`), in
 * the model's order; `key` names where the scale came from (cluster.throughput_scale, --throughput-scale).
 */
export function withThroughputScale(r: PlanReport, k: number, key: string): PlanReport {
  return { ...r, throughputScale: { value: k, key }, best: r.best.map((e) => ({ ...e, scaled: scaledFigures(e.prediction, k) })) };
}

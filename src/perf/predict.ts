/**
 * A run's prediction: what a scenario with `utilization: auto` calls (scenario/predict.ts). A complete layout is
 * checked and evaluated; a partial one is completed by the planner. index.ts's planFor, the `plan` command's core,
 * shares its kind record and its split test at other GPU counts.
 */
import { zeroPlusPlusOn, type ZeroPlusPlus } from './zeroPlusPlus.js';
import { int, plural } from '../report/format.js';
import { familyOf } from './calibration.js';
import { modelKindFacts } from './runKinds.js';
import { kindRecordFor, type KindRecord } from './kindRecord.js';
import type { HardwareProfile } from '../hardware/toProfile.js';
import { InputError } from '../input/errors.js';
import type { Architecture } from '../model/architecture.js';
import { checkOptions, evaluateLayout, runContext, type Evaluation, type RunContext, type RunInputs } from './evaluate.js';
import { memoryShortfall } from './fit.js';
import { fixedFieldIssues } from './fixedFieldIssues.js';
import { spOffAtTp1, withDefaults, type Layout } from './layout.js';
import { assertLayout, throwFirst } from './layoutCheck.js';
import { fixedFieldsText, noSplitText, scenarioKey, type HintField } from './layoutFields.js';
import { plan, type PartialLayout, type PlanResult } from './plan.js';
import { nearbyCounts, nearbyCountsText } from './nearbyCounts.js';
import { RELAX_FIXED_HINT, ruleRefusal, type RuleRefusal } from './ruleRefusal.js';

/** What {@link predict} takes: a run's inputs (evaluate.ts RunInputs) and the layout fields the user fixed. */
export interface PredictOptions extends RunInputs {
  /** The layout fields given (the rest planned); a complete layout is checked and evaluated as it is. */
  partialLayout?: PartialLayout;
}

/** A layout's evaluation (evaluate.ts: step, memory and, with CPU offload, its cost), with how it was found and the model's record. */
export interface Prediction extends Evaluation {
  /** Layouts the planner evaluated (0 when the layout was given in full). */
  alternativesEvaluated: number;
  /** How the model has done on published runs of this kind (kindRecord.ts). */
  kindRecord: KindRecord | null;
  /** The run's ZeRO++ switches (zeroPlusPlus.ts), where it sets any: the layout was evaluated with them, not searched over them. */
  zeroPlusPlus?: ZeroPlusPlus;
}

/** The kind of run a layout makes of the inputs, and its record (kindRecord.ts, runKinds.ts). */
export function recordOf(ctx: RunContext, o: PredictOptions, layout: Layout): KindRecord | null {
  return kindRecordFor({
    family: familyOf(ctx.hw), ...modelKindFacts(ctx.arch), fsdp: layout.zeroStage === 3,
    gemmPrecision: ctx.gemmPrecision, capacityPadding: o.moeCapacityPadding === true,
  }, ctx.hw.id);
}

/**
 * Whether the GPUs split into a layout the rules allow at another GPU count, all else as `o` (nearbyCounts.ts asks it):
 * the planner evaluated one. Not whether one fits in memory: a count that splits but does not fit stops the search
 * there, where a fit would have the planner search every layout of every count that splits, up to NEARBY_TRIES of them.
 */
export function splitsAtCount(arch: Architecture, hw: HardwareProfile, o: PredictOptions, partial: PartialLayout, fieldName?: (f: HintField) => string): (gpuCount: number) => boolean {
  return (gpuCount) => {
    const c = runContext(arch, hw, { ...o, gpuCount });
    return plan(c, partial, { top: 1, checks: { ...checkOptions(c), ...(fieldName ? { fieldName } : {}) } }).evaluated > 0;
  };
}

/**
 * Step time, MFU and memory for a run. A complete layout is checked (InputError at
 * `cluster.parallelism.<field>` when impossible) and evaluated; a partial one is completed by the
 * planner (fastest layout that fits). Throws an InputError when no layout fits.
 */
export function predict(arch: Architecture, hw: HardwareProfile, o: PredictOptions): Prediction {
  const ctx = runContext(arch, hw, o);
  const partial = spOffAtTp1(o.partialLayout ?? {});
  const checks = checkOptions(ctx);
  const complete = withDefaults(arch, partial);
  if (complete) {
    assertLayout(arch, o.gpuCount, o.globalBatchSequences, complete, checks);
    const e = evaluateLayout(ctx, complete);
    if (!e.memory.fits) {
      const why = memoryShortfall(e, ctx, null);
      throw new InputError(`this layout does not fit in memory: ${why.message}`, { keyPath: 'cluster.parallelism', hint: why.hint });
    }
    return { ...e, alternativesEvaluated: 0, kindRecord: recordOf(ctx, o, e.layout), ...zppOf(ctx) };
  }
  throwFirst(fixedFieldIssues(arch, o.gpuCount, o.globalBatchSequences, partial, checks), scenarioKey);
  const r = plan(ctx, partial, { top: 1, checks });
  const best = r.best[0];
  if (!best) throw noLayout(ctx, r, partial, splitsAtCount(arch, hw, o, partial), ruleRefusal(ctx, r, partial, checks, () => runContext(arch, hw, { ...o, stack: undefined })));
  return { ...best, alternativesEvaluated: r.evaluated, kindRecord: recordOf(ctx, o, best.layout), ...zppOf(ctx) };
}

/** The run's ZeRO++ switches for its prediction, where it sets any. */
const zppOf = (ctx: RunContext): { zeroPlusPlus?: ZeroPlusPlus } => (zeroPlusPlusOn(ctx.zeroPlusPlus) ? { zeroPlusPlus: ctx.zeroPlusPlus } : {});

function noLayout(ctx: RunContext, r: PlanResult, partial: PartialLayout, splitsAt: (gpuCount: number) => boolean, refusal: RuleRefusal | null): InputError {
  const reasons = Object.entries(r.skipped).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, n]) => `${k} (${plural(int(n), 'layout')})`).join('; ');
  const fixed = Object.keys(partial).length ? ` with ${fixedFieldsText(partial)}` : '';
  const near = r.nearestMiss ? memoryShortfall(r.nearestMiss, ctx, partial) : null;
  // Every layout with the fields fixed refused by the rules: the stack named where its rules are the cause (ruleRefusal.ts).
  const under = refusal?.stack ? ` under stack ${refusal.stack}` : '';
  return new InputError(`no layout of ${ctx.arch.name} on ${int(ctx.gpuCount)} × ${ctx.hw.id}${fixed}${under} can run: ${reasons || 'no candidates'}${near ? `; the smallest, ${near.message}` : ''}`, {
    keyPath: 'cluster.parallelism',
    // With no field fixed there is nothing to relax: 1000 GPUs (2³·5³) for Llama 3.1 8B (32 heads and layers, a batch
    // of 1024) have no tp·pp·dp·cp at all, and the hint said 'relax the fixed parallelism fields'.
    hint: near ? near.hint
      : fixed ? refusal?.hint ?? RELAX_FIXED_HINT
      : `${noSplitText(ctx.gpuCount, ctx.globalBatchSequences)}: give another cluster.count${nearbyCountsText(nearbyCounts(ctx.gpuCount, splitsAt))} or training.global_batch`,
  });
}

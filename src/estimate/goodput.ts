/**
 * Goodput: the fraction of wall-clock spent on steps that count. Either given, or built from
 * checkpoint cost and failure rate with the first-order model of Young (1974, "A first order
 * approximation to the optimum checkpoint interval", CACM 17(9)) and Daly (2006, FGCS 22(3)):
 *   wasted fraction ≈ c/(I + c) + (I/2 + R)/M
 * for checkpoint cost c, interval I, restart time R and cluster MTBF M = per-GPU MTBF / GPUs
 * (c/(I + c) is the share of each interval-plus-checkpoint spent writing it; Young's c/I to first order).
 * Young's optimum interval is I = sqrt(2·c·M).
 * Reference point: Llama 3 405B saw 466 job interruptions in 54 days on 16,384 H100s
 * (Dubey et al. 2024 §3.3.4), a per-GPU MTBF of 54 d × 16384 / 466 ≈ 45,600 hours.
 * Spot capacity (pricing.kind: spot) loses a further share of wall-clock to preemptions:
 *   goodput = (goodput of the overheads above) × (1 − interruption overhead).
 */
import { barred, InputError } from '../input/errors.js';
import { fixed, pct } from '../report/format.js';

export interface OverheadInputs {
  goodput?: number;
  checkpoint?: { intervalSeconds: number | 'auto'; costSeconds: number };
  failures?: { gpuMtbfSeconds: number; restartSeconds: number };
  /** pricing.interruption_overhead of a spot price: the share of wall-clock lost to preemptions. */
  spotInterruption?: number;
}

export interface Goodput {
  goodput: number;
  checkpointIntervalSeconds: number | null;
  clusterMtbfSeconds: number | null;
  /** Wasted fractions of wall-clock by cause. */
  checkpointFraction: number;
  failureFraction: number;
  /** Share of wall-clock lost to spot preemptions (0 unless priced as spot). */
  spotInterruptionFraction: number;
}

/**
 * The least goodput a run may have, given (`overheads.goodput`), built from checkpoints and failures, or left after spot
 * preemptions (`pricing.interruption_overhead`): at 5% or below
 * the overheads consume the run (its wall-clock 20 times its steps' or more), which is a mistyped value (0.009 for 0.9)
 * or overheads to fix, not a run to price. flopcast's own bound, no paper's; it was applied to the built goodput alone,
 * and `goodput: 1e-6` ran, 20.8 million days.
 */
export const MIN_GOODPUT = 0.05;

/**
 * Why a given goodput (`overheads.goodput`, each end of its range) is refused, or undefined ('message | hint', as the
 * schema's issues are written): MIN_GOODPUT's rule, read by the scenario's schema (at the key, with its position) and by
 * goodputFor (the library's inputs).
 */
export function givenGoodputProblem(goodput: number): string | undefined {
  if (goodput > MIN_GOODPUT) return undefined;
  return `expected a goodput above ${pct(MIN_GOODPUT)}, found ${goodput}: overheads would consume the run | goodput is the fraction of wall-clock spent on useful steps: 0.9 for 90%`;
}

export function goodputFor(o: OverheadInputs | undefined, gpuCount: number): Goodput {
  const g = withoutSpot(o, gpuCount);
  const spot = o?.spotInterruption ?? 0;
  const goodput = g.goodput * (1 - spot);
  // MIN_GOODPUT holds after spot preemptions too: goodput 0.9 under an interruption_overhead of 0.999999 ran 3,472 days.
  if (spot > 0 && goodput <= MIN_GOODPUT) {
    throw new InputError(`spot preemptions leave a goodput of ${pct(goodput)} (${pct(g.goodput)} × (1 − ${spot})), at or below ${pct(MIN_GOODPUT)}: overheads would consume the run`, {
      keyPath: 'pricing.interruption_overhead',
      hint: 'interruption_overhead is the share of wall-clock lost to preemptions: 0.1 for 10%',
    });
  }
  return { ...g, goodput, spotInterruptionFraction: spot };
}

function withoutSpot(o: OverheadInputs | undefined, gpuCount: number): Omit<Goodput, 'spotInterruptionFraction'> {
  if (!o || (o.goodput === undefined && !o.checkpoint && !o.failures)) {
    return { goodput: o?.goodput ?? 1, checkpointIntervalSeconds: null, clusterMtbfSeconds: null, checkpointFraction: 0, failureFraction: 0 };
  }
  if (o.goodput !== undefined) {
    const problem = givenGoodputProblem(o.goodput);
    if (problem) {
      const { message, hint } = barred(problem);
      throw new InputError(message, { keyPath: 'overheads.goodput', ...(hint ? { hint } : {}) });
    }
    return { goodput: o.goodput, checkpointIntervalSeconds: null, clusterMtbfSeconds: null, checkpointFraction: 0, failureFraction: 0 };
  }
  const M = o.failures ? o.failures.gpuMtbfSeconds / gpuCount : null;
  if (o.failures && !o.checkpoint) {
    throw new InputError('failures without checkpoints would lose the whole run at each failure', {
      keyPath: 'overheads.checkpoint',
      hint: 'add overheads.checkpoint: {cost: 2 minutes} (interval defaults to the optimum)',
    });
  }
  const c = o.checkpoint!.costSeconds;
  let I: number;
  if (o.checkpoint!.intervalSeconds === 'auto') {
    if (M === null) {
      throw new InputError('interval: auto needs a failure rate to optimise against', { keyPath: 'overheads.checkpoint.interval', hint: 'give overheads.failures, or an interval such as 3 hours' });
    }
    I = Math.sqrt(2 * c * M);
  } else I = o.checkpoint!.intervalSeconds;
  const checkpointFraction = c / (I + c);
  const failureFraction = M === null ? 0 : (I / 2 + o.failures!.restartSeconds) / M;
  const goodput = 1 - checkpointFraction - failureFraction;
  if (!(goodput > MIN_GOODPUT)) {
    throw new InputError(`overheads leave ${Number.isFinite(goodput) && goodput > 0 ? `a goodput of ${pct(goodput)}` : 'no useful time'}: checkpoints and failures would consume the run`, {
      keyPath: 'overheads',
      hint: wasteHint(c, I, o.checkpoint!.intervalSeconds === 'auto', M === null ? null : { M, R: o.failures!.restartSeconds }),
    });
  }
  return { goodput, checkpointIntervalSeconds: I, clusterMtbfSeconds: M, checkpointFraction, failureFraction };
}

/**
 * What to change when the overheads consume the run: the largest of the three wasted shares above, a checkpoint's c/(I + c),
 * the work a failure loses, (I/2)/M, and the restart's R/M. Without failures the checkpoints alone (the hint said "the
 * cluster fails every ? hours"); with them it was always "shorten restarts or checkpoint more cheaply", also of an
 * `interval: 2 days` that lost a day of work at each of a cluster's hourly failures, which only a shorter interval cures.
 */
function wasteHint(c: number, I: number, auto: boolean, failures: { M: number; R: number } | null): string {
  const checkpoint = `each checkpoint costs ${fixed(c / 3600)} hours every ${fixed(I / 3600)} hours; checkpoint ${auto ? 'more cheaply' : 'less often or more cheaply'}`;
  if (failures === null) return checkpoint;
  const { M, R } = failures;
  const [writing, losing, restarting] = [c / (I + c), I / 2 / M, R / M];
  if (writing >= losing && writing >= restarting) return checkpoint;
  const fails = `the cluster fails every ${fixed(M / 3600)} hours`;
  if (restarting > losing) return `${fails} and each restart takes ${fixed(R / 3600)} hours; shorten restarts`;
  // Young's optimum interval grows with the checkpoint's cost (sqrt(2·c·M)): under auto, only a cheaper checkpoint shortens it.
  return `${fails} and loses half a ${fixed(I / 3600)}-hour checkpoint interval of work each time; ${auto ? 'checkpoint more cheaply (the optimum interval grows with the cost)' : 'checkpoint more often'}`;
}

/**
 * The goodput as the run's text and the report print it: ` (checkpoint every 60 min, cluster MTBF 2.78 h)`
 * after the percentage when it was built from checkpoints, the MTBF only where failures were given (without
 * them both outputs printed "cluster MTBF 0 h", a cluster failing all the time, for one that never fails).
 */
export function goodputDetail(g: Goodput): string {
  if (!g.checkpointIntervalSeconds) return '';
  return ` (checkpoint every ${fixed(g.checkpointIntervalSeconds / 60, 1)} min, ${g.clusterMtbfSeconds === null ? 'no failures given' : `cluster MTBF ${fixed(g.clusterMtbfSeconds / 3600, 2)} h`})`;
}

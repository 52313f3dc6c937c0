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
import { InputError } from '../input/errors.js';
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

export function goodputFor(o: OverheadInputs | undefined, gpuCount: number): Goodput {
  const g = withoutSpot(o, gpuCount);
  const spot = o?.spotInterruption ?? 0;
  return { ...g, goodput: g.goodput * (1 - spot), spotInterruptionFraction: spot };
}

function withoutSpot(o: OverheadInputs | undefined, gpuCount: number): Omit<Goodput, 'spotInterruptionFraction'> {
  if (!o || (o.goodput === undefined && !o.checkpoint && !o.failures)) {
    return { goodput: o?.goodput ?? 1, checkpointIntervalSeconds: null, clusterMtbfSeconds: null, checkpointFraction: 0, failureFraction: 0 };
  }
  if (o.goodput !== undefined) {
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
  if (!(goodput > 0.05)) {
    throw new InputError(`overheads leave ${Number.isFinite(goodput) && goodput > 0 ? `a goodput of ${pct(goodput)}` : 'no useful time'}: checkpoints and failures would consume the run`, {
      keyPath: 'overheads',
      // Without failures the checkpoints alone consume the run (the hint said "the cluster fails every ? hours").
      hint: M === null ? `each checkpoint costs ${fixed(c / 3600)} hours every ${fixed(I / 3600)} hours; checkpoint less often or more cheaply` : `the cluster fails every ${fixed(M / 3600)} hours; shorten restarts or checkpoint more cheaply`,
    });
  }
  return { goodput, checkpointIntervalSeconds: I, clusterMtbfSeconds: M, checkpointFraction, failureFraction };
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

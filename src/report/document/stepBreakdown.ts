/**
 * Where one step's time goes, for the report's step-time figure and table: read from a prediction
 * of unknown shape (a run's `prediction`, as the performance model or a caller wrote it).
 */
import { describeLayout, REQUIRED_FIELDS, type Layout } from '../../perf/layout.js';
import { zeroPlusPlusTags, type ZeroPlusPlus } from '../../perf/zeroPlusPlus.js';

export interface StepPart {
  key: string;
  label: string;
  seconds: number;
}

export interface StepBreakdown {
  parts: StepPart[];
  totalSeconds: number;
  /** The layout the prediction is for (`tp8 pp16 dp128 mb1 v8 sp zero1 rc:full`), when it says. */
  layout: string | null;
  memoryPerGpuBytes: number | null;
  memoryCapacityBytes: number | null;
}

/** Step time parts from a prediction of unknown shape; null when there are none. */
export function stepBreakdownOf(prediction: unknown, moe: boolean): StepBreakdown | null {
  if (!prediction || typeof prediction !== 'object') return null;
  const p = prediction as Record<string, unknown>;
  const inner = p.prediction && typeof p.prediction === 'object' ? (p.prediction as Record<string, unknown>) : {};
  const candidate = p.step_breakdown ?? p.stepBreakdown ?? p.breakdown ?? inner.breakdown ?? inner.step_breakdown;
  if (!candidate || typeof candidate !== 'object' || Array.isArray(candidate)) return null;
  const parts = Object.entries(candidate as Record<string, unknown>)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]) && e[1] >= 0)
    .map(([key, seconds]) => ({ key, label: humanise(key), seconds }));
  if (!parts.length) return null;
  const total = [p.step_time_seconds, p.stepTimeSeconds, inner.stepTimeSeconds].find((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0);
  const l = p.layout as Partial<Layout> | undefined;
  const complete = !!l && typeof l === 'object' && REQUIRED_FIELDS.every((f) => l[f] !== undefined);
  const mem = p.memory && typeof p.memory === 'object' ? (p.memory as Record<string, unknown>) : {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    parts,
    totalSeconds: total ?? parts.reduce((s, x) => s + x.seconds, 0),
    // With the ZeRO++ switches the layout ran with, where the prediction carries them (perf/predict.ts Prediction.zeroPlusPlus).
    layout: complete ? describeLayout(l as Layout, moe) + zeroPlusPlusTags(p.zeroPlusPlus as Partial<ZeroPlusPlus> | undefined) : null,
    memoryPerGpuBytes: num(mem.total),
    memoryCapacityBytes: num(mem.capacity),
  };
}

function humanise(key: string): string {
  // the time the family's fitted throughput scale adds (Calibration.throughputScale)
  if (/^calibration_?[sS]econds$/.test(key)) return 'unexplained (calibration scale)';
  return key
    .replace(/_?[sS]econds$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
    .replace(/\bcomm\b/, 'communication')
    .trim();
}

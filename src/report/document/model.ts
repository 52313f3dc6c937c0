/**
 * The report's data model: everything the HTML and Markdown renderers show, computed once from
 * the resolved runs. Pure: the CLI reads files, hashes them and passes the version in.
 */
import { markOptions, type Marks } from '../../estimate/compare.js';
import { rangeOutcome, type RangeOutcome, type Ranges } from '../../estimate/ranges.js';
import type { RunResult } from '../../estimate/run.js';
import { goodputDetail } from '../../estimate/goodput.js';
import type { FlopComponent, FlopOptions, FlopsPerToken } from '../../flops/count.js';
import type { Precision } from '../../hardware/schema.js';
import type { HardwareProfile, Price } from '../../hardware/toProfile.js';
import { describeLayout, REQUIRED_FIELDS, type Layout } from '../../perf/layout.js';
import type { RunPriceKind } from '../../pricing/kinds.js';
import type { ResolvedRun } from '../../scenario/resolve.js';
import { fixed, pct } from '../format.js';
import { explainRecommendation, recommend, type Recommendation } from './recommend.js';
import { unseenAccuracyText } from '../../perf/accuracy.js';
import { kindRecordText } from '../../perf/kindRecord.js';

export interface ReportInput {
  file: string;
  sha256: string;
  /** What the file is: scenario (default), hardware profile, model. */
  role?: string;
}

export interface ReportMeta {
  version: string;
  inputs: readonly ReportInput[];
  /** ISO time; omitted in tests so output is reproducible. */
  generatedAt?: string;
  /** The command line that produced the report. */
  command?: string;
}

export interface StepPart {
  key: string;
  label: string;
  seconds: number;
}

export interface ReportOption {
  /** A unique, stable anchor id: opt-1, opt-2, ... */
  key: string;
  name: string;
  /** Short display label (the matrix combination when all options share one scenario). */
  label: string;
  result: RunResult;
  marks: Marks;
  recommended: boolean;
  ranges: Ranges;
  range: RangeOutcome | null;
  /** Where one step's time goes, when the performance model predicted it. */
  step: StepBreakdown | null;
  /** Which comparison (scenario file) the option belongs to: marks and the chart's frontier are computed within it. */
  comparison: number;
}

export interface FlopGroup {
  modelName: string;
  tokens: number;
  options: FlopOptions;
  components: FlopComponent[];
  perToken: FlopsPerToken;
  params: { total: number; active: number };
  model: number;
  hardware: number;
  sixNd: number;
  optionNames: string[];
}

export interface PriceUse {
  hardwareId: string;
  usdPerGpuHour: number;
  /** As the run recorded it ("median of 6 on-demand list prices (...)", "CoreWeave HGX H100, on-demand, 2026-02" or "scenario"). */
  sourceText: string;
  /** on_demand, reserved, ..., owned, given (src/pricing/kinds.ts). */
  kind: RunPriceKind;
  /** The profile entries it came from, with their dates, confidences and sources (empty when given or owned). */
  entries: Price[];
  options: string[];
}

export interface EnergyUse {
  pue: number;
  powerFraction: number;
  usdPerKwh: number;
  kgCo2PerKwh: number;
  options: string[];
}

export interface HardwareUse {
  profile: HardwareProfile;
  precisions: Precision[];
  options: string[];
}

/** A model the options use: where it comes from and what its import assumed (src/model/assumptions.ts). */
export interface ModelUse {
  name: string;
  source: string | null;
  seqLen: number;
  warnings: string[];
  options: string[];
}

export interface ReportModel {
  title: string;
  meta: ReportMeta;
  options: ReportOption[];
  recommendation: Recommendation & { option: ReportOption | null; headline: string; details: string[] };
  deadlines: number[];
  budgets: number[];
  flops: FlopGroup[];
  hardware: HardwareUse[];
  prices: PriceUse[];
  energy: EnergyUse[];
  /** One line per distinct throughput / goodput assumption. */
  throughput: { text: string; options: string[] }[];
  conventions: string[];
  warnings: string[];
  models: ModelUse[];
}

function baseName(r: RunResult): string {
  return r.inputs.label ? r.name.slice(0, r.name.length - r.inputs.label.length - 3) : r.name;
}

/** `gpu=h100-sxm, count=512, precision=fp8` -> `512 × h100-sxm, precision=fp8`; anything else unchanged. */
export function prettyLabel(label: string): string {
  const pairs = label.split(', ').map((p) => {
    const i = p.indexOf('=');
    return i > 0 ? ([p.slice(0, i), p.slice(i + 1)] as const) : null;
  });
  if (!label || pairs.some((p) => p === null)) return label;
  const get = (k: string) => pairs.find((p) => p![0] === k)?.[1];
  const gpu = get('gpu');
  const n = get('count');
  const head = gpu && n ? `${n} × ${gpu}` : gpu ?? (n ? `${n} GPUs` : '');
  const rest = pairs.filter((p) => p![0] !== 'gpu' && p![0] !== 'count').map((p) => `${p![0]}=${p![1]}`);
  return [head, ...rest].filter(Boolean).join(', ');
}

const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

export interface StepBreakdown {
  parts: StepPart[];
  totalSeconds: number;
  /** The layout the prediction is for (`tp8 pp16 dp128 mb1 v8 sp zero1 rc:full`), when it says. */
  layout: string | null;
  memoryPerGpuBytes: number | null;
  memoryCapacityBytes: number | null;
}

/** Step time parts from a prediction of unknown shape; null when there are none. */
export function stepBreakdownOf(prediction: unknown): StepBreakdown | null {
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
    layout: complete ? describeLayout(l as Layout) : null,
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

function throughputText(r: RunResult): string {
  const t = r.inputs.throughput;
  const what = t.kind === 'utilization' ? `MFU ${pct(t.mfu)} (given)`
    : t.kind === 'predicted' ? `MFU ${pct(t.mfu)} (predicted by the performance model; ${unseenAccuracyText()}${t.record ? `; ${kindRecordText(t.record, [r.inputs.hardware.id])}` : ''})`
    : t.kind === 'achieved_tflops' ? `${fixed(t.hardwareFlopsPerSecondPerGpu / 1e12, 1)} hardware TFLOP/s per GPU (given)`
    : `${fixed(t.tokensPerSecondPerGpu, 1)} tokens/s per GPU (given)`;
  const g = r.goodput;
  const gp = `goodput ${pct(g.goodput)}${goodputDetail(g)}`;
  return `${what}; ${gp}`;
}

function group<T>(runs: readonly ReportOption[], key: (o: ReportOption) => string, make: (o: ReportOption) => T, add: (t: T, o: ReportOption) => void): T[] {
  const m = new Map<string, T>();
  for (const o of runs) {
    const k = key(o);
    const t = m.get(k);
    if (t) add(t, o);
    else m.set(k, make(o));
  }
  return [...m.values()];
}

/**
 * `comparisonOf[i]` says which comparison (scenario file) run i belongs to: marks and the
 * recommendation are computed within each, never across unrelated files. Default: one comparison.
 */
export function buildReport(runs: readonly ResolvedRun[], meta: ReportMeta, comparisonOf: readonly number[] = runs.map(() => 0)): ReportModel {
  const results = runs.map((r) => r.result);
  const comparisons = uniq(comparisonOf);
  const members = comparisons.map((c) => results.map((_, i) => i).filter((i) => comparisonOf[i] === c));
  const marks: Marks[] = [];
  const picks = new Set<number>();
  const recs = members.map((idx) => {
    const m = markOptions(idx.map((i) => results[i]!));
    idx.forEach((i, k) => (marks[i] = m[k]!));
    const rec = recommend(idx.map((i) => results[i]!));
    const index = rec.index >= 0 ? idx[rec.index]! : -1;
    if (index >= 0) picks.add(index);
    return { ...rec, index };
  });
  const bases = uniq(results.map(baseName));
  const shared = bases.length === 1 && results.length > 1 && results.every((r) => r.inputs.label);
  const rec = recs.length === 1 ? recs[0]! : { status: 'empty' as const, index: -1, meetingAll: 0, tiedOnCost: 0 };
  const options: ReportOption[] = runs.map((run, i) => {
    const ranged = Object.keys(run.ranges).length > 0;
    return {
      key: `opt-${i + 1}`,
      name: run.result.name,
      label: shared ? prettyLabel(run.result.inputs.label) : run.result.name,
      result: run.result,
      marks: marks[i]!,
      recommended: picks.has(i),
      ranges: run.ranges,
      range: ranged ? rangeOutcome(run.result.inputs, run.ranges) : null,
      step: stepBreakdownOf(run.prediction),
      comparison: comparisonOf[i]!,
    };
  });
  const title = bases.length === 1 ? bases[0]! : 'Training options compared';
  const deadlines = uniq(results.map((r) => r.inputs.constraints?.deadlineSeconds).filter((v): v is number => v !== undefined));
  const budgets = uniq(results.map((r) => r.inputs.constraints?.budgetUsd).filter((v): v is number => v !== undefined));
  const option = rec.index >= 0 ? options[rec.index]! : null;
  const { headline, details } = recs.length === 1 ? explainRecommendation(rec, option, options, deadlines, budgets) : {
    headline: `${recs.length} separate comparisons, one per scenario file: options of different files are not compared with each other; each file's recommended option is marked.`,
    details: recs.map((r) => (r.index >= 0 ? `${options[r.index]!.name}: recommended among its file's options.` : 'A file without a recommendation.')),
  };

  const flops = group<FlopGroup>(
    options,
    (o) => { const a = o.result.inputs.analysis; return JSON.stringify([a.arch.name, a.totals.tokens, a.count.options]); },
    (o) => {
      const a = o.result.inputs.analysis;
      return {
        modelName: a.arch.name, tokens: a.totals.tokens, options: a.count.options, components: a.count.components, perToken: a.count.perToken,
        params: { total: a.params.total, active: a.params.active }, model: a.totals.model, hardware: a.totals.hardware, sixNd: a.totals.sixNd, optionNames: [o.label],
      };
    },
    (g, o) => g.optionNames.push(o.label),
  );
  const hardware = group<HardwareUse>(
    options,
    (o) => o.result.inputs.hardware.id,
    (o) => ({ profile: o.result.inputs.hardware, precisions: [o.result.inputs.precision], options: [o.label] }),
    (h, o) => { h.options.push(o.label); if (!h.precisions.includes(o.result.inputs.precision)) h.precisions.push(o.result.inputs.precision); },
  );
  const prices = group<PriceUse>(
    options,
    (o) => JSON.stringify([o.result.inputs.hardware.id, o.result.inputs.price]),
    (o) => {
      const i = o.result.inputs;
      return { hardwareId: i.hardware.id, usdPerGpuHour: i.price.usdPerGpuHour, sourceText: i.price.source, kind: i.price.kind, entries: i.price.entries ?? [], options: [o.label] };
    },
    (p, o) => p.options.push(o.label),
  );
  const energy = group<EnergyUse>(
    options,
    (o) => JSON.stringify(o.result.inputs.energy),
    (o) => ({ ...o.result.inputs.energy, options: [o.label] }),
    (e, o) => e.options.push(o.label),
  );
  const throughput = group<{ text: string; options: string[] }>(
    options,
    (o) => throughputText(o.result),
    (o) => ({ text: throughputText(o.result), options: [o.label] }),
    (t, o) => t.options.push(o.label),
  );
  const attention = uniq(options.map((o) => o.result.inputs.analysis.count.options.attention));
  const recompute = uniq(options.map((o) => o.result.inputs.analysis.count.options.recompute));
  const conventions = [
    'A multiply-add is 2 FLOPs; an [m×k]·[k×n] matrix product costs 2mkn (Narayanan et al. 2021, Appendix).',
    'Only matrix products are counted; the input embedding is a lookup (0 FLOPs).',
    'Backward = 2 × forward for every product: one product for the input gradient and one for the weight gradient (Kaplan et al. 2020 §2.1; PaLM Appendix B).',
    ...attention.map((a) => a === 'full'
      ? 'Attention `full`: QKᵀ and A·V are counted over the whole s×s window (PaLM, Megatron-LM 2021, Korthikanti 2022, Chinchilla).'
      : 'Attention `causal`: QKᵀ and A·V are counted over half the s×s window (Megatron-LM since 2025; DeepSeek-V3\'s "MFU (causal)").'),
    `Model FLOPs = forward + backward (what MFU counts); hardware FLOPs add activation recomputation (recompute: ${recompute.join(', ')}; Korthikanti et al. 2022, Appendix A).`,
    'MFU = model FLOPs / (wall-clock compute time × GPUs × dense peak) (Chowdhery et al. 2022, PaLM §4.1). Peaks are dense, never 2:4 sparse.',
    'Wall-clock = compute time / goodput. GPU-hours = wall-clock × GPUs. Cost = GPU-hours × price + energy × electricity price + fixed costs.',
    'Energy = GPUs × TDP × power fraction × hours × PUE. CO2 = energy × grid carbon intensity.',
  ];
  // A warning about some options only names them: a commitment's over a budget, or a price's age, read as the report's.
  const warnings = uniq(results.flatMap((r) => r.warnings)).map((w) => {
    const about = options.filter((o) => o.result.warnings.includes(w)).map((o) => o.label);
    return options.length > 1 && about.length < options.length ? `${about.join(', ')}: ${w}` : w;
  });
  const models = group<ModelUse>(
    options,
    (o) => { const a = o.result.inputs.analysis; return JSON.stringify([a.arch.name, a.arch.source, a.count.options.seqLen, a.warnings]); },
    (o) => {
      const a = o.result.inputs.analysis;
      return { name: a.arch.name, source: a.arch.source ?? null, seqLen: a.count.options.seqLen, warnings: a.warnings, options: [o.label] };
    },
    (m, o) => m.options.push(o.label),
  );
  return { title, meta, options, recommendation: { ...rec, option, headline, details }, deadlines, budgets, flops, hardware, prices, energy, throughput, conventions, warnings, models };
}

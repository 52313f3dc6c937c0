/** `run --json`: one record per option (and the options a matrix could not run), the data the other formats show (runs.ts). */
import type { Marks } from '../estimate/compare.js';
import type { RunResult, Throughput } from '../estimate/run.js';
import { rangeOutcome, type RangeOutcome, type Ranges } from '../estimate/ranges.js';
import type { InputError } from '../input/errors.js';
import { ownedFormula } from '../pricing/owned.js';
import { unseenMedianAbsErrors } from '../perf/accuracy.js';
import { SECONDS_PER_DAY } from './duration.js';
import { attentionNoteText } from './attentionNoteText.js';
import type { AttentionConventionNote } from '../estimate/attentionNote.js';

export interface RunRow {
  result: RunResult;
  marks: Marks;
  /** Extra fields from the performance model (step time, memory, breakdown), already snake_case. */
  extra?: Record<string, unknown>;
  /** The inputs its scenario gives as ranges (ResolvedRun.ranges), where there are any: `result` takes each one's expected value. */
  ranges?: Ranges;
}

/** A matrix combination that could not run, with its located error message and the error's hint (how to fix it). */
export interface Infeasible {
  name: string;
  error: string;
  hint?: string;
}

/**
 * A combination that could not run, as the output lists it: its located error and the error's hint, the way to
 * fix it. The hint was dropped: `pricing: {kind: reserved}` over a matrix of GPUs listed "h200-sxm has no reserved
 * (1y) price" without the kinds it has and `usd_per_gpu_hour`, which a single run's refusal gives.
 */
export function infeasibleOf(name: string, error: InputError): Infeasible {
  return { name, error: error.located(), ...(error.details.hint ? { hint: error.details.hint } : {}) };
}

/** One result of `run --json`; the performance model's fields (PredictionJson) are added when it ran. */
export type RunResultJson = ReturnType<typeof resultJson>;

/**
 * The inputs a run's scenario gives as ranges (utilization: [0.35, 0.45], usd_per_gpu_hour: {low, expected, high},
 * goodput: [0.85, 0.95]) and the run at their ends (estimate/ranges.ts rangeOutcome, as the report's ranges table):
 * null without one. The run's own figures take each one's expected value. A predicted MFU's band is its kind's record
 * (kind_record, the footnote), so only given ranges are here. One rule for run's text (runs.ts) and its JSON.
 */
export function givenRanges({ result: r, ranges }: Pick<RunRow, 'result' | 'ranges'>): { given: Ranges; outcome: RangeOutcome } | null {
  const given = Object.fromEntries(Object.entries(ranges ?? {}).filter(([k]) => k !== 'throughput' || r.inputs.throughput.kind !== 'predicted')) as Ranges;
  return Object.keys(given).length ? { given, outcome: rangeOutcome(r.inputs, given) } : null;
}

/**
 * A given throughput range's key, by what the scenario gave (its unit in the name, as the result's own keys): the result's
 * key that holds the range's expected value (`mfu`, `achieved_flops_per_gpu`), or where the result has none per GPU the
 * scenario's (`tokens_per_second_per_gpu`; the result's `tokens_per_second` is the cluster's). Written by hand: every kind
 * is here (the compiler), and test/report/runJson.test.ts holds each key to the value it names.
 */
export const THROUGHPUT_RANGE_KEY = { utilization: 'mfu', achieved_tflops: 'achieved_flops_per_gpu', tokens_per_second_per_gpu: 'tokens_per_second_per_gpu', predicted: 'mfu' } as const satisfies Record<Throughput['kind'], string>;

function rangesJson(row: Pick<RunRow, 'result' | 'ranges'>) {
  const g = givenRanges(row);
  if (!g) return null;
  const { given, outcome: o } = g;
  const at = (x: { low: number; expected: number; high: number }) => ({ low: x.low, expected: x.expected, high: x.high });
  return {
    inputs: {
      ...(given.throughput ? { [THROUGHPUT_RANGE_KEY[row.result.inputs.throughput.kind]]: at(given.throughput) } : {}),
      ...(given.price ? { usd_per_gpu_hour: at(given.price) } : {}),
      ...(given.goodput ? { goodput: at(given.goodput) } : {}),
    },
    // every range at its favourable end (low), then at its unfavourable end (high)
    wall_clock_seconds: { low: o.optimistic.wallClockSeconds, high: o.pessimistic.wallClockSeconds },
    cost_usd: { low: o.optimistic.cost.totalUsd, high: o.pessimistic.cost.totalUsd },
  };
}

export function runJson(rows: readonly RunRow[], infeasible: readonly Infeasible[] = []): { results: RunResultJson[]; infeasible?: readonly Infeasible[] } {
  return { results: rows.map(resultJson), ...(infeasible.length ? { infeasible } : {}) };
}

function resultJson({ result: r, marks, extra, ranges }: RunRow) {
  const i = r.inputs;
  return {
    name: r.name,
    model: i.analysis.arch.name,
    gpu: i.hardware.id,
    count: i.gpuCount,
    precision: i.precision,
    tokens: i.analysis.totals.tokens,
    seq_len: i.analysis.count.options.seqLen,
    attention: i.analysis.count.options.attention,
    ...(i.analysis.count.options.documents ? { documents: i.analysis.count.options.documents.map((d) => ({ tokens: d.tokens, share: d.share })) } : {}),
    recompute: i.analysis.count.options.recompute,
    ...(i.analysis.count.options.recomputeModules !== undefined ? { recompute_modules: [...i.analysis.count.options.recomputeModules] } : {}),
    params: i.analysis.params.total,
    active_params: i.analysis.params.active,
    model_flops: r.modelFlops,
    hardware_flops: r.hardwareFlops,
    six_nd: i.analysis.totals.sixNd,
    peak_flops_per_gpu: i.peakFlopsPerSecond,
    achieved_flops_per_gpu: r.achievedFlopsPerSecondPerGpu,
    mfu: r.mfu,
    hfu: r.hfu,
    ...throughputBasisJson(r),
    tokens_per_second: r.tokensPerSecond,
    steps: r.steps,
    compute_seconds: r.computeSeconds,
    goodput: r.goodput.goodput,
    wall_clock_seconds: r.wallClockSeconds,
    wall_clock_hours: r.wallClockSeconds / 3600,
    wall_clock_days: r.wallClockSeconds / SECONDS_PER_DAY,
    gpu_hours: r.gpuHours,
    usd_per_gpu_hour: i.price.usdPerGpuHour,
    price_kind: i.price.kind,
    price_source: i.price.source,
    price_providers: i.price.providers,
    cost_usd: r.cost.totalUsd,
    commitment_usd: r.commitment?.usd ?? null,
    commitment: r.commitment ? { term_hours: r.commitment.termHours, terms: r.commitment.terms, gpu_hours: i.gpuCount * r.commitment.termHours * r.commitment.terms } : null,
    owned: i.price.owned ? ownedJson(i.price, r.gpuHours) : null,
    cost: { compute_usd: r.cost.computeUsd, energy_usd: r.cost.energyUsd, fixed_usd: r.cost.fixedUsd },
    // The inputs given as ranges and the wall-clock and cost at their ends; null where none (walk31: only a report said them).
    ranges: rangesJson({ result: r, ranges }),
    energy_kwh: r.energyKwh,
    co2_kg: r.co2Kg,
    memory_per_gpu_bytes: null,
    // What meets_deadline and meets_budget checked, null where not given (new-user trial 25: the checks without their values).
    deadline_seconds: r.inputs.constraints?.deadlineSeconds ?? null,
    budget_usd: r.inputs.constraints?.budgetUsd ?? null,
    meets_deadline: r.meetsDeadline,
    meets_budget: r.meetsBudget,
    cheapest: marks.cheapest,
    fastest: marks.fastest,
    pareto: marks.pareto,
    warnings: r.warnings,
    // Only where the defaulted attention convention moves MFU and HFU by a fifth or more (estimate/attentionNote.ts).
    ...(r.attentionConvention ? { attention_convention_note: attentionNoteJson(r.attentionConvention, attentionNoteText(r)) } : {}),
    ...extra,
  };
}

/**
 * Where a run's MFU came from and how far to trust it: `throughput_from` (the figure given, or `predicted`), the user's
 * cluster.throughput_scale, and for a predicted MFU the model's error on runs it had not seen and its kind's record. One
 * rule for `run --json` (in its place among the result's keys) and `budget FILE --json` (cli/commands/budgetScenario.ts),
 * whose answer is at the same MFU.
 */
export function throughputBasisJson(r: RunResult) {
  const i = r.inputs;
  return {
    throughput_from: i.throughput.kind,
    // cluster.throughput_scale (the user's measured ÷ predicted), which `mfu` carries; null where none was given.
    throughput_scale: scaleOf({ result: r }) ?? null,
    // How far predicted throughputs have been from runs the model had not seen (src/perf/accuracy.ts).
    unseen_median_abs_error: i.throughput.kind === 'predicted' ? unseenMedianAbsErrors() : null,
    // How it has done on published runs of this kind (src/perf/kindRecord.ts): median signed error, positive = optimistic; error_p10 / error_p90, the 10th and 90th percentiles of the signed error; runs_on_gpu: how many of those runs were on this option's GPU.
    kind_record: i.throughput.kind === 'predicted' && i.throughput.record
      ? { kind: i.throughput.record.kind, label: i.throughput.record.label, rows: i.throughput.record.rows, median_error: i.throughput.record.medianError, median_abs_error: i.throughput.record.medianAbsError, error_p10: i.throughput.record.errorP10, error_p90: i.throughput.record.errorP90, runs_on_gpu: i.throughput.record.runsOnGpu }
      : null,
  };
}

function ownedJson(p: RunRow['result']['inputs']['price'], gpuHours: number): Record<string, unknown> {
  const o = p.owned!;
  const b = p.breakEven;
  return {
    capex_usd_per_gpu: o.inputs.capexUsdPerGpu, interconnect_usd_per_gpu: o.inputs.interconnectUsdPerGpu, amortization_years: o.inputs.amortizationYears,
    hosting_usd_per_gpu_year: o.inputs.hostingUsdPerGpuYear, usd_per_kwh: o.inputs.usdPerKwh, pue: o.inputs.pue, gpu_kw: o.inputs.gpuKw,
    hardware_usd_per_gpu_hour: o.hardwareUsdPerGpuHour, hosting_usd_per_gpu_hour: o.hostingUsdPerGpuHour, energy_usd_per_gpu_hour: o.energyUsdPerGpuHour,
    all_in_usd_per_gpu_hour: o.allInUsdPerGpuHour, formula: ownedFormula(o),
    compare: b ? { rent_usd_per_gpu_hour: b.rentUsdPerGpuHour, rent_source: b.rentSource, break_even_utilization: b.utilization, break_even_months: b.months, rent_cost_usd: gpuHours * b.rentUsdPerGpuHour } : null,
  };
}

/** The user's cluster.throughput_scale that a row's predicted MFU carries; undefined where none (or the MFU was given). */
export function scaleOf(x: Pick<RunRow, 'result'>): number | undefined {
  const t = x.result.inputs.throughput;
  return t.kind === 'predicted' ? t.throughputScale : undefined;
}

/**
 * The attention-convention note as data (run's `attention_convention_note`, budget's too): the counted and other
 * convention, the share, the other count's MFU / HFU, and what a given figure sets read under the other; budget's
 * answers add the dollars (`other_cost_usd`) or the tokens (`other_tokens`) that reading gives.
 */
export function attentionNoteJson(n: AttentionConventionNote, text: string | null): Record<string, unknown> {
  const g = n.given;
  return {
    counted: n.counted,
    other: n.other,
    attention_share: n.attentionShare,
    model_flops_ratio: n.modelFlopsRatio,
    hardware_flops_ratio: n.hardwareFlopsRatio,
    other_mfu: n.otherMfu,
    other_hfu: n.otherHfu,
    given: g ? {
      key: g.key, other_wall_clock_seconds: g.otherWallClockSeconds,
      ...(g.cost ? { cost_usd: g.cost.counted, other_cost_usd: g.cost.other } : {}),
      ...(g.bought ? { tokens: g.bought.counted, other_tokens: g.bought.other } : {}),
      // budget --model --tokens's --usd and --deadline checks, as counted (its `within`) and under the other reading.
      ...(g.within?.usd ? { meets_usd: g.within.usd.counted, other_meets_usd: g.within.usd.other } : {}),
      ...(g.within?.deadline ? { meets_deadline: g.within.deadline.counted, other_meets_deadline: g.within.deadline.other } : {}),
    } : null,
    text,
  };
}

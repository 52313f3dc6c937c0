/**
 * FLOPs -> time, GPU-hours, money and energy for one cluster option. Pure.
 *
 * Time from throughput, by the figure the user knows:
 *   utilization (MFU)      compute seconds = model FLOPs / (GPUs × MFU × dense peak)       (PaLM §4.1)
 *   achieved_tflops (HFU)  compute seconds = hardware FLOPs / (GPUs × achieved FLOP/s)      (Narayanan Eq. 4)
 *   tokens/s per GPU       compute seconds = tokens / (GPUs × tokens/s)
 * Wall-clock = compute seconds / goodput. GPU-hours = wall-clock × GPUs. Cost = GPU-hours × price
 * + energy × electricity price + fixed. Energy = GPUs × TDP × power fraction × hours × PUE.
 * A commitment (reserved, committed, capacity block) also obliges the buyer to the whole term:
 * commitment = GPUs × term hours × terms × price, where a run longer than the term renews it
 * (terms = ⌈wall-clock / term⌉, stated in a warning); a capacity block without a term is bought in
 * whole days (AWS EC2 Capacity Blocks are reserved by the day). cost_usd stays the run's share.
 */
import type { KindRecord } from '../perf/kindRecord.js';
import type { FlopAnalysis } from '../flops/analyse.js';
import type { Precision } from '../hardware/schema.js';
import type { HardwareProfile, Price } from '../hardware/toProfile.js';
import type { RunPriceKind } from '../pricing/kinds.js';
import type { BreakEven, OwnedCost } from '../pricing/owned.js';
import { compareNear } from './compare.js';
import { goodputFor, type Goodput, type OverheadInputs } from './goodput.js';
import { fixed, int, pct, usd, usdRate } from '../report/format.js';
import { durationNoun } from '../report/duration.js';
import { attentionConventionNote, type AttentionConventionNote } from './attentionNote.js';

export interface PriceUsed {
  usdPerGpuHour: number;
  /** One line: where the price comes from (provider and date, the median policy, or the scenario). */
  source: string;
  /** A scenario's kind (on_demand ... owned), or given (usd_per_gpu_hour alone): src/pricing/kinds.ts. */
  kind: RunPriceKind;
  /** The providers whose prices were used (empty for a price given in the scenario or owned). */
  providers: string[];
  /** The profile entries behind the price (for the report's sources). */
  entries?: Price[];
  /** For commitments: the term in hours, or 'whole days' for a capacity block without one. */
  termHours?: number | 'whole days';
  owned?: OwnedCost;
  breakEven?: BreakEven;
  /** Stale prices and the like, from choosing the price. */
  warnings?: string[];
}

export interface Commitment {
  usd: number;
  termHours: number;
  /** Whole terms the run needs (more than 1: renewed). */
  terms: number;
}

export type Throughput =
  | { kind: 'utilization'; mfu: number }
  | { kind: 'achieved_tflops'; hardwareFlopsPerSecondPerGpu: number }
  | { kind: 'tokens_per_second_per_gpu'; tokensPerSecondPerGpu: number }
  /**
   * `record`: how the performance model has done on published runs of this kind (perf/kindRecord.ts). `mfu` is the
   * model's times `throughputScale`, the user's own measured ÷ predicted (cluster.throughput_scale), where given.
   */
  | { kind: 'predicted'; mfu: number; record: KindRecord | null; throughputScale?: number };

/** A run's name: its scenario's with the matrix combination after it (`s [gpu=h100-sxm, count=512]`), or the scenario's alone. */
export const runName = (base: string, label: string): string => (label ? `${base} [${label}]` : base);

/** The scenario's name of a run: its name less the combination {@link runName} adds. */
export function baseRunName(r: { name: string; inputs: { label: string } }): string {
  return r.inputs.label ? r.name.slice(0, r.name.length - r.inputs.label.length - 3) : r.name;
}

export interface RunInputs {
  name: string;
  /** The matrix combination (`gpu=h100-sxm, count=512`), empty when there is none. */
  label: string;
  analysis: FlopAnalysis;
  hardware: HardwareProfile;
  precision: Precision;
  peakFlopsPerSecond: number;
  /** The GEMMs' precision and its peak where they run faster than `precision` (fp8 / fp4 GEMMs): the ceiling a sound throughput stays under. */
  gemm?: { precision: Precision; peakFlopsPerSecond: number };
  gpuCount: number;
  throughput: Throughput;
  globalBatchTokens: number | null;
  price: PriceUsed;
  fixedUsd: number;
  energy: { pue: number; usdPerKwh: number; kgCo2PerKwh: number; powerFraction: number };
  overheads?: OverheadInputs;
  constraints?: { deadlineSeconds?: number; budgetUsd?: number };
  /** What the prediction read of the fixed layout otherwise than written (perf/layout.ts fixedLayoutNotes): warnings of the run, not of its model. */
  layoutNotes?: string[];
  /** Whether the scenario wrote training.attention; false: the default counted, and the run notes what the other convention reads (attentionNote.ts). Absent: no note. */
  attentionGiven?: boolean;
}

export interface RunResult {
  name: string;
  inputs: RunInputs;
  modelFlops: number;
  hardwareFlops: number;
  /** Hardware FLOP/s each GPU sustains while stepping. */
  achievedFlopsPerSecondPerGpu: number;
  mfu: number;
  hfu: number;
  tokensPerSecond: number;
  steps: number | null;
  computeSeconds: number;
  goodput: Goodput;
  wallClockSeconds: number;
  gpuHours: number;
  cost: { computeUsd: number; energyUsd: number; fixedUsd: number; totalUsd: number };
  /** What a commitment obliges the buyer to (null for pay-as-you-go and owned). */
  commitment: Commitment | null;
  energyKwh: number | null;
  co2Kg: number | null;
  meetsDeadline: boolean | null;
  meetsBudget: boolean | null;
  warnings: string[];
  /** Where the defaulted attention convention changes the reading materially (attentionNote.ts); absent otherwise. */
  attentionConvention?: AttentionConventionNote;
}

/**
 * The fastest peak a run's FLOPs can use: its GEMMs' where they run faster than its precision (fp8 or fp4 GEMMs, whose
 * MFU against the precision's peak may pass 100%), else its precision's. Above it a throughput cannot be right
 * (estimateRun warns; a throughput scale that lifts the prediction above it is refused: perf/throughputScale.ts).
 */
export function peakCeiling(i: Pick<RunInputs, 'precision' | 'peakFlopsPerSecond' | 'gemm'>): { precision: Precision; peakFlopsPerSecond: number } {
  return i.gemm && i.gemm.peakFlopsPerSecond > i.peakFlopsPerSecond ? i.gemm : { precision: i.precision, peakFlopsPerSecond: i.peakFlopsPerSecond };
}

/** The seconds of compute the run's throughput figure sets: FLOPs (model at an MFU, hardware at achieved FLOP/s) or tokens over the cluster's rate. */
function computeSecondsOf(i: Pick<RunInputs, 'analysis' | 'gpuCount' | 'throughput' | 'peakFlopsPerSecond'>): number {
  const t = i.analysis.totals;
  const n = i.gpuCount;
  switch (i.throughput.kind) {
    case 'utilization':
    case 'predicted':
      return t.model / (n * i.throughput.mfu * i.peakFlopsPerSecond);
    case 'achieved_tflops':
      return t.hardware / (n * i.throughput.hardwareFlopsPerSecondPerGpu);
    case 'tokens_per_second_per_gpu':
      return t.tokens / (n * i.throughput.tokensPerSecondPerGpu);
  }
}

/**
 * What a throughput figure implies of the fastest peak the run's GEMMs can use (`use`: hardware FLOP/s over it) and its MFU
 * (model FLOP/s over the stated precision's peak). Above 1 the figure cannot be right: MFU above 100% of the stated
 * precision's peak is possible only where the GEMMs run in fp8 or fp4, whose peak is then the ceiling. `seconds`: the compute
 * seconds the figure sets, where the caller has them (estimateRun).
 */
export function impliedPeakUse(i: Pick<RunInputs, 'analysis' | 'gpuCount' | 'throughput' | 'precision' | 'peakFlopsPerSecond' | 'gemm'>, seconds = computeSecondsOf(i)): { use: number; mfu: number; precision: Precision } {
  const ceiling = peakCeiling(i);
  const t = i.analysis.totals;
  return { use: t.hardware / (seconds * i.gpuCount * ceiling.peakFlopsPerSecond), mfu: t.model / (seconds * i.gpuCount * i.peakFlopsPerSecond), precision: ceiling.precision };
}

/**
 * The warnings of what a run reads as given (its price's: stale, far above the list; the layout read otherwise than
 * written), which any answer on the run's inputs carries: estimateRun lists them among the run's, and budget FILE,
 * which answers on the same cluster and price, prints them too (newuser35 B6: it printed none of them). The rest of a
 * run's warnings are about its own tokens, energy or constraints, which budget does not answer.
 */
export function inputWarnings(i: Pick<RunInputs, 'layoutNotes' | 'price'>): string[] {
  return [...(i.layoutNotes ?? []), ...(i.price.warnings ?? [])];
}

export function estimateRun(i: RunInputs): RunResult {
  const t = i.analysis.totals;
  const n = i.gpuCount;
  const computeSeconds = computeSecondsOf(i);
  // The figure given is echoed as given, the others derived from the seconds it set: derived back
  // from those seconds, a utilization of 0.117 came back 0.11699999999999999 (44% of random inputs).
  const g = i.throughput;
  const ofPeak = (flops: number) => flops / (computeSeconds * n * i.peakFlopsPerSecond);
  const noRecompute = t.hardware === t.model;
  const hfuGiven = g.kind === 'achieved_tflops' ? g.hardwareFlopsPerSecondPerGpu / i.peakFlopsPerSecond : undefined;
  const mfu = g.kind === 'utilization' || g.kind === 'predicted' ? g.mfu : noRecompute && hfuGiven !== undefined ? hfuGiven : ofPeak(t.model);
  const hfu = hfuGiven ?? (noRecompute ? mfu : ofPeak(t.hardware));
  const achievedFlopsPerSecondPerGpu = g.kind === 'achieved_tflops' ? g.hardwareFlopsPerSecondPerGpu : t.hardware / (computeSeconds * n);
  const tokensPerSecond = g.kind === 'tokens_per_second_per_gpu' ? n * g.tokensPerSecondPerGpu : t.tokens / computeSeconds;
  const warnings: string[] = [...i.analysis.warnings, ...(i.layoutNotes ?? [])];
  // Above the fastest peak the run's GEMMs can use, the throughput cannot be right (a scenario's given figure is refused
  // there: scenario/resolve.ts; this tells any other caller).
  const ceiling = impliedPeakUse(i, computeSeconds);
  if (ceiling.use > 1) warnings.push(`implied hardware utilisation ${pct(ceiling.use, 0)} exceeds the ${ceiling.precision} peak: check the throughput figure`);
  const steps = i.globalBatchTokens ? Math.ceil(t.tokens / i.globalBatchTokens) : null;
  // Steps are whole (rounded up) while FLOPs, time and cost count the tokens asked: a batch larger than all of them
  // printed "1 step" as if it fitted (hostile sweep 22: 1M tokens at a 4M-token batch).
  if (i.globalBatchTokens && t.tokens < i.globalBatchTokens) {
    warnings.push(`training.tokens (${int(t.tokens)}) is less than one step's global batch (${int(i.globalBatchTokens)} tokens): steps are rounded up to whole ones, so the run is 1 step, which trains ${int(i.globalBatchTokens)} tokens; the FLOPs, time and cost here count the ${int(t.tokens)} asked`);
  }
  const goodput = goodputFor(i.overheads, n);
  const wallClockSeconds = computeSeconds / goodput.goodput;
  const gpuHours = (wallClockSeconds * n) / 3600;
  const tdp = i.hardware.tdpWatts;
  const energyKwh = tdp === null ? null : (n * tdp * i.energy.powerFraction * (wallClockSeconds / 3600) * i.energy.pue) / 1000;
  // With electricity priced, the cost then leaves it out, and compares low against a GPU whose energy is
  // counted (tpu-v5p beside h100-sxm at usd_per_kwh 0.1 was marked cheapest by what it did not count).
  if (tdp === null) warnings.push(`${i.hardware.id} has no published TDP: energy and CO2 are not estimated${i.energy.usdPerKwh > 0 ? `, and its cost leaves out electricity at ${usdRate(i.energy.usdPerKwh, 2, true)}/kWh` : ''}`);
  const computeUsd = gpuHours * i.price.usdPerGpuHour;
  const commitment = commitmentFor(i.price, wallClockSeconds / 3600, n);
  if (commitment && commitment.terms > 1 && i.price.termHours !== 'whole days') {
    warnings.push(`the run (${durationNoun(wallClockSeconds)}) is longer than the ${fixed(commitment.termHours / 24, 1)}-day term: the commitment is renewed, ${int(commitment.terms)} terms in all`);
  }
  warnings.push(...(i.price.warnings ?? []));
  const energyUsd = energyKwh === null ? 0 : energyKwh * i.energy.usdPerKwh;
  const totalUsd = computeUsd + energyUsd + i.fixedUsd;
  const c = i.constraints ?? {};
  const obligated = obligatedUsd({ cost: { computeUsd, energyUsd, fixedUsd: i.fixedUsd, totalUsd }, commitment });
  if (c.budgetUsd !== undefined && commitment && compareNear(totalUsd, c.budgetUsd) <= 0 && compareNear(obligated, c.budgetUsd) > 0) {
    warnings.push(`the commitment obliges ${usd(commitment.usd)} (${commitment.terms > 1 ? `${int(commitment.terms)} terms` : 'the whole term'}), over the ${usd(c.budgetUsd)} budget, though the run's share, ${usd(totalUsd)}, fits`);
  }
  const note = attentionConventionNote(i, { mfu, hfu, wallClockSeconds });
  return {
    name: i.name,
    inputs: i,
    modelFlops: t.model,
    hardwareFlops: t.hardware,
    achievedFlopsPerSecondPerGpu,
    mfu,
    hfu,
    tokensPerSecond,
    steps,
    computeSeconds,
    goodput,
    wallClockSeconds,
    gpuHours,
    cost: { computeUsd, energyUsd, fixedUsd: i.fixedUsd, totalUsd },
    commitment,
    energyKwh,
    co2Kg: energyKwh === null ? null : energyKwh * i.energy.kgCo2PerKwh,
    // Within the relative tie every mark uses, a run exactly on its deadline or budget meets it (float noise of 1e-16 failed it).
    meetsDeadline: c.deadlineSeconds === undefined ? null : compareNear(wallClockSeconds, c.deadlineSeconds) <= 0,
    meetsBudget: c.budgetUsd === undefined ? null : compareNear(obligated, c.budgetUsd) <= 0,
    warnings,
    ...(note ? { attentionConvention: note } : {}),
  };
}

/**
 * The money an option commits its buyer to, what budgets are checked against and options ranked by
 * (cheapest, Pareto, --sort cost, the recommendation): the run's cost, or with a commitment the whole
 * contract (GPUs × term × rate, never less than the run's GPU-hours) plus the run's energy and fixed
 * costs. A 1-year reservation of 512 GPUs for a 2-month run obliges the year: ranked by the run's
 * share alone it was 'the cheapest' beside an on-demand option that costs less in all.
 */
export function obligatedUsd(r: Pick<RunResult, 'cost' | 'commitment'>): number {
  return r.commitment ? r.commitment.usd + r.cost.energyUsd + r.cost.fixedUsd : r.cost.totalUsd;
}

/** Whole terms of the commitment the run needs; equal within a relative 1e-9 counts as fitting. */
function commitmentFor(price: PriceUsed, wallClockHours: number, gpuCount: number): Commitment | null {
  if (price.termHours === undefined) return null;
  const termHours = price.termHours === 'whole days' ? Math.ceil(wallClockHours / 24 - 1e-9) * 24 : price.termHours;
  const terms = Math.max(1, Math.ceil(wallClockHours / termHours - 1e-9));
  return { usd: gpuCount * termHours * terms * price.usdPerGpuHour, termHours, terms };
}

/**
 * The first quantity of a result that is not a finite number, in the order they are computed
 * (FLOPs, then time, then money and energy), or undefined when all are finite. Extreme but valid
 * inputs (1e300 tokens, 1e-300 TFLOP/s) overflow here; the caller names the input responsible.
 */
export type ResultQuantity = 'modelFlops' | 'hardwareFlops' | 'computeSeconds' | 'throughput' | 'wallClockSeconds' | 'gpuHours' | 'energyKwh' | 'computeUsd' | 'energyUsd' | 'co2Kg' | 'totalUsd';

export function firstNonFinite(r: RunResult): ResultQuantity | undefined {
  const checks: [ResultQuantity, number | null][] = [
    ['modelFlops', r.modelFlops],
    ['hardwareFlops', r.hardwareFlops],
    ['computeSeconds', r.computeSeconds > 0 ? r.computeSeconds : NaN],
    ['throughput', r.mfu],
    ['throughput', r.hfu],
    ['throughput', r.achievedFlopsPerSecondPerGpu],
    ['throughput', r.tokensPerSecond],
    ['wallClockSeconds', r.wallClockSeconds],
    ['gpuHours', r.gpuHours],
    ['energyKwh', r.energyKwh],
    ['computeUsd', r.cost.computeUsd],
    ['energyUsd', r.cost.energyUsd],
    ['co2Kg', r.co2Kg],
    ['totalUsd', r.cost.totalUsd],
  ];
  for (const [name, v] of checks) if (v !== null && !Number.isFinite(v)) return name;
  return undefined;
}

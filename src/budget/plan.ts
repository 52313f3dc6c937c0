/**
 * `flopcast budget`: what a budget buys. A dollar amount or a deadline becomes a compute budget
 * (FLOPs = GPU-seconds × dense peak × utilisation), then a compute-optimal model size and token
 * count (src/budget/chinchilla.ts); the inverse prices a given model and token count with the
 * same estimator as `flopcast run`. Pure.
 */
import { describeNumber, InputError } from '../input/errors.js';
import { DEFAULT_KG_CO2_PER_KWH } from '../scenario/schema.js';
import type { FlopAnalysis } from '../flops/analyse.js';
import { estimateRun, type RunInputs, type RunResult, type Throughput } from '../estimate/run.js';
import { attentionConventionNote } from '../estimate/attentionNote.js';
import { compareNear } from '../estimate/compare.js';
import { flopsForTokens } from '../flops/budget.js';
import { int, plural, sci } from '../report/format.js';
import type { Precision } from '../hardware/schema.js';
import type { HardwareProfile } from '../hardware/toProfile.js';
import { CHINCHILLA, chinchillaLoss, lawOptimal, ruleOfThumb, trainingFlops, type Allocation } from './chinchilla.js';

/** A budget's FLOPs in a refusal: as the other FLOP figures are printed (sci) from a million on ("buys 396000000000000
 * model FLOPs" was unreadable), a small count as it is (120). */
const flopsShown = (flops: number): string => (flops >= 1e6 ? sci(flops) : describeNumber(Number(flops.toPrecision(3))));

export interface Cluster {
  hardware: HardwareProfile;
  precision: Precision;
  peakFlopsPerSecond: number;
  /** Model FLOPs utilisation (MFU). */
  utilization: number;
  /** GPUs; needed for wall-clock time. */
  gpuCount?: number;
  /**
   * Fraction of the wall-clock spent on useful steps (a scenario's overheads.goodput, or what its checkpoints and
   * failures leave; `flopcast run` divides the compute time by it, src/estimate/run.ts). Default 1.
   */
  goodput?: number;
  /**
   * `warnings`: the price's own (a given price far from the list, pricing/givenPrice.ts; a stale list price), which the
   * answer's JSON carries as run's results[].warnings does; the text prints them on stderr.
   */
  price: { usdPerGpuHour: number; source: string; providers: string[]; warnings?: string[] } | null;
  /**
   * The PUE and the share of the TDP the energy is counted at (a scenario's `energy`: budget FILE, so that its MWh are
   * `flopcast run`'s for the same tokens; they were PUE 1 at the full TDP whatever the file said). Default PUE 1, the
   * full TDP. Its price per kWh is not read: the dollars buy compute alone.
   */
  energy?: Pick<RunInputs['energy'], 'pue' | 'powerFraction'>;
  /**
   * For a given model's note on its attention convention (estimate/attentionNote.ts), as run notes it: whether the
   * convention was chosen (--attention, training.attention), what the MFU came from (a given utilization or
   * achieved_tflops is read under the counted convention, so the answer moves with it; a predicted step or tokens/s is
   * timed either way), and whose words name them (--model's flags, the default --utilization where it was left out, a scenario's keys). Absent: no note.
   */
  convention?: { attentionGiven: boolean; throughput: Throughput; words: 'flags' | 'default flags' | 'scenario' };
}

/**
 * The cluster a resolved scenario run prices (`budget FILE`): its GPU, count, precision and peak, the MFU it runs at
 * (given, or predicted for `utilization: auto`, or implied by achieved_tflops or tokens/s: estimateRun's mfu), its
 * price per GPU-hour and its goodput, so that the tokens budget finds cost, in `flopcast run`, what was given.
 */
export function clusterOfRun(r: RunResult): Cluster & { gpuCount: number } {
  const i = r.inputs;
  return {
    hardware: i.hardware, precision: i.precision, peakFlopsPerSecond: i.peakFlopsPerSecond, utilization: r.mfu, gpuCount: i.gpuCount,
    price: i.price.usdPerGpuHour > 0 ? { usdPerGpuHour: i.price.usdPerGpuHour, source: i.price.source, providers: i.price.providers, ...(i.price.warnings?.length ? { warnings: i.price.warnings } : {}) } : null,
    goodput: r.goodput.goodput,
    energy: { pue: i.energy.pue, powerFraction: i.energy.powerFraction },
    ...(i.attentionGiven !== undefined ? { convention: { attentionGiven: i.attentionGiven, throughput: i.throughput, words: 'scenario' as const } } : {}),
  };
}

/** Dollars, a deadline, or both (the tighter binds); or a compute budget in FLOPs directly. */
export type BudgetTarget = { usd?: number; deadlineSeconds?: number; flops?: undefined } | { flops: number; usd?: undefined; deadlineSeconds?: undefined };

export interface ComputeBudget {
  target: BudgetTarget;
  /** Model FLOPs the budget buys. */
  flops: number;
  gpuHours: number;
  /** Wall-clock, when the GPU count is known. */
  wallClockSeconds: number | null;
  /** Compute cost, when the price is known. */
  costUsd: number | null;
  /** Which of the dollars and the deadline limits the compute (null for a FLOP budget). */
  binding: 'usd' | 'deadline' | null;
}

export interface BudgetPlan {
  cluster: Cluster;
  budget: ComputeBudget;
  /** ~20 tokens per parameter. */
  ruleOfThumb: Allocation & { flops: number };
  /** The Approach 3 loss law's own optimum. */
  lawOptimal: Allocation & { flops: number };
}

/**
 * GPU-hours × goodput × 3600 × peak × MFU = FLOPs (run's wall-clock = compute time / goodput, inverted); with dollars
 * and a deadline, the fewer GPU-hours bind.
 */
export function computeBudget(target: BudgetTarget, c: Cluster): ComputeBudget {
  const perGpuSecond = c.peakFlopsPerSecond * c.utilization * (c.goodput ?? 1);
  const price = c.price && c.price.usdPerGpuHour > 0 ? c.price.usdPerGpuHour : null;
  const from = (gpuHours: number, binding: ComputeBudget['binding'], flops = gpuHours * 3600 * perGpuSecond): ComputeBudget => ({
    target, flops, gpuHours,
    wallClockSeconds: c.gpuCount ? (gpuHours * 3600) / c.gpuCount : null,
    costUsd: price === null ? null : gpuHours * price, binding,
  });
  if (target.flops !== undefined) return from(target.flops / (3600 * perGpuSecond), null, target.flops);
  const options: [number, 'usd' | 'deadline'][] = [];
  if (target.usd !== undefined) {
    if (price === null) throw new Error('a price per GPU-hour is needed to turn dollars into compute');
    options.push([target.usd / price, 'usd']);
  }
  if (target.deadlineSeconds !== undefined) {
    if (!c.gpuCount) throw new Error('a GPU count is needed to turn a deadline into compute');
    options.push([(target.deadlineSeconds * c.gpuCount) / 3600, 'deadline']);
  }
  if (!options.length) throw new Error('a budget needs dollars, a deadline or FLOPs');
  const [gpuHours, binding] = options.reduce((a, b) => (b[0] < a[0] ? b : a));
  return from(gpuHours, binding);
}

/**
 * `blame` names what sized the compute (the CLI: the options the user gave, `--usd and --price`),
 * given which of the dollars and the deadline binds.
 */
export function planBudget(target: BudgetTarget, c: Cluster, blame?: (binding: ComputeBudget['binding']) => string): BudgetPlan {
  const budget = computeBudget(target, c);
  const r = ruleOfThumb(budget.flops);
  const l = lawOptimal(budget.flops);
  // `--utilization 1e-320` bought 3.7e-296 FLOPs and printed a model of 1.8e-149 parameters. The rule's smallest model is one
  // parameter on its 20 tokens, 120 FLOPs: the message said 'one parameter trained on one token' (6 FLOPs) of 100.
  if (Math.min(r.params, r.tokens, l.params, l.tokens) < 1) {
    const tpp = CHINCHILLA.tokensPerParam;
    const smallest = r.params < 1 || r.tokens < 1
      ? `the smallest model of the ${tpp}-tokens-per-parameter rule, one parameter on ${tpp} tokens, takes ${describeNumber(trainingFlops(1, tpp))}`
      : "the loss law's optimum is under one parameter or one token";
    throw new InputError(`the budget buys ${flopsShown(budget.flops)} model FLOPs, too few: ${smallest}`, {
      ...(blame ? { keyPath: blame(budget.binding) } : {}), hint: 'check the size of each value and its unit',
    });
  }
  return {
    cluster: c,
    budget,
    ruleOfThumb: { ...r, flops: trainingFlops(r.params, r.tokens) },
    lawOptimal: { ...l, flops: trainingFlops(l.params, l.tokens) },
  };
}

export interface ModelCost {
  /** With `attentionConvention` where the cluster's convention note applies (Cluster.convention). */
  run: RunResult;
  /** The cluster's convention (Cluster.convention), where it has one: what the note's figure is and whose words name it. */
  convention?: NonNullable<Cluster['convention']>;
  /** Tokens per active parameter (per parameter for a dense model). */
  tokensPerParam: number;
  /** The loss law at this model's active parameters and tokens. */
  loss: number;
  /** What the same 6ND compute (active parameters × tokens × 6, as printed) would buy if allocated compute-optimally. */
  ruleOfThumb: Allocation;
  lawOptimal: Allocation;
}

const NO_ENERGY: RunInputs['energy'] = { pue: 1, usdPerKwh: 0, kgCo2PerKwh: DEFAULT_KG_CO2_PER_KWH, powerFraction: 1 };

/**
 * The inverse: what a given model and token budget costs on a cluster (`flopcast run`'s estimator). `constraints`: a
 * budget or deadline to check it against (estimateRun's meetsBudget / meetsDeadline, within its relative tie).
 */
export function costModel(analysis: FlopAnalysis, c: Cluster & { gpuCount: number }, constraints?: RunInputs['constraints']): ModelCost {
  const run = estimateRun({
    name: `${analysis.arch.name} on ${c.gpuCount} × ${c.hardware.id}`,
    label: '',
    analysis,
    hardware: c.hardware,
    precision: c.precision,
    peakFlopsPerSecond: c.peakFlopsPerSecond,
    gpuCount: c.gpuCount,
    throughput: { kind: 'utilization', mfu: c.utilization },
    globalBatchTokens: null,
    price: c.price ? { ...c.price, kind: 'on_demand' } : { usdPerGpuHour: 0, source: 'no price given', kind: 'given', providers: [] },
    fixedUsd: 0,
    energy: { ...NO_ENERGY, ...c.energy },
    ...(c.goodput !== undefined ? { overheads: { goodput: c.goodput } } : {}),
    ...(constraints ? { constraints } : {}),
  });
  // N is the parameters each token's compute touches, the N of C = 6ND (src/flops/budget.ts sixNd, the
  // 6ND the output prints): an MoE's active parameters, a dense model's all. C = 6ND and L(N, D) take the
  // same N (Hoffmann et al. 2022, Eq. 4), so the law's optimum is never worse than the model at its compute.
  const n = analysis.params.active;
  const d = analysis.totals.tokens;
  const sixNd = analysis.totals.sixNd;
  const cv = c.convention;
  return { run: withConventionNote(run, cv), ...(cv ? { convention: cv } : {}), tokensPerParam: d / n, loss: chinchillaLoss(n, d), ruleOfThumb: ruleOfThumb(sixNd), lawOptimal: lawOptimal(sixNd) };
}

/**
 * The run with run's attention-convention note (estimate/attentionNote.ts) on the figure the cluster's MFU came from,
 * not the utilization budget runs at: a scenario's predicted step is timed either way, its achieved_tflops moves the
 * time by the hardware ratio. Under a given figure its compute dollars (GPU-hours × price, so × the time's ratio) too.
 */
function withConventionNote(run: RunResult, cv: Cluster['convention']): RunResult {
  if (!cv) return run;
  const note = attentionConventionNote({ analysis: run.inputs.analysis, throughput: cv.throughput, attentionGiven: cv.attentionGiven }, run);
  if (!note) return run;
  const g = note.given;
  const priced = run.inputs.price.usdPerGpuHour > 0;
  if (!g) return { ...run, attentionConvention: note };
  const cost = priced ? { counted: run.cost.computeUsd, other: (run.cost.computeUsd * g.otherWallClockSeconds) / run.wallClockSeconds } : undefined;
  // --usd and --deadline checked as estimateRun checks them (compareNear, on the dollars and the wall-clock), under the other
  // reading too; budget's dollars are the compute's (no energy price, no fixed costs).
  const c = run.inputs.constraints ?? {};
  const within = {
    ...(c.budgetUsd !== undefined && cost && run.meetsBudget !== null ? { usd: { counted: run.meetsBudget, other: compareNear(cost.other, c.budgetUsd) <= 0 } } : {}),
    ...(c.deadlineSeconds !== undefined && run.meetsDeadline !== null ? { deadline: { counted: run.meetsDeadline, other: compareNear(g.otherWallClockSeconds, c.deadlineSeconds) <= 0 } } : {}),
  };
  const given = { ...g, ...(cost ? { cost } : {}), ...(within.usd || within.deadline ? { within } : {}) };
  return { ...run, attentionConvention: { ...note, given } };
}

export interface ModelTokens {
  /** What the dollars and/or deadline buy (computeBudget): GPU-hours, FLOPs, and which binds. */
  budget: ComputeBudget;
  /** The model's exact model FLOPs per token at its sequence length (src/flops/count.ts, as `flops` counts them). */
  flopsPerToken: number;
  /** The whole tokens those FLOPs train, ⌊budget FLOPs / FLOPs per token⌋, priced as `budget --model --tokens` prices them. */
  cost: ModelCost;
  /** Chinchilla's ~20 tokens per (active) parameter for this model (chinchilla.ts CHINCHILLA_RULE_CITATION). */
  optimalTokens: number;
}

/**
 * The third question: how many tokens dollars and/or a deadline buy for a given model. The budget's FLOPs
 * (computeBudget) over the model's exact FLOPs per token (`analysis`, counted at its sequence length), rounded down
 * to whole tokens, then priced by costModel, so that `--tokens` on the tokens found gives back the same cost.
 * `blame` names what sized the compute, as planBudget's.
 */
export function tokensForModel(target: BudgetTarget & { flops?: undefined }, analysis: FlopAnalysis, c: Cluster & { gpuCount: number }, blame?: (binding: ComputeBudget['binding']) => string): ModelTokens {
  const budget = computeBudget(target, c);
  const flopsPerToken = analysis.count.perToken.model;
  const tokens = Math.floor(budget.flops / flopsPerToken);
  // The least a step trains is one sequence: the per-token count is a full sequence's average (its attention grows along it).
  const seqLen = analysis.count.options.seqLen;
  if (!(tokens >= seqLen)) {
    throw new InputError(`the budget buys ${flopsShown(budget.flops)} model FLOPs; at ${sci(flopsPerToken)} FLOPs a token of ${analysis.arch.name} that is ${tokens >= 1 ? plural(int(tokens), 'token') : 'less than one token'}, fewer than one sequence of ${int(seqLen)}`, {
      ...(blame ? { keyPath: blame(budget.binding) } : {}), hint: 'check the size of each value and its unit',
    });
  }
  const at = { ...analysis, totals: flopsForTokens(analysis.arch, analysis.params, analysis.count, tokens) };
  const cost = boughtUnderOther(costModel(at, c), budget.flops / flopsPerToken);
  return { budget, flopsPerToken, cost, optimalTokens: CHINCHILLA.tokensPerParam * analysis.params.active };
}

/**
 * The tokens a budget buys, with a given figure read under the other convention: the dollars or the deadline fix the
 * GPU-hours, and a token takes the time's ratio (otherWallClockSeconds / wallClockSeconds: the model FLOPs' for a given
 * MFU) as long, so the budget buys ⌊tokens / ratio⌋ (`exact`: the budget's FLOPs over a token's, unrounded). The dollars
 * are the budget's either way.
 */
function boughtUnderOther(m: ModelCost, exact: number): ModelCost {
  const n = m.run.attentionConvention;
  if (!n?.given) return m;
  const { cost: _, ...g } = n.given;
  const bought = { counted: m.run.inputs.analysis.totals.tokens, other: Math.floor((exact * m.run.wallClockSeconds) / g.otherWallClockSeconds) };
  return { ...m, run: { ...m.run, attentionConvention: { ...n, given: { ...g, bought } } } };
}

export { CHINCHILLA };

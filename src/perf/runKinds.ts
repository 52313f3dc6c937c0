/**
 * Kinds of run, for "how far to trust it": each validation row falls in the first kind whose test it
 * passes, in the order below (the narrow kinds the model is known to miss first, then the broad ones),
 * so every row is counted once. The README's table is `flopcast validate --by-kind`, checked by a test.
 */
import type { Architecture } from '../model/architecture.js';
import { countParams } from '../model/params.js';
import { median, quantile } from './validateFit.js';
import type { RowSplit } from './splits.js';

/**
 * What the kind tests read of a row: its set, accelerator family, the model (its name, which only a validation row's
 * origin is told by, and its shape: {@link modelKindFacts}) and the inputs that set a kind apart.
 */
export interface KindFacts {
  split: RowSplit;
  family: string;
  model: string;
  moe: boolean;
  /** Parameters a token uses (params.ts countParams().active, embeddings included). */
  activeParams: number;
  /** A SwiGLU clamped before its activation (the model's `swiglu_limit`: GPT-OSS). */
  clampedGlu: boolean;
  fsdp: boolean;
  gemmPrecision: string;
  capacityPadding: boolean;
}

interface RunKind {
  id: string;
  label: string;
  test: (r: KindFacts) => boolean;
  /** A kind of where a validation row came from, not of what a run is: a planned run never falls in it ({@link plannedKindOf}). */
  rowsOnly?: true;
}

export const RUN_KINDS: readonly RunKind[] = [
  // Megatron-LM's CI functional tests (holdout24): toy proxies stepping in 0.02–0.5 s under test-only
  // switches; a kind of their own so that they do not stand for the MoE and dense kinds users' runs fall in.
  { id: 'ci-tests', label: 'Megatron-LM CI functional tests (proxy models, test-only switches)', test: (r) => /^Megatron-LM CI /.test(r.model), rowsOnly: true },
  { id: 'papers', label: '2021–2023 papers (Megatron-LM, MT-NLG, BLOOM, PaLM, Llama 3.1 405B, DeepSeek-V3)', test: (r) => r.split === 'calibration', rowsOnly: true },
  { id: 'padded-moe', label: 'MoE padded to capacity (MaxText dense_matmul, Megatron --moe-pad-expert-input-to-capacity)', test: (r) => r.moe && r.capacityPadding },
  { id: 'amd', label: 'AMD Instinct (MI300X to MI355X)', test: (r) => r.family === 'amd' },
  { id: 'nvfp4', label: 'NVFP4 GEMMs (Blackwell)', test: (r) => r.gemmPrecision === 'fp4' },
  // The two MoE kinds the model misses most, told by the model's shape, not its name: a Qwen3-30B-A3B imported from a
  // config.json in a folder `myq` is named `myq`, and had the broad MoE kind's record.
  { id: 'clamped-glu-moe', label: 'MoE with a clamped SwiGLU (GPT-OSS-120B / 20B)', test: (r) => r.moe && r.clampedGlu },
  { id: 'small-moe', label: 'MoE with at most 5B active parameters (Qwen3-30B-A3B, Moonlight-16B-A3B)', test: (r) => r.moe && r.activeParams <= SMALL_MOE_ACTIVE_PARAMS },
  { id: 'moe', label: 'MoE: DeepSeek-V3, Qwen3-235B-A22B, Kimi K2, Mixtral and others (GPUs and TPUs)', test: (r) => r.moe },
  { id: 'tpu', label: 'dense on TPU (MaxText)', test: (r) => r.family === 'tpu' },
  { id: 'fsdp', label: 'dense, FSDP / ZeRO-3 (llm-foundry, TorchTitan, Megatron-FSDP, NeMo Automodel, MaxText on GPUs)', test: (r) => r.fsdp },
  // The rest: dense runs that are not FSDP, on GPUs; mostly Megatron-Core / NeMo, also plain data parallelism in other stacks (PaxML's DP rows).
  { id: 'megatron', label: 'dense, Megatron-Core / NeMo layouts (TP/PP/CP) and other data-parallel runs on GPUs, FP8 and BF16', test: () => true },
];

/**
 * Where a "small" MoE ends: the kind of Qwen3-30B-A3B (3.35B active, by flopcast's count, which has the embeddings in
 * it) and Moonlight-16B-A3B (2.91B), whose layers are narrow (hidden 2048) and whose steps the fixed cost of each kernel
 * and collective weighs on most. Of the MoE models whose validation rows reach this kind (not padded, not CI proxies,
 * no clamped SwiGLU), the next above is Mixtral 8x7B at 12.9B, so any bound between classes the rows alike; 5B is a
 * round one near the runs the record holds, beyond which it says nothing.
 */
export const SMALL_MOE_ACTIVE_PARAMS = 5e9;

/** The kind facts a model gives (its name for a row's origin, its shape for the kinds a run is). */
export function modelKindFacts(a: Architecture): Pick<KindFacts, 'model' | 'moe' | 'activeParams' | 'clampedGlu'> {
  return { model: a.name, moe: a.moe !== null, activeParams: countParams(a).active, clampedGlu: a.swigluLimit !== undefined };
}

/** The first kind a row passes (the last kind takes every row). */
export function kindOf(r: KindFacts): string {
  return RUN_KINDS.find((k) => k.test(r))!.id;
}

/**
 * The kind a planned run is: the first it passes of those that are not a validation row's origin (rowsOnly). A run is
 * neither a calibration paper's row nor one of Megatron-LM's CI tests, whose kind is told by the model's name alone: a
 * model a user named 'Megatron-LM CI …' had the CI tests' record, 8 in 10 errors +125% to +421%, and a band of a
 * fifth to under half its prediction (hostile sweep 29).
 */
export function plannedKindOf(r: Omit<KindFacts, 'split'>): string {
  return RUN_KINDS.find((k) => !k.rowsOnly && k.test({ ...r, split: 'test' }))!.id;
}

export interface KindSummary {
  kind: string;
  label: string;
  rows: number;
  median_abs_error: number;
  /** The median signed error: positive = the model is optimistic for this kind (predicts it faster than measured). */
  median_error: number;
  /** Signed errors (predicted / reported throughput − 1): the most negative and the most positive. */
  min_error: number;
  max_error: number;
  /**
   * The 10th and 90th percentiles of the signed errors ({@link quantile}): eight in ten of the kind's runs erred
   * between them. A prediction's band (scenario/throughput.ts predictedBand) is read from them.
   */
  error_p10: number;
  error_p90: number;
  /** The band's test on sources it was not drawn from ({@link heldOutBand}): rows with a band from other sources, and how many of them fell inside it. */
  band_held_out: { rows: number; inside: number };
  within_15_percent: number;
  /** The rows per accelerator (hardware profile id), keys sorted: how much of the record is about the GPU a prediction is for. */
  gpus: Record<string, number>;
}

/** Per kind (in RUN_KINDS order, empty kinds left out): rows, median |error|, median signed error, range, 10th and 90th percentiles, how many within ±15% and the rows per accelerator. */
export function summariseKinds(rows: readonly { kind: string; error: number; gpu: string; sourceKey: string }[]): KindSummary[] {
  return RUN_KINDS.flatMap((k) => {
    const of = rows.filter((r) => r.kind === k.id);
    const e = of.map((r) => r.error);
    if (!e.length) return [];
    return [{ kind: k.id, label: k.label, rows: e.length, median_abs_error: median(e.map(Math.abs)), median_error: median(e), min_error: Math.min(...e), max_error: Math.max(...e), ...bandFields(errorBand(e)), band_held_out: heldOutBand(of), within_15_percent: e.filter((x) => Math.abs(x) <= 0.15).length, gpus: countByGpu(of) }];
  });
}

/** A kind's 8-in-10 band: the 10th and 90th percentiles of its signed errors ({@link quantile}). */
function errorBand(errors: readonly number[]): [number, number] {
  return [quantile(errors, 0.1), quantile(errors, 0.9)];
}

const bandFields = ([p10, p90]: [number, number]) => ({ error_p10: p10, error_p90: p90 });

/**
 * Whether the 8-in-10 band holds on runs it was not drawn from: each row against the {@link errorBand} of its
 * kind's rows from OTHER sources (leave one source out, as validate's cross-validation folds), the row inside when
 * p10 ≤ error ≤ p90. A source whose kind has no row from another source is not tested. An exact band holds 80%.
 */
export function heldOutBand(rows: readonly { error: number; sourceKey: string }[]): { rows: number; inside: number } {
  let tested = 0;
  let inside = 0;
  for (const source of new Set(rows.map((r) => r.sourceKey))) {
    const others = rows.filter((r) => r.sourceKey !== source).map((r) => r.error);
    if (!others.length) continue;
    const [lo, hi] = errorBand(others);
    for (const r of rows) {
      if (r.sourceKey !== source) continue;
      tested++;
      if (r.error >= lo && r.error <= hi) inside++;
    }
  }
  return { rows: tested, inside };
}

/** Rows per accelerator id, keys in sorted order (stable JSON). */
function countByGpu(rows: readonly { gpu: string }[]): Record<string, number> {
  const n = new Map<string, number>();
  for (const r of rows) n.set(r.gpu, (n.get(r.gpu) ?? 0) + 1);
  return Object.fromEntries([...n].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

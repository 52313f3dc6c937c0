/**
 * Predicted against published: for each row of validation/published-runs.yaml, the model's MFU
 * (or HFU where the publication counts recomputation) and step time next to the reported ones,
 * with per-row relative errors and the median and worst. Pure: the caller resolves models and
 * hardware profiles.
 */
import { z } from 'zod';
import type { HardwareProfile } from '../hardware/schema.js';
import type { Architecture } from '../model/architecture.js';
import { ModelSchema, toArchitecture } from '../model/schema.js';
import { evaluateLayout, runContext } from './evaluate.js';
import { assertLayout, partialFromFields, withDefaults, type Layout } from './layout.js';
import { plan } from './plan.js';
import type { NetworkOverride } from './network.js';

const LayoutSchema = z.strictObject({
  tp: z.number().int().positive().optional(),
  pp: z.number().int().positive().optional(),
  dp: z.number().int().positive().optional(),
  cp: z.number().int().positive().optional(),
  ep: z.number().int().positive().optional(),
  micro_batch: z.number().int().positive().optional(),
  schedule: z.enum(['1f1b', 'interleaved', 'dualpipe']).optional(),
  virtual_stages: z.number().int().positive().optional(),
  zero_stage: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
  sequence_parallel: z.boolean().optional(),
  recompute: z.enum(['none', 'selective', 'full']).optional(),
});

export const ValidationRowSchema = z.strictObject({
  name: z.string().min(1),
  source: z.string().min(1),
  notes: z.array(z.string()).default([]),
  model: z.string().optional(),
  architecture: ModelSchema.optional(),
  gpu: z.string().min(1),
  gpu_count: z.number().int().positive(),
  seq_len: z.number().int().positive().optional(),
  global_batch: z.number().int().positive(),
  precision: z.enum(['bf16', 'fp16', 'fp8']).default('bf16'),
  /** Precision the transformer-layer GEMMs ran in when it differs from `precision` (the MFU denominator), e.g. DeepSeek-V3's FP8 GEMMs. */
  gemm_precision: z.enum(['bf16', 'fp16', 'fp8']).optional(),
  /** Node-limited MoE routing: the most nodes a token's experts may span (DeepSeek-V3 M = 4). */
  moe_max_nodes: z.number().int().positive().optional(),
  attention: z.enum(['full', 'causal']).default('full'),
  flash_attention: z.boolean().default(true),
  /** false where the software reduced gradients after the pipeline flush (Megatron-LM 2021, DeepSpeed's pipeline engine). */
  overlap_grad_reduce: z.boolean().default(true),
  /** false where gradients were accumulated outside the weight-gradient GEMM (Megatron-LM 2021, DeepSpeed). */
  grad_accumulation_fusion: z.boolean().default(true),
  uneven_stages: z.boolean().default(false),
  layout: LayoutSchema,
  /** Network overrides in SI units (bytes/s per GPU, one direction). */
  network: z.strictObject({ scale_out_bytes_per_second: z.number().positive().optional(), scale_up_bytes_per_second: z.number().positive().optional(), domain_size: z.number().int().positive().optional() }).optional(),
  reported: z.strictObject({ mfu: z.number().positive().optional(), hfu: z.number().positive().optional(), step_seconds: z.number().positive().optional() }),
  /**
   * A whole run's reported accelerator-hours for its training tokens (issue 5: predicted vs reported
   * GPU-hours). The prediction is steady-state, so predicted / reported is the run's implied goodput
   * (restarts, ramps, slower phases); `note` says what the reported figure covers.
   */
  full_run: z.strictObject({ tokens: z.number().positive(), gpu_hours: z.number().positive(), note: z.string().min(1) }).optional(),
}).refine((r) => (r.model === undefined) !== (r.architecture === undefined), { message: 'give exactly one of model and architecture' });

export const ValidationFileSchema = z.strictObject({ rows: z.array(ValidationRowSchema).min(1) });
export type ValidationRow = z.output<typeof ValidationRowSchema>;

export interface RowResult {
  name: string;
  source: string;
  layout: Layout;
  searched: boolean;
  /** 'mfu' or 'hfu': the figure compared (hfu where the publication counts recomputation and gives no MFU). */
  metric: 'mfu' | 'hfu' | null;
  predicted: number | null;
  reported: number | null;
  error: number | null;
  predictedStepSeconds: number;
  reportedStepSeconds: number | null;
  stepError: number | null;
  fits: boolean;
  /** Rows reporting a whole run: steady-state GPU-hours for its tokens against the reported ones. */
  fullRun: { tokens: number; predictedGpuHours: number; reportedGpuHours: number; ratio: number; note: string } | null;
}

export interface ValidationReport {
  rows: RowResult[];
  utilization: { median: number; worst: number; worstRow: string };
  stepTime: { mean: number; worst: number; n: number };
}

export interface Resolvers {
  model: (id: string) => Architecture;
  hardware: (id: string) => HardwareProfile;
}

function networkOverride(row: ValidationRow): NetworkOverride | undefined {
  const n = row.network;
  if (!n) return undefined;
  const o: NetworkOverride = {};
  if (n.scale_up_bytes_per_second !== undefined || n.domain_size !== undefined) {
    o.scaleUp = {};
    if (n.scale_up_bytes_per_second !== undefined) o.scaleUp.bandwidthBytesPerSecond = n.scale_up_bytes_per_second;
    if (n.domain_size !== undefined) o.scaleUp.domainSize = n.domain_size;
  }
  if (n.scale_out_bytes_per_second !== undefined) o.scaleOut = { bandwidthBytesPerSecond: n.scale_out_bytes_per_second };
  return o;
}

export function validateRow(row: ValidationRow, r: Resolvers): RowResult {
  const arch = row.architecture ? toArchitecture(row.architecture, row.name) : r.model(row.model!);
  const hw = r.hardware(row.gpu);
  const ctx = runContext(arch, hw, { seqLen: row.seq_len, globalBatchSequences: row.global_batch, gpuCount: row.gpu_count, precision: row.precision, gemmPrecision: row.gemm_precision, moeMaxNodes: row.moe_max_nodes, attention: row.attention, flashAttention: row.flash_attention, overlapGradReduce: row.overlap_grad_reduce, gradAccumulationFusion: row.grad_accumulation_fusion, network: networkOverride(row) });
  const partial = partialFromFields(row.layout);
  let ev;
  const whole: Layout | null = withDefaults(arch, partial); // etp and shard_group take their defaults (layout.ts)
  const complete = whole !== null;
  if (whole) {
    assertLayout(arch, row.gpu_count, row.global_batch, whole, { seqLen: ctx.seqLen, unevenStages: row.uneven_stages });
    ev = evaluateLayout(ctx, whole);
  } else {
    // Unreported fields: the fastest layout that fits; if none fits, the fastest regardless of memory.
    ev = plan(ctx, partial, { top: 1, unevenStages: row.uneven_stages }).best[0] ?? plan({ ...ctx, hw: { ...hw, memoryBytes: Infinity } }, partial, { top: 1, unevenStages: row.uneven_stages }).best[0];
    if (!ev) throw new Error(`validation row ${row.name}: no valid layout`);
  }
  const p = ev.prediction;
  const metric = row.reported.mfu !== undefined ? 'mfu' : row.reported.hfu !== undefined ? 'hfu' : null;
  const reported = metric ? row.reported[metric]! : null;
  const predicted = metric ? p[metric] : null;
  const rs = row.reported.step_seconds ?? null;
  const fr = row.full_run;
  // GPU-hours = tokens / (tokens per second) × GPUs / 3600, at the predicted steady-state step time.
  const predictedGpuHours = fr ? (fr.tokens / p.tokensPerSecond) * row.gpu_count / 3600 : 0;
  return {
    name: row.name, source: row.source, layout: ev.layout, searched: !complete, metric, predicted, reported,
    error: predicted !== null && reported !== null ? predicted / reported - 1 : null,
    predictedStepSeconds: p.stepTimeSeconds, reportedStepSeconds: rs, stepError: rs ? p.stepTimeSeconds / rs - 1 : null,
    fits: ev.memory.fits,
    fullRun: fr ? { tokens: fr.tokens, predictedGpuHours, reportedGpuHours: fr.gpu_hours, ratio: predictedGpuHours / fr.gpu_hours, note: fr.note } : null,
  };
}

export function validateRuns(rows: ValidationRow[], r: Resolvers): ValidationReport {
  const results = rows.map((row) => validateRow(row, r));
  const u = results.filter((x) => x.error !== null);
  const abs = u.map((x) => Math.abs(x.error!)).sort((a, b) => a - b);
  const worstRow = u.reduce((w, x) => (Math.abs(x.error!) > Math.abs(w?.error ?? 0) ? x : w), u[0]);
  const st = results.filter((x) => x.stepError !== null).map((x) => Math.abs(x.stepError!));
  return {
    rows: results,
    utilization: { median: median(abs), worst: abs[abs.length - 1] ?? 0, worstRow: worstRow?.name ?? '' },
    stepTime: { mean: st.reduce((a, b) => a + b, 0) / Math.max(1, st.length), worst: Math.max(0, ...st), n: st.length },
  };
}

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2;
}

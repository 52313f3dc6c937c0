/**
 * What a run that gives no global batch is told to write. Where the file fixes the micro-batch and the data-parallel
 * degree (dp, or count ÷ (tp · pp · cp), a degree left out at 1), the hint names the batch a step holds without gradient
 * accumulation: the global batch TorchTitan trains when its toml writes none (torchtitan/config/job_config.py @
 * 6404b93, Training.global_batch_size = -1: "defaults to `training.local_batch_size * data-parallel degree`") and
 * MaxText's per_device_batch_size × the devices (base.yml). A recipe of theirs written as a scenario had only
 * "add training.global_batch" (writable34: torchtitan's deepseek_v3_671b.toml, local_batch_size 4 over every rank). Pure.
 */
import { plural } from '../report/format.js';

/** The fixed layout fields the batch is read from (cluster.parallelism, or a query's over it). */
export interface BatchFields {
  micro_batch?: number | undefined;
  dp?: number | undefined;
  tp?: number | undefined;
  pp?: number | undefined;
  cp?: number | undefined;
}

/**
 * micro_batch × dp where the run fixes the micro-batch: dp as fixed, or the GPUs the model degrees leave, a degree left
 * out at 1 as TorchTitan's and MaxText's are (`assumed` names those); undefined without a micro-batch or a whole dp.
 */
export function batchWithoutAccumulation(f: BatchFields | undefined, gpuCount: number): { microBatch: number; dp: number; sequences: number; assumed: string[] } | undefined {
  if (f?.micro_batch === undefined) return undefined;
  const degrees = (['tp', 'pp', 'cp'] as const).map((k) => [k, f[k]] as const);
  const model = degrees.reduce((p, [, d]) => p * (d ?? 1), 1);
  const dp = f.dp ?? (gpuCount % model === 0 ? gpuCount / model : undefined);
  const assumed = f.dp === undefined ? degrees.filter(([, d]) => d === undefined).map(([k]) => k) : [];
  return dp === undefined ? undefined : { microBatch: f.micro_batch, dp, sequences: f.micro_batch * dp, assumed };
}

/** `base` (what to add), and where the run fixes micro_batch, the global batch it makes with dp without accumulation. */
export function missingBatchHint(base: string, f: BatchFields | undefined, gpuCount: number): string {
  const b = batchWithoutAccumulation(f, gpuCount);
  if (b === undefined) return base;
  const at1 = b.assumed.length ? ` (${b.assumed.join(', ')} left out, at 1)` : '';
  // dp read from the count is this run's (a matrix over cluster.count makes others; review34): the count is named.
  const ofCount = f?.dp === undefined ? ` of ${plural(gpuCount, 'GPU')}` : '';
  return `${base}; without gradient accumulation micro_batch ${b.microBatch} × dp ${b.dp}${ofCount}${at1} is global_batch: ${b.sequences}, as TorchTitan trains a toml that writes none and MaxText per_device_batch_size × the devices`;
}

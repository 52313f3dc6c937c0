/** The core's own answer for the page's inputs, from a scenario file written here and loaded as the CLI loads it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarios } from '../cliLoad.js';
import type { ResolvedRun } from '../../src/scenario/resolve.js';

export interface CoreInputs {
  model: string;
  tokens: string;
  globalBatch: number;
  /** training.precision; absent, the scenario's default (bf16). */
  precision?: string;
  utilization: string;
  gpu: string;
  count: number;
  usdPerGpuHour?: number;
}

export function coreRun(i: CoreInputs): ResolvedRun {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-ui-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, [
    `model: ${i.model}`,
    'training:',
    `  tokens: ${i.tokens}`,
    `  global_batch: ${i.globalBatch}`,
    ...(i.precision !== undefined ? [`  precision: ${i.precision}`] : []),
    'cluster:',
    `  gpu: ${i.gpu}`,
    `  count: ${i.count}`,
    `  utilization: ${i.utilization}`,
    ...(i.usdPerGpuHour !== undefined ? ['pricing:', `  usd_per_gpu_hour: ${i.usdPerGpuHour}`] : []),
    '',
  ].join('\n'));
  const runs = loadScenarios([file], []);
  if (runs.length !== 1) throw new Error(`expected one run, got ${runs.length}`);
  return runs[0]!;
}

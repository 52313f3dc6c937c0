/** src/report/snakeKeys.ts and its rule, perf/layoutFields.ts snakeCase: field names as `--json` and scenario files write them. */
import { describe, expect, it } from 'vitest';
import { snakeCase, type SnakeCase } from '../../src/perf/layoutFields.js';
import { snakeKeys } from '../../src/report/snakeKeys.js';

describe('snakeCase', () => {
  // Each expected name is the one a scenario file or run --json already writes (scenario/schema.ts, report/runJson.ts).
  it.each([
    ['microBatch', 'micro_batch'],
    ['zeroStage', 'zero_stage'],
    ['stepTimeSeconds', 'step_time_seconds'],
    ['fp8ParamGather', 'fp8_param_gather'],
    ['expertAllToAll', 'expert_all_to_all'],
    ['pipelineP2p', 'pipeline_p2p'],
    // A run of capitals is one word: hardware --json's memoryGB was memory_g_b by the one-capital rule.
    ['memoryGB', 'memory_gb'],
    ['tp', 'tp'],
    ['shard_group', 'shard_group'],
    // No lower-case letter before it: the Chinchilla law's symbols (budget --json loss_law) stay as written.
    ['E', 'E'],
  ])('%s → %s', (from, to) => {
    expect(snakeCase(from)).toBe(to);
  });

  it('SnakeCase is the same rule on types (a type error here fails npm test\'s type check)', () => {
    const names: [SnakeCase<'memoryGB'>, SnakeCase<'achievableFp8MatmulFlopsPerSecond'>, SnakeCase<'E'>, SnakeCase<'expertAllToAll'>] = ['memory_gb', 'achievable_fp8_matmul_flops_per_second', 'E', 'expert_all_to_all'];
    expect(names.map((n) => snakeCase(n))).toEqual(names);
  });
});

describe('snakeKeys', () => {
  it.each([
    { name: 'every depth, arrays included', value: { gpuCount: 8, best: [{ layout: { microBatch: 1 }, prediction: { breakdown: { computeSeconds: 2 } } }] }, maps: [], want: { gpu_count: 8, best: [{ layout: { micro_batch: 1 }, prediction: { breakdown: { compute_seconds: 2 } } }] } },
    { name: 'a data map keeps its keys, its values mapped', value: { skipped: { 'DualPipe needs pp': 3 }, kindRecord: { gpus: { 'h100-sxm': 1 }, runsOnGpu: 1 }, byName: { aB: { cD: 1 } } }, maps: ['skipped', 'gpus', 'byName'], want: { skipped: { 'DualPipe needs pp': 3 }, kind_record: { gpus: { 'h100-sxm': 1 }, runs_on_gpu: 1 }, by_name: { aB: { c_d: 1 } } } },
    { name: 'values are never changed', value: { fp8Recipe: 'blockwise', nearestMiss: null, warnings: ['microBatch'] }, maps: [], want: { fp8_recipe: 'blockwise', nearest_miss: null, warnings: ['microBatch'] } },
  ])('$name', ({ value, maps, want }) => {
    expect(snakeKeys(value, maps)).toEqual(want);
  });
});

/**
 * A run with no global batch is told the batch its micro-batch and data-parallel degree make without gradient
 * accumulation (src/scenario/batchHint.ts): TorchTitan's global batch when its toml writes none (torchtitan/config/
 * job_config.py @ 6404b93: local_batch_size × the data-parallel degree), MaxText's per_device_batch_size × the devices.
 * writable34: torchtitan's deepseek_v3_671b.toml (local_batch_size 4, dp_shard -1) written as a scenario was told only
 * "add training.global_batch". The figures are counted by hand in each row; the hint rows fail on the old code.
 */
import { describe, expect, it } from 'vitest';
import { plan, run } from '../../src/index.js';
import { batchWithoutAccumulation, missingBatchHint } from '../../src/scenario/batchHint.js';
import { formattedError } from '../helpers.js';

describe('batchWithoutAccumulation', () => {
  it.each([
    // 4 × (1024 ÷ 1·1·1): cp left out at 1, as TorchTitan's context_parallel_degree defaults
    ['tp, pp fixed, cp left out', { micro_batch: 4, tp: 1, pp: 1 }, 1024, { microBatch: 4, dp: 1024, sequences: 4096, assumed: ['cp'] }],
    // 2 × (256 ÷ 8·4·1)
    ['every degree fixed', { micro_batch: 2, tp: 8, pp: 4, cp: 1 }, 256, { microBatch: 2, dp: 8, sequences: 16, assumed: [] }],
    // dp as written, whatever the degrees
    ['dp fixed', { micro_batch: 3, dp: 8 }, 64, { microBatch: 3, dp: 8, sequences: 24, assumed: [] }],
  ])('%s', (_, f, count, want) => {
    expect(batchWithoutAccumulation(f, count)).toEqual(want);
  });

  it.each([
    ['no micro-batch', { tp: 8 }, 64],
    ['degrees that do not divide the GPUs', { micro_batch: 1, tp: 3 }, 64],
    ['nothing fixed', undefined, 64],
  ])('none with %s', (_, f, count) => {
    expect(batchWithoutAccumulation(f, count)).toBeUndefined();
    expect(missingBatchHint('add it', f, count)).toBe('add it');
  });
});

const TT = (extra = '') => `model: llama-3-8b
training: {tokens: 1B, seq_len: 4096, precision: bf16, stack: torchtitan, recompute: full}
cluster:
  gpu: h100-sxm
  count: 64
  utilization: auto
  parallelism: {tp: 1, pp: 1, zero_stage: 3, micro_batch: 2${extra}}
`;

describe('the refusal of a run without a global batch', () => {
  it('run names micro_batch × dp', () => {
    const e = formattedError(() => run(TT()));
    expect(e).toContain('training.global_batch: the performance model needs the global batch');
    // 2 × 64 ÷ (1·1·1)
    expect(e).toContain('without gradient accumulation micro_batch 2 × dp 64 of 64 GPUs (cp left out, at 1) is global_batch: 128, as TorchTitan trains a toml that writes none');
  });
  it('plan reads the query\'s layout fields over the file\'s', () => {
    // 4 × 64 ÷ (1·1·2)
    const e = formattedError(() => plan({ scenario: TT(), microBatch: 4, cp: 2 }));
    expect(e).toContain('without gradient accumulation micro_batch 4 × dp 32 of 64 GPUs is global_batch: 128');
  });
  it('a run fixing no micro-batch keeps the plain hint', () => {
    const e = formattedError(() => run(TT().replace(', micro_batch: 2', '')));
    expect(e).toContain('hint: add training.global_batch (sequences, such as 1024');
    expect(e).not.toContain('gradient accumulation');
  });
});

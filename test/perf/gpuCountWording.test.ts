/**
 * A count of GPUs in a refusal or hint reads singular for one (report/format.ts plural): a one-GPU run was told "tp = 2
 * does not divide the 1 GPUs" and "sharded as far as the layout can shard them on 1 GPUs" (review36).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noSplitText } from '../../src/perf/layoutFields.js';
import { missingBatchHint } from '../../src/scenario/batchHint.js';
import { runCli } from '../cli/run-cli.js';

const scenario = (tp: number) => {
  const f = join(mkdtempSync(join(tmpdir(), 'flopcast-one-gpu-')), 's.yaml');
  writeFileSync(f, `model: llama-3-8b\ntraining: {tokens: 10B, global_batch: 8, seq_len: 4096, stack: deepspeed, recompute: full}\ncluster:\n  gpu: h100-sxm\n  count: 1\n  utilization: auto\n  parallelism: {tp: ${tp}, pp: 1, dp: 1, micro_batch: 1, zero_stage: 3}\n`);
  return f;
};

describe('one GPU is one GPU', () => {
  it.each([
    ['a degree that does not divide the count (degreeRules.ts gpu-product)', 2, 'tp = 2 does not divide the 1 GPU\n'],
    ['the memory hint of a layout sharded as far as it goes (fit.ts)', 1, 'sharded as far as the layout can shard them on 1 GPU;'],
  ] as const)('%s', async (_, tp, text) => {
    const r = await runCli(['run', scenario(tp)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(text);
    expect(r.stderr).not.toContain('1 GPUs');
  });
  it('the no-split text and the batch hint', () => {
    expect(noSplitText(1, 8)).toContain('no split of the 1 GPU into');
    expect(noSplitText(8, 8)).toContain('no split of the 8 GPUs into');
    expect(missingBatchHint('add training.global_batch', { micro_batch: 4 }, 1)).toContain('dp 1 of 1 GPU ');
  });
});

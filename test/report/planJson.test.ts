/**
 * `plan --json` (src/report/planJson.ts): a planned layout pastes into a scenario as it is. Each key of `best[i].layout` is
 * a key of the scenario schema, under `cluster.parallelism` or, for recomputation, `training` (perf/layoutFields.ts
 * scenarioKey); the scenario written with it runs that layout, at the step time and throughput the plan said.
 * Fails on the old code, whose layouts said `microBatch`, `zeroStage`, `virtualStages` (refused by the strict schema).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ParallelismSchema, TrainingSchema } from '../../src/scenario/schema.js';
import { runCli } from '../cli/run-cli.js';

/** Where the scenario keeps each layout key: recomputation is a training choice, the rest the cluster's parallelism. */
const TRAINING_KEYS = new Set(['recompute', 'recompute_layers']);

const dir = mkdtempSync(join(tmpdir(), 'flopcast-plan-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function json(args: string[]): Promise<Record<string, any>> {
  const r = await runCli([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('plan --json: best[0].layout pasted into the scenario runs at the planned step', () => {
  it.each([
    { name: 'dense: Llama 3.1 405B on 16,384 H100s', file: 'scenarios/llama-3.1-405b.yaml', extra: [] },
    // recompute and recompute_layers go to training: the block recomputation Megatron-Core's --recompute-num-layers sets.
    { name: 'dense, one layer a chunk recomputed: GPT-3 175B on 1,024 A100s', file: 'scenarios/gpt3-175b-v100.yaml', extra: ['--gpu', 'a100-sxm4-80gb', '--count', '1024', '--recompute', 'full', '--recompute-layers', '1'] },
    { name: 'MoE: DeepSeek-V3 on 2,048 H800s (DualPipe, ep 64)', file: 'scenarios/deepseek-v3.yaml', extra: [] },
  ])('$name', async ({ file, extra }) => {
    const plan = await json(['plan', file, '--top', '1', ...extra]);
    const best = plan.best[0];
    const layout: Record<string, unknown> = best.layout;
    if (extra.includes('--recompute-layers')) expect(layout).toMatchObject({ recompute: 'full', recompute_layers: 1 });
    // Every key is the scenario schema's own name, where the scenario keeps it.
    for (const k of Object.keys(layout)) expect(Object.keys((TRAINING_KEYS.has(k) ? TrainingSchema : ParallelismSchema).shape), k).toContain(k);
    const s = parse(readFileSync(file, 'utf8'));
    s.training = { ...s.training, ...Object.fromEntries(Object.entries(layout).filter(([k]) => TRAINING_KEYS.has(k))) };
    // The plan's count, batch and sequence length where the flags changed them; the predicted utilisation, not the file's figure.
    s.cluster = { gpu: plan.gpu, count: plan.gpu_count, utilization: 'auto', parallelism: Object.fromEntries(Object.entries(layout).filter(([k]) => !TRAINING_KEYS.has(k))) };
    s.training.global_batch = plan.global_batch_sequences;
    s.training.seq_len = plan.seq_len;
    const pasted = join(dir, `${plan.gpu}-${plan.gpu_count}.yaml`);
    writeFileSync(pasted, stringify(s));
    const run = (await json(['run', pasted])).results[0];
    expect(run.layout).toEqual(layout);
    expect(run.step_time_seconds).toBeCloseTo(best.prediction.step_time_seconds, 9);
    expect(run.predicted_tokens_per_second).toBeCloseTo(best.prediction.tokens_per_second, 3);
    expect(run.predicted_mfu).toBeCloseTo(best.prediction.mfu, 12);
  }, 60_000);
});

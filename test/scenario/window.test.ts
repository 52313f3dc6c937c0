/** Sliding-window models in scenarios: the Mistral 7B preset's window, and a located error for a causal count that is not whole. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOOD_SCENARIO } from '../helpers.js';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flopcast-window-'));
function scenario(training: string): string {
  const f = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(f, GOOD_SCENARIO.replace('model: gpt3-175b', 'model: mistral-7b').replace('  tokens: 300B\n', `  tokens: 300B\n${training}`));
  return f;
}

describe('sliding-window models in scenarios', () => {
  it('mistral-7b counts its 4096-key window at seq_len 8192 (Mistral 7B, arXiv:2310.06825, Table 1)', async () => {
    const [r] = JSON.parse((await runCli(['run', scenario(''), '--json'])).stdout).results;
    // Per token: 32 layers × 2 products × 2·4096·32·128 for QKᵀ and A·V, the rest as without a window.
    const flopsRun = JSON.parse((await runCli(['flops', 'mistral-7b', '--json'])).stdout);
    const core = flopsRun.breakdown.filter((b: { component: string }) => b.component.startsWith('attn_') && b.component.endsWith('_window'));
    expect(core.map((b: { forward_per_token: number }) => b.forward_per_token)).toEqual([32 * 2 * 4096 * 32 * 128, 32 * 2 * 4096 * 32 * 128]);
    expect(r.model_flops).toBe(3 * flopsRun.flops_per_token.forward * 300e9);
  });

  it('a causal window count that is not a whole number per token points at training.seq_len', async () => {
    const f = scenario('  seq_len: 5000\n  attention: causal\n');
    const r = await runCli(['run', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f}:5:3: training.seq_len: attention causal with a sliding window of 4096 keys at seq_len 5000`);
  });
});

// A model file's own seq_len its chunks cannot count was blamed on the scenario's `model:` line: now at the model
// file's seq_len line (model/text.ts fieldPlace), the scenario named as where it was referenced; an inline model stays
// at `model:`.
describe('a model file\'s own sequence length that its chunks cannot count, in a scenario', () => {
  const model = join(dir, 'chunked.yaml');
  writeFileSync(model, 'name: t\nlayers: 2\nd_model: 64\nheads: 4\nffn: swiglu\nd_ff: 256\nvocab: 1000\nseq_len: 1280\nattention_chunk_size: 1024\n');
  const base = 'training:\n  tokens: 1B\ncluster:\n  gpu: h100-sxm\n  count: 8\n  utilization: 0.4\npricing:\n  usd_per_gpu_hour: 2\n';
  it.each([
    { how: 'model: FILE', model, at: () => `error: ${model}:8:1: seq_len: `, hint: (f: string) => `or give one in training.seq_len; referenced by ${f}:2:1 (model)` },
    { how: 'an inline model', model: '{name: t, layers: 2, d_model: 64, heads: 4, ffn: swiglu, d_ff: 256, vocab: 1000, seq_len: 1280, attention_chunk_size: 1024}', at: (f: string) => `error: ${f}:2:1: model: `, hint: () => 'use a seq_len that is a multiple of the chunk' },
  ])('$how', async ({ model: m, at, hint }) => {
    const f = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(f, `name: s\nmodel: ${m}\n${base}`);
    const r = await runCli(['run', f]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`${at(f)}attention full with chunks of 1024 tokens at seq_len 1280 gives 111411.2 FLOPs per token, not a whole number`);
    expect(r.stderr).toContain(hint(f));
  });
});

/**
 * User numbers that set how long a loop runs: a GPU count, a depth, a period. Each is counted in
 * closed form or searched in time bounded by its size's logarithm or square root, never looped over
 * once per unit: every case here ran for 10 s to minutes before its fix. Each must finish within the
 * fuzz kill time (test/fuzz/config.ts KILL_MS) with the exit code the input deserves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../cli/run-cli.js';
import { KILL_MS } from '../fuzz/config.js';
import { expectOneError, tempDir, writeFile } from './helpers.js';

const dir = tempDir('depth');
const HF = join(import.meta.dirname, '..', 'fixtures', 'hf');
/** A fixture config.json with `edit` over it. */
const config = (fixture: string, edit: Record<string, unknown>) =>
  writeFile(dir, `${fixture}-${Object.values(edit).join('-')}.json`, JSON.stringify({ ...JSON.parse(readFileSync(join(HF, `${fixture}.json`), 'utf8')), ...edit }));
const plan = (count: string) => ['plan', '--model', 'gpt3-175b', '--gpu', 'h100-sxm', '--count', count, '--global-batch', '1536'];

describe('loops a user number sets finish in time', () => {
  it.each([
    // The planner's divisors of the GPU count (perf/plan.ts divisors): from prime factors, once per search.
    { case: 'plan --count 2^53 − 111 (a prime)', args: plan('9007199254740881'), code: 0, out: 'no layout fits' },
    { case: 'plan --count 2^52', args: plan('4503599627370496'), code: 0, out: 'no layout fits' },
    { case: 'plan --count 2^53 − 1', args: plan('9007199254740991'), code: 0, out: 'no layout fits' },
    // Dense layers of MoE configs (model/hf/common.ts denseLayerCount): counted, not looped over.
    { case: 'a deepseek_v3 config.json with 1e12 layers', args: ['flops', config('deepseek-v3', { num_hidden_layers: 1e12 })], code: 2, err: 'model: FLOPs per token' },
    { case: 'a qwen3_moe config.json with 1e12 layers', args: ['flops', config('qwen3-30b-a3b', { num_hidden_layers: 1e12, decoder_sparse_step: 2 })], code: 2, err: 'model: FLOPs per token' },
    { case: 'a qwen2_moe config.json with 1e12 layers', args: ['flops', config('qwen2-57b-a14b', { num_hidden_layers: 1e12 })], code: 2, err: 'model: FLOPs per token' },
  ])('$case', ({ args, code, out, err }) => {
    const r = spawnCli(args, { timeoutMs: KILL_MS });
    expect(r.timedOut, `killed after ${KILL_MS} ms`).toBeUndefined();
    expect(r.code, r.stderr).toBe(code);
    if (out !== undefined) expect(r.stdout).toContain(out);
    if (err !== undefined) {
      expectOneError(r.stderr);
      expect(r.stderr).toContain(err);
    }
  });
});

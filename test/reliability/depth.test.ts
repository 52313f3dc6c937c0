/**
 * User numbers that set how long a loop runs: a GPU count, a depth, a period. Each is counted in
 * closed form or searched in time bounded by its size's logarithm or square root, never looped over
 * once per unit: every case here ran for 10 s to minutes before its fix. Each must finish within the
 * fuzz kill time (test/fuzz/config.ts KILL_MS) with the exit code the input deserves.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
/** A folder of `n` + 1 profiles, each extending the one before: p1 extends p0 (the H100's figures), ..., pn extends pn−1. */
function chain(n: number): string {
  const folder = join(dir, `chain-${n}`);
  mkdirSync(folder);
  writeFileSync(join(folder, 'p0.yaml'), readFileSync(join(import.meta.dirname, '..', '..', 'hardware-profiles', 'h100-sxm.yaml'), 'utf8').replace(/^id: h100-sxm$/m, 'id: p0'));
  for (let i = 1; i <= n; i++) writeFileSync(join(folder, `p${i}.yaml`), `extends: p${i - 1}\nname: P${i}\n`);
  return folder;
}
const plan = (count: string) => ['plan', '--model', 'gpt3-175b', '--gpu', 'h100-sxm', '--count', count, '--global-batch', '1536'];

describe('loops a user number sets finish in time', () => {
  it.each([
    // The planner's divisors of the GPU count (perf/plan.ts divisors): from prime factors, once per search (counts near
    // 2^53 took 10 s by trial division; test/perf/divisors.test.ts). The count is at most LIMITS.gpuCount, 10,000,000.
    { case: 'plan --count 9,999,991 (a prime, the largest below the limit)', args: plan('9999991'), code: 1, out: 'no layout fits' },
    { case: 'plan --count 2^23 (24 divisors)', args: plan('8388608'), code: 0, out: 'on 8,388,608 × h100-sxm' },
    { case: 'plan --count 2^53 − 1: refused up front', args: plan('9007199254740991'), code: 2, err: '--count: 9007199254740991 is above the limit of 10000000' },
    // Dense layers of MoE configs (model/hf/moeLayers.ts moeLayerPlacement): counted, not looped over.
    // The error names the file given and the key that makes the count too large (it was the file alone; before, a key `model`).
    { case: 'a deepseek_v3 config.json with 1e12 layers', args: ['flops', config('deepseek-v3', { num_hidden_layers: 1e12 })], code: 2, err: 'num_hidden_layers: num_hidden_layers (1000000000000) is too large to count exactly' },
    { case: 'a qwen3_moe config.json with 1e12 layers', args: ['flops', config('qwen3-30b-a3b', { num_hidden_layers: 1e12, decoder_sparse_step: 2 })], code: 2, err: 'num_hidden_layers: num_hidden_layers (1000000000000) is too large to count exactly' },
    { case: 'a qwen2_moe config.json with 1e12 layers', args: ['flops', config('qwen2-57b-a14b', { num_hidden_layers: 1e12 })], code: 2, err: 'num_hidden_layers: num_hidden_layers (1000000000000) is too large to count exactly' },
    // Profiles that extend others (hardware/extends.ts): each parent merged once per command, not once per profile below it.
    { case: 'flopcast hardware over a chain of 400 profiles extending each other', args: ['hardware', '--hardware-dir', chain(400), '--json'], code: 0, out: '"id": "p400"' },
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

it('a profile deep in a chain keeps its own id and name, and its ancestors\' figures', () => {
  const r = spawnCli(['hardware', '--hardware-dir', chain(30), '--json'], { timeoutMs: KILL_MS });
  const rows = (JSON.parse(r.stdout) as { hardware: { id: string; name: string; memory_gb: number }[] }).hardware.filter((h) => /^p\d+$/.test(h.id));
  expect(rows).toHaveLength(31);
  for (const h of rows) expect([h.name, h.memory_gb]).toEqual([h.id === 'p0' ? 'H100 SXM5 80GB (Hopper)' : `P${h.id.slice(1)}`, 80]);
});

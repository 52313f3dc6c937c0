/**
 * `plan SCENARIO --flag value`: a flag overrides the file's field. The reference is the same plan
 * asked without a scenario, every field given as a flag (the path `plan` has always had).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flopcast-plan-over-'));
const FILE = join(dir, 'gpt3.yaml');
writeFileSync(FILE, [
  'model: gpt3-175b',
  'training: {tokens: 300B, global_batch: 1536}',
  'cluster:',
  '  gpu: a100-sxm4-80gb',
  '  count: 1024',
  '  utilization: auto',
  '  parallelism: {tp: 8}',
  'pricing: {usd_per_gpu_hour: 2}',
  '',
].join('\n'));

/** The file's fields as flags. */
const FILE_AS_FLAGS = { '--model': 'gpt3-175b', '--gpu': 'a100-sxm4-80gb', '--count': '1024', '--global-batch': '1536', '--tp': '8' } as Record<string, string>;

async function planJson(args: string[]): Promise<Record<string, unknown>> {
  const r = await runCli(['plan', ...args, '--top', '3', '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const { seconds: _timing, ...rest } = JSON.parse(r.stdout) as Record<string, unknown>;
  return rest;
}

describe('plan SCENARIO with flags', () => {
  it.each([
    [[]],
    [['--tp', '4']],
    [['--pp', '8']],
    [['--zero', '1']],
    [['--count', '512']],
    [['--gpu', 'h100-sxm']],
    [['--recompute', 'full']],
    [['--global-batch', '768']],
    [['--seq-len', '1024']],
    [['--model', 'gpt3-13b']],
    [['--precision', 'fp16']],
    [['--micro-batch', '2', '--schedule', 'interleaved']],
    [['--sp']],
    [['--no-overlap-grad-reduce', '--no-grad-accumulation-fusion']],
  ])('%j overrides the file', async (flags) => {
    const merged: Record<string, string> = { ...FILE_AS_FLAGS };
    const rest: string[] = [];
    for (let i = 0; i < flags.length; i++) {
      const f = flags[i]!;
      if (f in merged && flags[i + 1] !== undefined) merged[f] = flags[++i]!;
      else rest.push(f);
    }
    const reference = await planJson([...Object.entries(merged).flat(), ...rest]);
    const overridden = await planJson([FILE, ...flags]);
    expect(overridden).toEqual(reference);
    // And the override did change something (the test would pass vacuously otherwise).
    if (flags.length) expect(overridden).not.toEqual(await planJson([FILE]));
  });

  it('an impossible overridden field names its flag; one from the file names the file', async () => {
    const flag = await runCli(['plan', FILE, '--tp', '5']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^error: --tp: impossible layout: tp = 5 does not divide the 1024 GPUs/);
    const file = await runCli(['plan', FILE, '--count', '1020']);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/gpt3\.yaml:7:17: cluster\.parallelism\.tp: impossible layout: tp = 8 does not divide the 1020 GPUs/);
  });
});

// A flag changes what the file's batch is built from: a batch in tokens stays that many tokens at the
// sequence length planned, and `count` in an expression is the count planned. `--seq-len 2048` on
// {tokens: 4M} planned 488 sequences (4M at 8,192 tokens, 1M at 2,048), `--model gpt3-1.3b` (2,048
// tokens) the same, and `--count 128` on `global_batch: 2 * count` the file's 128 sequences, not 256.
describe('plan SCENARIO: a flag the file\'s batch depends on', () => {
  const TOKENS = join(dir, 'tokens.yaml');
  writeFileSync(TOKENS, 'model: llama-3-8b\ntraining: {tokens: 1T, global_batch: {tokens: 4M}}\ncluster: {gpu: h100-sxm, count: 64, utilization: 0.4}\n');
  const PER_GPU = join(dir, 'per-gpu.yaml');
  writeFileSync(PER_GPU, 'model: llama-3-8b\ntraining: {tokens: 1T, global_batch: 2 * count}\ncluster: {gpu: h100-sxm, count: 64, utilization: 0.4}\n');
  const MATRIX = join(dir, 'matrix.yaml');
  writeFileSync(MATRIX, 'model: llama-3-8b\ntraining: {tokens: 1T, global_batch: 2 * count}\ncluster: {gpu: h100-sxm, count: 64, utilization: 0.4}\nmatrix: {cluster.count: [16, 32]}\n');
  const PER_SEQ = join(dir, 'per-seq.yaml');
  writeFileSync(PER_SEQ, 'model: llama-3-8b\ntraining: {tokens: 1T, seq_len: 4096, global_batch: {tokens: 512 * seq_len}}\ncluster: {gpu: h100-sxm, count: 64, utilization: 0.4}\n');
  const BASE = ['--gpu', 'h100-sxm', '--count', '64'];
  // The file's batch is not whole sequences there, and plan FILE says so (scenario/values.ts batchSequencesOf); the
  // reference, given --global-batch, has nothing to say: the same plan, one warning more.
  const ROUNDED = 'training.global_batch: 4,000,000 tokens is 1,953.125 sequences of 2,048 tokens, planned as 1,953 (3,999,744 tokens), whose divisors limit the data-parallel and micro-batch sizes the planner can use; give the batch in whole sequences, such as {sequences: 2048} (4,194,304 tokens)';
  it.each([
    // 4,000,000 / 2,048 = 1,953.125 sequences: 1,953
    ['a batch in tokens, --seq-len', TOKENS, ['--seq-len', '2048'], ['--model', 'llama-3-8b', ...BASE, '--seq-len', '2048', '--global-batch', '1953'], ROUNDED],
    ['a batch in tokens, --model of another length', TOKENS, ['--model', 'gpt3-1.3b'], ['--model', 'gpt3-1.3b', ...BASE, '--global-batch', '1953'], ROUNDED],
    ['a batch of 2 * count, --count', PER_GPU, ['--count', '128'], ['--model', 'llama-3-8b', '--gpu', 'h100-sxm', '--count', '128', '--global-batch', '256'], null],
    // the matrix cell's count was the batch's: "128 × h100-sxm, global batch 32"
    ['a batch of 2 * count, --count over a matrix of counts', MATRIX, ['--count', '128'], ['--model', 'llama-3-8b', '--gpu', 'h100-sxm', '--count', '128', '--global-batch', '256'], null],
    // 512 sequences of 2,048 tokens: the file's 4,096 made it 1,024
    ['a batch of 512 * seq_len tokens, --seq-len', PER_SEQ, ['--seq-len', '2048'], ['--model', 'llama-3-8b', ...BASE, '--seq-len', '2048', '--global-batch', '512'], null],
  ])('%s', async (_, file, flags, reference, warning) => {
    const expected = await planJson(reference);
    expect(await planJson([file, ...flags])).toEqual(warning === null ? expected : { ...expected, warnings: [...(expected.warnings as string[]), warning] });
  });
});

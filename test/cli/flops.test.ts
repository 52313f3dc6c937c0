import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/load/model.js';
import { formattedError } from '../helpers.js';
import { runCli, spawnCli } from './run-cli.js';

describe('flopcast flops', () => {
  it('--json prints one object with the documented keys, consistent totals', async () => {
    const r = await runCli(['flops', 'gpt3-175b', '--tokens', '300B', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    for (const k of ['total', 'active', 'embedding']) expect(typeof j.params[k]).toBe('number');
    for (const k of ['forward', 'backward', 'recompute', 'total', 'model', 'hardware']) expect(typeof j.flops[k]).toBe('number');
    for (const k of ['forward', 'backward', 'total']) expect(typeof j.flops_per_token[k]).toBe('number');
    expect(j.flops.total).toBe(j.flops.forward + j.flops.backward + j.flops.recompute);
    expect(j.flops.backward).toBe(2 * j.flops.forward);
    expect(j.tokens).toBe(300e9);
    expect(Number((j.six_nd / 1e23).toFixed(2))).toBe(3.14);
    expect(j.breakdown.map((b: { component: string }) => b.component)).toEqual(['attn_qkv', 'attn_scores', 'attn_values', 'attn_out', 'ffn', 'logits']);
    const sum = j.breakdown.reduce((t: number, b: { forward_per_token: number }) => t + b.forward_per_token, 0);
    expect(sum).toBe(j.flops_per_token.forward);
  });

  it.each([
    [['flops', 'llama-3-8b', '--seq-len', '128k'], '--seq-len: `128k` is ambiguous in a sequence length: 128,000'],
    [['plan', '--model', 'llama-3-8b', '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '64', '--seq-len', '4K'], '--seq-len: `4K` is ambiguous in a sequence length: 4,000'],
  ])('a suffixed sequence length is refused with both readings: %j', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).toMatch(/hint: write the number: \d+ or \d+/);
  });

  // --explain's derivation is text: with --json it was dropped silently (exit 0, the counts alone), as
  // `run --json --format csv` dropped its format before it was refused.
  it.each([
    [['flops', 'gpt2', '--explain', '--json']],
    [['flops', 'gpt2', '--json', '--explain', '--tokens', '1B']],
  ])('--explain with --json asks for two outputs: exit 2, nothing on stdout: %j', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: --json and --explain ask for two formats\n  hint: give one: --json (the counts) or --explain\n');
  });

  it('defaults to one sequence of seq_len tokens', async () => {
    const j = JSON.parse((await runCli(['flops', 'gpt3-175b', '--json'])).stdout);
    expect(j.tokens).toBe(2048);
    expect(j.flops.forward).toBe(j.flops_per_token.forward * 2048);
  });

  it('recompute goes to hardware FLOPs only', async () => {
    const j = JSON.parse((await runCli(['flops', 'gpt3-175b', '--tokens', '1', '--recompute', 'full', '--json'])).stdout);
    expect(j.flops.model).toBe(3 * j.flops.forward);
    expect(j.flops.hardware).toBe(j.flops.model + j.flops.recompute);
    expect(j.flops.recompute).toBeGreaterThan(0);
  });

  it('--explain walks through the GPT-3 question and rules out the classic mistakes', async () => {
    const r = await runCli(['flops', 'gpt3-175b', '--tokens', '300e9', '--explain']);
    expect(r.code).toBe(0);
    for (const step of [1, 2, 3, 4, 5, 6, 7, 8, 9]) expect(r.stdout).toContain(`Step ${step}.`);
    expect(r.stdout).toContain('3.229e23'); // Korthikanti Eq. 7 with V = 50257 (formulas.md §12)
    expect(r.stdout).toContain('3.143e23'); // 6ND with N = 174.6B
    expect(r.stdout).toMatch(/overstates 2048×/);
    expect(r.stdout).toMatch(/overstates 96×/);
    expect(r.stdout).toContain('2·d² = 3.02e8'); // per token, per d×d projection (formulas.md §13 item 3)
    expect(r.stdout).toMatch(/11 \+ 12 = 23/);
  });

  it.each([
    { args: ['flops', 'gpt3-17b'], err: /unknown model `gpt3-17b`[\s\S]*did you mean `gpt3-1?7?5?b|gpt3-/ },
    { args: ['flops', 'gpt3-175b', '--tokens', 'lots'], err: /--tokens: expected a number such as 300e9/ },
    { args: ['flops', 'gpt3-175b', '--tokens', '-5'], err: /--tokens: expected a positive number/ },
    { args: ['flops', 'gpt3-175b', '--attention', 'sparse'], err: /^error: --attention: expected one of full, causal, found "sparse"/ },
    { args: ['flops', 'gpt3-175b', '--bogus'], err: /Unknown argument/ },
    { args: ['flops', 'no/such/model.yaml'], err: /model file not found/ },
    // GPT-2's learned table has 1,024 rows: at 4,096 it was counted as if it had 4,096 (exit 0); the
    // count's own seq_len refusals named `seq_len:`, not the flag
    { args: ['flops', 'gpt2', '--seq-len', '4096'], err: /^error: --seq-len: a learned position table of 1,024 rows has no position past 1,024, found seq_len 4,096\n  hint: give seq_len 1024 or less/ },
    // OPT's table has 2,050 rows of which 2 are an offset (modeling_opt.py): 2,050 positions were accepted.
    { args: ['flops', 'test/fixtures/hf/opt-125m.json', '--seq-len', '2049'], err: /^error: --seq-len: a learned position table of 2,050 rows, 2 of them an offset \(position_offset\) and not positions, has no position past 2,048, found seq_len 2,049\n/ },
    { args: ['flops', 'opt-175b', '--seq-len', '2049'], err: /^error: --seq-len: a learned position table of 2,050 rows, 2 of them an offset/ },
    { args: ['plan', '--model', 'gpt2', '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '8', '--seq-len', '2048'], err: /^error: --seq-len: a learned position table of 1,024 rows/ },
    { args: ['flops', 'mistral-7b', '--seq-len', '4097', '--attention', 'causal'], err: /^error: --seq-len: attention causal with a sliding window of 4096 keys at seq_len 4097/ },
  ])('exit 2 for $args', async ({ args, err }) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(err);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('an invalid model file names the file, line, column and key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'layers: 2\nd_model: 64\nheads: 4\nkv_heads: 3\nd_ff: 256\nvocab: 10\nseq_len: 8\n');
    const r = await runCli(['flops', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:4:1: kv_heads: kv_heads (3) does not divide heads (4)`);
  });

  // A config.json saved as `config` was refused as an unknown preset with a hint to give a path.
  it('a file named like a preset id: the hint says to give it its extension', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-noext-'));
    writeFileSync(join(dir, 'config'), readFileSync('test/fixtures/hf/gpt2.json'));
    expect(formattedError(() => loadModel('config', dir))).toBe('model: unknown model `config`\n  hint: a name without an extension is a preset id; to load the file `config`, name it config.json (a config.json) or config.yaml (a model file)');
    // a folder of that name is no such file: the usual hint
    expect(formattedError(() => loadModel('.', dir))).toMatch(/hint: run `flopcast models`/);
  });
  // A downloaded repository's folder named without a slash was an unknown preset, offered the nearest preset id
  // (`Llama-3-8B`: did you mean `llama-3-8b`?); hostile sweep 34, fails on the old code.
  it('a folder holding a config.json, named without a slash: the hint names its config.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-repo-'));
    mkdirSync(join(dir, 'Llama-3-8B'));
    writeFileSync(join(dir, 'Llama-3-8B', 'config.json'), readFileSync('test/fixtures/hf/meta-llama-3-8b.json'));
    expect(formattedError(() => loadModel('Llama-3-8B', dir))).toBe('model: unknown model `Llama-3-8B`\n  hint: a name without a slash is a preset id; `Llama-3-8B` is a folder holding a config.json: give Llama-3-8B/config.json');
    // a preset id is a preset, whatever folder is there
    mkdirSync(join(dir, 'gpt2'));
    writeFileSync(join(dir, 'gpt2', 'config.json'), readFileSync('test/fixtures/hf/meta-llama-3-8b.json'));
    expect(loadModel('gpt2', dir).name).toBe(loadModel('gpt2').name);
  });
});

// Follow-up to the writability sweep: --mtp-layers trains the MTP modules a recipe prints (a scenario's training.mtp_layers),
// on flops and plan; refused at the flag. Unknown arguments on the old code.
describe('--mtp-layers', () => {
  it.each([
    { args: ['flops', 'deepseek-v3', '--mtp-layers', '100'], error: 'error: --mtp-layers: 100 is more multi-token-prediction modules than the model has layers (61): each is one more block like its last' },
    // As typed, as every flag's number is echoed (library/args.ts shownArg): it was 1000000000 and 62 (leftover 32; fail on the old code).
    { args: ['flops', 'deepseek-v3', '--mtp-layers', '1e9'], error: 'error: --mtp-layers: 1e9 is more multi-token-prediction modules than the model has layers (61): each is one more block like its last' },
    { args: ['plan', '--model', 'deepseek-v3', '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '64', '--mtp-layers', '6.2e1'], error: 'error: --mtp-layers: 6.2e1 is more multi-token-prediction modules than the model has layers (61): each is one more block like its last' },
    { args: ['plan', '--model', 'deepseek-v3', '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '64', '--mtp-layers=-1'], error: 'error: --mtp-layers: expected 0 or a positive number, found -1' },
  ])('$args.0: $error', async ({ args, error }) => {
    const r = await runCli(args);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, error]);
  });
  it.each([['flops'], ['plan']])('%s --help shows it, with an example (the built CLI)', (command) => {
    const help = spawnCli([command, '--help']).stdout;
    expect(help).toMatch(/--mtp-layers\s+multi-token-prediction modules trained/);
    expect(help).toMatch(/flopcast (flops|plan --model) deepseek-v3 .*--mtp-layers 1|--mtp-layers 1\s/);
  });
});

/**
 * A name not in a catalog (src/input/unknown.ts) is refused at its key: a GPU at `gpu`, as a model is at
 * `model` (plan({ gpu: 'h100' }) named no key), and at the option that gave it (plan --gpu, budget --gpu, since sweep
 * 16: keyedAs); a scenario's at cluster.gpu, with its
 * place; `hardware show ID`'s and `prices ID`'s at the command, whose argument it is (they were named `gpu:`, a key nobody typed).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/index.js';
import { InputError } from '../../src/input/errors.js';
import { keyedAs, unknownGpuError, unknownModelError } from '../../src/input/unknown.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { runCli } from '../cli/run-cli.js';
import { formattedError, thrownInputError } from '../helpers.js';

const HINT = '\n  hint: did you mean `h100-sxm`?';

describe('an unknown GPU is refused at its key', () => {
  it('the library: plan({ gpu })', () => {
    expect(formattedError(() => plan({ model: 'gpt3-175b', gpu: 'h100-sxn', count: 8, globalBatch: 8 }))).toBe('gpu: unknown GPU `h100-sxn`' + HINT);
  });
  it.each([
    // Sweep 16: keyed as the option, as the commands' other errors are (they were 'gpu:', the library's key).
    ['plan --gpu', ['plan', '--model', 'gpt3-175b', '--gpu', 'h100-sxn', '--count', '8', '--global-batch', '8'], '--gpu'],
    ['plan FILE --gpu', ['plan', 'scenarios/llama-65b.yaml', '--gpu', 'h100-sxn'], '--gpu'],
    ['budget --gpu', ['budget', '--usd', '1M', '--gpu', 'h100-sxn', '--count', '8'], '--gpu'],
    ['hardware show', ['hardware', 'show', 'h100-sxn'], 'flopcast hardware show'],
    ['hardware show --json', ['hardware', 'show', 'h100-sxn', '--json'], 'flopcast hardware show'],
    // walk31: `prices h100-sxn` was keyed `gpu:`, as hardware show's had been
    ['prices', ['prices', 'h100-sxn'], 'flopcast prices'],
    ['prices --json', ['prices', 'h100-sxn', '--json'], 'flopcast prices'],
  ])('the CLI: %s', async (_, args, at) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${at}: unknown GPU \`h100-sxn\`` + HINT + '\n');
  });

  it('hardware show with no name near: the command named, and where the profiles are listed', async () => {
    const r = await runCli(['hardware', 'show', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: flopcast hardware show: unknown GPU `nope`\n  hint: run `flopcast hardware` for the profiles\n');
  });
});

// Hostile sweep 16: `plan --gpu h100-sxn`, `plan --model gpt-2`, `budget --gpu h100-sxn` and `budget --model gpt-2`
// were keyed 'gpu:' and 'model:', where every other error of those commands names the option (--count, --precision).
// keyedAs keys an unknown name as the caller's option; an error in a file the name led to keeps its own place. The
// CLI rows fail on the old code ('gpu:', 'model:'); the GPU's are above, with the others of its kind.
describe('keyedAs: an unknown name keyed as the option that gave it', () => {
  it.each([
    { what: 'an unknown GPU', option: '--gpu', error: () => unknownGpuError('h100-sxn', ['h100-sxm']), keyPath: '--gpu' },
    { what: 'an unknown model', option: '--model', error: () => unknownModelError('gpt-2', ['gpt2']), keyPath: '--model' },
    { what: 'an error in a file', option: '--model', error: () => new InputError('not found', { file: 'm.yaml', keyPath: 'model' }), keyPath: 'model' },
    { what: 'another key', option: '--model', error: () => new InputError('bad', { keyPath: 'seq_len' }), keyPath: 'seq_len' },
  ])('$what', ({ option, error, keyPath }) => {
    expect(thrownInputError(() => keyedAs(option, () => { throw error(); })).details.keyPath).toBe(keyPath);
  });
  it.each([
    ['plan --model', ['plan', '--model', 'gpt-2', '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '8']],
    ['budget --model', ['budget', '--model', 'gpt-2', '--tokens', '1B', '--gpu', 'h100-sxm', '--count', '8']],
  ])('the CLI: %s', async (_, args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --model: unknown model `gpt-2`\n  hint: did you mean `gpt2`?\n');
  });
});

// Hostile sweep 19: a GPU as a vendor's tools print it (nvidia-smi's `NVIDIA H100 80GB HBM3`, `NVIDIA H200`), with the
// vendor before the id (`nvidia-h100-sxm`) or a TPU without `tpu-` (`v5p`) had 'run `flopcast hardware`' alone; each row
// fails on the old code.
describe('an unknown GPU as a vendor names it', () => {
  const IDS = ['h100-sxm', 'h100-pcie', 'h100-nvl', 'h200-sxm', 'tpu-v5p', 'tpu-v5e', 'mi300x'];
  it.each([
    ['NVIDIA H100 80GB HBM3', 'did you mean `h100-nvl`, `h100-sxm` or `h100-pcie`?'],
    ['NVIDIA H200', 'did you mean `h200-sxm`?'],
    ['nvidia-h100-sxm', 'did you mean `h100-sxm`?'],
    ['v5p', 'did you mean `tpu-v5p`?'],
    ['AMD Instinct MI300X', 'did you mean `mi300x`?'],
    // newuser35: as a model card writes the part and its memory, no vendor's word before it (Meta's Llama 3.1 card:
    // "H100-80GB"); each had 'run `flopcast hardware`' alone.
    ['H100-80GB', 'did you mean `h100-nvl`, `h100-sxm` or `h100-pcie`?'],
    ['H100 80GB', 'did you mean `h100-nvl`, `h100-sxm` or `h100-pcie`?'],
    ['MI300X-192GB', 'did you mean `mi300x`?'],
    ['nvidia-h200-141gb', 'did you mean `h200-sxm`?'],
  ])('%s', (id, hint) => {
    expect(unknownGpuError(id, IDS).details.hint).toBe(hint);
  });
  it('a name near nothing keeps the other hint', () => {
    expect(unknownGpuError('p5.48xlarge', IDS).details.hint).toBe('run `flopcast hardware` for the profiles');
  });
});

// review35: a part with its memory or revision after the id was told by edit distance: `RTX-4090-24GB` "rtx-3090 or
// rtx-4090", `H100-SXM5-80GB` h100-nvl first, `A100-40GB` the 80gb ids too, `A10-24GB` the a100s; GeForce was no vendor's
// word, so nvidia-smi's `NVIDIA GeForce RTX 4090` had no hint. The longest profile id the written words begin comes first,
// an id naming another memory size is not meant, and `geforce` is dropped. Each row fails on the old code.
describe('an unknown GPU with its memory or revision after the id', () => {
  const IDS = readdirSync(join(PACKAGE_ROOT, 'hardware-profiles')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length));
  it.each([
    ['RTX-4090-24GB', 'did you mean `rtx-4090`?'],
    ['H100-SXM5-80GB', 'did you mean `h100-sxm`?'],
    ['A100-40GB', 'did you mean `a100-sxm4-40gb`?'],
    ['A10-24GB', 'did you mean `a10g`?'],
    ['NVIDIA GeForce RTX 4090', 'did you mean `rtx-4090`?'],
    // unchanged: a typo, and a part whose memory no id names
    ['h100-sxn', 'did you mean `h100-sxm`?'],
    ['H100-80GB', 'did you mean `h100-nvl`, `h100-sxm` or `h100-pcie`?'],
  ])('%s', (id, hint) => {
    expect(unknownGpuError(id, IDS).details.hint).toBe(hint);
  });
});

// Hostile sweep 19: a near spelling that changes a size or a generation is another model: `Qwen2.5-7B` was told "did you
// mean `qwen2.5-72b`?" (ten times the parameters), `gpt-3` "`gpt2`?"; both rows fail on the old code. Slips that keep the
// numbers keep their hint.
describe('an unknown model near a preset of other numbers', () => {
  const IDS = ['qwen2.5-72b', 'gpt2', 'gpt3-175b', 'gpt3-13b', 'llama-3-8b', 'llama-2-7b', 'mixtral-8x7b'];
  const OTHERWISE = 'run `flopcast models` for the presets, or give a path to a model YAML or a config.json';
  it.each([
    ['Qwen2.5-7B', OTHERWISE],
    ['gpt-3', OTHERWISE],
    ['llama3-8b', 'did you mean `llama-3-8b`?'],
    ['Llama-2-7b-hf', 'did you mean `llama-2-7b`?'],
    ['Mixtral-8x7B-v0.1', 'did you mean `mixtral-8x7b`?'],
    ['gpt3', 'did you mean `gpt3-13b` or `gpt3-175b`?'],
  ])('%s', (ref, hint) => {
    expect(unknownModelError(ref, IDS).details.hint).toBe(hint);
  });
});

// A mistyped digit of a size of two or more (`71` for `70`) is still a typo (the validate FILE rows' test), a transposition too.
it.each([['llama-3-71b', 'did you mean `llama-3-70b`?'], ['gpt3-157b', 'did you mean `gpt3-175b`?']])('%s keeps its near preset', (ref, hint) => {
  expect(unknownModelError(ref, ['llama-3-70b', 'gpt3-175b', 'gpt2']).details.hint).toBe(hint);
});

// Hostile sweep 21: a model written out where its name goes (`flops(text)`, as run() takes a scenario's text) was
// 'unknown model `layers: 2<line break>d_model: 64`', the line break raw in the library's message, and no word of
// what a model argument is.
describe('a model written out where its name goes', () => {
  it.each([
    ['layers: 2\nd_model: 64', '`layers: 2` ...'],
    ['{"layers": 2, "d_model": 64}', '`{"layers": 2, "d_model": 64}`'],
    ['  heads: 4', '`heads: 4`'],
  ])('%j', (ref, shown) => {
    const e = unknownModelError(ref, ['gpt2']);
    expect(e.message).toBe(`a model is a preset id or a model file's path, not the model written out: found YAML text, ${shown}`);
    expect(e.details.hint).toMatch(/^save it as a model file \(\.yaml\) and give its path; the library also takes the model as an object/);
  });
  it.each(['llama 3: 8b', 'gpt2:latest', 'C:\\models\\x.yaml'])('%j is a name, told as one', (ref) => {
    expect(unknownModelError(ref, ['llama-3-8b']).message).toBe(`unknown model \`${ref}\``);
  });
  it('through the library and the CLI', async () => {
    const { flops } = await import('../../src/index.js');
    expect(thrownInputError(() => flops('layers: 2\nd_model: 64')).message).toMatch(/^a model is a preset id or a model file's path, not the model written out/);
    const r = await runCli(['flops', 'layers: 2\nd_model: 64']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: model: a model is a preset id or a model file's path, not the model written out: found YAML text, `layers: 2` \.\.\.\n/);
  });
});

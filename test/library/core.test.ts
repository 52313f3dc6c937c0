/**
 * src/library/core.ts. scenarioInput (hostile sweep 4): a scenario string is YAML text, so a path given
 * instead (`run('scenarios/a.yaml')`) was refused as "a scenario is a mapping with model, training and
 * cluster", with no word of the path. Every row failed on the code before it. countedExactly: below.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { flops, plan, report, run, validateRuns } from '../../src/index.js';
import type { ModelInput } from '../../src/model/schema.js';
import { flopsWith, runWith, sourcesFromTexts } from '../../src/library/core.js';
import { runCli } from '../cli/run-cli.js';
import { thrownInputError } from '../helpers.js';
import { tempDir, writeFile } from '../reliability/helpers.js';

const HINT = "read the file and pass its text: readFileSync(path, 'utf8'), with { file: path } for positions in errors";

const refused = thrownInputError;

describe('a file name given where scenario text goes', () => {
  it.each([
    { call: () => run('scenarios/llama-65b.yaml'), found: 'scenarios/llama-65b.yaml' },
    { call: () => run('./s.yml', { file: 'mine' }), found: './s.yml', file: 'mine' },
    { call: () => run('C:\\runs\\A.YAML'), found: 'C:\\runs\\A.YAML' },
    { call: () => report('scenarios/llama-65b.yaml'), found: 'scenarios/llama-65b.yaml' },
    { call: () => plan({ scenario: 'scenarios/llama-65b.yaml' }), found: 'scenarios/llama-65b.yaml' },
    { call: () => run('config.json'), found: 'config.json' },
  ])('$found', ({ call, found, file }) => {
    const e = refused(call);
    expect(e.message).toBe(`a scenario is YAML text or an object, not a file name: found \`${found}\``);
    expect(e.details.hint).toBe(HINT);
    expect(e.details.file).toBe(file ?? '<scenario>');
  });

  it('other text that is not a mapping keeps its message', () => {
    expect(refused(() => run('hello')).message).toBe('a scenario is a mapping with model, training and cluster, found text');
  });
});

// Hostile sweep 10 (countedExactly): a model whose own seq_len its window or chunks cannot count (not a whole number of
// FLOPs per token) was refused at a bare `seq_len:`, neither the file nor the option that gives another length. Now at
// the model, as an overflow at its own length is, the hint naming that length and the option. Every row failed on the
// old code. The file's rows then named the file but not the line (the place was gone once the model was parsed): now
// at seq_len's line, or at the config.json key it came from (model/text.ts fieldPlace).
describe('a model\'s own sequence length that its chunks cannot count', () => {
  // s = 1280, C = 1024: (1024² + 256²)/1280 = 870.4 keys per query, × 2·H·Q = 128 is 111,411.2 FLOPs per token.
  const text = 'name: t\nlayers: 2\nd_model: 64\nheads: 4\nffn: swiglu\nd_ff: 256\nvocab: 1000\nseq_len: 1280\nattention_chunk_size: 1024\n';
  const file = writeFile(tempDir('core-seq'), 'chunked.yaml', text);
  const message = 'attention full with chunks of 1024 tokens at seq_len 1280 gives 111411.2 FLOPs per token, not a whole number';
  const hint = (option: string) => `; t's own seq_len is 1,280: give another with ${option}`;
  it.each([
    { how: 'flops FILE', args: ['flops', file], at: `error: ${file}:8:1: seq_len: ${message}`, option: '--seq-len' },
    { how: 'plan --model FILE', args: ['plan', '--model', file, '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '8'], at: `error: ${file}:8:1: seq_len: ${message}`, option: '--seq-len' },
    // --mtp-layers makes a copy of the model (scenario/model.ts mtpTrained), which kept no place: the file alone.
    { how: 'flops FILE --mtp-layers 1', args: ['flops', file, '--mtp-layers', '1'], at: `error: ${file}:8:1: seq_len: ${message}`, option: '--seq-len' },
  ])('$how', async ({ args, at, option }) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(at);
    expect(r.stderr).toContain(hint(option));
  });
  it('flops config.json: at the config key the length came from', async () => {
    const dir = join(tempDir('core-seq-hf'), 't');
    mkdirSync(dir);
    const config = writeFile(dir, 'config.json', JSON.stringify({
      max_position_embeddings: 1280, model_type: 'llama4_text', hidden_size: 64, intermediate_size: 256, intermediate_size_mlp: 256, num_hidden_layers: 4,
      num_attention_heads: 4, num_key_value_heads: 4, head_dim: 16, vocab_size: 1000, attention_chunk_size: 1024, num_local_experts: 4,
      num_experts_per_tok: 1, interleave_moe_layer_step: 1, tie_word_embeddings: false,
    }, null, 1));
    const r = await runCli(['flops', config]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^error: ${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:2: max_position_embeddings: attention full with chunks of 1024 tokens at seq_len 1280 gives [0-9.]+ FLOPs per token, not a whole number$`));
    expect(r.stderr).toContain(hint('--seq-len'));
  });
  it('the library\'s flops(model)', () => {
    const e = refused(() => flops(parse(text) as ModelInput));
    expect(e.details.keyPath).toBe('model');
    expect(e.details.hint).toContain(hint('seqLen'));
  });
});

// Follow-up to the writability sweep: flops and plan --model had no way to train the MTP modules a recipe prints, which
// a scenario's training.mtp_layers trains. flops({ mtpLayers }) is that rule (scenario/model.ts mtpTrained): each row is
// counted against the same model given with `mtp` (the model file's field, another path) and against the scenario's
// count. The option was refused as unknown on the old code.
describe('flops({ mtpLayers }): the modules training.mtp_layers trains', () => {
  const deepseek = parse(readFileSync('models/deepseek-v3.yaml', 'utf8')) as ModelInput;
  const BASE = { layers: 4, d_model: 64, heads: 4, d_ff: 256, vocab: 1000, seq_len: 128 };
  it.each([
    { name: 'DeepSeek-V3 trains its one module', model: 'deepseek-v3' as string | ModelInput, mtpLayers: 1, as: { ...deepseek, mtp: { depth: 1 } }, training: 'mtp_layers: 1' },
    { name: '0 trains none of a model\'s own', model: { ...BASE, mtp: { depth: 2 } } as string | ModelInput, mtpLayers: '0', as: BASE as ModelInput, training: 'mtp_layers: 0' },
  ])('$name', ({ model, mtpLayers, as, training }) => {
    const f = flops(model, { tokens: 1e12, seqLen: 128, mtpLayers });
    const same = flops(as, { tokens: 1e12, seqLen: 128 });
    const modelText = typeof model === 'string' ? model : JSON.stringify(model);
    const r = run(`model: ${modelText}\ntraining: {tokens: 1T, seq_len: 128, ${training}}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n`).results[0]!;
    expect([f.params.total, f.flops.total]).toEqual([same.params.total, same.flops.total]);
    expect([f.params.total, f.flops.total]).toEqual([r.params, r.model_flops]);
  });

  it.each([
    { model: 'deepseek-v3', mtpLayers: 100, refused: 'mtpLayers: 100 is more multi-token-prediction modules than the model has layers (61): each is one more block like its last' },
    // Text as written (args.ts shownArg), a number as describeNumber spells it: '1e9' was echoed 1000000000 (leftover 32; fails on the old code).
    { model: 'deepseek-v3', mtpLayers: '1e9', refused: 'mtpLayers: 1e9 is more multi-token-prediction modules than the model has layers (61): each is one more block like its last' },
    { model: 'deepseek-v3', mtpLayers: 1e9, refused: 'mtpLayers: 1000000000 is more multi-token-prediction modules than the model has layers (61): each is one more block like its last' },
    { model: 'deepseek-v3', mtpLayers: -1, refused: 'mtpLayers: expected 0 or a positive number, found -1' },
    { model: 'deepseek-v3', mtpLayers: 1.5, refused: 'mtpLayers: expected a whole number, found 1.5' },
    { model: 'nemotron-h-8b', mtpLayers: 1, refused: 'mtpLayers: multi-token prediction is not supported with a hybrid model (layer_pattern)' },
  ])('$model, mtpLayers $mtpLayers: refused at the option', ({ model, mtpLayers, refused: message }) => {
    const e = refused(() => flops(model, { mtpLayers }));
    expect(`${e.details.keyPath}: ${e.message}`).toBe(message);
  });
});

// Sweep 15: a scenario passed as an object has no positions, and two hints printed one anyway: 'referenced by
// <scenario>:0:0 (cluster.gpu)' after an error in the profile it names, and 'options[0] (line 0) has the same name'.
describe('a scenario object: no line 0 in a hint', () => {
  const base = { model: 'gpt2', training: { tokens: '1B', global_batch: 8 }, cluster: { gpu: 'h100-sxm', count: 8, utilization: 0.4 } };
  it.each([
    ['an error in the profile it names', () => {
      const hardware = { 'h100-sxm': readFileSync(join(import.meta.dirname, '..', '..', 'hardware-profiles', 'h100-sxm.yaml'), 'utf8').replace('tdp_w: 700', 'tdp_w: -1') };
      const models = { gpt2: readFileSync(join(import.meta.dirname, '..', '..', 'models', 'gpt2.yaml'), 'utf8') };
      return runWith(sourcesFromTexts({ models, hardware, today: '2026-11-30' }), base);
    }, /\n {2}hint: (?:.*; )?referenced by <scenario> \(cluster\.gpu\)$/],
    ['two options of one name', () => run({ ...base, options: [{ name: 'a' }, { name: 'a' }] }), /^<scenario>: options\[1\]\.name: duplicate option name `a`\n {2}hint: options\[0\] has the same name; names label the results, so each must differ$/],
  ])('%s', (_, f, message) => {
    expect(refused(f).format()).toMatch(message);
  });

  // Hostile sweep 30: an object none of whose keys is known was told at `<runs>:1:1`, a line no object has; a caller's
  // number was spelt as String spells it, `1e+300`, where every message writes `1e300`.
  it.each([
    ['runs of unknown keys', () => validateRuns({ runs: [{}] }), '<runs>: none of the 1 top-level key is a known key\n  hint: is this the right file? expected keys such as rows'],
    ['a count of 1e300', () => flops('gpt2', { tokens: 1e300 }), 'tokens: 1e300 is too large (2^53 or more)'],
    ['a plan of 1e300 GPUs', () => plan({ model: 'gpt2', gpu: 'h100-sxm', count: 1e300, globalBatch: 64 }), 'count: 1e300 is too large (2^53 or more)'],
    ['a deadline of 1e300 with no unit', () => run({ ...base, constraints: { deadline: 1e300 } }), '<scenario>: constraints.deadline: a duration needs a unit, found 1e300\n  hint: add a unit: 1e300 days (or hours, weeks, seconds)'],
  ])('%s', (_, f, message) => {
    expect(refused(f).format()).toBe(message);
  });
  it('a file of unknown keys is told at its 1:1', () => {
    expect(refused(() => validateRuns('runs: []\n', { file: 'r.yaml' })).format()).toMatch(/^r\.yaml:1:1: none of the 1 top-level key is a known key\n/);
  });

  it('YAML text keeps its positions', () => {
    const text = 'model: gpt2\ntraining: {tokens: 1B, global_batch: 8}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\noptions:\n  - name: a\n  - name: a\n';
    expect(refused(() => run(text, { file: 's.yaml' })).format()).toMatch(/hint: options\[0\] \(line 5\) has the same name/);
  });
});

// Hostile sweep 19: flopcast/core's calls take the sources first. Given second (`flopsWith('gpt2', sources)`), the
// model was read as the sources and the sources as the model: 'expected plain data ..., found a function'; an inline
// model alone (`flopsWith(model)`) was 'expected a mapping of keys at the top level, found empty' with 'is this the
// right file?'. Both fail on the old code (no `sources` key path, no word of the order).
describe('flopcast/core: the sources given second, or left out', () => {
  const INLINE = { name: 'x', layers: 1, d_model: 8, heads: 1, d_ff: 8, vocab: 8, seq_len: 8 };
  const S = 'model: gpt2\ntraining: {tokens: 1B, global_batch: 8}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n';
  it.each([
    ['flopsWith(id, sources)', () => flopsWith('gpt2' as never, sourcesFromTexts({}) as never), 'found "gpt2"'],
    ['flopsWith(inline model)', () => flopsWith(INLINE as never, undefined as never), 'found an object without loadModel, loadHardware, today'],
    ['runWith(scenario)', () => runWith(S as never, undefined as never), 'found "model: gpt2'],
  ])('%s', (_, call, found) => {
    const e = refused(call);
    expect(e.details.keyPath).toBe('sources');
    expect(e.message).toContain(found);
    expect(e.details.hint).toBe('the sources come first: flopsWith(sources, model), runWith(sources, scenario), planWith(sources, query), reportWith(sources, scenario); make them with sourcesFromTexts({ models, hardware })');
  });
  it('an inline model needs no sources', () => {
    expect(flopsWith(undefined as never, INLINE).params.total).toBeGreaterThan(0);
  });
});

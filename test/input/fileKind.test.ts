/**
 * A file of one kind where another goes is named as what it is (src/input/fileKind.ts), through the
 * two places that read such files: a scenario (scenario/resolve.ts, the CLI's run and the page alike)
 * and a model (model/text.ts). Hostile sweep 6: a config.json as a scenario was "model: required model
 * is missing", a scenario as a model "model: unknown key `model`" with did you mean `d_model`?, and a
 * scenario that is a list "a scenario is a mapping with model, training and cluster", saying not what it was.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/errors.js';
import { fileKindOf } from '../../src/input/fileKind.js';
import { parseYaml } from '../../src/input/yaml.js';
import { fieldPlace, modelFromText } from '../../src/model/text.js';
import { inlineModel, type ModelInput } from '../../src/library/core.js';
import { parseHardwareProfile } from '../../src/hardware/profile.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { resolveScenario, type ScenarioDeps } from '../../src/scenario/resolve.js';

const CONFIG = '{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32, "vocab_size": 32000, "intermediate_size": 11008, "max_position_embeddings": 4096}';
const MODEL = readFileSync(join(PACKAGE_ROOT, 'models', 'gpt2.yaml'), 'utf8');
const SCENARIO = readFileSync(join(PACKAGE_ROOT, 'scenarios', 'llama-65b.yaml'), 'utf8');
const RUNS = readFileSync(join(PACKAGE_ROOT, 'examples', 'own-runs.yaml'), 'utf8');
const PROFILE = readFileSync(join(PACKAGE_ROOT, 'hardware-profiles', 'h100-sxm.yaml'), 'utf8');

function refused(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

// The kind is told before anything is loaded: no model or hardware is looked up.
const asScenario = (text: string, file: string) => resolveScenario(parseYaml(text, file), {} as ScenarioDeps, 's');

describe('a file of another kind', () => {
  it.each<[string, () => unknown, RegExp, RegExp]>([
    ['a config.json as a scenario', () => asScenario(CONFIG, 'config.json'), /^config\.json:1:1: this is a model's config\.json \(keys model_type, architectures, hidden_size, num_hidden_layers\), not a scenario/, /a scenario names it as model: path\/to\/config\.json/],
    ['a model file as a scenario', () => asScenario(MODEL, 'gpt2.yaml'), /^gpt2\.yaml:1:1: this is a model file \(keys layers, d_model, heads, d_ff\), not a scenario/, /flopcast flops FILE/],
    ['a scenario as a model file', () => modelFromText(SCENARIO, 's.yaml', 's'), /^s\.yaml:1:1: this is a scenario \(keys model, training, cluster, pricing\), not a model/, /^flopcast run FILE evaluates a scenario/],
    // A hardware profile was none of the kinds: as a scenario "model: required model is missing", as a
    // model "id: unknown key `id`"; a scenario or model in a hardware folder "unknown key `model`" with
    // every profile key listed.
    ['a hardware profile as a scenario', () => asScenario(PROFILE, 'h100-sxm.yaml'), /^h100-sxm\.yaml:1:1: this is a hardware profile \(keys peak_tflops, memory, scale_up, scale_out\), not a scenario/, /a scenario names it by id: cluster: \{gpu: ID\}/],
    ['a hardware profile as a model', () => modelFromText(PROFILE, 'h100-sxm.yaml', 'h'), /^h100-sxm\.yaml:1:1: this is a hardware profile .*, not a model/, /--hardware-dir DIR/],
    ['a scenario as a hardware profile', () => parseHardwareProfile(SCENARIO, 'hw/llama-65b.yaml'), /^hw\/llama-65b\.yaml:1:1: this is a scenario \(keys model, training, cluster, pricing\), not a hardware profile/, /^flopcast run FILE/],
    ['a model file as a hardware profile', () => parseHardwareProfile(MODEL, 'hw/gpt2.yaml'), /^hw\/gpt2\.yaml:1:1: this is a model file .*, not a hardware profile/, /^flopcast flops FILE/],
    ['a scenario written as JSON as a config.json', () => modelFromText(JSON.stringify(parseYaml(SCENARIO, 's.yaml').value), 'config.json', 'c'), /^config\.json:1:1: this is a scenario/, /flopcast run FILE/],
    // A config.json's content where a model's own keys go: a config saved as .yaml, the library's
    // flops(JSON.parse(text)) and a scenario's inline model: were 'none of the 8 top-level keys is a known key'
    // and 'unknown key `architectures`' with flopcast's keys as hint.
    // A file of your runs (`validate FILE`'s, rows alone) as a scenario was 'model: required model is missing' in run, report and plan.
    ['a file of your own runs as a scenario', () => asScenario(RUNS, 'own-runs.yaml'), /^own-runs\.yaml:1:1: this is a file of measured runs \(keys rows\), not a scenario/, /^flopcast validate FILE compares/],
    // review35: a repository's other files were told only where a config.json goes (model/hf/otherFile.ts, a second sniffer);
    // as a scenario, `run generation_config.json` and `run params.json` were "model: required model is missing".
    ['a generation_config.json as a scenario', () => asScenario('{"_from_model_config": true, "bos_token_id": 1, "eos_token_id": 2}', 'generation_config.json'), /^generation_config\.json:1:1: this is a generation_config\.json of decoding settings \(keys _from_model_config\), not a scenario/, /^pass the config\.json from the same model repository .*a scenario names it as model: path\/to\/config\.json/],
    ['a params.json as a scenario', () => asScenario('{"dim": 4096, "n_layers": 32, "n_heads": 32, "n_kv_heads": 8, "vocab_size": 32768}', 'params.json'), /^params\.json:1:1: this is a params\.json, Meta's and Mistral's own checkpoint format \(keys dim, n_layers, n_heads, n_kv_heads\), not a scenario/, /layers from n_layers, d_model from dim/],
    ['a tokenizer_config.json as a model', () => modelFromText('{"tokenizer_class": "LlamaTokenizer", "model_max_length": 8192}', 'tokenizer_config.json', 't'), /^tokenizer_config\.json:1:1: this is a tokenizer_config\.json of the tokenizer's settings \(keys tokenizer_class, model_max_length\), not a model/, /^pass the config\.json/],
  ])('%s', (_, fn, message, hint) => {
    const e = refused(fn);
    expect(e.format()).toMatch(message);
    expect(e.details.hint).toMatch(hint);
  });

  it.each<[string, string]>([['- a\n- b\n', 'a list of 2'], ['', 'nothing (an empty file, or null)'], ['42\n', 'a number'], ['hello\n', 'text']])('a scenario %j says what it found', (text, found) => {
    expect(refused(() => asScenario(text, 's.yaml')).message).toBe(`a scenario is a mapping with model, training and cluster, found ${found}`);
  });

  it.each<[string, unknown, string | undefined]>([
    ['a scenario', { model: 'x', training: {}, cluster: {} }, 'scenario'],
    ['a config.json', { model_type: 'llama', hidden_size: 1 }, 'config.json'],
    ['a model file', { name: 'm', layers: 2, d_model: 64 }, 'model'],
    ['a hardware profile', { id: 'x', memory: {}, peak_tflops: {} }, 'hardware'],
    ['a hardware profile that extends another', { extends: 'h100-sxm', peak_tflops: {} }, 'hardware'],
    ['a file of runs', { rows: [] }, 'runs'],
    ['a bundled validation file', { split: 'test', rows: [] }, 'runs'],
    // one key of a kind is a typo's worth, not a kind: the schema's own message tells it (but `rows`, which no other kind has, alone)
    ['a scenario with rows', { model: 'x', training: {}, rows: [] }, 'scenario'],
    ['a scenario with one known key', { model: 'x', trainig: {} }, undefined],
    ['a tie', { model: 'x', training: {}, layers: 2, d_model: 1 }, undefined],
    // a config's key vetoes a repository's other file (review35: architectures + temperature was a generation_config.json)
    ['a config with a decoding key', { architectures: ['LlamaForCausalLM'], temperature: 0.7 }, undefined],
    ['a generation_config.json', { do_sample: true, temperature: 0.6 }, 'generation'],
    ['a config.json of transformers 3.x', { model_type: 'gpt2', n_embd: 768, do_sample: false, top_k: 50 }, undefined],
    ['a list', [1, 2], undefined],
  ])('fileKindOf(%s)', (_, value, kind) => {
    expect(fileKindOf(value)).toBe(kind);
  });
});

// Hostile sweep 19: a DeepSpeed config (train_batch_size, zero_optimization, ...) given as a scenario was "model: required
// model is missing"; fails on the old code.
describe('a DeepSpeed config', () => {
  const DS = '{"train_batch_size": 512, "train_micro_batch_size_per_gpu": 2, "zero_optimization": {"stage": 1}, "bf16": {"enabled": true}}';
  it('as a scenario is named as one, with where its fields go', () => {
    const e = refused(() => asScenario(DS, 'ds_config.json'));
    expect(e.format()).toMatch(/^ds_config\.json:1:1: this is a DeepSpeed config \(keys train_batch_size, train_micro_batch_size_per_gpu, zero_optimization, bf16\), not a scenario/);
    expect(e.details.hint).toBe('a scenario names the model, training and cluster; DeepSpeed\'s train_batch_size is its training.global_batch, train_micro_batch_size_per_gpu cluster.parallelism.micro_batch, zero_optimization.stage cluster.parallelism.zero_stage');
  });
});

/**
 * A config.json's content where a model goes (a config saved as .yaml, the library's `flops(JSON.parse(text))`, a
 * scenario's inline `model:`) is imported as the .json file is (model/text.ts modelFromConfig): it was refused,
 * 'imported only from a file named .json', though the text adds only positions. The counts are the file's; the
 * errors name the config's keys, under `model` in a scenario, at their line there.
 */
describe('a config.json given where a model goes', () => {
  const fromFile = modelFromText(CONFIG, 'llama/config.json', 'llama');
  const scenario = (model: string) => `model: ${model}\ntraining: {tokens: 1B}\ncluster: {gpu: h100-sxm, count: 8}\n`;
  const inScenario = (model: string, file = 's.yaml') => resolveScenario(parseYaml(scenario(model), file), { loadHardware: () => { throw new Error('not reached'); } } as unknown as ScenarioDeps, 's');
  const sizes = (a: ReturnType<typeof modelFromText>) => [a.layers, a.dModel, a.heads, a.dFf, a.vocab, a.seqLen];

  it.each<[string, () => ReturnType<typeof modelFromText>, string]>([
    ['saved as .yaml', () => modelFromText(CONFIG, 'config.yaml', 'c'), 'c'],
    ['as an inline model (the library)', () => inlineModel(JSON.parse(CONFIG) as ModelInput), 'inline config.json'],
  ])('%s: the model of the file', (_, fn, name) => {
    const a = fn();
    // Hand count from CONFIG: 32 layers, hidden 4096, 32 heads, intermediate 11008, vocab 32000, 4096 positions.
    expect(sizes(a)).toEqual([32, 4096, 32, 11008, 32000, 4096]);
    expect(sizes(a)).toEqual(sizes(fromFile));
    expect(a.name).toBe(name);
  });

  it('named by its _name_or_path where it has one', () => {
    expect(inlineModel({ ...JSON.parse(CONFIG), _name_or_path: 'meta-llama/Llama-2-7b-hf' } as ModelInput).name).toBe('meta-llama/Llama-2-7b-hf');
  });

  it('a field of a config saved as .yaml is placed at its key', () => {
    const a = modelFromText(CONFIG.replace('{', '{\n').replace(', "max', ',\n  "max'), 'c.yaml', 'c');
    // Line 1 `{`, line 2 the keys up to hidden_size's siblings, line 3 `  "max_position_embeddings": 4096}`.
    expect(fieldPlace(a, 'seq_len')).toEqual({ file: 'c.yaml', line: 3, col: 3, keyPath: 'max_position_embeddings' });
  });

  it.each<[string, () => unknown, RegExp]>([
    ['the library', () => inlineModel({ ...JSON.parse(CONFIG), num_attention_heads: 'x' } as ModelInput), /^<model>: num_attention_heads: expected a positive integer, found "x"/],
    ['a scenario', () => inScenario(CONFIG.replace('"num_hidden_layers": 32', '"num_hidden_layers": -1')), /^s\.yaml:1:\d+: model\.num_hidden_layers: expected a positive integer, found -1/],
    ['a scenario, a missing key', () => inScenario(CONFIG.replace('"hidden_size": 4096, ', '')), /^s\.yaml:1:1: model\.hidden_size: required /],
  ])('its errors name the keys of the config: %s', (_, fn, message) => {
    expect(refused(fn).format()).toMatch(message);
  });
});

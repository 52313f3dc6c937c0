/**
 * How a config.json's keys are read (src/model/hf/read.ts) where a value given differs from one left out. A boolean
 * given as null is refused at its key: transformers 5's strict config dataclasses refuse None for a bool field, and 4.x
 * kept the None and read it as false, so the two count different models. It was read as missing (the type's default):
 * GLM's attention_bias: null counted q/k/v biases, a tied-by-default type's tie_word_embeddings: null one table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HfConfig } from '../../../src/model/hf/read.js';
import { fromHfConfig, thrownInputError } from '../../helpers.js';

const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;

describe('tie_word_embeddings', () => {
  // The defaults when the key is left out are each type's (configuration_<type>.py): GPT2Config and GemmaConfig tie,
  // LlamaConfig does not.
  it.each([
    { fixture: 'gpt2', leftOut: true },
    { fixture: 'gemma-7b', leftOut: true },
    { fixture: 'llama-2-7b', leftOut: false },
    // The importers that read the key themselves (moreDense.ts: MptConfig and ExaoneConfig tie, Baichuan's remote code does not).
    { fixture: 'mpt-7b-instruct', leftOut: true },
    { fixture: 'exaone-3.0-7.8b-instruct', leftOut: true },
    { fixture: 'disc-finllm-baichuan-13b', leftOut: false },
  ])('$fixture: left out, the type\'s default ($leftOut); given, as given', ({ fixture, leftOut }) => {
    const { tie_word_embeddings: _given, ...without } = load(fixture);
    void _given;
    expect(fromHfConfig(without, 'x.json').tied_embeddings).toBe(leftOut);
    for (const tied of [true, false]) expect(fromHfConfig({ ...without, tie_word_embeddings: tied }, 'x.json').tied_embeddings).toBe(tied);
  });
});

describe('a boolean given as null', () => {
  const NULL_HINT = /^transformers 5 refuses None for a boolean config field, and 4\.x read it as false: write the value meant \(left out, it is (true|false)\)$/;
  it.each([
    { fixture: 'gpt2', key: 'tie_word_embeddings', leftOut: 'true' },
    { fixture: 'llama-2-7b', key: 'tie_word_embeddings', leftOut: 'false' },
    { fixture: 'mpt-7b-instruct', key: 'tie_word_embeddings', leftOut: 'true' },
    { fixture: 'glm-4-9b-chat-hf', key: 'attention_bias', leftOut: 'true' },
    { fixture: 'meta-llama-3-8b', key: 'attention_bias', leftOut: 'false' },
    { fixture: 'pythia-6.9b', key: 'use_parallel_residual', leftOut: 'true' },
    { fixture: 'starcoder2-15b', key: 'use_bias', leftOut: 'true' },
    { fixture: 'mpt-7b-instruct', key: 'no_bias', leftOut: 'true' },
    { fixture: 'mpt-7b-instruct', key: 'attn_config.alibi', leftOut: 'true' },
    { fixture: 'hunyuan-a13b-instruct', key: 'use_mixed_mlp_moe', leftOut: 'false' },
  ])('$fixture $key null: refused at the key', ({ fixture, key, leftOut }) => {
    const config = load(fixture);
    const [outer, inner] = key.split('.');
    const changed = inner === undefined ? { ...config, [outer!]: null } : { ...config, [outer!]: { ...(config[outer!] as object), [inner]: null } };
    const e = thrownInputError(() => fromHfConfig(changed, 'x.json'));
    expect([e.message, e.details.keyPath]).toEqual(['expected true or false, found null', key]);
    expect(e.details.hint).toMatch(NULL_HINT);
    expect(e.details.hint!.endsWith(`(left out, it is ${leftOut})`)).toBe(true);
  });
});

// NemotronHConfig takes mamba_conv_bias over use_conv_bias when a file gives both (configuration_nemotron_h.py:
// `self.use_conv_bias = kwargs.pop("mamba_conv_bias") if "mamba_conv_bias" in kwargs else self.use_conv_bias`);
// flopcast took use_conv_bias, and counted a conv bias mamba_conv_bias false leaves out.
describe('nemotron_h conv bias', () => {
  it.each([
    { given: { mamba_conv_bias: false, use_conv_bias: true }, bias: false },
    { given: { mamba_conv_bias: true, use_conv_bias: false }, bias: true },
    { given: { use_conv_bias: false }, bias: false },
    { given: {}, bias: true },
  ])('$given: conv_bias $bias', ({ given, bias }) => {
    const { use_conv_bias: _u, mamba_conv_bias: _m, ...rest } = load('nemotron-h-8b-base-8k');
    void _u;
    void _m;
    expect(fromHfConfig({ ...rest, ...given }, 'x.json').mamba?.conv_bias).toBe(bias);
  });
});

// A required number's hint names what each other key is: another spelling of the field, or a key of another meaning read
// in its place. It called every one "the older" (MPT's hidden_size is MptConfig's attribute_map alias of d_model; GPT-2's
// num_hidden_layers is the newer name of n_layer; Baichuan's model_max_length is another key read for the context).
describe('the hint of a required number', () => {
  it.each([
    { fixture: 'mpt-7b-instruct', drop: ['d_model'], hint: "a mpt config.json needs `d_model` (or its other spelling `hidden_size`); is this the model's config.json?" },
    { fixture: 'gpt2', drop: ['n_layer'], hint: "a gpt2 config.json needs `n_layer` (or its other spelling `num_hidden_layers`); is this the model's config.json?" },
    { fixture: 'disc-finllm-baichuan-13b', drop: ['max_position_embeddings', 'model_max_length'], hint: "a baichuan config.json needs `max_position_embeddings`, or else `model_max_length`; is this the model's config.json?" },
  ])('$fixture without $drop', ({ fixture, drop, hint }) => {
    const config = load(fixture);
    for (const k of drop) delete config[k];
    expect(thrownInputError(() => fromHfConfig(config, 'x.json')).details.hint).toBe(hint);
  });
});

// A list of layer indices (HfConfig.optIntList): a list given, an empty one too, is not the same as none (SmolLM3's
// no_rope_layers, Llama 4's moe_layers); intList reads both as []. Entries of the wrong kind are refused at their index.
describe('a list of layer indices', () => {
  const read = (raw: Record<string, unknown>) => new HfConfig(raw, 'x.json', 'llama', undefined, { root: raw, prefix: '' });
  it.each([
    { what: 'left out', raw: {}, opt: undefined, list: [] },
    { what: 'null', raw: { layers: null }, opt: undefined, list: [] },
    { what: 'empty', raw: { layers: [] }, opt: [], list: [] },
    { what: 'given', raw: { layers: [0, 3] }, opt: [0, 3], list: [0, 3] },
  ])('$what: optIntList $opt, intList $list', ({ raw, opt, list }) => {
    expect(read(raw).optIntList('layers')).toEqual(opt);
    expect(read(raw).intList('layers')).toEqual(list);
  });
  it.each([
    { raw: { layers: 'x' }, key: 'layers', message: 'expected a list of layer indices, found "x"' },
    { raw: { layers: [1, -1] }, key: 'layers[1]', message: 'expected a non-negative integer, found -1' },
  ])('$key refused: $message', ({ raw, key, message }) => {
    for (const reader of ['optIntList', 'intList'] as const) {
      const e = thrownInputError(() => read(raw)[reader]('layers'));
      expect([e.message, e.details.keyPath]).toEqual([message, key]);
    }
  });
});

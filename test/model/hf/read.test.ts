/**
 * How a config.json's keys are read (src/model/hf/read.ts) where a value given differs from one left out:
 * `tie_word_embeddings: null` is transformers' None, which ties nothing (PreTrainedModel.tie_weights ties only
 * `if getattr(config, "tie_word_embeddings", True)`), not the type's default. It was read as missing: a
 * tied-by-default type counted one table where transformers builds two.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHfConfig } from '../../../src/model/hf.js';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture } from '../../../src/model/schema.js';
import { thrownInputError } from '../../helpers.js';

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
  ])('$fixture: left out, the type\'s default ($leftOut); null, untied, said where that is not the default', ({ fixture, leftOut }) => {
    const { tie_word_embeddings: _given, ...without } = load(fixture);
    void _given;
    expect(fromHfConfig(without, 'x.json').tied_embeddings).toBe(leftOut);
    const nulled = fromHfConfig({ ...without, tie_word_embeddings: null }, 'x.json');
    expect(nulled.tied_embeddings).toBe(false);
    const note = (nulled.assumptions ?? []).filter((a) => a.startsWith('tie_word_embeddings null'));
    expect(note).toEqual(leftOut ? ["tie_word_embeddings null: transformers keeps the None, which its code reads as false, so it is counted as false (the type's default, when the key is left out, is true)."] : []);
  });

  it.each([true, false])('given %s, read as given, with no note', (tied) => {
    const m = fromHfConfig({ ...load('gpt2'), tie_word_embeddings: tied }, 'x.json');
    expect(m.tied_embeddings).toBe(tied);
    expect((m.assumptions ?? []).some((a) => a.startsWith('tie_word_embeddings'))).toBe(false);
  });

  it('a type that reads the key twice (ERNIE 4.5 MoE: use_bias against a tied head) says it once', () => {
    const m = fromHfConfig({ ...load('ernie-4.5-21b-a3b'), use_bias: true, tie_word_embeddings: null }, 'x.json');
    expect(m.tied_embeddings).toBe(false);
    expect((m.assumptions ?? []).filter((a) => a.startsWith('tie_word_embeddings null'))).toHaveLength(1);
  });
});

/**
 * Every true/false key is read by one rule (HfConfig.bool): null is false, as transformers reads the None a file gives
 * (`nn.Linear(..., bias=None)` builds no bias, `if config.no_bias:` fails), said once where the type's default is true.
 * Each row was read as the default (true) before, and counted or accepted what transformers does not build.
 */
describe('a boolean given as null', () => {
  it('glm attention_bias null: no q/k/v biases, 9,399,767,040 parameters (the published 9,399,951,360 less 40 layers of 4096 + 2·256 biases)', () => {
    const m = fromHfConfig({ ...load('glm-4-9b-chat-hf'), attention_bias: null }, 'g.json');
    expect(m.bias).toBe(false);
    expect(countParams(toArchitecture(ModelSchema.parse(m))).total).toBe(9_399_951_360 - 40 * (4096 + 2 * 256));
    expect(countParams(toArchitecture(ModelSchema.parse(m))).total).toBe(9_399_767_040);
    expect((m.assumptions ?? []).filter((a) => a.startsWith('attention_bias null'))).toHaveLength(1);
  });

  it.each([
    { what: 'no_bias', change: (c: Record<string, unknown>) => ({ ...c, no_bias: null }), key: 'no_bias', message: /^no_bias null: MosaicML's code then biases/ },
    { what: 'attn_config.alibi', change: (c: Record<string, unknown>) => ({ ...c, attn_config: { ...(c.attn_config as object), alibi: null } }), key: 'attn_config.alibi', message: /^alibi null: transformers' MptModel always adds ALiBi/ },
  ])('mpt $what null: refused as its false value is', ({ change, key, message }) => {
    const e = thrownInputError(() => fromHfConfig(change(load('mpt-7b-instruct')), 'm.json'));
    expect(e.details.keyPath).toBe(key);
    expect(e.message).toMatch(message);
  });

  it.each([
    // GPTNeoXAttention's nn.Linear(bias=config.attention_bias); GPTNeoXLayer's `if self.use_parallel_residual:`.
    { fixture: 'pythia-6.9b', key: 'attention_bias', field: 'bias', value: false },
    { fixture: 'pythia-6.9b', key: 'use_parallel_residual', field: 'parallel_block', value: false },
    // Starcoder2's nn.Linear(bias=config.use_bias).
    { fixture: 'starcoder2-15b', key: 'use_bias', field: 'bias', value: false },
  ])('$fixture $key null: $field $value, with one note', ({ fixture, key, field, value }) => {
    const m = fromHfConfig({ ...load(fixture), [key]: null }, 'x.json') as unknown as Record<string, unknown>;
    expect(m[field] ?? false).toBe(value);
    expect(((m.assumptions as string[] | undefined) ?? []).filter((a) => a.startsWith(`${key} null`))).toHaveLength(1);
  });

  it('nemotron_h reads mamba_conv_bias only where use_conv_bias is left out: its null is then the one noted', () => {
    // The Nemotron-H 8B file gives use_conv_bias true: a null mamba_conv_bias beside it is not read (it was, and noted).
    const given = fromHfConfig({ ...load('nemotron-h-8b-base-8k'), mamba_conv_bias: null }, 'x.json');
    expect(given.mamba?.conv_bias).toBe(true);
    expect((given.assumptions ?? []).some((a) => a.startsWith('mamba_conv_bias'))).toBe(false);
    const { use_conv_bias: _u, ...rest } = load('nemotron-h-8b-base-8k');
    void _u;
    const old = fromHfConfig({ ...rest, mamba_conv_bias: null }, 'x.json');
    expect(old.mamba?.conv_bias).toBe(false);
    expect((old.assumptions ?? []).filter((a) => a.startsWith('mamba_conv_bias null'))).toHaveLength(1);
  });

  it('a key whose default is false: null is false, with no note', () => {
    const m = fromHfConfig({ ...load('meta-llama-3-8b'), attention_bias: null }, 'x.json');
    expect(m.bias).toBeUndefined();
    expect((m.assumptions ?? []).some((a) => a.includes('null'))).toBe(false);
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

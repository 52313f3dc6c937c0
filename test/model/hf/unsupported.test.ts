/**
 * A config.json whose model_type no builder takes: a real architecture not built is said to be one (with what is not
 * modelled, where the table gives it) and is offered no other architecture; a multimodal wrapper without its
 * text_config is told where its language model is; a misspelt supported type keeps its suggestion.
 */
import { describe, expect, it } from 'vitest';
import { HF_MODEL_TYPES, fromHfConfig } from '../../../src/model/hf.js';
import { NESTS_TEXT_CONFIG, UNSUPPORTED_TYPES, unsupportedType } from '../../../src/model/hf/unsupported.js';
import { thrownInputError } from '../../helpers.js';

const refused = (config: Record<string, unknown>) => thrownInputError(() => fromHfConfig(config, 'config.json'));

describe('a real model_type flopcast does not build', () => {
  // Each was "did you mean" a different architecture by edit distance (the expected hint is the table's, not the code's output).
  it.each([
    ['hunyuan_v1_moe', 'hunyuan_v1_dense'],
    ['qwen3_next', 'qwen3_moe'],
    ['deepseek_v32', 'deepseek_v2'],
    ['mpt', 'opt'],
    ['arcee', null],
    ['granitemoeshared', 'granitemoe'],
    ['qwen3_vl_text', 'qwen2_vl_text'],
  ])('%s is named as not counted, with its reason where known, and no other type is offered (was: %s)', (type, wrong) => {
    const err = refused({ model_type: type });
    const why = UNSUPPORTED_TYPES[type]!;
    expect(err.message).toMatch(new RegExp(`^"${type}" is a Hugging Face architecture flopcast does not count${why ? `: ${why.replace(/[()]/g, '\\$&')}` : ''}; supported: `));
    expect(err.details.keyPath).toBe('model_type');
    expect(err.details.hint).toBe('describe it by hand in a flopcast model file (YAML)');
    if (wrong) expect(err.details.hint).not.toContain(wrong);
  });

  it.each(['qwen3_next', 'deepseek_v32'])('%s says what is not modelled', (type) => {
    expect(refused({ model_type: type }).message).toMatch(type === 'qwen3_next' ? /Gated DeltaNet/ : /DeepSeek Sparse Attention/);
  });

  it.each(['llama4', 'qwen3_vl', 'gemma3', 'mistral3'])('a %s config without text_config is told its language model is there (was: did you mean its *_text type)', (type) => {
    const err = refused({ model_type: type, hidden_size: 4096 });
    expect(err.message).toMatch(new RegExp(`^a "${type}" config nests its language model under text_config, and this file has none; supported: `));
    expect(err.details.hint).not.toMatch(/did you mean/);
  });

  it('the language model of a wrapper, itself a real type not built, is named at text_config.model_type', () => {
    const err = refused({ model_type: 'qwen3_vl', text_config: { model_type: 'qwen3_vl_text' } });
    expect(err.details.keyPath).toBe('text_config.model_type');
    expect(err.message).toMatch(/^"qwen3_vl_text" is a Hugging Face architecture flopcast does not count \(the language model of a "qwen3_vl" config\)/);
  });
});

describe('a model_type that is not a real one', () => {
  it.each([
    ['llamma', 'did you mean `llama`?'],
    ['qwen3_mo', 'did you mean `qwen3_moe`?'],
    ['gemma3_txt', 'did you mean `gemma3_text`?'],
    // As near a real unsupported type as any supported one: nothing offered.
    ['qwen3_nxt', 'describe other architectures by hand in a flopcast model file (YAML)'],
    ['hunyuan', 'describe other architectures by hand in a flopcast model file (YAML)'],
  ])('%s: %s', (type, hint) => {
    const err = refused({ model_type: type });
    expect(err.message).toMatch(new RegExp(`^unsupported model_type "${type}"; supported: `));
    expect(err.details.hint).toBe(hint);
  });
});

describe('the table', () => {
  it('holds no supported type', () => {
    expect(HF_MODEL_TYPES.filter((t) => Object.hasOwn(UNSUPPORTED_TYPES, t))).toEqual([]);
  });

  it('gives a wrapper its own message and a reason-less type none', () => {
    expect(UNSUPPORTED_TYPES['llama4']).toBe(NESTS_TEXT_CONFIG);
    expect(unsupportedType('mpt', HF_MODEL_TYPES).message).toBe('"mpt" is a Hugging Face architecture flopcast does not count');
  });
});

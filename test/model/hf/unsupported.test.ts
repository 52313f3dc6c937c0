/**
 * A config.json whose model_type no builder takes: a real architecture not built is said to be one (with what is not
 * modelled, where the table gives it) and is offered no other architecture; a multimodal wrapper without its
 * text_config is told where its language model is; a misspelt supported type keeps its suggestion.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HF_ACCEPTED_TYPES, HF_MODEL_TYPES } from '../../../src/model/hf.js';
import { modelFromText } from '../../../src/model/text.js';
import { ModelSchema } from '../../../src/model/schema.js';
import { NESTS_TEXT_CONFIG, UNSUPPORTED_TYPES, unsupportedType } from '../../../src/model/hf/unsupported.js';
import { fromHfConfig, thrownInputError } from '../../helpers.js';

const refused = (config: Record<string, unknown>) => thrownInputError(() => fromHfConfig(config, 'config.json'));

describe('a real model_type flopcast does not build', () => {
  // Each was "did you mean" a different architecture by edit distance (the expected hint is the table's, not the code's output).
  // The hint says what a model file can do instead: describe a type the importer only lacks a builder for; a part the
  // format has no layer for, it cannot describe either.
  const BY_HAND = 'describe it by hand in a flopcast model file (YAML)';
  const ELSEWHERE = 'a flopcast model file has no such layer either: count such a model elsewhere';
  it.each([
    ['qwen3_next', 'qwen3_moe', ELSEWHERE],
    ['deepseek_v32', 'deepseek_v2', ELSEWHERE],
    ['arcee', null, BY_HAND],
    ['granitemoeshared', 'granitemoe', BY_HAND],
    ['gpt_neo', 'gpt_neox', BY_HAND],
  ])('%s is named as not counted, with its reason where known, and no other type is offered (was: %s)', (type, wrong, hint) => {
    const err = refused({ model_type: type });
    const why = UNSUPPORTED_TYPES[type]!;
    expect(err.message).toMatch(new RegExp(`^"${type}" is a Hugging Face architecture flopcast does not count${why ? `: ${why.replace(/[()]/g, '\\$&')}` : ''}; supported: `));
    expect(err.details.keyPath).toBe('model_type');
    expect(err.details.hint).toBe(hint);
    if (wrong) expect(err.details.hint).not.toContain(wrong);
  });

  // Mamba-1 models were refused by a second table (hf/refused.ts) beside this one; one table now, its reasons kept.
  it.each([
    { type: 'mamba', text: '{\n  "model_type": "mamba",\n  "hidden_size": 768\n}\n', key: 'model_type', at: { line: 2, col: 3 } },
    { type: 'falcon_mamba', text: '{\n  "hidden_size": 4096,\n  "model_type": "falcon_mamba"\n}\n', key: 'model_type', at: { line: 3, col: 3 } },
    { type: 'jamba', text: '{\n  "model_type": "jamba"\n}\n', key: 'model_type', at: { line: 2, col: 3 } },
    { type: 'jamba', text: '{\n  "model_type": "llava",\n  "text_config": {\n    "model_type": "jamba"\n  }\n}\n', key: 'text_config.model_type', at: { line: 4, col: 5 } },
  ])('$type at $key: its Mamba-1 mixers, which the format (Mamba-2) cannot write', ({ type, text, key, at }) => {
    const e = thrownInputError(() => modelFromText(text, 'c.json', 'c'));
    expect(e.details.keyPath).toBe(key);
    expect({ line: e.details.line, col: e.details.col }).toEqual(at);
    expect(e.message).toMatch(new RegExp(`^"${type}" is a Hugging Face architecture flopcast does not count: .*Mamba-1 mixers?: x_proj, dt_proj, A_log, D, where the format's state-space layers are Mamba-2`));
    expect(e.details.hint).toBe(ELSEWHERE);
  });

  it('a Mamba-2 / attention hybrid in another layout is pointed at layer_pattern', () => {
    expect(refused({ model_type: 'bamba' }).details.hint).toMatch(/layer_pattern/);
  });

  it('a pure Mamba-2 model is pointed at layer_pattern (a model file writes it: layer_pattern "MMMM" with mamba), not told the format has no such layer', () => {
    const hint = refused({ model_type: 'mamba2' }).details.hint;
    expect(hint).toBe('a flopcast model file describes a Mamba-2 model by hand (layer_pattern of M layers only, and mamba)');
    expect(hint).not.toBe(ELSEWHERE);
    // What the hint says a model file can do, it does: every layer M.
    const pure = { name: 'pure-mamba2', layers: 4, d_model: 1024, heads: 16, d_ff: 4096, vocab: 50000, seq_len: 2048, layer_pattern: 'MMMM', mamba: { heads: 32, groups: 1, chunk_size: 256, head_dim: 64, state_size: 128, conv_kernel: 4 } };
    expect(ModelSchema.safeParse(pure).success).toBe(true);
  });

  it.each([
    { type: 'qwen3_next', part: /Gated DeltaNet/ },
    { type: 'deepseek_v32', part: /DeepSeek Sparse Attention/ },
    // Later types (auto_mappings.py @ 00290f09): deepseek_v4 was offered deepseek_v2, mistral4 mistral; glm_moe_dsa and
    // olmo_hybrid were told a model file could describe them, which it cannot.
    { type: 'glm_moe_dsa', part: /DeepSeek Sparse Attention/ },
    { type: 'deepseek_v4', part: /compressed sparse attention .* hyper-connections and hash-routed MoE layers/ },
    { type: 'olmo_hybrid', part: /Gated DeltaNet/ },
    { type: 'rwkv7', part: /recurrent/ },
    // New-user trial configs33: both were "unsupported model_type", told a model file could describe them, which it cannot.
    { type: 'kimi_linear', part: /Kimi Delta Attention \(KDA, gated delta-rule linear attention\) layers beside multi-head latent attention/ },
    { type: 'step3_text', part: /Multi-Matrix Factorization Attention \(a low-rank query/ },
    // Llama-Nemotron Super / Ultra: offered nemotron (another architecture).
    { type: 'nemotron-nas', part: /its layers differ one by one \(block_configs/ },
    // Ring linear 2.0 and Ling 3.0: "unsupported model_type", told a model file could describe them.
    { type: 'bailing_moe_linear', part: /lightning \(linear\) attention layers/ },
    { type: 'bailing_hybrid', part: /Kimi Delta Attention \(KDA, gated delta-rule linear attention\) layers beside multi-head latent attention/ },
    // hf35: MiniCPM-SALA was "unsupported model_type" (minicpm, a MiniCPM 4 file, is built: its layers are not these).
    { type: 'minicpm_sala', part: /lightning \(linear\) attention layers \(mixer_types "lightning-attn"\)/ },
  ])('$type says what is not modelled, and that a model file cannot describe it', ({ type, part }) => {
    const e = refused({ model_type: type });
    expect(e.message).toMatch(part);
    expect(e.details.hint).toBe(ELSEWHERE);
  });

  it.each([['mistral4', 'mistral'], ['solar_open', null], ['granitemoe_swa', 'granitemoe'], ['granite_swa', null]])('%s is a type a model file describes by hand (was: %s)', (type, wrong) => {
    const e = refused({ model_type: type });
    expect(e.message).toMatch(new RegExp(`^"${type}" is a Hugging Face architecture flopcast does not count; supported: `));
    expect(e.details.hint).toBe(BY_HAND);
    if (wrong) expect(e.details.hint).not.toContain(`\`${wrong}\``);
  });

  // Qwen3.5 (Qwen3_5Config, Qwen3_5MoeConfig): a multimodal wrapper whose text_config is Qwen3-Next's hybrid of Gated
  // DeltaNet and full attention. Both were "did you mean `qwen3` / `qwen3_moe`" (another architecture, a wrong count).
  it.each([
    { type: 'qwen3_5', text: 'qwen3_5_text', wrong: 'qwen3' },
    { type: 'qwen3_5_moe', text: 'qwen3_5_moe_text', wrong: 'qwen3_moe' },
  ])('$type: its $text language model is a Gated DeltaNet hybrid, named at text_config.model_type; without one, told where it is', ({ type, text, wrong }) => {
    const nested = refused({ model_type: type, text_config: { model_type: text, hidden_size: 2048 } });
    expect(nested.details.keyPath).toBe('text_config.model_type');
    expect(nested.message).toMatch(new RegExp(`^"${text}" is a Hugging Face architecture flopcast does not count: its Gated DeltaNet \\(linear attention\\) layers`));
    expect(nested.details.hint).toBe(ELSEWHERE);
    const flat = refused({ model_type: type, hidden_size: 2048 });
    expect(flat.message).toMatch(new RegExp(`^a "${type}" config nests its language model under text_config, and this file has none`));
    for (const e of [nested, flat]) expect(e.details.hint).not.toContain(`\`${wrong}\``);
  });

  // New-user trial configs33: kimi_k3 was offered kimi_k25 (another model), step3_vl was "unsupported model_type"; each nests a
  // language model flopcast refuses, which is now named at text_config.model_type with what is not modelled.
  it.each([
    { type: 'kimi_k3', text: 'kimi_linear', part: /Kimi Delta Attention/ },
    { type: 'step3_vl', text: 'step3_text', part: /Multi-Matrix Factorization Attention/ },
  ])('$type: its $text language model is refused at text_config.model_type, naming what is not modelled', ({ type, text, part }) => {
    const e = refused({ model_type: type, text_config: { model_type: text, hidden_size: 2048 } });
    expect(e.details.keyPath).toBe('text_config.model_type');
    expect(e.message).toMatch(part);
    expect(e.message).toContain(`(the language model of a "${type}" config)`);
    expect(e.details.hint).toBe(ELSEWHERE);
  });

  it('moonshotai/Kimi-Linear-48B-A3B-Instruct\'s config.json is refused at its model_type line, naming KDA (fixture)', () => {
    const file = 'test/fixtures/hf/kimi-linear-48b-a3b-instruct.json';
    const e = thrownInputError(() => modelFromText(readFileSync(join(import.meta.dirname, '..', '..', '..', file), 'utf8'), file, 'kimi-linear'));
    expect(e.details).toMatchObject({ file, keyPath: 'model_type', line: 3, col: 3 });
    expect(e.message).toMatch(/^"kimi_linear" is a Hugging Face architecture flopcast does not count: its Kimi Delta Attention/);
    expect(e.details.hint).toBe(ELSEWHERE);
  });

  it.each(['llama4', 'gemma3', 'mistral3'])('a %s config without text_config is told its language model is there (was: did you mean its *_text type)', (type) => {
    const err = refused({ model_type: type, hidden_size: 4096 });
    expect(err.message).toMatch(new RegExp(`^a "${type}" config nests its language model under text_config, and this file has none; supported: `));
    expect(err.details.hint).not.toMatch(/did you mean/);
  });

  it('the language model of a wrapper, itself a real type not built, is named at text_config.model_type', () => {
    const err = refused({ model_type: 'llava', text_config: { model_type: 'gpt_neo' } });
    expect(err.details.keyPath).toBe('text_config.model_type');
    expect(err.message).toMatch(/^"gpt_neo" is a Hugging Face architecture flopcast does not count \(the language model of a "llava" config\)/);
  });
});

describe('real types are offered no other real type', () => {
  // Real model_types (transformers' configuration_auto.py CONFIG_MAPPING_NAMES, and the hub's remote-code types
  // minimax_m1, deepseek_vl_v2, kimi_vl, ernie4_5_moe_vl) that are language models or wrap one. Each of the first row
  // was "did you mean" another architecture (qwen2_5_omni: qwen2_5_vl, deepseek_vl_v2: deepseek_v2, minimax_m1:
  // minimax_m2, kimi_vl: kimi_k2, ernie4_5_vl_moe: ernie4_5_moe, pixtral: mixtral).
  const REAL = [
    'qwen2_5_omni', 'deepseek_vl_v2', 'minimax_m1', 'kimi_vl', 'ernie4_5_vl_moe', 'ernie4_5_vl_moe_text', 'ernie4_5_moe_vl', 'pixtral',
    'qwen2_audio', 'phi4_multimodal', 'idefics', 'idefics2', 'idefics3', 'granitevision', 'shieldgemma2', 'gpt_neo', 'gpt_neox_japanese',
    'granitemoeshared', 'qwen3_next', 'qwen3_omni_moe', 'deepseek_v32', 'minimax', 'mamba', 'mamba2', 'falcon_mamba',
    'falcon_h1', 'jamba', 'bamba', 'zamba', 'zamba2', 'gemma3n', 'gemma3n_text', 'glm4v', 'glm4v_text', 'glm4v_moe', 'glm4v_moe_text',
    'llava', 'llava_next', 'mllama', 'lfm2', 'lfm2_moe', 'lfm2_vl', 'diffllama', 'recurrent_gemma', 'rwkv', 'xlstm', 'codegen', 'ctrl',
    'biogpt', 'xglm', 'openai-gpt', 'persimmon', 'fuyu', 'chameleon', 'emu3', 'helium', 'jetmoe', 'bitnet', 'doge', 'cwm', 'arcee', 'afmoe',
    'qwen3_5', 'qwen3_5_moe', 'qwen3_5_text', 'qwen3_5_moe_text', 'glm_moe_dsa', 'deepseek_v4', 'olmo_hybrid', 'rwkv7', 'mistral4', 'solar_open', 'granite_swa', 'granitemoe_swa',
    // auto_mappings.py @ 00290f09, walked again: these were offered another architecture (kimi_k25: kimi_k2, hunyuan_vl_text:
    // hunyuan_v1_dense, gemma4: gemma, gemma4_text: gemma3_text, exaone4_5: exaone4, deepseek_ocr2: deepseek_v2, glmga: gemma,
    // pi0: phi) or were not named as real (the rest).
    'kimi_k25', 'hunyuan_vl', 'hunyuan_vl_text', 'gemma4', 'gemma4_text', 'exaone4_5', 'deepseek_ocr2', 'deepseek_ocr2_text', 'glmga', 'pi0',
    'cohere2_moe', 'hy_v3', 'mimo_v2_flash', 'step3p5', 'step3p7', 'laguna', 'mellum', 'minicpm3', 'hyperclovax',
    'qwen2_5_omni_text', // was offered qwen2_5_vl_text
    'exaone_moe', // New-user trial 22 (Megatron-Bridge's K-EXAONE recipe): not named as real
    // New-user trial configs33: internlm3 was offered internlm2 and kimi_k3 kimi_k25 (other architectures); the rest were
    // not named as real.
    'internlm3', 'kimi_k3', 'kimi_linear', 'step3_text', 'step3_vl', 'bailing_moe', 'bailing_moe_v2', 'nemotron-nas', 'bailing_moe_linear', 'bailing_hybrid',
    'minicpm_sala', // hf35: was "unsupported model_type"
    'minicpmv', 'minicpmo', // hf35: offered minicpm once it was built (their language models are Qwen2, Llama 3, Qwen3 ... by version)
  ];
  it.each(REAL)('%s', (type) => {
    expect(HF_ACCEPTED_TYPES).not.toContain(type);
    const { message, hint } = unsupportedType(type, HF_ACCEPTED_TYPES);
    expect(hint).not.toMatch(/did you mean/);
    expect(message).not.toMatch(/^unsupported model_type/);
  });

  // The wrappers among them name where their language model is, and a Kimi K2.5 file's text_config (a kimi_k2 / deepseek_v3
  // config, Kimi_K25Config.__post_init__) is counted as that type.
  it('kimi_k25 is read through its text_config, as Kimi_K25Config builds it', () => {
    const k2 = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', 'kimi-k2-instruct.json'), 'utf8')) as Record<string, unknown>;
    const m = fromHfConfig({ model_type: 'kimi_k25', text_config: k2, vision_config: { model_type: 'kimi_k25_vision' } }, 'config.json');
    expect(m.layers).toBe(fromHfConfig(k2, 'config.json').layers);
    expect(m.assumptions?.join('\n')).toMatch(/a "kimi_k25" config: its language model \(text_config, model_type kimi_k2\) is counted/);
  });

  it.each([
    { type: 'kimi_k25', key: 'text_config' },
    { type: 'gemma4', key: 'text_config' },
    { type: 'deepseek_vl_v2', key: 'language_config' },
    { type: 'kimi_vl', key: 'text_config' },
    { type: 'idefics2', key: 'text_config' },
  ])('a $type file without its $key is told that its language model is under $key', ({ type, key }) => {
    const err = refused({ model_type: type, hidden_size: 2048 });
    expect(err.message).toMatch(new RegExp(`^a "${type}" config nests its language model under ${key}, and this file has none; supported: `));
    expect(err.details.hint).toBe(`pass the model repository's config.json whole: its ${key} is the language model counted`);
  });

  it('a deepseek_vl_v2 file with its language_config counts that (a deepseek_v2 config), as it does for any wrapper', () => {
    const m = fromHfConfig({ model_type: 'deepseek_vl_v2', language_config: { model_type: 'llama', hidden_size: 512, intermediate_size: 1024, num_hidden_layers: 2, num_attention_heads: 8, vocab_size: 1000, max_position_embeddings: 2048 } }, 'c.json');
    expect(m).toMatchObject({ layers: 2, d_model: 512 });
  });
});

describe('a model_type that is not a real one', () => {
  it.each([
    ['llamma', 'did you mean `llama`?'],
    ['qwen3_mo', 'did you mean `qwen3_moe`?'],
    ['gemma3_txt', 'did you mean `gemma3_text`?'],
    // As near a real unsupported type as any supported one: nothing offered.
    ['qwen3_nxt', 'describe other architectures by hand in a flopcast model file (YAML)'],
    // Both HunYuan types are built, but `hunyuan` begins the real hunyuan_vl and hunyuan_vl_text as much (listed since
    // auto_mappings.py @ 00290f09): as with qwen3_nxt, nothing offered (it was both built types).
    ['hunyuan', 'describe other architectures by hand in a flopcast model file (YAML)'],
    ['hunyuan_v1_dens', 'did you mean `hunyuan_v1_dense`?'],
  ])('%s: %s', (type, hint) => {
    const err = refused({ model_type: type });
    expect(err.message).toMatch(new RegExp(`^unsupported model_type "${type}"; supported: `));
    expect(err.details.hint).toBe(hint);
  });
});

describe('the table', () => {
  it('holds no type a file may give (a builder, a hub alias, or a type read through its text_config)', () => {
    expect(HF_ACCEPTED_TYPES.filter((t) => Object.hasOwn(UNSUPPORTED_TYPES, t))).toEqual([]);
  });

  it('gives a wrapper its own message and a reason-less type none', () => {
    expect(UNSUPPORTED_TYPES['llama4']).toBe(NESTS_TEXT_CONFIG);
    expect(unsupportedType('arcee', HF_MODEL_TYPES).message).toBe('"arcee" is a Hugging Face architecture flopcast does not count');
  });
});

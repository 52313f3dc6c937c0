import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHfConfig } from '../../helpers.js';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';

// The language models of Qwen2-VL, Qwen2.5-VL, Mistral 3 and Phi-3-vision configs (src/model/hf.ts ALIASES, TEXT_TYPE_OF; the text
// configs' defaults in src/model/hf/typeDefaults.ts); test/fixtures/hf/README.md says where each fixture is from.
const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;
const count = (m: ModelInput) => countParams(toArchitecture(ModelSchema.parse(m)));

describe('qwen2_5_vl / qwen2_vl (the language model of Qwen2_5_VLForConditionalGeneration, Qwen2VLForConditionalGeneration)', () => {
  const file = 'test/fixtures/hf/qwen2.5-vl-7b-instruct.json';
  const m = fromHfConfig(load('qwen2.5-vl-7b-instruct'), file);

  it('Qwen/Qwen2.5-VL-7B-Instruct, top-level keys: Qwen2\'s modules (q/k/v biased, the head untied), no window (use_sliding_window false)', () => {
    expect(m).toMatchObject({ layers: 28, d_model: 3584, heads: 28, kv_heads: 4, d_ff: 18944, ffn: 'swiglu', bias: 'qkv', tied_embeddings: false, seq_len: 128000 });
    expect(m.sliding_window).toBeUndefined();
    expect(m.source).toContain('model_type qwen2_5_vl');
    expect(m.assumptions).toContain('a "qwen2_5_vl" config: its language model (the top-level keys) is counted; the vision encoder and the multimodal projector (vision_config) are not.');
  });

  it('7,615,616,512: the checkpoint\'s 8,292,166,656 less its 676,550,144-parameter vision tower and merger, as published', () => {
    // Per layer q, o 3584² each (q with its 3584 bias), k, v 3584·512 + 512 each, 3·3584·18944, two RMSNorms; two
    // 152,064 × 3584 tables; the final norm.
    const layer = 2 * 3584 ** 2 + 3584 + 2 * (3584 * 512 + 512) + 3 * 3584 * 18944 + 2 * 3584;
    expect(count(m).total).toBe(28 * layer + 2 * 152_064 * 3584 + 3584);
    // Public safetensors-header counts of Lingshu-7B, a Qwen2.5-VL-7B fine-tune: total 8,292,166,656 (the HF API's
    // figure for Qwen/Qwen2.5-VL-7B-Instruct too), vision tower + merger 676,550,144; and a LLaMA-Factory log of a
    // Qwen2.5-VL-7B run with the visual part frozen: "7,615,616,512 trainable parameters out of 8,292,166,656".
    expect(count(m).total).toBe(8_292_166_656 - 676_550_144);
    expect(count(m).total).toBe(7_615_616_512);
  });

  it('reads a newer file\'s text_config (model_type qwen2_5_vl_text) to the same model, and qwen2_vl the same way', () => {
    const { vision_config: vision, ...text } = load('qwen2.5-vl-7b-instruct');
    const nested = fromHfConfig({ model_type: 'qwen2_5_vl', vision_config: vision, text_config: { ...text, model_type: 'qwen2_5_vl_text' } }, 'q.json');
    expect(count(nested).total).toBe(7_615_616_512);
    expect(nested.assumptions).toContain('a "qwen2_5_vl" config: its language model (text_config, model_type qwen2_5_vl_text) is counted; the vision encoder and the multimodal projector (vision_config) are not.');
    expect(count(fromHfConfig({ ...load('qwen2.5-vl-7b-instruct'), model_type: 'qwen2_vl' }, 'q.json')).total).toBe(7_615_616_512);
    expect(count(fromHfConfig({ model_type: 'qwen2_vl', text_config: { ...text, model_type: 'qwen2_vl_text' } }, 'q.json')).total).toBe(7_615_616_512);
  });
});

describe('qwen2_5_vl / qwen2_vl text_config: built as the type\'s text config whatever its model_type says', () => {
  // Qwen2_5_VLConfig.sub_configs['text_config'](**text_config): no model_type was refused ('expected the language
  // model's model_type, found nothing'), and `llama` was counted as Llama, without Qwen2's q/k/v biases (7,615,487,488).
  const { vision_config: vision, model_type: _t, ...text } = load('qwen2.5-vl-7b-instruct');
  void _t;
  it.each([
    ['no model_type', 'qwen2_5_vl', {}, undefined],
    ['model_type llama', 'qwen2_5_vl', { model_type: 'llama' }, 'text_config.model_type "llama" is not read: a "qwen2_5_vl" config builds its language model as qwen2_5_vl_text, whatever its text_config says.'],
    ['model_type qwen2_5_vl_text', 'qwen2_5_vl', { model_type: 'qwen2_5_vl_text' }, undefined],
    ['qwen2_vl, model_type qwen2', 'qwen2_vl', { model_type: 'qwen2' }, 'text_config.model_type "qwen2" is not read: a "qwen2_vl" config builds its language model as qwen2_vl_text, whatever its text_config says.'],
  ])('%s', (_what, type, extra, note) => {
    const m = fromHfConfig({ model_type: type, vision_config: vision, text_config: { ...text, ...extra } }, 'q.json');
    expect(count(m).total).toBe(7_615_616_512);
    const notes = (m.assumptions ?? []).filter((a) => a.includes('is not read'));
    expect(notes).toEqual(note === undefined ? [] : [note]);
  });
});

describe('qwen2_5_vl / qwen2_vl keys left out: their text config\'s defaults, not Qwen2Config\'s or Llama\'s', () => {
  // Qwen2VLTextConfig and Qwen2_5_VLTextConfig (configuration_qwen2_vl.py, configuration_qwen2_5_vl.py): num_key_value_heads 8,
  // max_window_layers 80. A file without num_key_value_heads was counted with 28 key/value heads (one per query head).
  // 32 query heads (the file's 28 cannot share 8 key/value heads): 32 of head_dim 112 over 8 groups.
  const { num_key_value_heads: _k, max_window_layers: _w, vision_config: vision, ...rest } = load('qwen2.5-vl-7b-instruct');
  void _k;
  void _w;
  const text = { ...rest, num_attention_heads: 32 };
  it.each([
    ['qwen2_5_vl, top-level keys', { ...text, vision_config: vision }],
    ['qwen2_vl, top-level keys', { ...text, model_type: 'qwen2_vl', vision_config: vision }],
    ['qwen2_5_vl, text_config', { model_type: 'qwen2_5_vl', vision_config: vision, text_config: { ...text, model_type: 'qwen2_5_vl_text' } }],
    ['qwen2_vl, text_config', { model_type: 'qwen2_vl', vision_config: vision, text_config: { ...text, model_type: 'qwen2_vl_text' } }],
  ])('%s: 8 key/value heads, and a note', (_what, config) => {
    const m = fromHfConfig(config, 'q.json');
    expect(m.kv_heads).toBe(8);
    // k_proj and v_proj 3584 → 8·112 with biases, against q_proj's 3584 → 3584: the count the schema accepts.
    expect(count({ ...m, kv_heads: 32 }).total - count(m).total).toBe(28 * 2 * (3584 + 1) * (3584 - 8 * 112));
    expect(m.assumptions?.join('\n')).toMatch(/not in the config, so its type's defaults \(transformers src\/transformers\/models\/qwen2(_5)?_vl\/configuration_qwen2(_5)?_vl\.py, Qwen2(_5)?_?VLTextConfig\): (text_config\.)?num_key_value_heads 8\./);
  });

  it('use_sliding_window without max_window_layers: layers 80 on slide, as Qwen2_5_VLTextConfig builds them', () => {
    const m = fromHfConfig({ ...text, num_key_value_heads: 4, num_hidden_layers: 84, use_sliding_window: true, sliding_window: 4096, vision_config: vision }, 'q.json');
    expect(m.layer_types?.filter((t) => t === 'sliding_attention').length).toBe(4);
  });
});

describe('mistral3 (Mistral3ForConditionalGeneration: its text_config, a mistral model)', () => {
  it('Mistral Small 3.x 24B\'s language model: 23,572,403,200, the checkpoint\'s 24,011,361,280 less its 438,958,080-parameter Pixtral encoder and projector', () => {
    const m = fromHfConfig(load('mistral-small-3.2-24b'), 'test/fixtures/hf/mistral-small-3.2-24b.json');
    expect(m).toMatchObject({ layers: 40, d_model: 5120, heads: 32, kv_heads: 8, d_head: 128, d_ff: 32768, tied_embeddings: false });
    expect(m.sliding_window).toBeUndefined();
    // Per layer q, o 5120·4096 each, k, v 5120·1024 each, 3·5120·32768, two RMSNorms; two 131,072 × 5120 tables (untied).
    const layer = 2 * 5120 * 4096 + 2 * 5120 * 1024 + 3 * 5120 * 32768 + 2 * 5120;
    expect(count(m).total).toBe(40 * layer + 2 * 131_072 * 5120 + 5120);
    // Public model tables: mistralai/Mistral-Small-3.2-24B-Instruct-2506 text 23,572,403,200 + vision 438,958,080, and
    // 24,011,361,280 unique parameters at revision 95a6d26c4bfb886c58daf9d3f7332c857cb27b43 (test/fixtures/hf/README.md).
    expect(count(m).total).toBe(24_011_361_280 - 438_958_080);
    expect(count(m).total).toBe(23_572_403_200);
  });
});

describe('mistral3 over a ministral3 text_config (Ministral 3, modular_ministral3.py: Mistral\'s layers)', () => {
  const file = 'test/fixtures/hf/ministral-3-8b-2512.json';
  const m = fromHfConfig(load('ministral-3-8b-2512'), file);
  const text = load('ministral-3-8b-2512').text_config as Record<string, unknown>;

  it('Ministral-3-8B: 8,489,553,920, the language model\'s count in the GGUF metadata and a full-parameter run, and the by-hand sum', () => {
    expect(m).toMatchObject({ layers: 34, d_model: 4096, heads: 32, kv_heads: 8, d_head: 128, d_ff: 14336, tied_embeddings: false, seq_len: 16384 });
    expect(m.sliding_window).toBeUndefined();
    expect(m.assumptions).toContain('rope_parameters.llama_4_scaling_beta (0.1): Llama 4\'s position-dependent query scale is element-wise, no parameters and no matrix product.');
    // Per layer q, o 4096·4096 each, k, v 4096·1024 each, 3·4096·14336, two RMSNorms; two 131,072 × 4096 tables; the final norm.
    expect(count(m).total).toBe(34 * (2 * 4096 ** 2 + 2 * 4096 * 1024 + 3 * 4096 * 14336 + 2 * 4096) + 2 * 131_072 * 4096 + 4096);
    // The Hub's GGUF metadata for mistralai/Ministral-3-8B-Instruct-2512-GGUF, "text parameter count 8,489,553,920", and a
    // public full-parameter smoke test of the 8B, "8,489,553,920 trainable parameters" (test/fixtures/hf/README.md).
    expect(count(m).total).toBe(8_489_553_920);
  });

  it('the 3B (tied, hidden 3072 under heads of 128) and the 14B: 3,429,006,336 and 13,506,073,600', () => {
    const b3: Record<string, unknown> = { ...text, hidden_size: 3072, intermediate_size: 9216, num_hidden_layers: 26, tie_word_embeddings: true };
    // A public GGUF inventory: Ministral-3-3B-Instruct-2512-Q4_K_M.gguf, 3,429,006,336 parameters (test/fixtures/hf/README.md).
    expect(count(fromHfConfig({ ...load('ministral-3-8b-2512'), text_config: b3 }, 'm.json')).total).toBe(3_429_006_336);
    // Ministral3Config's head_dim 128 when the file leaves it out, not 3072 / 32 = 96.
    const { head_dim: _h, num_key_value_heads: _kv, ...bare } = b3;
    void _h;
    void _kv;
    const defaulted = fromHfConfig({ ...load('ministral-3-8b-2512'), text_config: bare }, 'm.json');
    expect(count(defaulted).total).toBe(3_429_006_336);
    expect(defaulted.assumptions?.join('\n')).toContain('text_config.head_dim 128, text_config.num_key_value_heads 8');
    // 14B: per layer q, o 5120·4096, k, v 5120·1024, 3·5120·16384, two RMSNorms; untied 131,072 × 5120 tables. The
    // architecture atlas's "LM 13,506,073,600", the card's "13.5B Language Model".
    const b14 = { ...text, hidden_size: 5120, intermediate_size: 16384, num_hidden_layers: 40 };
    const total14 = count(fromHfConfig({ ...load('ministral-3-8b-2512'), text_config: b14 }, 'm.json')).total;
    expect(total14).toBe(40 * (2 * 5120 * 4096 + 2 * 5120 * 1024 + 3 * 5120 * 16384 + 2 * 5120) + 2 * 131_072 * 5120 + 5120);
    expect(total14).toBe(13_506_073_600);
  });

  it('a top-level ministral3 file (Devstral 2\'s Ministral3ForCausalLM) is the same model', () => {
    expect(count(fromHfConfig({ ...text, architectures: ['Ministral3ForCausalLM'] }, 'd.json')).total).toBe(8_489_553_920);
  });
});

describe('phi3_v (Phi-3-vision: Phi-3\'s language model at the top level, a CLIP encoder beside it)', () => {
  const m = fromHfConfig(load('phi-3-vision-128k-instruct'), 'test/fixtures/hf/phi-3-vision-128k-instruct.json');

  it('microsoft/Phi-3-vision-128k-instruct: 3,821,079,552, the checkpoint\'s 4,146,621,440 less its CLIP encoder and projection by hand', () => {
    expect(m).toMatchObject({ layers: 32, d_model: 3072, heads: 32, kv_heads: 32, d_ff: 8192, ffn: 'swiglu', tied_embeddings: false, vocab: 32_064, seq_len: 4096 });
    expect(m.assumptions).toContain('a "phi3_v" config: its language model (the top-level keys, Phi-3\'s layers) is counted; the CLIP vision encoder (img_processor) and the image projection (embd_layer) are not.');
    // By hand: the vision part of Phi3ImageEmbedding. CLIP ViT-L/14-336's vision model (patch conv 3·14²·1024, class
    // embedding 1024, 577 × 1024 positions, pre- and post-LayerNorm 2·2·1024, 24 layers of q, k, v, o 4·(1024² + 1024),
    // fc1 1024·4096 + 4096, fc2 4096·1024 + 1024, two LayerNorms 2·2·1024); glb_GN and sub_GN 2·4096; img_projection
    // Linear(4096, 3072) and Linear(3072, 3072) with biases.
    const clip = 3 * 14 ** 2 * 1024 + 1024 + 577 * 1024 + 2 * 2 * 1024 + 24 * (4 * (1024 ** 2 + 1024) + 1024 * 4096 + 4096 + 4096 * 1024 + 1024 + 2 * 2 * 1024);
    const vision = clip + 2 * 4096 + (4096 * 3072 + 3072) + (3072 * 3072 + 3072);
    // microsoft/phi-3.5-vision-instruct's 4,146,621,440 in a public model table, and TIGER-Lab/VLM2Vec-Full (Phi-3.5-V's
    // weights) n_parameters 4,146,621,440 (test/fixtures/hf/README.md); Phi-3-vision's tensors have the same shapes.
    expect(count(m).total).toBe(4_146_621_440 - vision);
    expect(count(m).total).toBe(3_821_079_552);
  });
});

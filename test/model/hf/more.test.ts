import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHfConfig } from '../../../src/model/hf.js';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';
import { modelFromText } from '../../../src/model/text.js';
import { thrownInputError } from '../../helpers.js';

// The families of src/model/hf/more.ts; test/fixtures/hf/README.md says where each fixture is from.
const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;
const count = (m: ModelInput) => countParams(toArchitecture(ModelSchema.parse(m)));

describe('starcoder2 (Starcoder2ForCausalLM)', () => {
  const m = fromHfConfig(load('starcoder2-15b'), 'test/fixtures/hf/starcoder2-15b.json');

  it('bigcode/starcoder2-15b: biases on every linear, LayerNorms, a 2-matrix MLP, a 4096 window on every layer, the head untied', () => {
    expect(m).toMatchObject({ layers: 40, d_model: 6144, heads: 48, kv_heads: 4, d_ff: 24576, ffn: 'gelu', norm: 'layernorm', bias: true, position: 'rotary', tied_embeddings: false, sliding_window: 4096, seq_len: 16384 });
    expect(m.layer_types).toBeUndefined();
    expect(m.assumptions).toBeUndefined();
  });

  it('15,957,889,024 parameters: the hub checkpoint\'s safetensors metadata, and the by-hand sum', () => {
    // Per layer (modular_starcoder2.py): q, o 6144² + 6144 each; k, v 6144·512 + 512 each; c_fc 6144·24576 + 24576 and
    // c_proj 24576·6144 + 6144; two LayerNorms 2·2·6144. Two 49,152 × 6144 tables (untied) and the final LayerNorm.
    const layer = 2 * (6144 ** 2 + 6144) + 2 * (6144 * 512 + 512) + 2 * 6144 * 24576 + 24576 + 6144 + 4 * 6144;
    expect(count(m).total).toBe(40 * layer + 2 * 49_152 * 6144 + 2 * 6144);
    // A public model-card candidate for bigcode/starcoder2-15b (revision 46d44742909c03ac8cee08eb03fdebce02e193ec):
    // "Num parameters | 15,957,889,024 parameters (safetensors metadata)" (test/fixtures/hf/README.md).
    expect(count(m).total).toBe(15_957_889_024);
  });

  it('ties the head by default (Starcoder2Config tie_word_embeddings True) and drops every bias with use_bias false', () => {
    const { tie_word_embeddings: _t, ...rest } = load('starcoder2-15b');
    void _t;
    expect(fromHfConfig(rest, 's.json').tied_embeddings).toBe(true);
    expect(fromHfConfig({ ...rest, use_bias: false }, 's.json').bias).toBe(false);
    // attention_bias is not a Starcoder2Config key: use_bias alone decides.
    expect(fromHfConfig({ ...rest, attention_bias: false }, 's.json')).toMatchObject({ bias: true });
    expect(fromHfConfig({ ...rest, sliding_window: null }, 's.json').sliding_window).toBeUndefined();
  });
});

describe('starcoder2 without num_key_value_heads', () => {
  // Starcoder2Config's default is 2 key/value heads (configuration_starcoder2.py), not one per query head: such a file
  // was counted as full multi-head attention, 48 key/value heads for starcoder2-15b's sizes.
  it.each([
    ['left out: Starcoder2Config\'s 2, and a note', undefined, 2],
    ['given', 4, 4],
  ])('%s', (_what, given, kvHeads) => {
    const { num_key_value_heads: _k, ...rest } = load('starcoder2-15b');
    void _k;
    const m = fromHfConfig(given === undefined ? rest : { ...rest, num_key_value_heads: given }, 's.json');
    expect(m.kv_heads).toBe(kvHeads);
    if (given === undefined) expect(m.assumptions?.join('\n')).toContain('num_key_value_heads 2');
  });
});

describe('granitemoe (GraniteMoeForCausalLM)', () => {
  const m = fromHfConfig(load('granite-3.1-3b-a800m-instruct'), 'test/fixtures/hf/granite-3.1-3b-a800m-instruct.json');

  it('ibm-granite/granite-3.1-3b-a800m-instruct: every layer 40 experts of 512, 8 per token, no shared expert, the head tied', () => {
    expect(m).toMatchObject({ layers: 32, d_model: 1536, heads: 24, kv_heads: 8, ffn: 'swiglu', norm: 'rmsnorm', tied_embeddings: true, seq_len: 131072 });
    expect(m.moe).toEqual({ experts: 40, top_k: 8, d_ff_expert: 512 });
    expect(m.bias).toBeUndefined();
  });

  it('3,298,793,472 parameters: the checkpoint\'s count as a GGUF header and a model roster print it, and the by-hand sum', () => {
    // Per layer: q, o 1536² each, k, v 1536·512 each; router 1536·40; 40 experts of input_linear 1536·1024 and
    // output_linear 512·1536; two RMSNorms. One 49,155 × 1536 table (tied) and the final norm.
    const layer = 2 * 1536 ** 2 + 2 * 1536 * 512 + 1536 * 40 + 40 * 3 * 1536 * 512 + 2 * 1536;
    const p = count(m);
    expect(p.total).toBe(32 * layer + 49_155 * 1536 + 1536);
    expect(p.total).toBe(3_298_793_472);
    // Active by hand: 8 of the 40 experts.
    expect(p.active).toBe(32 * (layer - 32 * 3 * 1536 * 512) + 49_155 * 1536 + 1536);
  });

  it('granite-3.1-1b-a400m\'s sizes give 1,334,628,352, the count a public safetensors-header inspection prints', () => {
    // H1024, I512, 24 layers, 16 heads over 8 KV heads, 32 experts, top 8, vocabulary 49,155, tied (README.md).
    const small = fromHfConfig({ ...load('granite-3.1-3b-a800m-instruct'), hidden_size: 1024, num_hidden_layers: 24, num_attention_heads: 16, num_local_experts: 32 }, 'g.json');
    expect(count(small).total).toBe(1_334_628_352);
  });

  it('biases q, k and v with attention_bias and names the o_proj bias it leaves out; an mlp_bias key biases no expert', () => {
    const biased = fromHfConfig({ ...load('granite-3.1-3b-a800m-instruct'), attention_bias: true, mlp_bias: true }, 'g.json');
    expect(biased.bias).toBe('qkv');
    expect(biased.assumptions).toContain('attention_bias: the o_proj bias (1,536 per layer, 49,152 in all) is not counted; the q/k/v biases are.');
  });
});

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

describe('nemotron (NemotronForCausalLM: Nemotron-4, Minitron)', () => {
  const m = fromHfConfig(load('nemotron-mini-4b-instruct'), 'test/fixtures/hf/nemotron-mini-4b-instruct.json');

  it('nvidia/Nemotron-Mini-4B-Instruct\'s sizes: a 2-matrix squared-ReLU MLP, LayerNorms with bias, no linear bias, the head untied', () => {
    expect(m).toMatchObject({ layers: 32, d_model: 3072, heads: 24, kv_heads: 8, d_ff: 9216, ffn: 'gelu', norm: 'layernorm', position: 'rotary', tied_embeddings: false, seq_len: 4096 });
    expect(m.bias).toBeUndefined(); // llamaCore sets no bias without attention_bias or mlp_bias: the schema's default, none
    expect(m.assumptions).toContain('the squared-ReLU MLP (up_proj, down_proj, no gate) is counted as the 2-matrix FFN (ffn: gelu): the same parameters and matrix FLOPs.');
  });

  it('4,190,509,056 parameters, the count a public card of the checkpoint gives, and the by-hand sum', () => {
    // Per layer q, o 3072² each, k, v 3072·1024 each, up 3072·9216 and down 9216·3072, two LayerNorms 2·2·3072; two
    // 256,000 × 3072 tables (untied); the final LayerNorm 2·3072.
    const layer = 2 * 3072 ** 2 + 2 * 3072 * 1024 + 2 * 3072 * 9216 + 4 * 3072;
    expect(count(m).total).toBe(32 * layer + 2 * 256_000 * 3072 + 2 * 3072);
    expect(count(m).total).toBe(4_190_509_056);
  });

  // NemotronMLP's biases are up_proj's d_ff and down_proj's d_model: the note said 2·d_ff + d_model, a gated MLP's.
  it.each([
    ['nemotron', 'nemotron-mini-4b-instruct', 'mlp_bias: the MLP biases (d_ff + d_model per layer) are not counted.'],
    ['granite (LlamaMLP, gated)', 'granite-3.3-8b-instruct', 'mlp_bias: the MLP biases (2·d_ff + d_model per layer) are not counted.'],
  ])('%s with mlp_bias alone names the MLP biases it leaves out by its own MLP', (_family, fixture, note) => {
    expect(fromHfConfig({ ...load(fixture), mlp_bias: true }, 'n.json').assumptions).toContain(note);
  });

  it('biases with attention_bias and mlp_bias as LlamaAttention and NemotronMLP do; refuses NeMo\'s kv_channels without head_dim', () => {
    expect(fromHfConfig({ ...load('nemotron-mini-4b-instruct'), attention_bias: true, mlp_bias: true }, 'n.json').bias).toBe(true);
    expect(fromHfConfig({ ...load('nemotron-mini-4b-instruct'), head_dim: 128, kv_channels: 128 }, 'n.json').d_head).toBe(128);
    // kv_channels equal to hidden_size // heads (3072 / 24 = 128) builds the same heads: read, not refused (it was).
    expect(fromHfConfig({ ...load('nemotron-mini-4b-instruct'), kv_channels: 128 }, 'n.json')).toEqual(fromHfConfig(load('nemotron-mini-4b-instruct'), 'n.json'));
    const text = JSON.stringify({ ...load('nemotron-mini-4b-instruct'), num_attention_heads: 48, kv_channels: 128 }, null, 2);
    const e = thrownInputError(() => modelFromText(text, 'n.json', 'n'));
    expect(e.details.keyPath).toBe('kv_channels');
    expect(e.message).toMatch(/^kv_channels 128 is not read by transformers' NemotronConfig/);
    // The key's place in the test's own text: the line of `  "kv_channels":`, column 3.
    expect({ line: e.details.line, col: e.details.col }).toEqual({ line: text.split('\n').findIndex((l) => l.startsWith('  "kv_channels":')) + 1, col: 3 });
  });
});

describe('hunyuan_v1_dense (HunYuanDenseV1ForCausalLM: Hunyuan-7B, Hy-MT2)', () => {
  const m = fromHfConfig(load('hy-mt2-7b'), 'test/fixtures/hf/hy-mt2-7b.json');

  it('tencent/Hy-MT2-7B: Llama\'s modules with an RMSNorm over each head\'s q and k, the head tied', () => {
    expect(m).toMatchObject({ layers: 32, d_model: 4096, heads: 32, kv_heads: 8, d_head: 128, d_ff: 14336, ffn: 'swiglu', qk_norm: 'head', norm: 'rmsnorm', tied_embeddings: true, seq_len: 262144 });
    expect(m.bias).toBeUndefined();
  });

  it('7,504,568,320 parameters, as public cards of the checkpoint\'s fine-tunes give it, and the by-hand sum', () => {
    // Per layer q, o 4096² each, k, v 4096·1024 each, query_layernorm and key_layernorm 128 each, 3·4096·14336, two
    // RMSNorms; one 128,167 × 4096 table (tied); the final norm.
    const layer = 2 * 4096 ** 2 + 2 * 4096 * 1024 + 2 * 128 + 3 * 4096 * 14336 + 2 * 4096;
    expect(count(m).total).toBe(32 * layer + 128_167 * 4096 + 4096);
    expect(count(m).total).toBe(7_504_568_320);
  });

  it('builds the MLP without biases whatever mlp_bias says, and refuses cross-layer attention (use_cla) at its key', () => {
    expect(fromHfConfig({ ...load('hy-mt2-7b'), mlp_bias: true }, 'h.json').bias).toBeUndefined();
    expect(fromHfConfig({ ...load('hy-mt2-7b'), attention_bias: true, mlp_bias: true }, 'h.json').bias).toBe('qkv');
    const text = JSON.stringify({ ...load('hy-mt2-7b'), use_cla: true }, null, 2);
    const e = thrownInputError(() => modelFromText(text, 'h.json', 'h'));
    expect(e.details.keyPath).toBe('use_cla');
    expect(e.message).toMatch(/^use_cla: cross-layer attention/);
    expect({ line: e.details.line, col: e.details.col }).toEqual({ line: text.split('\n').findIndex((l) => l.startsWith('  "use_cla":')) + 1, col: 3 });
  });
});

describe('cohere2 (Cohere2ForCausalLM: Command R7B, Command A, Tiny Aya)', () => {
  const m = fromHfConfig(load('tiny-aya-global'), 'test/fixtures/hf/tiny-aya-global.json');

  it('CohereLabs/tiny-aya-global: one norm per parallel block, no q/k norm, three sliding layers of 4096 then one NoPE global, tied', () => {
    expect(m).toMatchObject({ layers: 36, d_model: 2048, heads: 16, kv_heads: 4, d_ff: 11008, parallel_block: true, block_norms: 1, norm: 'rmsnorm', tied_embeddings: true, sliding_window: 4096 });
    expect(m.qk_norm).toBeUndefined();
    expect(m.layer_types).toEqual(Array.from({ length: 36 }, (_, i) => ((i + 1) % 4 === 0 ? 'full_attention' : 'sliding_attention')));
    expect(m.assumptions).toContain('the full_attention layers use no positional encoding (NoPE): no parameters and no matrix product.');
  });

  it('3,349,227,520 parameters, as a public re-implementation prints them after loading the checkpoint, and the by-hand sum', () => {
    // Per layer q, o 2048² each, k, v 2048·512 each, 3·2048·11008, one CohereLayerNorm weight 2048; one 262,144 × 2048
    // table (tied); the final norm.
    const layer = 2 * 2048 ** 2 + 2 * 2048 * 512 + 3 * 2048 * 11008 + 2048;
    expect(count(m).total).toBe(36 * layer + 262_144 * 2048 + 2048);
    expect(count(m).total).toBe(3_349_227_520);
  });

  it('builds the pattern from sliding_window_pattern (Cohere2Config default 4) and the window from its default 4096', () => {
    const { layer_types: _lt, sliding_window: _sw, ...rest } = load('tiny-aya-global');
    void _lt;
    void _sw;
    const old = fromHfConfig({ ...rest, sliding_window_pattern: 4 }, 'c.json');
    expect(old.sliding_window).toBe(4096);
    expect(old.layer_types).toEqual(['sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention']);
    expect(old.assumptions?.join('\n')).toContain('sliding_window 4,096');
    expect(count(old).total).toBe(3_349_227_520);
    expect(fromHfConfig({ ...load('tiny-aya-global'), sliding_window: null }, 'c.json').sliding_window).toBeUndefined();
  });

  it('ignores use_qk_norm as Cohere2Attention does, and refuses a head_dim Cohere2Config would override', () => {
    // Cohere2Config has no use_qk_norm field (modular_cohere2.py): the key is not read, so no value of it is refused
    // (null and text were, as a boolean the type never reads).
    for (const v of [true, null, 'yes']) {
      const n = fromHfConfig({ ...load('tiny-aya-global'), use_qk_norm: v }, 'c.json');
      expect(n.qk_norm).toBeUndefined();
      expect(count(n).total).toBe(3_349_227_520);
    }
    const text = JSON.stringify({ ...load('tiny-aya-global'), head_dim: 256 }, null, 2);
    const e = thrownInputError(() => modelFromText(text, 'c.json', 'c'));
    expect(e.details.keyPath).toBe('head_dim');
    expect(e.message).toBe('head_dim 256 is not read by transformers\' Cohere2Config, which sets head_dim = hidden_size // num_attention_heads = 128');
    expect({ line: e.details.line, col: e.details.col }).toEqual({ line: text.split('\n').findIndex((l) => l.startsWith('  "head_dim":')) + 1, col: 3 });
  });
});

describe('vaultgemma (VaultGemmaForCausalLM: VaultGemma 1B)', () => {
  const m = fromHfConfig(load('vaultgemma-1b'), 'test/fixtures/hf/vaultgemma-1b.json');

  it('google/vaultgemma-1b: Gemma 2\'s modules with two norms per block, heads of 256, every layer full attention, the head tied', () => {
    expect(m).toMatchObject({ layers: 26, d_model: 1152, heads: 4, kv_heads: 4, d_head: 256, d_ff: 6912, ffn: 'swiglu', norm: 'rmsnorm', tied_embeddings: true, seq_len: 1024 });
    // block_norms unset: the format's 2 (input_layernorm, pre_feedforward_layernorm), where gemma2 writes 4.
    expect(m.block_norms).toBeUndefined();
    expect(m.bias).toBeUndefined();
    expect(m.sliding_window).toBeUndefined();
    expect(m.assumptions).toContain('layer_types makes no layer sliding_attention: sliding_window 512 is used by no layer, and every layer attends over the whole sequence.');
  });

  it('1,038,741,120 parameters: the Hub\'s safetensors count of google/vaultgemma-1b, and the by-hand sum', () => {
    // Per layer (modular_vaultgemma.py): q, k, v 1152·1024 each and o 1024·1152 (4 heads of 256), the gated MLP
    // 3·1152·6912, input_layernorm and pre_feedforward_layernorm 2·1152; one 256,000 × 1152 table (tied); the final norm.
    expect(count(m).total).toBe(26 * (4 * 1152 * 1024 + 3 * 1152 * 6912 + 2 * 1152) + 256_000 * 1152 + 1152);
    // The Hugging Face API's metadata of google/vaultgemma-1b (model sha f9624dafc1760cb2f6039e86e12055d6559d7abb),
    // "BF16 safetensors parameter count 1,038,741,120", as a public VaultGemma audit records it (test/fixtures/hf/README.md).
    expect(count(m).total).toBe(1_038_741_120);
  });

  it('slides every other layer from layer 0 without layer_types (Gemma2Config\'s rule), builds no MLP bias, and names a set soft-cap', () => {
    const { layer_types: _l, ...rest } = load('vaultgemma-1b');
    void _l;
    const alternate = fromHfConfig(rest, 'v.json');
    expect(alternate).toMatchObject({ sliding_window: 512, layer_types: ['sliding_attention', 'full_attention'] });
    expect(count(alternate).total).toBe(1_038_741_120);
    // Gemma2MLP builds gate, up and down without biases: mlp_bias is not read (null or true alike).
    for (const v of [true, null]) expect(count(fromHfConfig({ ...load('vaultgemma-1b'), mlp_bias: v }, 'v.json')).total).toBe(1_038_741_120);
    expect(fromHfConfig({ ...load('vaultgemma-1b'), attn_logit_softcapping: 50 }, 'v.json').assumptions)
      .toContain('attn_logit_softcapping (tanh soft-capping) is element-wise: not matrix products, 0 FLOPs.');
    expect(m.assumptions?.join('\n')).not.toMatch(/soft-capping/);
  });
});

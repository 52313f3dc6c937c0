import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';
import { modelFromText } from '../../../src/model/text.js';
import { fromHfConfig, thrownInputError } from '../../helpers.js';

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

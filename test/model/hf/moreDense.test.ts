import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';
import { modelFromText } from '../../../src/model/text.js';
import { fromHfConfig, thrownInputError } from '../../helpers.js';

// The families of src/model/hf/moreDense.ts; test/fixtures/hf/README.md says where each fixture is from.
const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;
const count = (m: ModelInput) => countParams(toArchitecture(ModelSchema.parse(m)));
/** The error a changed fixture gets through the CLI's reader, and the 1-based line of `"key":` in its text (the first such line). */
const refusal = (config: Record<string, unknown>, key: string) => {
  const text = JSON.stringify(config, null, 2);
  return { e: thrownInputError(() => modelFromText(text, 'c.json', 'c')), line: text.split('\n').findIndex((l) => l.trimStart().startsWith(`"${key}":`)) + 1 };
};

describe('mpt (MptForCausalLM: MPT-7B, MPT-30B)', () => {
  const m = fromHfConfig(load('mpt-7b-instruct'), 'test/fixtures/hf/mpt-7b-instruct.json');

  it('mosaicml/mpt-7b-instruct: ALiBi, no biases, bias-free LayerNorms, a 4·d GELU MLP, the head tied', () => {
    expect(m).toMatchObject({ layers: 32, d_model: 4096, heads: 32, d_ff: 16384, ffn: 'gelu', norm: 'rmsnorm', position: 'alibi', tied_embeddings: true, vocab: 50432, seq_len: 2048 });
    expect(m.bias).toBeUndefined();
    expect(m.kv_heads).toBeUndefined();
    expect(m.assumptions?.join('\n')).toContain('LayerNorms without a bias');
  });

  it('6,649,286,656 parameters: an MPT-7B checkpoint\'s pytorch_model.bin.index.json total_size over 2 bytes (bfloat16), and the by-hand sum', () => {
    // Per block (modeling_mpt.py): Wqkv 4096·3·4096, out_proj 4096², up_proj and down_proj 4096·16384 each, norm_1 and
    // norm_2 4096 weights each; wte 50,432 × 4096 (tied) and norm_f.
    const block = 4 * 4096 ** 2 + 2 * 4096 * 16384 + 2 * 4096;
    expect(count(m).total).toBe(32 * block + 50_432 * 4096 + 4096);
    // total_size 13,298,573,312 bytes, every tensor bfloat16 (test/fixtures/hf/README.md).
    expect(count(m).total).toBe(13_298_573_312 / 2);
  });

  it('counts an ffn_config that says what transformers builds (ffn_type mptmlp, ffn_hidden_size 4·d_model) as the file without one', () => {
    expect(count(fromHfConfig({ ...load('mpt-7b-instruct'), ffn_config: { ffn_type: 'mptmlp', ffn_hidden_size: 16384 } }, 'm.json')).total).toBe(count(m).total);
    expect(thrownInputError(() => fromHfConfig({ ...load('mpt-7b-instruct'), ffn_config: 'mptglu' }, 'm.json')).details.keyPath).toBe('ffn_config');
    // The section's kind is HfConfig.mapping's rule (the one optNestedInt reads a section by), refused at the section's key.
    for (const key of ['ffn_config', 'attn_config']) {
      const e = thrownInputError(() => fromHfConfig({ ...load('mpt-7b-instruct'), [key]: [1] }, 'm.json'));
      expect({ key: e.details.keyPath, message: e.message }).toEqual({ key, message: 'expected a mapping, found a list of 1' });
    }
  });

  it('ties the head when the file leaves tie_word_embeddings out (MptConfig\'s True, as this file does), unties it when the file says so', () => {
    expect(load('mpt-7b-instruct').tie_word_embeddings).toBeUndefined();
    expect(fromHfConfig({ ...load('mpt-7b-instruct'), tie_word_embeddings: false }, 'm.json').tied_embeddings).toBe(false);
  });

  it.each([
    { what: 'biases (no_bias false)', change: (c: Record<string, unknown>) => ({ ...c, no_bias: false }), key: 'no_bias', message: /^no_bias false: MosaicML's code then biases/ },
    { what: 'an MLP of another width', change: (c: Record<string, unknown>) => ({ ...c, expansion_ratio: 8 }), key: 'expansion_ratio', message: /^expansion_ratio 8: transformers' MptMLP is 4·d_model wide/ },
    { what: 'grouped-query attention', change: (c: Record<string, unknown>) => ({ ...c, attn_config: { ...(c.attn_config as object), attn_type: 'grouped_query_attention', kv_n_heads: 8 } }), key: 'attn_config.attn_type', message: /^attn_type "grouped_query_attention"/ },
    { what: 'fewer key/value heads', change: (c: Record<string, unknown>) => ({ ...c, attn_config: { ...(c.attn_config as object), kv_n_heads: 8 } }), key: 'attn_config.kv_n_heads', message: /^kv_n_heads 8 differs from n_heads 32/ },
    { what: 'q/k LayerNorms', change: (c: Record<string, unknown>) => ({ ...c, attn_config: { ...(c.attn_config as object), qk_ln: true } }), key: 'attn_config.qk_ln', message: /^qk_ln true/ },
    // llm-foundry's ffn_config (transformers' MptModel reads none of it): another block, or another width.
    { what: 'a gated MLP (ffn_type mptglu)', change: (c: Record<string, unknown>) => ({ ...c, ffn_config: { ffn_type: 'mptglu' } }), key: 'ffn_config.ffn_type', message: /^ffn_type "mptglu": transformers' MptModel builds the 2-matrix GELU MLP/ },
    { what: 'experts (ffn_type mb_dmoe)', change: (c: Record<string, unknown>) => ({ ...c, ffn_config: { ffn_type: 'mb_dmoe', moe_num_experts: 16 } }), key: 'ffn_config.ffn_type', message: /^ffn_type "mb_dmoe"/ },
    { what: 'Transformer Engine\'s LayerNormMLP (ffn_type te_ln_mlp)', change: (c: Record<string, unknown>) => ({ ...c, ffn_config: { ffn_type: 'te_ln_mlp' } }), key: 'ffn_config.ffn_type', message: /^ffn_type "te_ln_mlp"/ },
    { what: 'an MLP of another width (ffn_config.ffn_hidden_size)', change: (c: Record<string, unknown>) => ({ ...c, ffn_config: { ffn_type: 'mptmlp', ffn_hidden_size: 11008 } }), key: 'ffn_config.ffn_hidden_size', message: /^ffn_hidden_size 11,008: transformers' MptMLP is 4·d_model \(16,384\) wide/ },
    // llm-foundry's expansion_ratio may be fractional: refused as MPT's (it was the generic "expected a positive integer").
    { what: 'a fractional MLP width (expansion_ratio 2.5)', change: (c: Record<string, unknown>) => ({ ...c, expansion_ratio: 2.5 }), key: 'expansion_ratio', message: /^expansion_ratio 2\.5: transformers' MptMLP is 4·d_model wide/ },
    // A kv_n_heads of the wrong kind is a type error (it was "kv_n_heads "x" differs from n_heads 32").
    { what: 'a kv_n_heads that is not a number', change: (c: Record<string, unknown>) => ({ ...c, attn_config: { ...(c.attn_config as object), kv_n_heads: 'x' } }), key: 'attn_config.kv_n_heads', message: /^expected a positive integer, found "x"$/ },
    { what: 'learned positions (alibi false)', change: (c: Record<string, unknown>) => ({ ...c, attn_config: { ...(c.attn_config as object), alibi: false } }), key: 'attn_config.alibi', message: /^alibi false: transformers' MptModel always adds ALiBi/ },
  ])('refuses $what at its key, as transformers would build other weights than MosaicML\'s code', ({ change, key, message }) => {
    const { e, line } = refusal(change(load('mpt-7b-instruct')), key.split('.').pop()!);
    expect(e.details.keyPath).toBe(key);
    expect(e.message).toMatch(message);
    expect(e.details.line).toBe(line);
  });
});

describe('glm (GlmForCausalLM: GLM-4-9B in transformers\' layout)', () => {
  const m = fromHfConfig(load('glm-4-9b-chat-hf'), 'test/fixtures/hf/glm-4-9b-chat-hf.json');

  it('THUDM/glm-4-9b-chat-hf: q, k, v biased and o_proj not, a gated MLP, two RMSNorms per layer, the head untied', () => {
    expect(m).toMatchObject({ layers: 40, d_model: 4096, heads: 32, kv_heads: 2, d_head: 128, d_ff: 13696, ffn: 'swiglu', bias: 'qkv', norm: 'rmsnorm', tied_embeddings: false, vocab: 151552, seq_len: 131072 });
    expect(m.block_norms).toBeUndefined();
    // GlmAttention builds o_proj without a bias: no note says one is left out.
    expect(m.assumptions).toBeUndefined();
  });

  it('9,399,951,360 parameters: glm-4-9b-chat loaded with its own code, and the by-hand sum', () => {
    // Per layer (modular_glm.py): q 4096² + 4096, k and v 4096·256 + 256 each, o 4096², gate_up_proj 4096·2·13696 and
    // down_proj 13696·4096, two RMSNorms; embed_tokens and lm_head 151,552 × 4096 each; the final norm.
    const layer = 2 * 4096 ** 2 + 4096 + 2 * (4096 * 256 + 256) + 3 * 4096 * 13696 + 2 * 4096;
    expect(count(m).total).toBe(40 * layer + 2 * 151_552 * 4096 + 4096);
    // "has 9399951392 parameters, 9399951360 (100.00%) are trainable" and "with 9399951360 (9.4B) parameters"
    // (test/fixtures/hf/README.md).
    expect(count(m).total).toBe(9_399_951_360);
  });

  it('reads GlmConfig\'s defaults: q/k/v biases, 2 key/value heads (named in a note), heads of 128', () => {
    const { attention_bias: _b, num_key_value_heads: _k, head_dim: _h, ...rest } = load('glm-4-9b-chat-hf');
    void _b;
    void _k;
    void _h;
    const d = fromHfConfig(rest, 'g.json');
    expect(d).toMatchObject({ bias: 'qkv', kv_heads: 2, d_head: 128 });
    expect(d.assumptions?.join('\n')).toContain('num_key_value_heads 2');
    expect(fromHfConfig({ ...rest, attention_bias: false }, 'g.json').bias).toBe(false);
  });
});

describe('baichuan (the hub\'s BaichuanForCausalLM / BaiChuanForCausalLM: Baichuan-7B/13B, Baichuan2)', () => {
  const m = fromHfConfig(load('disc-finllm-baichuan-13b'), 'test/fixtures/hf/disc-finllm-baichuan-13b.json');
  // Baichuan-7B as its README's table and text give it (test/fixtures/hf/README.md): d_model 4096, 32 layers of 32
  // heads, FFN 11008, vocabulary 64,000, 4,096 positions, the BaiChuanForCausalLM code.
  const sevenB = {
    architectures: ['BaiChuanForCausalLM'], model_type: 'baichuan', hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32,
    num_attention_heads: 32, vocab_size: 64000, max_position_embeddings: 4096,
  };

  it('Baichuan-13B\'s shapes (a DISC-FinLLM file): W_pack and o_proj without biases, a gated MLP, RMSNorms, ALiBi, the head untied', () => {
    expect(m).toMatchObject({ layers: 40, d_model: 5120, heads: 40, d_ff: 13696, ffn: 'swiglu', norm: 'rmsnorm', position: 'alibi', tied_embeddings: false, vocab: 64000, seq_len: 4096 });
    expect(m.bias).toBeUndefined();
    expect(m.seq_len_from).toContain('model_max_length');
    expect(m.assumptions?.join('\n')).toContain('ALiBi positions');
  });

  it.each([
    { what: 'Baichuan-13B', model: () => m, layers: 40, d: 5120, ff: 13696, published: 13_264_901_120 },
    { what: 'Baichuan-7B', model: () => fromHfConfig(sevenB, 'b.json'), layers: 32, d: 4096, ff: 11008, published: 7_000_559_616 },
  ])('$what: Baichuan\'s published total to the unit, and the by-hand sum', ({ model, layers, d, ff, published }) => {
    // Per layer: W_pack d·3d and o_proj d², the gated MLP 3·d·ff, two RMSNorms; embed_tokens and lm_head 64,000 × d; the
    // final norm. The totals are the model-details table of Baichuan's README (test/fixtures/hf/README.md).
    expect(count(model()).total).toBe(layers * (4 * d * d + 3 * d * ff + 2 * d) + 2 * 64_000 * d + d);
    expect(count(model()).total).toBe(published);
  });

  it('tells RoPE from ALiBi as vLLM does: BaiChuanForCausalLM, or a 4096-wide BaichuanForCausalLM (Baichuan2-7B), rotates', () => {
    expect(fromHfConfig(sevenB, 'b.json').position).toBe('rotary');
    expect(fromHfConfig({ ...sevenB, architectures: ['BaichuanForCausalLM'] }, 'b.json').position).toBe('rotary');
    expect(fromHfConfig({ ...sevenB, architectures: ['BaichuanForCausalLM'], hidden_size: 5120 }, 'b.json').position).toBe('alibi');
  });
});

describe('exaone (the hub\'s ExaoneForCausalLM: EXAONE 3.0, EXAONE 3.5)', () => {
  const m = fromHfConfig(load('exaone-3.0-7.8b-instruct'), 'test/fixtures/hf/exaone-3.0-7.8b-instruct.json');

  it('LGAI-EXAONE/EXAONE-3.0-7.8B-Instruct: unbiased GQA, a gated MLP, RMSNorms, the head untied', () => {
    expect(m).toMatchObject({ layers: 32, d_model: 4096, heads: 32, kv_heads: 8, d_ff: 14336, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', tied_embeddings: false, vocab: 102400, seq_len: 4096 });
    expect(m.bias).toBeUndefined();
    expect(m.assumptions).toBeUndefined();
  });

  it('7,818,448,896 parameters: the EXAONE 3.5 7.8B checkpoint\'s count (the same shapes), and the by-hand sum', () => {
    // Per ExaoneBlock: q_proj and out_proj 4096², k_proj and v_proj 4096·1024, c_fc_0, c_fc_1 and c_proj 4096·14336 each,
    // ln_1 and ln_2; wte and lm_head 102,400 × 4096 each; ln_f (the module printout in test/fixtures/hf/README.md).
    const block = 2 * 4096 ** 2 + 2 * 4096 * 1024 + 3 * 4096 * 14336 + 2 * 4096;
    expect(count(m).total).toBe(32 * block + 2 * 102_400 * 4096 + 4096);
    expect(count(m).total).toBe(7_818_448_896);
  });

  it('fills ExaoneConfig\'s defaults: one key/value head per head, a 4·hidden_size MLP, the head tied', () => {
    const { num_key_value_heads: _k, intermediate_size: _i, tie_word_embeddings: _t, ...rest } = load('exaone-3.0-7.8b-instruct');
    void _k;
    void _i;
    void _t;
    expect(fromHfConfig(rest, 'e.json')).toMatchObject({ kv_heads: 32, d_ff: 16384, tied_embeddings: true });
    expect(fromHfConfig({ ...rest, num_layers: undefined, num_hidden_layers: 30 }, 'e.json').layers).toBe(30);
  });

  // num_hidden_layers is ExaoneConfig's attribute_map alias of num_layers, not an older name (the hint said "the older");
  // "an exaone" (it said "a exaone").
  it('without num_layers: the hint names num_hidden_layers as its other spelling, with the article', () => {
    const { num_layers: _n, ...rest } = load('exaone-3.0-7.8b-instruct');
    void _n;
    const e = thrownInputError(() => fromHfConfig(rest, 'e.json'));
    expect(e.details.hint).toBe("an exaone config.json needs `num_layers` (or its other spelling `num_hidden_layers`); is this the model's config.json?");
  });
});

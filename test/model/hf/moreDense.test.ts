import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHfConfig } from '../../../src/model/hf.js';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';
import { modelFromText } from '../../../src/model/text.js';
import { thrownInputError } from '../../helpers.js';

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
    { what: 'learned positions (alibi false)', change: (c: Record<string, unknown>) => ({ ...c, attn_config: { ...(c.attn_config as object), alibi: false } }), key: 'attn_config.alibi', message: /^alibi false: transformers' MptModel always adds ALiBi/ },
  ])('refuses $what at its key, as transformers would build other weights than MosaicML\'s code', ({ change, key, message }) => {
    const { e, line } = refusal(change(load('mpt-7b-instruct')), key.split('.').pop()!);
    expect(e.details.keyPath).toBe(key);
    expect(e.message).toMatch(message);
    expect(e.details.line).toBe(line);
  });
});

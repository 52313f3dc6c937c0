import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHfConfig } from '../../../src/model/hf.js';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';
import { countFlops } from '../../../src/flops/count.js';
import { thrownInputError } from '../../helpers.js';

// bloom and opt (src/model/hf/older.ts); test/fixtures/hf/README.md says where each fixture is from.
const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;
const count = (m: ModelInput) => countParams(toArchitecture(ModelSchema.parse(m)));

describe('bloom (BloomForCausalLM)', () => {
  it('bigscience/bloom-560m: 559,214,592, keras-hub\'s published count of the same checkpoint', () => {
    // keras-team/keras-hub keras_hub/src/models/bloom/bloom_presets.py, bloom_560m_multi "params": 559214592.
    const m = fromHfConfig(load('bloom-560m'), 'test/fixtures/hf/bloom-560m.json');
    expect(m).toMatchObject({ layers: 24, d_model: 1024, heads: 16, d_ff: 4096, position: 'alibi', embedding_norm: true, bias: true, norm: 'layernorm', tied_embeddings: true, seq_len: 2048 });
    expect(m.seq_len_from).toMatch(/^BLOOM's pre-training length/);
    // By hand (modeling_bloom.py): the 250,880 × 1024 embedding and its LayerNorm; per block two LayerNorms,
    // query_key_value 1024·3072 + 3072, dense 1024² + 1024, dense_h_to_4h 1024·4096 + 4096, dense_4h_to_h
    // 4096·1024 + 1024; ln_f; the head tied.
    const byHand = 250_880 * 1024 + 2048 + 24 * (2 * 2048 + 1024 * 3072 + 3072 + 1024 ** 2 + 1024 + 2 * 1024 * 4096 + 4096 + 1024) + 2048;
    expect(count(m).total).toBe(byHand);
    expect(count(m).total).toBe(559_214_592);
  });

  it('bigscience/bloom\'s sizes give 176,247,271,424, the hub\'s safetensors total (models/bloom-176b.yaml; BLOOM paper: 176,247M)', () => {
    const big = fromHfConfig({ ...load('bloom-560m'), hidden_size: 14336, n_layer: 70, n_head: 112, pretraining_tp: 4 }, 'bloom/config.json');
    expect(count(big).total).toBe(176_247_271_424);
  });

  it('reads the older n_embed spelling, and a seq_length where a file records one', () => {
    const { hidden_size: _h, ...rest } = load('bloom-560m');
    void _h;
    expect(fromHfConfig({ ...rest, n_embed: 1024, seq_length: 4096 }, 'b.json')).toMatchObject({ d_model: 1024, seq_len: 4096 });
  });
});

describe('opt (OPTForCausalLM)', () => {
  it('facebook/opt-125m: 125,239,296, keras-hub\'s 125,237,760 plus the two offset rows of the position table', () => {
    // keras-team/keras-hub keras_hub/src/models/opt/opt_presets.py, opt_125m_en "params": 125237760; its
    // OPTBackbone's position table has max_sequence_length = 2048 rows, transformers' OPTLearnedPositionalEmbedding
    // 2048 + 2 (the offset), so the hub checkpoint has 2·768 more.
    const m = fromHfConfig(load('opt-125m'), 'test/fixtures/hf/opt-125m.json');
    expect(m).toMatchObject({ position: 'learned', position_embeddings: 2050, position_offset: 2, bias: true, norm: 'layernorm', d_ff: 3072, ffn: 'gelu', tied_embeddings: true });
    expect(count(m).total).toBe(125_237_760 + 2 * 768);
    expect(count(m).total).toBe(125_239_296);
    expect(m.assumptions).toBeUndefined();
  });

  it('runs max_position_embeddings = 2,048 positions, not the table\'s 2,050 rows (the 2 offset rows hold no position)', () => {
    // OPTLearnedPositionalEmbedding.forward looks up position_ids + self.offset (modeling_opt.py): position
    // 2,047 reads row 2,049, the last; a 2,049th position would read row 2,050, which the table does not have.
    const arch = toArchitecture(ModelSchema.parse(fromHfConfig(load('opt-125m'), 'test/fixtures/hf/opt-125m.json')));
    expect(countFlops(arch, { seqLen: 2048 }).options.seqLen).toBe(2048);
    for (const seqLen of [2049, 2050]) {
      const e = thrownInputError(() => countFlops(arch, { seqLen }));
      expect(e.details.keyPath).toBe('seq_len');
      expect(e.message).toBe(`a learned position table of 2,050 rows, 2 of them an offset (position_offset) and not positions, has no position past 2,048, found seq_len ${seqLen.toLocaleString('en-US')}`);
      expect(e.details.hint).toMatch(/^give seq_len 2048 or less/);
    }
  });

  it('OPT-1.3B (OPT Table 1: 24 layers, 32 heads, d 2048): keras-hub\'s 1,315,753,984 plus 2·2048 offset rows', () => {
    const m = fromHfConfig({ ...load('opt-125m'), hidden_size: 2048, word_embed_proj_dim: 2048, num_hidden_layers: 24, num_attention_heads: 32, ffn_dim: 8192 }, 'o.json');
    expect(count(m).total).toBe(1_315_753_984 + 2 * 2048);
  });

  it('refuses opt-350m\'s down-projected embedding (project_in, project_out), and says when the final LayerNorm is absent', () => {
    // facebook/opt-350m: word_embed_proj_dim 512 with hidden_size 1024 (its module tree in if001/alpaca-lora gomi.md).
    const e = thrownInputError(() => fromHfConfig({ ...load('opt-125m'), hidden_size: 1024, word_embed_proj_dim: 512 }, 'o.json'));
    expect(e.details.keyPath).toBe('word_embed_proj_dim');
    expect(e.message).toMatch(/project_in, project_out\), which the model format cannot represent/);
    const post = fromHfConfig({ ...load('opt-125m'), do_layer_norm_before: false }, 'o.json');
    expect(post.assumptions).toEqual(['do_layer_norm_before false: the decoder has no final LayerNorm; its 1,536 parameters are counted all the same.']);
    expect(fromHfConfig({ ...load('opt-125m'), enable_bias: false, layer_norm_elementwise_affine: false }, 'o.json')).toMatchObject({ bias: false, norm: 'none' });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';
import { countFlops } from '../../../src/flops/count.js';
import { fromHfConfig, thrownInputError } from '../../helpers.js';

// bloom, opt, gpt_bigcode, stablelm, phi and gptj (src/model/hf/older.ts); test/fixtures/hf/README.md says where each fixture is from.
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

describe('gpt_bigcode (GPTBigCodeForCausalLM: StarCoder, SantaCoder)', () => {
  it('bigcode/starcoder: 15,517,456,384 by hand from the modules, a public table\'s exact count of the checkpoint', () => {
    const m = fromHfConfig(load('starcoder'), 'test/fixtures/hf/starcoder.json');
    expect(m).toMatchObject({ kv_heads: 1, d_ff: 24576, ffn: 'gelu', bias: true, norm: 'layernorm', position: 'learned', position_embeddings: 8192, tied_embeddings: true, seq_len: 8192 });
    // By hand (modeling_gpt_bigcode.py): per block c_attn 6144·(6144 + 2·128) + 6400, c_proj 6144² + 6144, c_fc
    // 6144·24576 + 24576, mlp c_proj 24576·6144 + 6144, ln_1 and ln_2 2·2·6144; wte 49,152 × 6144 (lm_head tied);
    // wpe 8192 × 6144; ln_f.
    const byHand = 40 * (6144 * 6400 + 6400 + 6144 ** 2 + 6144 + 2 * 6144 * 24576 + 24576 + 6144 + 4 * 6144) + 49_152 * 6144 + 8192 * 6144 + 2 * 6144;
    expect(count(m).total).toBe(byHand);
    // A public benchmark's model table lists the StarCoder-15B fine-tunes multipl-t-starcoder-15b-ocaml/-racket at
    // 15517456384.0 and starcoderbase-1b's (multipl-t-starcoder-1b-ocaml) at 1137207296.0; the StarCoder paper
    // (Li et al. 2023, arXiv:2305.06161): "15.5B parameter models".
    expect(count(m).total).toBe(15_517_456_384);
    const oneB = fromHfConfig({ ...load('starcoder'), n_embd: 2048, n_layer: 24, n_head: 16, n_inner: 8192 }, 's.json');
    expect(count(oneB).total).toBe(1_137_207_296);
  });

  it('multi_query false keeps a KV head per query head; n_inner null is 4·n_embd', () => {
    expect(fromHfConfig({ ...load('starcoder'), multi_query: false, n_inner: null }, 's.json')).toMatchObject({ kv_heads: 48, d_ff: 4 * 6144 });
  });
});

describe('stablelm (StableLmForCausalLM)', () => {
  it('stabilityai/stablelm-3b-4e1t: 2,795,443,200, the model card\'s exact count', () => {
    const m = fromHfConfig(load('stablelm-3b-4e1t'), 'test/fixtures/hf/stablelm-3b-4e1t.json');
    expect(m).toMatchObject({ norm: 'layernorm', ffn: 'swiglu', d_ff: 6912, tied_embeddings: false, seq_len: 4096 });
    expect(m.bias).toBeUndefined();
    // By hand (modeling_stablelm.py): per layer q, k, v, o 4·2560², gate/up/down 3·2560·6912, 2 LayerNorms 2·2·2560;
    // two 50,304 × 2560 tables; the final LayerNorm.
    const byHand = 32 * (4 * 2560 ** 2 + 3 * 2560 * 6912 + 4 * 2560) + 2 * 50_304 * 2560 + 2 * 2560;
    expect(count(m).total).toBe(byHand);
    // Stability-AI StableLM-3B-4E1T model card, Model Architecture: "Parameters 2,795,443,200".
    expect(count(m).total).toBe(2_795_443_200);
  });

  it('stablelm-2-1_6b\'s sizes with use_qkv_bias: 1,644,515,328, the checkpoint\'s safetensors total', () => {
    // stabilityai/stablelm-2-1_6b: hidden 2048, 24 layers, 32 heads, MLP 5632, vocab 100,352, use_qkv_bias true. The
    // 1,644,515,328 is "safetensors metadata" in public model-card dumps of stablelm-2-1_6b and -zephyr.
    const m = fromHfConfig({ ...load('stablelm-3b-4e1t'), hidden_size: 2048, num_hidden_layers: 24, num_key_value_heads: 32, intermediate_size: 5632, vocab_size: 100_352, use_qkv_bias: true }, 's.json');
    expect(m.bias).toBe('qkv');
    const byHand = 24 * (4 * 2048 ** 2 + 3 * 2048 + 3 * 2048 * 5632 + 4 * 2048) + 2 * 100_352 * 2048 + 2 * 2048;
    expect(count(m).total).toBe(byHand);
    expect(count(m).total).toBe(1_644_515_328);
  });

  it('a parallel residual has one LayerNorm per block; qk_layernorm\'s per-head norms are named and sized', () => {
    expect(fromHfConfig({ ...load('stablelm-3b-4e1t'), use_parallel_residual: true }, 's.json')).toMatchObject({ parallel_block: true, block_norms: 1 });
    const qk = fromHfConfig({ ...load('stablelm-3b-4e1t'), qk_layernorm: true }, 's.json');
    expect(qk.assumptions).toContain('qk_layernorm: per-head LayerNorms without bias over q and k (5,120 weights per layer, 163,840 in all) are not counted; they add no matrix product.');
  });
});

describe('phi (PhiForCausalLM: phi-1.5, phi-2)', () => {
  it('microsoft/phi-2: 2,779,683,840, the checkpoint\'s safetensors total, the output head\'s bias included (head_bias)', () => {
    const m = fromHfConfig(load('phi-2'), 'test/fixtures/hf/phi-2.json');
    expect(m).toMatchObject({ ffn: 'gelu', d_ff: 10240, bias: true, norm: 'layernorm', parallel_block: true, block_norms: 1, head_bias: true, tied_embeddings: false, seq_len: 2048 });
    expect(m.qk_norm).toBeUndefined();
    // By hand (modeling_phi.py): per layer q, k, v, dense 4·(2560² + 2560), fc1 2560·10240 + 10240, fc2 10240·2560 +
    // 2560, input_layernorm 2·2560; embed_tokens and lm_head 51,200 × 2560 each, lm_head's bias 51,200; final_layernorm.
    const byHand = 32 * (4 * (2560 ** 2 + 2560) + 2 * 2560 * 10240 + 10240 + 2560 + 2 * 2560) + 2 * 51_200 * 2560 + 51_200 + 2 * 2560;
    expect(count(m).total).toBe(byHand);
    // microsoft/phi-2's safetensors parameters, F16: 2779683840 (a public model catalogue's entry, "total_parameters_source:
    // safetensors", and a test mock of the Hub API's answer for the model).
    expect(count(m).total).toBe(2_779_683_840);
    // phi-1.5 (hidden 2048, 24 layers, MLP 8192): the Hub's safetensors_total_params for microsoft/phi-1_5, 1418270720.
    const small = fromHfConfig({ ...load('phi-2'), hidden_size: 2048, num_hidden_layers: 24, num_key_value_heads: 32, intermediate_size: 8192 }, 'p.json');
    expect(count(small).total).toBe(1_418_270_720);
  });

  it('qk_layernorm: a LayerNorm over head_dim on q and on k (qk_norm head); a tied head with its bias is refused', () => {
    expect(fromHfConfig({ ...load('phi-2'), qk_layernorm: true }, 'p.json').qk_norm).toBe('head');
    const tied = thrownInputError(() => fromHfConfig({ ...load('phi-2'), tie_word_embeddings: true }, 'p.json'));
    expect(tied.details.keyPath).toBe('tie_word_embeddings');
    expect(tied.message).toMatch(/counts only on an untied head$/);
    // The model format's own rule, for a hand-written file.
    expect(() => ModelSchema.parse({ layers: 1, d_model: 8, heads: 1, d_ff: 8, vocab: 8, seq_len: 8, tied_embeddings: true, head_bias: true })).toThrow(/head_bias on a tied head is not supported/);
  });
});

describe('gptj (GPTJForCausalLM)', () => {
  it('EleutherAI/gpt-j-6b: 6,050,309,344 counted; with the 573,440 MLP biases it names, 6,050,882,784, the loaded model\'s count', () => {
    const m = fromHfConfig(load('gpt-j-6b'), 'test/fixtures/hf/gpt-j-6b.json');
    expect(m).toMatchObject({ d_ff: 16384, ffn: 'gelu', parallel_block: true, block_norms: 1, head_bias: true, tied_embeddings: false, norm: 'layernorm', seq_len: 2048 });
    expect(m.bias).toBeUndefined();
    expect(m.assumptions).toContain('the MLP biases (fc_in and fc_out: 20,480 per layer, 573,440 in all) are not counted: the model format biases the MLP only together with the attention projections, which GPT-J leaves unbiased.');
    // By hand (modeling_gptj.py): per block q, k, v, out 4·4096², fc_in and fc_out 2·4096·16384 (their biases named),
    // ln_1 2·4096; wte and lm_head 50,400 × 4096 each, lm_head's bias 50,400; ln_f.
    const byHand = 28 * (4 * 4096 ** 2 + 2 * 4096 * 16384 + 2 * 4096) + 2 * 50_400 * 4096 + 50_400 + 2 * 4096;
    expect(count(m).total).toBe(byHand);
    // A public LoRA tool's README prints gpt-j-6B's "# of params: 6050882784", the loaded model's sum.
    expect(count(m).total + 28 * (16384 + 4096)).toBe(6_050_882_784);
  });

  it('refuses a tied head (its bias), naming tie_word_embeddings', () => {
    const e = thrownInputError(() => fromHfConfig({ ...load('gpt-j-6b'), tie_word_embeddings: true }, 'g.json'));
    expect(e.details.keyPath).toBe('tie_word_embeddings');
  });
});

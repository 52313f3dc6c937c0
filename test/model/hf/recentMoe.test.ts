import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countParams } from '../../../src/model/params.js';
import { isMoeLayer } from '../../../src/model/architecture.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';
import { fromHfConfig, thrownInputError } from '../../helpers.js';

// The MoE families of src/model/hf/recentMoe.ts; test/fixtures/hf/README.md says where each fixture is from.
const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;
const count = (m: ModelInput) => countParams(toArchitecture(ModelSchema.parse(m)));

describe('minimax_m2 (MiniMaxAI/MiniMax-M2)', () => {
  const m = fromHfConfig(load('minimax-m2'), 'test/fixtures/hf/minimax-m2.json');

  it('maps every layer to 256 experts of 1536 with the router\'s score bias, q/k norms over the whole projections', () => {
    expect(m).toMatchObject({ layers: 62, d_model: 3072, heads: 48, kv_heads: 8, d_head: 128, qk_norm: 'full', tied_embeddings: false });
    expect(m.bias).toBeUndefined();
    expect(m.moe).toEqual({ experts: 256, top_k: 8, d_ff_expert: 1536, router_bias: true });
    expect(m.assumptions).toContain('num_mtp_modules 3: the multi-token-prediction layers (not built by transformers\' model) are not counted, in parameters or in training FLOPs.');
  });

  it('228,689,764,864 parameters (llama.cpp\'s count of a GGUF of MiniMax-M2.7, M2\'s shape, and a public table\'s M2 total; equal to the by-hand sum); 11,030,553,088 active by hand', () => {
    // Per layer q 3072·6144, k, v 3072·1024 each, o 6144·3072, q_norm 6144 and k_norm 1024, router 3072·256 + 256
    // (e_score_correction_bias), 256 experts × 3·3072·1536, 2 RMSNorms; two 200,064 × 3072 tables; the final norm.
    const layer = 2 * 3072 * 6144 + 2 * 3072 * 1024 + 6144 + 1024 + 3072 * 256 + 256 + 2 * 3072;
    const byHand = 62 * (layer + 256 * 3 * 3072 * 1536) + 2 * 200_064 * 3072 + 3072;
    // Active by hand: 8 of the 256 experts, 62·(layer + 8·3·3072·1536) + 2·200,064·3072 + 3072 = 11,030,553,088.
    const activeByHand = 62 * (layer + 8 * 3 * 3072 * 1536) + 2 * 200_064 * 3072 + 3072;
    const p = count(m);
    expect(p.total).toBe(byHand);
    // llama-bench's model_n_params of unsloth's MiniMax-M2.7 GGUF (M2's shape: 62 layers, 256 experts of 1536, vocab
    // 200,064), in a public benchmark log; a public model table lists MiniMaxAI/MiniMax-M2's total as the same
    // 228689764864. The model card: "230B total parameters with 10B active".
    expect(p.total).toBe(228_689_764_864);
    expect(p.active).toBe(activeByHand);
    expect(p.active).toBe(11_030_553_088);
    expect(Math.round(p.total / 10e9)).toBe(23);
  });
});

describe('ernie4_5_moe (baidu/ERNIE-4.5-21B-A3B)', () => {
  const m = fromHfConfig(load('ernie-4.5-21b-a3b'), 'test/fixtures/hf/ernie-4.5-21b-a3b.json');

  it('layer 0 dense (moe_layer_start_index 1), 27 MoE layers of 64 experts + 2 shared, the head tied', () => {
    expect(m).toMatchObject({ d_ff: 12288, tied_embeddings: true, kv_heads: 4 });
    expect(m.moe).toEqual({ experts: 64, top_k: 6, d_ff_expert: 1536, shared_experts: 2, d_ff_shared: 1536, dense_layers: 1, router_bias: true });
  });

  it('21,825,437,888 parameters and 3,352,150,208 active by hand: the 21.8B of the hub, A3B', () => {
    // Per layer q, o 2560² each, k, v 2560·512 each, 2 RMSNorms; layer 0 a gated MLP 3·2560·12288; 27 MoE layers of
    // a router 2560·64 + 64 (moe_statics.e_score_correction_bias), 64 experts and 2 shared × 3·2560·1536; one
    // 103,424 × 2560 table, tied; the final norm.
    const common = 28 * (2 * 2560 ** 2 + 2 * 2560 * 512 + 2 * 2560) + 3 * 2560 * 12288 + 103_424 * 2560 + 2560;
    const byHand = common + 27 * (2560 * 64 + 64 + 66 * 3 * 2560 * 1536);
    // Active by hand: 6 routed + 2 shared experts, common + 27·(2560·64 + 64 + 8·3·2560·1536) = 3,352,150,208.
    const activeByHand = common + 27 * (2560 * 64 + 64 + 8 * 3 * 2560 * 1536);
    const p = count(m);
    expect(p.total).toBe(byHand);
    expect(p.active).toBe(activeByHand);
    expect(p.active).toBe(3_352_150_208);
    // "21.8B in all" (a public KV planner's test of this config, from the hub); the model's name: 21B total, A3B active (truncated).
    expect(Math.abs(p.total - 21.8e9)).toBeLessThanOrEqual(0.05e9);
    expect(Math.floor(p.active / 1e9)).toBe(3);
  });

  it('moe_layer_end_index and moe_layer_interval: MoE where (i + 1) % interval == 0 within [start, end]', () => {
    // 28 layers, start 1, end 20, interval 2: MoE at 1, 3, …, 19 (10 layers); dense 18.
    const mid = fromHfConfig({ ...load('ernie-4.5-21b-a3b'), moe_layer_end_index: 20, moe_layer_interval: 2 }, 'e.json');
    expect(mid.moe?.dense_layers).toBe(18);
    expect(mid.assumptions?.join('\n')).toMatch(/moe_layer_start_index\/moe_layer_end_index\/moe_layer_interval: dense layers 0, 2, 4/);
    // End at the last layer: the rule is the model format's own, dense_layers 1 and every 2 (hf/common.ts
    // moeLayerPlacement), MoE on layers 1, 3, …, 27 as Ernie4_5_MoeDecoderLayer's rule gives them, and no note.
    const every = fromHfConfig({ ...load('ernie-4.5-21b-a3b'), moe_layer_interval: 2 }, 'e.json');
    expect(every.moe).toMatchObject({ dense_layers: 1, every: 2 });
    expect(every.assumptions?.join('\n') ?? '').not.toMatch(/are modelled as the first/);
    const moe = toArchitecture(ModelSchema.parse(every)).moe!;
    const byRule = Array.from({ length: 28 }, (_, i) => i).filter((i) => i >= 1 && i <= 27 && (i + 1) % 2 === 0);
    expect(Array.from({ length: 28 }, (_, i) => i).filter((i) => isMoeLayer(moe, i))).toEqual(byRule);
  });

  it('use_bias: every linear biased and the head\'s bias (head_bias), refused on a tied head; a per-modality expert list refused', () => {
    const bias = thrownInputError(() => fromHfConfig({ ...load('ernie-4.5-21b-a3b'), use_bias: true }, 'e.json'));
    expect(bias.details.keyPath).toBe('use_bias');
    expect(bias.message).toMatch(/counts an output-head bias only on an untied head \(tie_word_embeddings is true\)$/);
    expect(fromHfConfig({ ...load('ernie-4.5-21b-a3b'), use_bias: true, tie_word_embeddings: false }, 'e.json')).toMatchObject({ bias: true, head_bias: true });
    const list = thrownInputError(() => fromHfConfig({ ...load('ernie-4.5-21b-a3b'), moe_num_experts: [64, 64] }, 'e.json'));
    expect(list.details.keyPath).toBe('moe_num_experts');
  });
});

describe('dots1 (rednote-hilab/dots.llm1.inst)', () => {
  const m = fromHfConfig(load('dots.llm1.inst'), 'test/fixtures/hf/dots.llm1.inst.json');

  it('Qwen3 attention (per-head q/k norms) and DeepSeek-V3 MoE: layer 0 dense, 61 MoE layers of 128 experts + 2 shared', () => {
    expect(m).toMatchObject({ qk_norm: 'head', d_ff: 10944, kv_heads: 32, tied_embeddings: false });
    expect(m.moe).toEqual({ experts: 128, top_k: 6, d_ff_expert: 1408, shared_experts: 2, d_ff_shared: 1408, dense_layers: 1, router_bias: true });
    expect(m.sliding_window).toBeUndefined();
  });

  it('142,774,381,696 parameters, 14,016,588,928 active by hand: the report\'s 142B total (without embeddings) and 14B active', () => {
    // Per layer q, k, v, o 4·4096², q_norm and k_norm 2·128, 2 RMSNorms; layer 0 a gated MLP 3·4096·10944; 61 MoE
    // layers of a router 4096·128 + 128 (e_score_correction_bias), 130 expert MLPs × 3·4096·1408; two 152,064 × 4096
    // tables; the final norm.
    const common = 62 * (4 * 4096 ** 2 + 2 * 128 + 2 * 4096) + 3 * 4096 * 10944 + 2 * 152_064 * 4096 + 4096;
    const byHand = common + 61 * (4096 * 128 + 128 + 130 * 3 * 4096 * 1408);
    // Active by hand: 6 routed + 2 shared, common + 61·(4096·128 + 128 + 8·3·4096·1408) = 14,016,588,928.
    const activeByHand = common + 61 * (4096 * 128 + 128 + 8 * 3 * 4096 * 1408);
    const p = count(m);
    expect(p.total).toBe(byHand);
    expect(p.active).toBe(activeByHand);
    expect(p.active).toBe(14_016_588_928);
    // dots.llm1 technical report (arXiv:2506.05767) and model card: "142B total parameters", "14B activated". The
    // 142B is the count without the embedding and output tables (141.53B; with them 142.77B).
    expect(Math.round(p.nonEmbedding / 1e9)).toBe(142);
    expect(Math.round(p.active / 1e9)).toBe(14);
  });

  it('slides the layers from max_window_layers on when sliding_window is set (Dots1Config)', () => {
    const w = fromHfConfig({ ...load('dots.llm1.inst'), sliding_window: 4096, max_window_layers: 60 }, 'd.json');
    expect(w.sliding_window).toBe(4096);
    expect((w.layer_types as string[]).filter((t) => t === 'sliding_attention')).toHaveLength(2);
    expect(fromHfConfig({ ...load('dots.llm1.inst'), sliding_window: 4096, max_window_layers: 62 }, 'd.json').sliding_window).toBeUndefined();
  });
});

describe('phimoe (microsoft/Phi-3.5-MoE-instruct)', () => {
  const m = fromHfConfig(load('phi-3.5-moe'), 'test/fixtures/hf/phi-3.5-moe.json');

  it('16 experts of 6400, top 2, LayerNorms, q/k/v biases and the output head\'s bias; seq_len the pre-LongRoPE 4096', () => {
    expect(m).toMatchObject({ norm: 'layernorm', bias: 'qkv', head_bias: true, tied_embeddings: false, seq_len: 4096, sliding_window: 131_072 });
    expect(m.moe).toEqual({ experts: 16, top_k: 2, d_ff_expert: 6400 });
    expect(m.assumptions).toContain('attention_bias: the o_proj bias (4,096 per layer, 131,072 in all) is not counted; the q/k/v biases are.');
  });

  it('41,873,022,272 counted; with the o_proj biases named, 41,873,153,344, the published total; 6,640,868,672 active', () => {
    // Per layer q 4096² + 4096, k, v 4096·1024 + 1024 each, o 4096² (its 4096 bias named, not counted), router
    // 4096·16, 16 experts × 3·4096·6400, 2 LayerNorms 2·2·4096; two 32,064 × 4096 tables and lm_head's 32,064 bias;
    // the final LayerNorm.
    const layer = 2 * 4096 ** 2 + 4096 + 2 * (4096 * 1024 + 1024) + 4096 * 16 + 4 * 4096;
    const byHand = 32 * (layer + 16 * 3 * 4096 * 6400) + 2 * 32_064 * 4096 + 32_064 + 2 * 4096;
    // Active by hand: 2 of the 16 experts, 32·(layer + 2·3·4096·6400) + 2·32,064·4096 + 32,064 + 2·4096 = 6,640,868,672.
    const activeByHand = 32 * (layer + 2 * 3 * 4096 * 6400) + 2 * 32_064 * 4096 + 32_064 + 2 * 4096;
    const p = count(m);
    expect(p.total).toBe(byHand);
    // The checkpoint's 41,873,153,344 (a public digest of the Phi-3.5 release threads; the model card: "42B total
    // parameters", "6.6B active") is ours plus the o_proj biases, 32 × 4096.
    expect(p.total + 32 * 4096).toBe(41_873_153_344);
    expect(p.active).toBe(activeByHand);
    expect(p.active).toBe(6_640_868_672);
  });

  it('refuses lm_head_bias on a tied head, naming the key', () => {
    const e = thrownInputError(() => fromHfConfig({ ...load('phi-3.5-moe'), tie_word_embeddings: true }, 'p.json'));
    expect(e.details.keyPath).toBe('lm_head_bias');
  });
});

describe('glm4_moe_lite (Glm4MoeLiteForCausalLM: GLM-4.7-Flash)', () => {
  const m = fromHfConfig(load('glm-4.7-flash'), 'test/fixtures/hf/glm-4.7-flash.json');
  // Per layer (modular_glm4_moe_lite.py, DeepseekV3Attention): q_a_proj 2048·768, q_a_layernorm 768, q_b_proj 768·20·256,
  // kv_a_proj_with_mqa 2048·(512 + 64), kv_a_layernorm 512, kv_b_proj 512·20·(192 + 256), o_proj 20·256·2048; two RMSNorms.
  const attn = 2048 * 768 + 768 + 768 * 20 * 256 + 2048 * 576 + 512 + 512 * 20 * 448 + 20 * 256 * 2048 + 2 * 2048;
  // Layer 0 the dense Glm4MoeMLP 3·2048·10240; layers 1-46 the router 2048·64 + 64 (e_score_correction_bias), 64 experts
  // and the shared MLP 3·2048·1536 each; two untied 154,880 × 2048 tables; the final norm.
  const expert = 3 * 2048 * 1536;
  const moeLayer = 2048 * 64 + 64 + 65 * expert;
  const tables = 2 * 154_880 * 2048 + 2048;

  it('zai-org/GLM-4.7-Flash: latent attention, layer 0 dense, then 64 experts of 1536 with one shared and the router\'s score bias, the head untied', () => {
    expect(m).toMatchObject({ layers: 47, d_model: 2048, heads: 20, attention: 'mla', q_lora_rank: 768, kv_lora_rank: 512, qk_rope_head_dim: 64, qk_nope_head_dim: 192, v_head_dim: 256, d_ff: 10240, tied_embeddings: false, seq_len: 202_752 });
    expect(m.kv_heads).toBeUndefined();
    expect(m.moe).toEqual({ experts: 64, top_k: 4, d_ff_expert: 1536, shared_experts: 1, d_ff_shared: 1536, dense_layers: 1, router_bias: true });
    expect(m.assumptions?.join('\n')).toMatch(/^num_nextn_predict_layers 1: the multi-token-prediction module \(1 extra decoder block with MLA and MoE/m);
  });

  it('29,943,393,920 parameters: the checkpoint\'s main model as llama.cpp and Ollama count it, and the by-hand sum; 30,587,100,096 with the MTP layer', () => {
    expect(count(m).total).toBe(47 * attn + 3 * 2048 * 10240 + 46 * moeLayer + tables);
    // llama.cpp's n_params of a GLM-4.7-Flash GGUF (a public server log) and Ollama's "parameter count: 29,943,393,920" for
    // glm-4.7-flash:q4_K_M; a public preflight of zai-org/GLM-4.7-Flash (revision 7dd20894) sums the main model's tensors
    // from the Hub's metadata to the same 29,943,393,920 (test/fixtures/hf/README.md).
    expect(count(m).total).toBe(29_943_393_920);
    // The Hub's tensor total, 31,221,488,576, adds the MTP layer with its own copies of the embedding and the head; the
    // format counts one MTP module (--mtp-layers 1) sharing them: the total less those two tables.
    const withMtp = count({ ...m, mtp: { depth: 1 } });
    expect(withMtp.total).toBe(31_221_488_576 - 2 * 154_880 * 2048);
  });

  // No "sparse" layer: Glm4MoeLiteDecoderLayer builds the dense Glm4MoeLiteMLP on every layer and no expert
  // (modular_glm4_moe_lite.py @ 008e574; Glm4MoeLiteConfig's default list for 1 layer is ["dense"]): a dense MLA model,
  // counted by hand. The old code refused the three, at first_k_dense_replace (a key transformers never reads), at
  // moe.dense_layers (a name the file does not have) or at mlp_layer_types.
  const { first_k_dense_replace: _fk, ...noFirstK } = load('glm-4.7-flash');
  void _fk;
  it.each([
    { what: 'num_hidden_layers 1', config: { ...load('glm-4.7-flash'), num_hidden_layers: 1 }, layers: 1 },
    { what: 'num_hidden_layers 1, no first_k_dense_replace', config: { ...noFirstK, num_hidden_layers: 1 }, layers: 1 },
    { what: 'mlp_layer_types all "dense"', config: { ...load('glm-4.7-flash'), num_hidden_layers: 2, mlp_layer_types: ['dense', 'dense'] }, layers: 2 },
  ])('$what: a dense model, every layer the dense MLP', ({ config, layers }) => {
    const m = fromHfConfig(config, 'g.json');
    expect(m.moe).toBeUndefined();
    expect(count(m).total).toBe(layers * (attn + 3 * 2048 * 10240) + tables);
    expect(m.assumptions?.join('\n')).toMatch(/^no layer is "sparse" .*: every layer is the dense MLP of intermediate_size/m);
  });
  // The MTP module's note is the MoE path's (moe.ts noteMtpModule), its block the dense one: the all-dense path said
  // 'the multi-token-prediction layers (not built by transformers' model) are not counted' without how to count them.
  it('a dense model: its MTP module named in the MoE path\'s words, the block MLA and the dense MLP, and how to count it', () => {
    const mtpNote = (config: Record<string, unknown>) => fromHfConfig(config, 'g.json').assumptions?.find((a) => a.startsWith('num_nextn_predict_layers'));
    const dense = mtpNote({ ...load('glm-4.7-flash'), num_hidden_layers: 1 });
    expect(dense).toBe(mtpNote(load('glm-4.7-flash'))!.replace('with MLA and MoE', 'with MLA and the dense MLP'));
    expect(dense).toMatch(/^num_nextn_predict_layers 1: the multi-token-prediction module \(1 extra decoder block with MLA and the dense MLP, .*; count it with --mtp-layers 1/);
  });

  // attention_bias on latent attention (DeepseekV3Attention, modular_deepseek_v3.py @ 000c33f): biases on q_a_proj (768),
  // kv_a_proj_with_mqa (512 + 64) and o_proj (2048) per layer, all counted, and no note that o_proj's is not. The old code
  // biased q_b_proj and kv_b_proj instead and left o_proj out with a note (29,944,118,848).
  it('attention_bias: q_a_proj, kv_a_proj_with_mqa and o_proj biased, 29,943,553,344 parameters', () => {
    const biased = fromHfConfig({ ...load('glm-4.7-flash'), attention_bias: true }, 'g.json');
    expect(count(biased).total).toBe(29_943_393_920 + 47 * (768 + 576 + 2048));
    expect(biased.assumptions?.join('\n')).not.toMatch(/o_proj/);
  });

  it('places the MoE layers by mlp_layer_types, refusing a shorter list and a first_k_dense_replace transformers does not read', () => {
    const types = ['dense', 'dense', ...Array(45).fill('sparse')];
    expect(fromHfConfig({ ...load('glm-4.7-flash'), mlp_layer_types: types }, 'g.json').moe?.dense_layers).toBe(2);
    // A dense layer in the middle: counted as the first ones, named in a note (the totals are the same).
    const middle = fromHfConfig({ ...load('glm-4.7-flash'), mlp_layer_types: types.map((_, i) => (i === 0 || i === 10 ? 'dense' : 'sparse')) }, 'g.json');
    expect(count(middle).total).toBe(count(fromHfConfig({ ...load('glm-4.7-flash'), mlp_layer_types: types }, 'g.json')).total);
    expect(middle.assumptions?.join('\n')).toMatch(/mlp_layer_types: dense layers 0, 10 are modelled as the first 2; totals are unaffected/);
    const cases = [
      // Glm4MoeLiteDecoderLayer's mlp_layer_types[layer_idx] is an IndexError past a shorter list (the old reason blamed
      // layer_type_validation, which never reaches mlp_layer_types here: the first row fails on the old code on its message).
      { change: { mlp_layer_types: types.slice(0, 40) }, key: 'mlp_layer_types', message: 'expected at least one entry per layer (num_hidden_layers 47), found 40', hint: /^transformers' Glm4MoeLiteDecoderLayer reads mlp_layer_types\[layer_idx\] for each layer: / },
      // Glm4MoeLiteConfig is @strict, `mlp_layer_types: list[str] | None` (configuration_glm4_moe_lite.py @ 008e574): an entry
      // that is not text is refused at its index (the old code counted {"a":1} and null dense, with a note).
      { change: { mlp_layer_types: ['dense', { a: 1 }, ...types.slice(2)] }, key: 'mlp_layer_types[1]', message: 'expected text, found a mapping' },
      { change: { mlp_layer_types: ['dense', 'sparse', null, ...types.slice(3)] }, key: 'mlp_layer_types[2]', message: /^expected text, found null/ },
      { change: { first_k_dense_replace: 3 }, key: 'first_k_dense_replace', message: /^first_k_dense_replace 3: transformers' Glm4MoeLiteConfig makes layer 0 dense/ },
      // head_dim is Glm4MoeLiteConfig's alias of qk_rope_head_dim (attribute_map): another value is the same field twice.
      { change: { head_dim: 128 }, key: 'head_dim', message: /^head_dim \(128\) disagrees with qk_rope_head_dim \(64\)/ },
    ];
    for (const { change, key, message, hint } of cases) {
      const e = thrownInputError(() => fromHfConfig({ ...load('glm-4.7-flash'), ...change }, 'g.json'));
      expect(e.details.keyPath).toBe(key);
      expect(e.message).toMatch(message);
      if (hint) expect(e.details.hint).toMatch(hint);
    }
    // Accepted as transformers builds them (both rows were refused by the old code): validate_layer_type returns at
    // Glm4MoeLiteConfig's absent layer_types (configuration_utils.py @ 008e574), so a longer list's extra entries are never
    // read, and Glm4MoeLiteDecoderLayer builds the dense MLP for any entry but "sparse" (modular_glm4_moe_lite.py @ 008e574).
    const twoDense = fromHfConfig({ ...load('glm-4.7-flash'), mlp_layer_types: types }, 'g.json');
    expect(fromHfConfig({ ...load('glm-4.7-flash'), mlp_layer_types: [...types, 'dense'] }, 'g.json')).toEqual(twoDense);
    const other = fromHfConfig({ ...load('glm-4.7-flash'), mlp_layer_types: ['dense', 'moe', ...types.slice(2)] }, 'g.json');
    expect({ ...other, assumptions: undefined }).toEqual({ ...twoDense, assumptions: undefined });
    expect(other.assumptions?.join('\n')).toMatch(/^mlp_layer_types lists "moe": not "sparse", so a dense MLP/m);
    // The mlp_layer_types given overrides first_k_dense_replace, which transformers does not read.
    expect(fromHfConfig({ ...load('glm-4.7-flash'), first_k_dense_replace: 3, mlp_layer_types: types }, 'g.json').moe?.dense_layers).toBe(2);
  });
});

/**
 * The importers' shared sliding-window rules (src/model/hf/common.ts slidingWindow, periodicLayerTypes, windowOn):
 * each family's layers as its config class builds them, however few, and no window where no layer slides.
 * test/fixtures/hf/README.md says where each fixture is from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countFlops } from '../../../src/flops/count.js';
import { fromHfConfig, thrownInputError } from '../../helpers.js';
import { ModelSchema, toArchitecture } from '../../../src/model/schema.js';

type Json = Record<string, unknown>;
const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Json;
const arch = (c: Json) => toArchitecture(ModelSchema.parse(fromHfConfig(c, 'c.json')));
const without = (c: Json, key: string): Json => Object.fromEntries(Object.entries(c).filter(([k]) => k !== key));

// Hostile sweep 10. The expected layers are each config class's rule; a model with no sliding layer must count as the
// same config with sliding_window null. The first three rows failed on the old code (the other two pin what held): a
// config.json transformers loads was refused as a model file would be ('sliding_window: no layer in layer_types is
// sliding_attention'; 'layer_types: 2 layer types for 1 layers', at a key the file does not have).
describe('sliding layers from a config.json', () => {
  it.each([
    // MistralConfig keeps a layer_types the file lists (transformers 4.53+ writes one); full_attention only slides nothing.
    { what: 'Mistral, layer_types of 32 full_attention', config: { ...load('mistral-7b-v0.1'), layer_types: Array(32).fill('full_attention') }, sliding: 0 },
    // Gemma3TextConfig: `bool((layer_idx + 1) % sliding_window_pattern)`: a pattern of 1 slides no layer.
    { what: 'Gemma 3, sliding_window_pattern 1', config: { ...without(load('gemma-3-1b'), 'layer_types'), sliding_window_pattern: 1 }, sliding: 0 },
    // Gemma 2 (modeling_gemma2.py): `is_sliding = not bool(layer_idx % 2)`: one layer, and it slides.
    { what: 'Gemma 2, 1 layer', config: { ...without(load('gemma-2-9b'), 'layer_types'), num_hidden_layers: 1 }, sliding: 1 },
    { what: 'Gemma 2, 3 layers', config: { ...without(load('gemma-2-9b'), 'layer_types'), num_hidden_layers: 3 }, sliding: 2 },
    { what: 'Gemma 3, 5 layers of a pattern of 6', config: { ...without(load('gemma-3-1b'), 'layer_types'), num_hidden_layers: 5 }, sliding: 5 },
  ])('$what: $sliding sliding layers', ({ config, sliding }) => {
    const a = arch(config);
    expect(a.slidingWindow?.layers ?? 0).toBe(sliding);
    if (sliding === 0) {
      const unwindowed = arch({ ...config, sliding_window: null });
      expect(countFlops(a, { seqLen: 32_768 }).perToken).toEqual(countFlops(unwindowed, { seqLen: 32_768 }).perToken);
      expect(fromHfConfig(config, 'c.json').assumptions?.join('\n')).toMatch(/makes no layer sliding_attention: sliding_window [\d,]+ is used by no layer/);
    }
  });
});

// transformers' configuration_utils.py layer_type_validation(layer_types, num_hidden_layers) raises "`num_hidden_layers`
// (N) must be equal to the number of layer types (M)" in every config class that takes layer_types: a list of another
// length is refused at the key. It was read as a pattern repeated from layer 0, with a note (shorter), or refused as
// "48 layer types for 36 layers" (Llama 4, longer only).
describe('layer_types of another length than the layers', () => {
  const olmo3 = load('olmo-3-7b'); // 32 layers, 32 layer_types
  const types = olmo3.layer_types as string[];
  const scout = load('llama-4-scout-17b-16e');
  const text = scout.text_config as Json;
  const chunked = (n: number) => Array.from({ length: n }, (_, i) => ((i + 1) % 4 ? 'chunked_attention' : 'full_attention'));
  it.each([
    { what: 'OLMo 3, 2 of 32', config: { ...olmo3, layer_types: types.slice(0, 2) }, key: 'layer_types', layers: 32, found: 2 },
    { what: 'OLMo 3, 33 of 32', config: { ...olmo3, layer_types: [...types, 'full_attention'] }, key: 'layer_types', layers: 32, found: 33 },
    { what: 'Mistral, 4 of 32', config: { ...load('mistral-7b-v0.1'), layer_types: Array(4).fill('sliding_attention') }, key: 'layer_types', layers: 32, found: 4 },
    { what: 'Qwen3, linear_attention entries, 2 of 4', config: { ...load('qwen3-30b-a3b'), num_hidden_layers: 4, use_sliding_window: true, sliding_window: 4096, max_window_layers: 2, layer_types: ['linear_attention', 'full_attention'] }, key: 'layer_types', layers: 4, found: 2 },
    { what: 'Llama 4, 4 of 48', config: { ...scout, text_config: { ...text, no_rope_layers: undefined, layer_types: chunked(4) } }, key: 'text_config.layer_types', layers: 48, found: 4 },
    { what: 'Llama 4, 49 of 48', config: { ...scout, text_config: { ...text, no_rope_layers: undefined, layer_types: chunked(49) } }, key: 'text_config.layer_types', layers: 48, found: 49 },
    // Llama4TextConfig derives layer_types from no_rope_layers and validates them: a shorter list was a pattern repeated from layer 0 (rc 0).
    { what: 'Llama 4 no_rope_layers, 40 of 48', config: { ...scout, text_config: { ...text, no_rope_layers: (text.no_rope_layers as number[]).slice(0, 40) } }, key: 'text_config.no_rope_layers', layers: 48, found: 40 },
    { what: 'Llama 4 no_rope_layers, 49 of 48', config: { ...scout, text_config: { ...text, no_rope_layers: Array(49).fill(1) } }, key: 'text_config.no_rope_layers', layers: 48, found: 49 },
    // An empty list is kept by the config classes (`if self.layer_types is None`) and refused: it was read as absent.
    { what: 'Gemma 3, 0 of 26', config: { ...load('gemma-3-1b'), layer_types: [] }, key: 'layer_types', layers: 26, found: 0 },
    { what: 'Llama 4, 0 of 48', config: { ...scout, text_config: { ...text, layer_types: [] } }, key: 'text_config.layer_types', layers: 48, found: 0 },
    { what: 'SmolLM3 (with a window), 0 of 36', config: { ...load('smollm3-3b'), use_sliding_window: true, sliding_window: 4096, layer_types: [] }, key: 'layer_types', layers: 36, found: 0 },
  ])('$what: refused at $key', ({ config, key, layers, found }) => {
    const e = thrownInputError(() => fromHfConfig(config, 'c.json'));
    expect([e.details.keyPath, e.message]).toEqual([key, `expected one entry per layer (num_hidden_layers ${layers}), found ${found}`]);
    expect(e.details.hint).toMatch(/^transformers refuses it too/);
  });

  it('one entry per layer is read as listed', () => {
    expect(fromHfConfig(olmo3, 'c.json').layer_types).toEqual(types);
  });
});

// A key the type's config class does not define is kept by transformers as an attribute nothing reads (cohere2's
// use_qk_norm, fixed before): it must change nothing, and no value of it may be refused. Which classes define
// attention_bias, mlp_bias and layer_types was read in huggingface/transformers @ 008e574 (configuration_mistral.py @
// 001f85b, configuration_stablelm.py @ 05cd1ec, configuration_phimoe.py @ 040e1a7), not taken from the importer: every row
// failed on the old code (true counted biases or slides the model has not; null and "yes" were refused as booleans).
describe('a key the type\'s config class does not define changes nothing', () => {
  /** The file with `key` set, in its text_config where the language model is nested there. */
  const withKey = (c: Json, key: string, v: unknown): Json => {
    const t = c.text_config;
    return t !== null && typeof t === 'object' ? { ...c, text_config: { ...(t as Json), [key]: v } } : { ...c, [key]: v };
  };
  const phi3 = { ...load('llama-2-7b'), model_type: 'phi3' };
  const qwen3 = { ...load('llama-2-7b'), model_type: 'qwen3' };
  // attention_bias: no such field (the attention's biases are fixed by its modeling code, or by the type's own key).
  const noAttentionBias: [string, Json][] = [
    ['mistral', load('mistral-7b-v0.1')], ['mistral (mistral3 text_config)', load('mistral-small-3.2-24b')], ['mixtral', load('mixtral-8x7b')],
    ['qwen2', load('qwen2.5-72b')], ['qwen2_5_vl', load('qwen2.5-vl-7b-instruct')], ['qwen2_moe (qkv_bias)', load('qwen2-57b-a14b')],
    ['phi3', phi3], ['stablelm (use_qkv_bias)', load('stablelm-3b-4e1t')], ['phi', load('phi-2')], ['exaone4', load('exaone-4.0-32b')],
    ['ernie4_5 (use_bias)', load('ernie-4.5-0.3b')], ['ernie4_5_moe (use_bias)', load('ernie-4.5-21b-a3b')], ['minimax_m2', load('minimax-m2')],
    ['starcoder2 (use_bias)', load('starcoder2-15b')], ['internlm2 (remote code: bias)', load('internlm2_5-7b')],
  ];
  // mlp_bias: no such field, the MLP unbiased; given beside attention_bias true, the old code counted every linear biased.
  const noMlpBias: [string, Json][] = [
    ['qwen3', qwen3], ['qwen3_moe', load('qwen3-30b-a3b')], ['gemma', load('gemma-7b')], ['gemma2', load('gemma-2-9b')],
    ['gemma3_text', load('gemma-3-1b')], ['olmo2', load('olmo-2-1124-7b')], ['olmo3', load('olmo-3-7b')], ['olmoe', load('olmoe-1b-7b')],
    ['cohere', load('command-r-v01')], ['cohere2', load('tiny-aya-global')], ['deepseek_v3', load('deepseek-v3')], ['kimi_k2', load('kimi-k2-instruct')],
    ['dots1', load('dots.llm1.inst')], ['phimoe', load('phi-3.5-moe')], ['llama4_text', load('llama-4-scout-17b-16e')],
  ];
  // layer_types: no such field, every layer slides over sliding_window (one mask in MixtralModel, Phi3Model, PhimoeModel).
  const noLayerTypes: [string, Json][] = [
    ['mixtral', { ...load('mixtral-8x7b'), sliding_window: 4096 }], ['phi3', { ...phi3, sliding_window: 2047 }], ['phimoe', load('phi-3.5-moe')],
  ];
  // head_dim: StableLmAttention's heads are hidden_size / num_attention_heads whatever the key says (modeling_stablelm.py @ 00dcc6d).
  // InternLM2's remote code the same (InternLM2Attention: hidden_size // num_heads, raising otherwise; review of the
  // hf6 merge: a head_dim of 64 counted 7,066,619,904 parameters for the 7,737,708,544 the checkpoint holds).
  const noHeadDim: [string, Json][] = [['stablelm', load('stablelm-3b-4e1t')], ['internlm2 (remote code)', load('internlm2_5-7b')]];
  const rows = [
    ...noHeadDim.map(([what, c]) => ({ what, key: 'head_dim', c, values: [64, null, 'yes'] })),
    ...noAttentionBias.map(([what, c]) => ({ what, key: 'attention_bias', c, values: [true, null, 'yes'] })),
    ...noMlpBias.map(([what, c]) => ({ what, key: 'mlp_bias', c: withKey(c, 'attention_bias', true), values: [true, null, 'yes'] })),
    ...noLayerTypes.map(([what, c]) => {
      const layers = (c.num_hidden_layers as number);
      return { what, key: 'layer_types', c, values: [Array(layers).fill('full_attention'), Array(layers - 1).fill('sliding_attention'), 'sliding_attention'] };
    }),
  ];
  it.each(rows)('$what: $key', ({ key, c, values }) => {
    const base = fromHfConfig(c, 'c.json');
    for (const v of values) expect(fromHfConfig(withKey(c, key, v), 'c.json')).toEqual(base);
  });

  // The classes that define them still have them read (LlamaConfig, GraniteConfig, SmolLM3Config: both; MistralConfig's
  // layer_types through AutoConfig's ministral, above).
  // DeepseekV2Config defines mlp_bias (configuration_deepseek_v2.py @ 008e574): DeepseekV2MLP, a LlamaMLP, biases the dense
  // layers' and the shared experts' MLPs, never the routed experts. A DeepSeek-V2-Lite-shaped file (its published shape,
  // written by hand): the biases are named and not counted, and the value is read as a boolean (the hf6 merge dropped both).
  it('deepseek_v2: mlp_bias is read, its biases named and not counted', () => {
    const lite = {
      model_type: 'deepseek_v2', hidden_size: 2048, intermediate_size: 10944, moe_intermediate_size: 1408, num_hidden_layers: 27,
      num_attention_heads: 16, num_key_value_heads: 16, n_routed_experts: 64, n_shared_experts: 2, num_experts_per_tok: 6,
      first_k_dense_replace: 1, moe_layer_freq: 1, kv_lora_rank: 512, q_lora_rank: null, qk_nope_head_dim: 128, qk_rope_head_dim: 64,
      v_head_dim: 128, topk_method: 'greedy', vocab_size: 102400, max_position_embeddings: 163840, tie_word_embeddings: false,
    };
    const plainModel = fromHfConfig(lite, 'c.json');
    const biased = fromHfConfig({ ...lite, mlp_bias: true }, 'c.json');
    expect({ ...biased, assumptions: undefined }).toEqual({ ...plainModel, assumptions: undefined });
    expect(biased.assumptions?.some((a) => a.startsWith('mlp_bias: the dense layers\' and shared experts\' MLP biases'))).toBe(true);
    expect(plainModel.assumptions?.some((a) => a.startsWith('mlp_bias')) ?? false).toBe(false);
    expect(thrownInputError(() => fromHfConfig({ ...lite, mlp_bias: 'yes' }, 'c.json')).details.keyPath).toBe('mlp_bias');
  });

  it.each(['llama-2-7b', 'granite-3.3-8b-instruct', 'smollm3-3b'])('%s: attention_bias and mlp_bias are read', (name) => {
    expect(fromHfConfig({ ...load(name), attention_bias: true, mlp_bias: true }, 'c.json').bias).toBe(true);
    expect(thrownInputError(() => fromHfConfig({ ...load(name), mlp_bias: 'yes' }, 'c.json')).details.keyPath).toBe('mlp_bias');
  });
});

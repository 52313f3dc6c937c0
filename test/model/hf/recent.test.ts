import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countFlops } from '../../../src/flops/count.js';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';
import { fromHfConfig, thrownInputError } from '../../helpers.js';

// The dense families of src/model/hf/recent.ts; test/fixtures/hf/README.md says where each fixture is from.
const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;
const arch = (m: ModelInput) => toArchitecture(ModelSchema.parse(m));
const count = (m: ModelInput) => countParams(arch(m));

// Each row: a fixture, what it maps to, its total by hand from the transformers modules, and the published
// figure: exact where one is published (`within: 0`), else the printed precision.
describe.each([
  {
    model_type: 'smollm3', fixture: 'smollm3-3b',
    // Per layer q 2048², k, v 2048·512 each, o 2048², gate/up/down 3·2048·11008, 2 RMSNorms; the 128,256 × 2048
    // embedding, tied; the final norm.
    shape: { d_head: undefined, tied_embeddings: true, ffn: 'swiglu', bias: undefined, seq_len: 65536 },
    byHand: 36 * (2 * 2048 ** 2 + 2 * 2048 * 512 + 3 * 2048 * 11008 + 2 * 2048) + 128_256 * 2048 + 2048,
    // The Hub's safetensors total of HuggingFaceTB/SmolLM3-3B-Base (a held-out dataset script's copy of the Hub API
    // `safetensors.total`, revision d78a42f79198603e614095753484a04c10c2b940) and the SmolLM3-3B index's
    // total_parameters (a public SmolLM3 audit); test/fixtures/hf/README.md.
    published: 3_075_098_624, within: 0,
  },
  {
    model_type: 'olmo3', fixture: 'olmo-3-7b',
    // OLMo 2's layer: q, k, v, o 4·4096², q_norm and k_norm over the whole projections 2·4096, the MLP 3·4096·11008,
    // 2 RMSNorms; two 100,278 × 4096 tables; the final norm.
    shape: { qk_norm: 'full', sliding_window: 4096, tied_embeddings: false, seq_len: 8192 },
    byHand: 32 * (4 * 4096 ** 2 + 2 * 4096 + 3 * 4096 * 11008 + 2 * 4096) + 2 * 100_278 * 4096 + 4096,
    // allenai Olmo-3-1025-7B's checkpoint total as a public experiment script records it (`olmo3_7b_bits =
    // 7298011136 * 16`); the 32B row below is the same script's 32233522176.
    published: 7_298_011_136, within: 0,
  },
  {
    model_type: 'glm4', fixture: 'glm-4-9b-0414',
    // Per layer q 4096·4096 + 4096, k, v 4096·256 + 256 each, o 4096² (no bias), gate_up and down 3·4096·13696, 4
    // RMSNorms; two 151,552 × 4096 tables; the final norm.
    shape: { d_head: 128, kv_heads: 2, bias: 'qkv', block_norms: 4, tied_embeddings: false, seq_len: 32768 },
    byHand: 40 * (2 * 4096 ** 2 + 4096 + 2 * (4096 * 256 + 256) + 3 * 4096 * 13696 + 4 * 4096) + 2 * 151_552 * 4096 + 4096,
    // llama.cpp's n-params of the language model of GLM-4.6V-Flash's GGUF (GLM-4-9B-0414's shape: vocab 151,552,
    // n-embd 4096; its vision tower in the separate mmproj file), in a public model server's configuration; the Hub
    // card of THUDM/GLM-4-9B-0414 prints 9.4B.
    published: 9_400_279_040, within: 0,
  },
  {
    model_type: 'seed_oss', fixture: 'seed-oss-36b-base',
    // Per layer q 5120·10240 + 10240, k, v 5120·1024 + 1024 each, o 10240·5120 (attention_out_bias false), the MLP
    // 3·5120·27648, 2 RMSNorms; two 155,136 × 5120 tables; the final norm.
    shape: { d_head: 128, kv_heads: 8, bias: 'qkv', tied_embeddings: false, seq_len: 524_288 },
    byHand: 64 * (2 * 5120 * 10240 + 10240 + 2 * (5120 * 1024 + 1024) + 3 * 5120 * 27648 + 2 * 5120) + 2 * 155_136 * 5120 + 5120,
    // The safetensors index of ByteDance-Seed/Seed-OSS-36B-Base and -Instruct, as a public config snapshot records it.
    published: 36_151_104_512, within: 0,
  },
  {
    model_type: 'exaone4', fixture: 'exaone-4.0-32b',
    // Per layer q 5120², k, v 5120·1024 each, o 5120², q_norm and k_norm 2·128, the MLP 3·5120·27392, 2 (post-)
    // RMSNorms; two 102,400 × 5120 tables; the final norm.
    shape: { d_head: 128, kv_heads: 8, qk_norm: 'head', sliding_window: 4096, tied_embeddings: false, seq_len: 8192 },
    byHand: 64 * (2 * 5120 ** 2 + 2 * 5120 * 1024 + 2 * 128 + 3 * 5120 * 27392 + 2 * 5120) + 2 * 102_400 * 5120 + 5120,
    // LGAI-EXAONE/EXAONE-4.0-32B model card, Model Configuration: "Number of Parameters (without embeddings): 30.95B";
    // the comparison below is of the non-embedding count.
    published: 30.95e9, within: 0.005e9, nonEmbedding: true,
  },
  {
    model_type: 'ernie4_5', fixture: 'ernie-4.5-0.3b',
    // Per layer q 1024·2048, k, v 1024·256 each, o 2048·1024 (head_dim 128), the MLP 3·1024·3072, 2 RMSNorms; the
    // 103,424 × 1024 embedding, tied; the final norm.
    shape: { d_head: 128, kv_heads: 2, tied_embeddings: true, bias: undefined, seq_len: 131_072 },
    byHand: 18 * (2 * 1024 * 2048 + 2 * 1024 * 256 + 3 * 1024 * 3072 + 2 * 1024) + 103_424 * 1024 + 1024,
    // A public evaluation log's count of the model (family ernie, L 18, d 1024: params=360748032); the model card of
    // baidu/ERNIE-4.5-0.3B-PT: 0.36B.
    published: 360_748_032, within: 0,
  },
  {
    model_type: 'internlm2', fixture: 'internlm2_5-7b',
    // Per layer wqkv 4096·(4096 + 2·1024), wo 4096², w1/w3/w2 3·4096·14336, 2 RMSNorms; tok_embeddings and the
    // untied output 92,544 × 4096 each; the final norm.
    shape: { kv_heads: 8, tied_embeddings: false, bias: undefined, seq_len: 32768 },
    byHand: 32 * (4096 * (4096 + 2 * 1024) + 4096 ** 2 + 3 * 4096 * 14336 + 2 * 4096) + 2 * 92_544 * 4096 + 4096,
    // InternLM's own chat demo (InternLM/InternLM repository): "You are served by InternLM, with 7737708544 (7.7B)
    // parameters"; a public training contract records the loaded internlm2.5-7b's total_parameters 7_737_708_544
    // (embedding 758_120_448).
    published: 7_737_708_544, within: 0,
  },
])('$model_type ($fixture)', ({ model_type, fixture, shape, byHand, published, within, nonEmbedding }) => {
  const m = fromHfConfig(load(fixture), `test/fixtures/hf/${fixture}.json`);

  it('maps the config\'s modules', () => {
    expect(m.source).toContain(`model_type ${model_type}`);
    expect(m).toMatchObject(Object.fromEntries(Object.entries(shape).filter(([, v]) => v !== undefined)));
    for (const [k, v] of Object.entries(shape)) if (v === undefined) expect(m[k as keyof ModelInput], k).toBeUndefined();
  });

  it('counts the modules by hand, and the published figure', () => {
    const p = count(m);
    expect(p.total).toBe(byHand);
    const compared = nonEmbedding ? p.nonEmbedding : p.total;
    expect(Math.abs(compared - published)).toBeLessThanOrEqual(within);
  });
});

describe('olmo3 and exaone4 sliding layers', () => {
  it('OLMo 3: three sliding layers in four, from layer_types or, without it, Olmo3Config\'s rule; 32B is the script\'s 32,233,522,176', () => {
    expect(fromHfConfig(load('olmo-3-7b'), 'o.json').layer_types).toHaveLength(32);
    const { layer_types: _l, ...rest } = load('olmo-3-7b');
    void _l;
    expect(fromHfConfig(rest, 'o.json').layer_types).toEqual(['sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention']);
    // allenai/Olmo-3-1125-32B: d 5120, 64 layers, 40 heads over 8 KV heads, MLP 27648 (the same script: 32233522176).
    const big = fromHfConfig({ ...rest, hidden_size: 5120, num_hidden_layers: 64, num_attention_heads: 40, num_key_value_heads: 8, intermediate_size: 27648 }, 'o.json');
    const byHand = 64 * (2 * 5120 ** 2 + 2 * 5120 * 1024 + 5120 + 1024 + 3 * 5120 * 27648 + 2 * 5120) + 2 * 100_278 * 5120 + 5120;
    expect(count(big).total).toBe(byHand);
    expect(count(big).total).toBe(32_233_522_176);
  });

  it('EXAONE 4: an integer pattern n makes every nth layer global; a string of L and G repeats, the last layer global', () => {
    expect(fromHfConfig(load('exaone-4.0-32b'), 'e.json').layer_types).toEqual(['sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention']);
    const lg = fromHfConfig({ ...load('exaone-4.0-32b'), num_hidden_layers: 5, sliding_window_pattern: 'LLGL' }, 'e.json');
    expect(lg.layer_types).toEqual(['sliding_attention', 'sliding_attention', 'full_attention', 'sliding_attention', 'full_attention']);
    expect(fromHfConfig({ ...load('exaone-4.0-32b'), sliding_window: null }, 'e.json').sliding_window).toBeUndefined();
    // Without sliding_window_pattern, Exaone4Config's default 4 (its __init__), noted; it was refused, 'found nothing' (found in review).
    const { sliding_window_pattern: _p, ...noPattern } = load('exaone-4.0-32b');
    void _p;
    const defaulted = fromHfConfig(noPattern, 'e.json');
    expect(defaulted.layer_types).toEqual(['sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention']);
    expect(defaulted.assumptions?.join('\n')).toMatch(/sliding_window_pattern absent: Exaone4Config's default 4/);
    const e = thrownInputError(() => fromHfConfig({ ...load('exaone-4.0-32b'), sliding_window_pattern: 'LXG' }, 'e.json'));
    expect(e.details.keyPath).toBe('sliding_window_pattern');
    expect(e.message).toBe('expected a positive integer or a string of L and G, found "LXG"');
  });

  it('SmolLM3 with use_sliding_window slides its NoPE layers (no_rope_layers 0), as SmolLM3Config builds layer_types', () => {
    const { layer_types: _l, ...rest } = load('smollm3-3b');
    void _l;
    const m = fromHfConfig({ ...rest, use_sliding_window: true, sliding_window: 4096 }, 's.json');
    expect(m.sliding_window).toBe(4096);
    expect((m.layer_types as string[]).filter((t) => t === 'sliding_attention')).toHaveLength(9);
    expect(m.assumptions?.join('\n')).toContain('NoPE layers');
  });
});

// SmolLM3Attention reads config.no_rope_layers[layer_idx] for each layer (modular_smollm3.py), and SmolLM3Config builds
// layer_types from it over range(num_hidden_layers); its docstring asks for a list "at least the same length as the number
// of layers" (configuration_smollm3.py @ 008e574). A shorter one, an IndexError in transformers, is refused at its key by
// the per-layer rule (common.ts refusePerLayerLength, atLeast); a longer one's entries past the last layer are never read
// (448af8b refused it: the '37 of 36' rows below failed on that code).
describe('SmolLM3 no_rope_layers of another length than the layers', () => {
  const noRope = load('smollm3-3b').no_rope_layers as number[];
  const { layer_types: _l, ...unlisted } = load('smollm3-3b');
  void _l;
  const windowed = { ...unlisted, use_sliding_window: true, sliding_window: 4096 };
  it.each([
    { what: '35 of 36, with a window', config: { ...windowed, no_rope_layers: noRope.slice(0, 35) }, found: 35 },
    { what: '35 of 36, no window', config: { ...load('smollm3-3b'), no_rope_layers: noRope.slice(0, 35) }, found: 35 },
    { what: '0 of 36 (an empty list is kept by SmolLM3Config)', config: { ...load('smollm3-3b'), no_rope_layers: [] }, found: 0 },
    { what: '35 of 36, beside a listed layer_types', config: { ...load('smollm3-3b'), use_sliding_window: true, sliding_window: 4096, no_rope_layers: noRope.slice(0, 35) }, found: 35 },
  ])('$what: refused at no_rope_layers', ({ config, found }) => {
    const e = thrownInputError(() => fromHfConfig(config, 's.json'));
    expect([e.details.keyPath, e.message]).toEqual(['no_rope_layers', `expected at least one entry per layer (num_hidden_layers 36), found ${found}`]);
    expect(e.details.hint).toMatch(/^transformers' SmolLM3Attention reads no_rope_layers\[layer_idx\] for each layer: list one entry per layer/);
  });

  it.each([
    { what: '37 of 36, with a window', config: { ...windowed, no_rope_layers: [...noRope, 0] }, same: windowed },
    { what: '37 of 36, no window', config: { ...load('smollm3-3b'), no_rope_layers: [...noRope, 0] }, same: load('smollm3-3b') },
  ])('$what: the entry past the last layer is not read', ({ config, same }) => {
    expect(fromHfConfig(config, 's.json')).toEqual(fromHfConfig(same, 's.json'));
  });

  it('one entry per layer, or none (no_rope_layer_interval\'s), is read', () => {
    expect(count(fromHfConfig(load('smollm3-3b'), 's.json')).total).toBe(3_075_098_624);
    const { no_rope_layers: _n, ...rest } = windowed as Record<string, unknown>;
    void _n;
    expect(fromHfConfig(rest, 's.json').layer_types).toEqual(['full_attention', 'full_attention', 'full_attention', 'sliding_attention']);
  });
});

// Hostile sweep 10: patterns that leave no layer sliding, periods past the layers or past any list. Each row's expected
// layers follow the config class's own rule (cited per row); a model with no sliding layer counts as the same config
// with sliding_window null. 6 of the 8 rows failed on the old code (the 65 and 36 rows pin what held): EXAONE's pattern 1
// slid every layer, its "G" and SmolLM3's listed full_attention were refused at sliding_window, SmolLM3's period past the
// layers at an absent no_rope_layers, OLMo 3 with 1 or 3 layers at an absent layer_types ('4 layer types for 3 layers').
describe('sliding layers by each config class\'s rule, however few', () => {
  const smol = () => {
    const { layer_types: _l, no_rope_layers: _n, ...rest } = load('smollm3-3b');
    void _l; void _n;
    return { ...rest, use_sliding_window: true, sliding_window: 4096 };
  };
  const { layer_types: _o, ...olmo } = load('olmo-3-7b');
  void _o;
  it.each([
    // Exaone4Config: `"sliding_attention" if (i + 1) % sliding_window_pattern != 0`: a pattern of 1 slides no layer, one past the layers every layer.
    { what: 'EXAONE 4, sliding_window_pattern 1', config: { ...load('exaone-4.0-32b'), sliding_window_pattern: 1 }, sliding: 0 },
    { what: 'EXAONE 4, sliding_window_pattern 65 of 64 layers', config: { ...load('exaone-4.0-32b'), sliding_window_pattern: 65 }, sliding: 64 },
    { what: 'EXAONE 4, sliding_window_pattern "G"', config: { ...load('exaone-4.0-32b'), sliding_window_pattern: 'G' }, sliding: 0 },
    // SmolLM3Config: no_rope_layers `int((i + 1) % no_rope_layer_interval != 0)`, its NoPE layers sliding: 37 on 36 layers makes none NoPE.
    { what: 'SmolLM3, no_rope_layer_interval 37 of 36 layers', config: { ...smol(), no_rope_layer_interval: 37 }, sliding: 0 },
    { what: 'SmolLM3, no_rope_layer_interval 36 of 36 layers', config: { ...smol(), no_rope_layer_interval: 36 }, sliding: 1 },
    // SmolLM3Config keeps a layer_types the file lists (here the published one, all full_attention, beside use_sliding_window).
    { what: 'SmolLM3, its listed layer_types of full attention', config: { ...load('smollm3-3b'), use_sliding_window: true, sliding_window: 4096 }, sliding: 0 },
    // Olmo3Config: `"sliding_attention" if (i + 1) % 4 != 0`: 3 layers all slide.
    { what: 'OLMo 3, 3 layers, no layer_types', config: { ...olmo, num_hidden_layers: 3 }, sliding: 3 },
    { what: 'OLMo 3, 1 layer, no layer_types', config: { ...olmo, num_hidden_layers: 1 }, sliding: 1 },
  ])('$what: $sliding sliding layers', ({ config, sliding }) => {
    const a = arch(fromHfConfig(config, 'c.json'));
    expect(a.slidingWindow?.layers ?? 0).toBe(sliding);
    if (sliding === 0) {
      const without = arch(fromHfConfig({ ...config, sliding_window: null }, 'c.json'));
      expect(countFlops(a, { seqLen: 32_768 }).perToken).toEqual(countFlops(without, { seqLen: 32_768 }).perToken);
      expect(fromHfConfig(config, 'c.json').assumptions?.join('\n')).toMatch(/makes no layer sliding_attention: sliding_window 4,096 is used by no layer/);
    }
  });
});

describe('glm4, seed_oss, ernie4_5 and internlm2 biases', () => {
  it('InternLM2: `bias` (default true) biases wqkv, counted, and wo, named; internlm2.5-1.8B\'s sizes give the published 1,889,110,016', () => {
    const { bias: _b, ...rest } = load('internlm2_5-7b');
    void _b;
    const biased = fromHfConfig(rest, 'i.json');
    expect(biased.bias).toBe('qkv');
    expect(biased.assumptions).toContain('bias: the wo bias (4,096 per layer, 131,072 in all) is not counted; the wqkv biases are.');
    // internlm/internlm2_5-1_8b-chat: hidden 2048, 24 layers, 16 heads over 8 KV heads, MLP 8192 (a public model-size
    // table: "internlm/internlm2_5-1_8b-chat": 1889110016).
    const small = fromHfConfig({ ...load('internlm2_5-7b'), hidden_size: 2048, num_hidden_layers: 24, num_attention_heads: 16, intermediate_size: 8192 }, 'i.json');
    expect(count(small).total).toBe(24 * (2048 * (2048 + 2 * 1024) + 2048 ** 2 + 3 * 2048 * 8192 + 2 * 2048) + 2 * 92_544 * 2048 + 2048);
    expect(count(small).total).toBe(1_889_110_016);
  });

  it('ERNIE 4.5: use_bias biases every attention and MLP linear (bias: true), not the head', () => {
    expect(fromHfConfig({ ...load('ernie-4.5-0.3b'), use_bias: true }, 'e.json')).toMatchObject({ bias: true });
    expect(fromHfConfig({ ...load('ernie-4.5-0.3b'), use_bias: true }, 'e.json').head_bias).toBeUndefined();
  });

  it('GLM-4 biases q, k, v by default (Glm4Config attention_bias True); false leaves none', () => {
    const { attention_bias: _b, ...rest } = load('glm-4-9b-0414');
    void _b;
    expect(fromHfConfig(rest, 'g.json').bias).toBe('qkv');
    expect(fromHfConfig({ ...rest, attention_bias: false }, 'g.json').bias).toBe(false);
  });

  // Glm4Attention builds o_proj with bias=False whatever attention_bias says (modular_glm4.py): the importer warned
  // that an o_proj bias "is not counted", a bias the model does not have. An mlp_bias key biases nothing (Glm4MLP).
  it('GLM-4: no o_proj bias to name (Glm4Attention has none), and an mlp_bias key changes nothing', () => {
    const m = fromHfConfig(load('glm-4-9b-0414'), 'g.json');
    expect(m.assumptions ?? []).not.toContainEqual(expect.stringContaining('o_proj'));
    expect(fromHfConfig({ ...load('glm-4-9b-0414'), mlp_bias: true }, 'g.json')).toEqual(m);
  });

  it('Seed-OSS: an o_proj bias (attention_out_bias) is named and sized, not counted; all three biases make bias: true', () => {
    const out = fromHfConfig({ ...load('seed-oss-36b-base'), attention_out_bias: true }, 's.json');
    expect(out.bias).toBe('qkv');
    expect(out.assumptions).toContain('attention_out_bias: the o_proj bias (5,120 per layer, 327,680 in all) is not counted; the q/k/v biases are.');
    expect(fromHfConfig({ ...load('seed-oss-36b-base'), attention_out_bias: true, mlp_bias: true }, 's.json').bias).toBe(true);
  });
});

describe('apertus (swiss-ai/Apertus-8B-2509)', () => {
  it('8,053,338,112 counted; with the 64 xIELU scalars it names, 8,053,338,176, the loaded model\'s count', () => {
    const m = fromHfConfig(load('apertus-8b'), 'test/fixtures/hf/apertus-8b.json');
    expect(m).toMatchObject({ ffn: 'gelu', d_ff: 21504, qk_norm: 'head', kv_heads: 8, tied_embeddings: false, seq_len: 8192 });
    expect(m.bias).toBe(false);
    expect(m.assumptions).toContain('xIELU\'s learned alpha_p and alpha_n (2 per layer, 64 in all) are not counted; they add no matrix product.');
    // Per layer q, o 4096² each, k, v 4096·1024 each, q_norm and k_norm 2·128, up_proj and down_proj 2·4096·21504, 2
    // RMSNorms; two 131,072 × 4096 tables; the final norm.
    const byHand = 32 * (2 * 4096 ** 2 + 2 * 4096 * 1024 + 2 * 128 + 2 * 4096 * 21504 + 2 * 4096) + 2 * 131_072 * 4096 + 4096;
    expect(count(m).total).toBe(byHand);
    // A public demo's expected output for swiss-ai's 8B model: "Loaded Apertus model with 8053338176 parameters" (its
    // sum of parameters(): the xIELU alpha_p and alpha_n of each of the 32 MLPs included).
    expect(count(m).total + 2 * 32).toBe(8_053_338_176);
  });

  it('ApertusMLP has no biases whatever mlp_bias says; attention_bias biases q, k, v (counted) and o_proj (named)', () => {
    expect(fromHfConfig({ ...load('apertus-8b'), mlp_bias: true }, 'a.json').bias).toBe(false);
    const biased = fromHfConfig({ ...load('apertus-8b'), attention_bias: true }, 'a.json');
    expect(biased.bias).toBe('qkv');
    expect(biased.assumptions).toContain('attention_bias: the o_proj bias (4,096 per layer, 131,072 in all) is not counted; the q/k/v biases are.');
  });
});

describe('minicpm (OpenBMB MiniCPM 4.1, remote code MiniCPMForCausalLM)', () => {
  const m = fromHfConfig(load('minicpm4.1-8b'), 'test/fixtures/hf/minicpm4.1-8b.json');

  it('openbmb/MiniCPM4.1-8B: 8,185,253,888, the checkpoint\'s BF16 parameters, and the by-hand sum from modeling_minicpm.py', () => {
    expect(m).toMatchObject({ layers: 32, d_model: 4096, heads: 32, kv_heads: 2, d_ff: 16384, ffn: 'swiglu', norm: 'rmsnorm', tied_embeddings: false, vocab: 73_448, seq_len: 65_536 });
    expect(m.bias).toBeUndefined(); // no attention_bias: none
    expect(m.assumptions).toContain('the muP scalars (scale_emb, scale_depth, dim_model_base) multiply activations: no parameters, no matrix product.');
    // By hand from MiniCPMAttention, MiniCPMMLP and MiniCPMDecoderLayer (modeling_minicpm.py): per layer q, o 4096² each,
    // k, v 4096·(2·128) each (head_dim 4096 / 32), gate, up, down 3·4096·16384, two RMSNorms; the untied embedding and
    // lm_head, 73,448 × 4096 each; the final norm.
    const byHand = 32 * (2 * 4096 ** 2 + 2 * 4096 * 256 + 3 * 4096 * 16384 + 2 * 4096) + 2 * 73_448 * 4096 + 4096;
    expect(count(m).total).toBe(byHand);
    // A public vLLM model-support audit of openbmb/MiniCPM4.1-8B at revision 3a8dfed9c79a45e07dbff95bcd49d792343fa1a3,
    // loading all four official safetensors shards: "8,185,253,888 BF16 parameters" (test/fixtures/hf/README.md).
    expect(count(m).total).toBe(8_185_253_888);
  });

  it('ties the head by default (MiniCPMConfig tie_word_embeddings=True) and takes its heads from hidden_size / heads whatever head_dim says', () => {
    const { tie_word_embeddings: _t, ...rest } = load('minicpm4.1-8b');
    void _t;
    expect(count(fromHfConfig(rest, 'm.json')).total).toBe(8_185_253_888 - 73_448 * 4096);
    // VoxCPM's MiniCPM 4 backbone writes kv_channels 128 and a public port head_dim: MiniCPMAttention reads neither.
    expect(fromHfConfig({ ...rest, head_dim: 64, kv_channels: 64 }, 'm.json').d_head).toBeUndefined();
  });

  it('InfLLM v2 (sparse_config) is named as counted dense; a MiniCPM-MoE file (num_experts) is refused at the key', () => {
    const sparse = { kernel_size: 32, kernel_stride: 16, init_blocks: 1, block_size: 64, window_size: 2048, topk: 64, use_nope: false, dense_len: 8192 };
    const withSparse = fromHfConfig({ ...load('minicpm4.1-8b'), sparse_config: sparse }, 'm.json');
    expect(count(withSparse).total).toBe(8_185_253_888);
    expect(withSparse.assumptions).toContain('sparse_config: InfLLM v2\'s sparse attention (each query reads its topk key blocks past dense_len (8,192 tokens)) is not modelled: attention is counted dense, an upper bound on its FLOPs; it adds no parameters.');
    const err = thrownInputError(() => fromHfConfig({ ...load('minicpm4.1-8b'), num_experts: 8, num_experts_per_tok: 2 }, 'm.json'));
    expect(err.details.keyPath).toBe('num_experts');
    expect(err.message).toContain('a MiniCPM-MoE file');
  });
});

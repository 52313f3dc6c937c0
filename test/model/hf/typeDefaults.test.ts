import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHfConfig } from '../../helpers.js';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';

// The config classes' defaults of src/model/hf/typeDefaults.ts; test/fixtures/hf/README.md says where each fixture is from.
type Json = Record<string, unknown>;
const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Json;
/** The fixture with `drop` removed and `set` laid over it. */
const edit = (name: string, drop: string[], set: Json = {}): Json => ({ ...Object.fromEntries(Object.entries(load(name)).filter(([k]) => !drop.includes(k))), ...set });
const withoutNotes = (m: ModelInput) => ({ ...m, assumptions: undefined });
const count = (m: ModelInput) => countParams(toArchitecture(ModelSchema.parse(m))).total;

// Each row leaves `key` out of a file and expects the model the same file gives with the key set to the value the config
// class's __init__ fills in (huggingface/transformers @ 008e574, the file named in `source`), and the note saying so. Every
// row failed on the old code: it took num_attention_heads for the key/value heads, no window, a plain q_proj, no shared
// expert and (DeepSeek-V3, GLM-4.5) no dense layer.
describe('type defaults of a key the file leaves out', () => {
  const v2 = (drop: string[], set: Json = {}) => edit('deepseek-v3', drop, { model_type: 'deepseek_v2', ...set });
  it.each([
    // Gemma2Config: num_key_value_heads 4, sliding_window 4096 (layer_types then every other layer from layer 0); google/gemma-2-9b
    // also writes the early spelling sliding_window_size, read when sliding_window is absent: both left out.
    { what: 'gemma2 num_key_value_heads', source: 'gemma2/configuration_gemma2.py', key: 'num_key_value_heads', value: 4, left: edit('gemma-2-9b', ['num_key_value_heads']), given: edit('gemma-2-9b', [], { num_key_value_heads: 4 }) },
    { what: 'gemma2 sliding_window', source: 'gemma2/configuration_gemma2.py', key: 'sliding_window', value: 4096, left: edit('gemma-2-9b', ['sliding_window', 'sliding_window_size']), given: edit('gemma-2-9b', ['sliding_window_size'], { sliding_window: 4096 }) },
    // VaultGemmaConfig: the same two (google/vaultgemma-1b has 4 heads and 4 key/value heads: 8 heads tell them apart).
    { what: 'vaultgemma num_key_value_heads', source: 'vaultgemma/configuration_vaultgemma.py', key: 'num_key_value_heads', value: 4, left: edit('vaultgemma-1b', ['num_key_value_heads'], { num_attention_heads: 8 }), given: edit('vaultgemma-1b', [], { num_attention_heads: 8, num_key_value_heads: 4 }) },
    { what: 'vaultgemma sliding_window', source: 'vaultgemma/configuration_vaultgemma.py', key: 'sliding_window', value: 4096, left: edit('vaultgemma-1b', ['sliding_window', 'layer_types']), given: edit('vaultgemma-1b', ['layer_types'], { sliding_window: 4096 }) },
    // Glm4MoeLiteConfig: q_lora_rank 768, n_shared_experts 1.
    { what: 'glm4_moe_lite q_lora_rank', source: 'glm4_moe_lite/configuration_glm4_moe_lite.py', key: 'q_lora_rank', value: 768, left: edit('glm-4.7-flash', ['q_lora_rank']), given: load('glm-4.7-flash') },
    { what: 'glm4_moe_lite n_shared_experts', source: 'glm4_moe_lite/configuration_glm4_moe_lite.py', key: 'n_shared_experts', value: 1, left: edit('glm-4.7-flash', ['n_shared_experts']), given: load('glm-4.7-flash') },
    // DeepseekV3Config: q_lora_rank 1536, n_shared_experts 1, first_k_dense_replace 3 (deepseek-ai/DeepSeek-V3's own values).
    { what: 'deepseek_v3 q_lora_rank', source: 'deepseek_v3/configuration_deepseek_v3.py', key: 'q_lora_rank', value: 1536, left: edit('deepseek-v3', ['q_lora_rank']), given: load('deepseek-v3') },
    { what: 'deepseek_v3 n_shared_experts', source: 'deepseek_v3/configuration_deepseek_v3.py', key: 'n_shared_experts', value: 1, left: edit('deepseek-v3', ['n_shared_experts']), given: load('deepseek-v3') },
    { what: 'deepseek_v3 first_k_dense_replace', source: 'deepseek_v3/configuration_deepseek_v3.py', key: 'first_k_dense_replace', value: 3, left: edit('deepseek-v3', ['first_k_dense_replace']), given: load('deepseek-v3') },
    // DeepseekV2Config: q_lora_rank 1536, n_shared_experts 2 (not V3's 1).
    { what: 'deepseek_v2 q_lora_rank', source: 'deepseek_v2/configuration_deepseek_v2.py', key: 'q_lora_rank', value: 1536, left: v2(['q_lora_rank']), given: v2([]) },
    { what: 'deepseek_v2 n_shared_experts', source: 'deepseek_v2/configuration_deepseek_v2.py', key: 'n_shared_experts', value: 2, left: v2(['n_shared_experts']), given: v2([], { n_shared_experts: 2 }) },
    // Glm4MoeConfig: num_key_value_heads 8, n_shared_experts 1, first_k_dense_replace 1 (zai-org/GLM-4.5-Air's own values).
    { what: 'glm4_moe num_key_value_heads', source: 'glm4_moe/configuration_glm4_moe.py', key: 'num_key_value_heads', value: 8, left: edit('glm-4.5-air', ['num_key_value_heads']), given: load('glm-4.5-air') },
    { what: 'glm4_moe n_shared_experts', source: 'glm4_moe/configuration_glm4_moe.py', key: 'n_shared_experts', value: 1, left: edit('glm-4.5-air', ['n_shared_experts']), given: load('glm-4.5-air') },
    { what: 'glm4_moe first_k_dense_replace', source: 'glm4_moe/configuration_glm4_moe.py', key: 'first_k_dense_replace', value: 1, left: edit('glm-4.5-air', ['first_k_dense_replace']), given: load('glm-4.5-air') },
  ])('$what', ({ source, key, value, left, given }) => {
    const m = fromHfConfig(left, 'c.json');
    expect(withoutNotes(m)).toEqual(withoutNotes(fromHfConfig(given, 'c.json')));
    const note = m.assumptions?.find((a) => a.startsWith('not in the config, so its type\'s defaults'));
    expect(note).toContain(`(transformers src/transformers/models/${source} @ 008e574`);
    expect(note).toMatch(new RegExp(`: (.*, )?${key} ${value.toLocaleString('en-US')}(, |\\.$)`));
  });

  it('29,943,393,920 parameters for GLM-4.7-Flash without q_lora_rank or n_shared_experts (the checkpoint\'s count: recentMoe.test.ts)', () => {
    for (const drop of ['q_lora_rank', 'n_shared_experts']) expect(count(fromHfConfig(edit('glm-4.7-flash', [drop]), 'g.json'))).toBe(29_943_393_920);
  });

  // A null q_lora_rank is the config's None: a plain q_proj (DeepSeek-V2-Lite's file says so), never the default.
  it.each(['deepseek_v2', 'deepseek_v3', 'glm4_moe_lite'])('%s: q_lora_rank null is a plain q_proj', (type) => {
    const m = fromHfConfig({ ...load(type === 'glm4_moe_lite' ? 'glm-4.7-flash' : 'deepseek-v3'), model_type: type, q_lora_rank: null }, 'c.json');
    expect(m.q_lora_rank).toBeUndefined();
    expect(m.assumptions?.join('\n')).not.toMatch(/q_lora_rank \d/);
  });
});

// classdefaults33: keys the importer filled as LlamaConfig does (num_key_value_heads → num_attention_heads, head_dim →
// hidden_size / num_attention_heads, no shared expert, no window) where the type's own class fills another value. Each row
// leaves `drop` out of a real fixture and expects `total` (a published total when the class's value is the file's own, else
// one worked by hand from it in the row's comment) and/or the model the file gives with the key set to the class's value
// (`given`); every row failed on the old code. `at`: the commit of the class read (typeDefaults.ts cites it).
describe('class defaults of the most used types (classdefaults33)', () => {
  const text = (name: string) => load(name).text_config as Json;
  /** The fixture's text_config as a flat file of `type`, `drop` removed and `set` laid over it. */
  const flat = (name: string, type: string, drop: string[], set: Json = {}): Json =>
    ({ ...Object.fromEntries(Object.entries(text(name)).filter(([k]) => !drop.includes(k))), model_type: type, ...set });
  /** The nested file with `drop` removed from its text_config. */
  const nested = (name: string, drop: string[], set: Json = {}): Json => ({ ...load(name), text_config: { ...Object.fromEntries(Object.entries(text(name)).filter(([k]) => !drop.includes(k))), ...set } });
  it.each([
    // MixtralConfig num_key_value_heads 8 = Mixtral-8x7B's own: its published 46,702,792,704 (hf.test.ts). Old: 32 KV heads.
    { what: 'mixtral num_key_value_heads', source: 'mixtral/configuration_mixtral.py @ 008e574', key: 'num_key_value_heads', value: 8, left: edit('mixtral-8x7b', ['num_key_value_heads']), total: 46_702_792_704 },
    // Qwen3MoeConfig num_key_value_heads 4 = Qwen3-30B-A3B's own: its published 30,532,122,624 (moe.test.ts). Old: 32.
    { what: 'qwen3_moe num_key_value_heads', source: 'qwen3_moe/configuration_qwen3_moe.py @ 008e574', key: 'num_key_value_heads', value: 4, left: edit('qwen3-30b-a3b', ['num_key_value_heads']), total: 30_532_122_624 },
    // Qwen2Config num_key_value_heads 32 over Qwen2.5-72B's 8 (64 heads of 8192 / 64 = 128): k and v gain 24·128 = 3072
    // outputs each, weight and bias (Qwen2 biases q/k/v): 2·(8192·3072 + 3072) = 50,337,792 a layer, × 80 = 4,027,023,360
    // over its published 72,706,203,648 (hf.test.ts) = 76,733,227,008. Old: 64 KV heads.
    { what: 'qwen2 num_key_value_heads', source: 'qwen2/configuration_qwen2.py @ 008e574', key: 'num_key_value_heads', value: 32, left: edit('qwen2.5-72b', ['num_key_value_heads']), total: 76_733_227_008, given: edit('qwen2.5-72b', [], { num_key_value_heads: 32 }) },
    // Qwen2MoeConfig num_key_value_heads 16 over Qwen2-57B-A14B's 4; its 28 heads are no multiple of 16 (transformers'
    // repeat_kv fails), so 32 heads of 3584 / 32 = 112: q stays 3584 wide, k and v go from 4·128 = 512 to 16·112 = 1792
    // outputs, weight and bias: 2·(3584·1280 + 1280) = 9,177,600 a layer, × 28 = 256,972,800 over its published
    // 57,408,558,592 (moe.test.ts) = 57,665,531,392. Old: 32 KV heads.
    { what: 'qwen2_moe num_key_value_heads', source: 'qwen2_moe/configuration_qwen2_moe.py @ 008e574', key: 'num_key_value_heads', value: 16, left: edit('qwen2-57b-a14b', ['num_key_value_heads'], { num_attention_heads: 32 }), total: 57_665_531_392 },
    // Qwen2MoeConfig shared_expert_intermediate_size 5632 for Qwen2-57B-A14B's 20480: its gated shared expert (3 matrices of
    // 3584 × width) shrinks by 3·3584·14848 = 159,645,696 on each of its 28 MoE layers, 4,470,079,488 in all:
    // 57,408,558,592 − 4,470,079,488 = 52,938,479,104. Old: no shared expert.
    { what: 'qwen2_moe shared_expert_intermediate_size', source: 'qwen2_moe/configuration_qwen2_moe.py @ 008e574', key: 'shared_expert_intermediate_size', value: 5632, left: edit('qwen2-57b-a14b', ['shared_expert_intermediate_size']), total: 52_938_479_104, given: edit('qwen2-57b-a14b', [], { shared_expert_intermediate_size: 5632 }) },
    // Qwen3Config num_key_value_heads 32 over Qwen3-8B's 8 (Qwen3-VL-8B's text_config: Qwen3-8B's sizes and published
    // 8,190,735,360, qwen3Vl.test.ts). 32 is its num_attention_heads too, so 64 heads of head_dim 128 tell them apart: q and o
    // grow from 4096 to 8192 (2·4096·4096 = 33,554,432 a layer, × 36 = 1,207,959,552) and k and v by 24·128 = 3072, no
    // biases (2·4096·3072 = 25,165,824 a layer, × 36 = 905,969,664): 8,190,735,360 + 2,113,929,216 = 10,304,664,576. Old: 64.
    { what: 'qwen3 num_key_value_heads', source: 'qwen3/configuration_qwen3.py @ 008e574', key: 'num_key_value_heads', value: 32, left: flat('qwen3-vl-8b-instruct', 'qwen3', ['num_key_value_heads'], { num_attention_heads: 64 }), total: 10_304_664_576 },
    // Qwen3Config head_dim 128 with 16 heads over Qwen3-8B's 4096 (not 4096 / 16 = 256): q and o lose 16·128 = 2048 of their
    // 4096 (2·4096·2048 = 16,777,216 a layer, × 36 = 603,979,776): 8,190,735,360 − 603,979,776 = 7,586,755,584. Old: 256-wide heads.
    { what: 'qwen3 head_dim', source: 'qwen3/configuration_qwen3.py @ 008e574', key: 'head_dim', value: 128, left: flat('qwen3-vl-8b-instruct', 'qwen3', ['head_dim'], { num_attention_heads: 16 }), total: 7_586_755_584 },
    // Qwen3VLTextConfig (a qwen3_vl file's text_config) the same two: 32 KV heads, with 64 heads 10,304,664,576 as above.
    { what: 'qwen3_vl_text num_key_value_heads', source: 'qwen3_vl/configuration_qwen3_vl.py @ e1b5516', key: 'num_key_value_heads', value: 32, left: nested('qwen3-vl-8b-instruct', ['num_key_value_heads'], { num_attention_heads: 64 }), total: 10_304_664_576 },
    // head_dim 128 with 16 heads: 7,586,755,584 as the qwen3 row above.
    { what: 'qwen3_vl_text head_dim', source: 'qwen3_vl/configuration_qwen3_vl.py @ e1b5516', key: 'head_dim', value: 128, left: nested('qwen3-vl-8b-instruct', ['head_dim'], { num_attention_heads: 16 }), total: 7_586_755_584 },
    // Qwen3VLMoeTextConfig num_key_value_heads 16 (not Qwen3MoeConfig's 4) over Qwen3-VL-30B-A3B's 4 (32 heads of 128 over
    // 2048): 2·2048·1536 = 6,291,456 a layer, × 48 = 301,989,888 over the text model's published 30,532,122,624 = 30,834,112,512.
    { what: 'qwen3_vl_moe_text num_key_value_heads', source: 'qwen3_vl_moe/configuration_qwen3_vl_moe.py @ 4fa4a23', key: 'num_key_value_heads', value: 16, left: nested('qwen3-vl-30b-a3b-instruct', ['num_key_value_heads']), total: 30_834_112_512 },
    // GemmaConfig num_key_value_heads 16 = Gemma-7B's own, but so are its 16 heads: 32 heads tell them apart. 16 more q heads
    // of 256: 2·3072·4096 = 25,165,824 a layer, × 28 = 704,643,072 over its published 8,537,680,896 (hf.test.ts) = 9,242,323,968.
    { what: 'gemma num_key_value_heads', source: 'gemma/configuration_gemma.py @ 008e574', key: 'num_key_value_heads', value: 16, left: edit('gemma-7b', ['num_key_value_heads'], { num_attention_heads: 32 }), total: 9_242_323_968, given: edit('gemma-7b', [], { num_attention_heads: 32 }) },
    // GptOssConfig num_key_value_heads 8, head_dim 64 (not 2880 / 64 = 45) = gpt-oss-120b's own: its published 116,829,156,672
    // (moe.test.ts); sliding_window 128 with no layer_types: every other layer from layer 0, the file's own 18 × [sliding, full].
    { what: 'gpt_oss num_key_value_heads', source: 'gpt_oss/configuration_gpt_oss.py @ 02b8f42', key: 'num_key_value_heads', value: 8, left: edit('gpt-oss-120b', ['num_key_value_heads']), total: 116_829_156_672 },
    { what: 'gpt_oss head_dim', source: 'gpt_oss/configuration_gpt_oss.py @ 02b8f42', key: 'head_dim', value: 64, left: edit('gpt-oss-120b', ['head_dim']), total: 116_829_156_672 },
    { what: 'gpt_oss sliding_window', source: 'gpt_oss/configuration_gpt_oss.py @ 02b8f42', key: 'sliding_window', value: 128, left: edit('gpt-oss-120b', ['sliding_window', 'layer_types']), given: edit('gpt-oss-120b', ['layer_types']), total: 116_829_156_672 },
    // Gemma3TextConfig sliding_window 4096 (gemma-3-1b's file says 512): five of every six layers slide. Old: no window.
    { what: 'gemma3_text sliding_window', source: 'gemma3/configuration_gemma3.py', key: 'sliding_window', value: 4096, left: edit('gemma-3-1b', ['sliding_window']), given: edit('gemma-3-1b', [], { sliding_window: 4096 }) },
    // Qwen2Config's and Qwen3Config's sliding_window 4096 with use_sliding_window true: the layers from max_window_layers on
    // slide (Qwen2.5-72B's 80 layers from 40; Qwen3-8B's 36 from 18). Old: no window. The count does not change.
    { what: 'qwen2 sliding_window', source: 'qwen2/configuration_qwen2.py @ 008e574', key: 'sliding_window', value: 4096, left: edit('qwen2.5-72b', ['sliding_window'], { use_sliding_window: true, max_window_layers: 40 }), given: edit('qwen2.5-72b', [], { use_sliding_window: true, max_window_layers: 40, sliding_window: 4096 }), total: 72_706_203_648 },
    { what: 'qwen3 sliding_window', source: 'qwen3/configuration_qwen3.py @ 008e574', key: 'sliding_window', value: 4096, left: flat('qwen3-vl-8b-instruct', 'qwen3', ['sliding_window'], { use_sliding_window: true, max_window_layers: 18 }), given: flat('qwen3-vl-8b-instruct', 'qwen3', [], { use_sliding_window: true, max_window_layers: 18, sliding_window: 4096 }), total: 8_190_735_360 },
    // The less used types. Where the class's value is the file's own, the row expects the published total of the file
    // (recent.test.ts, recentMoe.test.ts); the old code took num_attention_heads (16, 32, 80, 48, 32, 16, 20 here).
    { what: 'smollm3 num_key_value_heads', source: 'smollm3/configuration_smollm3.py @ 008e574', key: 'num_key_value_heads', value: 4, left: edit('smollm3-3b', ['num_key_value_heads']), total: 3_075_098_624 },
    { what: 'glm4 num_key_value_heads', source: 'glm4/configuration_glm4.py @ 008e574', key: 'num_key_value_heads', value: 2, left: edit('glm-4-9b-0414', ['num_key_value_heads']), total: 9_400_279_040 },
    { what: 'seed_oss num_key_value_heads', source: 'seed_oss/configuration_seed_oss.py @ 008e574', key: 'num_key_value_heads', value: 8, left: edit('seed-oss-36b-base', ['num_key_value_heads']), total: 36_151_104_512 },
    { what: 'minimax_m2 num_key_value_heads', source: 'minimax_m2/configuration_minimax_m2.py @ 008e574', key: 'num_key_value_heads', value: 8, left: edit('minimax-m2', ['num_key_value_heads']), total: 228_689_764_864 },
    // Phi-3.5-MoE's checkpoint total 41,873,153,344 less the o_proj biases the format leaves out, 32 × 4096 (recentMoe.test.ts).
    { what: 'phimoe num_key_value_heads', source: 'phimoe/configuration_phimoe.py @ 040e1a7', key: 'num_key_value_heads', value: 8, left: edit('phi-3.5-moe', ['num_key_value_heads']), total: 41_873_153_344 - 32 * 4096 },
    { what: 'ernie4_5 num_key_value_heads', source: 'ernie4_5/configuration_ernie4_5.py @ 008e574', key: 'num_key_value_heads', value: 2, left: edit('ernie-4.5-0.3b', ['num_key_value_heads']), given: load('ernie-4.5-0.3b') },
    { what: 'ernie4_5_moe num_key_value_heads', source: 'ernie4_5_moe/configuration_ernie4_5_moe.py @ 001f85b', key: 'num_key_value_heads', value: 4, left: edit('ernie-4.5-21b-a3b', ['num_key_value_heads']), given: load('ernie-4.5-21b-a3b') },
    // Ernie4_5_MoeConfig moe_num_shared_experts 2 = ERNIE-4.5-21B-A3B's own (old: none, 27 × 2 × 3·2560·1536 fewer).
    { what: 'ernie4_5_moe moe_num_shared_experts', source: 'ernie4_5_moe/configuration_ernie4_5_moe.py @ 001f85b', key: 'moe_num_shared_experts', value: 2, left: edit('ernie-4.5-21b-a3b', ['moe_num_shared_experts']), given: load('ernie-4.5-21b-a3b') },
    // Olmo3Config sliding_window 4096 = OLMo-3-7B's own, its layer_types (3 sliding, 1 full) then the class's pattern: 7,298,011,136.
    { what: 'olmo3 sliding_window', source: 'olmo3/configuration_olmo3.py @ 008e574', key: 'sliding_window', value: 4096, left: edit('olmo-3-7b', ['sliding_window', 'layer_types']), given: edit('olmo-3-7b', ['layer_types']), total: 7_298_011_136 },
    // Exaone4Config sliding_window 4096 = EXAONE-4.0-32B's own; num_key_value_heads 32 (its 40 heads are no multiple of 32: 64).
    { what: 'exaone4 sliding_window', source: 'exaone4/configuration_exaone4.py @ 008e574', key: 'sliding_window', value: 4096, left: edit('exaone-4.0-32b', ['sliding_window']), given: load('exaone-4.0-32b') },
    { what: 'exaone4 num_key_value_heads', source: 'exaone4/configuration_exaone4.py @ 008e574', key: 'num_key_value_heads', value: 32, left: edit('exaone-4.0-32b', ['num_key_value_heads'], { num_attention_heads: 64 }), given: edit('exaone-4.0-32b', [], { num_attention_heads: 64, num_key_value_heads: 32 }) },
    // Dots1Config num_key_value_heads 32 (dots.llm1's 32 heads too: 64 tell them apart); max_window_layers 62 with a window
    // and 64 layers: layers 62 and 63 slide (old: num_hidden_layers, none).
    { what: 'dots1 num_key_value_heads', source: 'dots1/configuration_dots1.py @ 008e574', key: 'num_key_value_heads', value: 32, left: edit('dots.llm1.inst', ['num_key_value_heads'], { num_attention_heads: 64 }), given: edit('dots.llm1.inst', [], { num_attention_heads: 64, num_key_value_heads: 32 }) },
    { what: 'dots1 max_window_layers', source: 'dots1/configuration_dots1.py @ 008e574', key: 'max_window_layers', value: 62, left: edit('dots.llm1.inst', ['max_window_layers'], { num_hidden_layers: 64, sliding_window: 4096 }), given: edit('dots.llm1.inst', [], { num_hidden_layers: 64, sliding_window: 4096, max_window_layers: 62 }) },
    // StableLmConfig num_key_value_heads 32 = StableLM-3B-4E1T's 32 heads: 64 heads (of 2560 / 64 = 40) tell them apart.
    { what: 'stablelm num_key_value_heads', source: 'stablelm/configuration_stablelm.py @ 05cd1ec', key: 'num_key_value_heads', value: 32, left: edit('stablelm-3b-4e1t', ['num_key_value_heads'], { num_attention_heads: 64 }), given: edit('stablelm-3b-4e1t', [], { num_attention_heads: 64, num_key_value_heads: 32 }) },
  ] as { what: string; source: string; key: string; value: number; left: Json; total?: number; given?: Json }[])('$what', ({ source, key, value, left, total, given }) => {
    const m = fromHfConfig(left, 'c.json');
    if (total !== undefined) expect(count(m)).toBe(total);
    if (given !== undefined) expect(withoutNotes(m)).toEqual(withoutNotes(fromHfConfig(given, 'c.json')));
    const note = m.assumptions?.find((a) => a.startsWith('not in the config, so its type\'s defaults'));
    expect(note).toContain(`(transformers src/transformers/models/${source}`);
    expect(note).toMatch(new RegExp(`: (.*, )?(text_config\\.)?${key} ${value.toLocaleString('en-US')}(, |\\.$)`));
  });

  // An explicit null is the class's None: num_attention_heads, never the signature's value (Qwen2Config's __post_init__).
  // Without use_sliding_window the class's window is not used, and not noted (Qwen2.5-72B's file: false).
  it('qwen2: no window and no note without use_sliding_window', () => {
    const m = fromHfConfig(edit('qwen2.5-72b', ['sliding_window']), 'c.json');
    expect(m.sliding_window).toBeUndefined();
    expect((m.assumptions ?? []).join('\n')).not.toMatch(/sliding_window 4,096/);
  });

  it.each([['qwen2.5-72b', 64], ['mixtral-8x7b', 32], ['qwen2-57b-a14b', 28]] as const)('%s: num_key_value_heads null is num_attention_heads', (name, heads) => {
    expect(fromHfConfig(edit(name, [], { num_key_value_heads: null }), 'c.json').kv_heads).toBe(heads);
  });
});

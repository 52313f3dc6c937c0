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

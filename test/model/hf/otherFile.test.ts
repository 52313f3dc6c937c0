/**
 * src/model/hf/otherFile.ts: a model repository's other files given where its config.json goes (hf35). Each was
 * "model_type: required string is missing; supported: gpt2, gpt_neox, ..." (the whole list) with the hint "is this a
 * transformers config.json?", which names neither the file nor the one to give; fails on the old code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HF_ACCEPTED_TYPES } from '../../../src/model/hf.js';
import { typeOfArchitecture } from '../../../src/model/hf/otherFile.js';
import { fromHfConfig, thrownInputError } from '../../helpers.js';

const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;

describe('a repository\'s other JSON files are named, with the file to give', () => {
  it.each([
    {
      what: 'model.safetensors.index.json',
      file: { metadata: { total_size: 16_060_522_496 }, weight_map: { 'lm_head.weight': 'model-00004-of-00004.safetensors', 'model.embed_tokens.weight': 'model-00001-of-00004.safetensors' } },
      message: 'this is a sharded checkpoint\'s index (keys weight_map), not a model\'s config.json',
      hint: /^pass the config\.json from the same model repository .*weight_map says which file holds each tensor.*metadata\.total_size/,
    },
    {
      what: 'generation_config.json (transformers GenerationConfig.to_json_file)',
      file: { _from_model_config: true, bos_token_id: 128_000, eos_token_id: 128_001, transformers_version: '4.40.0.dev0' },
      message: 'this is a generation_config.json of decoding settings (keys _from_model_config), not a model\'s config.json',
      hint: /^pass the config\.json from the same model repository/,
    },
    {
      what: 'generation_config.json written by hand (decoding keys only)',
      file: { do_sample: true, temperature: 0.6, top_p: 0.9 },
      message: 'this is a generation_config.json of decoding settings (keys do_sample, temperature, top_p), not a model\'s config.json',
      hint: /^pass the config\.json/,
    },
    {
      what: 'tokenizer_config.json',
      file: { add_bos_token: true, bos_token: '<s>', eos_token: '</s>', model_max_length: 1e30, tokenizer_class: 'LlamaTokenizer' },
      message: 'this is a tokenizer_config.json of the tokenizer\'s settings (keys tokenizer_class, model_max_length), not a model\'s config.json',
      hint: /^pass the config\.json/,
    },
    {
      what: 'a LoRA adapter_config.json (peft)',
      file: { base_model_name_or_path: 'meta-llama/Meta-Llama-3-8B', bias: 'none', lora_alpha: 16, lora_dropout: 0.05, peft_type: 'LORA', r: 8, target_modules: ['q_proj', 'v_proj'], task_type: 'CAUSAL_LM' },
      // review35: no value of the file is echoed (input/fileKind.ts's rule): its base_model_name_or_path was.
      message: 'this is a PEFT adapter\'s adapter_config.json (keys peft_type, base_model_name_or_path, target_modules, lora_alpha), not a model\'s config.json',
      hint: /^pass the config\.json of the base model \(the repository its base_model_name_or_path names\): flopcast counts training the whole model/,
    },
    {
      what: 'params.json (mistral-inference\'s format, shipped beside config.json in Mistral\'s repositories)',
      file: { dim: 4096, n_layers: 32, head_dim: 128, hidden_dim: 14336, n_heads: 32, n_kv_heads: 8, norm_eps: 1e-5, vocab_size: 32768, rope_theta: 1_000_000.0 },
      message: 'this is a params.json, Meta\'s and Mistral\'s own checkpoint format (keys dim, n_layers, n_heads, n_kv_heads), not a model\'s config.json',
      hint: /^pass the repository's config\.json .* layers from n_layers, d_model from dim/,
    },
    {
      what: 'torch_dtype alone',
      file: { torch_dtype: 'bfloat16' },
      message: 'not a model\'s config.json: it has none of the keys one is written with (model_type, architectures, hidden_size, num_hidden_layers); its keys: torch_dtype',
      hint: /^pass the model repository's config\.json/,
    },
  ])('$what', ({ file, message, hint }) => {
    const e = thrownInputError(() => fromHfConfig(file, 'x.json'));
    expect(e.message).toBe(message);
    expect(e.details.hint).toMatch(hint);
    for (const v of Object.values(file)) if (typeof v === 'string') expect(`${e.message} ${e.details.hint}`).not.toContain(v);
    // A whole file's problem: no line of it is the cause.
    expect(e.details.line).toBeUndefined();
  });

  it('a config.json of transformers 3.x, its generation keys beside its own, is still read (model_type given)', () => {
    const old = { ...load('gpt2'), do_sample: false, max_length: 20, top_k: 50, temperature: 1.0 };
    expect(fromHfConfig(old, 'gpt2.json')).toMatchObject({ layers: 12, d_model: 768 });
  });

  it('a config.json whose dtype is torch_dtype only (or transformers 5\'s dtype) counts as before: neither is read', () => {
    const { torch_dtype: _t, ...bare } = load('meta-llama-3-8b');
    void _t;
    expect(fromHfConfig({ ...bare, torch_dtype: 'float32' }, 'l.json')).toEqual(fromHfConfig(load('meta-llama-3-8b'), 'l.json'));
    expect(fromHfConfig({ ...bare, dtype: 'bfloat16' }, 'l.json')).toEqual(fromHfConfig(load('meta-llama-3-8b'), 'l.json'));
  });
});

describe('architectures without model_type: the type to add', () => {
  it('a config.json whose model_type was deleted is told the type its architectures class is built from', () => {
    const { model_type: _m, ...noType } = load('meta-llama-3-8b');
    void _m;
    const e = thrownInputError(() => fromHfConfig(noType, 'l.json'));
    expect(e.details.keyPath).toBe('model_type');
    expect(e.message).toMatch(/^required string is missing \(architectures says LlamaForCausalLM\)/);
    expect(e.details.hint).toBe('add "model_type": "llama", the type LlamaForCausalLM is built from: transformers reads no type from architectures either');
  });

  it.each([
    ['LlamaForCausalLM', 'llama'], ['Qwen3MoeForCausalLM', 'qwen3_moe'], ['GPT2LMHeadModel', 'gpt2'], ['GPTNeoXForCausalLM', 'gpt_neox'],
    ['MiniCPMForCausalLM', 'minicpm'], ['DeepseekV3ForCausalLM', 'deepseek_v3'], ['Phi3ForCausalLM', 'phi3'],
    // No type of that name (Gemma3ForCausalLM is gemma3_text's class), or no class suffix: no guess.
    ['Gemma3ForCausalLM', undefined], ['Llama', undefined], ['ForCausalLM', undefined],
  ])('%s → %s', (architecture, type) => {
    expect(typeOfArchitecture(architecture, HF_ACCEPTED_TYPES)).toBe(type);
  });
});

// review35: a config.json missing its model_type that carries a decoding key (`temperature`, as transformers 3.x configs and
// hand-edited ones do) was told "this is a generation_config.json": `architectures` is a config's key, in the one list
// (input/fileKind.ts CONFIG_KEYS) every repository file is vetoed by; it is told the model_type to add.
describe('a config with architectures and a decoding key', () => {
  it('is a config missing its model_type, not a generation_config.json', () => {
    const e = thrownInputError(() => fromHfConfig({ architectures: ['LlamaForCausalLM'], temperature: 0.7 }, 'c.json'));
    expect(e.message).toMatch(/^required string is missing \(architectures says LlamaForCausalLM\)/);
    expect(e.details.hint).toBe('add "model_type": "llama", the type LlamaForCausalLM is built from: transformers reads no type from architectures either');
  });
});

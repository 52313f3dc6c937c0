/**
 * src/model/hf/aliases.ts: the hub spellings built as another type, each by the builder of that type it is given, and the
 * two that add a note of their own. Expectations from the sources its comments cite (transformers' CONFIG_MAPPING_NAMES,
 * the modular_*.py files, the Phi-3-vision remote code), with stub builders that say which was called.
 */
import { describe, expect, it } from 'vitest';
import { hubAliases } from '../../../src/model/hf/aliases.js';
import type { Body, Builder } from '../../../src/model/hf/common.js';
import type { HfConfig } from '../../../src/model/hf/read.js';

/** A builder that returns its own name as the body, so a test sees which one built. */
const stub = (name: string): Builder => () => name as unknown as Body;
const BUILDERS: Record<string, Builder> = Object.fromEntries(['qwen2', 'qwen3', 'qwen3_moe', 'gpt2', 'mistral', 'phi3', 'llama'].map((t) => [t, stub(t)]));
/** A config with `raw`'s keys, as a builder reads nested mappings (read.ts HfConfig.mapping). */
const config = (raw: Record<string, unknown>): HfConfig => ({ mapping: (k: string) => raw[k] ?? undefined }) as unknown as HfConfig;

const aliases = hubAliases(BUILDERS);

describe('hubAliases: each spelling and the type it is built as', () => {
  it.each<[string, string, string | undefined]>([
    // transformers' CONFIG_MAPPING_NAMES: gpt-sw3 is GPT2Config, code_llama LlamaConfig.
    ['gpt-sw3', 'gpt2', 'gpt2'],
    ['code_llama', 'llama', 'llama'],
    // Qwen2-VL's and Qwen2.5-VL's language model is Qwen2's, top-level or as the *_text type.
    ['qwen2_vl', 'qwen2', 'qwen2'],
    ['qwen2_5_vl', 'qwen2', 'qwen2'],
    ['qwen2_vl_text', 'qwen2', 'qwen2'],
    ['qwen2_5_vl_text', 'qwen2', 'qwen2'],
    // Qwen3-VL's: Qwen3's and Qwen3-MoE's.
    ['qwen3_vl_text', 'qwen3', 'qwen3'],
    ['qwen3_vl_moe_text', 'qwen3_moe', 'qwen3_moe'],
    // Ministral and Ministral 3: Mistral's layers.
    ['ministral', 'mistral', 'mistral'],
    ['ministral3', 'mistral', 'mistral'],
    // Phi-3-vision: Phi-3's model.
    ['phi3_v', 'phi3', 'phi3'],
    // Falcon's original remote-code names, built by older.ts falcon (not a builder of the table).
    ['RefinedWeb', 'falcon', undefined],
    ['RefinedWebModel', 'falcon', undefined],
  ])('%s is built as %s', (alias, type, builtBy) => {
    const a = aliases[alias]!;
    expect(a.type).toBe(type);
    if (builtBy !== undefined) expect(a.builder(config({}), [])).toBe(builtBy);
  });

  it('no other spelling, in the order an unsupported type\'s message lists them', () => {
    expect(Object.keys(aliases)).toEqual(['RefinedWeb', 'RefinedWebModel', 'qwen2_vl', 'qwen2_5_vl', 'qwen2_vl_text', 'qwen2_5_vl_text', 'qwen3_vl_text', 'qwen3_vl_moe_text', 'gpt-sw3', 'ministral', 'ministral3', 'phi3_v', 'code_llama']);
  });
});

describe('the aliases that add a note', () => {
  // Ministral 3's Llama-4 query scale (rope_parameters.llama_4_scaling_beta): element-wise, no FLOPs of a matrix product.
  it.each<[string, Record<string, unknown>, string[]]>([
    ['ministral3 with a scaling beta', { rope_parameters: { llama_4_scaling_beta: 0.1 } }, ['rope_parameters.llama_4_scaling_beta (0.1): Llama 4\'s position-dependent query scale is element-wise, no parameters and no matrix product.']],
    ['ministral3 with beta 0', { rope_parameters: { llama_4_scaling_beta: 0 } }, []],
    ['ministral3 without rope_parameters', {}, []],
  ])('%s', (_, raw, notes) => {
    const written: string[] = [];
    expect(aliases.ministral3!.builder(config(raw), written)).toBe('mistral');
    expect(written).toEqual(notes);
  });
  // Phi-3-vision's vision encoder and projection (embd_layer, img_processor) are not counted: said where the file has them.
  const PHI3_V = 'a "phi3_v" config: its language model (the top-level keys, Phi-3\'s layers) is counted; the CLIP vision encoder (img_processor) and the image projection (embd_layer) are not.';
  it.each<[string, Record<string, unknown>, string[]]>([
    ['phi3_v with embd_layer', { embd_layer: { embedding_cls: 'image' } }, [PHI3_V]],
    ['phi3_v with img_processor', { img_processor: { name: 'clip_vision_model' } }, [PHI3_V]],
    ['phi3_v with neither', {}, []],
  ])('%s', (_, raw, notes) => {
    const written: string[] = [];
    expect(aliases.phi3_v!.builder(config(raw), written)).toBe('phi3');
    expect(written).toEqual(notes);
  });
});

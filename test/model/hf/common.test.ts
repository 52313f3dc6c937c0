/**
 * The importers' shared sliding-window rules (src/model/hf/common.ts slidingWindow, periodicLayerTypes, windowOn):
 * each family's layers as its config class builds them, however few, and no window where no layer slides.
 * test/fixtures/hf/README.md says where each fixture is from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countFlops } from '../../../src/flops/count.js';
import { fromHfConfig } from '../../../src/model/hf.js';
import { thrownInputError } from '../../helpers.js';
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

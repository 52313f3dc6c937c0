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

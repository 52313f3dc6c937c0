import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHfConfig } from '../../../src/model/hf.js';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';

// CohereForAI/c4ai-command-r-v01 (test/fixtures/hf/README.md says where the fixture is from).
const CMDR = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', 'command-r-v01.json'), 'utf8')) as Record<string, unknown>;
const count = (m: ModelInput) => countParams(toArchitecture(ModelSchema.parse(m)));

describe('cohere (CohereForCausalLM, modular_cohere.py)', () => {
  it('Command R: a parallel block behind one bias-free LayerNorm, a gated MLP, a tied head; counted by hand', () => {
    const m = fromHfConfig(CMDR, 'command-r-v01.json');
    expect(m).toMatchObject({ parallel_block: true, block_norms: 1, norm: 'rmsnorm', ffn: 'swiglu', tied_embeddings: true, d_ff: 22528 });
    expect(m.assumptions).toEqual(['CohereLayerNorm is a LayerNorm without a bias: its weight, d per norm, is counted as an RMSNorm\'s (norm: rmsnorm), the same parameters.']);
    // Per layer q, k, v, o 4·8192², gate/up/down 3·8192·22528, input_layernorm 8192; the 256,000 × 8192
    // embedding (tied); the final norm.
    expect(count(m).total).toBe(40 * (4 * 8192 ** 2 + 3 * 8192 * 22528 + 8192) + 256_000 * 8192 + 8192);
  });

  it('use_qk_norm: a weight per head and head dimension over q (heads × head_dim) and k (kv_heads × head_dim)', () => {
    const base = count(fromHfConfig({ ...CMDR, num_key_value_heads: 8 }, 'c.json')).total;
    const m = fromHfConfig({ ...CMDR, num_key_value_heads: 8, use_qk_norm: true }, 'c.json');
    expect(m.qk_norm).toBe('full');
    expect(count(m).total - base).toBe(40 * (64 + 8) * 128);
  });
});

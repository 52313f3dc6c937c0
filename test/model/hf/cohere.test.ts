import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';
import { modelFromText } from '../../../src/model/text.js';
import { fromHfConfig, thrownInputError } from '../../helpers.js';

// CohereForAI/c4ai-command-r-v01 (test/fixtures/hf/README.md says where the fixture is from).
const CMDR = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', 'command-r-v01.json'), 'utf8')) as Record<string, unknown>;
const count = (m: ModelInput) => countParams(toArchitecture(ModelSchema.parse(m)));
// CohereLabs/tiny-aya-global, a cohere2 file (test/fixtures/hf/README.md).
const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;

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

describe('cohere2 (Cohere2ForCausalLM: Command R7B, Command A, Tiny Aya)', () => {
  const m = fromHfConfig(load('tiny-aya-global'), 'test/fixtures/hf/tiny-aya-global.json');

  it('CohereLabs/tiny-aya-global: one norm per parallel block, no q/k norm, three sliding layers of 4096 then one NoPE global, tied', () => {
    expect(m).toMatchObject({ layers: 36, d_model: 2048, heads: 16, kv_heads: 4, d_ff: 11008, parallel_block: true, block_norms: 1, norm: 'rmsnorm', tied_embeddings: true, sliding_window: 4096 });
    expect(m.qk_norm).toBeUndefined();
    expect(m.layer_types).toEqual(Array.from({ length: 36 }, (_, i) => ((i + 1) % 4 === 0 ? 'full_attention' : 'sliding_attention')));
    expect(m.assumptions).toContain('the full_attention layers use no positional encoding (NoPE): no parameters and no matrix product.');
  });

  it('3,349,227,520 parameters, as a public re-implementation prints them after loading the checkpoint, and the by-hand sum', () => {
    // Per layer q, o 2048² each, k, v 2048·512 each, 3·2048·11008, one CohereLayerNorm weight 2048; one 262,144 × 2048
    // table (tied); the final norm.
    const layer = 2 * 2048 ** 2 + 2 * 2048 * 512 + 3 * 2048 * 11008 + 2048;
    expect(count(m).total).toBe(36 * layer + 262_144 * 2048 + 2048);
    expect(count(m).total).toBe(3_349_227_520);
  });

  it('builds the pattern from sliding_window_pattern (Cohere2Config default 4) and the window from its default 4096', () => {
    const { layer_types: _lt, sliding_window: _sw, ...rest } = load('tiny-aya-global');
    void _lt;
    void _sw;
    const old = fromHfConfig({ ...rest, sliding_window_pattern: 4 }, 'c.json');
    expect(old.sliding_window).toBe(4096);
    expect(old.layer_types).toEqual(['sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention']);
    expect(old.assumptions?.join('\n')).toContain('sliding_window 4,096');
    expect(count(old).total).toBe(3_349_227_520);
    expect(fromHfConfig({ ...load('tiny-aya-global'), sliding_window: null }, 'c.json').sliding_window).toBeUndefined();
  });

  it('ignores use_qk_norm as Cohere2Attention does, and refuses a head_dim Cohere2Config would override', () => {
    // Cohere2Config has no use_qk_norm field (modular_cohere2.py): the key is not read, so no value of it is refused
    // (null and text were, as a boolean the type never reads).
    for (const v of [true, null, 'yes']) {
      const n = fromHfConfig({ ...load('tiny-aya-global'), use_qk_norm: v }, 'c.json');
      expect(n.qk_norm).toBeUndefined();
      expect(count(n).total).toBe(3_349_227_520);
    }
    const text = JSON.stringify({ ...load('tiny-aya-global'), head_dim: 256 }, null, 2);
    const e = thrownInputError(() => modelFromText(text, 'c.json', 'c'));
    expect(e.details.keyPath).toBe('head_dim');
    expect(e.message).toBe('head_dim 256 is not read by transformers\' Cohere2Config, which sets head_dim = hidden_size // num_attention_heads = 128');
    expect({ line: e.details.line, col: e.details.col }).toEqual({ line: text.split('\n').findIndex((l) => l.startsWith('  "head_dim":')) + 1, col: 3 });
  });
});

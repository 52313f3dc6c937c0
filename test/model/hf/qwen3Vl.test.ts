import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';
import { modelFromText } from '../../../src/model/text.js';
import { fromHfConfig, thrownInputError } from '../../helpers.js';

// The language models of qwen3_vl and qwen3_vl_moe configs (src/model/hf.ts ALIASES, TEXT_TYPE_OF); test/fixtures/hf/README.md
// says where each fixture and count is from.
const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;
const count = (m: ModelInput) => countParams(toArchitecture(ModelSchema.parse(m)));

/**
 * Qwen3VLVisionModel's parameters by hand (modeling_qwen3_vl.py): patch_embed Conv3d(3, h, (2, 16, 16)) with bias, a
 * 2304 × h position table, `depth` blocks of two LayerNorms, a biased qkv (h → 3h), proj and the 2-matrix MLP, the merger
 * (LayerNorm over h, then 4h → 4h → out with biases) and three DeepStack mergers (the same, their LayerNorm over 4h).
 */
function visionTower(depth: number, h: number, inner: number, out: number): number {
  const block = 2 * 2 * h + (h * 3 * h + 3 * h) + (h * h + h) + (h * inner + inner) + (inner * h + h);
  const merged = 4 * h;
  const merger = (norm: number) => 2 * norm + (merged * merged + merged) + (merged * out + out);
  return 3 * 2 * 16 * 16 * h + h + 2304 * h + depth * block + merger(h) + 3 * merger(merged);
}

describe('qwen3_vl (Qwen3VLForConditionalGeneration): the language model of its text_config', () => {
  const m = fromHfConfig(load('qwen3-vl-8b-instruct'), 'test/fixtures/hf/qwen3-vl-8b-instruct.json');

  it('Qwen/Qwen3-VL-8B-Instruct: Qwen3\'s modules (per-head q/k norms, no biases), the head untied, the vision tower named and left out', () => {
    expect(m).toMatchObject({ layers: 36, d_model: 4096, heads: 32, kv_heads: 8, d_head: 128, d_ff: 12288, ffn: 'swiglu', qk_norm: 'head', tied_embeddings: false, vocab: 151936, seq_len: 262144 });
    expect(m.bias).toBeUndefined();
    expect(m.assumptions?.join('\n')).toContain('the vision encoder and the multimodal projector (vision_config) are not');
  });

  it('8,190,735,360 parameters: the checkpoint\'s 8,767,123,696 less its published 576,388,336-parameter vision model, and by hand', () => {
    // The hub's safetensors total at revision 0c351dd0 and the vision tower a public loader reads from the same snapshot
    // (test/fixtures/hf/README.md); the by-hand tower agrees with it to the unit.
    expect(visionTower(27, 1152, 4304, 4096)).toBe(576_388_336);
    expect(count(m).total).toBe(8_767_123_696 - 576_388_336);
    const layer = 2 * 4096 ** 2 + 2 * 4096 * 1024 + 2 * 128 + 3 * 4096 * 12288 + 2 * 4096;
    expect(count(m).total).toBe(36 * layer + 2 * 151_936 * 4096 + 4096);
  });

  it('refuses a file without text_config at text_config (Qwen3VLConfig has no flat layout), and builds any text_config as qwen3_vl_text', () => {
    const { text_config: _t, ...flat } = load('qwen3-vl-8b-instruct');
    void _t;
    const e = thrownInputError(() => modelFromText(JSON.stringify(flat, null, 2), 'q.json', 'q'));
    expect(e.details.keyPath).toBe('text_config');
    expect(e.message).toMatch(/^required mapping is missing/);
    const relabelled = load('qwen3-vl-8b-instruct');
    (relabelled.text_config as Record<string, unknown>).model_type = 'llama';
    const r = fromHfConfig(relabelled, 'q.json');
    expect(r.qk_norm).toBe('head');
    expect(r.assumptions?.join('\n')).toContain('is not read: a "qwen3_vl" config builds its language model as qwen3_vl_text');
  });
});

describe('qwen3_vl_moe (Qwen3VLMoeForConditionalGeneration): the language model of its text_config', () => {
  const m = fromHfConfig(load('qwen3-vl-30b-a3b-instruct'), 'test/fixtures/hf/qwen3-vl-30b-a3b-instruct.json');

  it('Qwen/Qwen3-VL-30B-A3B-Instruct: Qwen3-MoE\'s modules, 128 experts of 768, 8 per token, no shared expert', () => {
    expect(m).toMatchObject({ layers: 48, d_model: 2048, heads: 32, kv_heads: 4, d_head: 128, qk_norm: 'head', tied_embeddings: false, vocab: 151936 });
    expect(m.moe).toMatchObject({ experts: 128, top_k: 8, d_ff_expert: 768 });
  });

  it('30,532,122,624 parameters: the checkpoint\'s published 31,070,754,032 less its vision tower by hand (Qwen3-VL-8B\'s but for a 2048-wide output)', () => {
    expect(count(m).total).toBe(31_070_754_032 - visionTower(27, 1152, 4304, 2048));
    const layer = 2 * 2048 * 4096 + 2 * 2048 * 512 + 2 * 128 + 2048 * 128 + 128 * 3 * 2048 * 768 + 2 * 2048;
    expect(count(m).total).toBe(48 * layer + 2 * 151_936 * 2048 + 2048);
  });
});

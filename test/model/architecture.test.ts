/**
 * Sliding-window and chunked layer counts: the pattern repeated from layer 0, counted by hand; depth does not
 * change the cost of counting. MoE layers: the one rule against transformers' own (configuration_llama4.py).
 */
import { describe, expect, it } from 'vitest';
import { BIAS_KINDS, FFN_KINDS, NORM_KINDS, POSITION_KINDS, QK_NORM_KINDS, isMoeLayer, layerCounts, moeLayersBelow, moeLayersPerRank, layerTypeCount, type LayerType } from '../../src/model/architecture.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../src/model/schema.js';
import { loadedShapes } from '../../src/library/loaded.js';
import type { z } from 'zod';

const S: LayerType = 'sliding_attention';
const F: LayerType = 'full_attention';
const GEMMA3: LayerType[] = [S, S, S, S, S, F];

describe('layerTypeCount', () => {
  it.each([
    ['GPT-OSS-120B: 36 layers alternating from a sliding one', 36, [S, F], 18],
    ['odd depth, alternating: the extra layer slides', 37, [S, F], 19],
    ['Gemma 3 pattern over 5 layers: all five slide', 5, GEMMA3, 5],
    ['Gemma 3 pattern over 7 layers: 5, then the next repeat starts sliding', 7, GEMMA3, 6],
    ['Gemma 3 pattern over 62 layers: 10 repeats (50) and 2 more', 62, GEMMA3, 52],
    ['every layer slides (Mistral)', 32, [S], 32],
    ['no layer slides', 3, [F], 0],
    ['a per-layer list as long as the model', 4, [F, F, S, S], 2],
    ['a hostile depth (1e12 layers) is counted, not looped over', 1e12, [S, F], 5e11],
    ['and one more layer', 1e12 + 1, [S, F], 5e11 + 1],
  ] as const)('%s', (_, layers, pattern, sliding) => expect(layerTypeCount(layers, pattern)).toBe(sliding));
});

describe('layerTypeCount of chunked layers', () => {
  const C: LayerType = 'chunked_attention';
  it.each([
    ['Llama 4: three chunked, one global, over 48 layers', 48, [C, C, C, F], 36],
    ['over 50 layers: 12 repeats and two more chunked', 50, [C, C, C, F], 38],
    ['a sliding and chunked pattern counts only the chunked entries', 8, [S, C, F, C], 4],
  ] as const)('%s', (_, layers, pattern, chunked) => expect(layerTypeCount(layers, pattern, C)).toBe(chunked));
});

/**
 * transformers Llama4TextConfig.__post_init__: moe_layers = list(range(interleave_moe_layer_step - 1,
 * num_hidden_layers, interleave_moe_layer_step)); DeepSeek-style dense layers first (first_k_dense_replace):
 * layer i is MoE when i >= k. Written out here layer by layer, independently of the closed form.
 */
function transformersMoeLayers(layers: number, step: number, firstDense = 0): number[] {
  const out: number[] = [];
  for (let i = step - 1; i < layers; i += step) if (i >= firstDense) out.push(i);
  return out;
}

describe('MoE layers: isMoeLayer, moeLayersBelow', () => {
  it.each([
    ['Llama 4 Scout: every layer (step 1)', 48, 1, 0],
    ['Llama 4 Maverick: every other layer from layer 1 (step 2)', 48, 2, 0],
    ['an odd depth with step 2', 47, 2, 0],
    ['step 3', 20, 3, 0],
    ['DeepSeek-V3: 3 dense layers, then every layer', 61, 1, 3],
  ] as const)('%s', (_, layers, every, dense) => {
    const moe = { denseLayers: dense, every };
    const expected = transformersMoeLayers(layers, every, dense);
    expect(Array.from({ length: layers }, (_, i) => i).filter((i) => isMoeLayer(moe, i))).toEqual(expected);
    for (let n = 0; n <= layers; n++) expect(moeLayersBelow(moe, n)).toBe(expected.filter((i) => i < n).length);
  });

  it('counts a hostile depth in closed form', () => expect(moeLayersBelow({ denseLayers: 0, every: 2 }, 1e12 + 1)).toBe(5e11));
});

describe('layerCounts and moeLayersPerRank', () => {
  const BASE: ModelInput = { layers: 48, d_model: 64, heads: 4, d_ff: 256, vocab: 100, seq_len: 128, ffn: 'swiglu', moe: { experts: 8, top_k: 1, d_ff_expert: 128 } };
  const arch = (moe: Partial<NonNullable<ModelInput['moe']>>) => toArchitecture(ModelSchema.parse({ ...BASE, moe: { ...BASE.moe!, ...moe } }));

  it.each([
    ['Maverick-like: 24 MoE and 24 dense layers', { every: 2 }, { dense: 24, moe: 24 }],
    ['every layer MoE', {}, { dense: 0, moe: 48 }],
    ['3 dense layers, then every other: (4, 6, …, 48) are i + 1 for MoE layers 3, 5, …, 47', { dense_layers: 3, every: 2 }, { dense: 25, moe: 23 }],
  ] as const)('%s', (_, moe, counts) => expect(layerCounts(arch(moe))).toEqual(counts));

  it.each([
    // The busiest rank's MoE layers under the even split, checked against the transformers list placed as Megatron-Core
    // places chunks (chunk k of ⌈L/(pp·v)⌉ consecutive layers on rank k mod pp).
    ['every other layer, pp 4: stages of 12', { every: 2 }, 4, 1],
    ['every other layer, pp 4 × vp 4: chunks of 3, a rank\'s chunks all start on layers of one parity (8 of 12)', { every: 2 }, 4, 4],
    ['every other layer, pp 2 × vp 12: chunks of 2', { every: 2 }, 2, 12],
    ['every other layer, pp 7: stages of 7 (the last shorter)', { every: 2 }, 7, 1],
    ['every third layer, pp 8 × vp 2: chunks of 3', { every: 3 }, 8, 2],
    ['3 dense layers then every other, pp 16', { dense_layers: 3, every: 2 }, 16, 1],
    ['every layer: the stage size', {}, 4, 2],
  ] as const)('%s', (_, moe, pp, v) => {
    const a = arch(moe);
    const list = new Set(transformersMoeLayers(48, a.moe!.every, a.moe!.denseLayers));
    const chunk = Math.ceil(48 / (pp * v));
    let most = 0;
    for (let r = 0; r < pp; r++) {
      let n = 0;
      for (let i = 0; i < 48; i++) if (Math.floor(i / chunk) % pp === r && list.has(i)) n++;
      most = Math.max(most, n);
    }
    if (moe === undefined || !('every' in moe)) expect(most).toBe(Math.ceil(48 / pp)); // every layer MoE: the stage size
    expect(moeLayersPerRank(a, pp, v)).toBe(most);
  });

  it.each([
    // zb-v's V (schedules.ts placesInV): chunk k of 48/(2pp) on rank k for k < pp, on rank 2pp − 1 − k after, checked
    // against the transformers list placed so; Megatron's placement (chunk k on rank k mod pp) given beside it.
    ['every other layer, pp 8: chunks of 3, one of each parity a rank (3 MoE layers), Megatron\'s 4', { every: 2 }, 8, 3, 4],
    ['every other layer, pp 4: chunks of 6', { every: 2 }, 4, 6, 6],
    ['every third layer, pp 8: chunks of 3', { every: 3 }, 8, 2, 2],
    ['3 dense layers then every other, pp 8', { dense_layers: 3, every: 2 }, 8, 3, 4],
  ] as const)('in the V: %s', (_, moe, pp, inV, megatron) => {
    const a = arch(moe);
    const list = new Set(transformersMoeLayers(48, a.moe!.every, a.moe!.denseLayers));
    const chunk = 48 / (2 * pp);
    const held = new Array<number>(pp).fill(0);
    for (let i = 0; i < 48; i++) {
      const k = Math.floor(i / chunk);
      if (list.has(i)) held[k < pp ? k : 2 * pp - 1 - k]!++;
    }
    expect(Math.max(...held)).toBe(inV);
    expect(moeLayersPerRank(a, pp, 2, undefined, true)).toBe(inV);
    expect(moeLayersPerRank(a, pp, 2)).toBe(megatron);
  });
});

// review fix4 (one rule, one place): the model file schema and the check of a library loader's Architecture
// (library/loaded.ts) each wrote these enums out; both now read architecture.ts's lists. The file's bias is
// written true/false/qkv and turned into a BiasKind, so only the loader's shape takes BIAS_KINDS.
describe('the kind lists are the ones the schema and the loader check read', () => {
  const options = (schema: z.ZodType | undefined): readonly string[] | undefined => {
    let s = schema as { _zod: { def: { type: string; innerType?: z.ZodType } }; options?: readonly string[] } | undefined;
    while (s && s._zod.def.type !== 'enum') s = s._zod.def.innerType as typeof s;
    return s?.options;
  };
  it.each([
    ['ffn', 'ffn', FFN_KINDS],
    ['norm', 'norm', NORM_KINDS],
    ['position', 'position', POSITION_KINDS],
    ['qk_norm', 'qkNorm', QK_NORM_KINDS],
    [undefined, 'bias', BIAS_KINDS],
  ] as const)('%s / %s', (fileKey, archKey, list) => {
    expect(list?.length).toBeGreaterThan(1);
    if (fileKey) expect(options(ModelSchema.shape[fileKey])).toEqual(list);
    expect(options(loadedShapes().architecture.shape[archKey])).toEqual(list);
  });
});

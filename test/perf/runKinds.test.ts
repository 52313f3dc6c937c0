import { describe, expect, it } from 'vitest';
import { heldOutBand, kindOf, modelKindFacts, RUN_KINDS, SMALL_MOE_ACTIVE_PARAMS, summariseKinds, type KindFacts } from '../../src/perf/runKinds.js';
import { loadModel } from '../../src/cli/load/model.js';

const base: KindFacts = { split: 'test', family: 'nvidia', model: 'Llama 3 70B', moe: false, activeParams: 70.6e9, clampedGlu: false, fsdp: false, gemmPrecision: 'bf16', capacityPadding: false };

describe('kinds of run: each row in the first kind it fits', () => {
  it.each([
    ['a 2021–23 paper (the calibration set), even an MoE one', { split: 'calibration', moe: true, model: 'DeepSeek-V3' }, 'papers'],
    ['padded MoE on AMD: padding comes before AMD', { family: 'amd', moe: true, capacityPadding: true, model: 'Kimi K2' }, 'padded-moe'],
    ['padding on a dense model is not a kind', { capacityPadding: true }, 'megatron'],
    ['AMD dense FSDP', { family: 'amd', fsdp: true }, 'amd'],
    ['NVFP4 MoE', { gemmPrecision: 'fp4', moe: true, model: 'Qwen3-235B-A22B' }, 'nvfp4'],
    ['GPT-OSS under FSDP: a clamped SwiGLU', { moe: true, fsdp: true, model: 'GPT-OSS-120B', clampedGlu: true, activeParams: 5.1e9 }, 'clamped-glu-moe'],
    ['GPT-OSS-20B: clamped before small', { moe: true, model: 'GPT-OSS-20B', clampedGlu: true, activeParams: 3.6e9 }, 'clamped-glu-moe'],
    ['a clamped SwiGLU on a dense model is not a kind', { clampedGlu: true }, 'megatron'],
    ['Qwen3-30B-A3B: 3.35B active', { moe: true, model: 'Qwen3-30B-A3B', activeParams: 3.35e9 }, 'small-moe'],
    ['the same under any name (a config.json imported from a folder `myq`)', { moe: true, model: 'myq', activeParams: 3.35e9 }, 'small-moe'],
    ['an MoE at the bound is small', { moe: true, activeParams: SMALL_MOE_ACTIVE_PARAMS }, 'small-moe'],
    ['an MoE one parameter past it is not', { moe: true, activeParams: SMALL_MOE_ACTIVE_PARAMS + 1 }, 'moe'],
    ['a small dense model is not a MoE kind', { activeParams: 1e9 }, 'megatron'],
    ['Qwen3-235B-A22B is other MoE', { moe: true, model: 'Qwen3-235B-A22B', activeParams: 22e9 }, 'moe'],
    ['Mixtral on TPU is MoE first', { family: 'tpu', moe: true, model: 'Mixtral 8x7B' }, 'moe'],
    ['dense on TPU', { family: 'tpu' }, 'tpu'],
    ['dense FSDP', { fsdp: true }, 'fsdp'],
    ['everything else: Megatron layouts', {}, 'megatron'],
  ] as const)('%s → %s', (_, over, kind) => {
    expect(kindOf({ ...base, ...over } as KindFacts)).toBe(kind);
  });
});

// The facts a model gives, read from the bundled presets (models/*.yaml) against their published active counts.
// flopcast's active count has the input embedding in it; OpenAI's card leaves it out (its totals, 20.91B and 116.83B,
// are flopcast's), so the GPT-OSS rows add the vocabulary × hidden table, 201,088 × 2,880.
const GPT_OSS_EMBEDDING = 201_088 * 2_880;
describe('kind facts of a model: its shape, not its name', () => {
  it.each([
    ['gpt-oss-20b', true, true, 3.61e9 + GPT_OSS_EMBEDDING, 0.01],   // OpenAI model card (arXiv:2508.10925) Table 1: 3.61B active
    ['gpt-oss-120b', true, true, 5.13e9 + GPT_OSS_EMBEDDING, 0.01],  // the same table: 5.13B active
    ['deepseek-v3', true, false, 37e9, 0.05],       // DeepSeek-V3 report (arXiv:2412.19437): 37B activated
    ['mixtral-8x7b', true, false, 12.9e9, 0.05],    // Mistral AI: 12.9B active
    ['llama-3-8b', false, false, 8.03e9, 0.01],     // Meta: 8.03B
  ])('%s: moe %s, clamped SwiGLU %s, about %d active', (id, moe, clamped, active, tol) => {
    const f = modelKindFacts(loadModel(id));
    expect([f.moe, f.clampedGlu]).toEqual([moe, clamped]);
    expect(Math.abs(f.activeParams / active - 1)).toBeLessThan(tol);
  });
});

describe('summary by kind', () => {
  it('rows, median |error|, median signed error, signed range, within ±15% and rows per accelerator (keys sorted) per kind, in RUN_KINDS order, empty kinds left out', () => {
    const s = summariseKinds([
      { kind: 'fsdp', error: 0.1, gpu: 'h100-sxm', sourceKey: 'a' }, { kind: 'fsdp', error: -0.3, gpu: 'a100-sxm4-80gb', sourceKey: 'b' }, { kind: 'fsdp', error: 0.15, gpu: 'h100-sxm', sourceKey: 'a' },
      { kind: 'papers', error: -0.02, gpu: 'tpu-v4', sourceKey: 'c' },
    ]);
    expect(s.map((k) => k.kind)).toEqual(['papers', 'fsdp']);
    expect(s[1]).toMatchObject({ rows: 3, median_abs_error: 0.15, median_error: 0.1, min_error: -0.3, max_error: 0.15, within_15_percent: 2 });
    expect(s.map((k) => JSON.stringify(k.gpus))).toEqual(['{"tpu-v4":1}', '{"a100-sxm4-80gb":1,"h100-sxm":2}']);
    expect(RUN_KINDS.at(-1)!.test(base)).toBe(true); // the last kind takes every row
  });

  // Percentiles by linear interpolation between order statistics (Hyndman & Fan's definition 7, numpy's default), by hand:
  // sorted errors −0.3, 0.1, 0.15; position (n−1)·p = 0.2 and 1.8 → −0.3 + 0.2·0.4 = −0.22 and 0.1 + 0.8·0.05 = 0.14.
  it.each([
    [[0.1, -0.3, 0.15], -0.22, 0.14],
    [[0.5], 0.5, 0.5],
    [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 1, 9],
    [[-0.5, -0.5, 2], -0.5, 1.5],
  ])('the 10th and 90th percentiles of %j are %d and %d', (errors, p10, p90) => {
    const [k] = summariseKinds(errors.map((error) => ({ kind: 'fsdp', error, gpu: 'h100-sxm', sourceKey: 's' })));
    expect(k!.error_p10).toBeCloseTo(p10, 12);
    expect(k!.error_p90).toBeCloseTo(p90, 12);
  });
});

describe('the band on sources it was not drawn from (leave one source out)', () => {
  // Worked by hand. Source a: errors 0 and 1; source b: 0.1, 0.2, 0.3; source c: 5.
  //   a against b ∪ c = 0.1, 0.2, 0.3, 5: p10 = 0.1 + 0.3·0.1 = 0.13, p90 = 0.3 + 0.7·4.7 = 3.59 → 0 out, 1 in.
  //   b against a ∪ c = 0, 1, 5: p10 = 0.2, p90 = 1 + 0.6·4 = 3.4 → 0.1 out, 0.2 and 0.3 in.
  //   c against a ∪ b = 0, 0.1, 0.2, 0.3, 1: p10 = 0.04, p90 = 0.3 + 0.6·0.7 = 0.72 → 5 out.
  const rows = [[0, 'a'], [1, 'a'], [0.1, 'b'], [0.2, 'b'], [0.3, 'b'], [5, 'c']].map(([error, sourceKey]) => ({ error: error as number, sourceKey: sourceKey as string }));
  it.each([
    ['three sources', rows, { rows: 6, inside: 3 }],
    ['one source: nothing to hold it out against', rows.filter((r) => r.sourceKey === 'b'), { rows: 0, inside: 0 }],
    ['two sources of one row each: each against the other\'s one error', [{ error: 0.2, sourceKey: 'x' }, { error: 0.2, sourceKey: 'y' }], { rows: 2, inside: 2 }],
  ])('%s', (_, rs, expected) => {
    expect(heldOutBand(rs)).toEqual(expected);
  });
});

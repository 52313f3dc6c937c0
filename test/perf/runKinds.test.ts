import { describe, expect, it } from 'vitest';
import { heldOutBand, kindOf, RUN_KINDS, summariseKinds, type KindFacts } from '../../src/perf/runKinds.js';

const base: KindFacts = { split: 'test', family: 'nvidia', model: 'Llama 3 70B', moe: false, fsdp: false, gemmPrecision: 'bf16', capacityPadding: false };

describe('kinds of run: each row in the first kind it fits', () => {
  it.each([
    ['a 2021–23 paper (the calibration set), even an MoE one', { split: 'calibration', moe: true, model: 'DeepSeek-V3' }, 'papers'],
    ['padded MoE on AMD: padding comes before AMD', { family: 'amd', moe: true, capacityPadding: true, model: 'Kimi K2' }, 'padded-moe'],
    ['padding on a dense model is not a kind', { capacityPadding: true }, 'megatron'],
    ['AMD dense FSDP', { family: 'amd', fsdp: true }, 'amd'],
    ['NVFP4 MoE', { gemmPrecision: 'fp4', moe: true, model: 'Qwen3-235B-A22B' }, 'nvfp4'],
    ['GPT-OSS under FSDP', { moe: true, fsdp: true, model: 'GPT-OSS-120B' }, 'gpt-oss'],
    ['Qwen3-30B-A3B', { moe: true, model: 'Qwen3-30B-A3B' }, 'qwen3-30b'],
    ['Qwen3-235B-A22B is other MoE', { moe: true, model: 'Qwen3-235B-A22B' }, 'moe'],
    ['Mixtral on TPU is MoE first', { family: 'tpu', moe: true, model: 'Mixtral 8x7B' }, 'moe'],
    ['dense on TPU', { family: 'tpu' }, 'tpu'],
    ['dense FSDP', { fsdp: true }, 'fsdp'],
    ['everything else: Megatron layouts', {}, 'megatron'],
  ] as const)('%s → %s', (_, over, kind) => {
    expect(kindOf({ ...base, ...over } as KindFacts)).toBe(kind);
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

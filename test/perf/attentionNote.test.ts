/**
 * plan's convention note (src/perf/attentionNote.ts): the best layout's HFU under the other convention is the planner's
 * HFU (perf/step.ts toPrediction) for the same step with the other convention's hardware FLOPs, exactly, under every
 * recomputation. The counts are worked by hand for test/flops/conventionShift.test.ts's model with 3 layers, s = 2048:
 *   a layer's forward  98,304 + 256·s = 622,592 (full), 98,304 + 128·s = 360,448 (causal); logits 12,800
 *   forward            3 × 622,592 + 12,800 = 1,880,576 (full);  3 × 360,448 + 12,800 = 1,094,144 (causal)
 *   no recomputation   3 × forward: ratio 1,094,144 / 1,880,576
 *   selective          3 × forward + QKᵀ and A·V (3 × 524,288 full, 3 × 262,144 causal): 7,214,592 and 4,068,864
 *   full, a share f    3 × forward + f × the layers' forward (1,867,776 full, 1,081,344 causal):
 *     pp 1, 1 layer of 3, f = 1/3:  6,264,320 and 3,642,880
 *     pp 2, 1 layer of a stage's 2 (layout.ts recomputedShare), f = 1/2: 6,575,616 and 3,823,104
 * The last failed on the old code: the note counted the recomputed layers rounded to whole layers of the model
 * (round(1.5) = 2 of 3, a run's count), 4,003,328 / 6,886,912 = 0.581295 against the planner's 0.581406.
 */
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/index.js';

const MODEL = '{name: tiny3, layers: 3, d_model: 64, heads: 4, d_ff: 256, ffn: gelu, vocab: 100, seq_len: 2048, position: rotary, tied_embeddings: true}';
const SCENARIO = `name: t\nmodel: ${MODEL}\ntraining: {tokens: 1B, global_batch: 8, seq_len: 2048}\ncluster: {gpu: h100-sxm, count: 2, utilization: auto}\n`;
const MODEL_RATIO = 1_094_144 / 1_880_576;

type Report = { best: { layout: Record<string, unknown>; prediction: { mfu: number; hfu: number } }[]; attention_convention?: { model_flops_ratio: number; hardware_flops_ratio: number; other_mfu: number; other_hfu: number } };

describe('plan: the other convention\'s HFU for the best layout, as the planner counts it', () => {
  it.each<[string, Record<string, unknown>, number]>([
    ['no recomputation', { pp: 1, recompute: 'none' }, MODEL_RATIO],
    ['selective', { pp: 1, recompute: 'selective' }, 4_068_864 / 7_214_592],
    ['full, 1 layer of 3', { pp: 1, recompute: 'full', recomputeLayers: 1 }, 3_642_880 / 6_264_320],
    ['full, 1 layer of a stage\'s 2 (pp 2)', { pp: 2, recompute: 'full', recomputeLayers: 1 }, 3_823_104 / 6_575_616],
  ])('%s', (_, query, hardwareRatio) => {
    const r = plan({ scenario: SCENARIO, top: 1, tp: 1, cp: 1, ...query }) as unknown as Report;
    const best = r.best[0]!;
    expect(best.layout.pp).toBe(query.pp);
    expect(best.layout.recompute).toBe(query.recompute);
    const n = r.attention_convention!;
    expect(n.model_flops_ratio).toBeCloseTo(MODEL_RATIO, 12);
    expect(n.other_mfu / best.prediction.mfu).toBeCloseTo(MODEL_RATIO, 12);
    expect(n.hardware_flops_ratio).toBeCloseTo(hardwareRatio, 12);
    expect(n.other_hfu / best.prediction.hfu).toBeCloseTo(hardwareRatio, 12);
  });
});

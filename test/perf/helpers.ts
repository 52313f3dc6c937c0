import { arch, GPT3_175B } from '../helpers.js';
import { loadProfile } from '../hardware/helpers.js';
import type { Layout } from '../../src/perf/layout.js';

export { arch, GPT3_175B, loadProfile };
export const gpt3 = arch(GPT3_175B, 'gpt3-175b');
/** A layout with the defaults filled in (etp 1; shardGroup dp·cp: one ZeRO group). */
export const layout = (l: Partial<Layout> = {}): Layout => ({
  tp: 1, pp: 1, dp: 1, cp: 1, ep: 1, etp: 1, microBatch: 1, schedule: '1f1b', virtualStages: 1, zeroStage: 0, sequenceParallel: false, recompute: 'none', ...l,
  shardGroup: l.shardGroup ?? (l.dp ?? 1) * (l.cp ?? 1),
});
/** Korthikanti et al. 2022 Table 3 models (s 2048, v 51200, GeLU 4h). */
export const korthikanti = (L: number, h: number, a: number) => arch({ layers: L, d_model: h, heads: a, d_ff: 4 * h, vocab: 51200, seq_len: 2048, ffn: 'gelu', norm: 'layernorm', bias: true, position: 'learned', tied_embeddings: true }, `K${L}`);

/**
 * The step time the model explains: the prediction less what the family's fitted throughput scale adds
 * (Calibration.throughputScale). Tests of the physics compare this; the scale is tested on its own.
 */
export const modelledSeconds = (p: { stepTimeSeconds: number; breakdown: { calibrationSeconds: number } }): number => p.stepTimeSeconds - p.breakdown.calibrationSeconds;

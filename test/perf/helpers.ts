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

/** DeepSeek-V3 with one MTP module, as validation/holdout13-runs.yaml writes it (61 layers, the first 3 dense). */
export const dsv3Mtp = arch({
  layers: 61, d_model: 7168, heads: 128, d_ff: 18432, ffn: 'swiglu', vocab: 129280, seq_len: 4096, tied_embeddings: false, norm: 'rmsnorm', bias: false,
  position: 'rotary', attention: 'mla', q_lora_rank: 1536, kv_lora_rank: 512, qk_rope_head_dim: 64, qk_nope_head_dim: 128, v_head_dim: 128,
  moe: { experts: 256, top_k: 8, d_ff_expert: 2048, shared_experts: 1, dense_layers: 3, router_bias: true }, mtp: { depth: 1 },
}, 'dsv3-mtp');

import { describe, expect, it } from 'vitest';
import { attentionParams } from '../../src/model/params.js';
import { rankParams, stageParams } from '../../src/perf/stageParams.js';
import { arch, dsv3Mtp, layout } from './helpers.js';

// The largest layer a GPU gathers under ZeRO-3 (StageParams.layerMax), less its attention share: the FFN
// part, counted by hand from the published sizes. Llama 2 7B (Touvron et al. 2023; the Hub config.json:
// d 4096, SwiGLU width 11008): 3·4096·11008 = 135,266,304. DeepSeek-V3 (arXiv:2412.19437 §4.2; config.json:
// d 7168, 256 routed experts and 1 shared of width 2048, dense FFN 18432 in the first 3 layers): routed
// 256·3·7168·2048 = 11,274,289,152, shared 3·7168·2048 = 44,040,192, dense 3·7168·18432 = 396,361,728.
// At ep 64 a rank's experts (176,160,768 + 44,040,192) weigh less than a dense layer's FFN: the dense layer
// is the largest (the routed share alone, 176,160,768, was taken before). Llama 4 Maverick (the Hub
// config.json: d 5120, 128 experts and 1 shared of width 8192, dense layers' intermediate_size_mlp 16384,
// MoE on every other layer): routed 128·3·5120·8192 = 16,106,127,360, shared and per-expert 125,829,120,
// dense 251,658,240.
const llama2 = arch({ layers: 32, d_model: 4096, heads: 32, d_ff: 11008, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 4096, tied_embeddings: false }, 'llama-2-7b');
const maverick = arch({
  layers: 48, d_model: 5120, heads: 40, kv_heads: 8, d_head: 128, d_ff: 16384, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 202048, seq_len: 8192, tied_embeddings: false,
  moe: { experts: 128, top_k: 1, d_ff_expert: 8192, shared_experts: 1, d_ff_shared: 8192, every: 2 },
}, 'maverick');

describe('the largest layer a rank gathers (ZeRO-3 buffer)', () => {
  const cases = [
    ['Llama 2 7B, tp 1', llama2, layout({ dp: 8, zeroStage: 3 }), 135_266_304],
    ['Llama 2 7B, tp 2', llama2, layout({ tp: 2, dp: 4, zeroStage: 3 }), 135_266_304 / 2],
    ['DeepSeek-V3, ep 8: the MoE layer (routed ÷ 8 + shared)', dsv3Mtp, layout({ dp: 64, ep: 8, zeroStage: 3 }), 11_274_289_152 / 8 + 44_040_192],
    ['DeepSeek-V3, ep 64: a dense first layer', dsv3Mtp, layout({ dp: 64, ep: 64, zeroStage: 3 }), 396_361_728],
    ['DeepSeek-V3, tp 2 ep 64: a dense first layer, split by tp', dsv3Mtp, layout({ tp: 2, dp: 64, ep: 64, zeroStage: 3 }), 396_361_728 / 2],
    ['Maverick, ep 16: the MoE layer', maverick, layout({ dp: 16, ep: 16, zeroStage: 3 }), 16_106_127_360 / 16 + 125_829_120],
    ['Maverick, ep 32 etp 8: a dense layer', maverick, layout({ dp: 256, ep: 32, etp: 8, zeroStage: 3 }), 251_658_240],
  ] as const;
  it.each(cases)('%s', (_, a, l, ffn) => {
    const { first, last } = stageParams(a, l);
    expect(last.layerMax - attentionParams(a) / l.tp).toBe(ffn);
    expect(first.layerMax).toBe(last.layerMax);
  });
});

// zb-v's V (schedules.ts placesInV): rank k holds chunks k and 2pp − 1 − k, so rank 0 holds the embedding,
// the head and the MTP modules. The even split (no layout) must give what the same split written out gives
// (rankParams): rank 0 as `first`, a middle rank as `last`. The written layout: 2pp chunks of L/(2pp) layers, E in
// the first, the m and L in the last.
const vLayout = (layers: number, pp: number, mtp: number): string =>
  Array.from({ length: 2 * pp }, (_, k) => `${k === 0 ? 'E' : ''}t*${layers / (2 * pp)}${k === 2 * pp - 1 ? `${'m'.repeat(mtp)}L` : ''}`).join('|');
const tied = arch({ layers: 32, d_model: 2048, heads: 16, d_ff: 8192, vocab: 51200, seq_len: 2048, tied_embeddings: true }, 'tied-32');
// DeepSeek-V3's shapes (helpers.ts dsv3Mtp) with 64 layers, every one MoE, so that the layers divide evenly and
// the even split's MoE-layer bound (moeLayersPerRank) is what each rank holds.
const dsv3At64 = arch({
  layers: 64, d_model: 7168, heads: 128, d_ff: 18432, ffn: 'swiglu', vocab: 129280, seq_len: 4096, tied_embeddings: false, norm: 'rmsnorm', bias: false,
  position: 'rotary', attention: 'mla', q_lora_rank: 1536, kv_lora_rank: 512, qk_rope_head_dim: 64, qk_nope_head_dim: 128, v_head_dim: 128,
  moe: { experts: 256, top_k: 8, d_ff_expert: 2048, shared_experts: 1, dense_layers: 0, router_bias: true }, mtp: { depth: 1 },
}, 'dsv3-64-mtp');

describe('zb-v without a pipeline layout: rank 0 holds both ends of the V', () => {
  const cases = [
    ['Llama 2 7B (untied head), pp 8', llama2, layout({ pp: 8, dp: 1 })],
    ['Llama 2 7B, tp 2 pp 4', llama2, layout({ tp: 2, pp: 4, dp: 1 })],
    ['a tied model, pp 4: no copy of the head', tied, layout({ pp: 4, dp: 2 })],
    ['DeepSeek-V3 shapes with MTP, tp 2 pp 8 ep 8', dsv3At64, layout({ tp: 2, pp: 8, dp: 8, ep: 8 })],
    // MoE on every other layer, chunks of 3: a rank's two chunks start on layers of either parity in the V (3 MoE layers each), where Megatron's placement puts 4 on some.
    ['Maverick, pp 8 ep 16', maverick, layout({ pp: 8, dp: 16, ep: 16 })],
  ] as const;
  it.each(cases)('%s: first is rank 0 of the written V, last a middle rank', (_, a, l) => {
    const even = stageParams(a, { ...l, schedule: 'zb-v', virtualStages: 2 });
    const ranks = rankParams(a, { ...l, schedule: 'zb-v', virtualStages: 2, pipelineLayout: vLayout(a.layers, l.pp, a.mtpDepth) });
    for (const [got, want] of [[even.first, ranks[0]!], [even.last, ranks[1]!]] as const) {
      for (const k of ['dense', 'experts', 'layerMax', 'outside'] as const) expect(got[k]).toBeCloseTo(want[k], 0);
    }
    // 1F1B's split charges the head (or its tied copy) and the MTP modules to the last rank instead.
    const f1b = stageParams(a, l);
    expect(even.first.dense - even.last.dense).toBeGreaterThan(f1b.first.dense - f1b.last.dense);
  });
});

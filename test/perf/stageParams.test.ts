import { describe, expect, it } from 'vitest';
import { attentionParams } from '../../src/model/params.js';
import { stageParams } from '../../src/perf/stageParams.js';
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

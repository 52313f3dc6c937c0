/**
 * The attention block's weight GEMMs at the shapes the layers run (src/perf/attentionProjections.ts):
 * multi-head latent attention through its two low ranks (DeepSeek-V3 arXiv:2412.19437 §2.1.1), the
 * down projections whole on every tensor-parallel rank (Megatron-Core multi_latent_attention.py,
 * `parallel_mode='duplicated'`), the rest sharded; against hand counts from the published configs and
 * against the FLOP counter (src/flops/count.ts), an independent code path.
 */
import { describe, expect, it } from 'vitest';
import { countFlops } from '../../src/flops/count.js';
import { loadModel } from '../../src/cli/load/model.js';
import { attentionProjectionShapes } from '../../src/perf/attentionProjections.js';
import { layerCosts } from '../../src/perf/layerCost.js';
import { gemmSeconds, machineFor } from '../../src/perf/machine.js';
import { arch, loadProfile } from './helpers.js';

const macs = (shapes: { M: number; K: number; N: number }[]) => shapes.reduce((s, g) => s + g.M * g.K * g.N, 0);
const v3 = loadModel('deepseek-v3');
// DeepSeek-V2-Lite's attention (Hugging Face deepseek-ai/DeepSeek-V2-Lite config.json: hidden 2048, 16 heads,
// q_lora_rank null: queries straight from the hidden state, kv_lora_rank 512, qk_nope 128, qk_rope 64, v_head 128).
const v2lite = arch({ layers: 27, d_model: 2048, heads: 16, d_ff: 10944, ffn: 'swiglu', vocab: 102400, seq_len: 4096, norm: 'rmsnorm', position: 'rotary', attention: 'mla', q_lora_rank: 0, kv_lora_rank: 512, qk_rope_head_dim: 64, qk_nope_head_dim: 128, v_head_dim: 128 }, 'v2-lite');
const llama70 = loadModel('llama-3-70b');

describe('multiply-adds per token of the attention projections, by hand from the published configs', () => {
  it.each([
    // 7168·1536 (q down) + 1536·128·192 (q up) + 7168·576 (kv down: r_kv 512 + rope 64) + 512·128·256 (kv up: nope 128 + v 128) + 128·128·7168 (output)
    ['DeepSeek-V3 (MLA, q_lora_rank 1536)', v3, 7168 * 1536 + 1536 * 128 * 192 + 7168 * 576 + 512 * 128 * 256 + 128 * 128 * 7168, 187_105_280],
    // 2048·16·192 (q) + 2048·576 + 512·16·256 + 16·128·2048
    ['DeepSeek-V2-Lite (MLA, no query rank)', v2lite, 2048 * 16 * 192 + 2048 * 576 + 512 * 16 * 256 + 16 * 128 * 2048, 13_762_560],
    // 8192·(64 + 2·8)·128 (q, k, v) + 64·128·8192 (output)
    ['Llama 3 70B (GQA, 64 query and 8 KV heads)', llama70, 8192 * 80 * 128 + 64 * 128 * 8192, 150_994_944],
  ])('%s', (_, a, byHand, total) => {
    expect(byHand).toBe(total);
    const T = 4096;
    expect(macs(attentionProjectionShapes(a, T, 1, 1)) / T).toBe(total);
    // The FLOP counter's attention projections (2 FLOPs a multiply-add), forward, per token and layer.
    const c = countFlops(a).components;
    const fwd = (id: string) => c.find((x) => x.id === id)!.forwardPerRepeat;
    expect(2 * total).toBe(fwd('attn_qkv') + fwd('attn_out'));
  });

  it('MLA is not the full-rank projection from the hidden state: DeepSeek-V3 does 32% of the work of d → H·(Q_k + Q_k + V_h)', () => {
    const fullRank = 7168 * 128 * (192 + 192 + 128) + 128 * 128 * 7168;
    expect(187_105_280 / fullRank).toBeCloseTo(0.3186, 4);
  });
});

describe('tensor-parallel shards', () => {
  const T = 4096;
  const down = 7168 * 1536 + 7168 * 576;
  const sharded = 1536 * 128 * 192 + 512 * 128 * 256 + 128 * 128 * 7168;
  it.each([
    ['tp 8, sequence parallelism: the down projections run on the rank’s eighth of the tokens', 8, 1 / 8, (down + sharded) / 8],
    ['tp 8, no sequence parallelism: the down projections run whole on every rank', 8, 1, down + sharded / 8],
    ['tp 2, sequence parallelism', 2, 1 / 2, (down + sharded) / 2],
  ])('%s', (_, t, rep, perToken) => {
    expect(macs(attentionProjectionShapes(v3, T, t, rep)) / T).toBeCloseTo(perToken, 6);
  });
});

describe('the step model runs these shapes', () => {
  it('a dense DeepSeek-V3 layer’s weight-gradient pass is the attention projections plus its SwiGLU FFN, each at gemmSeconds', () => {
    const mc = machineFor(loadProfile('h100-sxm'), 8, { precision: 'bf16' });
    const T = 4096;
    const c = layerCosts(v3, mc, { tp: 1, cp: 1, ep: 1, microBatch: 1, sequenceParallel: false, recompute: 'none', seqLen: T, flashAttention: true, attention: 'causal' });
    const attn = attentionProjectionShapes(v3, T, 1, 1).reduce((s, g) => s + gemmSeconds(mc, g.M, g.K, g.N), 0);
    const ffn = gemmSeconds(mc, T, 7168, 2 * 18432) + gemmSeconds(mc, T, 18432, 7168);
    expect(c.dense.weightGrad).toBeCloseTo(attn + ffn, 12);
  });
});

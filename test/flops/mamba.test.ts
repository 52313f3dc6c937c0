import { describe, expect, it } from 'vitest';
import { countFlops } from '../../src/flops/count.js';
import { mambaParts } from '../../src/flops/mamba.js';
import { matmulWeights, analyse } from '../../src/flops/analyse.js';
import { fromHfConfig } from '../helpers.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../src/model/schema.js';

/** d 16; Mamba-2 H 4 × P 8 (d_inner 32), G 2, N 4, K 4, Q 16; one layer of each kind. */
const TINY: ModelInput = {
  layers: 4, d_model: 16, heads: 2, kv_heads: 1, d_ff: 32, vocab: 100, seq_len: 64, norm: 'rmsnorm', ffn: 'gelu',
  layer_pattern: 'M*-E', mamba: { heads: 4, head_dim: 8, state_size: 4, groups: 2, conv_kernel: 4, chunk_size: 16 },
  moe: { experts: 4, top_k: 2, d_ff_expert: 8, shared_experts: 1, d_ff_shared: 8 },
};
const NEMOTRON_H_8B: ModelInput = {
  layers: 52, d_model: 4096, heads: 32, kv_heads: 8, d_head: 128, d_ff: 21504, ffn: 'gelu', vocab: 131072, seq_len: 8192, norm: 'rmsnorm',
  layer_pattern: 'M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M-', mamba: { heads: 128, head_dim: 64, state_size: 128, groups: 8, chunk_size: 128 },
};
const arch = (m: ModelInput) => toArchitecture(ModelSchema.parse(m));
const parts = (m: ModelInput, s: number) => Object.fromEntries(mambaParts(arch(m), arch(m).hybrid!.mixer!, s).map((p) => [p.id, p.forwardPerRepeat]));

describe('Mamba-2 mixer FLOPs per token, by product (arXiv:2405.21060 Listing 1)', () => {
  const rows: [string, ModelInput, number, Record<string, number>][] = [
    // TINY at s = 64, c = 4 chunks: in_proj 2·16·(64 + 16 + 4) = 2,688; conv 2·4·(32 + 16) = 384; C·Bᵀ 2·16·2·4 = 256;
    // (C·Bᵀ)·X 2·16·4·8 = 1,024; Bᵀ·X 2·4·8·4 = 256; passing 2·5²·4·8·4 / 64 = 100; C·state 256; out_proj 2·32·16 = 1,024.
    ['tiny, s = 64', TINY, 64, { mamba_in_proj: 2_688, mamba_conv: 384, ssd_scores: 256, ssd_values: 1_024, ssd_states: 256, ssd_passing: 100, ssd_output: 256, mamba_out_proj: 1_024 }],
    // s = 40 is padded to c = 3 chunks of 16: C·Bᵀ 2·3·16²·2·4 / 40 = 307.2 → 307; (C·Bᵀ)·X 2·3·16²·4·8 / 40 = 1,228.8 → 1,229;
    // Bᵀ·X and C·state 2·3·16·4·8·4 / 40 = 307.2 → 307; passing 2·4²·128 / 40 = 102.4 → 102. The projections do not depend on s.
    ['tiny, s = 40 (a padded last chunk)', TINY, 40, { mamba_in_proj: 2_688, mamba_conv: 384, ssd_scores: 307, ssd_values: 1_229, ssd_states: 307, ssd_passing: 102, ssd_output: 307, mamba_out_proj: 1_024 }],
    // Nemotron-H 8B at s = 8192, c = 64: in_proj 2·4096·18,560 = 152,043,520; conv 2·4·10,240 = 81,920; C·Bᵀ 2·128·8·128 = 262,144;
    // (C·Bᵀ)·X 2·128·128·64 = 2,097,152; Bᵀ·X and C·state 2·128·64·128 = 2,097,152; passing 2·65²·2²⁰ / 8192 = 1,081,600;
    // out_proj 2·8192·4096 = 67,108,864.
    ['Nemotron-H 8B, s = 8192', NEMOTRON_H_8B, 8192, { mamba_in_proj: 152_043_520, mamba_conv: 81_920, ssd_scores: 262_144, ssd_values: 2_097_152, ssd_states: 2_097_152, ssd_passing: 1_081_600, ssd_output: 2_097_152, mamba_out_proj: 67_108_864 }],
  ];
  it.each(rows)('%s', (_name, m, s, expected) => {
    expect(parts(m, s)).toEqual(expected);
  });
});

describe('hybrid models: each component on its own layers', () => {
  it('TINY (M * - E): one repeat each; forward 18,532 per token at s = 64', () => {
    const c = countFlops(arch(TINY));
    const repeats = Object.fromEntries(c.components.map((x) => [x.id, x.repeats]));
    expect(repeats).toMatchObject({ attn_qkv: 1, attn_scores: 1, ffn: 1, router: 1, experts: 1, mamba_in_proj: 1, ssd_passing: 1, logits: 1 });
    // attention 2·16·4·8 + 2 × 2·64·2·8 + 2·2·8·16 = 5,632; FFN 2·2·16·32 = 2,048; router 2·16·4 = 128, experts 2·2·16·8·2 = 1,024,
    // shared 2·2·16·8 = 512; the mixer 5,988 (above); logits 2·16·100 = 3,200.
    expect(c.perToken.forward).toBe(5_632 + 2_048 + 1_664 + 5_988 + 3_200);
  });

  it('Nemotron-H 8B: forward 15,846,742,016 per token at s = 8192', () => {
    // 4 attention layers × (50,331,648 + 2 × 67,108,864 + 33,554,432) = 872,415,232; 24 MLPs × 352,321,536 = 8,455,716,864;
    // 24 mixers × 226,869,504 = 5,444,868,096; logits 1,073,741,824.
    expect(countFlops(arch(NEMOTRON_H_8B)).perToken.forward).toBe(872_415_232 + 8_455_716_864 + 5_444_868_096 + 1_073_741_824);
  });

  it("PaLM's shortcut counts its attention term on the attention layers only", () => {
    // 6·N + 6·L_attn·H·(Q_k + Q_v)·s = 6 × 8,100,852,736 + 6 × 4 × 32 × 256 × 8192 = 48,605,116,416 + 1,610,612,736
    const a = analyse(arch(NEMOTRON_H_8B), { tokens: 1 });
    expect(a.totals.palm).toBe(50_215_729_152);
  });

  it('recomputation: full reruns every layer product, selective only QKᵀ and A·V (not the scan)', () => {
    const a = arch(TINY);
    const f = countFlops(a).perToken.forward;
    expect(countFlops(a, { recompute: 'full' }).perToken.recompute).toBe(f - 3_200);
    expect(countFlops(a, { recompute: 'selective' }).perToken.recompute).toBe(2 * 2_048);
  });

  it('the weights in products are the active parameters less the lookup, norms, biases and A_log, D, dt_bias', () => {
    const a = analyse(arch(TINY));
    // active: embedding and head 3,200 + attention 768 + MLP 1,024 + router 64 + 2 of 4 experts 512 + shared 256 + mixer 2,140
    // + norms 80 = 8,044 (test/model/hybrid.test.ts, less its router bias); less the embedding lookup 1,600, the norms 80, the
    // mixer's norm 32, dt_bias, A_log and D 12 and the conv bias 48.
    expect(a.params.active).toBe(8_044);
    expect(matmulWeights(a)).toBe(8_044 - 1_600 - 80 - 32 - 12 - 48);
  });
});

/**
 * Megatron-LM megatron/training/training.py (NVIDIA/Megatron-LM 86df799) `mamba_layer_flops`, per token
 * (batch_size·seq_len = 1), written out: d_in = 2·hidden; in_proj 2·h·(2·d_in + 2·G·N + nheads); scan 7·d_in·N;
 * out_proj 2·d_in·h. No conv1d.
 */
function megatronMambaLayer(h: number, N: number, G: number, nheads: number): { inProj: number; scan: number; outProj: number } {
  const dIn = 2 * h;
  return { inProj: 2 * h * (2 * dIn + 2 * G * N + nheads), scan: 7 * dIn * N, outProj: 2 * dIn * h };
}

describe("against Megatron-LM's mamba_layer_flops", () => {
  it('Nemotron-H 8B (d_in = 2·h = H·P): the projections agree; the scan and conv differ by 377,088 per layer (+0.17%)', () => {
    const meg = megatronMambaLayer(4096, 128, 8, 128);
    // 152,043,520 + 7·8192·128 = 7,340,032 + 67,108,864 = 226,492,416
    expect(meg.inProj + meg.scan + meg.outProj).toBe(226_492_416);
    const ours = parts(NEMOTRON_H_8B, 8192);
    expect([ours.mamba_in_proj, ours.mamba_out_proj]).toEqual([meg.inProj, meg.outProj]);
    // SSD 262,144 + 3 × 2,097,152 + 1,081,600 = 7,635,200 vs 7,340,032 (+295,168); conv 81,920 Megatron leaves out.
    const ssd = ours.ssd_scores! + ours.ssd_values! + ours.ssd_states! + ours.ssd_passing! + ours.ssd_output!;
    expect([ssd - meg.scan, ours.mamba_conv]).toEqual([295_168, 81_920]);
  });

  it('Nemotron 3 Nano (H·P = 4096, 2·h = 5376): Megatron sizes the projections by expand 2, not by the heads', () => {
    const meg = megatronMambaLayer(2688, 128, 8, 64);
    const nano = fromHfConfig({ model_type: 'nemotron_h', hidden_size: 2688, hybrid_override_pattern: 'M*', num_attention_heads: 32, num_key_value_heads: 2, head_dim: 128, mamba_num_heads: 64, mamba_head_dim: 64, ssm_state_size: 128, n_groups: 8, conv_kernel: 4, chunk_size: 128, vocab_size: 131072, max_position_embeddings: 262144 }, 'config.json');
    const ours = parts(nano, 8192);
    // Megatron in_proj 2·2688·(2·5376 + 2048 + 64) = 69,156,864 and out_proj 2·5376·2688 = 28,901,376;
    // the mixer as built (in_proj 2688 → 10,304, out_proj 4096 → 2688): 55,394,304 and 22,020,096.
    expect([meg.inProj, meg.outProj]).toEqual([69_156_864, 28_901_376]);
    expect([ours.mamba_in_proj, ours.mamba_out_proj]).toEqual([55_394_304, 22_020_096]);
  });
});

/**
 * The matrices Muon orthogonalises on one GPU (src/perf/muonMatrices.ts), in Megatron-Core's [out, in]
 * shapes: counted by hand for a dense model under TP and PP, a MoE model under EP/ETP, MLA and MTP.
 */
import { describe, expect, it } from 'vitest';
import { muonElements, muonMatrices, type MuonMatrix } from '../../src/perf/muonMatrices.js';
import { countParams } from '../../src/model/params.js';
import { arch } from './helpers.js';

const dense = arch({ layers: 8, d_model: 1024, heads: 16, kv_heads: 4, d_ff: 4096, vocab: 32000, seq_len: 2048, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', tied_embeddings: false }, 'dense');
const moe = arch({ layers: 6, d_model: 512, heads: 8, d_ff: 2048, vocab: 32000, seq_len: 2048, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', tied_embeddings: false,
  moe: { experts: 16, top_k: 2, d_ff_expert: 256, shared_experts: 1, dense_layers: 2 } }, 'moe');
const base = { tp: 1, pp: 1, ep: 1, etp: 1, schedule: '1f1b' as const };
const shapes = (ms: MuonMatrix[]) => ms.map((m) => [m.rows, m.cols, m.count, m.split, m.group, m.expert]);

describe('a dense SwiGLU model', () => {
  it('tp 1, pp 1: fused q/k/v [d + 2·kv·dh, d], output [d, d], fc1 [2·d_ff, d], fc2 [d, d_ff], one of each per layer', () => {
    // d 1024, 16 heads of 64, 4 KV heads: q 1024 + k 256 + v 256 = 1536 rows.
    expect(shapes(muonMatrices(dense, base))).toEqual([
      [1536, 1024, 8, null, 1, false], [1024, 1024, 8, null, 1, false], [8192, 1024, 8, null, 1, false], [1024, 4096, 8, null, 1, false],
    ]);
  });

  it('tp 4: q/k/v and fc1 column-parallel (rows split), output and fc2 row-parallel (columns split); pp 2 halves the layers', () => {
    expect(shapes(muonMatrices(dense, { ...base, tp: 4, pp: 2 }))).toEqual([
      [1536, 1024, 4, 0, 4, false], [1024, 1024, 4, 1, 4, false], [8192, 1024, 4, 0, 4, false], [1024, 4096, 4, 1, 4, false],
    ]);
  });

  it('the matrices are the layers\' parameters less their norms (no biases here): the count the memory model treats as Muon\'s', () => {
    const pc = countParams(dense);
    const layerMatrices = pc.total - pc.byComponent.embedding - pc.byComponent.output_head - pc.byComponent.norms;
    expect(muonElements(muonMatrices(dense, base))).toBe(layerMatrices);
    // Each TP rank holds 1/tp of every split matrix.
    expect(muonElements(muonMatrices(dense, { ...base, tp: 4 }))).toBe(layerMatrices / 4);
  });
});

describe('a MoE model (16 experts of 256, one shared expert, two dense layers first)', () => {
  it('ep 4, etp 2, tp 2: the router whole, each local expert split over etp, the shared expert over tp', () => {
    const ms = muonMatrices(moe, { ...base, tp: 2, ep: 4, etp: 2 });
    const byKind = shapes(ms);
    // Dense layers (2): attention + FFN of d_ff 2048.
    expect(byKind).toContainEqual([4096, 512, 2, 0, 2, false]);
    // MoE layers (4): the router [16, 512], 16/4 = 4 experts per rank × 4 layers = 16 of each expert matrix, the shared expert.
    expect(byKind).toContainEqual([16, 512, 4, null, 1, false]);
    expect(byKind).toContainEqual([512, 512, 16, 0, 2, true]);
    expect(byKind).toContainEqual([512, 256, 16, 1, 2, true]);
    expect(byKind).toContainEqual([512, 512, 4, 0, 2, false]);
    const pc = countParams(moe);
    // Every rank's share of the experts: all experts' parameters / (ep·etp).
    const expertElements = muonElements(ms.filter((m) => m.expert));
    expect(expertElements).toBe(pc.byComponent.experts / (4 * 2));
  });

  it('the busiest stage holds the MoE layers first (pp 2 of 6 layers: 3 MoE layers, no dense one)', () => {
    const ms = muonMatrices(moe, { ...base, pp: 2 });
    expect(ms.find((m) => m.rows === 16)!.count).toBe(3);
    expect(ms.find((m) => m.rows === 2 * 2048)).toBeUndefined();
  });
});

describe('MLA and multi-token prediction (DeepSeek-V3 shapes)', () => {
  const dsv3ish = arch({ layers: 4, d_model: 7168, heads: 128, d_ff: 18432, vocab: 129280, seq_len: 4096, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', tied_embeddings: false,
    attention: 'mla', q_lora_rank: 1536, kv_lora_rank: 512, qk_rope_head_dim: 64, qk_nope_head_dim: 128, v_head_dim: 128, mtp: { depth: 1 } }, 'dsv3-ish');
  it('tp 8: the down projections whole on every rank, the up projections column-parallel, the output row-parallel; MTP adds eh_proj [d, 2d] and a layer', () => {
    const byKind = shapes(muonMatrices(dsv3ish, { ...base, tp: 8 }));
    // The 4 layers', then the MTP module's (one layer: the same shapes, count 1).
    for (const count of [4, 1]) {
      expect(byKind).toContainEqual([1536, 7168, count, null, 1, false]); // q down
      expect(byKind).toContainEqual([512 + 64, 7168, count, null, 1, false]); // kv down + shared rotary key
      expect(byKind).toContainEqual([128 * 192, 1536, count, 0, 8, false]); // q up: 128 heads × (128 + 64)
      expect(byKind).toContainEqual([128 * 256, 512, count, 0, 8, false]); // kv up: 128 heads × (128 + 128)
      expect(byKind).toContainEqual([7168, 128 * 128, count, 1, 8, false]); // output
    }
    expect(byKind).toContainEqual([7168, 2 * 7168, 1, 0, 8, false]); // eh_proj
  });
});

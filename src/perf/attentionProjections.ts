/**
 * The attention block's weight GEMMs of one micro-batch on one tensor-parallel rank, at the shapes
 * the layers run: the q, k, v projections and the output projection. Multi-head latent attention
 * (DeepSeek-V2/V3, arXiv:2412.19437 §2.1.1, eqs. 1–11) projects through two low ranks instead of
 * from the hidden state to every head: queries d → r_q (q_lora_rank) → H·(Q_nope + Q_rope), keys and
 * values d → r_kv + Q_rope (the shared rotary key) and r_kv → H·(Q_nope + V_h). Megatron-Core's
 * MultiLatentAttention (megatron/core/transformer/multi_latent_attention.py) builds the two down
 * projections `linear_q_down_proj` / `linear_kv_down_proj` with `parallel_mode='duplicated'` (whole
 * on every tensor-parallel rank, run on the rank's own sequence shard under sequence parallelism,
 * whose compressed output it then all-gathers: `gather_from_sequence_parallel_region(kv_compressed)`)
 * and the up projections column-parallel (`gather_output=False`), the output projection row-parallel.
 * Their FLOPs are the FLOP counter's (src/flops/count.ts `attn_qkv`, `attn_out`; a test ties them).
 */
import type { Architecture } from '../model/architecture.js';
import { attentionWidths } from './activations.js';

/** One GEMM [M×K]·[K×N]. */
export interface GemmShape {
  M: number;
  K: number;
  N: number;
}

/**
 * `T` tokens of the micro-batch on the rank (every tensor-parallel rank's GEMMs see all of them),
 * tensor parallelism `t`, and `rep` the share of the tokens a replicated (duplicated) weight runs on:
 * 1/t with sequence parallelism, else 1.
 */
export function attentionProjectionShapes(arch: Architecture, T: number, t: number, rep: number): GemmShape[] {
  const h = arch.dModel;
  if (!arch.mla) {
    const w = attentionWidths(arch);
    return [{ M: T, K: h, N: (w.q + w.k + w.v) / t }, { M: T, K: (arch.heads * arch.dHead) / t, N: h }];
  }
  const m = arch.mla;
  const [qUp, kvUp] = mlaUpProjectionShapes(arch, T, t) as [GemmShape, GemmShape];
  const q: GemmShape[] = m.qLoraRank > 0 ? [{ M: T * rep, K: h, N: m.qLoraRank }, qUp] : [qUp];
  return [
    ...q,
    { M: T * rep, K: h, N: m.kvLoraRank + m.qkRopeHeadDim },
    kvUp,
    { M: T, K: (arch.heads * m.vHeadDim) / t, N: h },
  ];
}

/**
 * MLA's up-projections, column-parallel: the query's (from r_q, or from d without a query low rank) and the
 * keys' and values' (from r_kv). What Megatron-Core's mla_up_proj recomputation reruns (flops/recomputeModules.ts);
 * none without MLA.
 */
export function mlaUpProjectionShapes(arch: Architecture, T: number, t: number): GemmShape[] {
  if (!arch.mla) return [];
  const m = arch.mla;
  const H = arch.heads;
  const dQk = m.qkNopeHeadDim + m.qkRopeHeadDim;
  return [
    { M: T, K: m.qLoraRank > 0 ? m.qLoraRank : arch.dModel, N: (H * dQk) / t },
    { M: T, K: m.kvLoraRank, N: (H * (m.qkNopeHeadDim + m.vHeadDim)) / t },
  ];
}

/**
 * Time of one Mamba-2 mixer layer per micro-batch on one GPU, as Megatron-Core's MambaMixer runs it in
 * training (NVIDIA/Megatron-LM megatron/core/ssm/mamba_mixer.py at 00bebb45, `forward` → `_ssm_training`):
 *
 *   in_proj (ColumnParallelLinear d → [z, x, B, C, dt], heads and groups split over TP: each rank holds
 *   H/tp heads and G/tp groups, `nheads_local_tp`, `ngroups_local_tp`) → `rearrange(l b d → b l d)
 *   .contiguous()` → mamba_split_conv1d_scan_combined (state-spaces/mamba mamba_ssm/ops/triton/
 *   ssd_combined.py MambaSplitConv1dScanCombinedFn, without rmsnorm_weight or outproj_weight: it copies
 *   xBC contiguous, runs the depthwise causal conv1d + SiLU, then the SSD chunked scan with the gate
 *   y·SiLU(z) in its last kernel) → `rearrange(b l d → l b d).contiguous()` → the grouped RMSNorm
 *   (ExtendedRMSNorm, mamba_ssm layernorm_gated.py, group size d_inner/ngroups) → out_proj
 *   (RowParallelLinear H·P → d).
 *
 * Its TP collectives are the in/out projections' (one block's, as attention's: hybridCost.ts). Context
 * parallelism (megatron/core/ssm/mamba_context_parallel.py MambaContextParallel, NVIDIA/Megatron-LM
 * 00caa53a): in_proj and out_proj run on the rank's s/cp tokens; `pre_conv_ssm` all-to-alls z, x, B, C and
 * dt from sequence-sharded to head-sharded (each rank then runs the conv1d and the scan over the whole
 * sequence for H/(tp·cp) heads and G/(tp·cp) groups, or one group state repeated over cp/(G/tp) ranks when
 * there are fewer groups than ranks), `post_conv_ssm` all-to-alls y back ({@link mambaCpComm}). The
 * all-to-alls are synchronous in the layer's forward (and its autograd backward), so exposed. Conventions:
 *
 * - GEMMs: machine.ts gemmSeconds at the TP shard shapes, 3 passes (4 with full recomputation), as every
 *   linear of the layer model (passes.ts).
 * - The SSD scan: its four matrix products (src/flops/mamba.ts mambaParts: C·Bᵀ, the masked product
 *   with X, the chunk states, state to output; the Triton kernels run each as `tl.dot` tiles in the
 *   activations' 16-bit type, ssd_bmm.py / ssd_chunk_state.py / ssd_chunk_scan.py) at the machine's
 *   achievable 16-bit matrix rate, combined with the bytes its five kernels read and write
 *   (`_mamba_chunk_scan_combined_fwd`: _chunk_cumsum_fwd, _chunk_state_fwd, _state_passing_fwd,
 *   _bmm_chunk_fwd, _chunk_scan_fwd; {@link ssdForwardBytesPerToken}) as gemmSeconds combines a GEMM's
 *   math and traffic (machine.ts rooflineSeconds). The state passing between chunks is a linear
 *   recurrence of element-wise products in the fused kernel: bytes only.
 * - Backward (`_mamba_chunk_scan_combined_bwd`): it recomputes dA_cumsum, C·Bᵀ, the chunk states and the
 *   state passing ({@link ssdRecomputeBytesPerToken}, two of the products), then takes both operand
 *   gradients of each forward product (dstates, dx, dB, dC, dCB kernels: 2× the forward's products), its
 *   element-wise traffic 2× the forward's (passes.ts), in 14 kernels (4 recomputed + 10 backward).
 *   MambaSplitConv1dScanCombinedFn.backward also recomputes the contiguous copy and the conv1d.
 * - The transposes, the conv1d + SiLU and the grouped RMSNorm: memory-bound passes over the bytes they
 *   read and write (read + write, 16-bit), per element-wise pass as the layer model counts them.
 * - Full recomputation runs the forward again (scan included); selective recomputation recomputes the
 *   attention core only (Korthikanti et al. 2022 §5), not the Mamba mixer.
 */
import type { Architecture } from '../model/architecture.js';
import type { MambaMixer } from '../model/hybrid.js';
import { isScan, mambaParts } from '../flops/mamba.js';
import type { LayerCostInputs } from './layerCost.js';
import type { MixerHalf } from './hybridCost.js';
import { gemmSeconds, rooflineSeconds, streamSeconds, type Machine } from './machine.js';
import { allToAllSeconds, linkFor } from './network.js';
import { ACT_BYTES as ACT } from './passes.js';

/** fp32 bytes: dt after softplus, dA_cumsum, the chunk states before passing and C·Bᵀ (ssd_combined.py: `states_in_fp32=True`, `output_dtype=torch.float32`). */
const FP32 = 4;
/** Kernels of the scan's forward (the five above), of its backward, and of the conv path recomputed in backward (contiguous copy, conv1d). */
export const SCAN_FWD_KERNELS = 5;
const SCAN_BWD_KERNELS = 14;
const CONV_RECOMPUTE_KERNELS = 2;
/** Memory-bound kernels per pass besides the block's norm and residual add: 2 transposes, the contiguous xBC copy, the conv1d, the grouped RMSNorm. */
export const MAMBA_EW_KERNELS = 5;

/**
 * The mixer's widths on one rank: heads and groups split over tp (Megatron-Core MambaMixer
 * `nheads_local_tp`, `ngroups_local_tp`), then over cp (MambaContextParallel `nheads_local_tpcp`; groups
 * `ngroups_local_tp // cp`, or 1 replicated group when ngroups_local_tp < cp).
 */
export function mambaLocalWidths(m: MambaMixer, tp: number, cp = 1): { heads: number; groups: number; inner: number; inProj: number; conv: number } {
  const heads = m.heads / (tp * cp);
  const groupsTp = m.groups / tp;
  const groups = groupsTp < cp ? 1 : groupsTp / cp;
  const inner = heads * m.headDim;
  return { heads, groups, inner, inProj: 2 * inner + 2 * groups * m.stateSize + heads, conv: inner + 2 * groups * m.stateSize };
}

/** Chunks per sequence over tokens: c/s with c = ⌈s/Q⌉ (a shorter last chunk padded, as flops/mamba.ts counts). */
const chunksPerToken = (m: MambaMixer, s: number) => Math.ceil(s / m.chunkSize) / s;

/**
 * Bytes the five forward scan kernels read and write per token on one rank (ssd_combined.py
 * `_mamba_chunk_scan_combined_fwd`), H, G local heads and groups, I = H·P:
 * dt read 2H, dt and dA_cumsum written 8H and read twice (16H); x read twice (4I); z read (2I), out and
 * out_x written (4I); B read twice and C twice (8GN); the chunk states written fp32, read, written 16-bit
 * by the state passing and read by the scan (12·I·N per chunk); C·Bᵀ written and read fp32 (8·G·Q² per chunk).
 */
export function ssdForwardBytesPerToken(m: MambaMixer, tp: number, s: number, cp = 1): number {
  const w = mambaLocalWidths(m, tp, cp);
  const c = chunksPerToken(m, s);
  return 26 * w.heads + 10 * w.inner + 8 * w.groups * m.stateSize + 12 * c * w.inner * m.stateSize + 8 * c * w.groups * m.chunkSize ** 2;
}

/** Bytes of the four forward kernels the backward recomputes (cumsum, C·Bᵀ, chunk states, state passing), per token on one rank. */
export function ssdRecomputeBytesPerToken(m: MambaMixer, tp: number, s: number, cp = 1): number {
  const w = mambaLocalWidths(m, tp, cp);
  const c = chunksPerToken(m, s);
  return 18 * w.heads + 2 * w.inner + 6 * w.groups * m.stateSize + 10 * c * w.inner * m.stateSize + 4 * c * w.groups * m.chunkSize ** 2;
}

/**
 * Element-wise bytes per token on the rank (its s/cp tokens) per forward pass, read + write at 16 bits: the
 * in_proj output's transpose copy (2·2·in) and the grouped RMSNorm over d_inner (2·2·I) at the tp widths;
 * over the whole sequence at the tp·cp widths (cp times the tokens), the contiguous xBC copy and the conv1d
 * + SiLU over the conv channels (2·2·conv each) and the scan output's transpose copy (2·2·I). With cp > 1
 * the all-to-alls' copies: `_all_to_all_cp2hp` concatenates each of z, x, B, C, dt before sending (the
 * in_proj width, B and C repeated where groups are), `pre_conv_ssm` concatenates the five received and
 * `_undo_attention_load_balancing` reorders them; `_redo_attention_load_balancing` and `_all_to_all_hp2cp`'s
 * concatenation copy y (2·2·I each).
 */
export function mambaElementwiseBytesPerToken(m: MambaMixer, tp: number, cp = 1): number {
  const w = mambaLocalWidths(m, tp);
  const c = mambaLocalWidths(m, tp, cp);
  const copies = cp > 1 ? mambaCpSentPerToken(m, tp, cp).pre + 2 * cp * c.inProj + 2 * w.inner : 0;
  return 2 * ACT * (w.inProj + w.inner + cp * (2 * c.conv + c.inner) + copies);
}

/** Kernels of those copies with cp > 1: five concatenations before the sends, the concatenation and reorder after, the reorder and concatenation of y. */
const CP_COPY_KERNELS = 9;

/**
 * Elements per token on the rank that MambaContextParallel's all-to-alls send: before the scan z and x
 * (I each at the tp widths), B and C (G·N each, times the repeat cp/(G/tp) when groups are fewer than cp
 * ranks) and dt (H); after it, y (I).
 */
export function mambaCpSentPerToken(m: MambaMixer, tp: number, cp: number): { pre: number; post: number } {
  const w = mambaLocalWidths(m, tp);
  const repeat = w.groups < cp ? cp / w.groups : 1;
  return { pre: 2 * w.inner + 2 * w.groups * repeat * m.stateSize + w.heads, post: w.inner };
}

/** One forward's all-to-alls (five before the scan, one after) over the cp ranks, seconds; backward sends the gradients back the same way. */
export function mambaCpComm(m: MambaMixer, mc: Machine, tp: number, cp: number, tokens: number): number {
  if (cp <= 1) return 0;
  const w = mambaLocalWidths(m, tp);
  const link = linkFor(mc.network, tp, cp);
  const groupWidth = w.groups * (w.groups < cp ? cp / w.groups : 1) * m.stateSize;
  const widths = [w.inner, w.inner, groupWidth, groupWidth, w.heads, w.inner];
  return widths.reduce((sum, width) => sum + allToAllSeconds(ACT * tokens * width, cp, link), 0);
}

/** The scan's matrix FLOPs per token on one rank, forward and the part its backward recomputes (flops/mamba.ts). */
/**
 * The scan's matrix FLOPs per sequence token on one rank, forward and the part its backward recomputes
 * (flops/mamba.ts): the products per head at the rank's share of the heads, C·Bᵀ per group at its share of
 * the groups (a group repeated over cp ranks is computed on each).
 */
export function ssdMatrixFlopsPerToken(arch: Architecture, m: MambaMixer, tp: number, s: number, cp = 1): { forward: number; recomputed: number } {
  const w = mambaLocalWidths(m, tp, cp);
  let forward = 0;
  let recomputed = 0;
  for (const p of mambaParts(arch, m, s)) {
    if (!isScan(p.id) || p.id === 'ssd_passing') continue; // the passing is element-wise in the fused kernel
    const share = p.id === 'ssd_scores' ? w.groups / m.groups : w.heads / m.heads;
    forward += p.forwardPerRepeat * share;
    if (p.id === 'ssd_scores' || p.id === 'ssd_states') recomputed += p.forwardPerRepeat * share;
  }
  return { forward, recomputed };
}

/** What hybridCost.ts passes: the layer pieces, with one block's TP traffic and the norm + residual-add kernels. */
export interface MambaCommon {
  T: number;
  rep: number;
  q: number;
  qNorm: number;
  blockBytes: number;
  tpComm: number;
  tpFwd: number;
  kernels: number;
}

export function mambaHalf(arch: Architecture, m: MambaMixer, mc: Machine, x: LayerCostInputs, c: MambaCommon): MixerHalf {
  const t = x.tp;
  const cp = x.cp;
  const d = arch.dModel;
  const s = x.seqLen;
  const w = mambaLocalWidths(m, t);
  const gemm = gemmSeconds(mc, c.T, d, w.inProj) + gemmSeconds(mc, c.T, w.inner, d);
  // The conv1d and the scan run over the whole sequence (cp × the rank's tokens) at the tp·cp widths.
  const Ts = c.T * cp;
  const flops = ssdMatrixFlopsPerToken(arch, m, t, s, cp);
  const bytesFwd = ssdForwardBytesPerToken(m, t, s, cp);
  const scanFwd = rooflineSeconds(mc, (Ts * flops.forward) / mc.matmulHigh, (Ts * bytesFwd) / mc.memoryBandwidth) + SCAN_FWD_KERNELS * mc.kernelOverhead;
  const scanBwd = rooflineSeconds(mc, (Ts * (2 * flops.forward + flops.recomputed)) / mc.matmulHigh, (Ts * (2 * bytesFwd + ssdRecomputeBytesPerToken(m, t, s, cp))) / mc.memoryBandwidth)
    + SCAN_BWD_KERNELS * mc.kernelOverhead
    + streamSeconds(mc, Ts * 2 * 2 * ACT * mambaLocalWidths(m, t, cp).conv, CONV_RECOMPUTE_KERNELS);
  // Context parallelism's all-to-alls: forward, backward, and the forward again under full recomputation.
  const cpComm = (x.recompute === 'full' ? 3 : 2) * mambaCpComm(m, mc, t, cp, c.T);
  // FP8 linears: out_proj's input quantised in the forward pass (in_proj's is written by the fused norm),
  // the gradients of both outputs in the backward, per element-wise pass (layerCost.ts attnQuant).
  const quant = c.q * (w.inner + w.inProj + d) + c.qNorm * d * c.rep;
  return {
    gemm,
    coreTotal: (x.recompute === 'full' ? 2 : 1) * scanFwd + scanBwd,
    coreFwd: scanFwd,
    ewFwd: c.blockBytes + c.T * (mambaElementwiseBytesPerToken(m, t, cp) + quant),
    softmaxBytes: 0,
    kernels: c.kernels + MAMBA_EW_KERNELS + (cp > 1 ? CP_COPY_KERNELS : 0),
    tpComm: c.tpComm,
    tpFwd: c.tpFwd,
    cp: cpComm,
  };
}

/**
 * Bytes a Mamba layer keeps for backward per token on one rank (its s/cp tokens), beyond the block's norm
 * input, linear input and residual mask (activations.ts): MambaSplitConv1dScanCombinedFn saves zxbcdt
 * (2·in) and the ungated scan output out_x (2·I) (`ctx.save_for_backward(zxbcdt, …, out_x, …, rstd, …)`;
 * rstd is None without rmsnorm_weight; x, B, C are recomputed by the conv1d in backward), over the whole
 * sequence at the tp·cp widths; the grouped RMSNorm saves its input (2·I) and rstd (fp32 per group, 4·G),
 * out_proj its input (o·I, o the linear-input bytes), at the tp widths.
 */
export function mambaSavedBytesPerToken(m: MambaMixer, tp: number, linearInputBytes: number, cp = 1): number {
  const w = mambaLocalWidths(m, tp);
  const c = mambaLocalWidths(m, tp, cp);
  return cp * (ACT * c.inProj + ACT * c.inner) + ACT * w.inner + FP32 * w.groups + linearInputBytes * w.inner;
}

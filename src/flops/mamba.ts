/**
 * Forward FLOPs per token of one Mamba-2 mixer (state-spaces/mamba mamba_ssm/modules/mamba2.py), by
 * product, with d = d_model, H heads of P channels (d_inner = H·P), G groups, state size N, conv width
 * K, chunk length Q and sequence length s:
 *
 * - in_proj d → 2·H·P + 2·G·N + H ([z, x, B, C, dt]) and out_proj H·P → d: 2·in·out each.
 * - The depthwise causal conv1d over the H·P + 2·G·N channels of [x, B, C]: K multiply-adds per channel
 *   per token, counted 2·K·channels (a convention: it is not a matrix product, but its weights are
 *   used once per token like a linear's, so weights-in-products stays forward/2).
 * - The SSD chunked scan as the Mamba-2 paper's minimal implementation computes it (Dao & Gu 2024,
 *   arXiv:2405.21060 Listing 1; state-spaces/mamba mamba_ssm/modules/ssd_minimal.py
 *   `ssd_minimal_discrete`), each einsum's multiply-adds × 2, over c = ⌈s/Q⌉ chunks:
 *   1. C·Bᵀ inside each chunk (`bclhn,bcshn` of step 1): Q × N by N × Q per chunk, per group: the
 *      fused kernel computes it once per group (ssd_combined.py `_bmm_chunk_fwd(C, B)` on
 *      (b, l, ngroups, n)); the listing repeats B and C per head (G = H there).
 *   2. its masked product with X (`bhcls,bcshp`): Q × Q by Q × P per chunk, per head.
 *   3. the chunk states Bᵀ·X (`bclhn,bhcl,bclhp->bchpn`): N × Q by Q × P per chunk, per head.
 *   4. the inter-chunk state passing (`bhzc,bchpn->bzhpn`): a (c+1) × (c+1) decay matrix by the c+1
 *      states of P·N per head, once per sequence: quadratic in the chunk count as the listing writes it
 *      (the fused kernel's `_state_passing_fwd` is a linear recurrence of element-wise products).
 *   5. state to output C·state (`bclhn,bchpn,bhcl->bclhp`): N by N × P per token, per head.
 *   Element-wise work (segsum, exp, the decay products, softplus, the gated RMSNorm, D·x) is not counted.
 *
 * Megatron-LM's `mamba_layer_flops` (megatron/training/training.py, NVIDIA/Megatron-LM 86df799) counts
 * the same in_proj and out_proj but with d_in = 2·d (expand 2, not H·P), no conv1d, and the scan as
 * 7·d_in·N per token; test/flops/mamba.test.ts reproduces its figure and the difference.
 */
import type { Architecture } from '../model/architecture.js';
import type { MambaMixer } from '../model/hybrid.js';

export type MambaComponentId = 'mamba_in_proj' | 'mamba_conv' | 'ssd_scores' | 'ssd_values' | 'ssd_states' | 'ssd_passing' | 'ssd_output' | 'mamba_out_proj';

export interface MambaPart {
  id: MambaComponentId;
  label: string;
  forwardPerRepeat: number;
  formula: string;
  substituted: string;
}

/** The SSD scan's products: no parameters (like QKᵀ and A·V). */
export function isScan(id: string): boolean {
  return id.startsWith('ssd_');
}

/**
 * One mixer's products per token at sequence length `s`. Chunked products are counted per sequence over
 * c = ⌈s/Q⌉ chunks (a shorter last chunk is padded, as transformers' torch_forward pads to a multiple
 * of chunk_size) and divided by s; a share that is not a whole FLOP per token is rounded to one.
 */
export function mambaParts(a: Architecture, m: MambaMixer, s: number): MambaPart[] {
  const d = a.dModel;
  const { heads: H, headDim: P, groups: G, stateSize: N, convKernel: K, chunkSize: Q } = m;
  const inner = H * P;
  const c = Math.ceil(s / Q);
  // c·Q = s when Q divides s; otherwise the padded chunks' products, per sequence, over s tokens.
  const perChunks = (symbolic: string, numbers: string) => (c * Q === s ? [symbolic, numbers] : [`c·Q·${symbolic} / s`, `${c}×${Q}×${numbers} / ${s}`]);
  // A scan product from its per-sequence multiply-adds × 2: exact per token, or rounded to a whole FLOP and said so.
  const scan = (id: MambaComponentId, label: string, perSequence: number, [formula, substituted]: string[]): MambaPart => {
    const perToken = Math.round(perSequence / s);
    return { id, label, forwardPerRepeat: perToken, formula: formula!, substituted: perToken * s === perSequence ? substituted! : `${substituted}, rounded` };
  };
  const states = perChunks('2·H·P·N', `2×${H}×${P}×${N}`);
  return [
    { id: 'mamba_in_proj', label: 'Mamba-2 in_proj [z, x, B, C, dt]', forwardPerRepeat: 2 * d * (2 * inner + 2 * G * N + H), formula: '2·d·(2·H·P + 2·G·N + H)', substituted: `2×${d}×(2×${H}×${P} + 2×${G}×${N} + ${H})` },
    { id: 'mamba_conv', label: 'Mamba-2 depthwise conv1d (multiply-adds)', forwardPerRepeat: 2 * K * (inner + 2 * G * N), formula: '2·K·(H·P + 2·G·N)', substituted: `2×${K}×(${H}×${P} + 2×${G}×${N})` },
    scan('ssd_scores', 'SSD C·Bᵀ within chunks', 2 * c * Q * Q * G * N, perChunks('2·Q·G·N', `2×${Q}×${G}×${N}`)),
    scan('ssd_values', 'SSD masked (C·Bᵀ)·X within chunks', 2 * c * Q * Q * H * P, perChunks('2·Q·H·P', `2×${Q}×${H}×${P}`)),
    scan('ssd_states', 'SSD chunk states Bᵀ·X', 2 * c * Q * H * P * N, states),
    scan('ssd_passing', 'SSD state passing between chunks', 2 * (c + 1) ** 2 * H * P * N, ['2·(c+1)²·H·P·N / s, c = ⌈s/Q⌉', `2×${c + 1}²×${H}×${P}×${N} / ${s}`]),
    scan('ssd_output', 'SSD state to output C·state', 2 * c * Q * H * P * N, states),
    { id: 'mamba_out_proj', label: 'Mamba-2 out_proj', forwardPerRepeat: 2 * inner * d, formula: '2·H·P·d', substituted: `2×${H}×${P}×${d}` },
  ];
}

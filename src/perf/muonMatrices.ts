/**
 * The weight matrices Muon orthogonalises on one GPU of the busiest pipeline stage (muon.ts says which
 * parameters Muon takes), in Megatron-Core's shapes: a weight is stored [out, in]; a column-parallel
 * linear splits its rows (out) over the tensor-parallel ranks, a row-parallel one its columns (in).
 * - attention: the fused q/k/v projection (`linear_qkv`, one matrix: muon.py as read builds
 *   TensorParallelMuon with `split_qkv=False`, "TODO(deyuf): support qkv split"; later versions default
 *   `muon_split_qkv: True`, orthogonalising q, k and v apart, a little less work: the fused matrix is
 *   the upper bound) and the output projection, or MLA's down, up and output projections
 *   (attentionProjections.ts: the down projections whole on every TP rank);
 * - a dense FFN: `linear_fc1` (gate and up fused, 2·d_ff rows for SwiGLU, Megatron --swiglu) and `linear_fc2`;
 * - a MoE layer: the router [E, d] (2-D and not an embedding: Muon), each local expert's fc1 and fc2
 *   split over the expert-tensor-parallel ranks (one weight per expert: Transformer Engine's
 *   GroupedLinear `weight{i}`), the shared experts as one MLP (Megatron SharedExpertMLP, width
 *   moe_shared_expert_intermediate_size) split over tp;
 * - a multi-token-prediction module: `eh_proj` [d, 2d] (column-parallel) and one transformer layer.
 * The busiest stage is the last (⌈L/pp⌉ layers with the largest share of MoE layers, as stageParams.ts,
 * and the MTP modules); DualPipe's end rank holds the first and the last stage.
 */
import { layerCounts, type Architecture } from '../model/architecture.js';
import { attentionProjectionShapes } from './attentionProjections.js';
import type { Layout } from './layout.js';

export interface MuonMatrix {
  /** The whole matrix, [out, in] as Megatron stores the weight. */
  rows: number;
  cols: number;
  /** How many such matrices the GPU holds. */
  count: number;
  /** The dimension split over `group` ranks (0: rows, column-parallel; 1: columns, row-parallel); null: whole on every rank. */
  split: 0 | 1 | null;
  /** The tensor-parallel group the split runs over (tp, or etp for routed experts); 1 when whole. */
  group: number;
  /** A routed expert's: its data-parallel group is the expert-data-parallel one (layout.ts expertDataParallel). */
  expert: boolean;
}

/** FFN fc1 rows per unit of width: SwiGLU fuses gate and up (Megatron --swiglu), GELU has one. */
const fc1Rows = (arch: Architecture, width: number) => (arch.ffn === 'swiglu' ? 2 : 1) * width;

function pushFfn(out: MuonMatrix[], arch: Architecture, width: number, count: number, group: number, expert: boolean) {
  const d = arch.dModel;
  out.push({ rows: fc1Rows(arch, width), cols: d, count, split: group > 1 ? 0 : null, group, expert });
  out.push({ rows: d, cols: width, count, split: group > 1 ? 1 : null, group, expert });
}

/** One layer's matrices, `count` times: attention, then a dense FFN or a MoE layer. */
function pushLayer(out: MuonMatrix[], arch: Architecture, l: Pick<Layout, 'tp' | 'ep' | 'etp'>, moe: boolean, count: number) {
  if (count <= 0) return;
  const whole = attentionProjectionShapes(arch, 1, 1, 1);
  const shard = attentionProjectionShapes(arch, 1, l.tp, 1);
  whole.forEach((w, i) => {
    const s = shard[i]!;
    const split = s.N < w.N ? 0 : s.K < w.K ? 1 : null;
    out.push({ rows: w.N, cols: w.K, count, split, group: split === null ? 1 : l.tp, expert: false });
  });
  const m = arch.moe;
  if (!moe || !m) {
    pushFfn(out, arch, arch.dFf, count, l.tp, false);
    return;
  }
  out.push({ rows: m.experts, cols: arch.dModel, count, split: null, group: 1, expert: false });
  pushFfn(out, arch, m.dFfExpert, (count * m.experts) / l.ep, l.etp, true);
  if (m.sharedExperts > 0) pushFfn(out, arch, m.sharedExperts * m.dFfShared, count, l.tp, false);
}

/** The Muon matrices on one GPU of the busiest stage (see the file comment). */
export function muonMatrices(arch: Architecture, l: Pick<Layout, 'tp' | 'pp' | 'ep' | 'etp' | 'schedule'>): MuonMatrix[] {
  const out: MuonMatrix[] = [];
  const perStage = Math.ceil(arch.layers / l.pp);
  const moeInStage = Math.min(perStage, layerCounts(arch).moe);
  const stages = l.schedule === 'dualpipe' ? 2 : 1;
  pushLayer(out, arch, l, false, stages * (perStage - moeInStage));
  pushLayer(out, arch, l, true, stages * moeInStage);
  if (arch.mtpDepth > 0) {
    const d = arch.dModel;
    out.push({ rows: d, cols: 2 * d, count: arch.mtpDepth, split: l.tp > 1 ? 0 : null, group: l.tp, expert: false });
    pushLayer(out, arch, l, arch.moe !== null && layerCounts(arch).moe > 0, arch.mtpDepth);
  }
  return out;
}

/** Elements of the matrices on the GPU (each rank's shard of a split one). */
export function muonElements(ms: readonly MuonMatrix[]): number {
  let s = 0;
  for (const m of ms) s += (m.count * m.rows * m.cols) / m.group;
  return s;
}

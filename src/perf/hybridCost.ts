/**
 * The layer costs of a hybrid Mamba-2 / Transformer (src/model/hybrid.ts): each layer is ONE mixer with
 * its own pre-norm and residual add (transformers modeling_nemotron_h.py NemotronHBlock; Megatron-Core
 * megatron/core/ssm/mamba_block.py MambaStack builds a MambaLayer, a TransformerLayer with attention only,
 * an MLPLayer or a MoE layer per pattern character): a Mamba-2 mixer (mambaCost.ts), attention alone, an
 * MLP alone or a MoE alone. layerCost.ts composes each kind with the same `part` rule as a transformer
 * layer (the GEMM passes, the element-wise passes, TP traffic, the forward and weight-gradient shares),
 * from the mixer half given here and the FFN parts it already costs; a pipeline stage is then the sum over
 * the layers it holds (step.ts, with the split of {@link hybridStageCounts}).
 */
import type { Architecture } from '../model/architecture.js';
import type { Layout } from './layout.js';
import type { LayerCostInputs, PartCost } from './layerCost.js';
import type { Machine } from './machine.js';
import { mambaHalf } from './mambaCost.js';

/**
 * A layer's mixer half as layerCost.ts `part` composes it with an FFN half: its GEMMs (one pass), the
 * matrix work outside them (the attention core, the SSD scan: all passes, and the forward's), its
 * element-wise bytes per forward pass (norms and residual adds included), the unfused softmax's bytes
 * (layerCost.ts), kernels per pass, and its TP and CP traffic.
 */
export interface MixerHalf {
  gemm: number;
  coreTotal: number;
  coreFwd: number;
  ewFwd: number;
  softmaxBytes: number;
  kernels: number;
  tpComm: number;
  tpFwd: number;
  cp: number;
}

export const HYBRID_KINDS = ['mamba', 'attention', 'mlp', 'moe'] as const;
export type HybridKind = (typeof HYBRID_KINDS)[number];
export type HybridKindCosts = Record<HybridKind, PartCost>;

export function mapKinds<T>(f: (k: HybridKind) => T): Record<HybridKind, T> {
  return { mamba: f('mamba'), attention: f('attention'), mlp: f('mlp'), moe: f('moe') };
}

/** What layerCost.ts has computed for a whole transformer layer that a hybrid layer's halves reuse. */
export interface LayerPieces {
  attnGemm: number;
  coreTotal: number;
  coreFwd: number;
  softmaxBytes: number;
  /** The whole layer's TP traffic (two blocks) and its forward share. */
  tpComm: number;
  tpFwd: number;
  cp: number;
  /** Tokens per GPU per micro-batch, and the share of replicated element-wise work on a rank (1/tp with SP). */
  T: number;
  rep: number;
  gemmPasses: number;
  /** FP8 quantisation bytes per element per pass, unfused and written by the norm (layerCost.ts). */
  q: number;
  qNorm: number;
  /** One block's pre-norm and residual add, per forward (hybrids have block_norms 1: schema.ts). */
  blockBytes: number;
  /** The attention block's own element-wise bytes per forward: RoPE and the FP8 quantisation of its linears. */
  headBytes: number;
}

/** The three mixer halves of a hybrid's layers: attention, none (an MLP or MoE layer) and the Mamba-2 mixer. */
export function hybridHalves(arch: Architecture, mc: Machine, x: LayerCostInputs, p: LayerPieces): { attention: MixerHalf; ffnOnly: MixerHalf; mamba: MixerHalf } {
  // One block of the two a transformer layer has: its in and out projections issue half the layer's TP
  // collectives (Shoeybi et al. 2019 §3: one all-reduce forward and one backward per block; with SP an
  // all-gather before the column-parallel and a reduce-scatter after the row-parallel linear).
  const tpComm = p.tpComm / 2;
  const tpFwd = p.tpFwd / 2;
  // Kernels per element-wise pass: the norm and the residual add of the block (passes.ts elementwiseKernels
  // counts one each per block), RoPE, and the softmax/dropout or the FFN activation of the block.
  const rope = arch.position === 'rotary' ? 1 : 0;
  const attention: MixerHalf = { gemm: p.attnGemm, coreTotal: p.coreTotal, coreFwd: p.coreFwd, ewFwd: p.blockBytes + p.headBytes, softmaxBytes: p.softmaxBytes, kernels: 2 + rope + 1, tpComm, tpFwd, cp: p.cp };
  const ffnOnly: MixerHalf = { gemm: 0, coreTotal: 0, coreFwd: 0, ewFwd: p.blockBytes, softmaxBytes: 0, kernels: 2 + 1, tpComm, tpFwd, cp: 0 };
  const mixer = arch.hybrid!.mixer;
  const mamba = mixer ? mambaHalf(arch, mixer, mc, x, { ...p, tpComm, tpFwd, kernels: 2 }) : ffnOnly;
  return { attention, ffnOnly, mamba };
}

type Part = (ffnGemm: number, ffnEw: number, epComm: number, epFwd: number, extraKernels?: number, other?: { total: number; forward: number }, a?: MixerHalf) => PartCost;

/** The four kinds' costs: the mixer alone (Mamba-2, attention), the MLP or the MoE alone. */
export function hybridKindCosts(hy: { attention: MixerHalf; ffnOnly: MixerHalf; mamba: MixerHalf }, part: Part, dense: { gemm: number; ewBytes: number }, clampKernels: number, moe: PartCost | null): HybridKindCosts {
  const mlp = part(dense.gemm, dense.ewBytes, 0, 0, clampKernels, undefined, hy.ffnOnly);
  return {
    mamba: part(0, 0, 0, 0, 0, undefined, hy.mamba),
    attention: part(0, 0, 0, 0, 0, undefined, hy.attention),
    mlp,
    moe: moe ?? mlp, // no E layers without a `moe:` block (the pattern's E count is then 0)
  };
}

/**
 * Layers of each kind on each pipeline stage, as Megatron-Core splits the pattern: stage r holds layers
 * [r·⌊L/pp⌋, (r+1)·⌊L/pp⌋) (megatron/core/ssm/mamba_block.py MambaStack._select_layers_for_pipeline_parallel,
 * NVIDIA/Megatron-LM 00bebb45: `num_layers_per_pipeline_rank = num_layers // pp`, `offset = rank ×
 * num_layers_per_pipeline_rank`; layoutRules.ts refuses pp not dividing the layers). Row r: counts of
 * HYBRID_KINDS in order. Cached per pattern and pp (the planner asks once per layout).
 */
export function hybridStageCounts(pattern: string, pp: number): Int32Array {
  const key = `${pp}|${pattern}`;
  const hit = STAGES.get(key);
  if (hit) return hit;
  const per = Math.floor(pattern.length / pp);
  const out = new Int32Array(4 * pp);
  const slot: Record<string, number> = { M: 0, '*': 1, '-': 2, E: 3 };
  for (let r = 0; r < pp; r++) for (let i = r * per; i < (r + 1) * per; i++) out[4 * r + slot[pattern[i]!]!]! += 1;
  STAGES.set(key, out);
  return out;
}
const STAGES = new Map<string, Int32Array>();

/** Scratch for {@link busiestHybridStage} (allocation-free). */
export class StageSums {
  compute = NaN;
  memoryBound = NaN;
  tp = NaN;
  ep = NaN;
  cp = NaN;
  forward = NaN;
  weightGrad = NaN;
  stage = 0;
}

/**
 * The busiest pipeline stage per micro-batch (its compute + memory-bound work + exposed traffic), the one
 * the step time charges (step.ts: every stage waits for the slowest, Narayanan et al. 2021 §2.2): the sum
 * over the layers it holds, the last stage with `headShare` of the output layer (`logits`).
 */
export function busiestHybridStage(costs: HybridKindCosts, logits: PartCost, counts: Int32Array, pp: number, headShare: number, out: StageSums): StageSums {
  let best = -1;
  for (let r = 0; r < pp; r++) {
    const head = r === pp - 1 ? headShare : 0;
    const sum = (f: keyof PartCost) => counts[4 * r]! * costs.mamba[f] + counts[4 * r + 1]! * costs.attention[f] + counts[4 * r + 2]! * costs.mlp[f] + counts[4 * r + 3]! * costs.moe[f] + head * logits[f];
    const busy = sum('compute') + sum('memoryBound') + sum('tp') + sum('ep') + sum('cp');
    if (busy > best) {
      best = busy;
      out.compute = sum('compute');
      out.memoryBound = sum('memoryBound');
      out.tp = sum('tp');
      out.ep = sum('ep');
      out.cp = sum('cp');
      out.forward = sum('forward');
      out.weightGrad = sum('weightGrad');
      out.stage = r;
    }
  }
  return out;
}

/** Layers per stage of a hybrid layout (⌊L/pp⌋ each, layoutRules.ts `hybrid-pp-layers` makes it exact). */
export function hybridLayersPerStage(arch: Architecture, l: Pick<Layout, 'pp'>): number {
  return Math.floor(arch.layers / l.pp);
}

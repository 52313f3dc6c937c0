/**
 * The last stage's extra work per micro-batch (layerCost.ts LayerCosts.logits): the output layer with its
 * cross-entropy, and the multi-token-prediction modules where the model has them.
 */
import { mtpBlockIsMoe, type Architecture } from '../model/architecture.js';
import type { PartCost } from './layerCost.js';
import { gemmSeconds, streamSeconds, type Machine } from './machine.js';
import { allReduceSeconds, type Link } from './network.js';

export function headCost(arch: Architecture, mc: Machine, x: { T: number; t: number; rep: number; tpLink: Link; gemmPasses: number; ewPasses: number }, denseCost: PartCost, moeCost: PartCost): PartCost {
  const { T, t, rep, tpLink, gemmPasses, ewPasses } = x;
  const h = arch.dModel;
  // Output layer on the last stage: logits GEMM (3 passes) and fp32 cross-entropy over T·V/t: the logits
  // are read and written 3 times (max, exp-sum, gradient; Megatron's vocab-parallel cross-entropy), the
  // hidden input read 3 times (fp32), in 6 kernels (3 passes × forward/backward). Counted, not measured.
  // The output head stays BF16 in FP8 recipes (DeepSeek-V3 §3.3.1).
  const logitsGemm = gemmSeconds(mc, T, h, arch.vocab / t, 1, true);
  const logitsMem = streamSeconds(mc, 3 * 2 * 4 * T * (arch.vocab / t) + 3 * 4 * h * T * rep, 6);
  const logitsTp = t > 1 ? 2 * allReduceSeconds(4 * T, t, tpLink) : 0; // vocab-parallel CE: max and sum-exp per token (fp32)
  const head: PartCost = {
    compute: 3 * logitsGemm,
    memoryBound: logitsMem,
    tp: logitsTp,
    ep: 0,
    cp: 0,
    forward: logitsGemm + logitsMem / 3 + logitsTp,
    weightGrad: logitsGemm,
  };
  // Multi-token prediction (DeepSeek-V3 §2.2), on the last stage as Megatron-Core places it: per module
  // two RMSNorms and the 2d→d projection M_k (3 GEMM passes, 4 with full recompute, as a layer), one block
  // like the last layer, and the shared head with its cross-entropy again.
  const D = arch.mtpDepth;
  let logits = head;
  if (D > 0) {
    const block = mtpBlockIsMoe(arch) ? moeCost : denseCost;
    const proj = gemmSeconds(mc, T, 2 * h, h / t);
    const normMem = streamSeconds(mc, ewPasses * T * 2 * 4 * h * rep, ewPasses * 2);
    const sum = (k: keyof PartCost) => head[k] + D * block[k];
    logits = {
      compute: sum('compute') + D * (gemmPasses * proj + head.compute),
      memoryBound: sum('memoryBound') + D * (normMem + head.memoryBound),
      tp: sum('tp') + D * head.tp,
      ep: D * block.ep,
      cp: D * block.cp,
      forward: sum('forward') + D * (proj + normMem / ewPasses + head.forward),
      weightGrad: sum('weightGrad') + D * (proj + head.weightGrad),
    };
  }
  return logits;
}

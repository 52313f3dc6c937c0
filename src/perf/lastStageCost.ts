/**
 * The last pipeline stage's work beyond its transformer layers, per micro-batch on one GPU: the
 * output layer with its cross-entropy and, with multi-token prediction, the MTP modules (the
 * `head` and `logits` of partCost.ts LayerCosts).
 */
import type { Architecture } from '../model/architecture.js';
import { gemmSeconds, streamSeconds, type Machine } from './machine.js';
import { allReduceSeconds, type Link } from './network.js';
import type { PartCost } from './partCost.js';

/**
 * Output layer: logits GEMM (3 passes) and fp32 cross-entropy over T·V/t: the logits are read and
 * written 3 times (max, exp-sum, gradient; Megatron's vocab-parallel cross-entropy), the hidden input
 * read 3 times (fp32), in 6 kernels (3 passes × forward/backward). Counted, not measured.
 * The output head stays BF16 in FP8 recipes (DeepSeek-V3 §3.3.1). `tokens`: T per GPU per
 * micro-batch; `rep`: the share of replicated element-wise work each rank does (1/t with SP).
 */
export function outputLayerCost(arch: Architecture, mc: Machine, tokens: number, t: number, rep: number, tpLink: Link): PartCost {
  const T = tokens;
  const h = arch.dModel;
  const logitsGemm = gemmSeconds(mc, T, h, arch.vocab / t, 1, true);
  const logitsMem = streamSeconds(mc, 3 * 2 * 4 * T * (arch.vocab / t) + 3 * 4 * h * T * rep, 6);
  const logitsTp = t > 1 ? 2 * allReduceSeconds(4 * T, t, tpLink) : 0; // vocab-parallel CE: max and sum-exp per token (fp32)
  return {
    compute: 3 * logitsGemm,
    memoryBound: logitsMem,
    tp: logitsTp,
    ep: 0,
    cp: 0,
    forward: logitsGemm + logitsMem / 3 + logitsTp,
    weightGrad: logitsGemm,
  };
}

/**
 * The output layer with multi-token prediction's D modules (DeepSeek-V3 §2.2), on the last stage as
 * Megatron-Core places it: per module two RMSNorms and the 2d→d projection M_k (3 GEMM passes, 4 with
 * full recompute, as a layer: `passes`), one block like the last layer (`block`), and the shared head
 * with its cross-entropy again. The head itself when D is 0.
 */
export function withMtpModules(arch: Architecture, mc: Machine, head: PartCost, block: PartCost, tokens: number, t: number, rep: number, passes: number): PartCost {
  const D = arch.mtpDepth;
  if (!(D > 0)) return head;
  const T = tokens;
  const h = arch.dModel;
  const proj = gemmSeconds(mc, T, 2 * h, h / t);
  const normMem = streamSeconds(mc, passes * T * 2 * 4 * h * rep, passes * 2);
  const sum = (k: keyof PartCost) => head[k] + D * block[k];
  return {
    compute: sum('compute') + D * (passes * proj + head.compute),
    memoryBound: sum('memoryBound') + D * (normMem + head.memoryBound),
    tp: sum('tp') + D * head.tp,
    ep: D * block.ep,
    cp: D * block.cp,
    forward: sum('forward') + D * (proj + normMem / passes + head.forward),
    weightGrad: sum('weightGrad') + D * (proj + head.weightGrad),
  };
}

/**
 * Stored activations per transformer layer per micro-batch, in bytes, after Korthikanti et al.
 * 2022 §4 (16-bit activations, 1-byte dropout masks), generalised to GQA, gated FFNs and MoE:
 *
 *   replicated across TP (÷t only with sequence parallelism): norm inputs 2sbh each, the inputs
 *   of attention and MLP 2sbh each, two dropout masks sbh each                 → 10sbh for GPT
 *   split by TP: Q and K 2sb(q+k widths), V 2sb·kv, projection input 2sb·q, MLP inner 4sb·F (GeLU:
 *   input of GeLU and of the second linear) or 6sb·F (gated)                  → 24sbh/t for GPT
 *   attention scores (dropped by selective recompute or flash attention): 5as²b/t
 *
 * For GPT (F = 4h, MHA) this is Table 2: sbh(10 + 24/t + 5as/(ht)); with SP sbh(34/t + 5as/(ht));
 * full recomputation keeps only each layer's input, 2sbh (÷t with SP).
 *
 * FP8 linears (Transformer Engine) keep their inputs for the weight gradient in FP8, 1 byte per element
 * instead of 2: `LayerNormLinear` saves its FP8 norm output (the QKV and first-MLP inputs) and `Linear`
 * its FP8 input (the projection and second-MLP inputs) (NVIDIA/TransformerEngine
 * transformer_engine/pytorch/module/{layernorm_linear,linear}.py, `ctx.save_for_backward` of the
 * quantised input; counted from that code path, not measured). The norm inputs, Q/K/V for the
 * attention core and the gated activation's input stay 16-bit.
 */
import { layerCounts, type Architecture } from '../model/architecture.js';
import type { Layout } from './layout.js';
import { cpTransientBytes, P2P, type CpComm } from './cpComm.js';
import { DEFAULT_RECOMPUTE_MODULES, rerunsCoreAttention, separateNormsPerLayer, type RecomputeModule } from '../flops/recomputeModules.js';
import { policyLinears } from '../flops/rematPolicy.js';
import type { BlockLinear } from '../flops/opCheckpoint.js';

export interface ActivationShape {
  seqLen: number;
  microBatch: number;
  flashAttention: boolean;
  /** Bytes per saved linear-layer input: 2 (16-bit), 1 with FP8 linears (the GEMM operand size). Default 2. */
  linearInputBytes?: number | undefined;
  /**
   * Routed-expert rows on the GPU over the balanced count (moeCost.ts moeLoadFactor): the slowest
   * rank's load, or the capacity factor when experts are padded. The step model waits for that rank,
   * and memory must fit on it: both read the same factor. Default 1.
   */
  moeLoadFactor?: number | undefined;
  /** With recompute 'selective': Megatron-Core's recompute_modules (flops/recomputeModules.ts). Default core_attn. */
  recomputeModules?: readonly RecomputeModule[] | undefined;
  /** How the context-parallel ranks exchange the attention's inputs (cpComm.ts): all_gather holds the gathered K/V for a moment. Default p2p. */
  cpComm?: CpComm | undefined;
}

/** Bytes per layer per micro-batch on one GPU (activationBytesPerLayer). */
export interface LayerActivations {
  /** Kept between forward and backward under the layout's recompute policy (none/selective). */
  stored: number;
  /** Everything a layer keeps without recomputation (the working set while recomputing). */
  full: number;
  /** The layer input kept by full recomputation. */
  checkpoint: number;
  /** Held while one layer runs, beside the stored activations (cpComm.ts cpTransientBytes: all_gather's gathered K/V); memory.ts adds it to the working set. */
  transient?: number;
}

/** Attention widths: query, key, value (per token, all heads). */
export function attentionWidths(arch: Architecture): { q: number; k: number; v: number } {
  if (arch.mla) {
    const m = arch.mla;
    return { q: arch.heads * (m.qkNopeHeadDim + m.qkRopeHeadDim), k: arch.heads * (m.qkNopeHeadDim + m.qkRopeHeadDim), v: arch.heads * m.vHeadDim };
  }
  return { q: arch.heads * arch.dHead, k: arch.kvHeads * arch.dHead, v: arch.kvHeads * arch.dHead };
}

/**
 * FFN inner width per token (routed experts × top-k × their load, plus shared experts for MoE).
 * Averaged over layers.
 */
function ffnInnerWidth(arch: Architecture, moeLoadFactor = 1): number {
  if (!arch.moe) return arch.dFf;
  const m = arch.moe;
  const moeWidth = m.topK * m.dFfExpert * moeLoadFactor + m.sharedExperts * m.dFfShared;
  const { dense, moe } = layerCounts(arch);
  return (dense * arch.dFf + moe * moeWidth) / arch.layers;
}

export function activationBytesPerLayer(arch: Architecture, layout: Pick<Layout, 'tp' | 'cp' | 'sequenceParallel' | 'recompute'>, shape: ActivationShape): LayerActivations {
  const t = layout.tp;
  const s = shape.seqLen / layout.cp;
  const b = shape.microBatch;
  const h = arch.dModel;
  const sb = s * b;
  const w = attentionWidths(arch);
  const F = ffnInnerWidth(arch, shape.moeLoadFactor);
  const inputs = arch.parallelBlock ? 1 : 2;
  const o = shape.linearInputBytes ?? 2;
  const replicated = sb * (2 * h * arch.blockNorms + o * h * inputs + 2 * h); // norms, block inputs, 2 masks (sbh each)
  const split = sb * (qkvBytesPerToken(w) + o * w.q + ffnBytesPerWidth(arch, o) * F);
  const scores = 5 * arch.heads * s * s * b; // softmax 2as²b + mask as²b + dropout output 2as²b
  const lse = 4 * arch.heads * s * b; // flash attention keeps the fp32 log-sum-exp instead
  const sp = layout.sequenceParallel ? t : 1;
  const attnCore = shape.flashAttention ? lse : scores;
  const full = replicated / sp + (split + attnCore) / t;
  const transient = cpTransientBytes(w, { tp: t, cp: layout.cp, microBatch: b, seqLen: shape.seqLen }, shape.cpComm ?? P2P);
  if (layout.recompute !== 'selective') return { stored: full, full, checkpoint: (2 * sb * h) / sp, transient };
  const modules = shape.recomputeModules ?? DEFAULT_RECOMPUTE_MODULES;
  const linears = policyLinears(arch, modules, o < 2);
  if (linears !== undefined) return { stored: policyStoredBytes(linears, !rerunsCoreAttention(modules), modules.includes('op'), arch, layout, sb), full, checkpoint: (2 * sb * h) / sp, transient };
  const selective = replicated / sp + (split + (shape.flashAttention ? lse : 0)) / t;
  // core_attn (Korthikanti §5): the scores, or nothing more than flash attention already drops (its
  // log-sum-exp stays: the checkpoint keeps q, k, v and reruns the kernel). The other modules drop what
  // recomputeModuleBytes counts, from the same terms.
  const afterCore = modules.includes('core_attn') ? selective : full;
  // core_attn alone (the default) frees nothing more: the planner's hot path skips the other modules' count.
  const freed = modules.length === 1 && modules[0] === 'core_attn' ? 0 : recomputeModuleBytes(arch, layout, shape, modules);
  return { stored: afterCore - freed, full, checkpoint: (2 * sb * h) / sp, transient };
}

/**
 * What a saved-tensor policy keeps of a dense block per micro-batch, 16-bit but the fp32 log-sum-exp: the block's input
 * (the checkpoint's; sequence-sharded with SP), the output of each kept linear (`linears`: TorchTitan's op policy,
 * flops/opCheckpoint.ts, with FP8 linears none; a MaxText remat policy, flops/rematPolicy.ts) — a column-parallel one's
 * sharded by tp, a row-parallel one's the full-width partial sum each rank's matmul returns before its reduction — the
 * attention kernel's output and log-sum-exp (heads sharded by tp) where the policy keeps them (`keepsCore`: where it does not
 * rerun the core, recomputeModules.ts rerunsCoreAttention: the op policy's save list; MaxText's `context`), and under the op policy with sequence parallelism the two reduce-scatters' outputs (in
 * its save list whatever the count; `op`). Everything else is rebuilt in the backward pass, one layer at a time (the
 * `full` working set).
 */
function policyStoredBytes(linears: readonly BlockLinear[], keepsCore: boolean, op: boolean, arch: Architecture, layout: Pick<Layout, 'tp' | 'sequenceParallel'>, sb: number): number {
  const t = layout.tp;
  const h = arch.dModel;
  const sp = layout.sequenceParallel ? t : 1;
  let bytes = (2 * sb * h) / sp + (keepsCore ? (2 * sb * arch.heads * arch.dHead + 4 * arch.heads * sb) / t : 0);
  for (const l of linears) if (l.saved) bytes += l.rowParallel ? 2 * sb * l.outWidth : (2 * sb * l.outWidth) / t;
  return op && t > 1 && layout.sequenceParallel ? bytes + 2 * ((2 * sb * h) / t) : bytes;
}

/** The attention core's saved inputs per token, Q, K and V in 16 bits: 2(q + k) + 2v (the count above; mla_up_proj frees them). */
const qkvBytesPerToken = (w: { q: number; k: number; v: number }): number => 2 * (w.q + w.k) + 2 * w.v;

/** An FFN's saved bytes per unit of width: the activation's input (2F gated, F otherwise, 16-bit) and the second linear's input (o bytes); mlp frees them. */
const ffnBytesPerWidth = (arch: Pick<Architecture, 'ffn'>, o: number): number => (arch.ffn === 'swiglu' ? 4 : 2) + o;

/**
 * Bytes per layer (averaged over the layers) a micro-batch no longer keeps for the modules other than
 * core_attn, each one term of activationBytesPerLayer's count (Megatron-Core, cited in recomputeModules.ts):
 *   layernorm: the output of each norm that is its own module (flops/recomputeModules.ts separateNorms), the next linear's
 *     saved input, o·sbh each (replicated, ÷t with SP). transformer_layer.py wraps the norm in
 *     CheckpointWithoutOutput and discards its output after the linear has run; with FP8 the linear is
 *     told to keep that original input (set_for_recompute_input_layernorm / set_save_original_input) rather
 *     than a quantised copy, so nothing of it stays.
 *   moe_act: the routed experts' second-linear input, o·sb·F_routed/t (experts.py wraps the activation in
 *     CheckpointWithoutOutput; its input, the first linear's output, stays).
 *   mla_up_proj: MLA's queries, keys and values, the attention core's saved inputs, 2·sb·(q + k + v)/t
 *     (multi_latent_attention.py wraps the up-projections and RoPE in CheckpointWithoutOutput and discards
 *     their output once the core has run; the low-rank latents they read stay).
 *   mlp: a dense layer's MLP internals: its fused norm's output (o·sbh, replicated) and the FFN terms
 *     (activation input and second-linear input, ffnMult·sb·F/t). transformer_layer.py checkpoints the whole
 *     MLP (tensor_parallel.checkpoint), keeping only its input, the residual stream the norm reads.
 *   moe: an MoE layer's FFN terms, routed (k·F_e at its load) and shared (n_s·F_s), ffnMult·sb·F/t: moe_layer.py
 *     checkpoints the whole MoE forward, keeping its input, the pre-MLP norm's output, which stays (it is
 *     outside the checkpoint; layernorm frees it). Its routed terms include moe_act's, counted once.
 *   shared_experts: the shared experts' FFN terms, ffnMult·sb·n_s·F_s/t (moe_layer.py checkpoints them alone, keeping
 *     the same input); within moe's when both are named.
 * OLMo-core's modules (recomputeModules.ts OLMO_CORE_MODULE_NAMES: a ptd_checkpoint_wrapper keeps the module's input, the
 * norm's output, which the first linears kept anyway):
 *   feed_forward: a dense layer's FFN terms, ffnMult·sb·F/t (mlp's less the norm's output).
 *   attention: Q, K, V and the output projection's input, sb·(2(q + k) + 2v + o·q)/t, and the core's own: the scores
 *     5as²b/t, or flash attention's log-sum-exp 4asb/t.
 */
export function recomputeModuleBytes(arch: Architecture, layout: Pick<Layout, 'tp' | 'cp' | 'sequenceParallel'>, shape: ActivationShape, modules: readonly RecomputeModule[]): number {
  const t = layout.tp;
  const sb = (shape.seqLen / layout.cp) * shape.microBatch;
  const h = arch.dModel;
  const o = shape.linearInputBytes ?? 2;
  const sp = layout.sequenceParallel ? t : 1;
  const { dense, moe } = layerCounts(arch);
  let bytes = 0;
  if (modules.includes('layernorm')) {
    bytes += (sb * o * h * separateNormsPerLayer(arch)) / sp;
  }
  if (modules.includes('mla_up_proj') && arch.mla) {
    bytes += (sb * qkvBytesPerToken(attentionWidths(arch))) / t;
  }
  if (arch.moe) {
    // A token's routed expert width (the load factor's imbalance included), per MoE layer; the share of layers that are MoE.
    const routed = arch.moe.topK * arch.moe.dFfExpert * (shape.moeLoadFactor ?? 1);
    const moeShare = moe / arch.layers;
    const wholeMoe = modules.includes('moe');
    // moe_act: the routed experts' second-linear input (moe, which checkpoints the whole layer, frees it with the rest).
    if (modules.includes('moe_act') && !wholeMoe) bytes += (moeShare * sb * o * routed) / t;
    if (wholeMoe || modules.includes('shared_experts')) {
      bytes += (moeShare * sb * ffnBytesPerWidth(arch, o) * ((wholeMoe ? routed : 0) + arch.moe.sharedExperts * arch.moe.dFfShared)) / t;
    }
  }
  if (modules.includes('mlp')) {
    const share = dense / arch.layers;
    bytes += share * ((sb * o * h) / sp + (sb * ffnBytesPerWidth(arch, o) * arch.dFf) / t);
  }
  if (modules.includes('feed_forward')) {
    bytes += (dense / arch.layers) * ((sb * ffnBytesPerWidth(arch, o) * arch.dFf) / t);
  }
  if (modules.includes('attention')) {
    const w = attentionWidths(arch);
    const core = shape.flashAttention ? 4 * arch.heads * sb : 5 * arch.heads * (shape.seqLen / layout.cp) * sb;
    bytes += (sb * (qkvBytesPerToken(w) + o * w.q) + core) / t;
  }
  return bytes;
}

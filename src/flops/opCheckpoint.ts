/**
 * TorchTitan's per-operator selective activation checkpointing (`recompute: selective` with `recompute_modules: [op]`,
 * stack torchtitan; TorchTitan's `activation_checkpoint.mode = "selective"`, `selective_ac_option = "op"`) on a dense
 * block: which of the block's linears keep their output and which run again in the backward pass. One rule for the FLOP
 * count (count.ts), the stored activations (perf/activations.ts) and the layer's time (perf/layerCost.ts).
 *
 * The policy (pytorch/torchtitan torchtitan/models/llama3/infra/parallelize.py @ 81c1243395b46ce693a0681cfe1bb20e9b9433fb,
 * `_apply_ac_to_transformer_block`): each block runs in a checkpoint whose policy keeps the output of every operator in
 * `_save_list` — `aten.mm`, the flash and memory-efficient SDPA kernels, the functional `reduce_scatter_tensor`,
 * `aten.max` — "except every second mm": a counter, fresh for each block (`meta = defaultdict(int)` in
 * `selective_checkpointing_context_fn`), counts the block's `aten.mm` calls, and the even-numbered ones are rerun, as is
 * every operator outside the list (norms, RoPE, the activation, residual adds, the sequence-parallel all-gathers). Later
 * versions keep the cuDNN and math SDPA kernels too (torchtitan/models/llama3/parallelize.py `_op_sac_save_list` @
 * ae3bea951da18fcb56d7480f96438ba346d51e81): whatever kernel runs the attention core, its output is kept.
 *
 * The order is the block's forward (torchtitan/models/llama3/model/model.py @ 018740b7aae7846d24954539244c78215dbd181f:
 * Attention.forward `self.wq(x), self.wk(x), self.wv(x)`, then `self.wo(output)`; FeedForward.forward
 * `self.w2(F.silu(self.w1(x)) * self.w3(x))`): q, k, v, o, then a gated FFN's w1, w3, w2 or a plain one's w1, w2. A
 * linear with a bias runs as one `aten.addmm` (pytorch/pytorch aten/src/ATen/native/LinearAlgebra.cpp @
 * b1b76f614d5f1899f8f49518836a504ff05bf847, `linear` and `_flatten_nd_linear`: `at::addmm(bias, ...)`), which the
 * list does not hold and the counter does not count: it is rerun. Under tensor parallelism q, k, v, w1, w3 are
 * column-parallel and o, w2 row-parallel (the same file's `apply_tp` layer plan).
 *
 * Every linear not kept reruns, the block's last too: TorchTitan passes `early_stop=ac_config.early_stop` to the checkpoint
 * (torchtitan/distributed/activation_checkpoint.py @ cfb93265153094f99736547f26b5346410181102 `_apply_op_sac`), whose
 * config default is False, so the recomputation runs the whole block; releases that passed none ran PyTorch's default
 * early stop, which skips a trailing linear whose output nothing in the backward needs (a GeLU block's w2; Llama keeps its w2):
 * for them the count is an upper bound.
 *
 * FP8 (or FP4) linears, torchao's float8 training, run `torch._scaled_mm` (torchao/float8 Float8Linear's matmul), which
 * the save list does not hold and the counter does not count: the policy then keeps no linear's output and reruns every
 * linear, keeping the attention kernel's output (and `aten.max`, the scales' amax, negligible). Modelled for a dense
 * sequential block (Llama's): MoE layers, latent attention, parallel blocks and Mamba layers are refused
 * (recomputeModules.ts moduleProblem).
 */
import { FFN_MATRICES, type Architecture } from '../model/architecture.js';

/** One linear of the block, in forward order. `component` is its FLOP-count component (count.ts). */
export interface BlockLinear {
  name: 'q' | 'k' | 'v' | 'o' | 'w1' | 'w3' | 'w2';
  component: 'attn_qkv' | 'attn_out' | 'ffn';
  inWidth: number;
  outWidth: number;
  /** Row-parallel under tensor parallelism (o, w2): its output is a full-width partial sum on each rank. */
  rowParallel: boolean;
  /** Kept by the checkpoint (an odd-numbered `aten.mm` of the block; under a MaxText policy, a tensor it names). */
  saved: boolean;
  /** Run again in the backward pass: the op policy reruns every linear it does not keep; a MaxText policy only those the backward needs (rematPolicy.ts). */
  reruns: boolean;
}

/** A dense block's linear as both saved-tensor policies read it (this file's op policy, rematPolicy.ts): its shape and whether it carries a bias. */
export type BlockLinearShape = Omit<BlockLinear, 'saved' | 'reruns'> & { biased: boolean };

/**
 * The dense block's linears in forward order (TorchTitan's model.py and MaxText's decoder layer alike: q, k, v, o, then the
 * FFN's w1, w3, w2 or w1, w2), their widths and tensor-parallel kind; a linear is biased where the architecture's bias
 * covers it (q, k, v from `qkv` on, the rest only with `all`).
 */
export function blockLinearShapes(arch: Architecture): BlockLinearShape[] {
  const d = arch.dModel;
  const q = arch.heads * arch.dHead;
  const kv = arch.kvHeads * arch.dHead;
  const F = arch.dFf;
  const qkvBias = arch.bias !== 'none';
  const outBias = arch.bias === 'all';
  // name, component, in and out widths, row-parallel, biased
  type Spec = [BlockLinear['name'], BlockLinear['component'], number, number, boolean, boolean];
  const spec: Spec[] = [
    ['q', 'attn_qkv', d, q, false, qkvBias],
    ['k', 'attn_qkv', d, kv, false, qkvBias],
    ['v', 'attn_qkv', d, kv, false, qkvBias],
    ['o', 'attn_out', q, d, true, outBias],
    ['w1', 'ffn', d, F, false, outBias],
    ...(FFN_MATRICES[arch.ffn] === 3 ? [['w3', 'ffn', d, F, false, outBias] as Spec] : []),
    ['w2', 'ffn', F, d, true, outBias],
  ];
  return spec.map(([name, component, inWidth, outWidth, rowParallel, biased]) => ({ name, component, inWidth, outWidth, rowParallel, biased }));
}

/** The dense block's linears in forward order, each saved or rerun under the op policy; `lowPrecision`: FP8 / FP4 linears (none kept). */
export function opSacLinears(arch: Architecture, lowPrecision = false): BlockLinear[] {
  let mm = 0;
  return blockLinearShapes(arch).map(({ biased, ...shape }) => {
    const counted = !biased && !lowPrecision; // an addmm or a _scaled_mm: not an aten.mm
    if (counted) mm += 1;
    const saved = counted && mm % 2 === 1;
    return { ...shape, saved, reruns: !saved };
  });
}

/** Forward FLOPs per token that `linears` (opSacLinears, rematPolicy.ts policyLinears) rerun in a component (count.ts id): 2·in·out of each rerun linear. */
export function rerunLinearFlops(linears: readonly BlockLinear[], component: string): number {
  return linears.filter((l) => l.component === component && l.reruns).reduce((t, l) => t + 2 * l.inWidth * l.outWidth, 0);
}

/**
 * ZeRO++ (Wang et al. 2023, "ZeRO++: Extremely Efficient Collective Communication for Giant Model Training",
 * arXiv:2306.10209; DeepSpeed's `zero_optimization` keys, deepspeed.ai/tutorials/zeropp): three switches on ZeRO-3's
 * collectives, each a small pure term here that dataParallel.ts (the step) and memory.ts (the states) add.
 *
 * - qwZ (`zero_quantized_weights`): every weight all-gather moves int8 weights and one fp32 scale per block instead of the
 *   16-bit weights (paper §3.1: "block-based quantization"; DeepSpeed partitioned_param_coordinator.py __all_gather_params
 *   passes quantize=self.zero_quantized_weights to every gather, forward and backward, primary or secondary).
 * - hpZ (`zero_hpz_partition_size`): a second copy of the 16-bit weights sharded over groups of that many ranks inside a
 *   node (§3.2), gathered there instead of over the whole shard group.
 * - qgZ (`zero_quantized_gradients`): the gradient reduce-scatter becomes an int4 all-to-all inside the node, a reduction,
 *   and an int4 all-to-all across the nodes (§3.3, "hierarchical all-to-all").
 *
 * A numerics choice the user makes (as FP8): the planner keeps what the scenario sets and never searches it.
 */
import { allGatherSeconds, allToAllSeconds, reduceScatterSeconds, type Link, type Network } from './network.js';

/** The run's ZeRO++ switches, as DeepSpeed's config names them (off: {@link NO_ZERO_PLUS_PLUS}). */
export interface ZeroPlusPlus {
  /** qwZ: int8 block-quantised weight all-gathers (`zero_quantized_weights`). */
  quantizedWeights: boolean;
  /** hpZ: ranks of the secondary weight partition (`zero_hpz_partition_size`); 1: off. */
  hpzPartitionSize: number;
  /** qgZ: int4 hierarchical all-to-all gradient reduction (`zero_quantized_gradients`). */
  quantizedGradients: boolean;
}

export const NO_ZERO_PLUS_PLUS: ZeroPlusPlus = { quantizedWeights: false, hpzPartitionSize: 1, quantizedGradients: false };

/** Whether any ZeRO++ switch is on. */
export const zeroPlusPlusOn = (z: ZeroPlusPlus): boolean => z.quantizedWeights || z.hpzPartitionSize > 1 || z.quantizedGradients;

/** The scenario keys of the switches, in DeepSpeed's names. */
export const ZERO_PLUS_PLUS_KEYS = ['zero_quantized_weights', 'zero_hpz_partition_size', 'zero_quantized_gradients'] as const;
export type ZeroPlusPlusKey = (typeof ZERO_PLUS_PLUS_KEYS)[number];

/** The switches a run turns on, as the scenario names them (`zero_quantized_weights`, `zero_hpz_partition_size 8`). */
export function zeroPlusPlusText(z: ZeroPlusPlus): string[] {
  return [
    ...(z.quantizedWeights ? ['zero_quantized_weights'] : []),
    ...(z.hpzPartitionSize > 1 ? [`zero_hpz_partition_size ${z.hpzPartitionSize}`] : []),
    ...(z.quantizedGradients ? ['zero_quantized_gradients'] : []),
  ];
}

/** The switches as a layout's text names them (` qwZ hpZ8 qgZ`; empty where all are off): after the ZeRO stage on run's layout line, at the end of the report's. */
export const zeroPlusPlusTags = (z: Partial<ZeroPlusPlus> | undefined): string =>
  (z?.quantizedWeights === true ? ' qwZ' : '') + ((z?.hpzPartitionSize ?? 1) > 1 ? ` hpZ${z!.hpzPartitionSize}` : '') + (z?.quantizedGradients === true ? ' qgZ' : '');

/** The first key a run sets: where a refusal of ZeRO++ as a whole is told. */
export const firstZeroPlusPlusKey = (z: ZeroPlusPlus): ZeroPlusPlusKey =>
  z.quantizedWeights ? 'zero_quantized_weights' : z.hpzPartitionSize > 1 ? 'zero_hpz_partition_size' : 'zero_quantized_gradients';

/**
 * qwZ's bytes a parameter on the wire: one int8 and its block's fp32 scale. DeepSpeed's CUDAQuantizer (deepspeed/runtime/
 * zero/partition_parameters.py @ deepspeedai/DeepSpeed) sizes a block at `target_group_size = 8000  # the optimal size is
 * 4k, so we set the target to be below 8k` elements, and all-gathers the scales as float32 beside the int8 weights.
 */
export const QWZ_BLOCK_ELEMENTS = 8000;
export const QWZ_BYTES_PER_PARAM = 1 + 4 / QWZ_BLOCK_ELEMENTS;

/**
 * qgZ's bytes an element on the wire: half a byte (int4) and its group's fp32 scale. deepspeed/runtime/comm/
 * coalesced_collectives.py all_to_all_quant_reduce (deepspeedai/DeepSpeed @ 17b3b557120923866d02a45dc0598d8688303e0a)
 * quantises a weight's gradient in `max(tensor.shape[0], tensor.shape[1], global_world_size)` groups, so a group holds the
 * smaller side of the matrix: d_model elements for the transformer's matrices (ASSUMED for all of them).
 */
export const qgzBytesPerElement = (dModel: number): number => 0.5 + 4 / dModel;

/**
 * Memory traffic of quantising before a weight all-gather and dequantising after it, per gather (qwZ): read the rank's
 * shard of `params`/`shards` 16-bit weights and write it as int8 and scales, then read the gathered int8 and scales and
 * write the 16-bit weights (`w` bytes each). Costed at memory bandwidth as every element-wise term is.
 */
export const qwzElementwiseBytes = (params: number, shards: number, w: number): number =>
  (params / shards) * (w + QWZ_BYTES_PER_PARAM) + params * (QWZ_BYTES_PER_PARAM + w);

/**
 * Memory traffic of qgZ per reduction of `params` gradients of `g` bytes over `inNode` ranks of a node (the steps of
 * all_to_all_quant_reduce): swizzle_quant reads the gradients and writes them in int4 (`q` bytes an element);
 * quantized_reduction reads the `inNode` slices received and writes their sum, requantised, 1/inNode of it; dequantize
 * reads that and writes it at `g`; the sum over the nodes reads it and writes the rank's shard (bounded by the same).
 */
export const qgzElementwiseBytes = (params: number, g: number, q: number, inNode: number): number =>
  params * (g + q) + params * q + (params / inNode) * (q + q + 2 * g);

/**
 * hpZ's secondary copy a rank holds: its 1/hpz of the stage's 16-bit weights (paper §3.2: a second partition inside the
 * node; DeepSpeed partition_parameters.py _partition_param_sec allocates `secondary_partition_size = tensor_size //
 * self.num_ranks_in_param_group` elements `dtype=param.dtype`), `computeWeights` bytes each, beside the primary shard.
 * Only under ZeRO-3 (`zero`: the stage the states follow, layout.ts stateZeroStage), the only stage that gathers weights.
 */
export const hpzSecondaryBytes = (zero: number, hpz: number, computeWeights: number, params: number): number =>
  zero === 3 && hpz > 1 ? (computeWeights * params) / hpz : 0;

/**
 * The part of hpZ's secondary copy in GPU memory: all of it ({@link hpzSecondaryBytes}), or none where the parameters
 * live on the host (`offload: {params: true}`, offload.ts HostShares.params): _partition_param_sec allocates it with
 * `torch.empty(secondary_partition_size, dtype=param.dtype, device=self.remote_device)`, the offload_param device
 * (deepspeedai/DeepSpeed @ 0031ae3943de2dbc6a3ca8123d173f7d6a8e5baa deepspeed/runtime/zero/partition_parameters.py).
 */
export const hpzSecondaryHbmBytes = (zero: number, hpz: number, sb: { computeWeights: number; onHost?: { params: boolean } | undefined }, params: number): number =>
  sb.onHost?.params === true ? 0 : hpzSecondaryBytes(zero, hpz, sb.computeWeights, params);

/**
 * The part of hpZ's secondary copy in host memory: all of it where the parameters live on the host, on the offload_param
 * device that _partition_param_sec allocates it on (as {@link hpzSecondaryHbmBytes} cites), else none. Host memory
 * (offload.ts offloadCost) did not count it once it had left the GPU's (mendz36).
 */
export const hpzSecondaryHostBytes = (zero: number, hpz: number, sb: { computeWeights: number; onHost?: { params: boolean } | undefined }, params: number): number =>
  sb.onHost?.params === true ? hpzSecondaryBytes(zero, hpz, sb.computeWeights, params) : 0;

/**
 * qwZ's int8 gather buffers beside ZeRO-3's 16-bit ones (memory.ts gatherBufferBytes, two layers): DeepSpeed's
 * all_gather_coalesced gathers into `torch.empty(partition_sz * world_size, dtype=torch.int8)` and a float32 scale
 * buffer, then dequantises into the 16-bit weights, so both are held for the layers in flight. Under ZeRO-3 only.
 * (qgZ's int4 buffers are per reduction bucket, as the plain reduce-scatter's bucket: neither is counted.)
 */
export const qwzGatherBufferBytes = (zero: number, z: ZeroPlusPlus, layerMax: number): number =>
  zero === 3 && z.quantizedWeights ? 2 * QWZ_BYTES_PER_PARAM * layerMax : 0;

/**
 * One ZeRO-3 weight all-gather of `params` weights of `w` bytes over `shards` ranks on `link`, with qwZ or without:
 * qwZ moves {@link QWZ_BYTES_PER_PARAM} a weight (the paper's forward all-gather M → 0.5M) and adds its element-wise
 * quantisation ({@link qwzElementwiseBytes}) at `memoryBytesPerSecond`.
 */
export function weightGatherSeconds(params: number, w: number, shards: number, link: Link, qwz: boolean, memoryBytesPerSecond: number): number {
  if (!qwz || shards <= 1 || params <= 0) return allGatherSeconds(w * params, shards, link);
  return allGatherSeconds(QWZ_BYTES_PER_PARAM * params, shards, link) + qwzElementwiseBytes(params, shards, w) / memoryBytesPerSecond;
}

/**
 * The ranks of a data-parallel group of `group` ranks spaced `stride` apart that share one scale-up domain: qgZ's
 * intra-node all-to-all group (DeepSpeed takes `local_world_size = get_accelerator().device_count()`, a node's GPUs, and
 * the same consecutive ranks). The largest divisor of `group` that fits in the domain.
 */
export function ranksInDomain(net: Network, stride: number, group: number): number {
  const fit = Math.max(1, Math.floor(net.domainSize / stride));
  let n = Math.min(group, fit);
  while (group % n !== 0) n--;
  return n;
}

/**
 * qgZ's gradient reduction of `params` gradients (`g` bytes each) over a shard group of `group` ranks (paper §3.3): an
 * all-to-all of the int4 gradients (`q` bytes an element) inside each node's `inNode` ranks on `inside`, then of the
 * rank's reduced 1/inNode, requantised, across the group/inNode nodes on `across`, with its element-wise traffic
 * ({@link qgzElementwiseBytes}) at `memoryBytesPerSecond`. The cross-node step is priced as network.ts prices a ring
 * that crosses nodes, by its volume per node over one GPU's scale-out bandwidth: the node's inNode ranks together send
 * the node's whole quantised gradient (inNode × params/inNode), so the all-to-all of q·params across the nodes. Against
 * the ring's 2·params·(n−1)/n in 16-bit gradients, this is the paper's cross-node volume M → M/Z with Z = 4 (the
 * DeepSpeed blog's derivation, blogs/zeropp: "from M·N/Z to M·N/(Z·N) = M/Z"; the paper's table: 0.25M).
 */
export function qgzReduceSeconds(params: number, g: number, q: number, group: number, inNode: number, inside: Link, across: Link, memoryBytesPerSecond: number): number {
  if (group <= 1 || params <= 0) return 0;
  const nodes = group / inNode; // 1 inside one node: DeepSpeed still quantises and exchanges there (num_nodes 1)
  return allToAllSeconds(q * params, inNode, inside) + allToAllSeconds(q * params, nodes, across)
    + qgzElementwiseBytes(params, g, q, inNode) / memoryBytesPerSecond;
}

/** A reduce-scatter of `params` gradients of `g` bytes over `group` ranks: plain (ZeRO) or by qgZ ({@link qgzReduceSeconds}). */
export function gradientScatterSeconds(params: number, g: number, group: number, inside: Link, link: Link, inNode: number, qgz: boolean, q: number, memoryBytesPerSecond: number): number {
  return qgz ? qgzReduceSeconds(params, g, q, group, inNode, inside, link, memoryBytesPerSecond) : reduceScatterSeconds(g * params, group, link);
}

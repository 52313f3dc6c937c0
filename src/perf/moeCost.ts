/**
 * What a mixture-of-experts layer costs beyond its FLOPs: the grouped expert GEMMs at the size each
 * expert actually gets, the router's element-wise work, the token permutation around the all-to-all,
 * the all-to-all inside and across the scale-up domain, and the load of the slowest expert-parallel
 * rank. Seconds per micro-batch forward unless said otherwise; the layer model multiplies by passes.
 */
import { gemmSeconds, type Machine } from './machine.js';
import { allToAllSeconds } from './network.js';
import { ACT_BYTES as ACT } from './passes.js';

/**
 * Rows per expert at which a grouped GEMM runs at half the rate of one dense GEMM of the same total
 * shape: rate = dense · M/(M + M₀). Fitted to SimuMax's measured B200 BF16 Transformer Engine grouped
 * GEMMs (MooreThreads/SimuMax configs/system/b200_bf16_ceperm.json, `group_matmul` against the same
 * file's `matmul` entries of equal K and N; forward, data-gradient and weight-gradient averaged): for
 * M = 128…2,460 rows per expert, 20 shapes (N·K = 3072·5120, 5120·1536, 4096·7168, 7168·2048) give
 * M₀ = 93…310, median ≈ 250 (e.g. M = 256: 0.25 of peak against a dense 0.47, M = 1,024: 0.39 against
 * 0.47); 256, the nearest tile multiple to the median, is used. The per-expert tile padding, wave tails
 * and weight traffic are inside the measurement.
 */
const GROUPED_GEMM_HALF_RATE_ROWS = 256;

/**
 * Default load of the slowest expert-parallel rank relative to the mean under dropless routing with a
 * balancing loss (Megatron-Core's "overload factor", NVIDIA/Megatron-LM PR #4110: most loaded rank's
 * tokens / the balanced count). 1.1: per-layer max/mean of the expert loads logged in a load-balanced
 * training run (shawntan/scattermoe issue #10, iteration 38,350, 16 layers × 8 experts: 1.02–1.22,
 * mean 1.08). A documented default, not fitted to any validation row; `training.moe_balance: forced`
 * (benchmarks that force balanced routing, Megatron `--moe-router-force-load-balancing`) sets 1.
 */
export const DROPLESS_IMBALANCE = 1.1;

/**
 * How a run that pads every expert to its capacity hands the tokens to the experts. `permute`: by
 * index (Megatron-Core `--moe-pad-expert-input-to-capacity` pads the permuted buffers; no extra
 * matrix work). `sequence-einsum`: as one-hot contractions over each sequence, MaxText's `dense_matmul`
 * path (AI-Hypercomputer/maxtext layers/moe.py: dispatch "BSM,BSEC -> EBCM", combine "EBCM,BSEC -> BSM",
 * capacity from `generate_masks` per sequence). `batch-einsum`: the same over all of a micro-batch's
 * tokens on the device, GShard's and DeepSpeed-MoE's (deepspeed/moe/sharded_moe.py MOELayer: einsum
 * "sec,sm->ecm" and "sec,ecm->sm" on the input reshaped to (-1, d_model)).
 */
const PADDED_MOE_DISPATCHES = ['permute', 'sequence-einsum', 'batch-einsum'] as const;
export type PaddedMoeDispatch = (typeof PADDED_MOE_DISPATCHES)[number];

/**
 * Seconds per micro-batch of the one-hot dispatch and combine contractions of a padded MoE layer
 * ({@link PADDED_MOE_DISPATCHES}), `groups` groups of `groupTokens` tokens on the GPU, the embedding
 * width sharded to `width`. Each group has E·C expert slots, C = max(⌈L·k/E⌉·capacity, capacity)
 * truncated (MaxText generate_masks), so each contraction is 2·L·E·C·width FLOPs, quadratic in the
 * group length: "their work grows with both sequence length and capacity" (AMD-AGI/maxtext-slurm MoE
 * notes). Forward: dispatch [E·C×L]·[L×h] and combine [L×E·C]·[E·C×h]. Backward: the combine's two
 * gradients (of the expert outputs, [E·C×L]·[L×h], and of its weights, [L×h]·[h×E·C], which carries the
 * router's gradient) and the dispatch's input gradient ([L×E·C]·[E·C×h]); the 0/1 dispatch mask has
 * none. Full recomputation runs the forward again. In 16-bit: routing operations are not quantised
 * (Transformer Engine JAX einsum docs: "Dispatch: BSM,BSEC->EBCM (no quantization - routing operation)").
 */
export function einsumDispatchSeconds(mc: Machine, groupTokens: number, groups: number, width: number, topK: number, experts: number, capacityFactor: number, recomputeForward: boolean): { total: number; forward: number } {
  const slots = experts * Math.trunc(Math.max(Math.ceil((groupTokens * topK) / experts) * capacityFactor, capacityFactor));
  const dispatchShape = gemmSeconds(mc, slots, groupTokens, width, groups, true);
  const combineShape = gemmSeconds(mc, groupTokens, slots, width, groups, true);
  const weightGrad = gemmSeconds(mc, groupTokens, width, slots, groups, true);
  const forward = dispatchShape + combineShape;
  return { total: (recomputeForward ? 2 : 1) * forward + dispatchShape + weightGrad + combineShape, forward };
}

export const MOE_BALANCES = ['dropless', 'forced'] as const;
/** Routing as trained: dropless, with the imbalance above (forced balance is a benchmark setting). */
export const DEFAULT_MOE_BALANCE: MoeBalance = 'dropless';

/**
 * How the dispatch and combine move tokens. `alltoall`: one flat all-to-all, every routed copy sent to
 * its expert's rank (Megatron-Core `--moe-token-dispatcher-type alltoall`). `deepep`: hierarchical, each
 * token sent once to every node that holds one of its experts over the scale-out network and fanned out
 * to those experts over the scale-up link (DeepSeek-V3 arXiv:2412.19437 §3.2.2; the DeepEP library,
 * deepseek-ai/DeepEP "normal kernels" for training; Megatron-Core's flex dispatcher with the DeepEP or
 * HybridEP backend, `--moe-flex-dispatcher-backend`).
 */
export const MOE_DISPATCHERS = ['alltoall', 'deepep'] as const;
export type MoeDispatcher = (typeof MOE_DISPATCHERS)[number];
export type MoeBalance = (typeof MOE_BALANCES)[number];

/**
 * The smallest capacity factor a run may state. Below 1 every expert drops tokens even when routing is
 * balanced (capacity = factor × the balanced count, Fedus et al. 2021, Switch Transformer §2.2), work the
 * FLOP count, which trains every token, still counts: `plan --moe-capacity-factor 0.01` printed 263% MFU.
 */
export function capacityFactorProblem(factor: number): string | undefined {
  if (factor >= 1) return undefined;
  return `expected a capacity factor of at least 1, found ${factor} | below 1 every expert drops tokens even when routing is balanced (capacity = factor × the balanced count; Fedus et al. 2021, Switch Transformer §2.2), work the FLOP count still counts; 1 drops none of a balanced load`;
}

/**
 * Tokens on the slowest rank's experts over the balanced count. A capacity factor caps each expert at
 * capacity × the balanced count, dropping the rest (Switch Transformer, Fedus et al. 2021 §2.2;
 * Megatron `--moe-expert-capacity-factor`), so the load is the smaller of the two. With padding, every
 * expert runs exactly its capacity, its buffer filled up with empty rows, so every rank's load is the
 * factor whatever the routing: Megatron `--moe-pad-expert-input-to-capacity` (the permutation pads each
 * expert's slice before the all-to-all), and MaxText's `dense_matmul` path with `capacity_factor > 0`
 * (AI-Hypercomputer/maxtext src/MaxText/layers/moe.py `generate_masks`: each expert keeps
 * ⌈S·k/E⌉·capacity_factor slots per sequence, and the dispatch einsum "BSM,BSEC -> EBCM" hands the
 * experts a [E, B, C, M] buffer of that size).
 */
export function moeLoadFactor(balance: MoeBalance = DEFAULT_MOE_BALANCE, capacityFactor?: number, padToCapacity = false): number {
  if (padsToCapacity(capacityFactor, padToCapacity)) return capacityFactor!;
  const f = balance === 'forced' ? 1 : DROPLESS_IMBALANCE;
  return capacityFactor !== undefined && capacityFactor < f ? capacityFactor : f;
}

/**
 * The routed load on one layout's GPUs: `load` (moeLoadFactor, the slowest of several expert-parallel
 * ranks) when ep > 1. With one expert-parallel rank there is no slower rank to wait for: the rank holds
 * every expert and runs exactly its T·k routed rows (uneven experts cost no more rows: the grouped GEMM's
 * per-expert overhead, groupedGemmSeconds, is linear in each expert's rows), so the load is at most 1 (the
 * capacity factor when that is smaller and drops tokens). Padding to capacity runs every expert's
 * capacity whatever ep.
 */
export function loadOnRank(load: number, ep: number, padded: boolean): number {
  return ep > 1 || padded ? load : Math.min(1, load);
}

/** Padding takes effect only with a capacity to pad to (the schema refuses padding without a factor). */
export function padsToCapacity(capacityFactor: number | undefined, padToCapacity: boolean | undefined): boolean {
  return capacityFactor !== undefined && padToCapacity === true;
}

/**
 * `experts` GEMMs of [rows×K]·[K×N], one per local expert, as one grouped kernel: the dense GEMM of
 * the stacked rows slowed by the measured grouped-GEMM factor (rows + M₀)/rows.
 */
export function groupedGemmSeconds(mc: Machine, rowsPerExpert: number, K: number, N: number, experts: number): number {
  if (rowsPerExpert <= 0 || experts <= 0) return 0;
  return gemmSeconds(mc, rowsPerExpert * experts, K, N) * ((rowsPerExpert + GROUPED_GEMM_HALF_RATE_ROWS) / rowsPerExpert);
}

/**
 * The router beyond its GEMM, per token, forward: Megatron-Core's TopKRouter (moe/router.py,
 * moe_utils.topk_softmax_with_capacity) casts the T×E logits to fp32 (write 4E), normalises them
 * (softmax or sigmoid: read and write 4E each), takes the top-k (read 4E), scatters the probabilities
 * and the routing map (write 4E + 1E) and sums them for the auxiliary loss (read 4E): 25 bytes per
 * expert, in 8 kernels (counted from that code path, not measured).
 */
export const ROUTER_BYTES_PER_EXPERT = 25;
export const ROUTER_KERNELS = 8;

/**
 * Token permutation around the expert computation, bytes per micro-batch forward for T tokens of
 * width h and top-k (Megatron-Core MoEAlltoAllTokenDispatcher with permute fusion): `permute` reads the
 * T tokens and writes the T·k routed copies; `unpermute` reads the T·k expert outputs and writes T
 * (summed; the probabilities were applied in the experts' activation, TEGroupedMLP weighted_bias_swiglu_impl);
 * with more than one local expert behind an all-to-all the received
 * copies are re-sorted by expert and back (`sort_chunks_by_idxs`: read + write each way), over the
 * slowest rank's `load`-scaled share. Kernels: 3 for permute (index and gather), 2 for unpermute, 1
 * per sort (counted from that code path).
 *
 * The backward of each is the reverse gather of its gradient, the same bytes once and one kernel per fused
 * operation (NVIDIA/TransformerEngine transformer_engine/pytorch/permutation.py @ 0a67aa3b:
 * `_moe_permute_mask_map.backward` runs one unpermute_with_mask_map, `_moe_unpermute_mask_map.backward`
 * without merging probabilities one permute_with_mask_map, `_moe_chunk_sort.backward` one sort), not the
 * twice-the-forward of matrix and element-wise work (passes.ts indexPassesOverForward): `backwardKernels`.
 *
 * A hierarchical dispatcher (`hierarchical`: DeepEP, HybridEP, DeepSeek's node-limited dispatch) has
 * no global permutation: "The Flex Dispatcher of DeepEP or HybridEP fuses the global permute into the
 * communication kernel, eliminating the need to explicitly copy the tokens top-k times, but still
 * requires a permute kernel to copy and rearrange the tokens distributed to different local experts
 * after EP communication" (NVIDIA/Megatron-LM docs/discussions/deepseek-v3-gb200-optimization §2.1.1;
 * §2.5: HybridEP's buffer copy is fused into that permute), and its combine kernel sums each token's
 * expert outputs ("NVLink-to-IB forwarding and accumulation", DeepSeek-V3 arXiv:2412.19437 §3.2.2).
 * What remains is the local permutation of the received copies to the rank's experts and back (read +
 * write each way, whatever the number of local experts), in 2 kernels, and 2 backward.
 */
export function permutationBytes(T: number, h: number, topK: number, load: number, sorted: boolean, hierarchical = false): { bytes: number; kernels: number; backwardKernels: number } {
  const local = 2 * 2 * ACT * h * T * topK * load;
  if (hierarchical) return { bytes: local, kernels: 2, backwardKernels: 2 };
  const permute = ACT * h * T * (1 + topK) + ACT * h * T * (topK + 1);
  return { bytes: permute + (sorted ? local : 0), kernels: 5 + (sorted ? 2 : 0), backwardKernels: 2 + (sorted ? 2 : 0) };
}

/**
 * One MoE dispatch (or combine) all-to-all for `tokens` tokens per GPU of width h, top-k routing, over
 * an expert-parallel group of `ep` ranks spaced `stride` apart (tp, or etp with parallel folding:
 * Megatron-Core numbers ranks tp fastest, and an expert group is contiguous after it).
 *
 * Unlimited routing: S = k·h·2 bytes per token leave each rank, (n−1)/n of them to other ranks
 * (nccl-tests AlltoAll; formulas.md §10). A group inside one scale-up domain sends all of it over
 * the scale-up link. A group spanning several domains with p ranks in each sends (p−1)/n·S over the
 * scale-up link and (n−p)/n·S over the scale-out NIC at the same time (NCCL issues the peer sends of an
 * all-to-all concurrently, each on its own path), so the slower of the two sets the time.
 *
 * Node-limited routing (DeepSeek-V3 arXiv:2412.19437 §2.1.2, §3.2.2): "each token will be sent to at
 * most M nodes"; tokens are "first transmitted via IB to the GPUs with the same in-node index on
 * its target nodes" and then "forwarded via NVLink to specific GPUs that host their target experts",
 * the two overlapped ("IB and NVLink communications are also fully overlapped"). So the scale-out
 * all-to-all over the group's `nodes` nodes carries min(k, M, nodes)·h per token (the gate picks the M
 * nodes for their experts, so each is used), the scale-up all-to-all among the group's ep/nodes ranks on
 * a node carries the k copies, and the dispatch takes the slower of the two. (With IB 50 and NVLink
 * 160 GB/s per GPU this is their "3.2 experts per node without incurring additional overhead from
 * NVLink".) A hierarchical dispatcher without a routing limit (`deepep`, M = ∞) sends a token to the
 * nodes its k experts happen to be on: {@link expectedNodesReached} of them.
 */
export function expertAllToAllSeconds(mc: Machine, tokens: number, h: number, topK: number, experts: number, stride: number, ep: number, maxNodes?: number): number {
  if (ep <= 1) return 0;
  const net = mc.network;
  const D = net.domainSize;
  const span = stride * ep;
  if (span <= D) return allToAllSeconds(ACT * tokens * topK * h, ep, net.scaleUp);
  const nodes = Math.ceil(span / D);
  const perNode = Math.max(1, Math.round(ep / nodes));
  if (maxNodes === undefined) {
    const S = ACT * tokens * topK * h;
    const intra = perNode > 1 ? ((perNode - 1) / ep) * S / net.scaleUp.bandwidthBytesPerSecond + (perNode - 1) * net.scaleUp.latencySeconds : 0;
    const inter = ((ep - perNode) / ep) * S / net.scaleOut.bandwidthBytesPerSecond + (nodes - 1) * net.scaleOut.latencySeconds;
    return intra > inter ? intra : inter;
  }
  const copies = Number.isFinite(maxNodes) ? Math.min(topK, maxNodes, nodes) : expectedNodesReached(experts, nodes, topK);
  const ib = allToAllSeconds(ACT * tokens * copies * h, nodes, net.scaleOut);
  const nvlink = allToAllSeconds(ACT * tokens * topK * h, perNode, net.scaleUp);
  return ib > nvlink ? ib : nvlink;
}

/**
 * The expected number of distinct nodes a token's k experts are on, when the E experts sit evenly on
 * n nodes (E/n each) and routing is uniform (forced balance, or a well-balanced router): each node is
 * missed with probability C(E − E/n, k) / C(E, k), the chance that none of the k experts, drawn without
 * replacement, is one of its E/n (the hypergeometric distribution at zero), so n·(1 − C(E − E/n, k)/C(E, k)).
 * DeepSeek-V3 on 8 nodes (256 experts, top-8): 5.29 nodes, not 8; one expert per node: exactly k.
 */
export function expectedNodesReached(experts: number, nodes: number, topK: number): number {
  const perNode = experts / nodes;
  let missed = 1; // C(E − E/n, k) / C(E, k) as a product of k ratios
  for (let i = 0; i < topK && missed > 0; i++) missed *= Math.max(0, experts - perNode - i) / (experts - i);
  return nodes * (1 - missed);
}

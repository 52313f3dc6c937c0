/**
 * Context parallelism's communication types (Megatron-Core TransformerConfig.cp_comm_type, implemented by
 * Transformer Engine's DotProductAttention, transformer_engine/pytorch/attention/dot_product_attention/context_parallel.py):
 * what each moves per layer, over which ranks, and what of it the attention core hides.
 *
 *   p2p        ring attention (AttnFuncWithCPAndKVP2P): each rank passes its K/V chunk round the cp ranks, cp − 1
 *              sends of S/cp, (cp − 1)/cp·S in all, on a separate stream while the core attends the chunk already
 *              there ("P2P is async and can be overlapped with attention compute"); the backward pass sends K/V and
 *              dK/dV round the ring, twice the forward's bytes.
 *   all_gather AttnFuncWithCPAndKVAllGather ("KV all-gather between CP ranks is exposed"; Llama 3 §3.3.2): the forward
 *              all-gathers K and V before the core; the backward all-gathers them again (it saved only the local
 *              chunks) and reduce-scatters dK and dV. The same bytes as p2p, none hidden.
 *   a2a        DeepSpeed-Ulysses (Jacobs et al. 2023, arXiv:2309.14509 §3.1; AttnFuncWithCPAndQKVOA2A): an all-to-all
 *              turns Q, K and V from sequence-sharded (s/cp tokens, all local heads) to head-sharded (s tokens,
 *              1/cp of the heads), the core runs, and an all-to-all turns the output back; the backward pass
 *              all-to-alls dO and dQ, dK, dV, the same bytes. flash_attn_a2a_communicate overlaps only its
 *              reshapes with the next all-to-all and waits before the core: none hidden.
 *   a2a+p2p    hierarchical: a2a inside groups of the first hierarchical_context_parallel_sizes (consecutive cp
 *              ranks, Megatron-Core parallel_state.create_hierarchical_groups), then ring p2p across the second,
 *              on the a2a's head shard (K/V bytes ÷ the a2a size). The ring part hides under the core as p2p's does.
 *
 * Volumes are per rank and per forward pass. A layer makes the forward's once, full recomputation's once more, and the
 * backward's as many times as BACKWARD_PASSES says: the ring and the all-gather twice (K/V and dK/dV; a gather and a
 * reduce-scatter), the all-to-alls once (AttnFuncWithCPAndQKVOA2A.backward all-to-alls dout and then [dq, dk, dv]: the
 * forward's q, k, v and out, the same bytes). It charged the all-to-alls the ring's two (review 26).
 */
import type { Architecture } from '../model/architecture.js';
import { allGatherSeconds, allToAllSeconds, linkFor, type Network } from './network.js';
import { ACT_BYTES as ACT } from './passes.js';

export const CP_COMM_TYPES = ['p2p', 'all_gather', 'a2a', 'a2a+p2p'] as const;
export type CpCommType = (typeof CP_COMM_TYPES)[number];

/** A run's context-parallel communication: its type and, for a2a+p2p, the [a2a, p2p] group sizes (their product is cp). */
export interface CpComm {
  type: CpCommType;
  hierarchical?: readonly number[] | undefined;
}

/** The ring's type: what a run without a cp_comm_type gets where its stack says nothing else. */
export const P2P: CpComm = { type: 'p2p' };

/** The ranks a2a+p2p's two groups span together: their product (which the cp-hierarchical rule holds to cp). */
export const hierarchicalRanks = (sizes: readonly number[]): number => sizes.reduce((a, b) => a * b, 1);

/**
 * The ranks one all-to-all spans: cp for a2a, the first hierarchical size for a2a+p2p, 1 for the others (no heads
 * scattered). Where a2a+p2p has no sizes (refused before a layout is evaluated), 1.
 */
export function a2aGroup(c: CpComm, cp: number): number {
  if (c.type === 'a2a') return cp;
  if (c.type === 'a2a+p2p') return c.hierarchical?.[0] ?? 1;
  return 1;
}

/**
 * The kernel calls a query's keys come in under context parallelism (attentionKeys.ts divides the keys per query by
 * it): the ring's steps, each attending the local queries to one chunk. p2p: cp steps of one rank's chunk
 * (AttnFuncWithCPAndKVP2P). a2a: 1, its all-to-all gives each rank the whole sequence for heads/cp and one
 * fused_attn_fwd over it, window and all (cyanguwa/TransformerEngine transformer_engine/pytorch/attention/
 * dot_product_attention/context_parallel.py @ 00e6693f978dbc877af63efb069429d840f786ed AttnFuncWithCPAndQKVOA2A.forward,
 * the softmax_type-era file). a2a+p2p: cp / a steps of a group's a·s/cp tokens. all_gather stays at cp
 * (AttnFuncWithCPAndKVAllGather's two calls a rank attend each chunk to its whole prefix: not modelled, notes/gptoss31.md row 7).
 */
export const kernelCallsPerQuery = (c: CpComm, cp: number): number => cp / a2aGroup(c, cp);

/**
 * The type Transformer Engine runs: a2a+p2p whose p2p group is 1 rank runs as a2a, whose a2a group is 1 rank as p2p
 * (context_parallel.py attn_forward_func_with_cp: `if get_distributed_world_size(cp_group[0]) == 1: ... cp_comm_type =
 * "p2p"`, `elif get_distributed_world_size(cp_group[1]) == 1: ... cp_comm_type = "a2a"`); the others as given.
 */
export function teCommType(c: CpComm): CpCommType {
  if (c.type !== 'a2a+p2p' || c.hierarchical === undefined) return c.type;
  if (c.hierarchical[0] === 1) return 'p2p';
  if (c.hierarchical[1] === 1) return 'a2a';
  return c.type;
}

/**
 * Heads and key/value heads on one tensor-parallel rank, as Transformer Engine receives them: q.shape[-2] = heads/tp;
 * k.shape[-2] = kv heads/tp, or 1 where tp is a multiple of them (Megatron-Core replicates the group), or heads/tp under
 * MLA (its keys are per head after the up-projection).
 */
export function localHeads(arch: Pick<Architecture, 'heads' | 'kvHeads' | 'mla'>, tp: number): { q: number; kv: number } {
  const q = arch.heads / tp;
  const kv = arch.mla ? q : arch.kvHeads % tp === 0 ? arch.kvHeads / tp : 1;
  return { q, kv };
}

/** The attention's query, key and value widths per token, all heads (activations.ts attentionWidths). */
export interface Widths {
  q: number;
  k: number;
  v: number;
}

/** The whole sequence's keys and values of one tensor-parallel rank's heads, b·s·(k + v)/tp 16-bit values: what the ring passes round and all_gather gathers. */
const gatheredKvBytes = (w: Widths, x: CpShape): number =>
  ACT * x.microBatch * x.seqLen * (w.k + w.v) / x.tp; // the ring's expression before cp_comm_type, in the same order (validate --json unchanged)

/**
 * Bytes a layer holds for a moment beyond its stored activations: all_gather's gathered K and V, and in the backward pass
 * their full-sequence gradients beside them (AttnFuncWithCPAndKVAllGather.backward: k_ag, v_ag and dk, dv of cp·s
 * tokens before the reduce-scatter), 2 × the gathered K/V. The other types keep their chunk buffers, not counted (as
 * the ring's never were); a2a's head-sharded Q, K, V and output are the sequence-sharded ones' size.
 */
export const cpTransientBytes = (w: Widths, x: CpShape, c: CpComm): number => (x.cp > 1 && c.type === 'all_gather' ? 2 * gatheredKvBytes(w, x) : 0);

/** One collective of a layer's forward pass: bytes per rank, over `n` ranks spaced `stride` apart. */
export interface CpCollective {
  kind: 'ring' | 'all-gather' | 'all-to-all';
  /** Ring / all-gather: the full (gathered) buffer; all-to-all: the rank's buffer, as network.ts takes them. */
  bytes: number;
  n: number;
  stride: number;
  /** Run under the attention core (p2p's ring), else on the critical path. */
  hidden: boolean;
}

interface CpShape {
  tp: number;
  cp: number;
  microBatch: number;
  seqLen: number;
}

/**
 * The collectives of one layer's forward pass for each type (the module comment). K/V: b·s·(k + v)/tp 16-bit values per
 * rank gathered (the whole sequence's keys and values of the rank's heads); Q, K, V and the output O = heads·d_v per
 * token: b·(s/cp)·width/tp per rank into each all-to-all.
 */
export function cpCollectives(arch: Architecture, w: Widths, x: CpShape, c: CpComm): CpCollective[] {
  if (x.cp <= 1) return [];
  const t = x.tp;
  const kvBytes = gatheredKvBytes(w, x);
  if (c.type === 'p2p') return [{ kind: 'ring', bytes: kvBytes, n: x.cp, stride: t, hidden: true }];
  if (c.type === 'all_gather') return [{ kind: 'all-gather', bytes: kvBytes, n: x.cp, stride: t, hidden: false }];
  const a = a2aGroup(c, x.cp);
  const dV = arch.mla ? arch.mla.vHeadDim : arch.dHead;
  const local = (ACT * x.microBatch * (x.seqLen / x.cp)) / t; // bytes per unit of width on one rank
  const a2a: CpCollective[] = [
    { kind: 'all-to-all', bytes: local * (w.q + w.k + w.v), n: a, stride: t, hidden: false },
    { kind: 'all-to-all', bytes: local * arch.heads * dV, n: a, stride: t, hidden: false },
  ];
  if (c.type === 'a2a') return a2a;
  const ring = x.cp / a;
  return ring > 1 ? [...a2a, { kind: 'ring', bytes: kvBytes / a, n: ring, stride: t * a, hidden: true }] : a2a;
}

/** Seconds of one collective on the link its group uses (network.ts linkFor; ranks tp fastest, then cp). */
function collectiveSeconds(net: Network, k: CpCollective): number {
  const link = linkFor(net, k.stride, k.n);
  return k.kind === 'all-to-all' ? allToAllSeconds(k.bytes, k.n, link) : allGatherSeconds(k.bytes, k.n, link);
}

/** The backward pass's collectives of each kind, in forward volumes (the module comment). */
const BACKWARD_PASSES: Record<CpCollective['kind'], number> = { ring: 2, 'all-gather': 2, 'all-to-all': 1 };

/**
 * The context-parallel time a layer leaves exposed per micro-batch, over its forward, backward and (`fullRecompute`)
 * recomputed forward: the hidden collectives (the ring) beyond the attention core's `coreSeconds`, and all of the others.
 */
export function cpExposedSeconds(arch: Architecture, w: Widths, net: Network, x: CpShape, c: CpComm, fullRecompute: boolean, coreSeconds: number): number {
  let hidden = 0;
  let exposed = 0;
  for (const k of cpCollectives(arch, w, x, c)) {
    const s = collectiveSeconds(net, k) * (1 + BACKWARD_PASSES[k.kind] + (fullRecompute ? 1 : 0));
    if (k.hidden) hidden += s;
    else exposed += s;
  }
  return exposed + Math.max(0, hidden - coreSeconds);
}

/**
 * What a cp_comm_type and its hierarchical sizes cannot be given together, or undefined: a2a+p2p needs its two group
 * sizes (Megatron-Core TransformerConfig.__post_init__ asserts hierarchical_context_parallel_sizes for it), and the
 * sizes are a2a+p2p's alone. `name` says the two keys as the input spells them. Their product against cp is a layout
 * rule (degreeRules.ts cp-hierarchical), cp being searched where free.
 */
export function cpCommProblem(type: CpCommType | undefined, sizes: readonly number[] | undefined, name: { type: string; sizes: string }): { message: string; hint: string; at: 'type' | 'sizes' } | undefined {
  if (type === 'a2a+p2p' && sizes === undefined) {
    return { at: 'type', message: `${name.type} a2a+p2p runs a2a inside groups and p2p across them: it needs ${name.sizes}, the two group sizes`, hint: `give ${name.sizes} [a2a, p2p] whose product is cp, e.g. [8, 2] for cp 16 (a2a inside an NVLink domain), or ${name.type} a2a or p2p` };
  }
  if (sizes !== undefined && type !== 'a2a+p2p') {
    return { at: 'sizes', message: `${name.sizes} are the group sizes of ${name.type} a2a+p2p, and the run's ${name.type} is ${type ?? "the stack's default"}`, hint: `give ${name.type} a2a+p2p, or leave ${name.sizes} out` };
  }
  return undefined;
}

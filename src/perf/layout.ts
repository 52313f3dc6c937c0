/**
 * A parallel layout (how a training step is split over the GPUs), its defaults and what its fields imply.
 * The rules that make one possible: layoutRules.ts; checking a layout against them: layoutCheck.ts. Notation follows Narayanan et al. 2021 §3.1 (p, t, d; b = micro-batch;
 * m = B/(b·d) micro-batches per pipeline) and Korthikanti et al. 2022 (sequence parallelism,
 * selective recomputation); cp and ep follow Megatron-Core (context / expert parallel).
 * How scenario files and validation rows spell a layout: layoutFields.ts.
 */
import type { Architecture } from '../model/architecture.js';
import { listed } from '../input/listed.js';
import { layoutChunks, pipelinePlacement } from './pipelineLayout.js';
import { scenarioName, type HintField } from './layoutFields.js';
import { isZeroBubble, overlapsPairs, type PipelineSchedule } from './schedules.js';
import { hbmStateBytes, type HostShares } from './offload.js';
export * from './schedules.js';
export const ZERO_STAGES = [0, 1, 2, 3] as const;
export type ZeroStage = (typeof ZERO_STAGES)[number];
export type Recompute = 'none' | 'selective' | 'full';

export interface Layout {
  tp: number;
  pp: number;
  dp: number;
  cp: number;
  ep: number;
  /**
   * Expert tensor-parallel degree (Megatron-Core --expert-tensor-parallel-size): the experts' GEMMs
   * are split over etp ranks, independently of the attention's tp. With ep, drawn from the tp·cp·dp
   * ranks of a pipeline stage ("MoE parallel folding", Liu et al. 2025, arXiv:2504.14960). 1 for dense models.
   */
  etp: number;
  microBatch: number;
  schedule: PipelineSchedule;
  /** Model chunks per pipeline stage (Narayanan §2.2.2 "v"); 1 for plain 1F1B. */
  virtualStages: number;
  zeroStage: ZeroStage;
  /**
   * ZeRO shard group (HSDP; MiCS, Zhang et al. 2022, arXiv:2205.00119): model states are sharded over
   * shardGroup data-parallel ranks and replicated across the dp·cp/shardGroup groups. dp·cp: one group.
   */
  shardGroup: number;
  sequenceParallel: boolean;
  recompute: Recompute;
  /**
   * With recompute 'full': the layers of each model chunk (virtual stage) whose activations are
   * recomputed; the chunk's other layers keep theirs (Megatron-Core `--recompute-granularity full
   * --recompute-method block --recompute-num-layers N`: "recompute the input activations of only a
   * set number of individual Transformer layers per pipeline stage" and the rest are not recomputed).
   * Absent: every layer.
   */
  recomputeLayers?: number | undefined;
  /**
   * Megatron-Core's explicit placement of the embedding, the layers, the MTP layers and the loss on the
   * pp × virtualStages chunks (`--pipeline-model-parallel-layout`, pipelineLayout.ts), e.g.
   * `Et*4|(t*4|)*14tmL`. Absent: the even split (⌈L/pp⌉ layers on the busiest stage, the head and MTP on the last).
   */
  pipelineLayout?: string | undefined;
}

export const LAYOUT_FIELDS = ['tp', 'pp', 'dp', 'cp', 'ep', 'etp', 'microBatch', 'schedule', 'virtualStages', 'zeroStage', 'shardGroup', 'sequenceParallel', 'recompute', 'recomputeLayers', 'pipelineLayout'] as const;
export type LayoutField = (typeof LAYOUT_FIELDS)[number];
/**
 * Fields with a default when the rest of a layout is given (etp: Megatron-Core's default, tp;
 * shardGroup: dp·cp; recomputeLayers: every layer of a chunk when recomputing; pipelineLayout: the even split).
 */
const DEFAULTED_FIELDS = ['etp', 'shardGroup', 'recomputeLayers', 'pipelineLayout'] as const satisfies readonly LayoutField[];
/** The fields every complete layout has (the defaulted `recomputeLayers` and `pipelineLayout` may stay absent). */
export const REQUIRED_FIELDS = LAYOUT_FIELDS.filter((f) => f !== 'recomputeLayers' && f !== 'pipelineLayout');

/**
 * Decoder layers of the largest model chunk: a stage's ⌈L/pp⌉ layers over its v chunks, or with a
 * pipeline layout its largest chunk's (a layout the rules refuse for this pp falls back to the even split:
 * the rule reports it).
 */
export const chunkLayers = (arch: Architecture, l: Pick<Layout, 'pp' | 'virtualStages' | 'pipelineLayout'>): number => {
  if (l.pipelineLayout !== undefined) {
    const p = pipelinePlacement(arch, l.pipelineLayout, l.pp); // the largest chunk is the same wherever the chunks are placed
    if (!('message' in p)) return p.largestChunk;
  }
  return Math.ceil(Math.ceil(arch.layers / l.pp) / l.virtualStages);
};

/**
 * Sequence parallelism splits what a tensor-parallel group replicates (Korthikanti et al. 2022 §4.2.2): at tp 1
 * there is no group, and Megatron-LM turns --sequence-parallel off there with a warning (megatron/training/
 * arguments.py validate_args at NVIDIA/Megatron-LM 000c4ac24f61159c138b0975def722c65245983c: "Disabling sequence
 * parallelism because tensor model parallelism is disabled"; NeMo 2's MegatronStrategy does the same), so recipes
 * print it beside tp 1 (Megatron-Bridge glm45_air_106b_pretrain_config: TP 1, sequence_parallel True). A layout
 * fixing both is read as Megatron-LM runs it, sequence parallelism off, and says so ({@link fixedLayoutNotes}): where
 * a run's fixed fields enter (predict.ts predict and index.ts planFor, and withLayoutFixes for every completion); the rule
 * tables (checkLayout, fixedFieldIssues) keep refusing it in a layout already read.
 */
export function spOffAtTp1(p: Partial<Layout>): Partial<Layout> {
  return p.sequenceParallel === true && p.tp === 1 ? { ...p, sequenceParallel: false } : p;
}

/** What a run's output says of the fixed fields it read otherwise than written (one line each). */
export function fixedLayoutNotes(p: Partial<Layout>): string[] {
  return spOffAtTp1(p) !== p
    ? ['sequence_parallel with tp 1 is off: there is no tensor-parallel group to split over (Megatron-LM turns it off with "Disabling sequence parallelism because tensor model parallelism is disabled")']
    : [];
}

/**
 * What the fixed fields imply: sequence parallelism off at tp 1 ({@link spOffAtTp1}), and what a pipeline layout with pp fixes (Megatron-Core derives vp = chunks / pp,
 * pipeline_parallel_layer_layout.py __init__): the virtual stages and, where the user left it, the schedule
 * (interleaved for vp > 1, else 1F1B: DualPipe takes no layout, layoutRules.ts). Unchanged otherwise.
 */
export function withLayoutFixes(arch: Architecture, given: Partial<Layout>): Partial<Layout> {
  const p = spOffAtTp1(given);
  const implied = layoutImplied(arch, p);
  return implied.virtualStages === undefined ? p : { ...p, ...implied };
}

/** What {@link layoutImplied} returns: the virtual stages and the schedule together, or neither. */
export type LayoutImplied = Pick<Layout, 'virtualStages' | 'schedule'> | { virtualStages?: undefined; schedule?: undefined };

/** The virtual stages and schedule a pipeline layout with pp fixes ({@link withLayoutFixes}), where the fields leave them out; none without both. */
export function layoutImplied(arch: Architecture, p: Partial<Layout>): LayoutImplied {
  if (p.pipelineLayout === undefined || p.pp === undefined) return {};
  const chunks = layoutChunks(arch, p.pipelineLayout);
  if (chunks === null || chunks % p.pp !== 0) return {};
  const v = p.virtualStages ?? chunks / p.pp;
  return { virtualStages: v, schedule: p.schedule ?? (v > 1 ? 'interleaved' : '1f1b') };
}

/**
 * The ZeRO stage a layout's model states and data-parallel traffic follow. Where ZeRO has no ranks to shard over
 * ({@link shardsNothing}) every stage is ZeRO-0: whole states, no gather, the gradients all-reduced once a step. Where the
 * stack keeps sharded parameters gathered across a pipeline's micro-batches (StackProfile.defaults.shardingUnderPp
 * 'per-step'), ZeRO-2/3 with pp > 1 holds the stage's 16-bit weights and its gradients unsharded for the
 * step, gathers the weights once and reduce-scatters the gradients once after the last micro-batch, with
 * the fp32 master weights and Adam moments still sharded: ZeRO-1's memory and traffic. `moe`: the model has experts.
 */
export function stateZeroStage(l: Layout, perStepUnderPp: boolean, moe: boolean): ZeroStage {
  if (l.zeroStage > 0 && shardsNothing(l, moe)) return 0;
  return perStepUnderPp && l.pp > 1 && l.zeroStage >= 2 ? 1 : l.zeroStage;
}

/**
 * The state bytes a layout holds where its weights stay gathered through the forward and backward passes while their
 * storage is sharded: ZeRO-2 (FSDP's SHARD_GRAD_OP, FSDP2's reshard_after_forward off) and the ZeRO-3 {@link stateZeroStage}
 * turns into ZeRO-1 under pipelining. What stays gathered is the weights as the GEMMs read them, and weights stored
 * wider than that stay sharded. PyTorch
 * FSDP2 with mixed precision (torchtitan's default: fp32 weights the only copy, MixedPrecisionPolicy param_dtype bf16)
 * gathers each parameter into a bf16 unsharded copy (`_unsharded_param`, all-gathered in param_dtype) and, with
 * set_reshard_after_backward(False), keeps that copy and no fp32 one: the fp32 weights stay sharded (torch
 * distributed/fsdp/_fully_shard/_fsdp_param.py; the unsharded gradients accumulate in reduce_dtype, fp32, as
 * to_accumulated_grad_if_needed upcasts them). So the weights held whole are `computeWeights` bytes, and the stored fp32
 * weights are counted, sharded, with the optimizer's states (as Megatron's master weights are). It counted the fp32
 * weights whole: torchtitan's Llama 4 Maverick toml (tp 8, pp 4, FSDP) on 256 H100 needed 108.6 GiB, of which 46.9 GiB
 * weights, for 91.0 GiB. Where the stored weights are the GEMMs' (Megatron's 16-bit copy) nothing changes, nor where
 * ZeRO shards nothing ({@link shardsNothing}: {@link stateZeroStage} 0, nothing is gathered, each ZeRO stage holds ZeRO-0's
 * states; at dp 1 ZeRO-2 held 2 + 4 bytes a weight where ZeRO 0, 1 and 3 held 4). `moe`: the model has experts.
 */
export function heldStateBytes<T extends { weights: number; layerWeights: number; computeWeights: number; optimizer: number; gradients?: number; onHost?: HostShares | undefined }>(sb: T, l: Layout, perStepUnderPp: boolean, moe: boolean): T {
  const z = stateZeroStage(l, perStepUnderPp, moe);
  const gathered = z >= 1 && (l.zeroStage === 2 || z !== l.zeroStage);
  const held = !gathered || sb.weights <= sb.computeWeights ? sb
    : { ...sb, weights: sb.computeWeights, layerWeights: sb.layerWeights === sb.weights ? sb.computeWeights : sb.layerWeights, optimizer: sb.optimizer + sb.weights };
  // CPU offload (training.offload): what the host holds leaves HBM (offload.ts hbmStateBytes).
  return hbmStateBytes(held, gathered);
}

/**
 * Whether Megatron-Core's expert-parallel all-to-all overlap (--overlap-moe-expert-parallel-comm,
 * "combined 1F1B") runs for this layout when it is asked for: it needs expert parallelism and does not
 * apply to DualPipe or DualPipeV, which overlap their own forward/backward pairs (schedules.ts overlapsPairs). With pp > 1 it needs the
 * interleaved schedule (layoutRules.ts ep-overlap-interleaved).
 */
export function epOverlapApplies(l: Pick<Layout, 'ep' | 'schedule'>, asked: boolean): boolean {
  return asked && l.ep > 1 && !overlapsPairs(l.schedule);
}

/**
 * What a run with the expert-parallel all-to-all overlap on is told where `layouts` (a plan's rows, or a run's one) have
 * ep 1, which runs without it ({@link epOverlapApplies}: there is no expert-parallel all-to-all to hide): the planner
 * ranks by step time, and with ep free chose ep 1 beside --ep-comm-overlap without a word (Mixtral 8x7B on 64 H100s:
 * four of its five rows). Warned, not preferred: the ep-1 layouts are the fastest the model finds, and a fixed ep
 * above 1 plans the overlap. Empty where the overlap is off or every layout runs it (or is DualPipe, which hides its own).
 */
export function epOverlapNotes(layouts: readonly Pick<Layout, 'ep'>[], on: boolean, name: (f: HintField) => string = scenarioName): string[] {
  const rows = on ? layouts.flatMap((l, i) => (l.ep === 1 ? [i + 1] : [])) : [];
  if (!rows.length) return [];
  const which = layouts.length === 1 ? 'the layout' : `layout${rows.length > 1 ? 's' : ''} ${listed(rows.map(String), 'and')}`;
  return [`${name('epCommOverlap')} is on, but ${which} ha${rows.length > 1 ? 've' : 's'} ep 1, with no expert-parallel all-to-all to overlap: ${rows.length > 1 ? 'they run' : 'it runs'} without it; give ${name('ep')} above 1 for layouts that run it`];
}

/** Share of a stage's layers that are recomputed: 0 without full recomputation, N/(layers per chunk) with recomputeLayers N, else 1. */
export function recomputedShare(arch: Architecture, l: Pick<Layout, 'pp' | 'virtualStages' | 'recompute' | 'recomputeLayers' | 'pipelineLayout'>): number {
  if (l.recompute !== 'full') return 0;
  if (l.recomputeLayers === undefined) return 1;
  return Math.min(1, l.recomputeLayers / chunkLayers(arch, l));
}

/**
 * A layout's hardware FLOPs per token, from the count under each recomputation (`perToken`): full recomputation of a
 * share of the layers adds that share of the full recomputation's extra (Chowdhery et al. 2022 App. B; Korthikanti et
 * al. 2022 §6.3). The planner's HFU (step.ts toPrediction) and plan's convention note (attentionNote.ts) alike.
 */
export function layoutHardwareFlopsPerToken(perToken: (recompute: Layout['recompute']) => number, arch: Architecture, l: Parameters<typeof recomputedShare>[1]): number {
  return l.recompute === 'full' ? perToken('none') + recomputedShare(arch, l) * (perToken('full') - perToken('none')) : perToken(l.recompute);
}

/**
 * Block recomputation as the FLOP analysis counts it: the recomputed share of the layers (countFlops' recomputedShare),
 * exact, as {@link layoutHardwareFlopsPerToken} takes it, where the layout recomputes some layers fully; nothing otherwise.
 * For a run's hardware FLOPs (scenario/predict.ts). It was the share as whole layers of the model, round(share × layers):
 * recompute_layers 1 of a 2-layer chunk of a 3-layer model counted 2 of 3 layers, where the planner's HFU counts half, so
 * run's hfu (0.163) was not its predicted_hfu (0.158) (review35 #14).
 */
export function blockRecomputedShare(arch: Architecture, l: Parameters<typeof recomputedShare>[1]): { recomputedShare?: number } {
  return l.recompute === 'full' && l.recomputeLayers !== undefined ? { recomputedShare: recomputedShare(arch, l) } : {};
}

/**
 * A layout whose fields are all given but etp and shardGroup, completed with their defaults: etp = tp
 * for MoE models (Megatron-Core arguments.py: expert_tensor_parallel_size defaults to
 * tensor_model_parallel_size), 1 for dense ones; shardGroup = dp·cp (ZeRO over all data-parallel ranks).
 * null when another field is missing.
 */
export function withDefaults(arch: Architecture, given: Partial<Layout>): Layout | null {
  const p = withLayoutFixes(arch, given);
  if (!LAYOUT_FIELDS.every((f) => p[f] !== undefined || (DEFAULTED_FIELDS as readonly string[]).includes(f))) return null;
  return { ...p, etp: p.etp ?? (arch.moe ? p.tp! : 1), shardGroup: p.shardGroup ?? p.dp! * p.cp! } as Layout;
}

/**
 * Group sizes of a layout. Rank order (Megatron-Core's default, parallel_state order "tp-cp-ep-dp-pp"):
 * tp fastest, then cp, dp, pp for the attention and dense layers; for the experts, the same tp·cp·dp
 * ranks of a stage are renumbered etp fastest, then ep, then the expert-data-parallel ranks ("MoE
 * parallel folding", Megatron-Core docs; Liu et al. 2025, arXiv:2504.14960 §3). So an expert-parallel
 * group is ep ranks spaced etp apart (inside one scale-up domain iff etp·ep ≤ its size) and an
 * expert-data-parallel group is tp·cp·dp/(ep·etp) ranks spaced etp·ep apart.
 */
export const expertDataParallel = (l: Layout): number => (l.tp * l.cp * l.dp) / (l.ep * l.etp);
/** Ranks one dense parameter's ZeRO states are sharded over: the shard group (dp·cp unless grouped). */
export const denseShards = (l: Layout): number => l.shardGroup;
/**
 * Ranks one expert parameter's ZeRO states are sharded over: the expert-data-parallel group, cut by
 * the same factor as the dense group when sharding in groups (at least 1).
 */
export const expertShards = (l: Layout): number => Math.max(1, (expertDataParallel(l) * l.shardGroup) / (l.dp * l.cp));
/**
 * Whether ZeRO has no ranks to shard over: a shard group of one rank ({@link denseShards}: dp·cp 1, or shard_group 1) and,
 * on an MoE model, one expert shard ({@link expertShards}: no expert-data-parallel ranks at dp·cp 1). DualPipe's two copies
 * of each stage are replicas, their gradients summed into both (dataParallel.ts), not a shard group: at dp·cp 1 they
 * all-reduce as DDP's replicas do, and its end rank holds both stages' states whole (memory.ts). Every parameter's
 * states then stay whole on each rank, so each ZeRO stage has ZeRO-0's states, step time and memory ({@link stateZeroStage}
 * 0: no 16-bit gathered copy, no ZeRO-3 gather buffer, one all-reduce of the gradients a step across the replicas). So the
 * stacks run it: PyTorch FSDP clamps its sharding strategy to NO_SHARD where its world is one rank "since they are
 * currently functionally equivalent" (torch/distributed/fsdp/_init_utils.py _init_core_state), and under HYBRID_SHARD
 * that world is the shard group (_init_process_group_state_for_hybrid_shard sets state.process_group to the shard group,
 * state.world_size its size; pytorch/pytorch @ 00743e70eda2c19bf968748cb3e9c3630594b26e); torchtitan runs DDP
 * (`replicate`) where data_parallel_shard_degree and cp are 1, fully_shard only where either is above 1
 * (torchtitan/models/llama3/infra/parallelize.py parallelize_llama @ 81c1243395b46ce693a0681cfe1bb20e9b9433fb); and
 * Megatron-Core's distributed optimizer over instances of one rank shards nothing. FSDP2's fully_shard on a (replicate, 1)
 * mesh would still gather each parameter into a param_dtype buffer of its own (_fsdp_collectives.py foreach_all_gather
 * allocates the output at world size 1), but no stack here runs it. (FSDP1 so clamped all-reduces the gradients over the
 * one-rank shard group only, so the replicas drift apart: pytorch/pytorch#154888, open.) The planner lists one ZeRO stage
 * there (planScan.ts). shard_group 1 at dp·cp > 1 still counted ZeRO-2's 16-bit copy, ZeRO-3's gather buffer and a
 * gradient all-reduce every micro-batch.
 */
export const shardsNothing = (l: Layout, moe: boolean): boolean => denseShards(l) === 1 && (!moe || expertShards(l) === 1);

/**
 * Whether a layout's text names etp: on an MoE model, where it is not its default, tp ({@link withDefaults}); a dense
 * model's etp is 1 and splits nothing. It was named only beside ep > 1: a Mixtral layout of ep 1 and etp 8 (experts
 * split 8 ways, folded over tp·cp·dp) printed as tp2 pp1 dp8 cp4, as if every rank held whole experts, and one of etp 1
 * at tp 2 as if its experts were split over tp; run's layout line never named it.
 */
export const etpShown = (l: Pick<Layout, 'tp' | 'etp'>, moe: boolean): boolean => moe && l.etp !== l.tp;
/** Whether a layout's text names its ZeRO shard group: where it is not its default, dp·cp ({@link withDefaults}). */
export const shardGroupShown = (l: Pick<Layout, 'dp' | 'cp' | 'shardGroup'>): boolean => l.shardGroup !== l.dp * l.cp;

/** A layout in one line (`tp8 pp4 dp32 mb1 v8 sp zero1 rc:none`); `moe`: the model has MoE layers (etp's default). */
export function describeLayout(l: Layout, moe: boolean): string {
  const parts = [`tp${l.tp}`, `pp${l.pp}`, `dp${l.dp}`];
  if (l.cp > 1) parts.push(`cp${l.cp}`);
  if (l.ep > 1) parts.push(`ep${l.ep}`);
  if (etpShown(l, moe)) parts.push(`etp${l.etp}`);
  parts.push(`mb${l.microBatch}`);
  if (l.virtualStages > 1) parts.push(`v${l.virtualStages}`);
  if (overlapsPairs(l.schedule) || isZeroBubble(l.schedule)) parts.push(l.schedule);
  if (l.sequenceParallel) parts.push('sp');
  parts.push(`zero${l.zeroStage}`);
  if (shardGroupShown(l)) parts.push(`sg${l.shardGroup}`);
  parts.push(`rc:${l.recompute}` + (l.recompute === 'full' && l.recomputeLayers !== undefined ? `(${l.recomputeLayers})` : ''));
  if (l.pipelineLayout !== undefined) parts.push(`layout:${l.pipelineLayout}`);
  return parts.join(' ');
}

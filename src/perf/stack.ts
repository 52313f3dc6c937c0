/**
 * Training stacks: what a stack profile says, what a named software stack runs by default (overlap of
 * the gradient reduction, gradient-accumulation fusion, sequence parallelism, flash attention, FP8
 * recipe) and which layouts it can run at all (ZeRO stages, ZeRO with pipelining, parallel dimensions,
 * schedules, sharding groups, expert-parallel folding), and the stack ids. The profiles themselves, one
 * entry per stack with every value's source, are data in stackProfiles.ts; the stack-conditional layout
 * rules (layoutRules.ts) read `can`, the scenario and the run context read `defaults`. Explicit
 * scenario fields override a stack's defaults; a stack's `can` is never overridden.
 */
import type { PipelineSchedule, ZeroStage } from './layout.js';
import type { CpCommType } from './cpComm.js';
import type { AttentionKernel } from './machine.js';
import type { ModelStateChoice } from './modelState.js';
import type { MoeDispatcher, PaddedMoeDispatch } from './moeCost.js';
import type { Fp8Recipe } from './quantisation.js';
import type { RecomputeModuleName } from '../flops/recomputeModules.js';

export const STACK_IDS = ['megatron-core', 'zero-bubble', 'megatron-lm-2021', 'deepspeed', 'torchtitan', 'olmo-core', 'llm-foundry', 'llm-foundry-2023', 'maxtext', 'hai-llm'] as const;
export type StackId = (typeof STACK_IDS)[number];
/** The stack of a scenario or `plan` that names none (issue 10 contract). */
export const DEFAULT_STACK: StackId = 'megatron-core';

/** A value and where it comes from. */
export interface Sourced<T> {
  value: T;
  source: string;
}

export interface StackProfile {
  id: StackId;
  name: string;
  defaults: {
    overlapGradReduce: Sourced<boolean>;
    /** Tensor-parallel all-gathers / reduce-scatters run under the GEMMs they feed (needs sequence parallelism). */
    tpCommOverlap: Sourced<boolean>;
    gradAccumulationFusion: Sourced<boolean>;
    flashAttention: Sourced<boolean>;
    /** Which fused-attention kernel its flash attention runs (machine.ts ATTENTION_KERNELS). */
    attentionKernel: Sourced<AttentionKernel>;
    /**
     * ZeRO-2/3 with pipelining: 'per-micro-batch' gathers the weights (and reduce-scatters the gradients)
     * for every micro-batch; 'per-step' keeps them gathered across the micro-batches and reduces once,
     * as ZeRO-1 does (layout.ts stateZeroStage). Only read where zeroStagesWithPp allows 2 or 3.
     */
    shardingUnderPp: Sourced<'per-micro-batch' | 'per-step'>;
    /** MoE dispatch/combine all-to-alls under another micro-batch's computation (step.ts; Megatron-Core combined 1F1B). */
    epCommOverlap: Sourced<boolean>;
    /** 'with-tp': on whenever tp > 1 (the planner proposes no other); 'search': the planner tries both. */
    sequenceParallel: Sourced<'with-tp' | 'search'>;
    /** Pipeline degree the planner proposes when the user fixes none (null: searched). */
    pp: Sourced<number | null>;
    /** The FP8 scaling recipe its FP8 runs use (quantisation.ts FP8_RECIPES): what quantising a tensor costs. */
    fp8Recipe: Sourced<Fp8Recipe>;
    /** What it keeps per parameter where that differs from Megatron's mixed precision (modelState.ts). */
    modelState: Sourced<ModelStateChoice>;
    /** How it dispatches tokens to the experts (moeCost.ts MOE_DISPATCHERS). */
    moeDispatcher: Sourced<MoeDispatcher>;
    /**
     * Its flat all-to-all dispatcher sends the routed probabilities in an all-to-all of their own after the tokens'
     * (Megatron-Core MoEAlltoAllTokenDispatcher; layerCost.ts LayerCostInputs.moeProbsAllToAll); false: not charged.
     */
    moeProbsAllToAll: Sourced<boolean>;
    /** Layers captured in CUDA graphs and replayed, where their shapes are static (hostIssue.ts); read only for an eager stack. */
    cudaGraphs: Sourced<boolean>;
    /** 'eager': kernels issued one by one from Python (PyTorch); 'compiled': one compiled program per step (XLA), no per-kernel host issue (hostIssue.ts). */
    kernelIssue: Sourced<'eager' | 'compiled'>;
    /** How experts padded to their capacity get their tokens: by index or by one-hot contractions (moeCost.ts PADDED_MOE_DISPATCHES). */
    paddedMoeDispatch: Sourced<PaddedMoeDispatch>;
    /** How its context-parallel ranks exchange the attention's inputs (cpComm.ts CP_COMM_TYPES; Megatron-Core cp_comm_type). */
    cpCommType: Sourced<CpCommType>;
    /**
     * What `recompute: selective` reruns where recompute_modules is not given (selectiveModules.ts); absent: Megatron-Core's
     * default, core_attn (Korthikanti et al. 2022 §5).
     */
    selectiveModules?: Sourced<readonly RecomputeModuleName[]>;
  };
  can: {
    tensorParallel: Sourced<boolean>;
    pipelineParallel: Sourced<boolean>;
    contextParallel: Sourced<boolean>;
    expertParallel: Sourced<boolean>;
    /** Expert-parallel (and expert-tensor-parallel) groups drawn from tp·cp·dp (MoE parallel folding); false: ep divides dp·cp and etp = tp. */
    expertFolding: Sourced<boolean>;
    zeroStages: Sourced<ZeroStage[]>;
    /** ZeRO stages that combine with pp > 1. */
    zeroStagesWithPp: Sourced<ZeroStage[]>;
    /** ZeRO stages that combine with ep > 1 (stackRules.ts stack-zero-ep); absent: every stage it runs. */
    zeroStagesWithEp?: Sourced<ZeroStage[]>;
    schedules: Sourced<PipelineSchedule[]>;
    /** ZeRO sharding inside groups smaller than dp·cp (HSDP / MiCS / partial distributed optimizer). */
    shardGroups: Sourced<boolean>;
    /** Virtual pipeline stages of unequal layer counts (v need not divide the layers per stage). */
    unevenVirtualStages: Sourced<boolean>;
    /** Full recomputation of some of a chunk's layers only (recompute_layers). */
    partialRecompute: Sourced<boolean>;
    /** The modules its selective recomputation can name (recompute_modules: Megatron-Core's, OLMo-core's; flops/recomputeModules.ts); none: no list. */
    recomputeModules: Sourced<readonly RecomputeModuleName[]>;
    /**
     * Full recomputation of every N-th block of a rank, counted from its first (training.recompute_every: TorchTitan's
     * activation_checkpoint.selective_ac_option N; scenario/recompute.ts everyNthLayers).
     */
    blockInterval: Sourced<boolean>;
    /**
     * Whether ep_comm_overlap may be turned on: false where the stack has no such switch (refused naming it,
     * stackRules.ts switchOfStackProblem); absent, not checked (the switch taken as given).
     */
    epCommOverlap?: Sourced<boolean>;
    /**
     * Whether moe_dispatcher: deepep (Megatron-Core's flex dispatcher with DeepEP or HybridEP) may be asked for: false where
     * the stack has no such dispatcher (refused naming it, stackRules.ts switchOfStackProblem); absent, not checked.
     */
    flexDispatcher?: Sourced<boolean>;
    /**
     * The cp_comm_types its attention runs under context parallelism where a layer attends over a sliding window, and
     * where the softmax has learned sinks (GPT-OSS): refused otherwise naming the stack (stackRules.ts stack-cp-sliding-window,
     * stack-cp-sinks). Absent: not checked.
     */
    /**
     * Whether full recomputation wraps an MoE block: false where the stack refuses it (OLMo-core: stackRules.ts
     * stack-moe-full-recompute); absent, not checked.
     */
    moeBlockRecompute?: Sourced<boolean>;
    cpCommWithSlidingWindow?: Sourced<readonly CpCommType[]>;
    cpCommWithSinks?: Sourced<readonly CpCommType[]>;
    /** The cp_comm_types its context parallelism runs at all (DeepSpeed-Ulysses: a2a alone; stackRules.ts stack-cp-comm). Absent: every one. */
    cpCommTypes?: Sourced<readonly CpCommType[]>;
    /**
     * Whether it runs ZeRO++'s collectives (quantised weight gathers, hierarchical partitioning, quantised gradients:
     * zeroPlusPlus.ts). Absent or false: a run setting them is refused naming the stack (stackRules.ts zeropp-stack).
     */
    zeroPlusPlus?: Sourced<boolean>;
    /** The CPU offload it runs (offload.ts; stackOffload.ts holds each stack's): offloadRules.ts (memorySavingRules.ts offload-zero, offloadStackProblem) refuses the rest. */
    offload: Sourced<OffloadCan>;
  };
}

/** What CPU offload a stack runs (offload.ts modes), and with which ZeRO stages; null: not that mode. */
export interface OffloadCan {
  /** Optimizer states on the host: the ZeRO stages, whether a fraction below 1, and whether the gradients go with them. */
  optimizer: { zeroStages: readonly ZeroStage[]; fraction: boolean; gradientsToHost: boolean } | null;
  /** Parameters, gradients and optimizer states on the host: the ZeRO stages. */
  params: { zeroStages: readonly ZeroStage[] } | null;
}

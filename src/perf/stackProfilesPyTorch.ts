/**
 * The PyTorch-native stacks' profiles (stack.ts StackProfile; stackProfiles.ts STACKS): MosaicML LLM Foundry (and as the
 * MPT releases ran it), TorchTitan, and AI2's OLMo-core built as TorchTitan is. Data, every value with its source.
 */
import type { StackProfile } from './stack.js';
import { OLMO_CORE_MODULE_NAMES, TORCHTITAN_MODULE_NAMES } from '../flops/recomputeModules.js';
import { PROBS_NOT_READ, s } from './stackSource.js';
import { STACK_OFFLOAD } from './stackOffload.js';

const TORCHTITAN = 'pytorch/torchtitan docs/composability.md and torchtitan/config/job_config.py (2025); Liang et al. 2024, arXiv:2410.06511';
/** TorchTitan's activation checkpointing, as stored at that commit. */
const TT_AC = 'pytorch/torchtitan torchtitan/distributed/activation_checkpoint.py @ 01db32e97d28d588eccadf527155d2201797d0b8';

export const LLM_FOUNDRY: StackProfile = {
  id: 'llm-foundry',
  name: 'MosaicML LLM Foundry (Composer + PyTorch FSDP1)',
  defaults: {
    overlapGradReduce: s(true, 'PyTorch FSDP1 FULL_SHARD with backward_prefetch BACKWARD_PRE (llm-foundry scripts/train/yamls fsdp_config)'),
    tpCommOverlap: s(false, 'no tensor parallelism'),
    gradAccumulationFusion: s(false, 'PyTorch autograd accumulates .grad after the GEMM'),
    flashAttention: s(true, 'llm-foundry attn_config.attn_impl: flash (its current yamls; the 2023 benchmark tables ran earlier kernels: stack llm-foundry-2023)'),
    attentionKernel: s('fa2', 'llm-foundry scripts/train/benchmarking/submit_benchmarks.py: --attn_impl flash, installs .[gpu-flash2] and flash-attn 2.4.2 (FlashAttention-2)'),
    shardingUnderPp: s('per-micro-batch', 'not reached: no pipelining'),
    epCommOverlap: s(false, 'MegaBlocks all-to-alls run on the critical path (Gale et al. 2023)'),
    sequenceParallel: s('search', 'no tensor parallelism, so no sequence parallelism'),
    pp: s(1, 'llm-foundry trains with FSDP only (scripts/train/benchmarking/README.md)'),
    fp8Recipe: s('delayed', 'Composer precision amp_fp8: Transformer Engine fp8_autocast with its DelayedScaling recipe'),
    modelState: s({ weights: 'fp32' }, 'PyTorch FSDP1 MixedPrecision: the flat sharded parameters stay fp32 and are cast to bf16 for compute (llm-foundry fsdp_config mixed_precision PURE/DEFAULT), so the fp32 weights are the only copy: 4 + 4 + 8 bytes'),
    moeDispatcher: s('alltoall', 'MegaBlocks (Gale et al. 2023): a flat all-to-all of the routed tokens'),
    moeProbsAllToAll: PROBS_NOT_READ,
    cudaGraphs: s(false, 'Composer runs the model in PyTorch eager mode (llm-foundry yamls set no torch.compile or CUDA graphs): kernels issued one by one from Python'),
    kernelIssue: s('eager', 'PyTorch eager mode: each operation issued from Python'),
    paddedMoeDispatch: s('permute', 'MegaBlocks gathers the routed tokens by index (megablocks/ops padded_gather); no one-hot contraction'),
    cpCommType: s('p2p', 'not read: no context parallelism in Composer (can.contextParallel)'),
  },
  can: {
    tensorParallel: s(false, 'llm-foundry benchmarks: FSDP FULL_SHARD, no tensor parallelism (scripts/train/benchmarking/README.md)'),
    pipelineParallel: s(false, 'no pipeline parallelism in Composer'),
    contextParallel: s(false, 'no context parallelism in Composer'),
    expertParallel: s(true, 'MegaBlocks expert parallelism (Gale et al. 2023) through llm-foundry moe configs'),
    expertFolding: s(false, 'MegaBlocks: expert-parallel ranks drawn from the data-parallel ranks'),
    zeroStages: s([0, 2, 3], 'PyTorch FSDP sharding_strategy NO_SHARD / SHARD_GRAD_OP / FULL_SHARD'),
    zeroStagesWithPp: s([0, 2, 3], 'no pipelining (pp is 1)'),
    schedules: s(['1f1b'], 'no pipelining'),
    shardGroups: s(true, 'PyTorch FSDP sharding_strategy HYBRID_SHARD (shard inside a node, replicate across)'),
    unevenVirtualStages: s(false, 'no pipelining'),
    partialRecompute: s(false, 'not modelled: llm-foundry activation checkpointing wraps every block'),
    offload: STACK_OFFLOAD['llm-foundry'],
    recomputeModules: s([], 'llm-foundry activation checkpointing wraps whole blocks (fsdp_config activation_checkpointing): no module list'),
    blockInterval: s(false, 'not modelled: llm-foundry activation checkpointing wraps every block'),
  },
};

/**
 * The same stack as the MPT releases ran it (llm-foundry ≤ v0.2, 2023): the benchmark tables of
 * scripts/train/benchmarking/README.md were run then, before FlashAttention-2 reached llm-foundry.
 */
export const LLM_FOUNDRY_2023: StackProfile = {
  ...LLM_FOUNDRY,
  id: 'llm-foundry-2023',
  name: 'MosaicML LLM Foundry of the MPT releases (2023; attention before FlashAttention-2)',
  defaults: {
    ...LLM_FOUNDRY.defaults,
    flashAttention: s(true, "MPT attn_config.attn_impl: triton (Tri Dao's Triton FlashAttention, flash_attn_triton.py) or flash (FlashAttention v1)"),
    attentionKernel: s('fa1', 'llm-foundry scripts/train/benchmarking/sweep.sh, which README.md says lists the benchmarks of its tables, pins GIT_COMMIT v0.0.4 and image mosaicml/pytorch:2.0.1 and passes no --attn_impl (submit_benchmarks.py default: triton): a release before FlashAttention-2 (July 2023)'),
  },
};

export const TORCHTITAN_PROFILE: StackProfile = {
  id: 'torchtitan',
  name: 'TorchTitan (PyTorch FSDP2 + TP/PP/CP)',
  defaults: {
    overlapGradReduce: s(true, `${TORCHTITAN}: FSDP2 reduce-scatters each layer's gradients during the backward pass`),
    tpCommOverlap: s(false, `${TORCHTITAN}: async tensor parallelism (experimental.enable_async_tensor_parallel) is off by default`),
    gradAccumulationFusion: s(false, 'PyTorch autograd accumulates .grad after the GEMM (AccumulateGrad)'),
    flashAttention: s(true, `${TORCHTITAN}: scaled_dot_product_attention (flash / cuDNN backends) or flex attention`),
    attentionKernel: s('fa2', 'PyTorch scaled_dot_product_attention dispatches its FlashAttention-2 backend on H100: cuDNN attention was made opt-in for 2.5.1 (pytorch/pytorch#138522) and torchtitan runs on H100 dispatch SDPBackend.FLASH_ATTENTION (pytorch/torchtitan#1042, torch 2.7); PyTorch prefers cuDNN only with cuDNN > 9.15 (sdp_utils.cpp check_prefer_cudnn_attention, torch 2.10-2.11): set attention_kernel: cudnn for such builds'),
    shardingUnderPp: s('per-step', 'torch.distributed.pipelining stage.py backward_maybe_with_nosync: FSDP modules set_reshard_after_backward(False) and set_requires_gradient_sync(False) until the last micro-batch, whose post-backward reduce-scatters once; torchtitan shards with reshard_after_forward off under PP'),
    epCommOverlap: s(false, 'not modelled for torchtitan: its expert-parallel all-to-alls run on the critical path by default'),
    sequenceParallel: s('with-tp', `${TORCHTITAN}: the TP plan shards norms and dropout over the sequence (SequenceParallel) whenever TP is on`),
    pp: s(null, 'pipeline parallelism is a free choice (torchtitan pipelining)'),
    fp8Recipe: s('tensorwise', `${TORCHTITAN}: --float8.recipe_name unset takes torchao.float8's default "tensorwise" dynamic scaling (the amax of each tensor when it is cast)`),
    modelState: s({ weights: 'fp32' }, `${TORCHTITAN}: FSDP2 MixedPrecisionPolicy(param_dtype=bfloat16, reduce_dtype=float32): the sharded fp32 parameters are the only copy, cast to bf16 when gathered; fp32 gradients and AdamW states: 4 + 4 + 8 bytes`),
    moeDispatcher: s('alltoall', `${TORCHTITAN}: expert parallelism dispatches with all_to_all_single`),
    moeProbsAllToAll: PROBS_NOT_READ,
    cudaGraphs: s(false, `${TORCHTITAN}: compile.enable is off by default and no CUDA-graph capture is used in training: PyTorch eager`),
    kernelIssue: s('eager', 'PyTorch eager mode: each operation issued from Python'),
    paddedMoeDispatch: s('permute', 'torchtitan MoE: tokens permuted by index (generate_permute_indices) for its grouped GEMMs; no one-hot contraction'),
    cpCommType: s('p2p', `${TORCHTITAN}: context_parallel_degree, PyTorch's ring attention (torch.distributed.tensor.experimental.context_parallel), modelled as the overlapped ring. Its context_parallel_rotate_method defaults to "allgather" ("all-gather all kv shards on ranks after the first sub-SDPA computation"), which only the first sub-SDPA hides: not modelled apart (ASSUMED: the ring)`),
    // Its own selective mode, the per-operator policy its Llama presets run (flops/opCheckpoint.ts): recompute: selective
    // without recompute_modules is that, where it applies (selectiveModules.ts), not Megatron-Core's core_attn.
    selectiveModules: s(TORCHTITAN_MODULE_NAMES, 'pytorch/torchtitan torchtitan/models/llama3/train_configs/llama3_8b.toml @ f3534d77b3876a3c042b60b18785272576d91e59 ("a preset for 64 A100 GPUs"): [activation_checkpoint] mode = "selective", selective_ac_option = "op"'),
  },
  can: {
    tensorParallel: s(true, `${TORCHTITAN}: tensor_parallel_degree (async TP)`),
    pipelineParallel: s(true, `${TORCHTITAN}: pipeline_parallel_degree (1F1B, Interleaved1F1B, ZBV)`),
    contextParallel: s(true, `${TORCHTITAN}: context_parallel_degree (ring attention)`),
    expertParallel: s(true, `${TORCHTITAN}: expert_parallel_degree (borrowed from dp_shard·cp)`),
    expertFolding: s(false, `${TORCHTITAN}: expert_parallel_degree divides dp_shard·cp; expert_tensor_parallel_degree is 1 or tp`),
    zeroStages: s([0, 2, 3], 'FSDP2 fully_shard (ZeRO-3; reshard_after_forward=False is ZeRO-2); DDP (dp_replicate only) is ZeRO-0'),
    zeroStagesWithPp: s([0, 2, 3], `${TORCHTITAN}: FSDP composes with PP (reshard_after_forward off under PP)`),
    schedules: s(['1f1b', 'interleaved', 'zb-v', 'dualpipev'], `${TORCHTITAN}: pipeline_parallel_schedule 1F1B / Interleaved1F1B / ZBVZeroBubble (PyTorch pipelining's ScheduleZBVZeroBubble, the ZB-V schedule) / DualPipeV (ScheduleDualPipeV, placed in the "v" style as ZBV: torchtitan/distributed/pipeline_parallel.py @ 02ef790 pipeline_module_split; its F&B overlap of the expert all-to-all registered by pipeline_parallel_expert_parallel_overlap)`),
    shardGroups: s(true, `${TORCHTITAN}: data_parallel_replicate_degree × data_parallel_shard_degree (HSDP)`),
    unevenVirtualStages: s(true, 'pytorch/torchtitan torchtitan/distributed/pipeline_parallel.py @ 02ef790 generate_llm_fqn_per_model_part: pipeline_parallel_layers_per_stage sets the virtual stages, which may differ by a layer, and pipeline_parallel_first_stage_less_layers / _last_stage_less_layers (default 1) take layers off the ends; module_fqns_per_model_part gives any split'),
    // ASSUMED: recompute_layers n, n of a chunk's layers recomputed whole, is what every N-th block (blockInterval) comes to;
    // torchtitan has no option that names n itself.
    partialRecompute: s(true, `${TORCHTITAN}: activation_checkpoint.mode selective with selective_ac_option N wraps every N-th block (recompute_every), n of a chunk's layers`),
    offload: STACK_OFFLOAD['torchtitan'],
    recomputeModules: s(TORCHTITAN_MODULE_NAMES, `${TT_AC}: activation_checkpoint.mode selective with selective_ac_option op keeps the output of each operator in the save list but every second mm of a block and reruns the rest (recompute_modules [op]: flops/opCheckpoint.ts); an integer wraps whole blocks (recompute_every)`),
    blockInterval: s(true, `${TT_AC}: _apply_layer_sac counts the blocks it is handed in a module-global _layer_sac_count from 1 and wraps the block whenever the count is a multiple of ac_freq = int(selective_ac_option) (0: every block); apply_ac hands it each model part's layers in turn, so a rank's blocks are counted across its pipeline chunks`),
  },
};

/** A stack's defaults less its own selective mode (stack.ts defaults.selectiveModules). */
function withoutSelectiveModules(d: StackProfile['defaults']): StackProfile['defaults'] {
  const { selectiveModules: _, ...rest } = d;
  return rest;
}

/** OLMo-core's activation checkpointing, as stored at that commit. */
const OLMO_AC = 'allenai/OLMo-core src/olmo_core/nn/transformer/model.py @ 0021abd46d51affab0abdec410f2f30f02a37efc Transformer.apply_activation_checkpointing (TransformerActivationCheckpointingMode: full, selected_blocks, selected_modules, selected_ops, budget)';
/**
 * AI2's OLMo-core: PyTorch FSDP2 (fully_shard), DTensor tensor parallelism, torch.distributed.pipelining and ring or
 * Ulysses context parallelism, as TorchTitan builds them (OLMo-core's DDP path cites torchtitan's parallelize_llama). Its
 * activation checkpointing is its own (OLMO_AC): selected_modules wraps named modules (recompute_modules attention,
 * feed_forward), selected_blocks every block_interval-th block of a chunk counted from 0 (recompute_layers ⌈chunk ÷ N⌉:
 * not TorchTitan's count from 1), selected_ops the per-operator policy TorchTitan's op option also runs (approximated by
 * recompute: selective). Its schedules are torch.distributed.pipelining's it names. Every other value is TorchTitan's,
 * with TorchTitan's source, not checked against OLMo-core (as zero-bubble's are Megatron-Core's).
 */
export const OLMO_CORE: StackProfile = {
  ...TORCHTITAN_PROFILE,
  id: 'olmo-core',
  name: 'AI2 OLMo-core (PyTorch FSDP2 + TP/PP/CP)',
  // TorchTitan's defaults but its selective mode: OLMo-core names its own modules (selected_modules), and op is not among them.
  defaults: withoutSelectiveModules(TORCHTITAN_PROFILE.defaults),
  can: {
    ...TORCHTITAN_PROFILE.can,
    unevenVirtualStages: s(true, 'allenai/OLMo-core src/olmo_core/train/train_module/transformer/config.py @ 0021abd46d51affab0abdec410f2f30f02a37efc TransformerPipelineParallelConfig.split_points: any increasing block indices split the model into stages (automatic: the middle stages take the extra layers)'),
    schedules: s(['1f1b', 'interleaved', 'zb-v'], 'allenai/OLMo-core src/olmo_core/distributed/parallel/pipeline_parallel.py @ 0672ddb19472e796de6d7f63d41af55cc342de47 PipelineScheduleType: 1F1B, Interleaved1F1B (the default), ZBVZeroBubble (the V split style), beside GPipe, LoopedBFS and InterleavedZeroBubble flopcast does not model (torch.distributed.pipelining\'s classes); no DualPipeV'),
    partialRecompute: s(true, `${OLMO_AC}: selected_blocks wraps the blocks whose index in the chunk is a multiple of block_interval N (enumerate(self.blocks.values()), block_idx % block_interval == 0): ⌈chunk ÷ N⌉ of a chunk's layers`),
    offload: STACK_OFFLOAD['olmo-core'],
    recomputeModules: s(OLMO_CORE_MODULE_NAMES, `${OLMO_AC}: selected_modules wraps each module whose name matches a glob of modules (blocks.*.attention, blocks.*.feed_forward) in a ptd_checkpoint_wrapper`),
    moeBlockRecompute: s(false, `${OLMO_AC}: modes full and selected_blocks raise OLMoConfigurationError "Wrapping MoE blocks for activation checkpointing is not supported." on an MoETransformerBlock`),
    blockInterval: s(false, `${OLMO_AC}: selected_blocks counts a chunk's blocks from 0 (block 0, N, 2N…), not TorchTitan's from 1: recompute_layers ⌈layers a chunk ÷ N⌉`),
  },
};

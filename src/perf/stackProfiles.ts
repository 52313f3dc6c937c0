/**
 * The training stacks' profiles (stack.ts StackProfile): data, one entry per stack, every value with
 * its source.
 */
import type { ModelStateChoice } from './modelState.js';
import { STACK_OFFLOAD } from './stackOffload.js';
import type { StackId, StackProfile } from './stack.js';
import { MEGATRON_MODULE_NAMES } from '../flops/recomputeModules.js';
import { MAXTEXT_POLICY_NAMES } from '../flops/rematPolicy.js';
import { PROBS_NOT_READ, s } from './stackSource.js';
import { LLM_FOUNDRY, LLM_FOUNDRY_2023, OLMO_CORE, TORCHTITAN_PROFILE } from './stackProfilesPyTorch.js';

const MCORE_ARGS = 'NVIDIA/Megatron-LM megatron/training/arguments.py (core_r0.13)';
/** Megatron-LM's mixed precision, the model-state default (modelState.ts stateBytesFor): no field to override. */
const MEGATRON_STATE = s<ModelStateChoice>({}, 'Megatron mixed precision: bf16 weights, fp32 main gradients, fp32 master weights and Adam moments (modelState.ts)');

/** Transformer Engine's context-parallel attention, which Megatron-Core's TEDotProductAttention calls with its cp_comm_type. */
const TE_CP = 'NVIDIA/TransformerEngine transformer_engine/pytorch/attention/dot_product_attention/context_parallel.py attn_forward_func_with_cp';
const MEGATRON_CORE: StackProfile = {
  id: 'megatron-core',
  name: 'Megatron-Core (NVIDIA Megatron-LM, 2023-)',
  defaults: {
    overlapGradReduce: s(true, `${MCORE_ARGS}: --overlap-grad-reduce, set by every Megatron-Core example recipe (examples/llama, examples/mixtral)`),
    tpCommOverlap: s(true, 'NVIDIA\'s Megatron-Core performance recipes turn it on (Megatron-Bridge scripts/performance configs: CommOverlapConfig(tp_comm_overlap=True); NeMo 2.0 recipes: MegatronCommOverlapCallback(tp_comm_overlap=True); MLPerf Training NVIDIA configs TP_COMM_OVERLAP=True); Megatron-LM --tp-comm-overlap, off unless set'),
    gradAccumulationFusion: s(true, `${MCORE_ARGS}: gradient_accumulation_fusion defaults on (--no-gradient-accumulation-fusion to disable)`),
    flashAttention: s(true, 'Megatron-Core TransformerEngine attention backend (flash / cuDNN fused attention), the default --attention-backend auto'),
    attentionKernel: s('cudnn', 'Transformer Engine DotProductAttention runs cuDNN fused attention (FusedAttention) on Hopper and Blackwell unless told otherwise (NVTE_FUSED_ATTN; TE docs, "Attention backends"), or FlashAttention-3 where installed'),
    shardingUnderPp: s('per-micro-batch', 'not reached: Megatron FSDP (ZeRO-2/3) runs without pipelining (can.zeroStagesWithPp)'),
    epCommOverlap: s(false, 'Megatron-Core --overlap-moe-expert-parallel-comm (combined 1F1B, MCore v0.14) is off unless set; NVIDIA\'s recipes set it per model and GPU (Megatron-Bridge scripts/performance utils WorkloadBaseConfig moe_a2a_overlap=False by default, on in most FP8-MX DeepSeek-V3 and GPT-OSS recipes): set ep_comm_overlap where a recipe turns it on'),
    sequenceParallel: s('with-tp', `${MCORE_ARGS}: --sequence-parallel, which Megatron-Core recipes turn on whenever tensor parallelism is used (Korthikanti et al. 2022)`),
    pp: s(null, 'pipeline parallelism is a free choice (Narayanan et al. 2021)'),
    fp8Recipe: s('delayed', `${MCORE_ARGS}: --fp8-recipe default 'delayed' (choices tensorwise, delayed, mxfp8, blockwise); NVIDIA's performance tables print theirs (FP8-CS: tensorwise, FP8-MX: mxfp8): set fp8_recipe where a run names one`),
    modelState: MEGATRON_STATE,
    moeDispatcher: s('alltoall', 'Megatron-Core --moe-token-dispatcher-type alltoall in NVIDIA\'s MoE recipes; the flex dispatcher with DeepEP or HybridEP (--moe-flex-dispatcher-backend) is set per model and GPU: set moe_dispatcher: deepep where a recipe does'),
    moeProbsAllToAll: s(true, 'NVIDIA/Megatron-LM megatron/core/transformer/moe/token_dispatcher.py @ 0014f13713bfa38a8bab4ae11edd6917d35165ce MoEAlltoAllTokenDispatcher.dispatch_all_to_all: global_input_tokens = all_to_all(self.ep_group, permutated_local_input_tokens, ...), then global_probs = all_to_all(self.ep_group, permuted_probs, self.output_splits, self.input_splits) (the same in the pg_collection-era token_dispatch); the probabilities go to the experts, which apply them in the activation (TEGroupedMLP weighted_bias_swiglu_impl)'),
    cudaGraphs: s(false, 'NVIDIA/Megatron-LM megatron/training/arguments.py: --cuda-graph-impl defaults to "none" (earlier --enable-cuda-graph, off unless set); Megatron-Core docs "CUDA Graph" and Megatron-Bridge docs training/cuda-graphs: cuda_graph_impl "none" (default). NVIDIA\'s recipes turn graphs on per model and GPU: set cuda_graphs where a run captures its layers'),
    kernelIssue: s('eager', 'PyTorch eager mode: each operation issued from Python'),
    paddedMoeDispatch: s('permute', 'Megatron-Core --moe-pad-expert-input-to-capacity pads the permuted buffers (moe_utils.permute with drop_and_pad); no one-hot contraction'),
    cpCommType: s('p2p', `${MCORE_ARGS}: --cp-comm-type default ["p2p"]; megatron/core/extensions/transformer_engine.py TEDotProductAttention passes cp_comm_type "p2p" to Transformer Engine where TransformerConfig.cp_comm_type is None, as NeMo 2.0 and Megatron-Bridge Llama recipes leave it (nemo/collections/llm/recipes/llama31_405b.py, Megatron-Bridge scripts/performance/configs/llama/llama31_llm_pretrain.py set none): set cp_comm_type where a run sets another`),
  },
  can: {
    tensorParallel: s(true, 'Shoeybi et al. 2019 (Megatron-LM tensor parallelism)'),
    pipelineParallel: s(true, 'Narayanan et al. 2021 §2.2'),
    contextParallel: s(true, 'Megatron-Core context parallelism (--context-parallel-size), docs: "Context parallelism overview"'),
    expertParallel: s(true, 'Megatron-Core MoE (--expert-model-parallel-size)'),
    expertFolding: s(true, 'Megatron-Core MoE docs, "MoE Parallel Folding" (--expert-tensor-parallel-size); Liu et al. 2025, arXiv:2504.14960'),
    zeroStages: s([0, 1, 2, 3], `${MCORE_ARGS}: --use-distributed-optimizer (ZeRO-1); Megatron FSDP --data-parallel-sharding-strategy optim_grads / optim_grads_params (ZeRO-2/3)`),
    zeroStagesWithPp: s([0, 1], 'the distributed optimizer (ZeRO-1) combines with pipelining; Megatron FSDP (ZeRO-2/3) runs without pp (Megatron-Core docs, "Megatron FSDP": data and tensor/context/expert parallelism)'),
    // DualPipe/DualPipeV: NVIDIA/Megatron-LM holds a verbatim port of deepseek-ai/DualPipe (megatron/core/pipeline_parallel/
    // dualpipe/{dualpipe,dualpipev,comm,utils}.py @ 16b110c / 1247da9, one version each in the stored index) that nothing
    // wires in: no argument (`--use-dualpipev` is FlagScale's, `schedules_method dualpipev` MindSpeed's and dcu_megatron's
    // patches), no branch of get_forward_backward_func, no test under tests/unit_tests/pipeline_parallel, and no importer but
    // the port itself (searched 2026-12-01). So megatron-core does not run them.
    schedules: s(['1f1b', 'interleaved'], 'megatron/core/pipeline_parallel/schedules.py: forward_backward_pipelining_without_interleaving / with_interleaving (no DualPipe: the port of deepseek-ai/DualPipe in megatron/core/pipeline_parallel/dualpipe/ @ 16b110c is selected by no argument or schedule)'),
    shardGroups: s(true, `${MCORE_ARGS}: --num-distributed-optimizer-instances (optimizer sharded inside each instance, replicated across them)`),
    unevenVirtualStages: s(true, 'Megatron-Core --pipeline-model-parallel-layout (megatron/core/transformer/pipeline_parallel_layer_layout.py): any split of the layers over pp × vp chunks, e.g. DeepSeek-V3\'s 61 layers'),
    partialRecompute: s(true, `${MCORE_ARGS}: --recompute-method block --recompute-num-layers N (with --recompute-granularity full)`),
    offload: STACK_OFFLOAD['megatron-core'],
    recomputeModules: s(MEGATRON_MODULE_NAMES, `${MCORE_ARGS}: --recompute-modules (TransformerConfig.recompute_modules, with --recompute-granularity selective)`),
    blockInterval: s(false, `${MCORE_ARGS}: --recompute-method block recomputes the first --recompute-num-layers N layers of a chunk, uniform groups of N layers: no every N-th layer (recompute_layers counts the block method's)`),
    epCommOverlap: s(true, 'Megatron-Core --overlap-moe-expert-parallel-comm (combined 1F1B, MCore v0.14)'),
    cpCommWithSlidingWindow: s(['a2a', 'all_gather'], `${TE_CP} @ 015d22571b332bc0c50890f8f7be9ee896336f05 (and the later versions with softmax_type, reworded "Context parallelism does not support sliding window attention with {cp_comm_type=}!"): sliding_window_attn = window_size not in (None, (-1, 0), (-1, -1)); "assert not sliding_window_attn or cp_comm_type in ["a2a", "all_gather"], 'The context parallel running configs cannot support sliding window attetnion!'" (a2a+p2p runs the ring, AttnFuncWithCPAndKVP2P)`),
    cpCommWithSinks: s(['a2a'], `${TE_CP}, versions with softmax_type (learnable sinks): "assert softmax_type == 'vanilla' or cp_comm_type == 'a2a', 'Context parallelism only supports {softmax_type=} with cp_comm_type = 'a2a'!'"; utils.py get_attention_backend @ 002a3e573f49cb0345955745206084e289d0f346 leaves no backend else (FlashAttention off for softmax_type != vanilla, UnfusedDotProductAttention off under context parallelism, FusedAttention off "for context parallelism with softmax_type = %s and cp_comm_type = %s" unless a2a)`),
  },
};

/**
 * The zero-bubble schedules' authors' fork of Megatron-LM (sail-sg/zero-bubble-pipeline-parallelism; Qi et al.
 * 2024, arXiv:2401.10241, and the V-Shape schedules of arXiv:2405.15362): its schedules, and its layer padding, and no
 * expert-parallel all-to-all overlap nor flex dispatcher; every other switch is Megatron-Core's, with Megatron-Core's
 * source, not checked against the fork.
 */
const ZB_MOE_ARGS = 'sail-sg/zero-bubble-pipeline-parallelism megatron/training/arguments.py @ 05e4c45: _add_moe_args';
const ZERO_BUBBLE: StackProfile = {
  ...MEGATRON_CORE,
  id: 'zero-bubble',
  name: 'Zero Bubble Pipeline Parallelism (sail-sg fork of Megatron-LM, 2024)',
  defaults: {
    ...MEGATRON_CORE.defaults,
    // The value Megatron-Core's (unchanged); the source says what the fork offers.
    moeDispatcher: s('alltoall', `${ZB_MOE_ARGS} offers --moe-token-dispatcher-type allgather or alltoall, default allgather (choices=['allgather', 'alltoall'], default='allgather'), which flopcast does not model: its other choice, alltoall, is taken`),
    moeProbsAllToAll: s(false, 'not charged: the fork\'s dispatcher was not read for it (Megatron-Core\'s of the 0.13 to 0.15 era was: it sends the probabilities to the experts)'),
  },
  can: {
    ...MEGATRON_CORE.can,
    unevenVirtualStages: s(true, 'sail-sg/zero-bubble-pipeline-parallelism README: --allow-padding-num-layers ("one less layer on the first and last pipeline stage"); megatron/legacy/model/transformer.py get_offset @ 1707211 (ZB-V\'s padded chunks)'),
    // Checked against the fork: Megatron-Core's combined-1F1B overlap came after it.
    epCommOverlap: s(false, `${ZB_MOE_ARGS} has no --overlap-moe-expert-parallel-comm (the fork's MoE switches end at --moe-extended-tp; the flag came with Megatron-Core v0.14)`),
    flexDispatcher: s(false, `${ZB_MOE_ARGS} has no flex dispatcher (--moe-token-dispatcher-type allgather or alltoall only) nor --moe-enable-deepep or --moe-flex-dispatcher-backend (DeepEP came to Megatron-Core's flex dispatcher with v0.12, HybridEP with v0.15: NVIDIA/Megatron-LM megatron/core/transformer/moe/README.md)`),
    offload: STACK_OFFLOAD['zero-bubble'],
    schedules: s(['1f1b', 'interleaved', 'zb-1p', 'zb-2p', 'zb-v', 'v-min', 'v-half'], 'sail-sg/zero-bubble-pipeline-parallelism README: --enable-zero-bubble with --zero-bubble-max-pending-backward "1 x number of pipelines" (ZB1P) or "2x" (ZB2P), --zero-bubble-v-schedule (ZBV), with --zero-bubble-v-schedule-mem-setup min / half the V-Min and V-Half of arXiv:2405.15362 (megatron/training/arguments.py, examples/test_all_schedules.sh @ 99f6a07); Megatron\'s 1F1B and interleaved schedules otherwise'),
  },
};

export const STACKS: Record<StackId, StackProfile> = {
  'megatron-core': MEGATRON_CORE,
  'zero-bubble': ZERO_BUBBLE,
  'megatron-lm-2021': {
    id: 'megatron-lm-2021',
    name: 'Megatron-LM of 2021-2022 (Narayanan et al. 2021; Korthikanti et al. 2022)',
    defaults: {
      overlapGradReduce: s(false, 'megatron/training.py (2021) train_step: forward_backward_func, then allreduce_gradients after the pipeline flush'),
      tpCommOverlap: s(false, 'Megatron-LM 2021 has no TP communication overlap (Narayanan et al. 2021 §3.2: the all-reduces are on the critical path)'),
      gradAccumulationFusion: s(false, 'megatron/model/distributed.py (2021): the DDP hook adds each micro-batch gradient into main_grad (param.main_grad.add_(param.grad.data))'),
      flashAttention: s(false, 'FlashAttention (Dao et al. 2022) postdates these runs; Megatron-LM used its fused scaled-masked softmax, materialising s² scores'),
      attentionKernel: s('fa2', 'Megatron-LM\'s later --use-flash-attn calls the flash-attn package (FlashAttention-2); only used where flash_attention is turned on'),
      shardingUnderPp: s('per-micro-batch', 'not reached: no ZeRO-2/3'),
      epCommOverlap: s(false, 'no MoE in Megatron-LM of 2021'),
      sequenceParallel: s('search', 'sequence parallelism arrived in 2022 (Korthikanti et al. 2022) on this stack; searched, off unless it helps'),
      pp: s(null, 'pipeline parallelism is a free choice (Narayanan et al. 2021)'),
      fp8Recipe: s('delayed', 'no FP8 on A100/V100: not read'),
      modelState: MEGATRON_STATE,
      moeDispatcher: s('alltoall', 'no MoE in Megatron-LM of 2021'),
      moeProbsAllToAll: s(false, 'no MoE in Megatron-LM of 2021'),
      cudaGraphs: s(false, 'CUDA graph capture (torch.cuda.graphs) postdates these runs; PyTorch eager'),
      kernelIssue: s('eager', 'PyTorch eager mode: each operation issued from Python'),
      paddedMoeDispatch: s('permute', 'no MoE in Megatron-LM of 2021'),
      cpCommType: s('p2p', 'not read: context parallelism came with Megatron-Core (can.contextParallel)'),
    },
    can: {
      tensorParallel: s(true, 'Shoeybi et al. 2019'),
      pipelineParallel: s(true, 'Narayanan et al. 2021 §2.2'),
      contextParallel: s(false, 'context parallelism came with Megatron-Core (2023)'),
      expertParallel: s(false, 'no MoE in Megatron-LM of 2021'),
      expertFolding: s(false, 'no MoE in Megatron-LM of 2021'),
      zeroStages: s([0], 'Megatron-LM of 2021 replicates the optimizer state across data-parallel ranks (its distributed optimizer came in 2022)'),
      zeroStagesWithPp: s([0], 'as zeroStages'),
      schedules: s(['1f1b', 'interleaved'], 'Narayanan et al. 2021 §2.2 (1F1B and interleaved 1F1B)'),
      shardGroups: s(false, 'no optimizer sharding'),
      unevenVirtualStages: s(false, 'Narayanan et al. 2021 §2.2.2: layers per stage split evenly into v chunks'),
      partialRecompute: s(false, 'Narayanan et al. 2021 §3.5: every layer\'s input is checkpointed (--checkpoint-activations)'),
      offload: STACK_OFFLOAD['megatron-lm-2021'],
      recomputeModules: s([], 'Megatron-LM 2021 checkpoints whole layers (--checkpoint-activations); selective recomputation of the attention core came with Korthikanti et al. 2022, a module list with Megatron-Core\'s --recompute-modules'),
      blockInterval: s(false, 'Narayanan et al. 2021 §3.5: every layer\'s input is checkpointed (--checkpoint-activations)'),
    },
  },
  deepspeed: {
    id: 'deepspeed',
    name: 'DeepSpeed (ZeRO; pipeline engine; Megatron-DeepSpeed)',
    defaults: {
      overlapGradReduce: s(false, 'deepspeed/runtime/pipe/schedule.py TrainSchedule: ReduceGrads after the last micro-batch'),
      tpCommOverlap: s(false, 'DeepSpeed\'s Megatron integration runs the TP all-reduces on the critical path'),
      gradAccumulationFusion: s(false, 'DeepSpeed BF16_Optimizer / ZeRO accumulate the 16-bit gradient into an fp32 buffer after the GEMM'),
      flashAttention: s(true, 'model code decides; current Megatron-DeepSpeed uses --use-flash-attn (set flash_attention: false for 2021-2022 runs)'),
      attentionKernel: s('fa2', 'Megatron-DeepSpeed --use-flash-attn-v2 calls the flash-attn package (FlashAttention-2)'),
      shardingUnderPp: s('per-micro-batch', 'not reached: deepspeed/runtime/pipe/engine.py refuses ZeRO-2/3 with pipelining'),
      epCommOverlap: s(false, 'DeepSpeed-MoE runs its all-to-alls on the critical path (Rajbhandari et al. 2022)'),
      sequenceParallel: s('search', 'Megatron-DeepSpeed inherits Megatron sequence parallelism; searched'),
      pp: s(null, 'pipeline parallelism is a free choice'),
      fp8Recipe: s('delayed', 'FP8 via Transformer Engine in model code: fp8_autocast without a recipe takes DelayedScaling (transformer_engine/pytorch/fp8.py get_default_fp8_recipe, TE 1.x)'),
      modelState: MEGATRON_STATE,
      moeDispatcher: s('alltoall', 'DeepSpeed-MoE: a flat all-to-all (Rajbhandari et al. 2022)'),
      moeProbsAllToAll: PROBS_NOT_READ,
      cudaGraphs: s(false, 'DeepSpeed trains in PyTorch eager mode; its CUDA-graph option (enable_cuda_graph) is for inference'),
      kernelIssue: s('eager', 'PyTorch eager mode: each operation issued from Python'),
      paddedMoeDispatch: s('batch-einsum', 'DeepSpeed-MoE deepspeed/moe/sharded_moe.py MOELayer (GShard\'s top-k gate): dispatch einsum "sec,sm->ecm" and combine "sec,ecm->sm" over the micro-batch\'s tokens on the device (use_tutel off by default)'),
      cpCommType: s('a2a', 'DeepSpeed-Ulysses (Jacobs et al. 2023, arXiv:2309.14509; deepspeed/sequence/layer.py DistributedAttention): all-to-alls scatter the heads and gather the sequence, the scheme of Megatron-Core\'s cp_comm_type a2a ("Like DeepSpeed Ulysses, scatter attention heads across the CP group")'),
    },
    can: {
      tensorParallel: s(true, 'Megatron-DeepSpeed (Smith et al. 2022, MT-NLG §3)'),
      pipelineParallel: s(true, 'deepspeed/runtime/pipe (PipelineEngine)'),
      contextParallel: s(true, 'DeepSpeed-Ulysses sequence parallelism (Jacobs et al. 2023, arXiv:2309.14509; deepspeed/sequence/layer.py DistributedAttention), ZeRO sharding over the data- and sequence-parallel ranks together'),
      cpCommTypes: s(['a2a'], 'DeepSpeed-Ulysses exchanges with all-to-alls only (deepspeed/sequence/layer.py _SeqAllToAll); no ring attention in DeepSpeed'),
      expertParallel: s(true, 'DeepSpeed-MoE (Rajbhandari et al. 2022, arXiv:2201.05596)'),
      expertFolding: s(false, 'DeepSpeed-MoE: expert-parallel groups are drawn from the data-parallel ranks (ep divides dp)'),
      zeroStages: s([0, 1, 2, 3], 'Rajbhandari et al. 2020 (ZeRO stages 1-3)'),
      zeroStagesWithPp: s([0, 1], 'deepspeed/runtime/pipe/engine.py: assert zero stage < 2, "ZeRO-2 and ZeRO-3 are incompatible with pipeline parallelism"'),
      // Expert parallelism is DeepSpeed-MoE's layer (deepspeed.moe.layer.MoE, ep_size), which sets has_moe_layers; an MoE
      // model's own modules at ep 1 (Hugging Face Mixtral under deepspeed.utils.set_z3_leaf_modules) do not, and run.
      zeroStagesWithEp: s([0, 1, 2], 'deepspeedai/DeepSpeed deepspeed/runtime/engine.py _configure_zero_optimizer: assert not self.has_moe_layers, "MoE not supported with Stage 3" (@ 007cca6a2ffe3ed9d393459f4a3081bd54341ba6, a later engine with SuperOffload and ZenFlow: not lifted); has_moe_layers is set by a deepspeed.moe.layer.MoE module, the layer that carries ep_size'),
      schedules: s(['1f1b'], 'deepspeed/runtime/pipe/schedule.py TrainSchedule (1F1B; no interleaving)'),
      shardGroups: s(true, 'MiCS (Zhang et al. 2022, arXiv:2205.00119; DeepSpeed mics_shard_size). ZeRO++ hpZ (zero_hpz_partition_size) is not a shard group: it keeps a second copy of the weights sharded inside a node for the gathers while every state stays sharded over the ZeRO group (can.zeroPlusPlus)'),
      zeroPlusPlus: s(true, 'ZeRO++ (Wang et al. 2023, arXiv:2306.10209), released in DeepSpeed 0.9.5 (microsoft/DeepSpeed#3784): zero_optimization keys zero_quantized_weights, zero_hpz_partition_size and zero_quantized_gradients (deepspeed.ai/tutorials/zeropp), read by the stage-3 optimizer'),
      unevenVirtualStages: s(false, 'no interleaving'),
      partialRecompute: s(false, 'not modelled: DeepSpeed activation checkpointing wraps every layer'),
      offload: STACK_OFFLOAD['deepspeed'],
      recomputeModules: s([], 'DeepSpeed activation checkpointing (deepspeed.checkpointing) wraps the functions a model passes it: no module list'),
      blockInterval: s(false, 'not modelled: DeepSpeed activation checkpointing wraps every layer'),
    },
  },
  torchtitan: TORCHTITAN_PROFILE,
  'olmo-core': OLMO_CORE,
  'llm-foundry': LLM_FOUNDRY,
  'llm-foundry-2023': LLM_FOUNDRY_2023,
  maxtext: {
    id: 'maxtext',
    name: 'MaxText (JAX/XLA)',
    defaults: {
      overlapGradReduce: s(true, 'XLA schedules the gradient reduce-scatter asynchronously under the backward pass (MaxText docs, "Optimizing performance")'),
      tpCommOverlap: s(false, 'not modelled: XLA collective-matmul overlap is an opt-in flag'),
      gradAccumulationFusion: s(true, 'XLA fuses accumulation into the scanned gradient computation'),
      flashAttention: s(true, 'MaxText attention: splash/flash kernels (attention=flash default on TPU and cudnn_flash_te on GPU)'),
      attentionKernel: s('cudnn', 'MaxText attention on GPU: cudnn_flash_te (Transformer Engine cuDNN fused attention); on TPU the splash kernel at the TPU family rates'),
      shardingUnderPp: s('per-micro-batch', 'MaxText configs/base.yml pipeline_fsdp_ag_once: False (the FSDP weights are gathered per micro-batch unless set)'),
      epCommOverlap: s(false, 'not modelled for MaxText (XLA schedules its own collectives)'),
      sequenceParallel: s('search', 'MaxText shards activations by its logical axis rules; searched'),
      pp: s(1, 'MaxText configs/base.yml: ici_pipeline_parallelism = dcn_pipeline_parallelism = 1 by default'),
      fp8Recipe: s('delayed', 'MaxText quantization: fp8 (layers/quantizations.py Fp8Quantization): flax nn.Fp8DirectDotGeneralOp / Fp8Einsum, scales from an amax history (input_amax_history), i.e. delayed scaling'),
      modelState: s({ weights: 'fp32' }, 'MaxText configs/base.yml weight_dtype: float32 (dtype bfloat16 for activations): fp32 weights, gradients in the weights\' dtype, optax adamw moments likewise: 4 + 4 + 8 bytes; set model_state where a config sets weight_dtype bfloat16'),
      moeDispatcher: s('alltoall', 'MaxText: ragged_all_to_all (sparse_matmul) or the dispatch einsum resharded by XLA (dense_matmul)'),
      moeProbsAllToAll: PROBS_NOT_READ,
      cudaGraphs: s(false, 'not read: the step is one compiled XLA program (kernelIssue)'),
      kernelIssue: s('compiled', 'MaxText jit-compiles the whole training step into one XLA program (train.py: jax.jit of train_step): no per-operation Python issue'),
      paddedMoeDispatch: s('sequence-einsum', 'MaxText pads only on its dense_matmul path (capacity_factor > 0, sparse_matmul false): layers/moe.py dispatch "BSM,BSEC -> EBCM" and combine "EBCM,BSEC -> BSM" per sequence'),
      // Its own selective mode: recompute: selective without recompute_modules is a MaxText policy (selectiveModules.ts), not
      // Megatron-Core's core_attn, which MaxText has no switch for.
      selectiveModules: s(['minimal'], 'MaxText decoders.py get_remat_policy: "minimal" keeps every projection\'s output (query_proj … mlpwo) and reruns the attention kernel and the element-wise work, the policy that reruns what Korthikanti et al. 2022 §5 selective recomputation does (the attention core); MaxText\'s own default, configs/base.yml remat_policy: "full", is recompute: full'),
      cpCommType: s('all_gather', 'MaxText configs/base.yml and configs/types.py: context_parallel_strategy defaults to "all_gather" ("Strategy for context parallelism (\'all_gather\' or \'ring\')"): K and V all-gathered over the context axis before attention, as the Llama 3 paper §3.3.2 describes; XLA schedules the gather between the K/V projection and the attention that needs it, so it is counted exposed, as Transformer Engine\'s all-gather is; set cp_comm_type: p2p where a config sets context_parallel_strategy: ring'),
    },
    can: {
      tensorParallel: s(true, 'MaxText configs/base.yml ici_tensor_parallelism'),
      pipelineParallel: s(true, 'MaxText configs/base.yml ici/dcn_pipeline_parallelism (off by default)'),
      contextParallel: s(true, 'MaxText configs/base.yml ici_context_parallelism'),
      expertParallel: s(true, 'MaxText configs/base.yml ici_expert_parallelism'),
      expertFolding: s(false, 'MaxText: expert axis drawn from the data/fsdp axes'),
      zeroStages: s([0, 3], 'MaxText: ici/dcn_fsdp_parallelism shards weights, gradients and optimizer state (ZeRO-3 semantics); data parallelism alone replicates them'),
      zeroStagesWithPp: s([0, 3], 'MaxText pipeline parallelism composes with FSDP'),
      schedules: s(['1f1b', 'interleaved'], 'MaxText pipeline: num_pipeline_repeats > 1 is a circular (interleaved) schedule'),
      shardGroups: s(true, 'MaxText: dcn_data_parallelism × ici_fsdp_parallelism (shard inside a slice, replicate across slices)'),
      unevenVirtualStages: s(false, 'MaxText pipeline: layers divided evenly over stages × repeats'),
      partialRecompute: s(false, 'MaxText remat_policy applies to every scanned layer'),
      offload: STACK_OFFLOAD['maxtext'],
      recomputeModules: s(MAXTEXT_POLICY_NAMES, 'MaxText src/MaxText/layers/decoders.py get_remat_policy: remat_policy names the tensors each scanned layer keeps (jax.checkpoint_policies.save_only_these_names), one policy a run (flops/rematPolicy.ts); full is recompute: full, and the host-offloading policies (*_offloaded, custom) are not modelled'),
      blockInterval: s(false, 'MaxText remat_policy applies to every scanned layer'),
    },
  },
  'hai-llm': {
    id: 'hai-llm',
    name: 'HAI-LLM (DeepSeek; DualPipe)',
    defaults: {
      overlapGradReduce: s(true, 'DeepSeek-V3 (arXiv:2412.19437) §3.2: computation-communication overlap throughout'),
      tpCommOverlap: s(false, 'no tensor parallelism (DeepSeek-V3 §3.2)'),
      gradAccumulationFusion: s(true, 'not stated; the Megatron-Core default'),
      flashAttention: s(true, 'DeepSeek-V3 §3.2; FlashMLA'),
      attentionKernel: s('cudnn', 'DeepSeek-V3 §3.2: custom Hopper kernels (FlashMLA): the board\'s best kernel'),
      shardingUnderPp: s('per-micro-batch', 'not reached: ZeRO-1 only (DeepSeek-V3 §3.2)'),
      epCommOverlap: s(false, 'DeepSeek-V3 hides its all-to-alls with the DualPipe schedule itself (§3.2.1), modelled by schedule: dualpipe'),
      sequenceParallel: s('search', 'DeepSeek-V3 uses no tensor parallelism (§3.2); searched'),
      pp: s(null, 'DeepSeek-V3 §3.2: 16-way pipeline parallelism'),
      fp8Recipe: s('blockwise', 'DeepSeek-V3 §3.3.1: 1×128 tile (activations) and 128×128 block (weights) scaling'),
      modelState: s({ moments: 'bf16' }, 'DeepSeek-V3 (arXiv:2412.19437) §3.3.3: "we adopt the BF16 data format instead of FP32 to track the first and second moments in the AdamW optimizer"; master weights and gradients stay FP32'),
      moeDispatcher: s('deepep', 'DeepSeek-V3 (arXiv:2412.19437) §3.2.2: tokens go over IB once to each target node and are forwarded over NVLink to their experts (the kernels released as DeepEP)'),
      moeProbsAllToAll: s(false, 'not reached: its dispatch is hierarchical (DeepEP), whose fused dispatch carries each token\'s probabilities (Megatron-Core fused_dispatch token_probs)'),
      cudaGraphs: s(false, 'not stated by DeepSeek-V3 (arXiv:2412.19437 §3.2); eager as the PyTorch stacks'),
      kernelIssue: s('eager', 'PyTorch eager mode: each operation issued from Python'),
      paddedMoeDispatch: s('permute', 'DeepSeek-V3 trains dropless (arXiv:2412.19437 §2.1.2: "DeepSeek-V3 does not drop any token during training"); DeepEP moves tokens by index'),
      cpCommType: s('p2p', 'not read: no context parallelism described (can.contextParallel)'),
    },
    can: {
      tensorParallel: s(true, 'HAI-LLM supports TP; DeepSeek-V3 did not use it (§3.2)'),
      pipelineParallel: s(true, 'DeepSeek-V3 §3.2 (DualPipe)'),
      contextParallel: s(false, 'not described by DeepSeek-V3 (arXiv:2412.19437 §3.2), the one account of its stack'),
      expertParallel: s(true, 'DeepSeek-V3 §3.2: 64-way EP across 8 nodes'),
      expertFolding: s(false, 'DeepSeek-V3 §3.2: EP over the ZeRO-1 data-parallel ranks'),
      zeroStages: s([0, 1], 'DeepSeek-V3 §3.2: ZeRO-1 data parallelism'),
      zeroStagesWithPp: s([0, 1], 'DeepSeek-V3 §3.2'),
      schedules: s(['1f1b', 'dualpipe', 'dualpipev'], 'DeepSeek-V3 §3.2.1 (DualPipe); deepseek-ai/DualPipe (README "DualPipeV" and dualpipe/dualpipev.py, added March 2025, after the paper: ASSUMED that DeepSeek\'s own stack runs it, the public repository being the only source)'),
      shardGroups: s(false, 'not described by DeepSeek-V3 (arXiv:2412.19437 §3.2), the one account of its stack: ZeRO-1 over all its data-parallel ranks'),
      unevenVirtualStages: s(false, 'not described by DeepSeek-V3 (arXiv:2412.19437 §3.2), the one account of its stack'),
      partialRecompute: s(false, 'DeepSeek-V3 §3.2.3 recomputes RMSNorm and the MLA up-projections only: not this switch'),
      offload: STACK_OFFLOAD['hai-llm'],
      recomputeModules: s(MEGATRON_MODULE_NAMES, 'DeepSeek-V3 §3.2.3: "we recompute all RMSNorm operations and MLA up-projections during back-propagation" (layernorm, mla_up_proj)'),
      blockInterval: s(false, 'DeepSeek-V3 §3.2.3 recomputes RMSNorm and the MLA up-projections only: not this switch'),
    },
  },
};

/**
 * The stacks that place layers freely over the pipeline chunks (can.unevenVirtualStages), so take a pipeline layout:
 * the stack-pipeline-layout rule's hint, plan's --pipeline-layout help and the scenario key's description name them
 * (each said megatron-core alone, or with zero-bubble, after torchtitan's module_fqns_per_model_part came in).
 */
export const LAYOUT_STACKS: readonly StackId[] = (Object.keys(STACKS) as StackId[]).filter((id) => STACKS[id].can.unevenVirtualStages.value);

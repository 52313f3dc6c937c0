/**
 * The table of names other tools give the fields flopcast's files take (foreignKeys.ts words the hints): a model
 * written with a transformers config.json's keys (`hidden_size`) or a layout with Megatron-LM's argument
 * names (`tensor_model_parallel_size`). Sources: transformers PretrainedConfig subclasses (LlamaConfig,
 * GPT2Config, GPTNeoXConfig, MixtralConfig, Qwen2MoeConfig attribute names) and TrainingArguments;
 * NVIDIA/Megatron-LM megatron/training/arguments.py (`--tensor-model-parallel-size` and the others, as their
 * dest names); AI-Hypercomputer/maxtext MaxText/configs/base.yml; huggingface/nanotron src/nanotron/config
 * (TokensArgs); pytorch/torchtitan's job config (`[parallelism]`, `[activation_checkpoint]`); allenai/OLMo-core's
 * TransformerActivationCheckpointingConfig (`ac_config`: mode, block_interval, modules); mosaicml/llm-foundry's
 * MPTConfig; karpathy/nanoGPT's and Lightning-AI/litgpt's model configs (`block_size`); DeepSpeed's config JSON
 * (`train_micro_batch_size_per_gpu`, `train_batch_size`); Hugging Face Accelerate (`mixed_precision`); Google Cloud's TPU and
 * GPU APIs (`accelerator_type`). Pure.
 */

const HF = "a transformers config.json's";
const GPT2 = "GPT-2's config.json";
const MEGATRON = "Megatron-LM's";
const MAXTEXT = "MaxText's";
const NANOTRON = "nanotron's";
const TORCHTITAN = "TorchTitan's";
const FOUNDRY = "llm-foundry's (MPT's)";
const DEEPSPEED = "DeepSpeed's";
const OLMO_CORE = "OLMo-core's";
const PRIMUS = "AMD Primus's";
/** Names no one tool owns (`mfu`, `num_gpus`, `max_seq_length`). */
const COMMON = 'a common';
/** The owners whose names come from a config.json, which can itself be the model. */
export const CONFIG_JSON: readonly string[] = [HF, GPT2];
/** What a context length in a model's config is, beside the training length flopcast's seq_len is. */
const CONTEXT = 'there the longest context the model accepts, not the length it trains at';
/** What a count of steps is to flopcast, which takes the tokens. */
const STEPS = 'a count of steps there: tokens = steps × global_batch × seq_len';
/** What a count of epochs is to flopcast. */
const EPOCHS = "a count of passes over a dataset there: tokens = epochs × the dataset's tokens";
/** What a step time is to flopcast, which takes it in seconds (validateSchema.ts ReportedSchema step_seconds reads no ms). */
const STEP_SECONDS = 'the seconds one training step takes; a log in milliseconds is divided by 1000: 3200 ms is 3.2';

/**
 * Foreign key → [flopcast's key, whose name it is, what differs]. Names a near spelling already tells (`n_layers`: did you
 * mean `layers`?, `mtp_num_layers`, `recompute_num_layers`) are left out: that hint is right as it is.
 */
export const FOREIGN_KEYS: Record<string, readonly [string, string, string?]> = {
  // transformers config.json
  hidden_size: ['d_model', HF],
  n_embd: ['d_model', GPT2],
  intermediate_size: ['d_ff', HF],
  n_inner: ['d_ff', GPT2],
  num_attention_heads: ['heads', HF],
  n_head: ['heads', GPT2],
  num_key_value_heads: ['kv_heads', HF],
  num_hidden_layers: ['layers', HF],
  n_layer: ['layers', GPT2],
  vocab_size: ['vocab', HF],
  head_dim: ['d_head', HF],
  tie_word_embeddings: ['tied_embeddings', HF],
  max_position_embeddings: ['seq_len', HF, CONTEXT],
  n_positions: ['seq_len', GPT2, CONTEXT],
  n_ctx: ['seq_len', GPT2, CONTEXT],
  num_local_experts: ['experts', HF],
  num_experts_per_tok: ['top_k', HF],
  moe_intermediate_size: ['d_ff_expert', HF],
  n_routed_experts: ['experts', HF],
  n_shared_experts: ['shared_experts', HF],
  gradient_checkpointing: ['recompute', "transformers' Trainer's", 'a switch there: true is recompute: full'],
  max_steps: ['tokens', "transformers' Trainer's", STEPS],
  num_train_epochs: ['tokens', "transformers' Trainer's", EPOCHS],
  per_device_train_batch_size: ['micro_batch', "transformers' Trainer's"],
  // Megatron-LM arguments
  num_layers: ['layers', MEGATRON],
  ffn_hidden_size: ['d_ff', MEGATRON],
  num_query_groups: ['kv_heads', MEGATRON],
  kv_channels: ['d_head', MEGATRON],
  seq_length: ['seq_len', MEGATRON],
  padded_vocab_size: ['vocab', MEGATRON],
  tensor_model_parallel_size: ['tp', MEGATRON],
  pipeline_model_parallel_size: ['pp', MEGATRON],
  context_parallel_size: ['cp', MEGATRON],
  expert_model_parallel_size: ['ep', MEGATRON],
  expert_tensor_parallel_size: ['etp', MEGATRON],
  virtual_pipeline_model_parallel_size: ['virtual_stages', MEGATRON],
  micro_batch_size: ['micro_batch', MEGATRON],
  global_batch_size: ['global_batch', MEGATRON],
  pipeline_model_parallel_layout: ['pipeline_layout', MEGATRON],
  num_layers_per_virtual_pipeline_stage: ['virtual_stages', MEGATRON, 'layers a chunk there: virtual_stages = layers ÷ (pp × that)'],
  num_experts: ['experts', MEGATRON],
  moe_router_topk: ['top_k', MEGATRON],
  moe_ffn_hidden_size: ['d_ff_expert', MEGATRON],
  recompute_granularity: ['recompute', MEGATRON],
  use_distributed_optimizer: ['zero_stage', MEGATRON, 'a switch there: true is zero_stage: 1'],
  bf16: ['precision', MEGATRON, 'a switch there: write precision: bf16'],
  fp16: ['precision', MEGATRON, 'a switch there: write precision: fp16'],
  train_iters: ['tokens', MEGATRON, STEPS],
  // Megatron-Core's TransformerConfig and DistributedDataParallelConfig fields, as Megatron-Bridge recipes set them
  // (recipes/glm/h100/glm45.py, recipes/exaone/h100/exaone_moe.py, recipes/common.py)
  moe_token_dispatcher_type: ['moe_dispatcher', MEGATRON, 'alltoall there is alltoall; flex, with DeepEP or HybridEP, is deepep'],
  moe_flex_dispatcher_backend: ['moe_dispatcher', MEGATRON, 'deepep or hybridep there, with moe_token_dispatcher_type flex: moe_dispatcher: deepep'],
  moe_router_force_load_balancing: ['moe_balance', MEGATRON, 'a switch there: true is moe_balance: forced'],
  moe_pad_expert_input_to_capacity: ['moe_capacity_padding', MEGATRON],
  overlap_moe_expert_parallel_comm: ['ep_comm_overlap', MEGATRON],
  grad_reduce_in_fp32: ['model_state', MEGATRON, 'a switch there: false is model_state: {gradients: bf16}'],
  // AMD Primus's Megatron-LM patch (primus/backends/megatron/patches/recompute_layer_patches.py: "recomputes exactly
  // those layers"), as its DeepSeek-V3 MI355X config writes it (examples/megatron/configs/MI355X/deepseek_v3-FP8-pretrain.yaml
  // @ 05b350b: 21 ids under pp 16): it was "did you mean `recompute_layers`?", a count, as if the list were one.
  recompute_layer_ids: ['recompute_layers', PRIMUS, 'the layers recomputed there, by index; flopcast recomputes recompute_layers of each pipeline chunk, not chosen ones: with recompute: full, write the ids\' count ÷ the chunks (pp × virtual_stages), rounded up, for the nearest'],
  recompute_method: ['recompute_layers', MEGATRON, 'block there with recompute_num_layers N is recompute: full with recompute_layers: N; uniform with 1 is recompute: full'],
  attention_backend: ['attention_kernel', MEGATRON, 'fused there, cuDNN, is cudnn; flash, the flash-attn package, is fa2'],
  fp8: ['gemm_precision', MEGATRON, 'a format there: e4m3 or hybrid is gemm_precision: fp8'],
  // Full sharding in Megatron-LM (arguments.py --use-torch-fsdp2, PyTorch FSDP2's fully_shard; Megatron FSDP's
  // --data-parallel-sharding-strategy, the megatron-core profile's zeroStages): AMD Primus's Qwen2.5-72B MI300X config writes
  // use_torch_fsdp2: true (newuser32), which had the list of keys.
  use_torch_fsdp2: ['zero_stage', MEGATRON, 'a switch there: true, PyTorch FSDP2 over the data-parallel ranks, is zero_stage: 3'],
  // Megatron FSDP's switch (megatron/core/distributed DistributedDataParallelConfig use_megatron_fsdp, as Megatron-Bridge's
  // recipes/deepseek/deepseek_v2_lite.py passes it; use_custom_fsdp its deprecated alias): the sharding is its
  // data_parallel_sharding_strategy's, whose default there is 'no_shard'.
  use_megatron_fsdp: ['zero_stage', MEGATRON, "a switch there, sharding as its data_parallel_sharding_strategy says: optim_grads_params is zero_stage: 3, the default no_shard 0"],
  use_custom_fsdp: ['zero_stage', MEGATRON, "use_megatron_fsdp's old name there, sharding as its data_parallel_sharding_strategy says: optim_grads_params is zero_stage: 3, the default no_shard 0"],
  data_parallel_sharding_strategy: ['zero_stage', MEGATRON, "Megatron FSDP's there: optim is zero_stage: 1, optim_grads 2, optim_grads_params 3, no_shard 0"],
  // MaxText (base.yml)
  max_target_length: ['seq_len', MAXTEXT],
  base_emb_dim: ['d_model', MAXTEXT],
  base_mlp_dim: ['d_ff', MAXTEXT],
  base_num_query_heads: ['heads', MAXTEXT],
  base_num_kv_heads: ['kv_heads', MAXTEXT],
  base_num_decoder_layers: ['layers', MAXTEXT],
  ici_tensor_parallelism: ['tp', MAXTEXT],
  ici_context_parallelism: ['cp', MAXTEXT],
  ici_expert_parallelism: ['ep', MAXTEXT],
  ici_pipeline_parallelism: ['pp', MAXTEXT, 'inside a slice there: pp = ici_pipeline_parallelism × dcn_pipeline_parallelism'],
  dcn_pipeline_parallelism: ['pp', MAXTEXT, 'across slices there: pp = ici_pipeline_parallelism × dcn_pipeline_parallelism'],
  ici_fsdp_parallelism: ['shard_group', MAXTEXT, 'FSDP ranks inside a slice there: shard_group is all the FSDP ranks (ici × dcn), dp those times the data-parallel ones, zero_stage: 3'],
  dcn_fsdp_parallelism: ['shard_group', MAXTEXT, 'FSDP ranks across slices there: shard_group is all the FSDP ranks (ici × dcn), dp those times the data-parallel ones, zero_stage: 3'],
  ici_data_parallelism: ['dp', MAXTEXT, 'replicas there: dp is the product of the data and FSDP degrees, ici and dcn'],
  dcn_data_parallelism: ['dp', MAXTEXT, 'replicas there: dp is the product of the data and FSDP degrees, ici and dcn'],
  num_pipeline_repeats: ['virtual_stages', MAXTEXT],
  // newuser32: MaxText's second FSDP axis and its parameters' dtype had only the list of keys. base.yml (MaxText/configs,
  // @ 000e935): logical_axis_rules shard the batch over data, fsdp and fsdp_transpose and the weights' mlp and embed
  // dimensions over fsdp_transpose, so its ranks are FSDP ranks that shard the other dimension; weight_dtype: float32 beside
  // dtype: "bfloat16" (the activations'), the maxtext profile's model_state default (stackProfiles.ts).
  ici_fsdp_transpose_parallelism: ['shard_group', MAXTEXT, "FSDP ranks inside a slice there that shard the weights' other dimension: shard_group is all the FSDP ranks (fsdp × fsdp_transpose, ici × dcn), dp those times the data-parallel ones, zero_stage: 3"],
  dcn_fsdp_transpose_parallelism: ['shard_group', MAXTEXT, "FSDP ranks across slices there that shard the weights' other dimension: shard_group is all the FSDP ranks (fsdp × fsdp_transpose, ici × dcn), dp those times the data-parallel ones, zero_stage: 3"],
  weight_dtype: ['model_state', MAXTEXT, "the parameters' dtype there, float32 by default, stack maxtext's own; bfloat16 is model_state: {weights: bf16, master_weights: none, gradients: bf16, moments: bf16}"],
  // newuser32: a tpu-recipes run script's MaxText arguments (training/ironwood/qwen3-235b-a22b/4k-bf16-tpu7x-4x8x8
  // run_recipe.sh: per_device_batch_size, remat_policy, sparse_matmul, use_random_routing) had only the list of keys.
  // base.yml: per_device_batch_size × the devices is the global batch (an Ironwood chip is two devices); capacity_factor
  // (-1 dropless); sparse_matmul false is the dense_matmul path that pads experts to capacity (README, MoE routing);
  // use_random_routing draws the router's logits at random, as Megatron's --moe-router-force-load-balancing does.
  per_device_batch_size: ['micro_batch', MAXTEXT, 'the batch of one device there: global_batch = per_device_batch_size × the devices (two a chip on TPU7x), without gradient accumulation'],
  remat_policy: ['recompute', MAXTEXT, 'full there is recompute: full; minimal, minimal_with_context (minimal_flash), save_dot_with_context_except_mlp, save_dot_except_mlpwi, save_dot_except_mlp, save_qkv_proj and save_out_proj are recompute: selective with recompute_modules: [that policy] under stack maxtext (dense models); custom and the *_offloaded policies move tensors to the host: not modelled, so leave recompute out for the planner'],
  // base.yml quantization ('' none, 'int8' AQT, 'fp8', 'nanoo_fp8' AMD's fp8, 'fp8_full', …): the v5p GPT-3 175B launch
  // configs write int8 (configs/v5p/gpt3_175b/gpt3_175b_base.sh @ d32d207), AMD Primus's MaxText configs nanoo_fp8.
  quantization: ['gemm_precision', MAXTEXT, "the GEMMs' format there: fp8 or nanoo_fp8 (AMD's) is gemm_precision: fp8; int8 (AQT) is not modelled (no profile gives an int8 peak): leave it out for the bf16 run"],
  capacity_factor: ['moe_capacity_factor', MAXTEXT, '-1 there (dropless) is moe_capacity_factor left out'],
  sparse_matmul: ['moe_capacity_padding', MAXTEXT, 'false there, the dense_matmul path with capacity_factor > 0, pads every expert to its capacity: moe_capacity_padding: true; true, the grouped GEMMs, pads nothing'],
  use_random_routing: ['moe_balance', MAXTEXT, 'true there draws the router logits at random, as Megatron-LM\'s force_load_balancing does: moe_balance: forced'],
  dtype: ['precision', MAXTEXT, "the activations' there; TorchTitan's [training] dtype is every state's: bfloat16 there is model_state: {weights: bf16, master_weights: none, gradients: bf16, moments: bf16}"],
  steps: ['tokens', "MaxText's and TorchTitan's", STEPS],
  // nanotron (TokensArgs)
  sequence_length: ['seq_len', NANOTRON],
  train_steps: ['tokens', NANOTRON, STEPS],
  // TorchTitan ([parallelism], [activation_checkpoint])
  tensor_parallel_degree: ['tp', TORCHTITAN],
  pipeline_parallel_degree: ['pp', TORCHTITAN],
  context_parallel_degree: ['cp', TORCHTITAN],
  expert_parallel_degree: ['ep', TORCHTITAN],
  pipeline_parallel_schedule: ['schedule', TORCHTITAN],
  pipeline_parallel_microbatch_size: ['micro_batch', TORCHTITAN],
  expert_tensor_parallel_degree: ['etp', TORCHTITAN],
  mixed_precision_param: ['precision', TORCHTITAN],
  mixed_precision_reduce: ['model_state', TORCHTITAN, "the gradient reduction's dtype there: bfloat16 is model_state: {gradients: bf16}"],
  local_batch_size: ['micro_batch', TORCHTITAN, 'the batch of one data-parallel rank there: global_batch = local_batch_size × dp; with pipelining, pipeline_parallel_microbatch_size is the micro-batch'],
  data_parallel_shard_degree: ['shard_group', TORCHTITAN, 'the FSDP group there: dp = data_parallel_replicate_degree × data_parallel_shard_degree, zero_stage: 3'],
  data_parallel_replicate_degree: ['dp', TORCHTITAN, 'the replicas of the FSDP group there: dp = data_parallel_replicate_degree × data_parallel_shard_degree, shard_group the shard degree'],
  // newuser32: torchtitan's Qwen3 tomls write these beside the degrees; they were told only the keys valid here.
  // [parallelism] fsdp_reshard_after_forward: "never" keeps the gathered parameters after the forward (FSDP2's
  // reshard_after_forward=False, README: ZeRO-2), "always" frees them (ZeRO-3), "default" frees them unless pipelining
  // (torchtitan parallelize: reshard_after_forward = not pp_enabled); enable_async_tensor_parallel, the async TP the
  // torchtitan profile's tp_comm_overlap default names (stackProfilesPyTorch.ts).
  fsdp_reshard_after_forward: ['zero_stage', TORCHTITAN, 'never there keeps the gathered parameters after the forward: zero_stage: 2; always frees them: zero_stage: 3; default is 3 without pipeline parallelism and 2 with it'],
  enable_async_tensor_parallel: ['tp_comm_overlap', TORCHTITAN, 'asynchronous tensor parallelism there overlaps the TP collectives with the GEMMs: true is tp_comm_overlap: true'],
  pipeline_parallel_layers_per_stage: ['virtual_stages', TORCHTITAN, 'layers a stage there: pp × virtual_stages = ⌈(layers + 2) ÷ that⌉, the embedding and the output counted a layer each'],
  activation_checkpoint: ['recompute', TORCHTITAN, 'its section there: mode full is recompute: full; selective with selective_ac_option N is recompute: full with recompute_every: N (stack: torchtitan), with op recompute: selective with recompute_modules: [op]; memory_budget is not modelled'],
  selective_ac_option: ['recompute_every', TORCHTITAN, "an integer N there, with mode selective, is recompute: full with recompute_every: N under stack: torchtitan; op, its per-operator policy that keeps every other matmul's output and the attention's, is recompute: selective with recompute_modules: [op]"],
  // [parallelism] context_parallel_rotate_method (torchtitan config/job_config.py Parallelism: "The collective to use in
  // context parallel SDPA for kv shards exchange. 'allgather' means to all-gather all kv shards on ranks after the first
  // sub-SDPA computation, 'alltoall' means to all-to-all shuffle the kv shards. The default value is 'allgather'."); the
  // torchtitan profile models both as the ring (stackProfilesPyTorch.ts cpCommType). newuser32: it had the list of keys.
  context_parallel_rotate_method: ['cp_comm_type', TORCHTITAN, "how the K/V shards travel there: alltoall passes them round the ring, cp_comm_type: p2p; allgather, the default, gathers them after the first sub-SDPA, which stack: torchtitan models as the ring too (ASSUMED): under it leave cp_comm_type out"],
  memory_budget: ['recompute', TORCHTITAN, "mode memory_budget there leaves what to keep to the compiler's partitioner under a budget: not modelled; write the recompute it comes to, or leave recompute out for the planner"],
  // OLMo-core's TransformerActivationCheckpointingConfig (train_module/transformer/config.py: mode, block_interval, modules, activation_memory_budget)
  ac_config: ['recompute', OLMO_CORE, 'its mode there, with stack: olmo-core: full is recompute: full; selected_modules is recompute: selective with recompute_modules; selected_blocks with block_interval N is recompute: full with recompute_layers ⌈layers a chunk ÷ N⌉; selected_ops is approximated by recompute: selective; budget is not modelled'],
  selected_modules: ['recompute_modules', OLMO_CORE, 'its module globs there, with recompute: selective and stack: olmo-core: blocks.*.attention is attention, blocks.*.feed_forward is feed_forward'],
  block_interval: ['recompute_layers', OLMO_CORE, 'selected_blocks there wraps blocks 0, N, 2N, … of each pipeline chunk: recompute: full with recompute_layers ⌈layers a chunk ÷ N⌉'],
  selected_blocks: ['recompute_layers', OLMO_CORE, 'a mode there, with block_interval N wrapping blocks 0, N, 2N, … of each pipeline chunk: recompute: full with recompute_layers ⌈layers a chunk ÷ N⌉'],
  selected_ops: ['recompute', OLMO_CORE, "a mode there, the per-operator policy that keeps every other matmul's output and the attention's: approximated by recompute: selective, which reruns the attention core"],
  // OLMo-core's TransformerDataParallelConfig under HSDP (distributed/parallel: num_replicas, default one a node;
  // shard_degree in later versions): the FSDP group is dp ÷ num_replicas ranks (newuser32: OLMo 3 7B's scripts).
  num_replicas: ['shard_group', OLMO_CORE, "the HSDP replicas there (default one a node): shard_group = dp ÷ num_replicas, zero_stage: 3"],
  shard_degree: ['shard_group', OLMO_CORE, 'the ranks of one HSDP shard group there, zero_stage: 3'],
  activation_memory_budget: ['recompute', OLMO_CORE, "its budget mode's fraction there leaves what to keep to the compiler's partitioner: not modelled; write the recompute it comes to, or leave recompute out for the planner"],
  activation_checkpointing: ['recompute', COMMON, 'a switch or a mode there: true or full is recompute: full, every block'],
  // A document mask (README "Document masking"): TorchTitan's model args (attn_mask_type: "causal" or "block_causal", with
  // use_flex_attn) and Megatron-LM's --reset-attention-mask (megatron/training/arguments.py; GPTDatasetConfig), each of which
  // masks attention at every end-of-document token; flopcast takes the lengths the documents are.
  attn_mask_type: ['documents', TORCHTITAN, 'block_causal there keeps attention inside each packed document: documents: {tokens: L} with their length L, or a length mix; causal is documents left out'],
  reset_attention_mask: ['documents', MEGATRON, 'true there keeps attention inside each packed document, cut at its end-of-document token: documents: {tokens: L} with their length L, or a length mix'],
  // llm-foundry's MPTConfig; nanoGPT's and LitGPT's GPTConfig
  max_seq_len: ['seq_len', FOUNDRY],
  n_heads: ['heads', FOUNDRY],
  block_size: ['seq_len', "nanoGPT's and LitGPT's"],
  // DeepSpeed's config JSON; Accelerate
  train_micro_batch_size_per_gpu: ['micro_batch', DEEPSPEED],
  train_batch_size: ['global_batch', DEEPSPEED],
  mixed_precision: ['precision', "Accelerate's"],
  // names no one tool owns; the parallelism abbreviations of performance tables (NVIDIA's TP PP CP VP EP MBS GBS columns),
  // which a near spelling took for another degree (`sp` and `vp`: did you mean `cp`?, `fsdp`: `dp`)
  sp: ['sequence_parallel', COMMON],
  vp: ['virtual_stages', COMMON],
  vpp: ['virtual_stages', COMMON],
  mbs: ['micro_batch', COMMON],
  gbs: ['global_batch', COMMON],
  fsdp: ['zero_stage', COMMON, "full sharding there: FSDP's FULL_SHARD is zero_stage: 3, SHARD_GRAD_OP 2; its degree is dp, or shard_group where it is smaller (HSDP)"],
  hsdp: ['shard_group', COMMON, 'hybrid sharding there: shard_group is the ranks of one shard group, dp all the data-parallel ranks, zero_stage the sharding'],
  max_seq_length: ['seq_len', COMMON],
  context_length: ['seq_len', COMMON],
  mfu: ['utilization', COMMON, 'model FLOPs utilisation, a fraction'],
  hfu: ['utilization', COMMON, 'hardware FLOPs utilisation counts recomputed FLOPs; utilization is MFU, which does not'],
  // new-user trial 25: `gpus: 2048` was "did you mean `gpu`?", the GPU's id, where it counts them (recipes' `gpus: 16`);
  // a list of GPUs under the name is told where it goes too
  gpus: ['count', COMMON, 'the number of GPUs; the GPU itself is `gpu`'],
  num_gpus: ['count', COMMON],
  n_gpus: ['count', COMMON],
  gpu_count: ['count', COMMON],
  // Throughput tables' TFLOP/s columns (newuser32: NeMo's and Megatron-Bridge's "Model TFLOP / sec / GPU", MaxText's logged
  // "TFLOP/s/device", Megatron-LM's logged "throughput per GPU (TFLOP/s/GPU)", which counts recomputation).
  tflops_per_gpu: ['achieved_tflops', COMMON, "hardware TFLOP/s per GPU there, recomputation included, as Megatron-LM logs them; a model TFLOP/s (NeMo's Model TFLOP / sec / GPU) is utilization: it ÷ the GPU's peak"],
  model_tflops_per_gpu: ['utilization', COMMON, "the model's TFLOP/s per GPU there (NeMo's Model TFLOP / sec / GPU): utilization is it ÷ the GPU's dense peak (flopcast hardware GPU)"],
  // A measured step time by common names (newuser32: under a measured run's `reported`, which had the list of keys);
  // flopcast's is step_seconds, a number of seconds or a duration with its unit (validateSchema.ts ReportedSchema).
  step_time: ['step_seconds', COMMON, STEP_SECONDS],
  iteration_time: ['step_seconds', COMMON, STEP_SECONDS],
  world_size: ['count', COMMON],
  gpu_type: ['gpu', COMMON],
  accelerator: ['gpu', COMMON],
  hardware: ['gpu', COMMON],
  accelerator_type: ['gpu', "Google Cloud's"],
  total_tokens: ['tokens', COMMON],
  train_tokens: ['tokens', COMMON],
  num_tokens: ['tokens', COMMON],
  dataset_tokens: ['tokens', COMMON],
  dataset_size: ['tokens', COMMON],
  epochs: ['tokens', COMMON, EPOCHS],
  num_epochs: ['tokens', COMMON, EPOCHS],
};

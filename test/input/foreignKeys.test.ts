/**
 * Keys written with another tool's names (a transformers config.json's, Megatron-LM's arguments') are told
 * flopcast's name for them, at the place that takes it (src/input/foreignKeys.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { run } from '../../src/index.js';
import { formattedError } from '../helpers.js';
import { FOREIGN_KEYS } from '../../src/input/foreignKeyTable.js';
import { foreignKeyHint } from '../../src/input/foreignKeys.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { validate } from '../../src/input/validate.js';
import { parseYaml } from '../../src/input/yaml.js';
import { validationSchemas } from '../../src/perf/validateSchema.js';
import { scenarioError } from './scenarioError.js';
import { runCli } from '../cli/run-cli.js';

const error = scenarioError;

const model = (extra: string) => `model:
  name: x
  layers: 32
  d_model: 4096
  d_ff: 11008
  heads: 32
  vocab: 32000
  seq_len: 2048
${extra}training: {tokens: 1B, global_batch: 512}
cluster: {gpu: h100-sxm, count: 8, utilization: 0.4}
`;

describe('another tool\'s name for a key', () => {
  it.each([
    ['hidden_size', model('  hidden_size: 4096\n'), 'model.hidden_size', /`hidden_size` is a transformers config\.json's name for `d_model`: write `d_model`, or give the config\.json file itself as the model/],
    ['max_position_embeddings', model('  max_position_embeddings: 8192\n'), 'model.max_position_embeddings', /name for `seq_len` \(there the longest context the model accepts, not the length it trains at\)/],
    ['n_layer (GPT-2)', model('  n_layer: 12\n'), 'model.n_layer', /`n_layer` is GPT-2's config\.json name for `layers`/],
    ['tensor_model_parallel_size', 'model: gpt2\ntraining: {tokens: 1B, global_batch: 512}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4, parallelism: {tensor_model_parallel_size: 2}}\n', 'cluster.parallelism.tensor_model_parallel_size', /`tensor_model_parallel_size` is Megatron-LM's name for `tp`: write `tp`$/m],
    ['global_batch_size', 'model: gpt2\ntraining: {tokens: 1B, global_batch_size: 512}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n', 'training.global_batch_size', /Megatron-LM's name for `global_batch`/],
  ])('%s', (_, text, keyPath, hint) => {
    const e = error(text);
    expect(e).toContain(`${keyPath}: unknown key`);
    expect(e).toMatch(hint);
  });

  // Hostile sweep 18: an option's or a matrix's key went through other checks (scenario/options.ts checkKeys,
  // scenario/matrix.ts checkKey) that gave only the list of keys; fails on the old code.
  it.each([
    ['an option', 'options:\n  - name: a\n    cluster: {parallelism: {virtual_pipeline_model_parallel_size: 2}}\n', 'options[0].cluster.parallelism.virtual_pipeline_model_parallel_size', 'virtual_pipeline_model_parallel_size', 'virtual_stages'],
    ['a matrix', 'matrix:\n  cluster.parallelism.tensor_model_parallel_size: [1, 2]\n', 'matrix["cluster.parallelism.tensor_model_parallel_size"]', 'tensor_model_parallel_size', 'tp'],
  ])('in %s', (_, tail, keyPath, key, ours) => {
    const e = formattedError(() => run('model: gpt2\ntraining: {tokens: 1B, global_batch: 512}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n' + tail));
    expect(e).toContain(`${keyPath}: `);
    expect(e).toContain(`hint: \`${key}\` is Megatron-LM's name for \`${ours}\`: write \`${ours}\``);
  });

  // The review: the file check's chain (src/input/keyHints.ts unknownKeyHint) told where a key belongs; an option's and a
  // matrix key's checks, written apart, listed the keys only.
  it.each([
    ['an option', 'options:\n  - name: a\n    cluster: {tp: 2}\n', 'options[0].cluster.tp'],
    ['a matrix', 'matrix:\n  cluster.tp: [1, 2]\n', 'matrix["cluster.tp"]'],
  ])('a key in the wrong section of %s is told where it goes', (_, tail, keyPath) => {
    const e = formattedError(() => run('model: gpt2\ntraining: {tokens: 1B, global_batch: 512}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n' + tail));
    expect(e).toContain(`${keyPath}: `);
    expect(e).toContain('hint: `tp` goes under `cluster.parallelism` (cluster.parallelism.tp)');
  });

  // Hostile sweep 19: names other tools give, which had only the list of keys (or a wrong "did you mean": `mfu` was
  // `gpu`, `model` under model `d_model`); each row fails on the old code.
  const S = (training: string, cluster = '', model = 'llama-3-8b') => `model: ${model}\ntraining: {tokens: 1B, global_batch: 512${training}}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4${cluster}}\n`;
  it.each([
    ['sequence_length (nanotron)', S(', sequence_length: 4096'), 'training.sequence_length', "`sequence_length` is nanotron's name for `seq_len`: write `seq_len`"],
    ['max_target_length (MaxText)', S(', max_target_length: 4096'), 'training.max_target_length', "`max_target_length` is MaxText's name for `seq_len`: write `seq_len`"],
    ['max_seq_len (llm-foundry)', S(', max_seq_len: 4096'), 'training.max_seq_len', "`max_seq_len` is llm-foundry's (MPT's) name for `seq_len`: write `seq_len`"],
    ['max_seq_length', S(', max_seq_length: 4096'), 'training.max_seq_length', '`max_seq_length` is a common name for `seq_len`: write `seq_len`'],
    ['a Megatron flag as written', S(', seq-length: 4096'), 'training.seq-length', "`seq-length` is Megatron-LM's name for `seq_len`: write `seq_len`"],
    ['a Megatron flag with its dashes', S(', --tensor-model-parallel-size: 2'), 'training.--tensor-model-parallel-size', "`--tensor-model-parallel-size` is Megatron-LM's name for `tp`, which goes under `cluster.parallelism` (cluster.parallelism.tp)"],
    ['micro_batch_size in training', S(', micro_batch_size: 2'), 'training.micro_batch_size', "`micro_batch_size` is Megatron-LM's name for `micro_batch`, which goes under `cluster.parallelism` (cluster.parallelism.micro_batch)"],
    ['TorchTitan\'s degree', S('', ', parallelism: {tensor_parallel_degree: 2}'), 'cluster.parallelism.tensor_parallel_degree', "`tensor_parallel_degree` is TorchTitan's name for `tp`: write `tp`"],
    ['mfu', S('', ', mfu: 0.4'), 'cluster.mfu', '`mfu` is a common name for `utilization` (model FLOPs utilisation, a fraction): write `utilization`'],
    ['num_gpus', S('', ', num_gpus: 8'), 'cluster.num_gpus', '`num_gpus` is a common name for `count`: write `count`'],
    // newuser32: throughput tables' TFLOP/s columns had only the list of keys (fail on the old code).
    ['tflops_per_gpu', S('', ', tflops_per_gpu: 400'), 'cluster.tflops_per_gpu', "`tflops_per_gpu` is a common name for `achieved_tflops` (hardware TFLOP/s per GPU there, recomputation included, as Megatron-LM logs them; a model TFLOP/s (NeMo's Model TFLOP / sec / GPU) is utilization: it ÷ the GPU's peak): write `achieved_tflops`"],
    ['model_tflops_per_gpu', S('', ', model_tflops_per_gpu: 400'), 'cluster.model_tflops_per_gpu', "`model_tflops_per_gpu` is a common name for `utilization` (the model's TFLOP/s per GPU there (NeMo's Model TFLOP / sec / GPU): utilization is it ÷ the GPU's dense peak (flopcast hardware GPU)): write `utilization`"],
    // New-user trial 25: a near spelling took it for the GPU's id (did you mean `gpu`?).
    ['gpus', S('', ', gpus: 8'), 'cluster.gpus', '`gpus` is a common name for `count` (the number of GPUs; the GPU itself is `gpu`): write `count`'],
    ['gradient_checkpointing', S(', gradient_checkpointing: true'), 'training.gradient_checkpointing', "`gradient_checkpointing` is transformers' Trainer's name for `recompute` (a switch there: true is recompute: full): write `recompute`"],
    // TorchTitan's and OLMo-core's activation checkpointing (the scenario's recompute keys, README "Activation recomputation").
    ['selective_ac_option (TorchTitan)', S(', selective_ac_option: 2'), 'training.selective_ac_option', "`selective_ac_option` is TorchTitan's name for `recompute_every` (an integer N there, with mode selective, is recompute: full with recompute_every: N under stack: torchtitan; op, its per-operator policy that keeps every other matmul's output and the attention's, is recompute: selective with recompute_modules: [op]): write `recompute_every`"],
    ['selected_modules (OLMo-core)', S(', selected_modules: [blocks.*.feed_forward]'), 'training.selected_modules', "`selected_modules` is OLMo-core's name for `recompute_modules` (its module globs there, with recompute: selective and stack: olmo-core: blocks.*.attention is attention, blocks.*.feed_forward is feed_forward): write `recompute_modules`"],
    ['block_interval (OLMo-core)', S(', block_interval: 2'), 'training.block_interval', "`block_interval` is OLMo-core's name for `recompute_layers` (selected_blocks there wraps blocks 0, N, 2N, … of each pipeline chunk: recompute: full with recompute_layers ⌈layers a chunk ÷ N⌉): write `recompute_layers`"],
    ['ac_config (OLMo-core)', S(', ac_config: {mode: selected_ops}'), 'training.ac_config', "`ac_config` is OLMo-core's name for `recompute` (its mode there, with stack: olmo-core: full is recompute: full; selected_modules is recompute: selective with recompute_modules; selected_blocks with block_interval N is recompute: full with recompute_layers ⌈layers a chunk ÷ N⌉; selected_ops is approximated by recompute: selective; budget is not modelled): write `recompute`"],
    ['activation_checkpointing', S(', activation_checkpointing: true'), 'training.activation_checkpointing', '`activation_checkpointing` is a common name for `recompute` (a switch or a mode there: true or full is recompute: full, every block): write `recompute`'],
    // Hostile sweep 27: a document mask by its framework's switch had only the list of keys.
    ['attn_mask_type (TorchTitan)', S(', attn_mask_type: block_causal'), 'training.attn_mask_type', "`attn_mask_type` is TorchTitan's name for `documents` (block_causal there keeps attention inside each packed document: documents: {tokens: L} with their length L, or a length mix; causal is documents left out): write `documents`"],
    ['reset_attention_mask (Megatron-LM)', S(', reset_attention_mask: true'), 'training.reset_attention_mask', "`reset_attention_mask` is Megatron-LM's name for `documents` (true there keeps attention inside each packed document, cut at its end-of-document token: documents: {tokens: L} with their length L, or a length mix): write `documents`"],
    ['memory_budget (TorchTitan)', S(', memory_budget: 0.5'), 'training.memory_budget', "`memory_budget` is TorchTitan's name for `recompute` (mode memory_budget there leaves what to keep to the compiler's partitioner under a budget: not modelled; write the recompute it comes to, or leave recompute out for the planner): write `recompute`"],
    ['gpu_type', S('', ', gpu_type: h100-sxm'), 'cluster.gpu_type', '`gpu_type` is a common name for `gpu`: write `gpu`'],
    ['accelerator_type (Google Cloud)', S('', ', accelerator_type: v5p'), 'cluster.accelerator_type', "`accelerator_type` is Google Cloud's name for `gpu`: write `gpu`"],
    ['hardware at the top', S('') + 'hardware: h100-sxm\n', 'hardware', '`hardware` is a common name for `gpu`, which goes under `cluster` (cluster.gpu)'],
    ['max_steps', S(', max_steps: 1000'), 'training.max_steps', "`max_steps` is transformers' Trainer's name for `tokens` (a count of steps there: tokens = steps × global_batch × seq_len): write `tokens`"],
    ['total_tokens', S(', total_tokens: 1T'), 'training.total_tokens', '`total_tokens` is a common name for `tokens`: write `tokens`'],
    // New-user trial 22: TorchTitan's [training] dtype is every state's (job_config.py Training.dtype), which `precision` is not.
    ['dtype (MaxText; TorchTitan\'s said)', S(', dtype: bfloat16'), 'training.dtype', "`dtype` is MaxText's name for `precision` (the activations' there; TorchTitan's [training] dtype is every state's: bfloat16 there is model_state: {weights: bf16, master_weights: none, gradients: bf16, moments: bf16}): write `precision`"],
    ['mixed_precision_reduce (TorchTitan)', S(', mixed_precision_reduce: bfloat16'), 'training.mixed_precision_reduce', "`mixed_precision_reduce` is TorchTitan's name for `model_state` (the gradient reduction's dtype there: bfloat16 is model_state: {gradients: bf16}): write `model_state`"],
    ['local_batch_size (TorchTitan)', S(', local_batch_size: 4'), 'training.local_batch_size', "`local_batch_size` is TorchTitan's name for `micro_batch` (the batch of one data-parallel rank there: global_batch = local_batch_size × dp; with pipelining, pipeline_parallel_microbatch_size is the micro-batch), which goes under `cluster.parallelism` (cluster.parallelism.micro_batch)"],
    ['num_train_epochs', S(', num_train_epochs: 3'), 'training.num_train_epochs', "`num_train_epochs` is transformers' Trainer's name for `tokens` (a count of passes over a dataset there: tokens = epochs × the dataset's tokens): write `tokens`"],
    ['epochs', S(', epochs: 3'), 'training.epochs', "`epochs` is a common name for `tokens` (a count of passes over a dataset there: tokens = epochs × the dataset's tokens): write `tokens`"],
    ['dataset_tokens', S(', dataset_tokens: 1T'), 'training.dataset_tokens', '`dataset_tokens` is a common name for `tokens`: write `tokens`'],
    ['lr', S(', lr: 3e-4'), 'training.lr', '`lr` changes no FLOP count, time or memory flopcast counts: leave it out'],
    ['learning_rate', S(', learning_rate: 3e-4'), 'training.learning_rate', '`learning_rate` changes no FLOP count, time or memory flopcast counts: leave it out'],
    ['an MoE key beside the model\'s', S('', '', '{name: x, layers: 2, d_model: 64, heads: 4, d_ff: 128, vocab: 100, seq_len: 64, num_experts_per_tok: 2}'), 'model.num_experts_per_tok', "`num_experts_per_tok` is a transformers config.json's name for `top_k`, which goes under `model.moe` (model.moe.top_k)"],
  ])('%s', (_, text, keyPath, hint) => {
    const e = error(text);
    expect(e).toContain(`${keyPath}: unknown key`);
    expect(e).toContain(`hint: ${hint}`);
  });

  // New-user trial 22: the parallelism abbreviations of performance tables and TorchTitan's and MaxText's degree names
  // had no hint, or a near spelling's for another degree (`sp` and `vp`: did you mean `cp`?, `vpp`: `pp`, `fsdp` and
  // `hsdp`: `dp`, Megatron-LM's num_layers_per_virtual_pipeline_stage: num_layers_in_first_pipeline_stage); each row fails
  // on the old code.
  const P = (key: string) => S('', `, parallelism: {tp: 2, ${key}: 2}`);
  it.each([
    ['sp', "`sp` is a common name for `sequence_parallel`: write `sequence_parallel`"],
    ['vp', "`vp` is a common name for `virtual_stages`: write `virtual_stages`"],
    ['vpp', "`vpp` is a common name for `virtual_stages`: write `virtual_stages`"],
    ['mbs', "`mbs` is a common name for `micro_batch`: write `micro_batch`"],
    ['fsdp', "`fsdp` is a common name for `zero_stage` (full sharding there: FSDP's FULL_SHARD is zero_stage: 3, SHARD_GRAD_OP 2; its degree is dp, or shard_group where it is smaller (HSDP)): write `zero_stage`"],
    ['hsdp', '`hsdp` is a common name for `shard_group`'],
    ['num_layers_per_virtual_pipeline_stage', "`num_layers_per_virtual_pipeline_stage` is Megatron-LM's name for `virtual_stages` (layers a chunk there: virtual_stages = layers ÷ (pp × that)): write `virtual_stages`"],
    ['data_parallel_shard_degree', "`data_parallel_shard_degree` is TorchTitan's name for `shard_group` (the FSDP group there: dp = data_parallel_replicate_degree × data_parallel_shard_degree, zero_stage: 3): write `shard_group`"],
    ['data_parallel_replicate_degree', "`data_parallel_replicate_degree` is TorchTitan's name for `dp`"],
    ['expert_tensor_parallel_degree', "`expert_tensor_parallel_degree` is TorchTitan's name for `etp`: write `etp`"],
    ['pipeline_parallel_layers_per_stage', "`pipeline_parallel_layers_per_stage` is TorchTitan's name for `virtual_stages`"],
    ['ici_fsdp_parallelism', "`ici_fsdp_parallelism` is MaxText's name for `shard_group`"],
    ['ici_tensor_parallelism', "`ici_tensor_parallelism` is MaxText's name for `tp`: write `tp`"],
    ['dcn_data_parallelism', "`dcn_data_parallelism` is MaxText's name for `dp`"],
    ['num_pipeline_repeats', "`num_pipeline_repeats` is MaxText's name for `virtual_stages`: write `virtual_stages`"],
    // newuser32: an Ironwood tpu-recipes run script's MaxText arguments; each had the list of keys (fails on the old code).
    ['per_device_batch_size', "`per_device_batch_size` is MaxText's name for `micro_batch` (the batch of one device there: global_batch = per_device_batch_size × the devices (two a chip on TPU7x), without gradient accumulation): write `micro_batch`"],
    // newuser32: TorchTitan's Qwen3 tomls and OLMo-core's OLMo 3 scripts (HSDP) beside the degrees; each had only the list
    // of valid keys (fails on the old code). torchtitan parallelize: "default" is reshard_after_forward = not pp_enabled.
    ['fsdp_reshard_after_forward', "`fsdp_reshard_after_forward` is TorchTitan's name for `zero_stage` (never there keeps the gathered parameters after the forward: zero_stage: 2; always frees them: zero_stage: 3; default is 3 without pipeline parallelism and 2 with it): write `zero_stage`"],
    ['enable_async_tensor_parallel', "`enable_async_tensor_parallel` is TorchTitan's name for `tp_comm_overlap` (asynchronous tensor parallelism there overlaps the TP collectives with the GEMMs: true is tp_comm_overlap: true), which goes under `training` (training.tp_comm_overlap)"],
    ['num_replicas', "`num_replicas` is OLMo-core's name for `shard_group` (the HSDP replicas there (default one a node): shard_group = dp ÷ num_replicas, zero_stage: 3): write `shard_group`"],
    ['shard_degree', "`shard_degree` is OLMo-core's name for `shard_group` (the ranks of one HSDP shard group there, zero_stage: 3): write `shard_group`"],
    // newuser32: MaxText's second FSDP axis (base.yml logical_axis_rules); had the list of keys (fails on the old code).
    ['ici_fsdp_transpose_parallelism', "`ici_fsdp_transpose_parallelism` is MaxText's name for `shard_group` (FSDP ranks inside a slice there that shard the weights' other dimension: shard_group is all the FSDP ranks (fsdp × fsdp_transpose, ici × dcn), dp those times the data-parallel ones, zero_stage: 3): write `shard_group`"],
  ])('cluster.parallelism.%s', (key, hint) => {
    const e = error(P(key));
    expect(e).toContain(`cluster.parallelism.${key}: unknown key`);
    expect(e).toContain(`hint: ${hint}`);
    expect(e).not.toMatch(/did you mean `[cd]?p`/);
  });
  // Megatron-Core's fields as Megatron-Bridge recipes set them (glm45.py, exaone_moe.py, common.py): each had the list of
  // keys, or a near spelling of another (`fp8`: did you mean `fp8_recipe` or `fp8_param_gather`?); fails on the old code.
  it.each([
    ['moe_token_dispatcher_type: flex', "`moe_token_dispatcher_type` is Megatron-LM's name for `moe_dispatcher` (alltoall there is alltoall; flex, with DeepEP or HybridEP, is deepep): write `moe_dispatcher`"],
    ['moe_flex_dispatcher_backend: hybridep', "`moe_flex_dispatcher_backend` is Megatron-LM's name for `moe_dispatcher`"],
    ['moe_router_force_load_balancing: true', "`moe_router_force_load_balancing` is Megatron-LM's name for `moe_balance` (a switch there: true is moe_balance: forced): write `moe_balance`"],
    ['moe_pad_expert_input_to_capacity: true', "`moe_pad_expert_input_to_capacity` is Megatron-LM's name for `moe_capacity_padding`: write `moe_capacity_padding`"],
    ['overlap_moe_expert_parallel_comm: true', "`overlap_moe_expert_parallel_comm` is Megatron-LM's name for `ep_comm_overlap`: write `ep_comm_overlap`"],
    ['grad_reduce_in_fp32: false', "`grad_reduce_in_fp32` is Megatron-LM's name for `model_state` (a switch there: false is model_state: {gradients: bf16}): write `model_state`"],
    ['recompute_method: block', "`recompute_method` is Megatron-LM's name for `recompute_layers`"],
    ['attention_backend: fused', "`attention_backend` is Megatron-LM's name for `attention_kernel` (fused there, cuDNN, is cudnn; flash, the flash-attn package, is fa2): write `attention_kernel`"],
    ['fp8: hybrid', "`fp8` is Megatron-LM's name for `gemm_precision` (a format there: e4m3 or hybrid is gemm_precision: fp8): write `gemm_precision`"],
    // newuser32 (AMD Primus examples/megatron/configs/MI300X/qwen2.5_72B-BF16-pretrain.yaml: use_torch_fsdp2: true): the list
    // of keys before; both rows fail on the old code.
    ['use_torch_fsdp2: true', "`use_torch_fsdp2` is Megatron-LM's name for `zero_stage` (a switch there: true, PyTorch FSDP2 over the data-parallel ranks, is zero_stage: 3), which goes under `cluster.parallelism` (cluster.parallelism.zero_stage)"],
    // megatron/core/distributed DistributedDataParallelConfig: data_parallel_sharding_strategy: str = 'no_shard'.
    ['remat_policy: full', "`remat_policy` is MaxText's name for `recompute` (full there is recompute: full; minimal, minimal_with_context (minimal_flash), save_dot_with_context_except_mlp, save_dot_except_mlpwi, save_dot_except_mlp, save_qkv_proj and save_out_proj are recompute: selective with recompute_modules: [that policy] under stack maxtext (dense models); custom and the *_offloaded policies move tensors to the host: not modelled, so leave recompute out for the planner): write `recompute`"],
    ['capacity_factor: 1.25', "`capacity_factor` is MaxText's name for `moe_capacity_factor` (-1 there (dropless) is moe_capacity_factor left out): write `moe_capacity_factor`"],
    ['sparse_matmul: false', "`sparse_matmul` is MaxText's name for `moe_capacity_padding` (false there, the dense_matmul path with capacity_factor > 0, pads every expert to its capacity: moe_capacity_padding: true; true, the grouped GEMMs, pads nothing): write `moe_capacity_padding`"],
    ['use_random_routing: true', "`use_random_routing` is MaxText's name for `moe_balance` (true there draws the router logits at random, as Megatron-LM's force_load_balancing does: moe_balance: forced): write `moe_balance`"],
    ['use_megatron_fsdp: true', "`use_megatron_fsdp` is Megatron-LM's name for `zero_stage` (a switch there, sharding as its data_parallel_sharding_strategy says: optim_grads_params is zero_stage: 3, the default no_shard 0), which goes under `cluster.parallelism` (cluster.parallelism.zero_stage)"],
    ['data_parallel_sharding_strategy: optim_grads_params', "`data_parallel_sharding_strategy` is Megatron-LM's name for `zero_stage` (Megatron FSDP's there: optim is zero_stage: 1, optim_grads 2, optim_grads_params 3, no_shard 0), which goes under `cluster.parallelism` (cluster.parallelism.zero_stage)"],
  ])('training.%s', (field, hint) => {
    const key = field.split(':')[0]!;
    const e = error(S(`, ${field}`));
    expect(e).toContain(`training.${key}: unknown key`);
    expect(e).toContain(`hint: ${hint}`);
  });
  it.each(['flex', 'hybridep'])('moe_dispatcher: %s is told deepep (Megatron-Core\'s flex dispatcher, its HybridEP backend)', (v) => {
    expect(error(S(`, moe_dispatcher: ${v}`, '', 'mixtral-8x7b'))).toContain(`hint: \`${v}\` is written \`deepep\` here`);
  });
  it('gbs in training is told global_batch', () => {
    expect(error(S(', gbs: 512'))).toContain('hint: `gbs` is a common name for `global_batch`: write `global_batch`');
  });

  it.each([['preset'], ['path'], ['model'], ['pretrained_model_name_or_path']])('model: {%s: llama-3-8b} is told to name the model as the value of `model:`', (key) => {
    const e = error(S('', '', `{${key}: llama-3-8b}`));
    expect(e).toContain(`model.${key}: unknown key`);
    expect(e).toContain('hint: a preset or a model file is named as the value of `model:` itself: write `model: llama-3-8b`');
  });

  // The brief (inputs 7): Megatron-LM's num_layers beside its parallel sizes was "did you mean
  // num_layers_in_last_pipeline_stage?", a pipeline split; the layer count is the model's. Fails on the old code.
  it.each([
    ['cluster.parallelism', 'model: gpt2\ntraining: {tokens: 1B, global_batch: 512}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4, parallelism: {tp: 2, num_layers: 32}}\n', 'cluster.parallelism.num_layers', 'num_layers', "Megatron-LM's", 'layers'],
    ['training', 'model: gpt2\ntraining: {tokens: 1B, global_batch: 512, base_emb_dim: 4096}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n', 'training.base_emb_dim', 'base_emb_dim', "MaxText's", 'd_model'],
  ])('a model\'s size under %s is told it is the model\'s (the file check and run\'s)', (_, text, keyPath, key, owner, ours) => {
    for (const e of [error(text), formattedError(() => run(text))]) {
      expect(e).toContain(`${keyPath}: unknown key`);
      expect(e).toContain(`hint: \`${key}\` is ${owner} name for \`${ours}\`, which is the model's, not set here: the preset or file \`model:\` names has its own, and an inline model writes it as \`model.${ours}\``);
      expect(e).not.toContain('pipeline_stage');
    }
  });

  it('only where flopcast takes the key it names: a config.json key under cluster is just unknown there', () => {
    expect(foreignKeyHint('hidden_size', ['gpu', 'count'])).toBeUndefined();
    expect(error('model: gpt2\ntraining: {tokens: 1B, global_batch: 512}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4, hidden_size: 4}\n')).not.toContain('d_model');
    expect(foreignKeyHint('not_a_known_name', ['d_model'])).toBeUndefined();
    expect(foreignKeyHint('constructor', ['d_model'])).toBeUndefined(); // own keys only, not Object.prototype's
  });

  // A measured run's figures (`reported`: step_seconds) are keys of a runs file, not of a scenario.
  it('every name it gives is a key of the scenario schema (regenerated by `flopcast schema`) or a runs file\'s', () => {
    const schema = [JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'scenario.schema.json'), 'utf8')), z.toJSONSchema(validationSchemas().ownRuns, { io: 'input', unrepresentable: 'any' })];
    const keys = new Set<string>();
    const places: string[][] = [];
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n !== null && typeof n === 'object') {
        const o = n as Record<string, unknown>;
        if (o['properties'] && typeof o['properties'] === 'object') {
          const here = Object.keys(o['properties'] as object);
          places.push(here);
          for (const k of here) keys.add(k);
        }
        Object.values(o).forEach(walk);
      }
    };
    walk(schema);
    const targets = [...new Set(Object.values(FOREIGN_KEYS).map(([ours]) => ours))];
    expect(targets.length).toBeGreaterThan(10);
    for (const t of targets) expect(keys, t).toContain(t);
    // And no foreign name is a key beside the one it names (it would never be unknown there; Mamba's own head_dim sits elsewhere).
    for (const [f, [ours]] of Object.entries(FOREIGN_KEYS)) for (const here of places) if (here.includes(ours)) expect(here, f).not.toContain(f);
  });
});

// Sweep 32: where a key goes is found inside the entry it is written in (a runs file's row) and one level inside a section
// (cluster.parallelism from training), before a near spelling here. `training.tp` was "did you mean `tp_comm_overlap`?",
// `training.pp` and every row's misplaced key the list of keys; each row fails on the old code.
describe('a key in the wrong place is told its place', () => {
  const scenario = (training: string, cluster = '') => `model: gpt2\ntraining: {tokens: 1B, global_batch: 512${training}}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4${cluster}}\n`;
  const row = (training: string, cluster = '') => `rows:\n  - name: r\n    source: s\n    model: gpt2\n    training: {seq_len: 1024, global_batch: 512, stack: megatron-core${training}}\n    cluster: {gpu: h100-sxm, count: 8${cluster}, parallelism: {tp: 1, pp: 1, dp: 8, micro_batch: 1}}\n    reported: {mfu: 0.4}\n`;
  const rowError = (text: string) => formattedError(() => validate(validationSchemas().ownRuns, parseYaml(text, 'r.yaml')));
  it.each([
    ['training.tp', error(scenario(', tp: 2')), '`tp` goes under `cluster.parallelism` (cluster.parallelism.tp)'],
    ['training.pp', error(scenario(', pp: 2')), '`pp` goes under `cluster.parallelism` (cluster.parallelism.pp)'],
    ['rows[0].training.tp', rowError(row(', tp: 2')), '`tp` goes under `rows[0].cluster.parallelism` (rows[0].cluster.parallelism.tp)'],
    ['rows[0].cluster.precision', rowError(row('', ', precision: bf16')), '`precision` goes under `rows[0].training` (rows[0].training.precision)'],
    ['rows[0].training.num_replicas', rowError(row(', num_replicas: 2')), "`num_replicas` is OLMo-core's name for `shard_group` (the HSDP replicas there (default one a node): shard_group = dp ÷ num_replicas, zero_stage: 3), which goes under `rows[0].cluster.parallelism` (rows[0].cluster.parallelism.shard_group)"],
    // newuser32: TorchTitan's [parallelism] and MaxText's keys, and a measured step time by common names under `reported`;
    // each had the list of keys (fails on the old code).
    ['training.context_parallel_rotate_method', error(scenario(', context_parallel_rotate_method: alltoall')), "`context_parallel_rotate_method` is TorchTitan's name for `cp_comm_type` (how the K/V shards travel there: alltoall passes them round the ring, cp_comm_type: p2p; allgather, the default, gathers them after the first sub-SDPA, which stack: torchtitan models as the ring too (ASSUMED): under it leave cp_comm_type out), which goes under `cluster.parallelism` (cluster.parallelism.cp_comm_type)"],
    ['training.weight_dtype', error(scenario(', weight_dtype: bfloat16')), "`weight_dtype` is MaxText's name for `model_state` (the parameters' dtype there, float32 by default, stack maxtext's own; bfloat16 is model_state: {weights: bf16, master_weights: none, gradients: bf16, moments: bf16}): write `model_state`"],
    ['rows[0].reported.step_time', rowError(row('').replace('{mfu: 0.4}', '{step_time: 3.2}')), "`step_time` is a common name for `step_seconds` (the seconds one training step takes; a log in milliseconds is divided by 1000: 3200 ms is 3.2): write `step_seconds`"],
    ['rows[0].reported.iteration_time', rowError(row('').replace('{mfu: 0.4}', '{iteration_time: 3.2}')), "`iteration_time` is a common name for `step_seconds` (the seconds one training step takes; a log in milliseconds is divided by 1000: 3200 ms is 3.2): write `step_seconds`"],
  ])('%s', (keyPath, e, hint) => {
    expect(e).toContain(`${keyPath}: unknown key`);
    expect(e.split('\n')).toContain(`  hint: ${hint}`);
  });
});

// Hostile sweep 19: a precision by PyTorch's or JAX's dtype name (`bfloat16`, `torch.float16`) had no hint in a file and
// 'run with --help for usage' on the command line; each row fails on the old code.
describe('a value by another tool\'s name', () => {
  const S = (precision: string) => `model: gpt2\ntraining: {tokens: 1B, global_batch: 512, precision: ${precision}}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n`;
  it.each([
    ['bfloat16', 'bf16'],
    ['torch.float16', 'fp16'],
    ['float32', 'fp32'],
    ['half', 'fp16'],
  ])('precision: %s', (written, ours) => {
    expect(error(S(written))).toContain(`hint: \`${written}\` is written \`${ours}\` here`);
  });
  it('on the command line', async () => {
    const r = await runCli(['budget', '--gpu', 'h100-sxm', '--usd', '1M', '--precision', 'bfloat16']);
    expect(r.stderr).toContain('hint: `bfloat16` is written `bf16` here');
  });
  it('a near spelling keeps its hint', () => {
    expect(error(S('BF16'))).toContain('hint: did you mean `bf16`?');
  });
});

// newuser32: a switch as Megatron YAML writes it (AMD Primus examples/megatron/configs: `sequence_parallel: 1`) or as YAML
// 1.1's words was "expected true or false, found 1" without a hint; a value neither way keeps none. The 1, 0 and yes rows
// fail on the old code.
describe('a switch written as 1, 0 or a YAML 1.1 word', () => {
  const S = (where: 'parallelism' | 'training' | 'model', v: string) => where === 'parallelism'
    ? `model: gpt2\ntraining: {tokens: 1B, global_batch: 64}\ncluster: {gpu: h100-sxm, count: 8, utilization: auto, parallelism: {tp: 2, sequence_parallel: ${v}}}\n`
    : where === 'model'
      ? `model: {name: x, layers: 2, d_model: 64, heads: 4, d_ff: 128, vocab: 100, seq_len: 64, bias: ${v}}\ntraining: {tokens: 1B, global_batch: 64}\ncluster: {gpu: h100-sxm, count: 8, utilization: auto}\n`
      : `model: gpt2\ntraining: {tokens: 1B, global_batch: 64, overlap_grad_reduce: ${v}}\ncluster: {gpu: h100-sxm, count: 8, utilization: auto}\n`;
  it.each([
    ['parallelism', '1', 'hint: write true: a switch takes true or false'],
    ['parallelism', '0', 'hint: write false: a switch takes true or false'],
    ['training', '1', 'hint: write true: a switch takes true or false'],
    ['parallelism', 'yes', 'hint: write true: a switch takes true or false (YAML 1.2 reads yes as text, not a switch)'],
    ['training', 'off', 'hint: write false: a switch takes true or false (YAML 1.2 reads off as text, not a switch)'],
    // The word as written: the hint named yes, no, on and off to a `y` (sweep32). Fails on the old code.
    ['training', 'N', 'hint: write false: a switch takes true or false (YAML 1.2 reads N as text, not a switch)'],
    // A switch with more values (model.bias: true, false or qkv) had no hint (sweep32). Each fails on the old code.
    ['model', '1', 'hint: write true: a switch takes true, false or `qkv`'],
    ['model', '0', 'hint: write false: a switch takes true, false or `qkv`'],
    ['model', 'no', 'hint: write false: a switch takes true, false or `qkv` (YAML 1.2 reads no as text, not a switch)'],
  ] as const)('%s: %s', (where, v, hint) => {
    const e = error(S(where, v));
    expect(e).toContain('expected true or false');
    expect(e).toContain(', found');
    expect(e.split('\n')).toContain(`  ${hint}`);
  });
  it.each([['parallelism', '2'], ['parallelism', 'maybe'], ['model', '2'], ['model', 'maybe']] as const)('%s: no hint for %s', (where, v) => {
    expect(error(S(where, v))).not.toContain('hint:');
  });
});

// Hostile sweep 19: a schedule by PyTorch pipelining's class name, as TorchTitan's pipeline_parallel_schedule writes it,
// had no hint; fails on the old code.
describe('a schedule by PyTorch\'s name', () => {
  it.each([['ZBVZeroBubble', 'zb-v'], ['ScheduleZBVZeroBubble', 'zb-v'], ['ScheduleInterleaved1F1B', 'interleaved'], ['Schedule1F1B', '1f1b']])('%s', (written, ours) => {
    const e = error(`model: gpt2\ntraining: {tokens: 1B, global_batch: 8}\ncluster: {gpu: h100-sxm, count: 8, utilization: auto, parallelism: {pp: 2, schedule: ${written}}}\n`);
    expect(e).toContain(`hint: \`${written}\` is written \`${ours}\` here`);
  });
});

// Hostile sweep 19: a stack by its framework's name (NeMo runs Megatron-Core; llm-foundry runs on Composer) had no hint;
// fails on the old code.
describe('a stack by its framework\'s name', () => {
  it.each([['nemo', 'megatron-core'], ['NeMo', 'megatron-core'], ['mcore', 'megatron-core'], ['composer', 'llm-foundry'], ['Megatron-DeepSpeed', 'deepspeed']])('%s', (written, ours) => {
    const e = error(`model: gpt2\ntraining: {tokens: 1B, global_batch: 8, stack: ${written}}\ncluster: {gpu: h100-sxm, count: 8, utilization: auto}\n`);
    expect(e).toContain(`hint: \`${written}\` is written \`${ours}\` here`);
  });
  // newuser32: `megatron-lm` was offered `megatron-lm-2021` (a near spelling: the 2021-2022 papers' version) where README's
  // own rule writes current Megatron-LM, NeMo and Megatron-Bridge runs `megatron-core`; `megatron-bridge` had only a near
  // spelling, and `primus` (AMD's Primus, a Megatron-LM or TorchTitan backend) no hint. Each row fails on the old code.
  it.each([
    ['megatron-lm', 'megatron-core', ' (Megatron-LM since 2023 trains through Megatron-Core; megatron-lm-2021 is the version of the 2021-2022 papers)'],
    ['Megatron-LM', 'megatron-core', ' (Megatron-LM since 2023 trains through Megatron-Core; megatron-lm-2021 is the version of the 2021-2022 papers)'],
    ['megatron-bridge', 'megatron-core', ''],
    ['Megatron_Bridge', 'megatron-core', ''],
    ['primus', 'megatron-core', " (Primus's Megatron-LM backend; its TorchTitan backend is torchtitan)"],
  ])('%s', (written, ours, note) => {
    const e = error(`model: gpt2\ntraining: {tokens: 1B, global_batch: 8, stack: ${written}}\ncluster: {gpu: h100-sxm, count: 8, utilization: auto}\n`);
    expect(e.split('\n')).toContain(`  hint: \`${written}\` is written \`${ours}\` here${note}`);
  });
});

// newuser32: a framework no stack profile models had the list of stacks alone; it is told the stack and the switches that
// write its defaults, from its source (perf/stackFrameworks.ts). Each row fails on the old code.
describe('a stack by the name of a framework no profile models', () => {
  it.each([
    ['nanotron', "nanotron's defaults: ", 'attention_kernel: fa2'],
    ['picotron', "picotron's defaults: ", 'zero_stage: 0, attention_kernel: fa2, cp_comm_type: p2p'],
    ['colossalai', "ColossalAI's defaults: ", 'zero_stage: 0, flash_attention: false'],
    ['Colossal-AI', "ColossalAI's defaults: ", 'sequence_parallel: false'],
    // writable34: a JAX framework, told the maxtext profile (Levanter's config/llama2_7b.yaml had the list of stacks); fails on the old code
    ['levanter', "Levanter's defaults: ", 'zero_stage: 3 (its fsdp_axis), tp: 1', 'maxtext'],
  ])('%s', (written, whose, switches, stack = 'megatron-core') => {
    const e = error(`model: gpt2\ntraining: {tokens: 1B, global_batch: 8, stack: ${written}}\ncluster: {gpu: h100-sxm, count: 8, utilization: auto}\n`);
    const hint = e.split('\n').find((l) => l.startsWith('  hint: '))!;
    expect(hint.startsWith(`  hint: \`${written}\` has no stack profile here: write training.stack: ${stack} with ${whose}`)).toBe(true);
    expect(hint).toContain(switches);
  });
  it('on the command line, in the flag\'s words', async () => {
    const r = await runCli(['plan', '--model', 'gpt2', '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '8', '--stack', 'nanotron']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('write --stack megatron-core with ');
  });
  it('a stack id is not one', () => {
    expect(error('model: gpt2\ntraining: {tokens: 1B, global_batch: 8, stack: nanotronx}\ncluster: {gpu: h100-sxm, count: 8, utilization: auto}\n')).not.toContain('no stack profile');
  });
});

// Hostile sweep 19: `position: rope` (what most papers and configs call rotary embeddings) was told "did you mean
// `none`?", a near spelling of another thing; fails on the old code.
describe('a value by another tool\'s name before a near spelling', () => {
  it.each([['rope'], ['RoPE']])('position: %s', (written) => {
    const e = error(`model: {name: x, layers: 2, d_model: 64, heads: 4, d_ff: 128, vocab: 100, seq_len: 64, position: ${written}}\ntraining: {tokens: 1B, global_batch: 8}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n`);
    expect(e).toContain(`hint: \`${written}\` is written \`rotary\` here`);
  });
});

// Hostile sweep 19: `ffn: silu` (Llama's hidden_act, the activation of its gated SwiGLU) was told "did you mean `gelu`?",
// a two-matrix MLP, a third fewer FFN FLOPs; `attention: gqa` / `mqa` "`mha`?" without a word of kv_heads. Each row
// fails on the old code.
describe('a model value by another name, with what differs', () => {
  const M = (kv: string) => `model: {name: x, layers: 2, d_model: 64, heads: 4, d_ff: 128, vocab: 100, seq_len: 64, ${kv}}\ntraining: {tokens: 1B, global_batch: 8}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n`;
  it.each([
    ['ffn: silu', "hint: `silu` is written `swiglu` here (the activation of SwiGLU, a gated unit: Llama's; gelu is a two-matrix MLP)"],
    ['ffn: swish', 'hint: `swish` is written `swiglu` here (the activation of SwiGLU, a gated unit: Llama\'s; gelu is a two-matrix MLP)'],
    ['ffn: geglu', 'hint: `geglu` is written `swiglu` here (swiglu counts any gated unit, GeGLU too)'],
    ['attention: gqa', 'hint: `gqa` is written `mha` here (mha covers grouped-query attention: give kv_heads, fewer than heads)'],
    ['attention: mqa', 'hint: `mqa` is written `mha` here (multi-query attention is mha with kv_heads: 1)'],
  ])('%s', (kv, hint) => {
    expect(error(M(kv))).toContain(hint);
  });
});

// writable34: MaxText's quantization (base.yml: int8, fp8, nanoo_fp8), which the v5p GPT-3 175B configs set, had the list of keys.
describe("MaxText's quantization", () => {
  it('is told gemm_precision, with int8 not modelled', () => {
    const e = error('model: gpt2\ntraining: {tokens: 1B, global_batch: 512, quantization: int8}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n');
    expect(e).toContain('training.quantization: unknown key `quantization`');
    expect(e).toContain("hint: `quantization` is MaxText's name for `gemm_precision` (the GEMMs' format there: fp8 or nanoo_fp8 (AMD's) is gemm_precision: fp8; int8 (AQT) is not modelled (no profile gives an int8 peak): leave it out for the bf16 run): write `gemm_precision`");
  });
});

// writable34: AMD Primus's recompute_layer_ids (its DeepSeek-V3 MI355X config: 21 layer ids under pp 16) was "did you
// mean `recompute_layers`?", a per-chunk count offered for a list of layers; fails on the old code.
describe("AMD Primus's recompute_layer_ids", () => {
  it('is told what recompute_layers counts, and the nearest to write', () => {
    const e = error('model: gpt2\ntraining: {tokens: 1B, global_batch: 512, recompute: full, recompute_layer_ids: [0, 3]}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n');
    expect(e).toContain('training.recompute_layer_ids: unknown key `recompute_layer_ids`');
    expect(e).toContain("hint: `recompute_layer_ids` is AMD Primus's name for `recompute_layers` (the layers recomputed there, by index; flopcast recomputes recompute_layers of each pipeline chunk, not chosen ones: with recompute: full, write the ids' count ÷ the chunks (pp × virtual_stages), rounded up, for the nearest): write `recompute_layers`");
    expect(e).not.toContain('did you mean');
  });
});

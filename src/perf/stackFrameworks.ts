/**
 * A stack written by the name of a framework that no stack profile here models (`stack: nanotron`): no profile runs its
 * defaults, so the hint names the stack to write and the switches that set them, each read from the framework's source
 * (hostile trial newuser32: `nanotron`, `picotron` and `colossalai` had the list of stacks alone). A framework a profile
 * does model by another name (`composer`, llm-foundry's) is input/foreignValues.ts's.
 */
import { shardingAsStackHint } from './stackRules.js';
import { hintKey } from './layoutFields.js';
import { shownName } from '../input/name.js';

/** GPipe's all-forward-all-backward pipeline, which no schedule here is: 1F1B has its bubble and holds at most pp micro-batches' activations where AFAB holds all m (Narayanan et al. 2021 §2.2.1). */
const AFAB = "schedule: 1f1b for its afab pipeline engine (the same bubble; AFAB's extra activation memory is not modelled)";

/**
 * Each framework: its defaults as its source (`source`, for the reader: the hint names the switches, not the files) sets
 * them, and the switches that write them over megatron-core's (stack.ts STACKS['megatron-core'].defaults: cuDNN attention,
 * tensor-parallel communication overlap, sequence parallelism with tp), or over `stack`'s where another profile is nearer.
 */
const FRAMEWORKS: Readonly<Record<string, { name: string; source: string; write: string; stack?: 'maxtext' }>> = {
  nanotron: {
    name: 'nanotron',
    source: 'huggingface/nanotron src/nanotron/config/parallelism_config.py @ 19f88fb ParallelismArgs: pp_engine afab, tp_mode all_reduce (reduce_scatter is sequence parallelism), tp_linear_async_communication false, recompute_layer false; config/config.py @ 00708b8 OptimizerArgs zero_stage; models/llama.py @ 03b83fc CoreAttention: flash_attn_varlen_func (FlashAttention-2)',
    write: `zero_stage as its optimizer.zero_stage, sequence_parallel: false (true for tp_mode reduce_scatter), tp_comm_overlap: false, attention_kernel: fa2, recompute: none (full for recompute_layer: true) and ${AFAB}`,
  },
  picotron: {
    name: 'picotron',
    source: 'huggingface/picotron train.py @ 12e81c3: torch.optim.AdamW on every rank (no sharding), pp_engine afab or 1f1b from the config; picotron/model.py: flash_attn_func (FlashAttention-2), context_parallel.ring_attention under context parallelism',
    write: `zero_stage: 0, attention_kernel: fa2, cp_comm_type: p2p (its ring attention), and schedule: 1f1b for pp_engine 1f1b, or ${AFAB}`,
  },
  // A JAX framework on XLA, as MaxText is: the maxtext profile (FSDP as XLA's sharding, fp32 parameters by default) is the
  // nearest, not megatron-core's kernels and overlaps (writable34: Levanter's config/llama2_7b.yaml on a v4-64).
  levanter: {
    name: 'Levanter',
    source: 'stanford-crfm/levanter src/levanter/trainer.py TrainerConfig: fsdp_axis "embed" (parameters sharded over the data axis), model_axis_size 1, mp jmp policy (configs write p=f32,c=bfloat16: config/llama2_7b.yaml @ 00e11cd, with fsdp_axis embed); src/levanter/models/llama.py @ 02be56f LlamaConfig: gradient_checkpointing True, use_flash_attention True',
    write: 'zero_stage: 3 (its fsdp_axis), tp: 1 (model_axis_size 1; tensor_parallel_axes shard over it), recompute: full (gradient_checkpointing true), the profile keeping fp32 parameters as mp p=f32 does',
    stack: 'maxtext',
  },
  colossalai: {
    name: 'ColossalAI',
    source: 'hpcaitech/ColossalAI colossalai/booster/plugin/hybrid_parallel_plugin.py @ 0094bc0 HybridParallelPlugin: zero_stage 0 (0 to 2; at most 1 with pipelining), enable_flash_attention False, enable_sequence_parallelism False, pp_style 1f1b (interleaved with num_model_chunks), precision fp16',
    write: 'zero_stage: 0, flash_attention: false (true with enable_flash_attention), sequence_parallel: false, schedule: 1f1b (interleaved with virtual_stages: num_model_chunks) and precision: fp16, each as its HybridParallelPlugin sets it; its GeminiPlugin and LowLevelZeroPlugin shard as their own arguments say',
  },
};

/** A framework's name as written: case, dashes, underscores and spaces left out (`Colossal-AI`, `colossal_ai`). */
const frameworkKey = (word: string) => word.trim().toLowerCase().replace(/[-_ ]/g, '');

/**
 * The hint for a value of `stack` that is not a stack id: a sharding by name (stackRules.ts shardingAsStackHint), or a
 * framework no profile models, with the stack and switches to write. `name`: how the caller names a field.
 */
export function stackValueHint(word: string, name: (f: 'stack' | 'zeroStage') => string = hintKey): string | undefined {
  const sharding = shardingAsStackHint(word, name);
  if (sharding !== undefined) return sharding;
  const k = frameworkKey(word);
  const f = Object.hasOwn(FRAMEWORKS, k) ? FRAMEWORKS[k]! : undefined;
  if (f === undefined) return undefined;
  const stack = name('stack');
  const id = f.stack ?? 'megatron-core';
  const set = stack.startsWith('--') ? `${stack} ${id}` : `${stack}: ${id}`;
  return `\`${shownName(word.trim())}\` has no stack profile here: write ${set} with ${f.name}'s defaults: ${f.write}`;
}

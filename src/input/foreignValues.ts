/**
 * Values other tools write for the ones flopcast's fields take, for the hint beside a value it does not know: a
 * precision by a framework's dtype name (`torch.bfloat16`), a ZeRO stage by name (`ZeRO-3`), a schedule by PyTorch
 * pipelining's class name, a stack by its framework, a dispatcher, a position encoding or an FFN by another name.
 * The keys' names are in foreignKeyTable.ts. Pure.
 */

import { shownName } from './name.js';
import { formatByExtension } from './outFormats.js';

/**
 * Precisions by a framework's dtype name: PyTorch's (`torch.bfloat16`, `torch.half`), JAX's and NumPy's (`bfloat16`,
 * `float32`), C's (`half`, `float`, `double`), and FP8's formats (OCP 8-bit floating point specification: E4M3, E5M2);
 * ZeRO stages by name (`ZeRO-3`, DeepSpeed's).
 */
const FOREIGN_VALUES: Record<string, string> = {
  bfloat16: 'bf16', float16: 'fp16', half: 'fp16', float32: 'fp32', float: 'fp32', single: 'fp32', float64: 'fp64', double: 'fp64',
  tensorfloat32: 'tf32', float8: 'fp8', float8_e4m3fn: 'fp8', float8_e5m2: 'fp8', e4m3: 'fp8', e5m2: 'fp8', hybrid: 'fp8',
  // ZeRO stages by name (Rajbhandari et al. 2020: stage 1 shards the optimizer states, 2 the gradients too, 3 the
  // parameters too), and PyTorch FSDP's FULL_SHARD, which shards all three (ZeRO-3).
  // PyTorch FSDP2's fully_shard, whose default reshard_after_forward=True frees the gathered parameters after the forward (ZeRO-3).
  'zero-0': '0', 'zero-1': '1', 'zero-2': '2', 'zero-3': '3', zero0: '0', zero1: '1', zero2: '2', zero3: '3', fsdp: '3', fsdp2: '3', full_shard: '3',
  // Schedules by PyTorch pipelining's class names (torch.distributed.pipelining: Schedule1F1B, ScheduleInterleaved1F1B,
  // ScheduleZBVZeroBubble, ScheduleDualPipeV), as TorchTitan's pipeline_parallel_schedule writes them without `Schedule`.
  interleaved1f1b: 'interleaved', zbvzerobubble: 'zb-v',
  // Stacks by their framework's name (perf/stackProfiles.ts: NeMo 2.0 runs Megatron-Core, `mcore` its short name;
  // llm-foundry trains on Composer; the deepspeed stack is Megatron-DeepSpeed's engine).
  nemo: 'megatron-core', mcore: 'megatron-core', composer: 'llm-foundry', 'megatron-deepspeed': 'deepspeed',
  // Megatron-LM has trained through Megatron-Core since 2023, and Megatron-Bridge (NeMo's successor) runs it too (README,
  // Your own runs: "write megatron-core for Megatron-LM, NeMo or Megatron-Bridge runs"); `megatron-lm` was offered
  // `megatron-lm-2021`, the 2021-2022 papers' version, by its spelling (newuser32). AMD's Primus trains through a
  // Megatron-LM or a TorchTitan backend (rocm.blogs.amd.com, ROCm7-MI355X-training-performance, 2025-12-02: "Primus now
  // supports both TorchTitan and Megatron-LM backends").
  'megatron-lm': 'megatron-core', megatron_lm: 'megatron-core', megatronlm: 'megatron-core',
  'megatron-bridge': 'megatron-core', megatron_bridge: 'megatron-core', primus: 'megatron-core',
  // Megatron-Core's flex token dispatcher and its HybridEP backend: hierarchical dispatchers, as DeepEP (README, MoE routing).
  flex: 'deepep', hybridep: 'deepep',
  // Position encodings by the name most papers and configs use (RoPE: Su et al. 2021, rotary position embedding).
  rope: 'rotary',
  // An FFN by its activation (transformers' hidden_act: silu in LlamaMLP, a gated unit) or its gated kind (Shazeer 2020,
  // GLU variants: GeGLU); attention by its key/value sharing (model/schema.ts: mha covers MHA, GQA and MQA).
  silu: 'swiglu', swish: 'swiglu', geglu: 'swiglu', gqa: 'mha', mqa: 'mha',
  // run --sort's keys by what a budget owner calls them (newuser35 F2: `--sort price` was "expected one of cost, time,
  // energy; hint: run with --help"): the price is per GPU-hour, the cost the run's total (report/runs.ts sorts by it).
  price: 'cost', usd: 'cost', dollars: 'cost', money: 'cost', budget: 'cost',
  days: 'time', duration: 'time', 'wall-clock': 'time', wallclock: 'time', deadline: 'time', speed: 'time',
  kwh: 'energy', mwh: 'energy', power: 'energy',
};

/**
 * What another tool's name stands for: FOREIGN_VALUES', or a format by the file extension --out reads it from
 * (outFormats.ts: `run --format md` was "expected one of table, json, csv, markdown" with no hint, newuser35).
 */
const foreignOf = (k: string): string | undefined => (Object.hasOwn(FOREIGN_VALUES, k) ? FOREIGN_VALUES[k] : formatByExtension(k));

const SWIGLU_ACTIVATION = "the activation of SwiGLU, a gated unit: Llama's; gelu is a two-matrix MLP";

/** What differs, where a name is not simply another spelling. */
const FOREIGN_VALUE_NOTES: Readonly<Record<string, string>> = {
  silu: SWIGLU_ACTIVATION,
  swish: SWIGLU_ACTIVATION,
  geglu: 'swiglu counts any gated unit, GeGLU too',
  gqa: 'mha covers grouped-query attention: give kv_heads, fewer than heads',
  mqa: 'multi-query attention is mha with kv_heads: 1',
  'megatron-lm': 'Megatron-LM since 2023 trains through Megatron-Core; megatron-lm-2021 is the version of the 2021-2022 papers',
  megatron_lm: 'Megatron-LM since 2023 trains through Megatron-Core; megatron-lm-2021 is the version of the 2021-2022 papers',
  megatronlm: 'Megatron-LM since 2023 trains through Megatron-Core; megatron-lm-2021 is the version of the 2021-2022 papers',
  primus: "Primus's Megatron-LM backend; its TorchTitan backend is torchtitan",
  price: "the run's total cost, its GPU-hours at the price with energy and fixed costs",
};

/**
 * Values another tool takes that no flopcast value models, each with what it is and what to write instead: told where
 * the value is refused, in place of a near spelling (`int8` was "expected one of `bf16`, …" with no hint; MaxText's
 * v5p GPT-3 175B launch configs write quantization=int8, configs/v5p/gpt3_175b/gpt3_175b_base.sh @ d32d207, AQT's int8
 * training). "fp8 rate is its int8 rate": NVIDIA's H100 datasheet gives FP8 and INT8 alike (3,958 TFLOPS / TOPS with
 * sparsity, 1,979 dense), the HGX B200 datasheet alike (72 PFLOPS / POPS with sparsity for 8 GPUs). Keyed by the values of the field they stand in for (`bf16`: a precision), so another field's `int8` is not
 * told of GEMMs. No hardware profile gives an int8 peak (hardware schema peak_tflops), so no GEMM is timed at one.
 */
const UNMODELLED_VALUES: Readonly<Record<string, { among: string; note: string }>> = {
  int8: { among: 'bf16', note: "int8 GEMMs (MaxText's quantization: int8, AQT) are not modelled: no hardware profile gives an int8 peak to time them at. Write bf16 for the run without them, or fp8 on a GPU whose fp8 rate is its int8 rate (H100, B200)" },
  int4: { among: 'bf16', note: 'int4 GEMMs are not modelled: no hardware profile gives an int4 peak to time them at. Write bf16 for the run without them, or fp4 (NVFP4) on Blackwell' },
};

/** The hint for a value another tool takes that no value of `values` models (`int8` where a precision goes); undefined where there is none. */
function unmodelledValueHint(word: string, values: readonly string[]): string | undefined {
  const k = word.trim().toLowerCase();
  const u = Object.hasOwn(UNMODELLED_VALUES, k) ? UNMODELLED_VALUES[k]! : undefined;
  return u !== undefined && values.includes(u.among) ? u.note : undefined;
}

/** What another tool's name (`ZeRO-3`, `fsdp`, `nemo`) is written in flopcast's words, whatever field it was written in; undefined where the table has none. */
export function foreignValue(word: string): string | undefined {
  return foreignOf(word.trim().toLowerCase());
}

/**
 * The hint for a value another tool names one of `values` by (`bfloat16`: `bf16`, `ZeRO-3`: `3`), or takes where none of
 * them models it (`int8`: UNMODELLED_VALUES); asked before a near spelling, which may be another thing (`rope`: `none`).
 */
export function foreignValueHint(word: string, values: readonly string[]): string | undefined {
  const k = word.trim().toLowerCase().replace(/^(torch|jnp|np|numpy|jax\.numpy)\./, '').replace(/^schedule(?=\w)/, '');
  // The table's names, or one of `values` once a framework's prefix is taken off (`Schedule1F1B`); not a mere case
  // change (`BF16`), which a near spelling tells.
  const ours = foreignOf(k) ?? (values.includes(k) && k !== word.trim().toLowerCase() ? k : undefined);
  const note = Object.hasOwn(FOREIGN_VALUE_NOTES, k) ? ` (${FOREIGN_VALUE_NOTES[k]})` : '';
  return ours !== undefined && values.includes(ours) ? `\`${shownName(word)}\` is written \`${ours}\` here${note}` : unmodelledValueHint(k, values);
}

/**
 * The value a switch stands for where a field takes a choice, by the field: another tool's switch (`qk_layernorm: True`,
 * Megatron-Core's TransformerConfig; `activation_checkpointing: true`, llm-foundry's fsdp_config) written where flopcast
 * names the kind. `qk_norm: true` was "expected one of `none`, `head`, `full`, found true" with no hint (writable34:
 * torchtitan's Qwen3 32B toml, whose model normalises q and k per head).
 */
const SWITCH_CHOICES: Readonly<Record<string, { true: string; false: string; note?: string }>> = {
  // params.ts: head is a norm of d_head channels on q and on k (transformers Qwen3Attention q_norm/k_norm of head_dim,
  // Megatron-Core's qk_layernorm); full a norm of the whole q and k projections (transformers Olmo2Attention q_norm of
  // num_heads × head_dim).
  qk_norm: { true: 'head', false: 'none', note: "a norm of each head's d_head channels of q and k, as Qwen3, Gemma 3 and Megatron-Core's qk_layernorm; full normalises the whole q and k projections, as OLMo 2" },
  recompute: { true: 'full', false: 'none', note: 'every layer recomputed, as activation checkpointing switched on does' },
};

/** The hint for a switch (`true`) written where `field` takes one of `values`: the value it stands for (`false` is `none` where that is a value); undefined where none is known. */
export function switchAsChoiceHint(field: string | undefined, found: boolean, values: readonly string[]): string | undefined {
  const c = field !== undefined && Object.hasOwn(SWITCH_CHOICES, field) ? SWITCH_CHOICES[field]! : undefined;
  const ours = c?.[found ? 'true' : 'false'] ?? (!found && values.includes('none') ? 'none' : undefined);
  return ours !== undefined && values.includes(ours) ? `a choice goes here, not a switch: \`${String(found)}\` is \`${ours}\`${found && c?.note ? ` (${c.note})` : ''}` : undefined;
}

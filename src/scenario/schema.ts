/**
 * The scenario file: a model, a training budget, a cluster, prices, energy, overheads,
 * constraints, and an optional matrix of alternatives. `flopcast schema` prints this as JSON
 * Schema for editors; the same schema validates the bundled examples in scenarios/. The pricing block's
 * schema and its rules are in pricingSchema.ts.
 */
import { z } from 'zod';
import { ATTENTION_CONVENTIONS, RECOMPUTE_MODES } from '../flops/conventions.js';
import { RECOMPUTE_MODULE_NAMES } from '../flops/recomputeModules.js';
import { PRECISIONS } from '../hardware/schema.js';
import { ModelSchema } from '../model/schema.js';
import { PIPELINE_SCHEDULES, placesInV } from '../perf/layout.js';
import { ATTENTION_KERNELS } from '../perf/machine.js';
import { CP_COMM_TYPES } from '../perf/cpComm.js';
import { capacityFactorProblem, MOE_BALANCES, MOE_DISPATCHERS } from '../perf/moeCost.js';
import { GRADIENT_DTYPES, MASTER_WEIGHT_DTYPES, MOMENT_DTYPES, WEIGHT_DTYPES } from '../perf/modelState.js';
import { FP8_RECIPES } from '../perf/quantisation.js';
import { STACK_IDS } from '../perf/stack.js';
import { LAYOUT_STACKS } from '../perf/stackProfiles.js';
import { stackValueHint } from '../perf/stackFrameworks.js';
import { isMissing, missingHint, valueHint } from '../input/errorMaps.js';
import { listed } from '../input/listed.js';
import { LIMITS } from '../input/limits.js';
import { bandwidth, batchSequences, carbonIntensity, dollars, fraction, gpuCount, kwhPrice, parallelDegree, linkLatency, positive, positiveCount, positiveInt, pue, ranged, rate, sequenceLength, utilisation, value } from './values.js';
import { nameText } from '../input/name.js';
import { inlineModelJsonSchema } from './model.js';
import { DocumentsSchema } from './documents.js';
import { givenGoodputProblem } from '../estimate/goodput.js';
import { OFFLOAD_STACK_RULE, OffloadSchema } from './offloadSchema.js';
import { PricingSchema } from './pricingSchema.js';
import { CAPACITY_PADDING_RULE, CP_COMM_RULE, CP_SIZES_RULE, DISPATCHER_STACK_RULE, EP_OVERLAP_STACK_RULE, FP8_PARAM_GATHER_RULE, FP8_RECIPE_RULE, RECOMPUTE_EVERY_LAYERS_RULE, RECOMPUTE_EVERY_RULE, RECOMPUTE_MODULES_RULE } from './trainingRules.js';

/** The US grid average, 823.1 lb CO2/MWh = 0.373 kg/kWh (EPA eGRID2022 summary tables): energy.kg_co2_per_kwh's default. */
export const DEFAULT_KG_CO2_PER_KWH = 0.373;

/** What training.precision takes (the page's menu offers these, not every profile's peak: fp64 and fp4 train nothing here). */
export const TRAINING_PRECISIONS = ['bf16', 'fp16', 'fp8', 'tf32', 'fp32'] as const satisfies readonly (typeof PRECISIONS)[number][];
/** GEMMs may also run in fp4 (NVFP4 recipes on Blackwell); the stated precision, MFU's denominator, stays one of the above. */
const GEMM_PRECISIONS = [...TRAINING_PRECISIONS, 'fp4'] as const satisfies readonly (typeof PRECISIONS)[number][];

export const TrainingSchema = z
  .strictObject({
    tokens: positiveCount('Training tokens.').optional(),
    tokens_per_param: positive('number', 'Tokens per parameter, e.g. 20 for Chinchilla-optimal (Hoffmann et al. 2022); for an MoE, per active parameter (the N of its 6ND, as budget --model counts it).').optional(),
    seq_len: sequenceLength('Sequence length; default the model\'s.').optional(),
    global_batch: z
      .union([batchSequences('Sequences per step.'), z.strictObject({ sequences: positiveInt() }), z.strictObject({ tokens: positive('count') })])
      .optional()
      .meta({ description: 'Global batch: a number of sequences, or {sequences: 1536} / {tokens: 4194304} (tokens are planned as whole sequences, with a warning where they are not).' }),
    precision: z.enum(TRAINING_PRECISIONS).default('bf16').meta({ description: 'Selects the dense peak of the GPU profile (MFU is relative to it).' }),
    gemm_precision: z.enum(GEMM_PRECISIONS).optional().meta({ description: 'Precision the matrix products run in, when it differs (DeepSeek-V3: fp8 GEMMs, MFU against the bf16 peak; NVFP4 recipes: fp4). Used by the performance model.' }),
    fp8_recipe: z.enum(FP8_RECIPES).optional().meta({
      description: 'How FP8 GEMM operands are scaled, by Megatron-Core\'s --fp8-recipe names: delayed (Transformer Engine DelayedScaling, from an amax history), tensorwise (current scaling, NVIDIA\'s "FP8-CS", torchao float8 tensorwise: each tensor\'s amax is read in a pass of its own before the cast), mxfp8 ("FP8-MX": a scale per 32 elements, Blackwell) or blockwise (1×128 / 128×128 blocks, DeepSeek-V3). Sets the memory traffic of quantising activations and gradients (src/perf/quantisation.ts). Needs gemm_precision: fp8. Default: the stack\'s (megatron-core: delayed, Megatron-LM\'s default; torchtitan: tensorwise). Used by the performance model.',
    }),
    fp8_param_gather: z.boolean().optional().meta({
      description: 'Whether the transformer layers\' weights are kept and gathered in FP8 (Megatron-Core --fp8-param-gather with Transformer Engine FP8 parameters; torchao float8 FSDP all-gather): the data-parallel all-gather of the distributed optimizer or ZeRO-3 moves 1 byte per layer weight instead of 2, and 16-bit stored weights become 1 byte (the fp32 master copy stays). The embedding and output head stay 16-bit. Needs gemm_precision: fp8. Default false. Used by the memory and performance models.',
    }),
    moe_max_nodes: positiveInt('Node-limited routing: each token is sent to at most this many nodes (DeepSeek-V3: 4). Used by the performance model.').optional(),
    moe_balance: z.enum(MOE_BALANCES).optional().meta({
      description: 'MoE routing balance: dropless (default: the slowest expert-parallel rank gets 1.1× the mean load, a documented default) or forced (force-balanced routing as in benchmark configs, Megatron --moe-router-force-load-balancing). Used by the performance model.',
    }),
    moe_dispatcher: z.enum(MOE_DISPATCHERS).optional().meta({
      description: 'How tokens reach their experts: alltoall (a flat all-to-all, every routed copy sent to its expert\'s rank) or deepep (hierarchical: once over the scale-out network to each node holding one of the token\'s experts, then over NVLink; DeepSeek-V3 §3.2.2, DeepEP, Megatron-Core flex dispatcher with DeepEP/HybridEP). Default: the stack\'s (hai-llm: deepep; the others alltoall); deepep is refused under stack zero-bubble, whose fork has no flex dispatcher. Used by the performance model.',
    }),
    moe_capacity_factor: positive('number', 'MoE expert capacity factor (Megatron --moe-expert-capacity-factor), at least 1: tokens beyond capacity × the balanced count are dropped. Used by the performance model.')
      .superRefine((f, ctx) => { const problem = capacityFactorProblem(f); if (problem) ctx.addIssue({ code: 'custom', message: problem }); }).optional(),
    model_state: z
      .strictObject({
        weights: z.enum(WEIGHT_DTYPES).optional().meta({ description: 'The weights as stored: bf16 (a 16-bit copy beside fp32 master weights, Megatron) or fp32 (the fp32 weights are the only copy, cast for each GEMM: PyTorch FSDP mixed precision, MaxText weight_dtype float32). Default: the precision\'s (bf16; fp32 for fp32 training).' }),
        master_weights: z.enum(MASTER_WEIGHT_DTYPES).optional().meta({ description: 'fp32 master weights, or none where the stored weights are the only copy (MaxText weight_dtype bfloat16). Default: fp32 beside 16-bit weights, none beside fp32 weights.' }),
        gradients: z.enum(GRADIENT_DTYPES).optional().meta({ description: 'The gradient buffer and what the data-parallel reduction moves: fp32 main gradients (Megatron, default for bf16) or bf16 (Megatron --main-grads-dtype bf16; JAX, where gradients take the weights\' dtype).' }),
        moments: z.enum(MOMENT_DTYPES).optional().meta({ description: 'Adam\'s first and second moments: fp32 (default) or bf16 (DeepSeek-V3 §3.3.3; Megatron --exp-avg-dtype/--exp-avg-sq-dtype bf16).' }),
      })
      .optional()
      .meta({ description: 'What the run keeps per parameter (model states), where it differs from the precision\'s defaults (Megatron mixed precision: bf16 weights, fp32 gradients, fp32 master weights and Adam moments, 18 bytes). Used by the memory model, and by the step model for the gradient reduction.' }),
    moe_capacity_padding: z.boolean().optional().meta({
      description: 'Whether every expert runs its full capacity, padded with empty rows (Megatron --moe-pad-expert-input-to-capacity; MaxText dense_matmul with capacity_factor > 0): each expert then computes and exchanges moe_capacity_factor × the balanced tokens whatever the routing. Needs moe_capacity_factor. Default false. Used by the performance model.',
    }),
    overlap_grad_reduce: z.boolean().optional().meta({
      description: 'Whether the data-parallel gradient reduction runs under the backward pass (default true: Megatron-Core --overlap-grad-reduce, PyTorch DDP/FSDP). false for stacks that reduce after the pipeline flush (Megatron-LM 2021, DeepSpeed\'s pipeline engine). Used by the performance model.',
    }),
    tp_comm_overlap: z.boolean().optional().meta({
      description: 'Whether the tensor-parallel all-gathers and reduce-scatters run under the GEMMs they feed (Megatron-Core --tp-comm-overlap, Transformer Engine userbuffers; needs sequence parallelism). Default: the stack\'s (megatron-core: on, as in NVIDIA\'s performance recipes). Used by the performance model.',
    }),
    ep_comm_overlap: z.boolean().optional().meta({
      description: 'Whether the MoE dispatch/combine all-to-alls of one micro-batch run under another micro-batch\'s computation (Megatron-Core --overlap-moe-expert-parallel-comm, "combined 1F1B"; needs ep > 1, and the interleaved schedule when pp > 1). Default: the stack\'s (off). Used by the performance model.',
    }),
    cuda_graphs: z.boolean().optional().meta({
      description: 'Whether the layers are captured in CUDA graphs and replayed (Megatron-Core --cuda-graph-impl transformer_engine/local/full_iteration) rather than issued kernel by kernel from Python. false: the host\'s issue time (a measured 35 µs per eager kernel, 10.6 µs per per-expert GEMM launch; src/perf/hostIssue.ts) bounds each micro-batch, and a dropless MoE layer\'s device-to-host sync keeps the host from running ahead. true: no issue time for the parts of static shape; a dropless MoE layer\'s dispatch, experts and combine stay eager (only padding to capacity makes them static). Default: the stack\'s (false; MaxText compiles the whole step and has no issue time either way). Used by the performance model.',
    }),
    grad_accumulation_fusion: z.boolean().optional().meta({
      description: 'Whether the weight-gradient GEMM accumulates into the gradient buffer (default true: Megatron --gradient-accumulation-fusion). false charges a read-modify-write of every gradient per micro-batch (Megatron-LM 2021, DeepSpeed). Used by the performance model.',
    }),
    offload: OffloadSchema.optional(),
    // A sharding named as a stack (`fsdp`, `deepspeed-zero3`) is told how to write it: the hint after ' | ' (validate.ts).
    stack: z.enum(STACK_IDS, { error: valueHint(stackValueHint) }).optional().meta({
      description: 'Training stack (default megatron-core): cited defaults for overlap_grad_reduce, grad_accumulation_fusion, flash_attention and sequence parallelism, and the layouts it can run (ZeRO stages, ZeRO with pipelining, schedules, shard groups, MoE parallel folding). Explicit fields override its defaults. See `flopcast plan --help`.',
    }),
    flash_attention: z.boolean().optional().meta({ description: 'FlashAttention-style fused attention (default: the stack\'s; false for megatron-lm-2021). Used by the performance model.' }),
    attention_kernel: z.enum(ATTENTION_KERNELS).optional().meta({ description: 'The fused-attention kernel: cudnn (cuDNN fused attention or FlashAttention-3, the board\'s best) or fa2 (FlashAttention-2, as PyTorch SDPA and the flash-attn package run it; slower on Hopper) or fa1 (the kernels before FlashAttention-2: FlashAttention v1, 2022-23 Triton FlashAttention; half the fa2 rate). Default: the stack\'s. Used by the performance model.' }),
    mtp_layers: value('count', 'Multi-token-prediction modules the run trains (Megatron-Core --mtp-num-layers, Megatron-Bridge mtp_num_layers: DeepSeek-V3 and GLM-4.5 recipes train 1), each built like the model\'s last layer (model field mtp). Replaces the model\'s own depth, so a preset or a config.json (whose num_nextn_predict_layers the import does not count) trains the modules its recipe does; 0 trains none. Default: the model\'s.', { integer: true })
      .pipe(z.number().int().nonnegative()).optional(),
    // Optional, not defaulted: a written `none` is the run's (the FLOP count's and the layout's), as a validation row's is; left
    // out, the run recomputes nothing unless utilization: auto's planner chooses to (perf/plan.ts searches it).
    recompute: z.enum(RECOMPUTE_MODES as ['none', 'selective', 'full']).optional().meta({
      description: 'Activation recomputation: none, selective (the attention core, or recompute_modules) or full. Default none; with utilization: auto and recompute left out, the planner chooses it with the layout (a value written is kept).',
    }),
    recompute_modules: z.array(z.enum(RECOMPUTE_MODULE_NAMES)).min(1).optional().meta({
      description: 'With recompute: selective, the modules whose forward is rerun in the backward pass instead of keeping their activations (Megatron-Core TransformerConfig.recompute_modules, as Megatron-Bridge recipes set it): core_attn (the attention core), moe_act (the routed experts\' activation), layernorm (the norms that are their own module: before MLA\'s down-projections and before an MoE layer), mla_up_proj (MLA\'s up-projections and RoPE), mlp (a dense layer\'s MLP), moe (an MoE layer whole: router, experts, shared experts and its all-to-alls), shared_experts (an MoE layer\'s shared experts). Under stack: olmo-core, OLMo-core\'s selected_modules instead: attention (the attention module whole), feed_forward (a dense block\'s FFN). Under stack: torchtitan, op: TorchTitan\'s selective_ac_option op (a dense block keeps its attention kernel\'s output and every second matrix product\'s, and reruns the rest). Default: [core_attn], Megatron-Core\'s. Used by the FLOP count and the performance model.',
    }),
    recompute_layers: positiveInt('With recompute: full, the layers of each pipeline chunk whose activations are recomputed; the others keep theirs (Megatron-Core --recompute-method block --recompute-num-layers). Default: every layer; with recompute left free the planner searches it.').optional(),
    recompute_every: positiveInt('With recompute: full and stack: torchtitan, every N-th block of a rank recomputed whole, counted from its first across its pipeline chunks: ⌊its blocks ÷ N⌋ of them (TorchTitan activation_checkpoint.mode selective with selective_ac_option N; 1 is every block). Needs the layout\'s pp (and virtual_stages under pipelining). Instead of recompute_layers.').optional(),
    attention: z.enum(ATTENTION_CONVENTIONS as ['full', 'causal']).default('full'),
    documents: DocumentsSchema.optional(),
  }, { error: missingHint('the run\'s tokens and batch, e.g. training: {tokens: 15T, global_batch: 1024}') })
  .refine((t) => (t.tokens === undefined) !== (t.tokens_per_param === undefined), {
    message: 'give exactly one of tokens and tokens_per_param | e.g. tokens: 300B, or tokens_per_param: 20',
  })
  .refine(...CAPACITY_PADDING_RULE)
  .refine(...FP8_RECIPE_RULE)
  .refine(...FP8_PARAM_GATHER_RULE)
  .refine(...RECOMPUTE_MODULES_RULE)
  .refine(...RECOMPUTE_EVERY_RULE)
  .refine(...RECOMPUTE_EVERY_LAYERS_RULE)
  .refine(...EP_OVERLAP_STACK_RULE).refine(...DISPATCHER_STACK_RULE).refine(...OFFLOAD_STACK_RULE);

/** The training keys the stack rules above refuse (a switch or an offload the stack lacks): one combination's in a matrix or options over them (resolve.ts). */
export const STACK_RULE_KEYS: readonly string[] = [EP_OVERLAP_STACK_RULE, DISPATCHER_STACK_RULE, OFFLOAD_STACK_RULE].map(([, o]) => `training.${o.path.join('.')}`);

const linkFields = {
  bandwidth_gbps: bandwidth('GB/s', 'GB/s per GPU, one direction.').optional(),
  bandwidth_gbit_s: bandwidth('Gb/s', 'Gb/s per GPU, one direction.').optional(),
  latency_us: linkLatency('Small-message latency in microseconds (µs), one way.').optional(),
};
const oneBandwidth = { message: 'give the bandwidth once: bandwidth_gbps (GB/s) or bandwidth_gbit_s (Gb/s)' };
const ScaleUpLink = z.strictObject({ domain_size: positiveInt('Accelerators in one scale-up domain.').optional(), ...linkFields })
  .refine((l) => l.bandwidth_gbps === undefined || l.bandwidth_gbit_s === undefined, oneBandwidth);
const ScaleOutLink = z.strictObject(linkFields).refine((l) => l.bandwidth_gbps === undefined || l.bandwidth_gbit_s === undefined, oneBandwidth);

export const ParallelismSchema = z.strictObject({
  tp: parallelDegree().optional(),
  pp: parallelDegree().optional(),
  dp: parallelDegree().optional(),
  cp: parallelDegree().optional(),
  ep: parallelDegree().optional(),
  etp: parallelDegree('Expert tensor-parallel size (Megatron-Core --expert-tensor-parallel-size; default tp). ep·etp must divide tp·cp·dp (MoE parallel folding).').optional(),
  shard_group: parallelDegree('ZeRO/FSDP shard group (HSDP, MiCS): model states sharded over this many data-parallel ranks and replicated across dp·cp/shard_group groups (default dp·cp).').optional(),
  micro_batch: positiveInt().optional(),
  schedule: z.enum(PIPELINE_SCHEDULES).optional().meta({ description: 'interleaved: Megatron\'s interleaved 1F1B (virtual_stages chunks a rank); dualpipe: DeepSeek-V3\'s bidirectional schedule (needs even pp, overlaps the expert all-to-all); zb-1p, zb-2p, zb-v: the zero-bubble schedules (Qi et al. 2024; weight gradients placed in the bubble; zb-2p holds up to 2·pp − 1 micro-batches, zb-v two chunks a rank); v-min, v-half: the V-Shape schedules of Pipeline Parallelism with Controllable Memory (arXiv:2405.15362; two chunks a rank as zb-v, about 1/3 and 1/2 of 1F1B\'s activations); dualpipev: DualPipeV, DualPipe cut in half into zb-v\'s V (two chunks a rank, one copy of the parameters, m ≥ 2·pp; overlaps the expert all-to-all).' }),
  virtual_stages: positiveInt().optional(),
  pipeline_layout: z.string().optional().meta({ description: `Megatron-Core's pipeline layout (--pipeline-model-parallel-layout), e.g. Et*4|(t*4|)*14tmL: E embedding, t decoder layer, m MTP layer, L loss, | between the pp × virtual_stages chunks (chunk i on rank i % pp; with schedule ${listed(PIPELINE_SCHEDULES.filter(placesInV), 'or')}, in their V: rank k holds chunks k and 2pp − 1 − k), x*n and (…)*n repeat, commas ignored. Needs pp; fixes virtual_stages; training.stack ${listed(LAYOUT_STACKS, 'or')}.` }),
  zero_stage: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
  sequence_parallel: z.boolean().optional(),
  cp_comm_type: z.enum(CP_COMM_TYPES).optional().meta({
    description: 'How the context-parallel ranks exchange the attention\'s inputs (Megatron-Core cp_comm_type, Transformer Engine): p2p (ring attention: K/V passed round the cp ranks under the attention core), all_gather (K/V all-gathered before the core, dK/dV reduce-scattered; not overlapped), a2a (DeepSpeed-Ulysses: all-to-alls of Q, K, V and the output between sequence and head shards; not overlapped; the heads and key/value heads of a tp rank must divide by cp) or a2a+p2p (a2a inside groups, p2p across them: give hierarchical_context_parallel_sizes). Default: the stack\'s (p2p; all_gather under maxtext, whose context_parallel_strategy defaults to it). Kept, not searched, by the planner. Used by the performance model.',
  }),
  // ZeRO++ (Wang et al. 2023, arXiv:2306.10209), in DeepSpeed's zero_optimization names (perf/zeroPlusPlus.ts).
  zero_quantized_weights: z.boolean().optional().meta({ description: 'ZeRO++ qwZ (DeepSpeed zero_quantized_weights; Wang et al. 2023, arXiv:2306.10209 §3.1): ZeRO-3\'s weight all-gathers move int8 weights with one fp32 scale per block of 8,000 (half the 16-bit volume), plus the quantise/dequantise passes. Needs zero_stage 3 and training.stack: deepspeed (the default stack, megatron-core, has no ZeRO++). Kept, not searched, by the planner. Used by the performance model.' }),
  zero_hpz_partition_size: parallelDegree('ZeRO++ hpZ (DeepSpeed zero_hpz_partition_size; Wang et al. 2023 §3.2): a second copy of the 16-bit weights sharded over groups of this many data-parallel ranks inside a node (2Ψ/hpz bytes a rank more), so every gather after the step\'s first forward stays on the scale-up link. 1: off (DeepSpeed\'s tutorial sets the GPUs per node). Must divide the shard group and fit in one scale-up domain. Needs tp 1 (DeepSpeed builds the groups from consecutive ranks of the whole job), zero_stage 3 and training.stack: deepspeed. Kept, not searched.').optional(),
  zero_quantized_gradients: z.boolean().optional().meta({ description: 'ZeRO++ qgZ (DeepSpeed zero_quantized_gradients; Wang et al. 2023 §3.3): the gradient reduce-scatter becomes an int4 all-to-all inside each node, a reduction, and an int4 all-to-all across nodes (cross-node volume M → M/4). Needs tp 1 (DeepSpeed builds the all-to-all groups from consecutive ranks of the whole job), zero_stage 3 and training.stack: deepspeed. Kept, not searched.' }),
  hierarchical_context_parallel_sizes: z.array(positiveInt()).length(2).optional().meta({
    description: 'With cp_comm_type a2a+p2p: the [a2a, p2p] group sizes (Megatron-Core --hierarchical-context-parallel-sizes), whose product is cp; the a2a group is consecutive cp ranks (inside a scale-up domain where tp·a2a fits it).',
  }),
  // Megatron-Core's split of the layers over pipeline stages when no layout is given (perf/pipelineSplit.ts).
  account_for_embedding_in_pipeline_split: z.boolean().optional().meta({ description: 'Megatron-Core --account-for-embedding-in-pipeline-split: the embedding counts as a layer when the layers are split over pp × virtual_stages, so the first chunk holds one decoder layer fewer. Becomes the pipeline layout that places the same layers. Needs pp; not with pipeline_layout or the first/last stage sizes.' }),
  account_for_loss_in_pipeline_split: z.boolean().optional().meta({ description: 'Megatron-Core --account-for-loss-in-pipeline-split: the loss counts as a layer, so the last chunk holds one decoder layer fewer. Becomes a pipeline layout, as account_for_embedding_in_pipeline_split.' }),
  num_layers_in_first_pipeline_stage: positiveInt('Megatron-Core --num-layers-in-first-pipeline-stage: decoder layers of the first pipeline rank (split over its virtual stages); the ranks without a size given share the rest evenly. Becomes a pipeline layout. Needs pp.').optional(),
  num_layers_in_last_pipeline_stage: positiveInt('Megatron-Core --num-layers-in-last-pipeline-stage: decoder layers of the last pipeline rank, as num_layers_in_first_pipeline_stage.').optional(),
});

/** The throughput a cluster gives, of which it gives exactly one (`utilization: auto` predicts it). */
export const THROUGHPUT_FIGURES = ['utilization', 'achieved_tflops', 'tokens_per_second_per_gpu'] as const;

export const ClusterSchema = z
  .strictObject({
    gpu: z.string({ error: missingHint('a hardware profile id such as h100-sxm (flopcast hardware lists them)') }).min(1).meta({ description: 'Hardware profile id (`flopcast hardware`).' }),
    count: gpuCount('Number of GPUs.', undefined, (input) => (isMissing(input) ? 'the number of GPUs, e.g. count: 1024' : undefined)),
    utilization: z
      .union([z.literal('auto'), ranged(utilisation(), 'Model FLOPs utilisation (MFU): model FLOPs / (time × peak).')])
      .optional()
      .meta({ description: `MFU from ${LIMITS.minRate} to 1, or \`auto\` to predict it from the hardware.` }),
    achieved_tflops: ranged(rate('number'), 'Hardware TFLOP/s per GPU, recomputation included (as Megatron and BLOOM report).').optional(),
    tokens_per_second_per_gpu: ranged(rate('number', undefined, false, 'second'), 'Measured training throughput per GPU.').optional(),
    parallelism: ParallelismSchema.refine(...CP_COMM_RULE).refine(...CP_SIZES_RULE).optional(),
    network: z.strictObject({ scale_up: ScaleUpLink.optional(), scale_out: ScaleOutLink.optional() }).optional(),
    // At least LIMITS.minRate, as a rate is: a thousandth of the predicted throughput is a slip, not a cluster (1e-5 ran 1.9M days).
    throughput_scale: rate('number', 'Your measured ÷ predicted throughput on this cluster, as `flopcast validate YOUR-RUNS.yaml` fits it from runs you have measured: multiplies the predicted utilisation (utilization: auto), and the run is then your measurement\'s: no band from the model\'s record on its kind of run (a report\'s range of time and cost), even at 1. Leave it out for the model\'s own prediction and its band.', true).optional(),
  }, { error: missingHint('the GPUs and their throughput, e.g. cluster: {gpu: h100-sxm, count: 1024, utilization: 0.4}') })
  .refine((c) => THROUGHPUT_FIGURES.filter((k) => c[k] !== undefined).length === 1, {
    message: 'give exactly one of utilization, achieved_tflops and tokens_per_second_per_gpu | utilization: 0.4 is a common planning figure; `auto` predicts it',
  });

const EnergySchema = z.strictObject({
  pue: pue('Power usage effectiveness (facility / IT power).').default(1),
  usd_per_kwh: kwhPrice('Electricity price; leave 0 when the GPU price includes power (cloud).').default(0),
  kg_co2_per_kwh: carbonIntensity(`Grid carbon intensity (default ${DEFAULT_KG_CO2_PER_KWH}, the US average, EPA eGRID2022).`).default(DEFAULT_KG_CO2_PER_KWH),
  power_fraction: value('number', 'Average power per GPU as a fraction of its TDP; above 1 to include its share of the host (Patterson et al. 2021 report 330 W per 300 W V100).', { percent: true })
    .pipe(z.number().positive().max(3)) // a sanity bound (Patterson's host share is 1.1), not a source
    .default(1),
});

const OverheadsSchema = z
  .strictObject({
    goodput: ranged(fraction().superRefine((g, ctx) => { const problem = givenGoodputProblem(g); if (problem) ctx.addIssue({ code: 'custom', message: problem }); }), 'Fraction of wall-clock spent on useful steps.').optional(),
    checkpoint: z.strictObject({
      interval: z.union([z.literal('auto'), positive('duration')]).default('auto').meta({ description: 'Time between checkpoints, or auto (Young 1974: sqrt(2·cost·MTBF)).' }),
      cost: positive('duration', 'Time the job stalls to write one checkpoint.'),
    }).optional(),
    failures: z.strictObject({
      gpu_mtbf: positive('duration', 'Mean time between job-interrupting failures of ONE GPU\'s share of the cluster.'),
      restart: positive('duration', 'Time to detect, restart and reload after a failure.'),
    }).optional(),
  })
  .refine((o) => !(o.goodput !== undefined && (o.checkpoint || o.failures)), { message: 'give goodput, or its parts (checkpoint, failures), not both' });

const ConstraintsSchema = z.strictObject({
  deadline: positive('duration', 'Latest acceptable wall-clock.').optional(),
  budget: dollars('Most acceptable total cost in USD.').optional(),
});

/**
 * One of `options:` (src/scenario/options.ts merges it over the base). Its blocks are partial: the
 * merged scenario is what gets validated in full, so these schemas serve editors and key checks.
 */
const OptionSchema = z.strictObject({
  name: nameText().meta({ description: 'Labels the option in tables and reports (512 H100); unique in the file.' }),
  description: z.string().optional(),
  training: z.strictObject(TrainingSchema.shape).partial().optional(),
  cluster: z.strictObject(ClusterSchema.shape).partial().optional(),
  pricing: z.strictObject(PricingSchema.shape).partial().optional(),
  energy: EnergySchema.partial().optional(),
  overheads: z.strictObject(OverheadsSchema.shape).partial().optional(),
  constraints: ConstraintsSchema.optional(),
});

export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  name: nameText().optional(),
  description: z.string().optional(),
  model: z.union([z.string().min(1), ModelSchema]).meta({ description: 'A preset id, a path to a model YAML or Hugging Face config.json, or an inline model.' }),
  training: TrainingSchema,
  cluster: ClusterSchema,
  pricing: PricingSchema.optional(),
  energy: EnergySchema.prefault({}),
  overheads: OverheadsSchema.optional(),
  constraints: ConstraintsSchema.optional(),
  matrix: z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()])).min(1)).optional().meta({
    description: 'Lists of values for dotted keys (cluster.gpu: [h100-sxm, b200]); one run per combination (with options: per option and combination).',
    // At least one key (src/scenario/matrix.ts refuses `matrix: {}`, which varied nothing), for editors.
    minProperties: 1,
  }),
  options: z.array(OptionSchema).min(1).optional().meta({
    description: 'Named alternatives compared with each other: each overrides parts of training, cluster, pricing, energy, overheads and constraints (mappings merge key by key; lists and scalars replace).',
  }),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ScenarioFile = z.output<typeof ScenarioSchema>;

export function scenarioJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(ScenarioSchema, { target: 'draft-07', io: 'input', unrepresentable: 'any' });
  // The inline model's number fields take arithmetic (`d_ff: 4 * d_model`): src/scenario/model.ts says which.
  const model = (rest.properties as Record<string, { anyOf: { properties?: Record<string, unknown> }[] }>).model!;
  model.anyOf = model.anyOf.map((branch) => (branch.properties ? inlineModelJsonSchema(branch) : branch));
  return { $schema, title: 'flopcast scenario', description: 'A training run to estimate: model, tokens, cluster, prices. See README.md.', ...rest };
}

/**
 * The model file format (YAML, or inline in a scenario), validated with zod and turned into a
 * resolved {@link Architecture}. The same schema validates the bundled presets in `models/`.
 */
import { z } from 'zod';
import { FFN_KINDS, LAYER_TYPES, NORM_KINDS, POSITION_KINDS, QK_NORM_KINDS, moeLayersBelow, layerTypeCount, type Architecture, type BiasKind, type LayerType } from './architecture.js';
import { lineText, nameText } from '../input/name.js';
import { uncountableIssue } from './countable.js';
import { positionTableProblem } from '../flops/count.js';
import { HYBRID_UNSUPPORTED, hybridLayers, MambaSchema, patternProblems } from './hybrid.js';

const size = z.number().int().positive();
const count0 = z.number().int().nonnegative();

const MoeSchema = z.strictObject({
  experts: size.min(2).meta({ description: 'Routed experts per MoE layer.' }),
  top_k: size.meta({ description: 'Routed experts each token uses.' }),
  d_ff_expert: size.optional().meta({ description: 'Hidden width of one routed expert (default: d_ff).' }),
  shared_experts: count0.default(0).meta({ description: 'Always-on shared experts per MoE layer (DeepSeek, Qwen-MoE).' }),
  d_ff_shared: size.optional().meta({ description: 'Hidden width of one shared expert (default: d_ff_expert).' }),
  dense_layers: count0.default(0).meta({ description: 'The first dense_layers layers keep a dense FFN of width d_ff.' }),
  every: size.default(1).meta({ description: 'After the dense_layers, layer i (from 0) is MoE when i + 1 is a multiple of every, the others dense of width d_ff: 1, every layer; 2, every other layer from layer 1 (Llama 4 Maverick; transformers\' interleave_moe_layer_step).' }),
  router_bias: z.boolean().default(false).meta({ description: 'A learned per-expert routing bias, E parameters per MoE layer (DeepSeek-V3\'s e_score_correction_bias).' }),
  expert_bias: z.boolean().default(false).meta({ description: 'Biases on each routed expert\'s linears (GPT-OSS: gate_up_proj_bias and down_proj_bias), implied by bias: true. Counted in the parameters; the performance model counts the per-expert bias add Megatron-Core runs outside the grouped GEMM (src/perf/expertBias.ts).' }),
});

/**
 * Each multi-token-prediction module is one more block like the model's last: more of them than the model has blocks is
 * no recipe (and its count would overflow at the model, not at the depth). One rule for a model's own `mtp.depth` (it was
 * unbounded: 1,000,000 on 2 layers counted 41.6B parameters) and a run's mtp_layers (scenario/model.ts mtpTrained).
 */
export function mtpDepthProblem(depth: number, layers: number): string | undefined {
  return depth > layers ? `is more multi-token-prediction modules than the model has layers (${layers}): each is one more block like its last | DeepSeek-V3 and GLM-4.5 train 1` : undefined;
}

export const ModelSchema = z
  .strictObject({
    name: nameText().optional(),
    source: z.string().optional().meta({ description: 'Where the architecture figures come from.' }),
    notes: z.string().optional(),
    layers: size.meta({ description: 'Transformer blocks.' }),
    d_model: size.meta({ description: 'Hidden size.' }),
    heads: size.meta({ description: 'Query heads.' }),
    kv_heads: size.optional().meta({ description: 'Key/value heads (GQA; 1 = MQA). Default: heads.' }),
    d_head: size.optional().meta({ description: 'Per-head width. Default: d_model / heads.' }),
    d_ff: size.optional().meta({ description: 'FFN hidden width (for SwiGLU, the width of each of the gate and up projections).' }),
    ffn: z.enum(FFN_KINDS).default('gelu').meta({ description: 'gelu: 2 matrices; swiglu (any gated unit, GeGLU too): 3 matrices.' }),
    swiglu_limit: z.number().positive().optional().meta({ description: 'A clamped SwiGLU: the gate is clamped from above and the linear half on both sides at this value before the activation (transformers\' swiglu_limit; GPT-OSS: 7.0). Needs ffn: swiglu. No FLOPs or parameters; the performance model counts the clamp\'s element-wise passes (src/perf/gluClamp.ts).' }),
    vocab: size,
    seq_len: size.meta({ description: 'Training sequence length.' }),
    tied_embeddings: z.boolean().default(false),
    head_bias: z.boolean().default(false).meta({ description: 'A bias on the output head (lm_head), vocab parameters: GPT-J, phi-1.5 / phi-2 (transformers PhiForCausalLM, bias=True). Counted in the parameters; an element-wise add, no matrix FLOPs. Needs tied_embeddings: false.' }),
    norm: z.enum(NORM_KINDS).default('layernorm'),
    bias: z.union([z.boolean(), z.literal('qkv')]).default(false).meta({ description: 'Linear biases (src/model/params.ts). false: none. qkv: standard attention\'s q, k and v projections (Qwen2); with attention: mla, q_a_proj, kv_a_proj_with_mqa and o_proj, where DeepseekV3Attention\'s attention_bias puts them (never q_b_proj, kv_b_proj or a plain q_proj). true: every linear: those of qkv (standard attention\'s output projection too), the FFN\'s and the routed experts\' (implies moe.expert_bias).' }),
    position: z.enum(POSITION_KINDS).default('rotary').meta({ description: 'learned: a position table; rotary, alibi: no parameters; none: no position encoding (Nemotron-H\'s attention layers; the order comes from its Mamba-2 layers); relative: Transformer-XL relative attention (Gopher, Chinchilla), a d_model × heads·d_head projection W_R per layer and a second score product.' }),
    position_embeddings: size.optional().meta({ description: 'Rows of a learned position table, counted in the parameters (default: seq_len + position_offset).' }),
    position_offset: count0.optional().meta({ description: 'Rows of a learned position table that are not positions: counted in the parameters, not in the positions a sequence may use (OPT: 2, transformers\' OPTLearnedPositionalEmbedding offset; default 0). Needs position: learned.' }),
    parallel_block: z.boolean().default(false).meta({ description: 'PaLM-style block: attention and FFN read the same input.' }),
    block_norms: z.union([z.literal(1), z.literal(2), z.literal(4)]).optional().meta({ description: 'Norms per block (default 2, or 1 with parallel_block; 4 for Gemma 2/3: pre- and post-norms around attention and FFN).' }),
    qk_norm: z.enum(QK_NORM_KINDS).default('none').meta({ description: "A norm of the queries and keys before attention (src/model/params.ts): head normalises each head's d_head channels (Qwen3, Gemma 3; Megatron-Core's qk_layernorm), full the whole q and k projections (OLMo 2); none: no such norm. Counted in the parameters." }),
    attention_sinks: z.boolean().default(false).meta({ description: 'One learned attention-sink logit per head and layer (GPT-OSS: modeling_gpt_oss.py self_attn.sinks): heads parameters per layer, counted in the parameters; joined to each softmax, no matrix FLOPs.' }),
    embedding_norm: z.boolean().default(false).meta({ description: 'A norm right after the embedding (BLOOM).' }),
    moe: MoeSchema.optional(),
    mtp: z.strictObject({
      depth: size.meta({ description: 'Sequential multi-token-prediction modules (DeepSeek-V3 trains 1): each a 2·d_model→d_model projection of the normed hidden state and next-token embedding, one transformer block like the last layer, and the shared output head (arXiv:2412.19437 §2.2).' }),
    }).optional().meta({ description: 'Multi-token prediction (DeepSeek-V3 §2.2). Counted in parameters, training FLOPs and the last pipeline stage.' }),
    attention: z.enum(['mha', 'mla']).default('mha').meta({ description: 'mha covers MHA, GQA and MQA; mla is DeepSeek latent attention.' }),
    q_lora_rank: count0.optional(),
    kv_lora_rank: size.optional(),
    qk_rope_head_dim: size.optional(),
    qk_nope_head_dim: size.optional(),
    v_head_dim: size.optional(),
    sliding_window: size.optional().meta({ description: 'Sliding-window attention: keys each query attends to on the sliding layers, its own position included (Mistral 7B: 4096; Gemma 2: 4096).' }),
    attention_chunk_size: size.optional().meta({ description: 'Chunked local attention: on the chunked layers a query at position i attends to the keys from floor(i/C)·C to i, its own chunk of C tokens (Llama 4: 8192, transformers\' attention_chunk_size).' }),
    layer_types: z.array(z.enum(LAYER_TYPES as [LayerType, ...LayerType[]])).min(1).optional()
      .meta({ description: 'Which layers use sliding_window or attention_chunk_size, as transformers\' layer_types: the list is repeated over the layers from layer 0 ([sliding_attention, full_attention]: Gemma 2, GPT-OSS; five sliding then one full: Gemma 3; three chunked_attention then one full_attention: Llama 4). Default: every layer slides (with sliding_window) or is chunked (with attention_chunk_size).' }),
    assumptions: z.array(lineText()).optional().meta({ description: 'What an importer assumed or could not represent; printed with every result.' }),
    seq_len_from: z.string().optional().meta({ description: 'The config field seq_len was read from when the file records no training length; a warning names it unless the run gives its own seq_len.' }),
    layer_pattern: z.string().min(1).optional().meta({ description: 'A hybrid model, one character per layer as Megatron-Core\'s and transformers\' hybrid_override_pattern (Nemotron-H): M a Mamba-2 mixer, * attention, - an MLP (d_ff), E a MoE (moe:); each layer has its own pre-norm. Absent: every layer is attention + FFN. src/model/hybrid.ts.' }),
    mamba: MambaSchema.optional().meta({ description: 'The Mamba-2 mixer of the M layers (state-spaces/mamba mamba_ssm/modules/mamba2.py).' }),
  })
  .superRefine((m, ctx) => {
    let failed = false;
    const fail = (path: (string | number)[], message: string) => {
      failed = true;
      ctx.addIssue({ code: 'custom', path, message });
    };
    if (m.d_head === undefined && m.attention === 'mha' && m.d_model % m.heads !== 0) {
      fail(['heads'], `heads (${m.heads}) does not divide d_model (${m.d_model}) | set d_head explicitly, or pick a head count that divides d_model`);
    }
    const kv = m.kv_heads ?? m.heads;
    if (m.heads % kv !== 0) fail(['kv_heads'], `kv_heads (${kv}) does not divide heads (${m.heads}) | grouped-query attention needs heads to be a multiple of kv_heads`);
    if (m.moe) {
      if (m.moe.top_k > m.moe.experts) fail(['moe', 'top_k'], `top_k (${m.moe.top_k}) exceeds experts (${m.moe.experts})`);
      if (m.moe.dense_layers >= m.layers) fail(['moe', 'dense_layers'], `dense_layers (${m.moe.dense_layers}) leaves no MoE layer out of ${m.layers}`);
      else if (moeLayersBelow({ denseLayers: m.moe.dense_layers, every: m.moe.every }, m.layers) === 0) {
        const after = m.moe.dense_layers > 0 ? ` after the ${m.moe.dense_layers} dense_layers` : '';
        fail(['moe', 'every'], `every (${m.moe.every}) leaves no MoE layer out of ${m.layers}${after} | layer i is MoE when i ≥ dense_layers and i + 1 is a multiple of every: every needs a multiple from ${m.moe.dense_layers + 1} to ${m.layers} (${m.layers} itself is one)`);
      }
      if (m.moe.d_ff_expert === undefined && m.d_ff === undefined) fail(['moe', 'd_ff_expert'], 'required number is missing | give moe.d_ff_expert or d_ff');
      if (m.moe.dense_layers > 0 && m.d_ff === undefined) fail(['d_ff'], 'required number is missing | dense layers need d_ff');
      else if (m.moe.every > 1 && m.d_ff === undefined) fail(['d_ff'], `required number is missing | with moe.every ${m.moe.every} the layers between the MoE ones are dense and need d_ff, their hidden width`);
    } else if (m.d_ff === undefined && (m.layer_pattern === undefined || m.layer_pattern.includes('-'))) {
      fail(['d_ff'], 'required number is missing | the FFN hidden width, e.g. 4 * d_model for GPT-style models');
    }
    if (m.layer_pattern !== undefined) hybridProblems(m, fail);
    else if (m.mamba !== undefined) fail(['mamba'], 'mamba applies to the M layers of a layer_pattern | add layer_pattern, e.g. "M-M*-", or remove mamba');
    if (m.attention === 'mla' && m.position === 'relative') fail(['position'], 'position: relative (Transformer-XL) is not defined for attention: mla | use rotary, as DeepSeek does');
    if (m.attention === 'mla') {
      for (const k of ['kv_lora_rank', 'qk_rope_head_dim', 'qk_nope_head_dim', 'v_head_dim'] as const) {
        if (m[k] === undefined) fail([k], `required number is missing | attention: mla needs ${k}`);
      }
    } else {
      for (const k of ['q_lora_rank', 'kv_lora_rank', 'qk_rope_head_dim', 'qk_nope_head_dim', 'v_head_dim'] as const) {
        if (m[k] !== undefined) fail([k], `${k} only applies to attention: mla | add \`attention: mla\` or remove ${k}`);
      }
    }
    if (m.mtp !== undefined) {
      const deep = mtpDepthProblem(m.mtp.depth, m.layers);
      if (deep) fail(['mtp', 'depth'], `mtp.depth (${m.mtp.depth}) ${deep}`);
    }
    if (m.layer_types !== undefined) layerTypeProblems(m, fail);
    else if (m.sliding_window !== undefined && m.attention_chunk_size !== undefined) {
      fail(['attention_chunk_size'], 'sliding_window and attention_chunk_size without layer_types: which layers slide and which are chunked? | add layer_types, e.g. [sliding_attention, chunked_attention, full_attention]');
    }
    if (m.head_bias && m.tied_embeddings) fail(['head_bias'], 'head_bias on a tied head is not supported | the published models with an output-head bias (GPT-J, phi-2) untie it: set tied_embeddings: false, or remove head_bias');
    if (m.swiglu_limit !== undefined && m.ffn !== 'swiglu') fail(['swiglu_limit'], 'swiglu_limit clamps a gated unit | set ffn: swiglu, or remove swiglu_limit');
    for (const k of ['position_embeddings', 'position_offset'] as const) {
      if (m[k] !== undefined && m.position !== 'learned') fail([k], `${k} only applies to position: learned`);
    }
    if (m.position === 'learned') {
      const offset = m.position_offset ?? 0;
      if (m.position_embeddings !== undefined && offset >= m.position_embeddings) {
        fail(['position_offset'], `position_offset (${offset}) leaves no position in a table of ${m.position_embeddings} rows | the offset counts the rows that are not positions (OPT: 2)`);
      } else if (m.position_embeddings !== undefined) {
        const positions = positionTableProblem(m.position_embeddings, offset, m.seq_len);
        if (positions) fail(['position_embeddings'], positions);
      }
    }
    // Counted only once the rest holds: a model with another problem has no architecture to count.
    const uncountable = failed ? undefined : uncountableIssue(m, toArchitecture);
    if (uncountable) fail(uncountable.path, uncountable.message);
  });

type Fail = (path: (string | number)[], message: string) => void;

/** layer_types needs the size of each local kind it names, and no more entries than layers. */
function layerTypeProblems(m: { layers: number; layer_types?: readonly LayerType[] | undefined; sliding_window?: number | undefined; attention_chunk_size?: number | undefined }, fail: Fail): void {
  const types = m.layer_types!;
  const chunked = types.includes('chunked_attention');
  if (chunked && m.attention_chunk_size === undefined) fail(['layer_types'], 'chunked_attention layers need attention_chunk_size | give the chunk in tokens, e.g. attention_chunk_size: 8192 (Llama 4)');
  const sliding = types.includes('sliding_attention');
  if ((sliding || !chunked) && m.sliding_window === undefined) fail(['layer_types'], 'layer_types needs sliding_window | give the window in tokens, e.g. sliding_window: 4096');
  else if (types.length > m.layers) fail(['layer_types'], `${types.length} layer types for ${m.layers} layers | list one pattern (repeated over the layers) or one entry per layer`);
  // A size no listed layer uses would be read by nothing: the count would ignore it without a word.
  if (!sliding && m.sliding_window !== undefined) fail(['sliding_window'], 'no layer in layer_types is sliding_attention, so nothing uses sliding_window | mark the sliding layers sliding_attention, or remove sliding_window');
  if (!chunked && m.attention_chunk_size !== undefined) fail(['attention_chunk_size'], 'no layer in layer_types is chunked_attention, so nothing uses attention_chunk_size | mark the chunked layers chunked_attention, or remove attention_chunk_size');
}

/** The layer pattern's own rules (src/model/hybrid.ts), and what it needs of the rest of the file. */
function hybridProblems(m: ModelFileShape, fail: Fail): void {
  const p = m.layer_pattern!;
  for (const problem of patternProblems(p, m.layers)) fail(['layer_pattern'], problem);
  if (p.includes('M') && m.mamba === undefined) fail(['mamba'], 'required block is missing | M layers need mamba: {heads, groups, chunk_size} (state_size, head_dim and conv_kernel have defaults)');
  if (m.mamba && m.mamba.heads % m.mamba.groups !== 0) fail(['mamba', 'groups'], `groups (${m.mamba.groups}) does not divide heads (${m.mamba.heads}) | each group of B and C serves heads / groups heads (mamba2.py)`);
  if (p.includes('E') && m.moe === undefined) fail(['moe'], 'required block is missing | E layers need moe: {experts, top_k, d_ff_expert}');
  // Without moe the rule above asks for d_ff; with it, d_ff would otherwise fall back to the expert width.
  if (m.moe && p.includes('-') && m.d_ff === undefined) fail(['d_ff'], 'required number is missing | the - (MLP) layers need d_ff, their hidden width');
  if (m.moe !== undefined && !p.includes('E')) fail(['moe'], 'no E layer in layer_pattern uses moe | mark the MoE layers E, or remove moe');
  if (m.mamba !== undefined && !p.includes('M')) fail(['mamba'], 'no M layer in layer_pattern uses mamba | mark the Mamba-2 layers M, or remove mamba');
  if (m.moe && m.moe.dense_layers > 0) fail(['moe', 'dense_layers'], 'with layer_pattern the pattern says which layers are MoE (E) and which MLP (-) | remove dense_layers');
  if (m.moe && m.moe.every > 1) fail(['moe', 'every'], 'with layer_pattern the pattern says which layers are MoE (E) and which MLP (-) | remove every');
  if (m.attention === 'mla') fail(['attention'], 'attention: mla is not supported with layer_pattern | use mha');
  if (m.position === 'relative') fail(['position'], 'position: relative is not supported with layer_pattern | use rotary');
  for (const k of HYBRID_UNSUPPORTED) if (m[k] !== undefined && m[k] !== false) fail([k], `${k} is not supported with layer_pattern | each pattern character is one layer with one pre-norm; remove ${k}`);
}
type ModelFileShape = {
  layers: number; d_ff?: number | undefined; layer_pattern?: string | undefined; mamba?: z.output<typeof MambaSchema> | undefined; moe?: z.output<typeof MoeSchema> | undefined;
  attention: 'mha' | 'mla'; position: string; parallel_block: boolean; block_norms?: number | undefined; mtp?: unknown; sliding_window?: number | undefined; attention_chunk_size?: number | undefined; layer_types?: unknown;
};

export type ModelInput = z.input<typeof ModelSchema>;
/**
 * A Hugging Face config.json as data (`JSON.parse` of its text), which flops() and plan({ model }) take beside an inline
 * model: its own keys, typed only by the one every config.json has (the importer reads the architecture by it), so that an
 * object with neither shape (`{}`, `{ layrs: 2 }`) is a type error, as it was before config data was typed (review34).
 */
export type HfConfigInput = { model_type: string } & Record<string, unknown>;
export type ModelFile = z.output<typeof ModelSchema>;

/** Fills in defaults and converts to the counters' input. `fallbackName` names unnamed files. */
export function toArchitecture(m: ModelFile, fallbackName = 'model'): Architecture {
  const bias: BiasKind = m.bias === 'qkv' ? 'qkv' : m.bias ? 'all' : 'none';
  const moe = m.moe
    ? {
        experts: m.moe.experts,
        topK: m.moe.top_k,
        dFfExpert: m.moe.d_ff_expert ?? m.d_ff!,
        sharedExperts: m.moe.shared_experts,
        dFfShared: m.moe.d_ff_shared ?? m.moe.d_ff_expert ?? m.d_ff!,
        denseLayers: m.moe.dense_layers,
        every: m.moe.every,
        routerBias: m.moe.router_bias,
        expertBias: m.moe.expert_bias,
      }
    : null;
  const mla =
    m.attention === 'mla'
      ? {
          qLoraRank: m.q_lora_rank ?? 0,
          kvLoraRank: m.kv_lora_rank!,
          qkRopeHeadDim: m.qk_rope_head_dim!,
          qkNopeHeadDim: m.qk_nope_head_dim!,
          vHeadDim: m.v_head_dim!,
        }
      : null;
  return {
    name: m.name ?? fallbackName,
    layers: m.layers,
    dModel: m.d_model,
    heads: m.heads,
    kvHeads: m.kv_heads ?? m.heads,
    dHead: m.d_head ?? (mla ? mla.qkNopeHeadDim + mla.qkRopeHeadDim : m.d_model / m.heads),
    dFf: m.d_ff ?? moe?.dFfExpert ?? 0,
    ffn: m.ffn,
    vocab: m.vocab,
    seqLen: m.seq_len,
    tiedEmbeddings: m.tied_embeddings,
    ...(m.head_bias ? { headBias: true } : {}),
    norm: m.norm,
    bias,
    position: m.position,
    positionEmbeddings: m.position === 'learned' ? (m.position_embeddings ?? m.seq_len + (m.position_offset ?? 0)) : 0,
    positionOffset: m.position === 'learned' ? (m.position_offset ?? 0) : 0,
    parallelBlock: m.parallel_block,
    // A hybrid layer is one mixer behind one pre-norm (modeling_nemotron_h.py NemotronHBlock).
    blockNorms: m.layer_pattern !== undefined ? 1 : (m.block_norms ?? (m.parallel_block ? 1 : 2)),
    qkNorm: m.qk_norm,
    ...(m.attention_sinks ? { attentionSinks: true } : {}),
    embeddingNorm: m.embedding_norm,
    moe,
    mla,
    mtpDepth: m.mtp?.depth ?? 0,
    ...(m.layer_pattern !== undefined ? { hybrid: hybridLayers(m.layer_pattern, m.mamba) } : {}),
    ...(m.source ? { source: m.source } : {}),
    ...slidingWindowOf(m),
    ...chunkedAttentionOf(m),
    ...(m.swiglu_limit !== undefined ? { swigluLimit: m.swiglu_limit } : {}),
    ...(m.assumptions?.length ? { assumptions: m.assumptions } : {}),
    ...(m.seq_len_from ? { seqLenFrom: m.seq_len_from } : {}),
  };
}

/** `sliding_window` and `layer_types` -> {@link Architecture.slidingWindow}; nothing when no layer slides. */
function slidingWindowOf(m: ModelFile): Pick<Architecture, 'slidingWindow'> {
  if (m.sliding_window === undefined) return {};
  const pattern = m.layer_types ?? ['sliding_attention'];
  const layers = layerTypeCount(m.layers, pattern);
  return layers > 0 ? { slidingWindow: { window: m.sliding_window, layers, pattern } } : {};
}

/** `attention_chunk_size` and `layer_types` -> {@link Architecture.chunkedAttention}; nothing when no layer is chunked. */
function chunkedAttentionOf(m: ModelFile): Pick<Architecture, 'chunkedAttention'> {
  if (m.attention_chunk_size === undefined) return {};
  const pattern = m.layer_types ?? ['chunked_attention'];
  const layers = layerTypeCount(m.layers, pattern, 'chunked_attention');
  return layers > 0 ? { chunkedAttention: { chunk: m.attention_chunk_size, layers, pattern } } : {};
}

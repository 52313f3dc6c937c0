/**
 * Mixture-of-experts families: Mixtral, OLMoE, DBRX, Qwen2-MoE / Qwen3-MoE, GPT-OSS, DeepSeek-V2/V3 (which adds
 * multi-head latent attention; Kimi K2 is its DeepseekV3ForCausalLM) and GLM-4.5.
 */
import { fmt, llamaCore, slidingWindow, trainingSeqLen, type Body, type Builder } from './common.js';
import { moeLayerPlacement } from './moeLayers.js';
import type { HfConfig } from './read.js';
import { plain, type Keyed } from './keyed.js';
import { plural } from '../../report/format.js';

/** Mixtral: every layer is MoE, and intermediate_size is the width of one expert. */
export const mixtral: Builder = (c, notes) => {
  const body = llamaCore(c, notes, { tied: false });
  return { ...body, ...slidingWindow(c, notes, 'all'), moe: { experts: c.int('num_local_experts', 'num_experts'), top_k: c.int('num_experts_per_tok'), d_ff_expert: c.int('intermediate_size') } };
};

/**
 * OLMoE (transformers modular_olmoe.py): every layer is an OlmoeSparseMoeBlock of num_experts OlmoeMLPs of
 * intermediate_size (gated, no bias) behind a router without bias, no shared expert; OlmoeAttention adds an
 * RMSNorm over the whole q projection (q_norm, hidden_size wide) and the whole k projection (k_norm, the KV
 * width): qk_norm full, as OLMo 2. clip_qkv clamps q, k and v element-wise: no parameters, no matrix FLOPs.
 */
export const olmoe: Builder = (c, notes) => {
  const body = llamaCore(c, notes, { tied: false });
  return { ...body, qk_norm: 'full', moe: { experts: c.int('num_experts', 'num_local_experts'), top_k: c.int('num_experts_per_tok'), d_ff_expert: c.int('intermediate_size') } };
};

/**
 * DBRX (transformers src/transformers/models/dbrx/modular_dbrx.py): d_model, n_heads and n_layers, and the
 * nested attn_config (kv_n_heads) and ffn_config (ffn_hidden_size, moe_num_experts, moe_top_k); DbrxAttention's
 * fused Wqkv (d_model → d_model + 2·kv_n_heads·head_dim) and out_proj have no biases, heads of d_model / n_heads;
 * every block is a DbrxFFN: a router without bias and moe_num_experts GLU experts (w1, v1, w2) of ffn_hidden_size;
 * norm_1, norm_2 and norm_f are LayerNorms without a bias; clip_qkv clamps element-wise; DbrxConfig leaves the
 * head untied.
 */
export const dbrx: Builder = (c, notes) => {
  notes.push('norm_1, norm_2 and norm_f are LayerNorms without a bias: their weight, d per norm, is counted as an RMSNorm\'s (norm: rmsnorm), the same parameters.');
  return {
    layers: c.int('n_layers'),
    d_model: c.int('d_model'),
    heads: c.int('n_heads'),
    kv_heads: c.nestedInt('attn_config', 'kv_n_heads'),
    ffn: 'swiglu',
    vocab: c.int('vocab_size'),
    ...trainingSeqLen(c, ['max_seq_len']),
    tied_embeddings: c.tiedEmbeddings(false),
    norm: 'rmsnorm',
    position: 'rotary',
    moe: { experts: c.nestedInt('ffn_config', 'moe_num_experts'), top_k: c.nestedInt('ffn_config', 'moe_top_k'), d_ff_expert: c.nestedInt('ffn_config', 'ffn_hidden_size') },
  };
};

/** Qwen2-MoE / Qwen3-MoE: `decoder_sparse_step` and `mlp_only_layers` decide which layers are MoE. */
export function qwenMoe(kind: 'qwen2_moe' | 'qwen3_moe'): Builder {
  return (c, notes) => {
    const body = llamaCore(c, notes, { tied: false });
    const experts = c.int('num_experts', 'num_local_experts');
    const step = c.optInt('decoder_sparse_step')?.value ?? 1;
    const mlpOnly = new Set(c.intList('mlp_only_layers'));
    const layers = plain(body.layers);
    const placed = moeLayerPlacement(layers, { first: 0, offset: 1, period: step, dense: mlpOnly }, notes, 'decoder_sparse_step/mlp_only_layers');
    const sharedWidth = kind === 'qwen2_moe' ? c.optCount('shared_expert_intermediate_size') : undefined;
    const shared = sharedWidth?.value ?? 0;
    if (kind === 'qwen2_moe') {
      body.bias = c.bool('qkv_bias', true) ? 'qkv' : false;
      if (shared > 0) {
        const moeLayers = layers - placed.dense;
        const d = plain(body.d_model);
        notes.push(`shared_expert_gate: a sigmoid gate on the shared expert (Linear d_model→1, ${fmt(d)} per MoE layer, ${fmt(d * moeLayers)} in all) is not counted.`);
      }
    } else {
      body.qk_norm = 'head';
    }
    return {
      ...body,
      ...slidingWindow(c, notes, 'qwen'),
      ...(placed.dense > 0 ? { d_ff: c.int('intermediate_size') } : {}),
      moe: {
        experts,
        top_k: c.int('num_experts_per_tok'),
        d_ff_expert: c.int('moe_intermediate_size'),
        ...(shared > 0 ? { shared_experts: 1, d_ff_shared: sharedWidth } : {}),
        // Traced to the key that makes the layers dense (errors point at it): decoder_sparse_step: 100 beside
        // mlp_only_layers: [] was blamed on the empty list.
        dense_layers: c.derived(placed.denseLayers, ...(mlpOnly.size === 0 && step > 1 ? ['decoder_sparse_step', 'mlp_only_layers'] : ['mlp_only_layers', 'decoder_sparse_step'])),
        // decoder_sparse_step n: MoE on layers n − 1, 2n − 1, … (Qwen2MoeDecoderLayer's (layer_idx + 1) % n == 0), the format's every n.
        ...(placed.every > 1 ? { every: c.derived(placed.every, 'decoder_sparse_step') } : {}),
      },
    };
  };
}

/**
 * GPT-OSS (transformers modeling_gpt_oss.py; OpenAI's model card, arXiv:2508.10925): every layer MoE
 * with intermediate_size the width of one expert, biases on every attention projection (o_proj too),
 * on the router and on each expert's linears (gate_up_proj_bias, down_proj_bias), a clamped SwiGLU
 * (swiglu_limit), alternating sliding-window / full layers (layer_types) and a learned attention-sink logit per head
 * and layer (self_attn.sinks).
 */
export const gptOss: Builder = (c, notes) => {
  // Every linear has its bias: the whole-model `bias: true`, which implies the experts' biases.
  const body = llamaCore(c, notes, { tied: false, everyLinearBiased: true, attentionBias: true });
  // A key read with the wrong kind is refused at its line, as every other key read (hostile sweep 30): `swiglu_limit: "7"`
  // was a note, the SwiGLU counted unclamped; GptOssConfig's swiglu_limit is a float, its clamp fails on text.
  const limit = c.optNumber('swiglu_limit');
  const clamped = limit !== undefined;
  return {
    ...body,
    // self_attn.sinks: one learned logit per head and layer, joined to each softmax (counted; no matrix product).
    attention_sinks: true,
    ...(clamped ? { swiglu_limit: limit } : {}),
    ...slidingWindow(c, notes, 'alternate'),
    moe: { experts: c.int('num_local_experts', 'num_experts'), top_k: c.int('num_experts_per_tok', 'experts_per_token'), d_ff_expert: c.int('intermediate_size'), router_bias: true, expert_bias: true },
  };
};

/**
 * DeepSeek-style fine-grained MoE (DeepSeek-V2/V3, Kimi K2, GLM-4.5): n_routed_experts of
 * moe_intermediate_size, n_shared_experts more of that width, dense layers of intermediate_size before
 * `first_k_dense_replace` (and, with `moe_layer_freq`, off its period), and a multi-token-prediction
 * module the main count leaves out. `freq`: whether the family reads moe_layer_freq (DeepseekV3DecoderLayer
 * does; Glm4MoeDecoderLayer only tests `layer_idx >= first_k_dense_replace`). `block`: what the MTP
 * module's decoder block holds, for its note. `routerBias`: the router keeps a learned per-expert
 * e_score_correction_bias. `placed`: the dense layers and the keys they come from, where the family places them by
 * another rule (GLM-4.7-Flash's mlp_layer_types), first_k_dense_replace and moe_layer_freq then not read.
 */
export function deepseekMoe(c: HfConfig, notes: string[], layers: number, opts: { freq: boolean; block: string; routerBias: boolean; placed?: { denseLayers: number; keys: string[] } }): Pick<Body, 'd_ff' | 'moe'> {
  const { denseLayers, keys: denseKeys } = opts.placed ?? firstKDense(c, notes, layers, opts.freq);
  const experts = c.int('n_routed_experts');
  const sharedExperts = sharedExpertsOf(c, notes);
  const dFfExpert = c.int('moe_intermediate_size');
  noteMtpModule(c, notes, `${opts.block} and MoE`);
  return {
    ...(denseLayers > 0 ? { d_ff: c.int('intermediate_size') } : {}),
    // The shared experts are one MLP of width n_shared_experts·moe_intermediate_size in the
    // modelling code; n_shared_experts MLPs of moe_intermediate_size have the same size and FLOPs.
    moe: {
      experts,
      top_k: c.int('num_experts_per_tok'),
      d_ff_expert: dFfExpert,
      shared_experts: sharedExperts,
      d_ff_shared: dFfExpert,
      dense_layers: c.derived(denseLayers, ...denseKeys),
      ...(opts.routerBias ? { router_bias: true } : {}),
    },
  };
}

/**
 * The note that the config's multi-token-prediction module (num_nextn_predict_layers: DeepSeek-V3's, GLM's) is not
 * counted, and how a run counts it; `block`: what its decoder block holds (`MLA and MoE`), as --mtp-layers counts it
 * (one more block like the model's last: scenario/model.ts mtpTrained).
 */
export function noteMtpModule(c: HfConfig, notes: string[], block: string): void {
  const mtp = c.optCount('num_nextn_predict_layers')?.value ?? 0;
  // A config.json takes no flopcast key: the way to count the module is the run's (the note said to add a model YAML's `mtp: {depth}`).
  if (mtp > 0) {
    c.noteUncountedMtp(notes, `num_nextn_predict_layers ${mtp}: the multi-token-prediction module (${plural(mtp, 'extra decoder block')} with ${block}, plus a 2·d_model→d_model projection and its norms; the embedding and output head are shared) is not counted, in parameters or in training FLOPs; count it with --mtp-layers ${mtp} (flops, plan) or training.mtp_layers: ${mtp} in a scenario.`);
  }
}

/**
 * Types whose modelling code reads `n_shared_experts: null` as no shared expert: Kimi K2's remote code
 * (moonshotai/Kimi-K2-Instruct modeling_deepseek.py, DeepseekV3MoE: `if config.n_shared_experts is not None:` builds
 * shared_experts). transformers' classes do not: DeepseekV2Config, DeepseekV3Config, Glm4MoeConfig and Glm4MoeLiteConfig
 * declare `n_shared_experts: int` under @strict (configuration_*.py @ 008e574), refusing None, and Dots1Config takes None
 * but Dots1MoE is DeepseekV3MoE, which multiplies moe_intermediate_size by it (modular_deepseek_v3.py @ 000c33f), a TypeError.
 */
const NULL_SHARED_IS_NONE: ReadonlySet<string> = new Set(['kimi_k2']);

/** n_shared_experts (missing: none, or the type's default, typeDefaults.ts); null refused where the type's code refuses it. */
function sharedExpertsOf(c: HfConfig, notes: string[]): Keyed<number> | 0 {
  if (c.raw.n_shared_experts !== null) return c.optCount('n_shared_experts') ?? 0;
  if (!NULL_SHARED_IS_NONE.has(c.modelType)) {
    throw c.refused('n_shared_experts', 'expected a non-negative integer, found null', `transformers' ${c.modelType} model needs n_shared_experts as an integer (null is no shared expert only in DeepSeek's remote code): give the number of shared experts, 0 for none`);
  }
  // Read as none, as the remote code builds it (NULL_SHARED_IS_NONE).
  notes.push('n_shared_experts null: no shared expert (the remote modeling_deepseek.py builds shared_experts only when n_shared_experts is not None).');
  return 0;
}

/** DeepSeek's placement: the layers before first_k_dense_replace dense and, with moe_layer_freq (`freq`), those off its period. */
function firstKDense(c: HfConfig, notes: string[], layers: number, freqRead: boolean): { denseLayers: number; keys: string[] } {
  const firstK = c.optCount('first_k_dense_replace')?.value ?? 0;
  const freq = freqRead ? (c.optInt('moe_layer_freq')?.value ?? 1) : 1;
  const ruleKeys = freqRead ? 'first_k_dense_replace/moe_layer_freq' : 'first_k_dense_replace';
  // The key the dense count is traced to (errors point at it): the period when it leaves layers past the first
  // k dense (moe_layer_freq: 100 over DeepSeek-V3's 61 layers was blamed on first_k_dense_replace: 3).
  const keys = !freqRead ? ['first_k_dense_replace'] : freq > 1 && firstK < layers ? ['moe_layer_freq', 'first_k_dense_replace'] : ['first_k_dense_replace', 'moe_layer_freq'];
  // Offset 0 (DeepseekV3DecoderLayer: layer_idx % moe_layer_freq == 0) is not the format's every unless the period is 1: counted dense-first.
  return { denseLayers: moeLayerPlacement(layers, { first: firstK, offset: 0, period: freq, dense: new Set() }, notes, ruleKeys).denseLayers, keys };
}

/**
 * DeepseekV3Attention's multi-head latent attention (q_a_proj → q_a_layernorm → q_b_proj, or q_proj without
 * q_lora_rank; kv_a_proj_with_mqa → kv_a_layernorm → kv_b_proj; o_proj), as the format writes it. `ropeKeys`:
 * qk_rope_head_dim's spellings (Glm4MoeLiteConfig's attribute_map makes head_dim one).
 */
function mlaFields(c: HfConfig, ropeKeys: readonly string[] = ['qk_rope_head_dim']): Pick<Body, 'attention' | 'q_lora_rank' | 'kv_lora_rank' | 'qk_rope_head_dim' | 'qk_nope_head_dim' | 'v_head_dim'> {
  const qLora = c.optInt('q_lora_rank');
  return {
    attention: 'mla',
    ...(qLora !== undefined ? { q_lora_rank: qLora } : {}),
    kv_lora_rank: c.int('kv_lora_rank'),
    qk_rope_head_dim: c.int(...ropeKeys),
    qk_nope_head_dim: c.int('qk_nope_head_dim'),
    v_head_dim: c.int('v_head_dim'),
  };
}

/**
 * The Llama core of a multi-head latent attention model (DeepseekV3Attention's, GLM-4.7-Flash's too) and its MLA fields
 * ({@link mlaFields}): num_key_value_heads (128 for V3) and head_dim do not describe the MLA projections, so the core's
 * kv_heads and d_head are dropped. `ropeKeys`: qk_rope_head_dim's spellings.
 */
export function mlaCore(c: HfConfig, notes: string[], ropeKeys?: readonly string[]): { body: Omit<Body, 'kv_heads' | 'd_head'>; mla: ReturnType<typeof mlaFields> } {
  const { kv_heads: _kv, d_head: _dh, ...body } = llamaCore(c, notes, { tied: false, latentAttention: true });
  void _kv;
  void _dh;
  return { body, mla: mlaFields(c, ropeKeys) };
}

/** DeepSeek-V2/V3 (and Kimi K2, a DeepseekV3ForCausalLM): multi-head latent attention plus fine-grained MoE with shared experts. */
export const deepseek: Builder = (c, notes) => {
  const { body, mla } = mlaCore(c, notes);
  // noaux_tc routing keeps a learned per-expert score bias (e_score_correction_bias) in every MoE layer.
  const { d_ff, moe } = deepseekMoe(c, notes, plain(body.layers), { freq: true, block: 'MLA', routerBias: c.str('topk_method') === 'noaux_tc' });
  return {
    ...body,
    ...(d_ff !== undefined ? { d_ff } : {}),
    ...mla,
    moe,
  };
};

/**
 * GLM-4.5 / 4.6 (transformers modeling_glm4_moe.py): Glm4MoeAttention has head_dim-wide heads (GLM-4.5:
 * 96 × 128 over a 5120 hidden size), biases on q, k and v with attention_bias and none on o_proj, and with
 * use_qk_norm an RMSNorm over each head's q and k (q_norm, k_norm of head_dim); Glm4MoeTopkRouter is
 * DeepSeek-V3's (sigmoid scores, an e_score_correction_bias per expert); Glm4MoeDecoderLayer makes the layers
 * from first_k_dense_replace on MoE (Glm4MoeMoE: n_routed_experts experts and one shared MLP of
 * n_shared_experts·moe_intermediate_size). partial_rotary_factor rotates part of each head: no parameters.
 */
export const glm4Moe: Builder = (c, notes) => {
  const body = llamaCore(c, notes, { tied: false, qkvBiasOnly: true });
  return {
    ...body,
    ...(c.bool('use_qk_norm', false) ? { qk_norm: 'head' as const } : {}),
    ...deepseekMoe(c, notes, plain(body.layers), { freq: false, block: 'attention', routerBias: true }),
  };
};

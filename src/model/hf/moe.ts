/**
 * Mixture-of-experts families: Mixtral, Qwen2-MoE / Qwen3-MoE, GPT-OSS and DeepSeek-V2/V3 (which adds
 * multi-head latent attention).
 */
import { denseLayerCount, fmt, llamaCore, slidingWindow, type Builder } from './common.js';
import { plain } from './read.js';

/** Mixtral: every layer is MoE, and intermediate_size is the width of one expert. */
export const mixtral: Builder = (c, notes) => {
  const body = llamaCore(c, notes, { tied: false });
  return { ...body, ...slidingWindow(c, notes, 'all'), moe: { experts: c.int('num_local_experts', 'num_experts'), top_k: c.int('num_experts_per_tok'), d_ff_expert: c.int('intermediate_size') } };
};

/** Qwen2-MoE / Qwen3-MoE: `decoder_sparse_step` and `mlp_only_layers` decide which layers are MoE. */
export function qwenMoe(kind: 'qwen2_moe' | 'qwen3_moe'): Builder {
  return (c, notes) => {
    const body = llamaCore(c, notes, { tied: false });
    const experts = c.int('num_experts', 'num_local_experts');
    const step = c.optInt('decoder_sparse_step')?.value ?? 1;
    const mlpOnly = new Set(c.intList('mlp_only_layers'));
    const layers = plain(body.layers);
    const denseLayers = denseLayerCount(layers, { first: 0, offset: 1, period: step, dense: mlpOnly }, notes, 'decoder_sparse_step/mlp_only_layers');
    const sharedWidth = kind === 'qwen2_moe' ? c.optCount('shared_expert_intermediate_size') : undefined;
    const shared = sharedWidth?.value ?? 0;
    if (kind === 'qwen2_moe') {
      body.bias = c.bool('qkv_bias', true) ? 'qkv' : false;
      if (shared > 0) {
        const moeLayers = layers - denseLayers;
        const d = plain(body.d_model);
        notes.push(`shared_expert_gate: a sigmoid gate on the shared expert (Linear d_model→1, ${fmt(d)} per MoE layer, ${fmt(d * moeLayers)} in all) is not counted.`);
      }
    } else {
      body.qk_norm = 'head';
    }
    return {
      ...body,
      ...slidingWindow(c, notes, 'qwen'),
      ...(denseLayers > 0 ? { d_ff: c.int('intermediate_size') } : {}),
      moe: {
        experts,
        top_k: c.int('num_experts_per_tok'),
        d_ff_expert: c.int('moe_intermediate_size'),
        ...(shared > 0 ? { shared_experts: 1, d_ff_shared: sharedWidth } : {}),
        dense_layers: c.derived(denseLayers, 'mlp_only_layers', 'decoder_sparse_step'),
      },
    };
  };
}

/**
 * GPT-OSS (transformers modeling_gpt_oss.py; OpenAI's model card, arXiv:2508.10925): every layer MoE
 * with intermediate_size the width of one expert, biases on every attention projection (o_proj too),
 * on the router and on each expert's linears (gate_up_proj_bias, down_proj_bias), a clamped SwiGLU
 * (swiglu_limit), and alternating sliding-window / full layers (layer_types).
 */
export const gptOss: Builder = (c, notes) => {
  // Every linear has its bias: the whole-model `bias: true`, which implies the experts' biases.
  const body = llamaCore(c, notes, { tied: false, everyLinearBiased: true });
  const layers = plain(body.layers);
  const heads = plain(body.heads);
  notes.push(`self_attn.sinks: one learned attention-sink logit per head and layer (${fmt(heads)} per layer, ${fmt(heads * layers)} in all) is not counted; it adds no matrix product.`);
  const limit = c.raw.swiglu_limit;
  const clamped = typeof limit === 'number' && Number.isFinite(limit) && limit > 0;
  if (limit !== undefined && limit !== null && !clamped) notes.push(`swiglu_limit ${JSON.stringify(limit)} is not a positive number: the SwiGLU is counted unclamped.`);
  return {
    ...body,
    ...(clamped ? { swiglu_limit: limit } : {}),
    ...slidingWindow(c, notes, 'alternate'),
    moe: { experts: c.int('num_local_experts', 'num_experts'), top_k: c.int('num_experts_per_tok', 'experts_per_token'), d_ff_expert: c.int('intermediate_size'), router_bias: true, expert_bias: true },
  };
};

/** DeepSeek-V2/V3: multi-head latent attention plus fine-grained MoE with shared experts. */
export const deepseek: Builder = (c, notes) => {
  const core = llamaCore(c, notes, { tied: false });
  // num_key_value_heads (128 for V3) and head_dim do not describe the MLA projections.
  const { kv_heads: _kv, d_head: _dh, ...body } = core;
  void _kv;
  void _dh;
  const layers = plain(body.layers);
  const firstK = c.optCount('first_k_dense_replace')?.value ?? 0;
  const freq = c.optInt('moe_layer_freq')?.value ?? 1;
  const experts = c.int('n_routed_experts');
  const denseLayers = denseLayerCount(layers, { first: firstK, offset: 0, period: freq, dense: new Set() }, notes, 'first_k_dense_replace/moe_layer_freq');
  const sharedExperts = c.optCount('n_shared_experts') ?? 0;
  const dFfExpert = c.int('moe_intermediate_size');
  const qLora = c.optInt('q_lora_rank');
  // noaux_tc routing keeps a learned per-expert score bias (e_score_correction_bias) in every MoE layer.
  const routerBias = c.str('topk_method') === 'noaux_tc';
  const mtp = c.optCount('num_nextn_predict_layers')?.value ?? 0;
  if (mtp > 0) {
    notes.push(`num_nextn_predict_layers ${mtp}: the multi-token-prediction module (${mtp} extra decoder block${mtp > 1 ? 's' : ''} with MLA and MoE, plus a 2·d_model→d_model projection and its norms; the embedding and output head are shared) is not counted, in parameters or in training FLOPs; add \`mtp: {depth: ${mtp}}\` to count it.`);
  }
  return {
    ...body,
    ...(denseLayers > 0 ? { d_ff: c.int('intermediate_size') } : {}),
    attention: 'mla',
    ...(qLora !== undefined ? { q_lora_rank: qLora } : {}),
    kv_lora_rank: c.int('kv_lora_rank'),
    qk_rope_head_dim: c.int('qk_rope_head_dim'),
    qk_nope_head_dim: c.int('qk_nope_head_dim'),
    v_head_dim: c.int('v_head_dim'),
    // The shared experts are one MLP of width n_shared_experts·moe_intermediate_size in the
    // modelling code; n_shared_experts MLPs of moe_intermediate_size have the same size and FLOPs.
    moe: { experts, top_k: c.int('num_experts_per_tok'), d_ff_expert: dFfExpert, shared_experts: sharedExperts, d_ff_shared: dFfExpert, dense_layers: c.derived(denseLayers, 'first_k_dense_replace', 'moe_layer_freq'), ...(routerBias ? { router_bias: true } : {}) },
  };
};


/**
 * Families whose hub files predate the Llama layout: BLOOM, OPT and GPTBigCode (StarCoder) (LayerNorm with bias,
 * biases on every linear, a 2-matrix MLP, a tied head; BLOOM with ALiBi and a norm after the embedding, OPT and
 * GPTBigCode with a learned position table), StableLM (Llama's modules with LayerNorms), Phi and GPT-J (a parallel block and an output-head bias),
 * and Falcon (a parallel block, multi-query or grouped KV heads).
 */
import { fmt, gpt2Tail, llamaCore, trainingSeqLen, type Builder } from './common.js';
import { plain } from './keyed.js';

/**
 * BLOOM (transformers src/transformers/models/bloom/modeling_bloom.py): BloomModel's word_embeddings and
 * word_embeddings_layernorm (a LayerNorm right after the embedding), per block input_layernorm,
 * self_attention.query_key_value (hidden → 3·hidden, bias) and dense (bias), post_attention_layernorm, and
 * BloomMLP's dense_h_to_4h and dense_4h_to_h (biases; 4·hidden wide whatever n_inner says, GELU); ln_f; ALiBi,
 * so no position table; BloomForCausalLM's lm_head tied. apply_residual_connection_post_layernorm moves a
 * residual, not a weight. BloomConfig spells the sizes n_embed / hidden_size, n_layer, n_head.
 */
export const bloom: Builder = (c) => {
  const d = c.int('hidden_size', 'n_embed');
  // A BLOOM config.json records no context length (ALiBi has no table); some carry seq_length.
  const recorded = c.optIntOf([], ['seq_length', 'max_position_embeddings']) !== undefined;
  return {
    layers: c.int('n_layer', 'num_hidden_layers'),
    d_model: d,
    heads: c.int('n_head', 'num_attention_heads'),
    d_ff: c.derived(4 * d.value, 'hidden_size', 'n_embed'),
    ffn: 'gelu',
    vocab: c.int('vocab_size'),
    // BLOOM's pre-training length (BigScience 2022, arXiv:2211.05100; models/bloom-176b.yaml).
    ...(recorded ? trainingSeqLen(c) : { seq_len: 2048, seq_len_from: 'BLOOM\'s pre-training length, 2,048 tokens (the config records none: ALiBi has no position table)' }),
    tied_embeddings: c.tiedEmbeddings(true),
    norm: 'layernorm',
    bias: true,
    position: 'alibi',
    embedding_norm: true,
  };
};

/** OPTLearnedPositionalEmbedding's `self.offset = 2` (modeling_opt.py): rows kept before the first position. */
const OPT_POSITION_OFFSET = 2;

/**
 * OPT (transformers src/transformers/models/opt/modeling_opt.py and configuration_opt.py):
 * OPTLearnedPositionalEmbedding holds max_position_embeddings + 2 rows (OPT offsets the position ids by 2);
 * q_proj, k_proj, v_proj, out_proj, fc1 and fc2 carry biases with enable_bias (default true); each layer has
 * self_attn_layer_norm and final_layer_norm, and the decoder a final_layer_norm, LayerNorms with weight and
 * bias unless layer_norm_elementwise_affine is false; fc1/fc2 are a 2-matrix MLP of ffn_dim (ReLU);
 * OPTForCausalLM ties lm_head to the embedding.
 */
export const opt: Builder = (c, notes) => {
  const d = c.int('hidden_size', 'd_model');
  const proj = c.optInt('word_embed_proj_dim');
  if (proj !== undefined && proj.value !== d.value) {
    throw c.refused('word_embed_proj_dim', `word_embed_proj_dim ${fmt(proj.value)} differs from hidden_size ${fmt(d.value)}: OPT then embeds at ${fmt(proj.value)} and projects in and out (project_in, project_out), which the model format cannot represent`,
      'describe the model by hand in a flopcast model file (YAML); only facebook/opt-350m has such projections');
  }
  // OPTDecoder builds its final_layer_norm only with do_layer_norm_before and not _remove_final_layer_norm.
  if (!c.bool('do_layer_norm_before', true) || c.bool('_remove_final_layer_norm', false)) {
    notes.push(`${c.bool('do_layer_norm_before', true) ? '_remove_final_layer_norm' : 'do_layer_norm_before false'}: the decoder has no final LayerNorm; its ${fmt(2 * d.value)} parameters are counted all the same.`);
  }
  const positions = c.int('max_position_embeddings');
  return {
    layers: c.int('num_hidden_layers'),
    d_model: d,
    heads: c.int('num_attention_heads'),
    d_ff: c.int('ffn_dim'),
    ffn: 'gelu', // fc1, ReLU, fc2: the 2-matrix class
    vocab: c.int('vocab_size'),
    ...trainingSeqLen(c),
    tied_embeddings: c.tiedEmbeddings(true),
    norm: c.bool('layer_norm_elementwise_affine', true) ? 'layernorm' : 'none',
    bias: c.bool('enable_bias', true),
    position: 'learned',
    position_embeddings: c.derived(positions.value + OPT_POSITION_OFFSET, 'max_position_embeddings'),
    position_offset: OPT_POSITION_OFFSET, // counted in the parameters; a sequence may use max_position_embeddings positions
  };
};

/**
 * GPTBigCode: StarCoder, StarCoderBase, SantaCoder (transformers modeling_gpt_bigcode.py). GPTBigCodeAttention's
 * fused c_attn maps d to d + 2·kv_dim with a bias, kv_dim one head_dim with multi_query (default True: one KV
 * head), else d; c_proj d → d with a bias; GPTBigCodeMLP c_fc d → n_inner and c_proj back, both biased (GELU, 2
 * matrices; n_inner null means 4·n_embd); ln_1, ln_2 and ln_f LayerNorms with weight and bias; a learned position
 * table (wpe) of n_positions rows; GPTBigCodeForCausalLM's lm_head tied to wte, without bias.
 */
export const gptBigcode: Builder = (c) => {
  const d = c.int('n_embd', 'hidden_size');
  const heads = c.int('n_head', 'num_attention_heads');
  const positions = c.int('n_positions', 'max_position_embeddings');
  return {
    layers: c.int('n_layer', 'num_hidden_layers'),
    d_model: d,
    heads,
    kv_heads: c.bool('multi_query', true) ? c.derived(1, 'multi_query') : heads,
    ...gpt2Tail(c, d, positions),
  };
};

/**
 * StableLM (StableLM-3B-4E1T, StableLM 2; transformers modeling_stablelm.py): StableLmAttention biases q, k and v
 * with use_qkv_bias and never o_proj; StableLmMLP is gated without biases; input_layernorm and, unless
 * use_parallel_residual, post_attention_layernorm are LayerNorms with weight and bias (one per block in the
 * parallel form), and the final norm too; partial_rotary_factor rotates part of each head, no parameters;
 * StableLmConfig leaves the head untied.
 */
export const stablelm: Builder = (c, notes) => {
  const body = llamaCore(c, notes, { tied: false });
  const parallel = c.bool('use_parallel_residual', false);
  if (c.bool('qk_layernorm', false)) {
    // StableLmLayerNormPerHead: one LayerNorm(head_dim, bias=False) per head, over q (heads) and k (kv_heads).
    const heads = c.int('num_attention_heads').value;
    const headDim = c.int('hidden_size').value / heads; // StableLmAttention: hidden_size // num_heads (classFields.ts NO_HEAD_DIM)
    const width = (heads + (c.optInt('num_key_value_heads')?.value ?? heads)) * headDim;
    notes.push(`qk_layernorm: per-head LayerNorms without bias over q and k (${fmt(width)} weights per layer, ${fmt(width * plain(body.layers))} in all) are not counted; they add no matrix product.`);
  }
  return {
    ...body,
    d_ff: c.int('intermediate_size'),
    norm: 'layernorm',
    ...(c.bool('use_qkv_bias', false) ? { bias: 'qkv' as const } : {}),
    ...(parallel ? { parallel_block: true, block_norms: 1 as const } : {}),
  };
};

/**
 * Phi (phi-1, phi-1.5, phi-2; transformers modeling_phi.py): PhiAttention's q_proj, k_proj, v_proj and dense all
 * biased, with qk_layernorm a LayerNorm over head_dim (weight and bias) on q and on k, shared by the heads (qk_norm
 * head); PhiMLP fc1 and fc2, biased, GELU (2 matrices); PhiDecoderLayer runs attention and the MLP in parallel off
 * one input_layernorm (a LayerNorm with bias), and the model ends in final_layernorm; PhiForCausalLM's lm_head has a
 * bias (head_bias) and is untied by default; partial_rotary_factor rotates part of each head, no parameters.
 */
export const phi: Builder = (c, notes) => {
  if (c.tiedEmbeddings(false)) {
    throw c.refused('tie_word_embeddings', 'tie_word_embeddings true ties a head that has its own bias (PhiForCausalLM lm_head, bias=True), which the model format counts only on an untied head', 'the published phi files untie the head; describe this model by hand in a flopcast model file (YAML)');
  }
  return {
    ...llamaCore(c, notes, { tied: false }),
    d_ff: c.int('intermediate_size'),
    ffn: 'gelu',
    norm: 'layernorm',
    bias: true,
    parallel_block: true,
    block_norms: 1,
    head_bias: true,
    ...(c.bool('qk_layernorm', false) ? { qk_norm: 'head' as const } : {}),
  };
};

/**
 * GPT-J (transformers modeling_gptj.py): GPTJAttention's q_proj, k_proj, v_proj and out_proj without biases; GPTJMLP
 * fc_in (d → n_inner, null meaning 4·n_embd) and fc_out, both biased (gelu_new, 2 matrices); each GPTJBlock runs
 * attention and the MLP in parallel off one ln_1 (a LayerNorm with bias); ln_f; GPTJForCausalLM's lm_head is untied
 * with a bias (head_bias). The MLP biases alone, with none on attention, are not a `bias` the model format writes:
 * they are named and sized in a note, not counted. rotary_dim rotates part of each head: no parameters.
 */
export const gptj: Builder = (c, notes) => {
  const d = c.int('n_embd', 'hidden_size');
  const layers = c.int('n_layer', 'num_hidden_layers');
  const dFf = c.optInt('n_inner') ?? c.derived(4 * d.value, 'n_embd', 'hidden_size');
  if (c.tiedEmbeddings(false)) {
    throw c.refused('tie_word_embeddings', 'tie_word_embeddings true ties a head that has its own bias (GPTJForCausalLM lm_head, bias=True), which the model format counts only on an untied head', 'the published GPT-J files untie the head; describe this model by hand in a flopcast model file (YAML)');
  }
  const perLayer = plain(dFf) + d.value;
  notes.push(`the MLP biases (fc_in and fc_out: ${fmt(perLayer)} per layer, ${fmt(perLayer * layers.value)} in all) are not counted: the model format biases the MLP only together with the attention projections, which GPT-J leaves unbiased.`);
  return {
    layers,
    d_model: d,
    heads: c.int('n_head', 'num_attention_heads'),
    d_ff: dFf,
    ffn: 'gelu',
    vocab: c.int('vocab_size'),
    ...trainingSeqLen(c),
    tied_embeddings: false,
    head_bias: true,
    norm: 'layernorm',
    position: 'rotary',
    parallel_block: true,
    block_norms: 1,
  };
};

/**
 * Falcon (and the legacy RefinedWeb / RefinedWebModel hub types). Old architecture: multi_query
 * means one KV head, and a parallel block has one LayerNorm. New architecture (40B, 180B):
 * num_kv_heads KV groups and, by default, two LayerNorms (ln_attn, ln_mlp) in a parallel block.
 */
export function falcon(legacyNewArch: boolean): Builder {
  return (c) => {
    const heads = c.int('num_attention_heads', 'n_head');
    const d = c.int('hidden_size', 'n_embed');
    const newArch = c.bool('new_decoder_architecture', legacyNewArch);
    const parallel = c.bool('parallel_attn', true);
    const kvHeads = newArch ? (c.optInt('num_kv_heads', 'n_head_kv') ?? heads) : c.bool('multi_query', true) ? c.derived(1, 'multi_query') : heads;
    const lnInParallel = c.optInt('num_ln_in_parallel_attn')?.value ?? (newArch ? 2 : 1);
    const blockNorms = newArch ? (lnInParallel === 2 ? 2 : 1) : parallel ? 1 : 2;
    return {
      layers: c.int('num_hidden_layers', 'n_layer'),
      d_model: d,
      heads,
      kv_heads: kvHeads,
      d_ff: c.optInt('ffn_hidden_size') ?? c.derived(4 * d.value, 'hidden_size', 'n_embed'),
      ffn: 'gelu',
      vocab: c.int('vocab_size'),
      // Absent in Falcon files: FalconConfig's default, and Falcon's pre-training length (Penedo et al. 2023).
      ...(c.optInt('max_position_embeddings') !== undefined ? trainingSeqLen(c) : { seq_len: 2048, seq_len_from: 'FalconConfig\'s default max_position_embeddings (the config has none)' }),
      tied_embeddings: c.tiedEmbeddings(true), // no such field in Falcon files: PretrainedConfig's default (tied)
      norm: 'layernorm',
      bias: c.bool('bias', false),
      position: c.bool('alibi', false) ? 'alibi' : 'rotary',
      parallel_block: newArch || parallel,
      block_norms: blockNorms as 1 | 2,
    };
  };
}

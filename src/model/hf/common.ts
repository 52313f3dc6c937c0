/**
 * Shared pieces of the Hugging Face importer: the training sequence length, the Llama-style
 * core most families build on, and the notes for structure our schema cannot represent.
 */
import type { ModelInput } from '../schema.js';
import type { HfConfig } from './read.js';

export type Body = Omit<ModelInput, 'name' | 'source' | 'notes'>;
export type Builder = (c: HfConfig, notes: string[]) => Body;

/**
 * The training sequence length we assume. A config.json records the longest context the model
 * accepts, which for long-context models is an extension applied after pre-training (Llama 3.1:
 * 131072 via rope_scaling from 8192; DeepSeek-V3: 163840 via YaRN from 4096). So prefer
 * `original_max_position_embeddings` from `rope_scaling` (hub files) or `rope_parameters`
 * (transformers v5), else `max_position_embeddings`, else GPT-2's `n_positions` / `n_ctx`.
 * It is a default only: the CLI's `--seq-len` overrides it.
 */
export function trainingSeqLen(c: HfConfig): number {
  for (const key of ['rope_scaling', 'rope_parameters']) {
    const v = c.obj(key)?.original_max_position_embeddings;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  }
  return c.int('max_position_embeddings', 'n_positions', 'n_ctx', 'seq_length');
}

export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** Mistral/Qwen2/Phi-3/Gemma-2 sliding-window attention: the score FLOPs we count are full causal. */
export function noteSlidingWindow(c: HfConfig, notes: string[], flag?: string): void {
  const window = c.optInt('sliding_window');
  if (window === undefined || (flag !== undefined && !c.bool(flag, false))) return;
  notes.push(
    `sliding_window ${window}: attention scores are counted as full causal attention, an overestimate of attention FLOPs when seq_len exceeds ${window}${flag === 'use_sliding_window' ? ' (only layers from max_window_layers on use the window)' : ''}.`,
  );
}

/** The fields every Llama-style decoder (gated MLP, RMSNorm, rotary) shares. */
export function llamaCore(c: HfConfig, notes: string[], defaults: { tied: boolean; headDim?: number }): Body {
  const layers = c.int('num_hidden_layers');
  const d = c.int('hidden_size');
  const heads = c.int('num_attention_heads');
  const headDim = c.optInt('head_dim') ?? defaults.headDim;
  const body: Body = {
    layers,
    d_model: d,
    heads,
    kv_heads: c.optInt('num_key_value_heads') ?? heads,
    ...(headDim !== undefined ? { d_head: headDim } : {}),
    // LlamaMLP and its descendants are always gated (gate_proj, up_proj, down_proj), whatever
    // hidden_act says: silu is SwiGLU, gelu is GeGLU; both are 3 matrices.
    ffn: 'swiglu',
    vocab: c.int('vocab_size'),
    seq_len: trainingSeqLen(c),
    tied_embeddings: c.bool('tie_word_embeddings', defaults.tied),
    norm: 'rmsnorm',
    position: 'rotary',
  };
  const attnBias = c.bool('attention_bias', false);
  const mlpBias = c.bool('mlp_bias', false);
  if (attnBias && mlpBias) body.bias = true;
  else if (attnBias) {
    body.bias = 'qkv';
    notes.push(`attention_bias: the o_proj bias (${fmt(d)} per layer, ${fmt(d * layers)} in all) is not counted; the q/k/v biases are.`);
  } else if (mlpBias) {
    notes.push('mlp_bias: the MLP biases (2·d_ff + d_model per layer) are not counted.');
  }
  return body;
}

export function dense(defaults: { tied: boolean; headDim?: number }, extra?: (c: HfConfig, notes: string[], body: Body) => Body): Builder {
  return (c, notes) => {
    const body: Body = { ...llamaCore(c, notes, defaults), d_ff: c.int('intermediate_size') };
    return extra ? extra(c, notes, body) : body;
  };
}

/**
 * Our schema makes the first `dense_layers` layers dense. Parameter and FLOP totals depend
 * only on how many layers are dense, not where, so other patterns keep their count exactly
 * and the placement is noted.
 */
export function denseLayerCount(layers: number, isMoe: (i: number) => boolean, notes: string[], rule: string): number {
  const denseIdx: number[] = [];
  for (let i = 0; i < layers; i++) if (!isMoe(i)) denseIdx.push(i);
  if (denseIdx.some((layer, k) => layer !== k)) {
    notes.push(`${rule}: dense layers ${denseIdx.join(', ')} are modelled as the first ${denseIdx.length}; totals are unaffected.`);
  }
  return denseIdx.length;
}


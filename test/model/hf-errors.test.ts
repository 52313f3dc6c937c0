/**
 * Errors in a Hugging Face config.json, through the CLI: each names the config's own key (never
 * flopcast's field), at that key's line and column in the file, exits 2 and prints no stack trace.
 * The expected place is found in the test's own JSON text (written with several indentations),
 * never taken from the code's output.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HF_MODEL_TYPES, importHfConfig } from '../../src/model/hf.js';
import { runCli } from '../cli/run-cli.js';
import { GOOD_SCENARIO } from '../helpers.js';
import { expectOneError, tempDir, writeFile } from '../reliability/helpers.js';

type Config = Record<string, unknown>;
const fixture = (name: string): Config => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Config;
const dir = tempDir('hf-errors');
const tempDirIn = (path: string) => (mkdirSync(path, { recursive: true }), path);

/** 1-based line and column of the text at `offset`. */
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `${before.split('\n').length}:${offset - before.lastIndexOf('\n')}`;
}

/**
 * Where `key` starts in JSON.stringify(config, null, indent) output: a top-level key is the line
 * `<indent>"key":`, a nested one (`a.b`) the line `<indent><indent>"b":` after its parent's, and a
 * list element (`a[i]`) the (i+1)-th line after its parent's, past two indents.
 */
function place(text: string, key: string, indent: string): string {
  const [, top, child, index] = /^([^.[]+)(?:\.(.+)|\[(\d+)\])?$/.exec(key)!;
  const parent = text.indexOf(`\n${indent}"${top}":`) + 1;
  expect(parent, `${top} is in the text`).toBeGreaterThan(0);
  if (child !== undefined) return lineCol(text, text.indexOf(`\n${indent}${indent}"${child}":`, parent) + 1 + 2 * indent.length);
  if (index === undefined) return lineCol(text, parent + indent.length);
  let at = parent;
  for (let i = 0; i <= Number(index); i++) at = text.indexOf('\n', at) + 1;
  return lineCol(text, at + 2 * indent.length);
}

interface Row {
  case: string;
  fixture: string;
  edit: (c: Config) => void;
  /** The config key the error names. */
  key: string;
  message: string;
  hint?: string;
  /** The key is not in the file: the error names it without a place. */
  absent?: true;
  /** The key is not in the file: the error names it at this one's place (the mapping that lacks it). */
  placedAt?: string;
  indent?: string;
}

const ROWS: Row[] = [
  // importers of src/model/hf/recent.ts, recentMoe.ts and older.ts: what the model format cannot write is refused at its key
  { case: 'exaone4: sliding_window_pattern neither a count nor L/G', fixture: 'exaone-4.0-32b', edit: (c) => (c.sliding_window_pattern = 'LXG'), key: 'sliding_window_pattern', message: 'expected a positive integer or a string of L and G, found "LXG"' },
  { case: 'ernie4_5_moe: use_bias on a tied head', fixture: 'ernie-4.5-21b-a3b', edit: (c) => (c.use_bias = true), key: 'use_bias', message: 'use_bias gives every linear a bias, the output head (lm_head) too, and the model format counts an output-head bias only on an untied head (tie_word_embeddings is true)' },
  { case: 'phimoe: lm_head_bias on a tied head', fixture: 'phi-3.5-moe', edit: (c) => (c.tie_word_embeddings = true), key: 'lm_head_bias', message: 'lm_head_bias on a tied head (tie_word_embeddings true)' },
  { case: 'gptj: a tied head', fixture: 'gpt-j-6b', edit: (c) => (c.tie_word_embeddings = true), key: 'tie_word_embeddings', message: 'tie_word_embeddings true ties a head that has its own bias' },
  { case: 'minimax_m2: num_local_experts as text', fixture: 'minimax-m2', edit: (c) => (c.num_local_experts = '256'), key: 'num_local_experts', message: 'expected a positive integer, found "256"' },
  // a multimodal config: the language model under text_config, named by its path
  { case: 'gemma3 (multimodal): text_config.hidden_size as text', fixture: 'gemma-3-4b-it', edit: (c) => ((c.text_config as Config).hidden_size = '2560'), key: 'text_config.hidden_size', message: 'expected a positive integer, found "2560"' },
  { case: 'gemma3 (multimodal): kv heads not dividing the default heads', fixture: 'gemma-3-4b-it', edit: (c) => ((c.text_config as Config).num_key_value_heads = 3), key: 'text_config.num_key_value_heads', message: 'text_config.num_key_value_heads (3) does not divide text_config.num_attention_heads (8)' },
  // a text_config of the wrong kind was "unsupported model_type "gemma3"; did you mean `gemma3_text`?"
  { case: 'gemma3 (multimodal): text_config a list', fixture: 'gemma-3-4b-it', edit: (c) => (c.text_config = []), key: 'text_config', message: 'expected a mapping (the language model\'s config), found a list of 0', hint: 'a "gemma3" config nests its language model under text_config' },
  { case: 'gemma3 (multimodal): text_config text', fixture: 'gemma-3-4b-it', edit: (c) => (c.text_config = 'x'), key: 'text_config', message: 'expected a mapping (the language model\'s config), found "x"' },
  { case: 'gemma3 (multimodal): text_config null', fixture: 'gemma-3-4b-it', edit: (c) => (c.text_config = null), key: 'text_config', message: 'expected a mapping (the language model\'s config), found null' },
  // Sweep 15: a type read at the top level without a text_config ignored one of the wrong kind (null builds from the top level, as transformers does)
  { case: 'qwen2_5_vl: text_config a list', fixture: 'qwen2.5-vl-7b-instruct', edit: (c) => (c.text_config = []), key: 'text_config', message: 'expected a mapping (the language model\'s config), found a list of 0', hint: 'a "qwen2_5_vl" config reads its language model from text_config, or from the top-level keys without one' },
  { case: 'qwen2_5_vl: text_config a number', fixture: 'qwen2.5-vl-7b-instruct', edit: (c) => (c.text_config = 5), key: 'text_config', message: 'expected a mapping (the language model\'s config), found 5' },
  // Hostile sweep 30: a key missing from text_config was told with the file alone; it is told at text_config, as a
  // scenario's missing key is told at the mapping that lacks it.
  { case: 'llama4 (multimodal): text_config.num_hidden_layers missing', fixture: 'llama-4-scout-17b-16e', edit: (c) => delete (c.text_config as Config).num_hidden_layers, key: 'text_config.num_hidden_layers', placedAt: 'text_config', message: 'required number is missing', hint: 'a llama4_text config.json needs `num_hidden_layers`' },
  { case: 'qwen3_vl (multimodal): text_config.hidden_size missing', fixture: 'qwen3-vl-8b-instruct', edit: (c) => delete (c.text_config as Config).hidden_size, key: 'text_config.hidden_size', placedAt: 'text_config', message: 'required number is missing' },
  // Unknown keys are not refused (a config.json carries dozens flopcast does not read); one near a key missing is named.
  { case: 'llama4 (multimodal): text_config.num_hidden_layers misspelt', fixture: 'llama-4-scout-17b-16e', edit: (c) => { const t = c.text_config as Config; t.num_hiden_layers = t.num_hidden_layers; delete t.num_hidden_layers; }, key: 'text_config.num_hidden_layers', placedAt: 'text_config', message: 'required number is missing', hint: 'the file has `num_hiden_layers`: a misspelling of `num_hidden_layers`?' },
  { case: 'llama: num_attention_heads misspelt', fixture: 'llama-2-7b', edit: (c) => { c.num_attention_head = c.num_attention_heads; delete c.num_attention_heads; }, key: 'num_attention_heads', absent: true, message: 'required number is missing', hint: 'the file has `num_attention_head`: a misspelling of `num_attention_heads`?' },
  // The outer model_type over a text_config was not checked: any text counted the text_config, with a note.
  { case: 'gemma3 (multimodal): an unknown outer model_type', fixture: 'gemma-3-4b-it', edit: (c) => (c.model_type = 'vision_thing'), key: 'model_type', message: 'unsupported model_type "vision_thing": no multimodal config flopcast knows nests its language model under text_config', hint: 'if the model is its text_config alone, save that mapping as its own config.json and pass it' },
  { case: 'gemma3 (multimodal): a misspelt outer model_type', fixture: 'gemma-3-4b-it', edit: (c) => (c.model_type = 'gemma33'), key: 'model_type', message: 'unsupported model_type "gemma33": no multimodal config', hint: 'did you mean `gemma3`?' },
  { case: 'llama4 (multimodal): a language model\'s type over a text_config', fixture: 'llama-4-scout-17b-16e', edit: (c) => (c.model_type = 'jamba'), key: 'model_type', message: '"jamba" is a Hugging Face architecture flopcast does not count' },
  // A key flopcast reads, of the wrong kind, refused at its line: swiglu_limit was a note, layers_block_type 'missing'.
  { case: 'gpt_oss: swiglu_limit as text', fixture: 'gpt-oss-120b', edit: (c) => (c.swiglu_limit = '7.0'), key: 'swiglu_limit', message: 'expected a positive number, found "7.0"' },
  { case: 'nemotron_h: layers_block_type as text', fixture: 'nemotron-3-nano-30b-a3b', edit: (c) => { delete c.hybrid_override_pattern; c.layers_block_type = 'mamba'; }, key: 'layers_block_type', message: 'expected a list, found "mamba"' },
  // llama
  { case: 'llama: missing num_hidden_layers', fixture: 'llama-2-7b', edit: (c) => delete c.num_hidden_layers, key: 'num_hidden_layers', absent: true, message: 'required number is missing', hint: 'a llama config.json needs `num_hidden_layers`' },
  { case: 'llama: hidden_size as text', fixture: 'llama-2-7b', edit: (c) => (c.hidden_size = '4096'), key: 'hidden_size', message: 'expected a positive integer, found "4096"', indent: '    ' },
  { case: 'llama: hidden_size null', fixture: 'llama-2-7b', edit: (c) => (c.hidden_size = null), key: 'hidden_size', message: 'required number is missing' },
  { case: 'llama: heads not dividing hidden_size', fixture: 'llama-2-7b', edit: (c) => (c.hidden_size = 4097), key: 'num_attention_heads', message: 'num_attention_heads (32) does not divide hidden_size (4097)', hint: 'set head_dim in the config, or a head count that divides hidden_size' },
  { case: 'llama: kv heads not dividing heads', fixture: 'llama-2-7b', edit: (c) => (c.num_key_value_heads = 7), key: 'num_key_value_heads', message: 'num_key_value_heads (7) does not divide num_attention_heads (32)', hint: 'grouped-query attention needs num_attention_heads to be a multiple of num_key_value_heads', indent: '\t' },
  { case: 'llama: a nested rope_scaling field', fixture: 'llama-2-7b', edit: (c) => (c.rope_scaling = { rope_type: 'llama3', factor: 8, original_max_position_embeddings: 0 }), key: 'rope_scaling.original_max_position_embeddings', message: 'expected a positive integer, found 0' },
  { case: 'llama: a control character in _name_or_path', fixture: 'llama-2-7b', edit: (c) => (c._name_or_path = 'meta\u001b[31m/llama'), key: '_name_or_path', message: 'name holds a control character' },
  // A per-layer list built from a rule: Array.from({length: 1e12}) ended in exit 1, "Invalid array length".
  { case: 'qwen2: use_sliding_window on 1e12 layers', fixture: 'qwen2.5-72b', edit: (c) => Object.assign(c, { num_hidden_layers: 1e12, use_sliding_window: true, sliding_window: 4096 }), key: 'num_hidden_layers', message: 'use_sliding_window with 1,000,000,000,000 layers implies a list of one layer type per layer; the limit is 100,000' },
  // qwen3_moe
  { case: 'qwen3_moe: top-k above the experts', fixture: 'qwen3-30b-a3b', edit: (c) => (c.num_experts_per_tok = 200), key: 'num_experts_per_tok', message: 'num_experts_per_tok (200) exceeds num_experts (128)', hint: 'num_experts_per_tok (the experts each token uses) cannot exceed num_experts (the routed experts per layer)' },
  { case: 'qwen3_moe: kv heads not dividing heads', fixture: 'qwen3-30b-a3b', edit: (c) => (c.num_key_value_heads = 3), key: 'num_key_value_heads', message: 'num_key_value_heads (3) does not divide num_attention_heads (32)', indent: '    ' },
  { case: 'qwen3_moe: num_experts as text', fixture: 'qwen3-30b-a3b', edit: (c) => (c.num_experts = '128'), key: 'num_experts', message: 'expected a positive integer, found "128"' },
  { case: 'qwen3_moe: missing moe_intermediate_size', fixture: 'qwen3-30b-a3b', edit: (c) => delete c.moe_intermediate_size, key: 'moe_intermediate_size', absent: true, message: 'required number is missing' },
  { case: 'qwen3_moe: a bad mlp_only_layers entry', fixture: 'qwen3-30b-a3b', edit: (c) => (c.mlp_only_layers = [0, -1]), key: 'mlp_only_layers[1]', message: 'expected a non-negative integer, found -1' },
  { case: 'qwen3_moe: mlp_only_layers leaving no MoE layer', fixture: 'qwen3-30b-a3b', edit: (c) => (c.mlp_only_layers = Array.from({ length: 48 }, (_, i) => i)), key: 'mlp_only_layers', message: 'dense_layers (48) leaves no MoE layer out of 48', hint: 'mlp_only_layers leaves every one of the num_hidden_layers layers dense' },
  // deepseek_v3
  { case: 'deepseek_v3: top-k above the experts', fixture: 'deepseek-v3', edit: (c) => (c.num_experts_per_tok = 300), key: 'num_experts_per_tok', message: 'num_experts_per_tok (300) exceeds n_routed_experts (256)' },
  { case: 'deepseek_v3: missing kv_lora_rank', fixture: 'deepseek-v3', edit: (c) => delete c.kv_lora_rank, key: 'kv_lora_rank', absent: true, message: 'required number is missing' },
  { case: 'deepseek_v3: first_k_dense_replace leaving no MoE layer', fixture: 'deepseek-v3', edit: (c) => (c.first_k_dense_replace = 61), key: 'first_k_dense_replace', message: 'dense_layers (61) leaves no MoE layer out of 61', hint: 'first_k_dense_replace leaves every one of the num_hidden_layers layers dense', indent: '\t' },
  { case: 'deepseek_v3: n_routed_experts of 1', fixture: 'deepseek-v3', edit: (c) => { c.n_routed_experts = 1; c.num_experts_per_tok = 1; }, key: 'n_routed_experts', message: 'expected a value >= 2, found 1' },
  // gpt2 (old spellings, no head_dim to set)
  { case: 'gpt2: n_head not dividing n_embd', fixture: 'gpt2', edit: (c) => (c.n_head = 11), key: 'n_head', message: 'n_head (11) does not divide n_embd (768)', hint: 'pick a head count that divides n_embd' },
  { case: 'gpt2: n_layer not an integer', fixture: 'gpt2', edit: (c) => (c.n_layer = 12.5), key: 'n_layer', message: 'expected a positive integer, found 12.5', indent: '    ' },
  // gpt_neox
  { case: 'gpt_neox: heads not dividing hidden_size', fixture: 'pythia-6.9b', edit: (c) => (c.num_attention_heads = 30), key: 'num_attention_heads', message: 'num_attention_heads (30) does not divide hidden_size (4096)', hint: 'pick a head count that divides hidden_size' },
  { case: 'gpt_neox: use_parallel_residual not a boolean', fixture: 'pythia-6.9b', edit: (c) => (c.use_parallel_residual = 'yes'), key: 'use_parallel_residual', message: 'expected true or false, found "yes"' },
  // mixtral
  { case: 'mixtral: top-k above the experts', fixture: 'mixtral-8x7b', edit: (c) => (c.num_experts_per_tok = 9), key: 'num_experts_per_tok', message: 'num_experts_per_tok (9) exceeds num_local_experts (8)', hint: 'num_experts_per_tok (the experts each token uses) cannot exceed num_local_experts' },
  { case: 'mixtral: one expert', fixture: 'mixtral-8x7b', edit: (c) => { c.num_local_experts = 1; c.num_experts_per_tok = 1; }, key: 'num_local_experts', message: 'expected a value >= 2, found 1' },
  { case: 'mixtral: kv heads not dividing heads', fixture: 'mixtral-8x7b', edit: (c) => (c.num_key_value_heads = 5), key: 'num_key_value_heads', message: 'num_key_value_heads (5) does not divide num_attention_heads (32)' },
  { case: 'mixtral: missing num_experts_per_tok', fixture: 'mixtral-8x7b', edit: (c) => delete c.num_experts_per_tok, key: 'num_experts_per_tok', absent: true, message: 'required number is missing' },
  // falcon (new decoder architecture: num_kv_heads)
  { case: 'falcon: num_kv_heads not dividing heads', fixture: 'falcon-40b', edit: (c) => (c.num_kv_heads = 7), key: 'num_kv_heads', message: 'num_kv_heads (7) does not divide num_attention_heads (128)' },
  // Too large to count: refused after loading, at the file alone (no key, line or column).
  { case: 'llama: vocab_size 1e15', fixture: 'llama-2-7b', edit: (c) => (c.vocab_size = 1e15), key: 'vocab_size', message: 'vocab_size (1000000000000000) is too large to count exactly: the FLOPs per token of logits would be 8192000000000000000, not an exact integer below 2^53', hint: 'per-token counts must stay below 2^53' },
  { case: 'gemma3 (multimodal): text_config.vocab_size 1e15', fixture: 'gemma-3-4b-it', edit: (c) => ((c.text_config as Config).vocab_size = 1e15), key: 'text_config.vocab_size', message: 'text_config.vocab_size (1000000000000000) is too large to count exactly: the FLOPs per token of logits would be' },
  { case: 'deepseek_v3: moe_intermediate_size 1e13', fixture: 'deepseek-v3', edit: (c) => (c.moe_intermediate_size = 1e13), key: 'moe_intermediate_size', message: 'moe_intermediate_size (10000000000000) is too large to count exactly: the FLOPs per token of experts would be' },
  // A value of the wrong kind was ignored (layer_types as text: the family's rule instead) or called missing.
  { case: 'gemma3_text: layer_types as text', fixture: 'gemma-3-1b', edit: (c) => (c.layer_types = 'sliding_attention'), key: 'layer_types', message: 'expected a list, found "sliding_attention"' },
  { case: 'nemotron_h: hybrid_override_pattern a number', fixture: 'nemotron-h-8b-base-8k', edit: (c) => (c.hybrid_override_pattern = 5), key: 'hybrid_override_pattern', message: 'expected text, found 5' },
  // A period no list can hold, on a model that deep (1e12 layers): it ran out of memory.
  { case: 'gemma3_text: sliding_window_pattern 1e9 on 1e12 layers', fixture: 'gemma-3-1b', edit: (c) => Object.assign(c, { num_hidden_layers: 1e12, sliding_window_pattern: 1e9 }), key: 'sliding_window_pattern', message: 'sliding_window_pattern 1,000,000,000 implies a list of 1,000,000,000 layer types; the limit is 100,000' },
  // Hostile sweep 10: the same for EXAONE 4's and SmolLM3's periods (common.ts periodicLayerTypes): 1e12 on 1e15 layers
  // was 'Invalid array length', exit 1 (1e9 on 1e9 layers ran out of memory).
  { case: 'exaone4: sliding_window_pattern 1e12 on 1e15 layers', fixture: 'exaone-4.0-32b', edit: (c) => Object.assign(c, { num_hidden_layers: 1e15, sliding_window_pattern: 1e12 }), key: 'sliding_window_pattern', message: 'sliding_window_pattern 1,000,000,000,000 implies a list of 1,000,000,000,000 layer types; the limit is 100,000' },
  { case: 'smollm3: no_rope_layer_interval 1e12 on 1e15 layers', fixture: 'smollm3-3b', edit: (c) => { delete c.layer_types; delete c.no_rope_layers; Object.assign(c, { use_sliding_window: true, sliding_window: 4096, num_hidden_layers: 1e15, no_rope_layer_interval: 1e12 }); }, key: 'no_rope_layer_interval', message: 'no_rope_layer_interval 1,000,000,000,000 implies a list of 1,000,000,000,000 layer types; the limit is 100,000' },
  // The rule's key that leaves every layer dense, not the first of its keys in the file (an empty mlp_only_layers, a first_k_dense_replace of 3).
  { case: 'qwen3_moe: decoder_sparse_step past the layers', fixture: 'qwen3-30b-a3b', edit: (c) => (c.decoder_sparse_step = 100), key: 'decoder_sparse_step', message: 'every (100) leaves no MoE layer out of 48', hint: 'layer i is MoE when it is past the dense layers and i + 1 is a multiple of decoder_sparse_step: decoder_sparse_step needs a multiple after the dense layers, up to num_hidden_layers (num_hidden_layers itself is one)' },
  { case: 'deepseek_v3: moe_layer_freq past the layers', fixture: 'deepseek-v3', edit: (c) => (c.moe_layer_freq = 100), key: 'moe_layer_freq', message: 'dense_layers (61) leaves no MoE layer out of 61', hint: 'moe_layer_freq leaves every one of the num_hidden_layers layers dense' },
  // Hostile sweep 10: ERNIE 4.5 MoE's rule alike (moe_layer_end_index: 0 was blamed on moe_layer_start_index: 1).
  { case: 'ernie4_5_moe: moe_layer_end_index before the start', fixture: 'ernie-4.5-21b-a3b', edit: (c) => (c.moe_layer_end_index = 0), key: 'moe_layer_end_index', message: 'dense_layers (28) leaves no MoE layer out of 28', hint: 'moe_layer_end_index leaves every one of the num_hidden_layers layers dense' },
  // Layer 27 is the only one past 27 dense layers: an interval of 3 (1, 2, 4, 7, 14 or 28 would do) leaves none; the hint
  // said 'at most num_hidden_layers' (found in review: 3 is).
  { case: 'ernie4_5_moe: moe_layer_interval with no multiple past the dense layers', fixture: 'ernie-4.5-21b-a3b', edit: (c) => Object.assign(c, { moe_layer_start_index: 27, moe_layer_interval: 3 }), key: 'moe_layer_interval', message: 'every (3) leaves no MoE layer out of 28 after the 27 dense_layers', hint: 'layer i is MoE when it is past the dense layers and i + 1 is a multiple of moe_layer_interval: moe_layer_interval needs a multiple after the dense layers, up to num_hidden_layers (num_hidden_layers itself is one)' },
  { case: 'ernie4_5_moe: moe_layer_start_index past the layers', fixture: 'ernie-4.5-21b-a3b', edit: (c) => (c.moe_layer_start_index = 28), key: 'moe_layer_start_index', message: 'dense_layers (28) leaves no MoE layer out of 28' },
  { case: 'kimi_k2: first_k_dense_replace past the layers, moe_layer_freq 1', fixture: 'kimi-k2-instruct', edit: (c) => (c.first_k_dense_replace = 100), key: 'first_k_dense_replace', message: 'dense_layers (61) leaves no MoE layer out of 61' },
  // Two spellings of one field with two values were counted at the first spelling read, silently (BloomConfig
  // takes n_embed over hidden_size: a BLOOM file with both was counted at the width transformers does not build).
  { case: 'gpt2: hidden_size beside n_embd', fixture: 'gpt2', edit: (c) => (c.hidden_size = 1024), key: 'hidden_size', message: 'hidden_size (1024) disagrees with n_embd (768), another spelling of the same field', hint: 'keep one of n_embd and hidden_size' },
  { case: 'gpt2: n_embd as text beside hidden_size', fixture: 'gpt2', edit: (c) => Object.assign(c, { n_embd: '768', hidden_size: 768 }), key: 'n_embd', message: 'expected a positive integer, found "768"' },
  { case: 'gpt2: num_hidden_layers beside n_layer', fixture: 'gpt2', edit: (c) => (c.num_hidden_layers = 24), key: 'num_hidden_layers', message: 'num_hidden_layers (24) disagrees with n_layer (12), another spelling of the same field' },
  { case: 'bloom: n_embed beside hidden_size', fixture: 'bloom-560m', edit: (c) => (c.n_embed = 2048), key: 'n_embed', message: 'n_embed (2048) disagrees with hidden_size (1024), another spelling of the same field' },
  { case: 'falcon: n_head_kv beside num_kv_heads', fixture: 'falcon-40b', edit: (c) => (c.n_head_kv = 16), key: 'n_head_kv', message: 'n_head_kv (16) disagrees with num_kv_heads (8), another spelling of the same field' },
  { case: 'olmoe: num_local_experts beside num_experts', fixture: 'olmoe-1b-7b', edit: (c) => (c.num_local_experts = 8), key: 'num_local_experts', message: 'num_local_experts (8) disagrees with num_experts (64), another spelling of the same field' },
  { case: 'gpt_oss: experts_per_token beside num_experts_per_tok', fixture: 'gpt-oss-120b', edit: (c) => (c.experts_per_token = 8), key: 'experts_per_token', message: 'experts_per_token (8) disagrees with num_experts_per_tok (4), another spelling of the same field' },
  // transformers' layer_type_validation refuses a layer_types of another length than num_hidden_layers; it was read as a
  // pattern repeated from layer 0, with a note.
  { case: 'olmo3: layer_types shorter than the layers', fixture: 'olmo-3-7b', edit: (c) => (c.layer_types = (c.layer_types as string[]).slice(0, 2)), key: 'layer_types', message: 'expected one entry per layer (num_hidden_layers 32), found 2', hint: 'transformers refuses it too' },
  // model_type itself
  { case: 'an unsupported model_type', fixture: 'llama-2-7b', edit: (c) => (c.model_type = 'lama'), key: 'model_type', message: 'unsupported model_type "lama"', hint: 'did you mean `llama`?' },
  // The hub aliases were neither listed nor suggested: qwen2_5vl was 'did you mean `qwen2_moe`?'.
  { case: 'a misspelt alias model_type', fixture: 'qwen2.5-vl-7b-instruct', edit: (c) => (c.model_type = 'qwen2_5vl'), key: 'model_type', message: 'unsupported model_type "qwen2_5vl"; supported: gpt2, ', hint: 'did you mean `qwen2_5_vl`?' },
  { case: 'a misspelt alias model_type, listed', fixture: 'qwen2.5-vl-7b-instruct', edit: (c) => (c.model_type = 'qwen25_vl'), key: 'model_type', message: `unsupported model_type "qwen25_vl"; supported: ${[...HF_MODEL_TYPES, 'RefinedWeb', 'RefinedWebModel', 'qwen2_vl', 'qwen2_5_vl', 'qwen2_vl_text', 'qwen2_5_vl_text', 'qwen3_vl_text', 'qwen3_vl_moe_text', 'gpt-sw3', 'ministral', 'ministral3', 'phi3_v', 'code_llama', 'qwen3_vl', 'qwen3_vl_moe'].join(', ')}\n` },
];

describe('config.json errors name the config key at its line and column (flopcast flops FILE)', () => {
  it.each(ROWS)('$case', async (row) => {
    const config = fixture(row.fixture);
    row.edit(config);
    const indent = row.indent ?? '  ';
    const text = JSON.stringify(config, null, indent) + '\n';
    const file = writeFile(dir, `${row.case.replace(/[^a-z0-9]+/gi, '-')}.json`, text);
    const r = await runCli(['flops', file, '--tokens', '1T']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expectOneError(r.stderr);
    const where = row.absent ? `${file}: ` : `${file}:${place(text, row.placedAt ?? row.key, indent)}: `;
    expect(r.stderr.startsWith(`error: ${where}${row.key}: ${row.message}`), r.stderr).toBe(true);
    if (row.hint) expect(r.stderr).toContain(`\n  hint: ${row.hint}`);
  });

  it('the same faults in a model YAML keep flopcast\'s own field names', async () => {
    const yaml = writeFile(dir, 'm.yaml', 'layers: 2\nd_model: 4097\nheads: 32\nd_ff: 64\nvocab: 100\nseq_len: 64\n');
    const r = await runCli(['flops', yaml, '--tokens', '1T']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${yaml}:3:1: heads: heads (32) does not divide d_model (4097)\n  hint: set d_head explicitly, or pick a head count that divides d_model\n`);
  });

  it('the same error through plan --model and a scenario\'s model:', async () => {
    const config = fixture('mixtral-8x7b');
    config.num_experts_per_tok = 9;
    const text = JSON.stringify(config, null, 2);
    const cfg = writeFile(tempDir('hf-errors-model'), 'config.json', text);
    const expected = `error: ${cfg}:${place(text, 'num_experts_per_tok', '  ')}: num_experts_per_tok: num_experts_per_tok (9) exceeds num_local_experts (8)\n`;
    const plan = await runCli(['plan', '--model', cfg, '--gpu', 'h100-sxm', '--count', '64', '--global-batch', '64']);
    const scenario = await runCli(['run', writeFile(dir, 's.yaml', GOOD_SCENARIO.replace('model: gpt3-175b', `model: ${cfg}`))]);
    for (const r of [plan, scenario]) {
      expect(r.code, r.stderr).toBe(2);
      expectOneError(r.stderr);
      expect(r.stderr.startsWith(expected), r.stderr).toBe(true);
    }
  });
});

describe('importHfConfig: spellings of one field that agree are one value', () => {
  // The counts are the fixture's own (an edit that changes nothing it reads): a spelling given twice with one
  // value, or once as null, and keys of other meanings that differ (GPT-2's n_ctx is not its table's rows).
  it.each([
    { what: 'gpt2: hidden_size equal to n_embd', fixture: 'gpt2', edit: (c: Config) => (c.hidden_size = c.n_embd) },
    { what: 'gpt2: num_hidden_layers null', fixture: 'gpt2', edit: (c: Config) => (c.num_hidden_layers = null) },
    { what: 'gpt2: n_ctx differing from n_positions', fixture: 'gpt2', edit: (c: Config) => (c.n_ctx = 2048) },
    { what: 'llama: seq_length differing from max_position_embeddings', fixture: 'llama-2-7b', edit: (c: Config) => (c.seq_length = 2048) },
  ])('$what', ({ fixture: name, edit }) => {
    const edited = fixture(name);
    edit(edited);
    expect(importHfConfig(edited, `${name}.json`).model).toEqual(importHfConfig(fixture(name), `${name}.json`).model);
  });
});

describe('importHfConfig: every number a builder fills is traced to its config key', () => {
  // Constants and defaults no key supplies: norms per block, Qwen2-MoE's one shared expert,
  // Falcon's default 2048 when the file has no max_position_embeddings.
  const UNKEYED = new Set(['block_norms', 'moe.shared_experts', 'seq_len']);
  const FIXTURES = ['gpt2', 'pythia-6.9b', 'llama-3.1-405b', 'mixtral-8x7b', 'qwen2-57b-a14b', 'qwen3-30b-a3b', 'deepseek-v3', 'gemma-2-9b', 'gemma-3-1b', 'falcon-40b', 'olmo-2-1124-7b', 'mistral-7b-v0.1'];

  it.each(FIXTURES)('%s', (name) => {
    const { model, trace } = importHfConfig(fixture(name), `${name}.json`);
    const numbers = (o: Record<string, unknown>, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? numbers(v as Record<string, unknown>, `${prefix}${k}.`) : typeof v === 'number' ? [`${prefix}${k}`] : []));
    const fields = numbers(model as Record<string, unknown>);
    expect(fields).toContain('heads');
    const untraced = fields.filter((f) => !trace.origins.has(f));
    expect(untraced.filter((f) => !UNKEYED.has(f))).toEqual([]);
    // A traced value is the config's value, unless marked computed from it.
    for (const [field, origin] of trace.origins) {
      if (origin.computed || !fields.includes(field)) continue;
      const value = origin.key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], fixture(name));
      expect(value, `${field} <- ${origin.key}`).toBe(field.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], model));
    }
  });
});

// A config's own text is echoed as a name is, cut at LIMITS.nameChars (256) with its length: a model_type
// (or architectures entry) of 900,000 characters made a 900 kB error line, and an outer model_type over a
// text_config a 900 kB warning on every result and a 900 kB source in --json.
describe('a config.json\'s long texts are echoed cut', () => {
  const long = 'x'.repeat(900_000);
  const shown = `${'x'.repeat(256)}… (900000 characters)`;
  it.each([
    { what: 'model_type', fixture: 'llama-2-7b', edit: (c: Config) => (c.model_type = long), code: 2, expected: `unsupported model_type "${shown}"` },
    { what: 'architectures[0], model_type missing', fixture: 'llama-2-7b', edit: (c: Config) => { delete c.model_type; c.architectures = [long]; }, code: 2, expected: `(architectures says ${shown})` },
    { what: 'text_config.model_type', fixture: 'gemma-3-4b-it', edit: (c: Config) => ((c.text_config as Config).model_type = long), code: 2, expected: `unsupported model_type "${shown}" (the language model of a "gemma3" config)` },
    // An outer type no wrapper listed was counted with a note (hostile sweep 30): refused, cut as a language model's type is.
    { what: 'the outer model_type over a text_config', fixture: 'gemma-3-4b-it', edit: (c: Config) => (c.model_type = long), code: 2, expected: `unsupported model_type "${shown}": no multimodal config flopcast knows nests its language model under text_config` },
  ])('$what', async ({ what, fixture: name, edit, code, expected }) => {
    const config = fixture(name);
    edit(config);
    const file = writeFile(dir, `long-${what.replace(/[^a-z0-9]+/gi, '-')}.json`, JSON.stringify(config));
    for (const json of [false, true]) {
      const r = await runCli(['flops', file, ...(json ? ['--json'] : [])]);
      expect(r.code, r.stderr.slice(0, 500)).toBe(code);
      // --json writes the note's quotes as \"
      expect(r.stderr + r.stdout).toContain(json ? shown : expected);
      expect(Math.max(...(r.stderr + r.stdout).split('\n').map((l) => l.length))).toBeLessThan(2_000);
    }
  });
});

// V8 names a position for some JSON errors only: NaN (Python's json.dump writes it), Infinity, a
// single-quoted key or a comment were 'not valid JSON' with the file alone.
describe('a config.json that is not JSON: refused at the place it breaks', () => {
  it.each([
    { what: 'NaN', text: '{\n  "model_type": "llama",\n  "rms_norm_eps": NaN\n}\n', at: '3:19', message: 'not valid JSON: JSON has no NaN or Infinity', hint: 'write null for a value the config leaves unset, or the number (Python: json.dump(..., allow_nan=False) refuses them)' },
    { what: '-Infinity', text: '{"model_type": "llama", "x": -Infinity}', at: '1:30', message: 'not valid JSON: JSON has no NaN or Infinity', hint: 'write null for a value the config leaves unset, or the number (Python: json.dump(..., allow_nan=False) refuses them)' },
    // Sweep 15: these said 'not valid JSON' and 'a Hugging Face config.json is one JSON object', nothing of what broke it.
    { what: 'a single-quoted key', text: "{\n  'model_type': 'llama'\n}\n", at: '2:3', message: 'not valid JSON: a single-quoted string; JSON quotes with "', hint: 'write "..." for each key and text; json.dump writes JSON, print(dict) does not' },
    { what: 'a comment', text: '{\n  // exported by hand\n  "model_type": "llama"\n}\n', at: '2:3', message: 'not valid JSON: JSON has no comments', hint: 'remove the comment' },
    { what: 'a trailing comma', text: '{\n  "model_type": "llama",\n}\n', at: '3:1', message: 'not valid JSON: a comma before `}`; JSON has no trailing comma', hint: 'remove the last comma' },
    // Lines ended by a CR alone are lines (YAML 1.2 §5.4, as every message counts them: input/lineCol.ts); this one was told on line 1, counting LF alone (review34).
    { what: 'a trailing comma, CR line ends', text: '{\r  "model_type": "llama",\r}\r', at: '3:1', message: 'not valid JSON: a comma before `}`; JSON has no trailing comma', hint: 'remove the last comma' },
    // JSON's grammar takes 1e999; it reads as infinite, and was told in YAML's word, 'found .inf (unbounded)' (hostile sweep 30)
    { what: 'a number beyond the largest', text: '{\n  "model_type": "gpt2",\n  "n_layer": 1e999\n}\n', at: '3:3', message: 'n_layer: 1e999 is too large (beyond the largest number, about 1.8e308)', hint: 'write the number meant' },
    { what: 'a negative number beyond the largest', text: '{"model_type": "gpt2", "n_layer": -1e999}', at: '1:24', message: 'n_layer: -1e999 is too large below zero (beyond the most negative number, about -1.8e308)', hint: 'write the number meant' },
    // A NUL (a file a crash padded) was 'text after the end of the JSON', and inside a string 'Bad control character' at best (hostile sweep 34).
    { what: 'NULs after the object', text: '{\n  "model_type": "llama"\n}\n\0\0', at: '4:1', message: 'file holds a control character, U+0000 (NUL): YAML and JSON text holds none but tab and line ends', hint: 'a NUL byte is never text: is this the right file (a binary, or one a crash cut short or padded with zeros)?' },
    { what: 'an escape sequence in a string', text: '{"model_type": "llama", "_name_or_path": "\x1b[31mx"}', at: '1:43', message: 'file holds a control character, U+001B (ESC): YAML and JSON text holds none but tab and line ends', hint: 'delete it: a terminal colour code pasted with the text?' },
    { what: "Python's None", text: '{"model_type": "llama", "rope_scaling": None}', at: '1:41', message: "not valid JSON: `None` is Python's, not JSON's", hint: 'write null; json.dump writes JSON, print(dict) does not' },
  ])('$what', async ({ text, at, message, hint }) => {
    const sub = join(dir, `bad-json-${at.replace(':', '-')}`);
    const file = writeFile(tempDirIn(sub), 'config.json', text);
    const r = await runCli(['flops', file]);
    expect(r.code).toBe(2);
    expectOneError(r.stderr);
    expect(r.stderr).toBe(`error: ${file}:${at}: ${message}\n  hint: ${hint}\n`);
  });
});

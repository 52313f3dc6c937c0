/** Models the recompute_modules tests count by hand: two published ones, a small dense one and a small MLA + MoE one. */
import { readFileSync } from 'node:fs';
import { validate } from '../../src/input/validate.js';
import { parseYaml } from '../../src/input/yaml.js';
import { ModelSchema, toArchitecture } from '../../src/model/schema.js';
import type { Architecture } from '../../src/model/architecture.js';
import { arch } from '../helpers.js';

export const preset = (id: string): Architecture => toArchitecture(validate(ModelSchema, parseYaml(readFileSync(new URL(`../../models/${id}.yaml`, import.meta.url), 'utf8'), `${id}.yaml`)), id);
export const llama70b = preset('llama-3-70b');
export const dsv3 = preset('deepseek-v3');
export const mixtral = preset('mixtral-8x7b');
/** A small dense GQA model: 2 layers, d 64, 4 heads of 16 (2 KV heads), SwiGLU 128, seq 16. */
export const tinyDense = arch({ layers: 2, d_model: 64, heads: 4, kv_heads: 2, d_ff: 128, ffn: 'swiglu', vocab: 100, seq_len: 16, norm: 'rmsnorm', bias: false, position: 'rotary', tied_embeddings: false }, 'tiny-dense');
/** A small MLA + MoE model: 2 layers, the first dense (SwiGLU 128), the second 4 routed experts of 32 (top 2) + 1 shared. */
export const tinyMoe = arch({
  layers: 2, d_model: 64, heads: 4, d_ff: 128, ffn: 'swiglu', vocab: 100, seq_len: 16, norm: 'rmsnorm', bias: false, position: 'rotary', tied_embeddings: false,
  attention: 'mla', q_lora_rank: 0, kv_lora_rank: 16, qk_rope_head_dim: 8, qk_nope_head_dim: 16, v_head_dim: 16,
  moe: { experts: 4, top_k: 2, d_ff_expert: 32, shared_experts: 1, dense_layers: 1 },
}, 'tiny-moe');


/**
 * Routed-expert biases (`moe.expert_bias`) in the parameter count, against the published GPT-OSS total:
 * 116.83B parameters for gpt-oss-120b (OpenAI, "gpt-oss-120b & gpt-oss-20b Model Card",
 * arXiv:2508.10925, Table 1; gpt-oss-20b 20.91B). Without its experts' biases (36 layers × 128
 * experts × (2·2880 + 2880)) the 120b count is 116.79B; the 20b's 6.6M do not move its rounded figure.
 */
import { describe, expect, it } from 'vitest';
import { attentionParams, countParams, exactParamCount } from '../../src/model/params.js';
import { arch } from '../helpers.js';

const oss120 = { layers: 36, d_model: 2880, heads: 64, kv_heads: 8, d_head: 64, ffn: 'swiglu', vocab: 201088, seq_len: 4096, norm: 'rmsnorm', bias: 'qkv', position: 'rotary' } as const;

describe('expert biases in the parameter count', () => {
  it.each([
    ['with expert_bias: the published 116.83B', true, 116.83],
    ['without: 116.79B', false, 116.79],
  ])('GPT-OSS-120B %s', (_, expertBias, billions) => {
    const a = arch({ ...oss120, moe: { experts: 128, top_k: 4, d_ff_expert: 2880, expert_bias: expertBias } }, 'gpt-oss-120b');
    expect(Math.round(countParams(a).total / 1e7) / 100).toBe(billions);
  });
  it('GPT-OSS-20B with expert_bias: the published 20.91B', () => {
    const a = arch({ ...oss120, layers: 24, moe: { experts: 32, top_k: 4, d_ff_expert: 2880, expert_bias: true } }, 'gpt-oss-20b');
    expect(Math.round(countParams(a).total / 1e7) / 100).toBe(20.91);
  });
  it('adds (2F + d) per expert and MoE layer for a gated unit, counted by hand', () => {
    const moe = { experts: 128, top_k: 4, d_ff_expert: 2880 };
    const diff = countParams(arch({ ...oss120, moe: { ...moe, expert_bias: true } }, 'b')).total - countParams(arch({ ...oss120, moe }, 'u')).total;
    expect(diff).toBe(36 * 128 * (2 * 2880 + 2880));
  });
  it('the active count takes the top-k experts\' biases only', () => {
    const moe = { experts: 128, top_k: 4, d_ff_expert: 2880 };
    const b = countParams(arch({ ...oss120, moe: { ...moe, expert_bias: true } }, 'b'));
    const u = countParams(arch({ ...oss120, moe }, 'u'));
    expect(b.active - u.active).toBe(36 * 4 * (2 * 2880 + 2880));
  });
});

describe('past 2^53 in all, every figure is the exact count rounded once', () => {
  // A MoE found by a random search (seeded) whose total, 858,418,185,396,855,876, is past 2^53: its
  // active count was total − inactive experts in doubles, 139,794,678,690,432 where exact is ...338.
  const huge = { layers: 2321, d_model: 4096, heads: 64, d_ff: 4096, vocab: 30306, seq_len: 4609, ffn: 'swiglu', norm: 'rmsnorm', bias: true, position: 'rotary', tied_embeddings: false } as const;
  const moe = (experts: number) => arch({ ...huge, moe: { experts, top_k: 1, d_ff_expert: 2049 } }, 'huge');

  it('the active count moves only by the router rows when experts are added (L · ΔE · d, no router bias)', () => {
    // Active parameters do not depend on how many experts a token is not sent to, except the router's d per expert.
    const [a, b] = [moe(14_682_114), moe(14_682_114 - 1000)];
    expect(countParams(a).total).toBeGreaterThan(2 ** 53);
    expect(countParams(a).active - countParams(b).active).toBe(2321 * 1000 * 4096);
  });

  it.each([14_682_114, 6_071_554, 2 ** 24 + 3])('%d experts: every number equals the BigInt count rounded once', (experts) => {
    const a = moe(experts);
    const p = countParams(a);
    const x = exactParamCount(a);
    expect(p.total).toBe(Number(x.total));
    expect(p.active).toBe(Number(x.active));
    for (const [k, v] of Object.entries(x.byComponent)) expect(p.byComponent[k as keyof typeof p.byComponent], k).toBe(Number(v));
    const embedding = x.byComponent.embedding + x.byComponent.position + x.byComponent.output_head;
    expect(p.embedding).toBe(Number(embedding));
    expect(p.nonEmbedding).toBe(Number(x.total - embedding));
  });
});

describe('an output-head bias (head_bias)', () => {
  // phi-2's shape (transformers PhiForCausalLM: lm_head = nn.Linear(hidden, vocab, bias=True)), untied.
  const phi2 = { layers: 32, d_model: 2560, heads: 32, d_ff: 10240, ffn: 'gelu', vocab: 51200, seq_len: 2048, norm: 'layernorm', bias: true, parallel_block: true, position: 'rotary' } as const;
  it('adds vocab parameters to the output head, in the total, the active count and the embedding share, exactly', () => {
    const b = countParams(arch({ ...phi2, head_bias: true }, 'b'));
    const u = countParams(arch(phi2, 'u'));
    expect(b.byComponent.output_head - u.byComponent.output_head).toBe(51_200);
    expect([b.total - u.total, b.active - u.active, b.embedding - u.embedding]).toEqual([51_200, 51_200, 51_200]);
    expect(exactParamCount(arch({ ...phi2, head_bias: true }, 'b')).total).toBe(BigInt(b.total));
    // phi-2's published 2,779,683,840 (test/model/hf/older.test.ts) with the bias; 51,200 fewer without.
    expect(b.total).toBe(2_779_683_840);
  });
});

describe('attention sinks (attention_sinks)', () => {
  // GPT-OSS (modeling_gpt_oss.py GptOssAttention: self.sinks = nn.Parameter(torch.empty(num_attention_heads))): one
  // logit per head and layer, 36 · 64 = 2,304 for the 120b; left out before (no matrix product), while norms were counted.
  it('adds heads parameters per layer, in the total, the active count and the attention share, and no matrix FLOPs', () => {
    const moe = { experts: 128, top_k: 4, d_ff_expert: 2880, router_bias: true, expert_bias: true };
    const s = countParams(arch({ ...oss120, bias: true, attention_sinks: true, moe }, 's'));
    const u = countParams(arch({ ...oss120, bias: true, moe }, 'u'));
    expect([s.total - u.total, s.active - u.active, s.byComponent.attention - u.byComponent.attention]).toEqual([2_304, 2_304, 2_304]);
    // The checkpoint's tensors by hand (test/model/hf.test.ts, gpt-oss-120b): 116,829,156,672.
    expect(s.total).toBe(116_829_156_672);
    expect(exactParamCount(arch({ ...oss120, bias: true, attention_sinks: true, moe }, 's')).total).toBe(BigInt(s.total));
  });
});

// Latent attention's biases sit where DeepseekV3Attention and DeepseekV2Attention put them with attention_bias
// (transformers modular_deepseek_v3.py, modular_deepseek_v2.py @ 000c33f): q_a_proj (q_lora_rank wide), kv_a_proj_with_mqa
// (kv_lora_rank + qk_rope_head_dim) and o_proj (d_model); q_b_proj, kv_b_proj and a plain q_proj carry none. The old code
// biased q_b and kv_b and, under `qkv`, left o_proj out: every biased row failed on it.
describe('biases on latent attention (MLA)', () => {
  // GLM-4.7-Flash's attention (zai-org/GLM-4.7-Flash config.json): d 2048, 20 heads, q rank 768, kv rank 512, rope 64, nope 192, v 256.
  const glm = { layers: 47, d_model: 2048, heads: 20, d_ff: 10240, vocab: 154880, seq_len: 4096, norm: 'rmsnorm', position: 'rotary', attention: 'mla', q_lora_rank: 768, kv_lora_rank: 512, qk_rope_head_dim: 64, qk_nope_head_dim: 192, v_head_dim: 256 } as const;
  const unbiased = attentionParams(arch({ ...glm, bias: false }, 'u'));
  it.each([
    { what: 'qkv, q_lora_rank 768', model: { ...glm, bias: 'qkv' as const }, biases: 768 + (512 + 64) + 2048 },
    { what: 'true (every linear), q_lora_rank 768', model: { ...glm, bias: true }, biases: 768 + (512 + 64) + 2048 },
    { what: 'qkv, a plain q_proj (no q_lora_rank): none on it', model: { ...glm, q_lora_rank: undefined, bias: 'qkv' as const }, biases: (512 + 64) + 2048 },
  ])('$what', ({ model, biases }) => {
    const base = model.q_lora_rank === undefined ? attentionParams(arch({ ...glm, q_lora_rank: undefined, bias: false }, 'u')) : unbiased;
    expect(attentionParams(arch(model, 'b')) - base).toBe(biases);
  });
});

/**
 * Routed-expert biases (`moe.expert_bias`) in the parameter count, against the published GPT-OSS total:
 * 116.83B parameters for gpt-oss-120b (OpenAI, "gpt-oss-120b & gpt-oss-20b Model Card",
 * arXiv:2508.10925, Table 1; gpt-oss-20b 20.91B). Without its experts' biases (36 layers × 128
 * experts × (2·2880 + 2880)) the 120b count is 116.79B; the 20b's 6.6M do not move its rounded figure.
 */
import { describe, expect, it } from 'vitest';
import { countParams } from '../../src/model/params.js';
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

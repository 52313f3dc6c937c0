/**
 * The flops document (src/report/flopsJson.ts): its total is the exact count rounded once. The sum of
 * the three rounded parts (forward + backward + recompute, each a double) could be an ulp off: GPT-3
 * 175B at 2^53 − 1 tokens printed total 9.695109958968961e27 beside model 9.695109958968962e27,
 * while the exact count, 1,076,373,430,272 × 9,007,199,254,740,991 = 9,695,109,958,968,962,441,558,679,552,
 * rounds to the latter.
 */
import { describe, expect, it } from 'vitest';
import { flops } from '../../src/index.js';

describe('flops.total is the exact count (per-token total × tokens, in BigInt) rounded once', () => {
  it.each([
    ['gpt3-175b', 2 ** 53 - 1, 'none'],
    ['gpt3-175b', 2 ** 53 - 1, 'full'],
    ['llama-3.1-405b', 15.6e12, 'selective'],
    ['deepseek-v3', 2 ** 52 + 3, 'full'],
    ['gpt2', 1, 'none'],
  ] as const)('%s, %d tokens, recompute %s', (model, tokens, recompute) => {
    const j = flops(model, { tokens, recompute });
    const exact = BigInt(j.flops_per_token.total) * BigInt(tokens);
    expect(Number.isSafeInteger(j.flops_per_token.total)).toBe(true);
    expect(j.flops.total).toBe(Number(exact));
    expect(j.flops.hardware).toBe(j.flops.total);
    if (recompute === 'none') expect(j.flops.model).toBe(j.flops.total);
  });

  it('GPT-3 175B at 2^53 − 1 tokens: the figure worked by hand above', () => {
    expect(flops('gpt3-175b', { tokens: 2 ** 53 - 1 }).flops.total).toBe(9.695109958968962e27);
  });
});

// flops.exact: the decimal strings `--explain` prints as "exactly" (tokens × the per-token counts, in BigInt). The
// doubles beside them are rounded past 2^53: 1,234,567,890,123 tokens × 27,731,165,184 model FLOPs per token (a
// Llama-3.2-3B-shaped config at seq_len 8192; 2·d·(H+2G)·Q + 4·s·H·Q + 2·H·Q·d + 6·d·F per layer × 28, + 2·d·V, all × 3,
// by hand in Python) = 34,236,006,091,863,275,077,632, where the double is 34,236,006,091,863,275,601,920. The
// document had no exact figure for the FLOPs, only for the parameters.
describe('flops.exact: the exact totals as decimal strings', () => {
  const llama32 = { name: 'llama-3b', layers: 28, d_model: 3072, heads: 24, kv_heads: 8, d_ff: 8192, ffn: 'swiglu', vocab: 128256, seq_len: 8192, tied_embeddings: true, norm: 'rmsnorm', position: 'rotary' } as const;
  it.each([
    ['a 3B model at 1,234,567,890,123 tokens', () => flops(llama32, { tokens: 1234567890123 }), '34236006091863275077632'],
    ['GPT-3 175B at 2^53 − 1 tokens (the figure above)', () => flops('gpt3-175b', { tokens: 2 ** 53 - 1 }), '9695109958968962441558679552'],
  ])('%s', (_, run, model) => {
    const j = run();
    expect(j.flops.exact?.model).toBe(model);
    expect(j.flops.exact?.total).toBe(j.flops.exact?.hardware);
    expect(j.flops.exact?.forward).toBe((BigInt(j.flops_per_token.forward) * BigInt(j.tokens)).toString());
    expect(Number(model)).toBe(j.flops.model);
  });
  it('a 3B model: the double is not the exact count, the string is', () => {
    const j = flops(llama32, { tokens: 1234567890123 });
    expect(j.flops_per_token.model).toBe(27731165184);
    expect(BigInt(j.flops.model).toString()).toBe('34236006091863275601920');
  });
});

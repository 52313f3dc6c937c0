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

/**
 * `flops --explain` (src/report/explain.ts): what its architecture step says of the layers, checked against the
 * model's own layer counts (src/model/schema.ts), never against the text's own output.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/flops/analyse.js';
import { explain } from '../../src/report/explain.js';
import type { ModelInput } from '../../src/model/schema.js';
import { arch, GPT3_175B } from '../helpers.js';

const base: ModelInput = { layers: 10, d_model: 64, heads: 4, ffn: 'swiglu', d_ff: 256, vocab: 1000, seq_len: 128 };

// Hostile sweep 10: with sliding and chunked layers in one model, each kind's sentence called every layer not of its
// kind global ("the other 7 attend over the whole sequence" of 3 sliding, 4 chunked and 3 global layers). The global
// layers are those of neither kind: layers − sliding − chunked (schema.ts layerTypeCount over the pattern). The
// chunked-only row fails on the old code for its wording only ('the others', now counted as the sliding sentence does).
describe('explain: which layers attend over the whole sequence', () => {
  it.each([
    { what: 'sliding only', model: { ...base, sliding_window: 32, layer_types: ['sliding_attention', 'full_attention'] }, lines: ['the other 5 attend over the whole sequence.'] },
    { what: 'chunked only', model: { ...base, attention_chunk_size: 48, layer_types: ['chunked_attention', 'full_attention'] }, lines: ['the other 5 attend over the whole sequence.'] },
    // [chunked, sliding, full] over 10 layers: chunked 0, 3, 6, 9 (4), sliding 1, 4, 7 (3), full 2, 5, 8 (3).
    {
      what: 'sliding and chunked',
      model: { ...base, sliding_window: 32, attention_chunk_size: 48, layer_types: ['chunked_attention', 'sliding_attention', 'full_attention'] },
      lines: ['4 are chunked (below) and the other 3 attend over the whole sequence.', 'besides the 3 sliding ones, the other 3 attend over the whole sequence.'],
    },
    // Every layer chunked (attention_chunk_size without layer_types): no "the other 0" (found in review).
    { what: 'every layer chunked', model: { ...base, attention_chunk_size: 48 }, lines: ['a query at position i attends to the keys from ⌊i/C⌋·C to i.'] },
  ] satisfies { what: string; model: ModelInput; lines: string[] }[])('$what', ({ model, lines }) => {
    const text = explain(analyse(arch(model)));
    for (const line of lines) expect(text).toContain(line);
    expect(text).not.toMatch(/the other 7 attend|the others attend|the other 0 /);
  });
});

// Audit 2026-11-30 against shared/reference formulas.md §13 and the flawed GPT-3 answer it dissects (whose 144T per
// token is "forward + 2× backward + parameter updates (1× forward)"). Expected figures worked by hand:
//   GPT-3 175B full recomputation, Narayanan et al. 2021 Eq. 3 per token, 96·l·h²·(1 + s/6h + V/16lh)
//     = 96·96·12288² + 16·96·2048·12288 + 6·12288·50257 = 1,391,569,403,904 + 38,654,705,664 + 3,705,348,096
//     = 1,433,929,457,664 → 1.434e12 (the logits are not rerun). The old line printed 4 × forward = 1.435e12.
//   GPT-3 idle weights 40,525,824 = positions 2048·12288 + biases 96·(4·12288 + 49152 + 12288) + norms
//     (96·2 + 1)·2·12288: its tied embedding is the output head's weight, so "embedding lookup" is not among them.
//   A Llama-2-7B block (untied, rotary, no biases, RMSNorm): the idle weights are its embedding and its norms.
describe('explain: recomputation, the optimizer and the weights outside the products', () => {
  it.each([
    {
      what: 'GPT-3 175B',
      model: GPT3_175B,
      has: ['1.434e12 per token executed', 'The optimizer step is not another forward pass', '40,525,824 parameters that never enter a matrix product (positions, biases, norms)'],
      hasNot: ['1.435e12', 'embedding lookup, positions'],
    },
    {
      what: 'Llama 2 7B block',
      model: { layers: 32, d_model: 4096, heads: 32, d_ff: 11008, ffn: 'swiglu', vocab: 32000, seq_len: 4096, norm: 'rmsnorm', position: 'rotary' },
      has: ['131,338,240 parameters that never enter a matrix product (embedding lookup, norms)'],
      hasNot: ['positions, biases'],
    },
    // A small block with GPT-OSS's attention sinks (the read of the whole change: Step 8 counted them and did not name them):
    // embedding 100·64 = 6,400, norms (2·2 + 1)·64 = 320, sinks 2 layers · 4 heads = 8: 6,728.
    {
      what: 'a block with attention sinks',
      model: { layers: 2, d_model: 64, heads: 4, d_ff: 128, ffn: 'swiglu', vocab: 100, seq_len: 64, norm: 'rmsnorm', position: 'rotary', attention_sinks: true },
      has: ['6,728 parameters that never enter a matrix product (embedding lookup, norms, attention sinks)'],
      hasNot: ['positions, biases'],
    },
  ] satisfies { what: string; model: ModelInput; has: string[]; hasNot: string[] }[])('$what', ({ model, has, hasNot }) => {
    const text = explain(analyse(arch(model), { tokens: 300e9 }));
    for (const line of has) expect(text).toContain(line);
    for (const line of hasNot) expect(text).not.toContain(line);
  });
});

// Selective recomputation's figure is Korthikanti et al. 2022 Appendix A's text, "attention matrix computation (2Bs²h
// operations) and attention over values (2Bs²h operations)": per token 4·L·s·h = 4·96·2048·12288 = 9,663,676,416 → 9.664e9
// for GPT-3. Eq. 8 as printed, 72BLsh²(1 + s/(3h) + V/(12hL)), adds 3× that (formulas.md §5: 1.1054e12 per token, not
// model 1.0764e12 + 9.66e9); the old line credited the figure to Eq. 8.
describe('explain: selective recomputation names the source its figure follows', () => {
  it('GPT-3 175B', () => {
    const text = explain(analyse(arch(GPT3_175B), { tokens: 300e9, recompute: 'selective' }));
    expect(text).toContain('QKᵀ and A·V run again (Korthikanti et al. 2022 Appendix A text, 2Bs²h + 2Bs²h per layer; its Eq. 8 as printed adds 3× that): 9.664e9 per token.');
  });
});

// hostile sweep 17: a one-layer, one-head model on one token read "on 1 tokens", "L = 1 layers", "H = 1 heads", "G = 1
// key/value heads", "s = 1 tokens per sequence", "D = 1 tokens" and "serve all 1 heads" (each fails on the old code);
// counts above one keep their plural (GPT-3's lines, as the README shows them).
describe('explain: a count of one takes the singular (report/format.ts plural)', () => {
  const one: ModelInput = { layers: 1, d_model: 8, heads: 1, d_ff: 32, vocab: 16, seq_len: 1 };
  it.each([
    // and the mistakes of step 9 say they change nothing at one token a sequence and one head (they said "overstates 1×")
    ['one of each', one, 1, ['training test on 1 token take?', '  L = 1 layer, d = 8, H = 1 head of Q = 8 (H·Q = 8), G = 1 key/value head,', 's = 1 token per sequence.', '  D = 1 token (1.000e0)', 'so they already serve the one head;', 'using that per token happens to agree at one token a sequence, and overstates s× at s tokens.', 'again changes nothing with one head, and overstates H× with H heads.']],
    ['GPT-3', GPT3_175B, 300e9, ['training test on 300B tokens take?', '  L = 96 layers, d = 12288, H = 96 heads of Q = 128 (H·Q = 12288), G = 96 key/value heads,', 's = 2048 tokens per sequence.', 'so they already serve all 96 heads;']],
    ['MoE, one dense layer', { ...base, moe: { experts: 2, top_k: 1, dense_layers: 1 } }, 2, ['E = 2 experts of F_e', '1 dense layer of F = 256', 'on 2 tokens take?']],
  ])('%s', (_, model, tokens, lines) => {
    const text = explain(analyse(arch(model as ModelInput), { tokens }));
    for (const line of lines) expect(text).toContain(line);
    expect(text).not.toMatch(/\b1 (tokens|layers|heads|key\/value heads|experts|dense layers)\b|all 1 heads|overstates 1×/);
  });
});

// The MoE architecture line gives the widths of what the model has: a Qwen3-MoE-shaped model (128 experts, no shared
// experts, no dense layer) read "n_s = 0 shared of F_s = 768, 0 dense layers of F = 768", widths no layer uses, and
// one dense layer (DeepSeek's first_k_dense_replace: 1) "1 dense layers".
describe('explain: the MoE line names only the parts the model has', () => {
  const moe = { experts: 16, top_k: 2, d_ff_expert: 32 };
  it.each([
    { what: 'no shared experts, no dense layer', model: { ...base, moe }, line: 'MoE: E = 16 experts of F_e = 32, top-k = 2, no shared experts, no dense layers, V = 1000' },
    { what: 'one dense layer, two shared experts', model: { ...base, moe: { ...moe, dense_layers: 1, shared_experts: 2, d_ff_shared: 48 } }, line: 'MoE: E = 16 experts of F_e = 32, top-k = 2, n_s = 2 shared of F_s = 48, 1 dense layer of F = 256, V = 1000' },
    { what: 'three dense layers', model: { ...base, moe: { ...moe, dense_layers: 3 } }, line: 'no shared experts, 3 dense layers of F = 256, V = 1000' },
  ] satisfies { what: string; model: ModelInput; line: string }[])('$what', ({ model, line }) => {
    expect(explain(analyse(arch(model)))).toContain(line);
  });
});

/**
 * Models too large to count exactly are refused by the model schema at the size that makes them so
 * (src/model/countable.ts), with the count that overflows; a model that counts at a shorter sequence
 * length is left to the count. Each overflow is worked by hand in its row.
 */
import { describe, expect, it } from 'vitest';
import { ModelSchema, type ModelInput } from '../../src/model/schema.js';
import { safeParseInput } from '../../src/input/zodIssue.js';

const BASE: ModelInput = { layers: 32, d_model: 4096, heads: 32, d_ff: 11008, vocab: 32000, seq_len: 4096, ffn: 'swiglu' };

interface Row { case: string; model: ModelInput; path?: string; message?: string }

const ROWS: Row[] = [
  { case: 'a 7B model counts', model: BASE },
  // logits 2·d·V = 2 × 4096 × 1e15 = 8.192e18 > 2^53 ≈ 9.007e15; d_model = seq_len = 4096 must not hide it.
  { case: 'vocab 1e15', model: { ...BASE, vocab: 1e15 }, path: 'vocab', message: 'vocab (1000000000000000) is too large to count exactly: the FLOPs per token of logits would be 8192000000000000000' },
  // 1e12 layers × the gated FFN's 2·3·4096·11008 = 2.7e8 per layer: past 2^53; one layer counts.
  { case: 'layers 1e12', model: { ...BASE, layers: 1e12 }, path: 'layers', message: 'layers (1000000000000) is too large to count exactly' },
  // The expert width is used by the routed and (absent d_ff_shared) the shared experts alike.
  { case: 'moe.d_ff_expert 1e13', model: { ...BASE, moe: { experts: 8, top_k: 2, d_ff_expert: 1e13, shared_experts: 1 } }, path: 'moe.d_ff_expert', message: 'd_ff_expert (10000000000000) is too large' },
  // The same values in two fields (d_ff_expert and d_ff_shared, as the DeepSeek importer writes them).
  { case: 'two fields of one value', model: { ...BASE, moe: { experts: 8, top_k: 2, d_ff_expert: 1e13, shared_experts: 1, d_ff_shared: 1e13 } }, path: 'moe.d_ff_expert' },
  // No one value is enough: 1e12 layers of which 5e11 dense (as Qwen-MoE's importer writes every other layer
  // dense): at 1 layer the 5e11 dense FFNs still overflow, and at 1 dense layer the 1e12 layers do. The largest is blamed.
  { case: 'layers and dense_layers together', model: { ...BASE, layers: 1e12, moe: { experts: 8, top_k: 2, d_ff_expert: 1024, dense_layers: 5e11 } }, path: 'layers', message: 'layers (1000000000000) is too large to count exactly' },
  // Scores 2·s·H·Q = 2 × 1e13 × 32 × 128 = 8.2e16 > 2^53: a shorter sequence counts, so the count blames the length it is given.
  { case: 'seq_len 1e13 (left to the count)', model: { ...BASE, seq_len: 1e13 } },
];

describe('a model too large to count is refused at its size', () => {
  it.each(ROWS)('$case', (row) => {
    const r = safeParseInput(ModelSchema, row.model);
    if (row.path === undefined) {
      expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
      return;
    }
    expect(r.success).toBe(false);
    const issue = r.error!.issues[0]!;
    expect(issue.path.join('.')).toBe(row.path);
    if (row.message) expect(issue.message).toContain(row.message);
    expect(issue.message).toContain('| per-token counts must stay below 2^53');
  });
});

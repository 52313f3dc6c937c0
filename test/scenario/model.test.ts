/**
 * A scenario's inline model (src/scenario/model.ts): its number fields may be arithmetic over its own sizes
 * (`d_ff: 4 * d_model`), its text and boolean fields are read as the model file reads them.
 */
import { describe, expect, it } from 'vitest';
import { flops, run } from '../../src/index.js';
import type { ModelInput } from '../../src/model/schema.js';
import { thrownInputError } from '../helpers.js';

const BASE = { layers: 4, d_model: 64, heads: 4, d_ff: 256, vocab: 1000, seq_len: 128 };
const scenario = (fields: string) => `model: {layers: 4, d_model: 64, heads: 4, d_ff: 256, vocab: 1000, seq_len: 128, ${fields}}\ntraining: {tokens: 1B}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n`;

// Hostile sweep 10: the fields not evaluated as arithmetic were a hand-kept list that missed the text and boolean ones
// added since: an inline hybrid's layer_pattern was parsed as arithmetic (no inline hybrid model resolved), a boolean
// written `yes` offered `abs`. Each resolving row is counted as the library counts the same model given as an object
// (no arithmetic there). The first three rows failed on the old code; the last pins the arithmetic.
describe('an inline model\'s fields', () => {
  it.each([
    { fields: 'layer_pattern: "M*M-", mamba: {heads: 4, groups: 1, chunk_size: 64}', same: { layer_pattern: 'M*M-', mamba: { heads: 4, groups: 1, chunk_size: 64 } } },
    { fields: 'layer_pattern: "EEEE", moe: {experts: 4, top_k: 1}', same: { layer_pattern: 'EEEE', moe: { experts: 4, top_k: 1 } } },
    { fields: 'head_bias: yes', refused: 'model.head_bias: expected true or false, found "yes"' },
    { fields: 'd_head: d_model / heads * 2', same: { d_head: 32 } },
  ])('$fields', ({ fields, same, refused }) => {
    if (refused) {
      const e = thrownInputError(() => run(scenario(fields)));
      expect(`${e.details.keyPath}: ${e.message}`).toBe(refused);
    } else {
      expect(run(scenario(fields)).results[0]!.params).toBe(flops({ ...BASE, ...same } as ModelInput).params.total);
    }
  });
});

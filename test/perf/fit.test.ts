import { describe, expect, it } from 'vitest';
import { evaluateLayout, runContext } from '../../src/perf/evaluate.js';
import { memoryShortfall } from '../../src/perf/fit.js';
import { gib } from '../../src/report/format.js';
import { arch, GPT3_175B, gpt3, layout, loadProfile } from './helpers.js';

const a100 = loadProfile('a100-sxm4-80gb');

/** A layout that does not fit says by how much, what dominates, and what would shrink it. */
describe('memory shortfall', () => {
  it.each([
    // 175B/8 = 21.8B parameters per GPU: Adam's 12 bytes each = 244 GiB, unsharded at ZeRO 0 (Rajbhandari et al. 2020 §3.1).
    ['ZeRO 0 with 128 data-parallel ranks', 1024, 1536, layout({ tp: 8, dp: 128, recompute: 'full' }), /the largest part is optimizer states, 24\d\.\d GiB/, /^shard the optimizer states: zero_stage 1 or more/],
    ['one data-parallel rank: ZeRO cannot help', 8, 8, layout({ tp: 8, recompute: 'full' }), /optimizer states/, /over more GPUs: more tp or pp \(ZeRO needs data-parallel ranks/],
    // bf16 with fp32 main gradients: 4 bytes each, twice the weights (Megatron-LM dist_optimizer.md: 6 + 12/d).
    ['ZeRO 1 already: the fp32 gradients are next, then ZeRO 2', 64, 64, layout({ tp: 8, dp: 8, zeroStage: 1, recompute: 'full' }), /the largest part is gradients, 8\d\.\d GiB/, /^shard the gradients: zero_stage 2/],
    ['long sequences without recompute: activations', 64, 64, layout({ tp: 8, pp: 8, recompute: 'none', microBatch: 1 }), /the largest part is activations/, /^recompute: selective or full/],
  ] as const)('%s', (_, n, B, l, part, hint) => {
    const seqLen = part.source.includes('activations') ? 32768 : undefined;
    // 32,768 positions: GPT-3's shape with rotary positions (its learned table of 2,048 rows holds no more).
    const model = seqLen ? arch({ ...GPT3_175B, position: 'rotary' }, 'gpt3-175b-rotary') : gpt3;
    const e = evaluateLayout(runContext(model, a100, { globalBatchSequences: B, gpuCount: n, flashAttention: false, ...(seqLen ? { seqLen } : {}) }), l);
    expect(e.memory.fits).toBe(false);
    const why = memoryShortfall(e);
    const over = (e.memory.total - e.memory.capacity) / 2 ** 30;
    expect(why.message).toContain(`over by ${gib(over * 2 ** 30)}`);
    expect(why.message).toMatch(part);
    expect(why.hint).toMatch(hint);
  });
});

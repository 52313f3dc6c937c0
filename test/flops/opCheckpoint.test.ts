/**
 * src/flops/opCheckpoint.ts: TorchTitan's per-operator selective checkpointing (recompute_modules [op]) — which linears a
 * dense block keeps, the FLOPs it reruns, what it stores, and the fit it decides. The expected figures are counted here
 * from the models' published shapes and TorchTitan's policy text, not read from the code's output.
 */
import { describe, expect, it } from 'vitest';
import { countFlops } from '../../src/flops/count.js';
import { opSacLinears } from '../../src/flops/opCheckpoint.js';
import { moduleProblem } from '../../src/flops/recomputeModules.js';
import { activationBytesPerLayer } from '../../src/perf/activations.js';
import { evaluateLayout, runContext } from '../../src/perf/evaluate.js';
import { arch } from '../helpers.js';
import { layout, loadProfile } from '../perf/helpers.js';
import { dsv3, mixtral, preset } from './recomputeModels.js';

const llama2_70b = preset('llama-2-70b');
const base = { layers: 2, d_model: 64, heads: 4, kv_heads: 2, d_ff: 128, vocab: 100, seq_len: 16, norm: 'rmsnorm', position: 'rotary', tied_embeddings: false } as const;
const swiglu = arch({ ...base, ffn: 'swiglu', bias: false }, 'swiglu');
const gelu = arch({ ...base, ffn: 'gelu', bias: false }, 'gelu');
const qkvBias = arch({ ...base, ffn: 'swiglu', bias: 'qkv' }, 'qkv-bias');
const allBias = arch({ ...base, ffn: 'gelu', bias: true }, 'all-bias');

describe('opSacLinears: the block\'s linears in forward order, kept (odd-numbered aten.mm) or rerun', () => {
  // "Saves output of all compute ops, except every second mm"; a biased linear is aten.addmm, neither kept nor counted.
  it.each([
    ['SwiGLU, no bias (Llama)', swiglu, 'q k v o w1 w3 w2', 'S R S R S R S'],
    ['GeLU, no bias', gelu, 'q k v o w1 w2', 'S R S R S R'],
    ['q, k, v biased (Qwen2): o is the first mm', qkvBias, 'q k v o w1 w3 w2', 'R R R S R S R'],
    ['every linear biased (GPT-2): no mm at all', allBias, 'q k v o w1 w2', 'R R R R R R'],
  ] as const)('%s', (_, a, names, kept) => {
    const ls = opSacLinears(a);
    expect(ls.map((l) => l.name).join(' ')).toBe(names);
    expect(ls.map((l) => (l.saved ? 'S' : 'R')).join(' ')).toBe(kept);
  });
  // torchao's float8 linears are torch._scaled_mm: neither kept nor counted, whatever the bias.
  it.each([['SwiGLU, FP8', swiglu], ['q, k, v biased, FP8', qkvBias]] as const)('%s: every linear rerun', (_, a) => {
    expect(opSacLinears(a, true).every((l) => !l.saved)).toBe(true);
  });
});

describe('the FLOP count: op reruns the linears it does not keep, never the attention core', () => {
  it('Llama 2 70B (d 8192, 8 KV heads of 128, FFN 28672, 80 layers): k, o and w3 again', () => {
    const perLayer = 2 * 8192 * 1024 + 2 * 8192 * 8192 + 2 * 8192 * 28672; // wk, wo, w3
    const c = countFlops(llama2_70b, { seqLen: 4096, recompute: 'selective', recomputeModules: ['op'] });
    expect(c.perToken.recompute).toBe(80 * perLayer);
    expect(c.perToken.recompute).toBe(49_660_559_360);
    for (const id of ['attn_scores', 'attn_values', 'logits']) expect(c.components.find((p) => p.id === id)!.recompute).toBe(0);
  });
  it('q, k, v biased: all three projections and w1, w2 again (d 64, q 64, k and v 32, FFN 128; 2 layers)', () => {
    const perLayer = 2 * 64 * (64 + 32 + 32) + 2 * 64 * 128 + 2 * 128 * 64;
    expect(countFlops(qkvBias, { seqLen: 16, recompute: 'selective', recomputeModules: ['op'] }).perToken.recompute).toBe(2 * perLayer);
  });
});

describe('what op keeps of a block (tp 1): its input, the kept linears\' outputs, the attention kernel\'s output and log-sum-exp', () => {
  it('Llama 2 70B at s 4096, b 1: 2·s·(d + q + v + F + d) + 2·s·q + 4·s·H bytes', () => {
    const s = 4096;
    const expected = 2 * s * 8192 /* input */ + 2 * s * 8192 /* wq */ + 2 * s * 1024 /* wv */ + 2 * s * 28672 /* w1 */ + 2 * s * 8192 /* w2 */
      + 2 * s * 8192 /* attention output */ + 4 * s * 64 /* log-sum-exp */;
    const a = activationBytesPerLayer(llama2_70b, layout({ recompute: 'selective' }), { seqLen: s, microBatch: 1, flashAttention: true, recomputeModules: ['op'] });
    expect(a.stored).toBe(expected);
    expect(a.stored).toBeLessThan(activationBytesPerLayer(llama2_70b, layout({ recompute: 'selective' }), { seqLen: s, microBatch: 1, flashAttention: true }).stored);
  });
  it('under tp 8 with sequence parallelism: column-parallel outputs ÷8, a kept row-parallel output whole, the two reduce-scatters ÷8', () => {
    const s = 4096;
    const t = 8;
    const expected = (2 * s * 8192) / t + (2 * s * 8192) / t + (2 * s * 1024) / t + (2 * s * 28672) / t + 2 * s * 8192
      + (2 * s * 8192 + 4 * s * 64) / t + 2 * ((2 * s * 8192) / t);
    const a = activationBytesPerLayer(llama2_70b, layout({ tp: t, sequenceParallel: true, recompute: 'selective' }), { seqLen: s, microBatch: 1, flashAttention: true, recomputeModules: ['op'] });
    expect(a.stored).toBe(expected);
  });
});

describe('the fit op decides, against what TorchTitan printed (docs/performance.md @ 0413364, 64 A100 80GB, FSDP2)', () => {
  // Footnote 1: "Since the 70B training with local batch size 2 will cause an OOM error when selective activation
  // checkpointing is used, we report the local batch size 1 case instead" — and the table's lbs-1 selective-op row ran.
  const ctx = runContext(llama2_70b, loadProfile('a100-sxm4-80gb'), { seqLen: 4096, globalBatchSequences: 64, gpuCount: 64, stack: 'torchtitan', recomputeModules: ['op'] });
  it.each([
    [1, true],
    [2, false],
  ] as const)('Llama 2 70B, local batch %i, selective op: fits %s', (mb, fits) => {
    const ev = evaluateLayout({ ...ctx, globalBatchSequences: 64 * mb }, layout({ dp: 64, shardGroup: 64, zeroStage: 3, microBatch: mb, recompute: 'selective' }));
    expect(ev.memory.fits).toBe(fits);
  });
});

describe('moduleProblem: op is modelled for dense sequential blocks', () => {
  it.each([
    ['Llama 2 70B', llama2_70b, undefined],
    ['Mixtral (MoE)', mixtral, 'MoE layers'],
    ['DeepSeek-V3 (MLA, MoE)', dsv3, 'MoE layers'],
    ['Falcon-40B (parallel block)', preset('falcon-40b'), 'parallel blocks'],
  ] as const)('%s', (_, a, problem) => {
    const p = moduleProblem(a, 'op');
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p).toContain(problem);
  });
});

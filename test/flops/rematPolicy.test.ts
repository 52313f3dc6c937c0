/**
 * src/flops/rematPolicy.ts: MaxText's remat policies (recompute_modules [minimal], [save_qkv_proj], … under stack maxtext)
 * — which linears a dense block keeps and reruns, whether the attention core reruns, the FLOPs and the stored bytes. The
 * expected figures are counted here from Llama 2 70B's published shapes and MaxText's policy text (decoders.py
 * get_remat_policy), and the order is MaxText's own (configs/base.yml: the policies listed "from fastest to slowest" and
 * HBM "highest to lowest"), not read from the code's output.
 */
import { describe, expect, it } from 'vitest';
import { countFlops } from '../../src/flops/count.js';
import { MAXTEXT_POLICY_NAMES, maxtextLinears, type MaxtextPolicy } from '../../src/flops/rematPolicy.js';
import { moduleProblem } from '../../src/flops/recomputeModules.js';
import { activationBytesPerLayer } from '../../src/perf/activations.js';
import { evaluateLayout, runContext } from '../../src/perf/evaluate.js';
import { layout, loadProfile } from '../perf/helpers.js';
import { dsv3, mixtral, preset } from './recomputeModels.js';

const llama2_70b = preset('llama-2-70b'); // d 8192, 64 heads of 128, 8 KV heads, SwiGLU FFN 28672, 80 layers
const d = 8192;
const kv = 1024;
const F = 28672;
const H = 64;

// Kept (K) and rerun (R) per linear q k v o w1 w3 w2, and whether the core reruns: the names each policy saves, and the
// backward's reads (q, k, v by the attention's backward; o's output by the next norm's; w1, w3 by the activation's; w2's
// output by nothing, so never rerun).
const TABLE: [MaxtextPolicy, string, boolean][] = [
  ['minimal_with_context', 'K K K K K K K', false],
  ['minimal', 'K K K K K K K', true],
  ['save_dot_with_context_except_mlp', 'K K K K R R -', false],
  ['save_dot_except_mlpwi', 'K K K K R R K', true],
  ['save_dot_except_mlp', 'K K K K R R -', true],
  ['save_qkv_proj', 'K K K R R R -', true],
  ['save_out_proj', 'R R R K R R -', true],
];

describe('maxtextLinears: kept, rerun, or neither (w2 not kept is never rerun)', () => {
  it.each(TABLE)('%s', (policy, expected) => {
    const ls = maxtextLinears(llama2_70b, policy);
    expect(ls.map((l) => l.name).join(' ')).toBe('q k v o w1 w3 w2');
    expect(ls.map((l) => (l.saved ? 'K' : l.reruns ? 'R' : '-')).join(' ')).toBe(expected);
  });
});

describe('the FLOP count: each policy reruns its linears, and the attention core without context', () => {
  const coreForward = (seqLen: number) => {
    const c = countFlops(llama2_70b, { seqLen, recompute: 'none' });
    return ['attn_scores', 'attn_values'].reduce((t, id) => t + c.components.find((p) => p.id === id)!.forward, 0);
  };
  const width = { q: d, k: kv, v: kv, o: d, w1: F, w3: F, w2: d } as const;
  it.each(TABLE)('%s', (policy, kept, core) => {
    const names = ['q', 'k', 'v', 'o', 'w1', 'w3', 'w2'] as const;
    // 2·in·out per rerun linear: q, k, v, w1, w3 read d wide; o reads q (= d) wide; w2 is never rerun.
    const perLayer = kept.split(' ').reduce((t, k, i) => (k === 'R' ? t + 2 * d * width[names[i]!] : t), 0);
    const c = countFlops(llama2_70b, { seqLen: 4096, recompute: 'selective', recomputeModules: [policy] });
    expect(c.perToken.recompute).toBe(80 * perLayer + (core ? coreForward(4096) : 0));
    expect(c.components.find((p) => p.id === 'logits')!.recompute).toBe(0);
  });
  it('save_qkv_proj on Llama 2 70B by hand: o, w1, w3 (2·8192·(8192 + 2·28672) a layer) and the core', () => {
    const c = countFlops(llama2_70b, { seqLen: 4096, recompute: 'selective', recomputeModules: ['save_qkv_proj'] });
    expect(c.perToken.recompute - coreForward(4096)).toBe(80 * 1_073_741_824);
  });
});

describe('what a policy keeps of a block (tp 1): its input, the kept linears\' outputs, the context and log-sum-exp where named', () => {
  const s = 4096;
  const stored = (policy: MaxtextPolicy, tp = 1) =>
    activationBytesPerLayer(llama2_70b, layout({ tp, recompute: 'selective' }), { seqLen: s, microBatch: 1, flashAttention: true, recomputeModules: [policy] }).stored;
  it('save_dot_with_context_except_mlp by hand: 2·s·(d + q + k + v + d) + the context 2·s·q + 4·s·H', () => {
    expect(stored('save_dot_with_context_except_mlp')).toBe(2 * s * (d + d + kv + kv + d) + 2 * s * d + 4 * s * H);
  });
  it('save_out_proj by hand: the input and the output projection\'s output, 4·s·d', () => {
    expect(stored('save_out_proj')).toBe(4 * s * d);
  });
  it('MaxText\'s order: HBM highest to lowest, rerun FLOPs lowest to highest (configs/base.yml)', () => {
    const bytes = MAXTEXT_POLICY_NAMES.map((p) => stored(p));
    const flops = MAXTEXT_POLICY_NAMES.map((p) => countFlops(llama2_70b, { seqLen: s, recompute: 'selective', recomputeModules: [p] }).perToken.recompute);
    for (let i = 1; i < bytes.length; i++) {
      expect(bytes[i]).toBeLessThanOrEqual(bytes[i - 1]!);
      expect(flops[i]).toBeGreaterThanOrEqual(flops[i - 1]!);
    }
    // every policy keeps less than no recomputation, and more than full recomputation's checkpoint (the input)
    const none = activationBytesPerLayer(llama2_70b, layout({ recompute: 'none' }), { seqLen: s, microBatch: 1, flashAttention: true }).stored;
    for (const b of bytes) {
      expect(b).toBeGreaterThan(2 * s * d);
      expect(b).toBeLessThan(none);
    }
  });
  it('under tp 8: column-parallel outputs ÷8, a kept row-parallel output whole (save_out_proj: the input and o)', () => {
    expect(stored('save_out_proj', 8)).toBe(2 * s * d + 2 * s * d);
    expect(stored('save_qkv_proj', 8)).toBe(2 * s * d + (2 * s * (d + kv + kv)) / 8);
  });
});

describe('refused where the block is not MaxText\'s dense decoder layer', () => {
  it.each([
    ['an MoE model', mixtral, /MoeBlock tags its own tensors/],
    ['multi-head latent attention (and MoE)', dsv3, /MoE layers/],
  ] as const)('%s', (_, a, message) => {
    for (const p of MAXTEXT_POLICY_NAMES) expect(moduleProblem(a, p)).toMatch(message);
  });
  it('a dense model: every policy applies', () => {
    for (const p of MAXTEXT_POLICY_NAMES) expect(moduleProblem(llama2_70b, p)).toBeUndefined();
  });
});

describe('the step: a leaner policy fits where a fuller one does not, and costs more time where both fit', () => {
  const ctx = (policy: MaxtextPolicy) => runContext(llama2_70b, loadProfile('tpu-v5p'), { seqLen: 4096, globalBatchSequences: 512, gpuCount: 64, stack: 'maxtext', recomputeModules: [policy] });
  const at = (policy: MaxtextPolicy, microBatch: number) => evaluateLayout(ctx(policy), layout({ tp: 1, dp: 64, microBatch, zeroStage: 3, recompute: 'selective' }));
  it('save_out_proj holds less than minimal_with_context and its step is longer', () => {
    const lean = at('save_out_proj', 1);
    const full = at('minimal_with_context', 1);
    expect(lean.memory.total).toBeLessThan(full.memory.total);
    expect(lean.prediction.stepTimeSeconds).toBeGreaterThan(full.prediction.stepTimeSeconds);
  });
});

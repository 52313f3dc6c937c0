/**
 * The Muon part of the optimizer step (src/perf/muonStep.ts) and its place in the step (dataParallel.ts):
 * the tensor-parallel modes' work and traffic, the layer-wise distributed optimizer's split of the
 * matrices over data-parallel ranks, the host bound of the per-tensor Python loop, and the optimizer
 * slot of a predicted step.
 */
import { describe, expect, it } from 'vitest';
import { evaluateLayout, runContext } from '../../src/perf/evaluate.js';
import { LOOPED_SECONDS_PER_KERNEL } from '../../src/perf/hostIssue.js';
import { machineFor } from '../../src/perf/machine.js';
import { nsFlops, type MuonRun } from '../../src/perf/muon.js';
import { muonMatrices, type MuonMatrix } from '../../src/perf/muonMatrices.js';
import { MUON_KERNELS_PER_ITERATION, MUON_KERNELS_PER_MATRIX, muonStepTime } from '../../src/perf/muonStep.js';
import { allGatherSeconds, linkFor } from '../../src/perf/network.js';
import { arch, layout, loadProfile } from './helpers.js';

const h100 = loadProfile('h100-sxm');
const mc = machineFor(h100, 64, { precision: 'bf16' });
const run = (tpMode: MuonRun['tpMode'], host = 0): MuonRun => ({ nsSteps: 5, tpMode, hostSecondsPerKernel: host });
const ONE = { dense: 1, experts: 1 };
/** Llama 3 70B's fc1 [2·28672, 8192] split over TP 8 by rows (column-parallel), one per layer × 10 layers. */
const fc1: MuonMatrix = { rows: 57344, cols: 8192, count: 10, split: 0, group: 8, expert: false };

describe('tensor-parallel modes (Megatron-LM --muon-tp-mode; Emerging-Optimizers newton_schulz_tp)', () => {
  it('blockwise: each rank orthogonalises its own [7168 × 8192] shard, no traffic', () => {
    const t = muonStepTime(mc, [fc1], run('blockwise'), ONE);
    expect(t.nsFlops).toBe(10 * nsFlops(57344 / 8, 8192, 5));
  });

  it('duplicated: every rank runs the whole [57344 × 8192] matrix, after an fp32 all-gather of the shards', () => {
    const b = muonStepTime(mc, [fc1], run('blockwise'), ONE);
    const d = muonStepTime(mc, [fc1], run('duplicated'), ONE);
    expect(d.nsFlops).toBe(10 * nsFlops(57344, 8192, 5));
    const gather = allGatherSeconds(4 * 57344 * 8192, 8, linkFor(mc.network, 1, 8));
    expect(gather).toBeGreaterThan(0);
    // The whole matrix's iterations: (4·8192²·57344 + 2·8192³) against the shard's (4·7168²·8192 + 2·7168³): several times the work.
    expect(d.gpuSeconds - 10 * gather).toBeGreaterThan(4 * b.gpuSeconds);
  });

  it('distributed: the Gram matrix over the unsplit side (m = 8192) is all-reduced; X·Xᵀ and B·X on the shard, A·A whole', () => {
    const t = muonStepTime(mc, [fc1], run('distributed'), ONE);
    const m = 8192;
    const nLocal = 57344 / 8;
    expect(t.nsFlops).toBe(10 * 5 * (2 * m * nLocal * m + 2 * m * m * m + 2 * m * m * nLocal));
  });

  it('an unsplit matrix (tp 1, or a router) is the same in every mode', () => {
    const whole: MuonMatrix = { rows: 4096, cols: 14336, count: 3, split: null, group: 1, expert: false };
    const times = (['blockwise', 'duplicated', 'distributed'] as const).map((m) => muonStepTime(mc, [whole], run(m), ONE).gpuSeconds);
    expect(new Set(times).size).toBe(1);
  });
});

describe('the layer-wise distributed optimizer (--optimizer dist_muon): whole matrices per data-parallel rank', () => {
  const many: MuonMatrix = { rows: 4096, cols: 4096, count: 64, split: null, group: 1, expert: false };
  it('64 equal matrices over 8 ranks: 1/8 of the work each', () => {
    const all = muonStepTime(mc, [many], run('blockwise'), ONE);
    const shared = muonStepTime(mc, [many], run('blockwise'), { dense: 8, experts: 8 });
    expect(shared.nsFlops).toBeCloseTo(all.nsFlops / 8, 0);
    expect(shared.gpuSeconds).toBeCloseTo(all.gpuSeconds / 8, 12);
  });

  it('never less than the largest matrix: one big matrix over 8 ranks takes what it takes on one', () => {
    const big: MuonMatrix = { rows: 16384, cols: 53248, count: 1, split: null, group: 1, expert: false };
    const one = muonStepTime(mc, [big], run('blockwise'), ONE).gpuSeconds;
    expect(muonStepTime(mc, [big], run('blockwise'), { dense: 8, experts: 8 }).gpuSeconds).toBe(one);
  });

  it('routed experts are spread over the expert-data-parallel ranks, the rest over dp·cp', () => {
    const expert: MuonMatrix = { ...many, expert: true };
    const t = muonStepTime(mc, [many, expert], run('blockwise'), { dense: 8, experts: 2 });
    const one = muonStepTime(mc, [many], run('blockwise'), ONE).gpuSeconds;
    expect(t.gpuSeconds).toBeCloseTo(one / 8 + one / 2, 12);
  });
});

describe('the host bound: one Python loop over the matrices (orthogonalized_optimizer.py step)', () => {
  const tiny: MuonMatrix = { rows: 512, cols: 1024, count: 100, split: null, group: 1, expert: false };
  it('small matrices: the host issues 9 + 3·T kernels each at the measured 10.6 µs, slower than the GPU runs them', () => {
    const t = muonStepTime(mc, [tiny], run('blockwise', LOOPED_SECONDS_PER_KERNEL), ONE);
    const kernels = 100 * (MUON_KERNELS_PER_MATRIX + MUON_KERNELS_PER_ITERATION * 5);
    expect(t.hostSeconds).toBeCloseTo(kernels * 10.6e-6, 12);
    expect(t.hostSeconds).toBeGreaterThan(t.gpuSeconds);
    expect(t.seconds).toBe(t.hostSeconds);
  });

  it('no host model (a compiled step, or no stack): the GPU time', () => {
    const t = muonStepTime(mc, [tiny], run('blockwise', 0), ONE);
    expect(t.hostSeconds).toBe(0);
    expect(t.seconds).toBe(t.gpuSeconds);
  });
});

describe('in the step: the optimizer slot and the data-parallel traffic', () => {
  const llama = arch({ layers: 16, d_model: 4096, heads: 32, kv_heads: 8, d_ff: 14336, vocab: 128256, seq_len: 8192, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', tied_embeddings: false }, 'llama-like');
  const inputs = { globalBatchSequences: 256, gpuCount: 64, stack: 'megatron-core' as const };
  const adam = runContext(llama, h100, inputs);
  const muon = runContext(llama, h100, { ...inputs, optimizer: 'muon' });

  it('Megatron-Core runs Muon without overlapping the gradient reduction (arguments.py: "Muon optimizer does not support overlap grad reduce"); an explicit choice wins', () => {
    expect(adam.overlapGradReduce).toBe(true);
    expect(muon.overlapGradReduce).toBe(false);
    expect(runContext(llama, h100, { ...inputs, optimizer: 'muon', overlapGradReduce: true }).overlapGradReduce).toBe(true);
  });

  it.each([0, 1] as const)('zero_stage %i: the optimizer slot is Adam on the embedding and head plus muonStepTime on the layers', (zeroStage) => {
    const l = layout({ tp: 4, pp: 2, dp: 8, microBatch: 1, zeroStage, sequenceParallel: true });
    const e = evaluateLayout(muon, l);
    const owners = zeroStage === 1 ? { dense: 8, experts: 8 } : ONE;
    const mu = muonStepTime(muon.mc, muonMatrices(llama, l), muon.muon!, owners).seconds;
    const adamPart = evaluateLayout(adam, l).prediction.breakdown.optimizerSeconds; // all parameters on Adam
    expect(e.prediction.breakdown.optimizerSeconds).toBeGreaterThan(mu);
    expect(e.prediction.breakdown.optimizerSeconds).toBeLessThan(mu + adamPart);
  });

  it('dist_muon all-reduces the gradients and then gathers the weights: more traffic than ZeRO-1\'s reduce-scatter', () => {
    const l = layout({ tp: 4, pp: 2, dp: 8, microBatch: 1, zeroStage: 1, sequenceParallel: true });
    const noOverlap = { ...inputs, overlapGradReduce: false };
    const a = evaluateLayout(runContext(llama, h100, noOverlap), l).prediction.comm.dataParallel;
    const m = evaluateLayout(runContext(llama, h100, { ...noOverlap, optimizer: 'muon' }), l).prediction.comm.dataParallel;
    expect(m).toBeGreaterThan(a);
  });

  it('memory: the layers\' optimizer state shrinks by Adam\'s second moment, 4 bytes a parameter (unsharded at zero_stage 0)', () => {
    const l = layout({ tp: 4, pp: 2, dp: 8, microBatch: 1, zeroStage: 0, sequenceParallel: true });
    const a = evaluateLayout(adam, l).memory;
    const m = evaluateLayout(muon, l).memory;
    const layerParams = muonMatrices(llama, l).reduce((s, x) => s + (x.count * x.rows * x.cols) / x.group, 0);
    // The norms inside the layers count with the matrices (muon.ts layerOptimizerBytes): 2·d of ~12·d² per layer.
    expect((a.breakdown.optimizer - m.breakdown.optimizer) / (4 * layerParams)).toBeCloseTo(1, 3);
    expect(m.breakdown.weights).toBe(a.breakdown.weights);
    expect(m.breakdown.gradients).toBe(a.breakdown.gradients);
  });
});

import { describe, expect, it } from 'vitest';
import { activationBytesPerLayer } from '../../src/perf/activations.js';
import { layerCosts, type LayerCostInputs } from '../../src/perf/layerCost.js';
import { machineFor } from '../../src/perf/machine.js';
import { calibrationFor, sustainedClockFactor } from '../../src/perf/calibration.js';
import { keyLengthMultipliers } from '../../src/perf/attentionKeys.js';
import { arch, gpt3, loadProfile } from './helpers.js';

/**
 * Three mechanisms of the step model, each against a count written out here from its source:
 * FP8 linear inputs saved in 1 byte (Transformer Engine), the FP8 quantisation traffic (TE's
 * cast-transpose of each linear's input and output gradient, by scaling recipe), and flash attention's backward at
 * 2.5× the forward FLOPs at the kernel's measured backward rate (FlashAttention-3 paper, Fig. 5/6).
 */
const h100 = loadProfile('h100-sxm');
const b200 = loadProfile('b200');
const llama = arch({ layers: 32, d_model: 4096, heads: 32, kv_heads: 8, d_ff: 14336, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 128256, seq_len: 8192 }, 'llama-3-8b-like');

describe('FP8 linears keep their saved inputs in 1 byte', () => {
  it.each([
    ['GPT-3, tp 8 with SP, selective', gpt3, 8, true, 'selective', 2048],
    ['GPT-3, tp 1, no recompute', gpt3, 1, false, 'none', 2048],
    ['Llama-like GQA SwiGLU, tp 4 with SP', llama, 4, true, 'none', 8192],
  ] as const)('%s: 16-bit − FP8 = sb·(2h/sp + (q + F)/t)', (_, a, tp, sp, recompute, s) => {
    const l = { tp, cp: 1, sequenceParallel: sp, recompute } as const;
    const bf16 = activationBytesPerLayer(a, l, { seqLen: s, microBatch: 1, flashAttention: true });
    const fp8 = activationBytesPerLayer(a, l, { seqLen: s, microBatch: 1, flashAttention: true, linearInputBytes: 1 });
    // Saved linear inputs: QKV and MLP-up inputs (h each, replicated: ÷t only with SP), the projection
    // input (q = heads·d_head) and the second MLP linear's input (F), both split by TP.
    const q = a.heads * a.dHead;
    const expected = s * ((2 * a.dModel) / (sp ? tp : 1) + (q + a.dFf) / tp);
    expect(bf16.stored - fp8.stored).toBeCloseTo(expected, 6);
    expect(bf16.checkpoint).toBe(fp8.checkpoint); // the layer input under full recomputation stays 16-bit
  });
});

describe('FP8 quantisation traffic', () => {
  const x: LayerCostInputs = { tp: 1, cp: 1, ep: 1, microBatch: 1, sequenceParallel: false, recompute: 'none', seqLen: 8192, flashAttention: true, attention: 'full' };
  it.each([['h100-sxm', h100], ['b200', b200]] as const)('%s: FP8 − BF16 element-wise time = 4 bytes × (quantised inputs + output gradients) / bandwidth', (_, hw) => {
    const bf = layerCosts(llama, machineFor(hw, 8, { precision: 'bf16' }), x).dense;
    const mc8 = machineFor(hw, 8, { precision: 'bf16', gemmPrecision: 'fp8' });
    const f8 = layerCosts(llama, mc8, x).dense;
    const h = llama.dModel;
    const qkv = llama.heads * llama.dHead + 2 * llama.kvHeads * llama.dHead;
    // Forward: the projection's input (heads·d_head) and the down projection's input (F); the QKV and
    // up inputs are written by the norm. Backward: the output gradients of QKV, projection, up (2F) and down.
    const elements = llama.heads * llama.dHead + llama.dFf + (qkv + h + 2 * llama.dFf + h);
    const tokens = 8192;
    expect(f8.memoryBound - bf.memoryBound).toBeCloseTo((4 * elements * tokens) / mc8.memoryBandwidthBytesPerSecond, 12);
  });
});

describe('FP8 quantisation traffic by scaling recipe (Transformer Engine normalization.cpp / quantizer.cpp code paths)', () => {
  const x: LayerCostInputs = { tp: 1, cp: 1, ep: 1, microBatch: 1, sequenceParallel: false, recompute: 'none', seqLen: 8192, flashAttention: true, attention: 'full' };
  const h = llama.dModel;
  const qkv = llama.heads * llama.dHead + 2 * llama.kvHeads * llama.dHead;
  // Tensors another kernel wrote in 16 bits: the projection's and down projection's inputs (forward), every output gradient (backward).
  const unfused = llama.heads * llama.dHead + llama.dFf + (qkv + h + 2 * llama.dFf + h);
  // Linear inputs the norm writes: QKV's and the up projection's (h each).
  const normWritten = 2 * h;
  it.each([
    // delayed: scale known in advance, amax fused into the cast-transpose (2 read + 1 + 1 written); the norm writes FP8 itself (FULLY_FUSED).
    ['delayed', 4, 0],
    // tensorwise (current scaling): an amax pass of its own (2 more read); the norm computes the amax but writes 16 bits, then a cast (FUSED_NORM_AMAX_FP8).
    ['tensorwise', 6, 4],
    // mxfp8: scales inside the quantising kernel, one E8M0 byte per 32 elements in each layout; the norm is not fused (UNFUSED without cuDNN).
    ['mxfp8', 4 + 2 / 32, 4 + 2 / 32],
    // blockwise: one fp32 scale per 128 elements in each layout; the norm is not fused.
    ['blockwise', 4 + 2 * (4 / 128), 4 + 2 * (4 / 128)],
  ] as const)('%s: %f bytes per other quantised element, %f per norm-written one', (recipe, perUnfused, perNorm) => {
    const bf = layerCosts(llama, machineFor(b200, 8, { precision: 'bf16' }), x).dense;
    const mc8 = machineFor(b200, 8, { precision: 'bf16', gemmPrecision: 'fp8', fp8Recipe: recipe });
    const f8 = layerCosts(llama, mc8, x).dense;
    expect(f8.memoryBound - bf.memoryBound).toBeCloseTo(((perUnfused * unfused + perNorm * normWritten) * 8192) / mc8.memoryBandwidthBytesPerSecond, 12);
  });

  it('the recipe changes nothing when the GEMMs run in 16 bits', () => {
    const base = layerCosts(llama, machineFor(b200, 8, { precision: 'bf16' }), x).dense;
    for (const recipe of ['tensorwise', 'mxfp8', 'blockwise'] as const) expect(layerCosts(llama, machineFor(b200, 8, { precision: 'bf16', fp8Recipe: recipe }), x).dense).toEqual(base);
  });
});

describe('NVFP4 linears (gemm_precision fp4): 4-bit values with an FP8 scale per 16 elements', () => {
  const x: LayerCostInputs = { tp: 1, cp: 1, ep: 1, microBatch: 1, sequenceParallel: false, recompute: 'none', seqLen: 8192, flashAttention: true, attention: 'full' };
  it('operand bytes 0.5 + 1/16; an amax pass before each cast (NVFP4Quantizer::quantize_impl), the norm writing 16 bits and the amax (FUSED_NORM_AMAX_NVFP4); GEMMs at the profile\'s NVFP4 rate', () => {
    const bf = layerCosts(llama, machineFor(b200, 8, { precision: 'bf16' }), x).dense;
    const mc4 = machineFor(b200, 8, { precision: 'bf16', gemmPrecision: 'fp4' });
    expect(mc4.gemmOperandBytes).toBe(0.5625);
    // B200 records NVFP4 at its BF16 MAMF × the NVFP4 / BF16 ratio pytorch/ao PR #2427 measured (5,370 / 1,420 TFLOPS at 8192³),
    // to 1 TFLOPS, and runs it at its sustained-clock factor (MSMF / MAMF 1,437.5 / 1,746.7 over H200's 755.5 / 852.1)
    const clock = sustainedClockFactor(b200, calibrationFor(b200));
    expect(clock).toBeCloseTo((1437.5 / 1746.7) / (755.5 / 852.1), 3);
    expect(Math.abs(mc4.matmul / clock - 1745e12 * (5370 / 1420))).toBeLessThan(1e12);
    // a board without an NVFP4 record: the BF16 MAMF scaled by the FP4 peak
    const { achievableFp4MatmulFlopsPerSecond: _, ...unrecorded } = b200;
    expect(machineFor(unrecorded, 8, { precision: 'bf16', gemmPrecision: 'fp4' }).matmul / clock).toBeCloseTo((1745e12 / 2250e12) * 9000e12, -10);
    const f4 = layerCosts(llama, mc4, x).dense;
    const h = llama.dModel;
    const qkv = llama.heads * llama.dHead + 2 * llama.kvHeads * llama.dHead;
    const unfused = llama.heads * llama.dHead + llama.dFf + (qkv + h + 2 * llama.dFf + h);
    const cast = 2 + 2 * 0.5625;
    expect(f4.memoryBound - bf.memoryBound).toBeCloseTo((((2 + cast) * unfused + cast * 2 * h) * 8192) / mc4.memoryBandwidthBytesPerSecond, 12);
    expect(f4.compute).toBeLessThan(bf.compute);
  });
});

describe('flash attention: backward = 2.5 × forward FLOPs at the measured backward rate', () => {
  it('H100 uses its profile\'s cuDNN figures (forward (518 + 529)/2 with the causal mask, backward 508 TFLOP/s); a board without a record (L40S) the NVIDIA fractions of its BF16 peak', () => {
    expect(machineFor(h100, 8, { precision: 'bf16' }).attentionForward).toBe(((518 + 529) / 2) * 1e12);
    expect(machineFor(h100, 8, { precision: 'bf16' }).attentionBackward).toBe(508e12);
    const m = machineFor(loadProfile('l40s'), 8, { precision: 'bf16' });
    expect(m.attentionForward).toBeCloseTo(0.61 * 362e12, 0);
    expect(m.attentionBackward).toBeCloseTo(0.51 * 362e12, 0);
  });

  it('the attention core: selective recomputation adds exactly one forward; none → fwd + 2.5·fwd FLOPs', () => {
    const mc = machineFor(h100, 8, { precision: 'bf16' });
    const base: LayerCostInputs = { tp: 1, cp: 1, ep: 1, microBatch: 1, sequenceParallel: false, recompute: 'none', seqLen: 8192, flashAttention: true, attention: 'full' };
    const none = layerCosts(llama, mc, base).dense;
    const sel = layerCosts(llama, mc, { ...base, recompute: 'selective' }).dense;
    // Causal core FLOPs forward: 2·s·s·heads·(d_qk + d_v) halved by the mask (Dao 2023 §3.1).
    const flops = 0.5 * 2 * 8192 * 8192 * llama.heads * 2 * llama.dHead;
    // At 4,096 keys per query: the profile's rate scaled by its keys curve (attentionKeys.ts).
    const fwd = (flops * keyLengthMultipliers(llama, 8192, 1, mc.attentionKeyCurves).forward) / 523.5e12 + mc.kernelOverheadSeconds;
    expect(sel.compute - none.compute).toBeCloseTo(fwd, 12);
    // Forward alone (DualPipe's F) holds one forward of the core.
    const gemmFwd = none.weightGrad;
    expect(none.forward - gemmFwd).toBeGreaterThan(fwd);
  });
});

describe('tensor-parallel communication under the GEMMs (--tp-comm-overlap)', () => {
  const x: LayerCostInputs = { tp: 8, cp: 1, ep: 1, microBatch: 1, sequenceParallel: true, recompute: 'none', seqLen: 8192, flashAttention: true, attention: 'full' };
  const mc = machineFor(h100, 64, { precision: 'bf16' });
  it('exposed = the first of tp chunks + what the GEMMs cannot cover; the hidden part costs the SMs the collectives use', () => {
    const off = layerCosts(llama, mc, x).dense;
    const on = layerCosts(llama, mc, { ...x, tpCommOverlap: true }).dense;
    // weightGrad is one pass of the layer's GEMMs; without recomputation they run 3 times.
    const expected = off.tp / 8 + Math.max(0, off.tp - off.tp / 8 - 3 * off.weightGrad);
    expect(on.tp).toBeCloseTo(expected, 12);
    expect(on.tp).toBeLessThan(off.tp);
    expect(on.compute - off.compute).toBeCloseTo((off.tp - on.tp) * mc.calibration.overlapSmFraction, 12);
  });
  it('needs sequence parallelism and tp > 1 (Megatron-Core: TP overlap runs on the sequence-parallel collectives)', () => {
    expect(layerCosts(llama, mc, { ...x, sequenceParallel: false, tpCommOverlap: true }).dense).toEqual(layerCosts(llama, mc, { ...x, sequenceParallel: false }).dense);
    expect(layerCosts(llama, mc, { ...x, tp: 1, tpCommOverlap: true }).dense).toEqual(layerCosts(llama, mc, { ...x, tp: 1 }).dense);
  });
});

describe('the attention kernel a stack runs (machine.ts ATTENTION_KERNELS)', () => {
  const a100 = loadProfile('a100-sxm4-80gb');
  it('fa2 on H100-class boards: the FlashAttention-2 bars of FlashAttention-3 Fig. 5/6 (319/333 forward with the causal mask, 310/318 backward at 4k/8k)', () => {
    for (const id of ['h100-sxm', 'h200-sxm', 'h800-sxm']) {
      const m = machineFor(loadProfile(id), 8, { precision: 'bf16', attentionKernel: 'fa2' });
      expect([m.attentionForward, m.attentionBackward]).toEqual([((319 + 333) / 2) * 1e12, ((310 + 318) / 2) * 1e12]);
    }
  });
  it('a board with no FlashAttention-2 record (A100: FA2 is its best kernel) runs fa2 at its cudnn rates', () => {
    const fa2 = machineFor(a100, 8, { precision: 'bf16', attentionKernel: 'fa2' });
    const best = machineFor(a100, 8, { precision: 'bf16' });
    expect([fa2.attentionForward, fa2.attentionBackward]).toEqual([best.attentionForward, best.attentionBackward]);
  });
  // NVIDIA/cudnn-frontend benchmark/sdpa_benchmark_training, causal, head dim 128, BF16: the rows at 4k and
  // 8k tokens as the CSVs print them (TFLOP/s, causal-halved, backward 2.5x). cuDNN: results/llama3.1/{gb200,gb300}
  // 2026-07-24 (one cuDNN 9.26 run); FlashAttention-2: artifacts/sdpa_bf16_benchmark_results_NVIDIA_{B200,GB200,GB300}.csv.
  // B200 and B300 have no run of that cuDNN: GB200's and GB300's rates scaled by the BF16 peaks (2250 / 2500).
  const mean = (a: number, b: number): number => (a + b) / 2;
  const gb200 = { fwd: mean(1407, 1646), bwd: mean(1172, 1344), fa2Fwd: mean(387, 414), fa2Bwd: mean(311, 338) };
  const gb300 = { fwd: mean(1813, 1991), bwd: mean(1254, 1448), fa2Fwd: mean(392.176, 439.868), fa2Bwd: mean(314.788, 351.692) };
  const blackwell: [string, { fwd: number; bwd: number; fa2Fwd: number; fa2Bwd: number }][] = [
    ['gb200', gb200],
    ['gb300', gb300],
    ['b200', { fwd: (gb200.fwd * 2250) / 2500, bwd: (gb200.bwd * 2250) / 2500, fa2Fwd: mean(342.99, 399.925), fa2Bwd: mean(273.484, 318.004) }],
    ['b300', { fwd: (gb300.fwd * 2250) / 2500, bwd: (gb300.bwd * 2250) / 2500, fa2Fwd: (gb300.fa2Fwd * 2250) / 2500, fa2Bwd: (gb300.fa2Bwd * 2250) / 2500 }],
  ];
  it.each(blackwell)('%s: cudnn and fa2 at the rates cuDNN-frontend\'s SDPA benchmark measured (profiles round to 0.5 TFLOP/s)', (id, r) => {
    const hw = loadProfile(id);
    const best = machineFor(hw, 8, { precision: 'bf16' });
    const fa2 = machineFor(hw, 8, { precision: 'bf16', attentionKernel: 'fa2' });
    // the recorded rates, before the board's sustained-clock factor (1 but on B200; its own test below)
    const clock = sustainedClockFactor(hw, calibrationFor(hw));
    const tf = (x: number): number => x / 1e12 / clock;
    expect(Math.abs(tf(best.attentionForward) - r.fwd)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(tf(best.attentionBackward) - r.bwd)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(tf(fa2.attentionForward) - r.fa2Fwd)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(tf(fa2.attentionBackward) - r.fa2Bwd)).toBeLessThanOrEqual(0.5);
  });
  it('GB200 measures the NVIDIA family fractions the model carries from H100 for boards without a record (0.61 forward, 0.51 backward of the BF16 peak) to within 0.01', () => {
    const cal = machineFor(loadProfile('gb200'), 8, { precision: 'bf16' }).calibration;
    expect(Math.abs(gb200.fwd / 2500 - cal.flashAttentionForwardFraction)).toBeLessThan(0.01);
    expect(Math.abs(gb200.bwd / 2500 - cal.flashAttentionBackwardFraction)).toBeLessThan(0.01);
  });
  it('fa1 (FlashAttention v1, 2023 Triton FlashAttention) at half the fa2 rates: FlashAttention-2 is "around 2× speedup compared to FlashAttention" (Dao 2023, abstract)', () => {
    // H100: half the FlashAttention-2 bars of FlashAttention-3 Fig. 5/6; A100: half its FA2 (= cudnn) rates.
    const h = machineFor(h100, 8, { precision: 'bf16', attentionKernel: 'fa1' });
    expect([h.attentionForward, h.attentionBackward]).toEqual([((319 + 333) / 2 / 2) * 1e12, ((310 + 318) / 2 / 2) * 1e12]);
    const a = machineFor(a100, 8, { precision: 'bf16', attentionKernel: 'fa1' });
    const a2 = machineFor(a100, 8, { precision: 'bf16', attentionKernel: 'fa2' });
    expect([a.attentionForward * 2, a.attentionBackward * 2]).toEqual([a2.attentionForward, a2.attentionBackward]);
    expect(a.matmul).toBe(a2.matmul); // only attention changes
  });
  it('only the attention core changes: the layer differs by the core\'s FLOPs at the two rates', () => {
    const x: LayerCostInputs = { tp: 1, cp: 1, ep: 1, microBatch: 1, sequenceParallel: false, recompute: 'none', seqLen: 8192, flashAttention: true, attention: 'full' };
    const mcCudnn = machineFor(h100, 8, { precision: 'bf16' });
    const mcFa2 = machineFor(h100, 8, { precision: 'bf16', attentionKernel: 'fa2' });
    const cudnn = layerCosts(llama, mcCudnn, x).dense;
    const fa2 = layerCosts(llama, mcFa2, x).dense;
    const flops = 0.5 * 2 * 8192 * 8192 * llama.heads * 2 * llama.dHead; // causal forward (Dao 2023 §3.1)
    // Each kernel's rate at 4,096 keys per query (its own keys curve, attentionKeys.ts).
    const kc = keyLengthMultipliers(llama, 8192, 1, mcCudnn.attentionKeyCurves);
    const kf = keyLengthMultipliers(llama, 8192, 1, mcFa2.attentionKeyCurves);
    const expected = flops * (kf.forward / 326e12 - kc.forward / 523.5e12) + 2.5 * flops * (kf.backward / 314e12 - kc.backward / 508e12);
    expect(fa2.compute - cudnn.compute).toBeCloseTo(expected, 12);
    expect(fa2.memoryBound).toBe(cudnn.memoryBound);
  });
});

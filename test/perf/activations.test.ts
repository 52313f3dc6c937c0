/**
 * src/perf/activations.ts: what each of Megatron-Core's recompute_modules stops a layer keeping
 * (recomputeModuleBytes), counted by hand from Megatron-Core's checkpoints (flops/recomputeModules.ts)
 * against the terms of Korthikanti et al. 2022's count. The Table 2 rows themselves: memory.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { activationBytesPerLayer, recomputeModuleBytes, type ActivationShape } from '../../src/perf/activations.js';
import type { RecomputeModule } from '../../src/flops/recomputeModules.js';
import type { Architecture } from '../../src/model/architecture.js';
import { dsv3, llama70b, tinyDense, tinyMoe } from '../flops/recomputeModels.js';
import { gpt3 } from './helpers.js';

type Par = { tp: number; cp: number; sequenceParallel: boolean };
const sel = (p: Par) => ({ ...p, recompute: 'selective' as const });

describe('recomputeModuleBytes: bytes a layer no longer keeps, summed over the model\'s layers', () => {
  // o = 2 (16-bit linear inputs) unless said; sb = s·b; t = tp; SP divides the replicated terms by t.
  // layernorm: each norm that is its own module drops its output, o·sbh (÷t with SP).
  // moe_act: each MoE layer drops its routed experts' second-linear input, o·sb·k·F_e/t.
  // mlp: each dense layer drops its MLP's norm output o·sbh (÷t with SP) and its FFN terms (4 + o)·sb·F/t (SwiGLU).
  // moe: each MoE layer drops its FFN terms, (4 + o)·sb·(k·F_e + n_s·F_s)/t (SwiGLU); its input, the pre-MLP norm's output, stays.
  // shared_experts: each MoE layer drops its shared experts' FFN terms, (4 + o)·sb·n_s·F_s/t.
  it.each<[string, Architecture, Par, ActivationShape, RecomputeModule[], number]>([
    // tiny MoE, s 16, b 2 (sb 32), tp 2 with SP: norms 1 (dense) + 2 (MoE) = 3 × 2·32·64/2 = 6,144
    ['tiny MoE layernorm', tinyMoe, { tp: 2, cp: 1, sequenceParallel: true }, { seqLen: 16, microBatch: 2, flashAttention: true }, ['layernorm'], 6_144],
    // one MoE layer: 2·32·2·32/2 = 2,048
    ['tiny MoE moe_act', tinyMoe, { tp: 2, cp: 1, sequenceParallel: true }, { seqLen: 16, microBatch: 2, flashAttention: true }, ['moe_act'], 2_048],
    // one dense layer: 2·32·64/2 + 6·32·128/2 = 2,048 + 12,288 = 14,336
    ['tiny MoE mlp', tinyMoe, { tp: 2, cp: 1, sequenceParallel: true }, { seqLen: 16, microBatch: 2, flashAttention: true }, ['mlp'], 14_336],
    // moe_act at the slowest rank's load 1.5: 2,048 × 1.5 = 3,072
    ['tiny MoE moe_act, load 1.5', tinyMoe, { tp: 2, cp: 1, sequenceParallel: true }, { seqLen: 16, microBatch: 2, flashAttention: true, moeLoadFactor: 1.5 }, ['moe_act'], 3_072],
    // FP8 linear inputs (o = 1): the mlp norm output 1·32·64/2 = 1,024 and FFN (4 + 1)·32·128/2 = 10,240
    ['tiny MoE mlp, FP8 inputs', tinyMoe, { tp: 2, cp: 1, sequenceParallel: true }, { seqLen: 16, microBatch: 2, flashAttention: true, linearInputBytes: 1 }, ['mlp'], 11_264],
    // tiny dense, s 16, b 1, tp 1: two dense layers of 2·16·64 + 6·16·128 = 2,048 + 12,288 = 14,336 → 28,672
    ['tiny dense mlp', tinyDense, { tp: 1, cp: 1, sequenceParallel: false }, { seqLen: 16, microBatch: 1, flashAttention: true }, ['mlp'], 28_672],
    // Llama 3 70B, s 8192, b 1, tp 8 with SP: per layer 2·8192·8192/8 + 6·8192·28672/8 = 16,777,216 + 176,160,768
    // = 192,937,984; × 80 layers = 15,435,038,720
    ['llama-3-70b mlp', llama70b, { tp: 8, cp: 1, sequenceParallel: true }, { seqLen: 8192, microBatch: 1, flashAttention: true }, ['mlp'], 15_435_038_720],
    // Llama 3 70B has no norm of its own module (refused as a scenario): nothing
    ['llama-3-70b layernorm', llama70b, { tp: 8, cp: 1, sequenceParallel: true }, { seqLen: 8192, microBatch: 1, flashAttention: true }, ['layernorm'], 0],
    // DeepSeek-V3, s 4096, b 1, tp 1: norms 3·1 + 58·2 = 119 × 2·4096·7168 = 6,987,710,464
    ['deepseek-v3 layernorm', dsv3, { tp: 1, cp: 1, sequenceParallel: false }, { seqLen: 4096, microBatch: 1, flashAttention: true }, ['layernorm'], 6_987_710_464],
    // 58 MoE layers × 2·4096·8·2048 = 58 × 134,217,728 = 7,784,628,224
    ['deepseek-v3 moe_act', dsv3, { tp: 1, cp: 1, sequenceParallel: false }, { seqLen: 4096, microBatch: 1, flashAttention: true }, ['moe_act'], 7_784_628_224],
    // 3 dense layers × (2·4096·7168 + 6·4096·18432) = 3 × (58,720,256 + 452,984,832) = 1,535,115,264
    ['deepseek-v3 mlp', dsv3, { tp: 1, cp: 1, sequenceParallel: false }, { seqLen: 4096, microBatch: 1, flashAttention: true }, ['mlp'], 1_535_115_264],
    ['deepseek-v3 all three', dsv3, { tp: 1, cp: 1, sequenceParallel: false }, { seqLen: 4096, microBatch: 1, flashAttention: true }, ['moe_act', 'layernorm', 'mlp'], 6_987_710_464 + 7_784_628_224 + 1_535_115_264],
    // mla_up_proj: q = k = 128·192 = 24,576, v = 128·128 = 16,384 wide: 2·4096·(2·24,576 + 16,384)·61 layers
    // = 536,870,912 × 61 = 32,749,125,632
    ['deepseek-v3 mla_up_proj', dsv3, { tp: 1, cp: 1, sequenceParallel: false }, { seqLen: 4096, microBatch: 1, flashAttention: true }, ['mla_up_proj'], 32_749_125_632],
    // tiny MoE (s 16, b 2, tp 2): q = k = 4·24 = 96, v = 4·16 = 64: 2·32·(192 + 64)/2 = 8,192 × 2 layers
    ['tiny MoE mla_up_proj', tinyMoe, { tp: 2, cp: 1, sequenceParallel: true }, { seqLen: 16, microBatch: 2, flashAttention: true }, ['mla_up_proj'], 16_384],
    // tiny MoE (sb 32, tp 2), one MoE layer, F_e = F_s = 32: moe 6·32·(2·32 + 32)/2 = 9,216; shared_experts 6·32·32/2 = 3,072
    ['tiny MoE moe', tinyMoe, { tp: 2, cp: 1, sequenceParallel: true }, { seqLen: 16, microBatch: 2, flashAttention: true }, ['moe'], 9_216],
    ['tiny MoE shared_experts', tinyMoe, { tp: 2, cp: 1, sequenceParallel: true }, { seqLen: 16, microBatch: 2, flashAttention: true }, ['shared_experts'], 3_072],
    // moe at load 1.5: 6·32·(2·32·1.5 + 32)/2 = 12,288
    ['tiny MoE moe, load 1.5', tinyMoe, { tp: 2, cp: 1, sequenceParallel: true }, { seqLen: 16, microBatch: 2, flashAttention: true, moeLoadFactor: 1.5 }, ['moe'], 12_288],
    // DeepSeek-V3 (s 4096, b 1, tp 1): 58 MoE layers × 6·4096·(8·2048 + 2048) = 58 × 452,984,832 = 26,273,120,256;
    // shared_experts 58 × 6·4096·2048 = 58 × 50,331,648 = 2,919,235,584
    ['deepseek-v3 moe', dsv3, { tp: 1, cp: 1, sequenceParallel: false }, { seqLen: 4096, microBatch: 1, flashAttention: true }, ['moe'], 26_273_120_256],
    ['deepseek-v3 shared_experts', dsv3, { tp: 1, cp: 1, sequenceParallel: false }, { seqLen: 4096, microBatch: 1, flashAttention: true }, ['shared_experts'], 2_919_235_584],
    // moe frees what moe_act and shared_experts would: counted once
    ['deepseek-v3 moe with moe_act and shared_experts', dsv3, { tp: 1, cp: 1, sequenceParallel: false }, { seqLen: 4096, microBatch: 1, flashAttention: true }, ['moe_act', 'moe', 'shared_experts'], 26_273_120_256],
    // with layernorm, which frees the norm output moe keeps as its input: the two add up
    ['deepseek-v3 moe and layernorm', dsv3, { tp: 1, cp: 1, sequenceParallel: false }, { seqLen: 4096, microBatch: 1, flashAttention: true }, ['layernorm', 'moe'], 6_987_710_464 + 26_273_120_256],
    // core_attn is activationBytesPerLayer's own term (below), not counted here
    ['deepseek-v3 core_attn', dsv3, { tp: 1, cp: 1, sequenceParallel: false }, { seqLen: 4096, microBatch: 1, flashAttention: true }, ['core_attn'], 0],
  ])('%s', (_, a, p, shape, modules, bytes) => {
    const perLayer = recomputeModuleBytes(a, p, shape, modules);
    expect(perLayer * a.layers).toBeCloseTo(bytes, 3);
    // The stored bytes fall by the same amount from [core_attn] alone, whenever core_attn is kept too.
    const withCore = (m: RecomputeModule[]) => activationBytesPerLayer(a, sel(p), { ...shape, recomputeModules: m }).stored;
    expect((withCore(['core_attn']) - withCore(['core_attn', ...modules])) * a.layers).toBeCloseTo(bytes, 3);
  });
});

describe('core_attn: recompute selective as before the modules', () => {
  const GiB = 2 ** 30;
  // Korthikanti Table 2 (GPT-3, s 2048, b 1, TP 8 + SP + selective): 9.56 GiB over 96 layers, with the modules
  // left out and with [core_attn] named.
  it.each([undefined, ['core_attn'] as RecomputeModule[]])('modules %j: 9.56 GiB', (recomputeModules) => {
    const stored = activationBytesPerLayer(gpt3, { tp: 8, cp: 1, sequenceParallel: true, recompute: 'selective' }, { seqLen: 2048, microBatch: 1, flashAttention: false, ...(recomputeModules ? { recomputeModules } : {}) }).stored;
    expect((stored * 96) / GiB).toBeCloseTo(9.56, 2);
  });

  // Without core_attn the scores stay: Table 2's TP + SP row, 32.06 GiB, less the mlp saving by hand
  // (GPT-3 GeLU: per layer 2·2048·12288/8 + (2 + 2)·2048·49152/8 = 6,291,456 + 50,331,648 = 56,623,104 bytes).
  it('[mlp] alone keeps the attention scores', () => {
    const stored = activationBytesPerLayer(gpt3, { tp: 8, cp: 1, sequenceParallel: true, recompute: 'selective' }, { seqLen: 2048, microBatch: 1, flashAttention: false, recomputeModules: ['mlp'] }).stored;
    expect((stored * 96) / GiB).toBeCloseTo(32.06 - (56_623_104 * 96) / GiB, 2);
  });

  it.each(['none', 'full'] as const)('recompute %s ignores the modules', (recompute) => {
    const at = (recomputeModules?: RecomputeModule[]) => activationBytesPerLayer(dsv3, { tp: 1, cp: 1, sequenceParallel: false, recompute }, { seqLen: 4096, microBatch: 1, flashAttention: true, ...(recomputeModules ? { recomputeModules } : {}) });
    expect(at(['moe_act', 'layernorm', 'mlp'])).toEqual(at());
  });
});

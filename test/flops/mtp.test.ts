/**
 * Multi-token prediction (DeepSeek-V3, arXiv:2412.19437 §2.2) against figures computed independently:
 * the released checkpoint's MTP tensors (model.layers.61.*, shapes from config.json) and the model
 * card's 671B + 14B = 685B; Megatron-LM's num_floating_point_operations with mtp_num_layers
 * (shared/reference/formulas.md §7.1, §14 dsv3.py: 249.8 GFLOP/token without MTP, 260.0 with one).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countFlops } from '../../src/flops/count.js';
import { validate } from '../../src/input/validate.js';
import { parseYaml } from '../../src/input/yaml.js';
import { countParams } from '../../src/model/params.js';
import { ModelSchema, toArchitecture } from '../../src/model/schema.js';
import { activationBytesPerLayer } from '../../src/perf/activations.js';
import { evaluateLayout, runContext } from '../../src/perf/evaluate.js';
import { estimateMemory, stageParams, stateBytesFor } from '../../src/perf/memory.js';
import { memoryTotalBytes } from '../../src/perf/memoryTotal.js';
import { arch, layout, loadProfile } from '../perf/helpers.js';

const file = (extra: string) => {
  const path = new URL('../../models/deepseek-v3.yaml', import.meta.url);
  return toArchitecture(validate(ModelSchema, parseYaml(readFileSync(path, 'utf8') + extra, 'deepseek-v3.yaml')), 'deepseek-v3');
};
const v3 = file('');
const v3mtp = file('\nmtp: {depth: 1}\n');

// config.json: hidden 7168, q_lora 1536, kv_lora 512, qk_nope 128, qk_rope 64, v_head 128, 128 heads,
// moe_intermediate 2048, 256 routed + 1 shared, vocab 129280.
const h = 7168;
const V = 129280;
const mat = (a: number, b: number) => a * b;
const mtpLayerTensors = [
  mat(h, 2 * h), // eh_proj
  h, h, h, // enorm, hnorm, shared_head.norm
  mat(1536, h), 1536, mat(128 * 192, 1536), // q_a_proj, q_a_layernorm, q_b_proj
  mat(512 + 64, h), 512, mat(128 * (128 + 128), 512), // kv_a_proj_with_mqa, kv_a_layernorm, kv_b_proj
  mat(h, 128 * 128), // o_proj
  h, h, // input_layernorm, post_attention_layernorm
  mat(256, h), 256, // mlp.gate weight, e_score_correction_bias
  256 * 3 * mat(2048, h), // routed experts: gate, up, down
  3 * mat(2048, h), // shared expert
];
const checkpointCopies = 2 * V * h; // embed_tokens and shared_head.head stored again in layer 61

describe('MTP parameters (DeepSeek-V3 checkpoint, model card)', () => {
  it('the MTP module is the sum of the checkpoint layer-61 tensors, less the shared embedding and head', () => {
    const own = mtpLayerTensors.reduce((s, x) => s + x, 0);
    expect(countParams(v3mtp).byComponent.mtp).toBe(own);
    expect(countParams(v3mtp).total - countParams(v3).total).toBe(own);
  });
  it('with the stored copies of the embedding and head it is the model card\'s 685B (671B main + 14B MTP)', () => {
    const all = countParams(v3mtp).total + checkpointCopies;
    // 684.49B: the card's 685B also counts the FP8 checkpoint's block-scale tensors (one per 128×128 block).
    expect(Math.abs(all / 685e9 - 1)).toBeLessThan(0.001);
    expect(Math.round(countParams(v3).total / 1e9)).toBe(671);
  });
  it('the module\'s routed experts it does not use are not active', () => {
    const p = countParams(v3mtp);
    expect(p.active - countParams(v3).active).toBe(mtpLayerTensors.reduce((s, x) => s + x, 0) - 248 * 3 * mat(2048, h));
  });
});

describe('MTP FLOPs (Megatron-LM num_floating_point_operations with mtp_num_layers)', () => {
  /** formulas.md §14 dsv3.py, re-typed: Megatron's per-token training FLOPs, causal, no router GEMM, norms as 3h. */
  const megatron = (mtp: number, s: number) => {
    const L = 61; const dense = 3; const moe = L - dense; const H = 128;
    const attnLin = 6 * (1536 * (h + H * 192 + 1) + 512 * (h + H * 256 + 1) + h * 64 + H * 128 * h);
    const core = 6 * ((H * 192) / 2 + (H * 128) / 2);
    const mlp = 6 * h * (18432 * 3 * dense + 2048 * 8 * 3 * (moe + mtp) + 2048 * 3 * (moe + mtp));
    return mlp + attnLin * (L + mtp) + 6 * mtp * (3 * h + 2 * h * h) + 6 * h * V * (mtp + 1) + s * core * (L + mtp);
  };
  const ours = (a: typeof v3) => countFlops(a, { seqLen: 4096, attention: 'causal' });
  const routerTrain = (layers: number) => 3 * layers * 2 * h * 256; // forward 2·d·E per MoE layer, ×3 for training
  it.each([[0, 249.8e9], [1, 260.0e9]] as const)('depth %i: within 0.05%% of the formula (published: %d)', (mtp, published) => {
    const a = mtp ? v3mtp : v3;
    const m = megatron(mtp, 4096);
    expect(Math.abs(m / published - 1)).toBeLessThan(0.001);
    const withoutRouter = ours(a).perToken.model - routerTrain(58 + mtp);
    expect(Math.abs(withoutRouter / m - 1)).toBeLessThan(0.0005);
  });
  it('lists the projection and the extra head pass, and recomputes the block and projection with full recompute', () => {
    const c = countFlops(v3mtp, { seqLen: 4096, attention: 'causal', recompute: 'full' });
    const by = Object.fromEntries(c.components.map((x) => [x.id, x]));
    expect(by.mtp_proj!.forward).toBe(2 * 2 * h * h);
    expect(by.mtp_logits!.forward).toBe(2 * h * V);
    expect(by.experts!.repeats).toBe(59);
    expect(by.mtp_proj!.recompute).toBe(by.mtp_proj!.forward);
    expect(by.mtp_logits!.recompute).toBe(0);
  });
});

describe('MTP in the performance model: one more block and head pass on the last stage', () => {
  const small = { layers: 8, d_model: 2048, heads: 16, d_ff: 8192, ffn: 'swiglu', norm: 'rmsnorm', vocab: 128000, seq_len: 4096 } as const;
  const h100 = loadProfile('h100-sxm');
  const ev = (a: typeof v3) => evaluateLayout(runContext(a, h100, { globalBatchSequences: 64, gpuCount: 16 }), layout({ tp: 2, pp: 2, dp: 4 }));
  it('slower step, more memory on the last stage, no change to the first', () => {
    const base = ev(arch(small, 'base'));
    const with1 = ev(arch({ ...small, mtp: { depth: 1 } }, 'mtp'));
    expect(with1.prediction.stepTimeSeconds).toBeGreaterThan(base.prediction.stepTimeSeconds);
    // one more block and head pass on a stage of 4 blocks and the head: more than a fifth more, less than double
    expect(with1.prediction.breakdown.computeSeconds / base.prediction.breakdown.computeSeconds).toBeGreaterThan(1.2);
    expect(with1.prediction.breakdown.computeSeconds / base.prediction.breakdown.computeSeconds).toBeLessThan(2);
    expect(with1.memory.stage).toBe('last');
    expect(with1.memory.total).toBeGreaterThan(base.memory.total);
  });
  it.each([
    ['pp 1', layout({ tp: 2, dp: 8 })],
    ['pp 2', layout({ tp: 2, pp: 2, dp: 4, zeroStage: 1 })],
    ['pp 2 ZeRO-3', layout({ tp: 2, pp: 2, dp: 4, zeroStage: 3 })],
    ['DualPipe', layout({ tp: 2, pp: 2, dp: 4, schedule: 'dualpipe' })],
  ])('the planner\'s memory total equals the estimate (%s)', (_, l) => {
    const a = arch({ ...small, mtp: { depth: 2 } }, 'mtp2');
    const B = 64;
    const est = estimateMemory({ arch: a, layout: l, seqLen: 4096, globalBatchSequences: B, capacityBytes: 80 * 2 ** 30, flashAttention: true, stateBytes: stateBytesFor('bf16') });
    const act = activationBytesPerLayer(a, l, { seqLen: 4096, microBatch: l.microBatch, flashAttention: true });
    const p = stageParams(a, l);
    expect(memoryTotalBytes(a, l, 4096, B / (l.microBatch * l.dp), act, p.first, p.last, stateBytesFor('bf16'))).toBeCloseTo(est.total, 0);
  });
});

/**
 * src/perf/selectiveModules.ts: what `recompute: selective` reruns where a run names no recompute_modules — the stack's own
 * selective mode where it applies (TorchTitan: its per-operator policy, as its Llama presets run it), else Megatron-Core's
 * core_attn. Table-driven over stack, model and GEMM precision.
 */
import { describe, expect, it } from 'vitest';
import { selectiveCountOptions, selectiveModulesOf } from '../../src/perf/selectiveModules.js';
import { STACKS } from '../../src/perf/stackProfiles.js';
import { runContext } from '../../src/perf/evaluate.js';
import { countFlops } from '../../src/flops/count.js';
import { dsv3, llama70b, mixtral } from '../flops/recomputeModels.js';
import { loadProfile } from './helpers.js';
import { plan } from '../../src/index.js';
import { renderPlan } from '../../src/perf/render.js';
import { planReport } from '../../src/library/plan.js';
import { fileSources } from '../../src/cli/load/sources.js';

describe('selectiveModulesOf and selectiveCountOptions', () => {
  // [name, stack, model, modules given, run precision, GEMM precision, the count's options]
  it.each([
    ['torchtitan, a dense model, BF16: its op policy', 'torchtitan', llama70b, undefined, 'bf16', undefined, { recomputeModules: ['op'] }],
    ['torchtitan, given modules: those', 'torchtitan', llama70b, ['op'], 'bf16', undefined, { recomputeModules: ['op'] }],
    ['torchtitan, FP8 GEMMs: its op policy over low-precision linears (none kept)', 'torchtitan', llama70b, undefined, 'bf16', 'fp8', { recomputeModules: ['op'], lowPrecisionLinears: true }],
    ['torchtitan, an FP8 run without a GEMM precision of its own: 16-bit operands, as the machine counts them', 'torchtitan', llama70b, undefined, 'fp8', undefined, { recomputeModules: ['op'] }],
    ['torchtitan, an MoE model (op not modelled): core_attn by default', 'torchtitan', mixtral, undefined, 'bf16', undefined, {}],
    ['torchtitan, MLA + MoE: core_attn by default', 'torchtitan', dsv3, undefined, 'bf16', undefined, {}],
    ['megatron-core: core_attn by default', 'megatron-core', llama70b, undefined, 'bf16', undefined, {}],
    ['megatron-core, given modules, FP8: those (no op, no flag)', 'megatron-core', llama70b, ['core_attn', 'mlp'], 'bf16', 'fp8', { recomputeModules: ['core_attn', 'mlp'] }],
    ['olmo-core: core_attn by default', 'olmo-core', llama70b, undefined, 'bf16', undefined, {}],
    ['no stack: core_attn by default', null, llama70b, undefined, 'bf16', undefined, {}],
  ] as const)('%s', (_, stack, arch, given, precision, gemm, expected) => {
    const s = stack === null ? null : STACKS[stack];
    expect(selectiveCountOptions(s, arch, given, precision, gemm)).toEqual(expected);
    expect(selectiveModulesOf(s, arch, given)).toEqual((expected as { recomputeModules?: unknown }).recomputeModules);
  });

  it('the performance model counts the stack\'s default: TorchTitan\'s selective reruns k, o and w3 on Llama 3 70B, not the attention core', () => {
    const ctx = runContext(llama70b, loadProfile('h100-sxm'), { seqLen: 8192, globalBatchSequences: 64, gpuCount: 64, stack: 'torchtitan' });
    const op = countFlops(llama70b, { seqLen: 8192, recompute: 'selective', recomputeModules: ['op'] }).perToken.hardware;
    const coreAttn = countFlops(llama70b, { seqLen: 8192, recompute: 'selective' }).perToken.hardware;
    expect(ctx.recomputeModules).toEqual(['op']);
    expect(ctx.hardwareFlopsPerToken.selective).toBe(op);
    expect(op).not.toBe(coreAttn);
  });
});

// The plan says what its selective layouts rerun where the stack's own mode applies (text: the stack line; --json:
// selective_modules), and counts the attention-convention note's HFU with it, as its own HFU is counted.
describe('plan names the stack\'s selective mode', () => {
  it.each([
    ['torchtitan, a dense model', { model: 'llama-3-8b', stack: 'torchtitan' }, ['op']],
    ['torchtitan, an MoE model: none (core_attn)', { model: 'mixtral-8x7b', stack: 'torchtitan' }, undefined],
    ['megatron-core: none', { model: 'llama-3-8b', stack: 'megatron-core' }, undefined],
  ] as const)('%s', (_, q, modules) => {
    const query = { ...q, gpu: 'h100-sxm', count: 8, globalBatch: 64, top: 1 };
    expect((plan(query) as { selective_modules?: unknown }).selective_modules).toEqual(modules);
    const stackLine = renderPlan(planReport(fileSources({}), query)).split('\n').find((l) => l.startsWith('stack: ')) ?? '';
    expect(stackLine.includes('selective recomputation as the stack runs it: recompute_modules [op]')).toBe(modules !== undefined);
  });
});

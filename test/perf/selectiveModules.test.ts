/**
 * src/perf/selectiveModules.ts: what `recompute: selective` reruns where a run names no recompute_modules — the stack's own
 * selective mode where it applies (TorchTitan: its per-operator policy, as its Llama presets run it), else Megatron-Core's
 * core_attn. Table-driven over stack, model and GEMM precision.
 */
import { describe, expect, it } from 'vitest';
import { selectiveModulesOf } from '../../src/perf/selectiveModules.js';
import { STACKS } from '../../src/perf/stackProfiles.js';
import { runContext } from '../../src/perf/evaluate.js';
import { countFlops } from '../../src/flops/count.js';
import { dsv3, llama70b, mixtral } from '../flops/recomputeModels.js';
import { loadProfile } from './helpers.js';

describe('selectiveModulesOf', () => {
  it.each([
    ['torchtitan, a dense model, BF16: its op policy', 'torchtitan', llama70b, undefined, 'bf16', ['op']],
    ['torchtitan, given modules: those', 'torchtitan', llama70b, ['op'], 'bf16', ['op']],
    ['torchtitan, an MoE model (op not modelled): core_attn by default', 'torchtitan', mixtral, undefined, 'bf16', undefined],
    ['torchtitan, MLA + MoE: core_attn by default', 'torchtitan', dsv3, undefined, 'bf16', undefined],
    ['torchtitan, FP8 GEMMs (not aten.mm): core_attn by default', 'torchtitan', llama70b, undefined, 'fp8', undefined],
    ['megatron-core: core_attn by default', 'megatron-core', llama70b, undefined, 'bf16', undefined],
    ['olmo-core: core_attn by default', 'olmo-core', llama70b, undefined, 'bf16', undefined],
    ['no stack: core_attn by default', null, llama70b, undefined, 'bf16', undefined],
  ] as const)('%s', (_, stack, arch, given, precision, expected) => {
    expect(selectiveModulesOf(stack === null ? null : STACKS[stack], arch, given, precision)).toEqual(expected);
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

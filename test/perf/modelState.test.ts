/**
 * Model-state bytes per parameter against the layouts their sources print: Megatron-LM's table for the
 * precision defaults, and each `training.model_state` choice against the run that keeps it.
 */
import { describe, expect, it } from 'vitest';
import { stateBytesFor, type ModelStateChoice } from '../../src/perf/modelState.js';

const total = (b: { weights: number; gradients: number; optimizer: number }) => b.weights + b.gradients + b.optimizer;

describe('bytes per parameter', () => {
  it.each([
    // Megatron-LM docs/source/api-guide/dist_optimizer.md, "non-distributed optim" column.
    ['bf16 (Megatron)', 'bf16', {}, 18],
    ['fp16 (Megatron: fp32 gradient copy)', 'fp16', {}, 20],
    ['fp32 (Megatron)', 'fp32', {}, 16],
    ['FP8 recipes keep bf16 weights and fp32 main gradients', 'fp8', {}, 18],
    // DeepSeek-V3 §3.3.3: BF16 moments; fp32 master weights and gradients kept.
    ['DeepSeek-V3: bf16 moments', 'bf16', { moments: 'bf16' }, 2 + 4 + 4 + 2 * 2],
    // PyTorch FSDP mixed precision (torchtitan, llm-foundry): sharded fp32 weights are the only copy, fp32 gradients, fp32 Adam.
    ['FSDP mixed precision: fp32 weights, no separate master', 'bf16', { weights: 'fp32' }, 4 + 4 + 2 * 4],
    // MaxText weight_dtype bfloat16 with optax adamw (moments in the weights' dtype, gradients too).
    ['MaxText bf16 weights: one copy, bf16 gradients and moments', 'bf16', { masterWeights: 'none', gradients: 'bf16', moments: 'bf16' }, 2 + 2 + 2 * 2],
    // Megatron --use-precision-aware-optimizer --main-grads-dtype bf16 --exp-avg(-sq)-dtype bf16.
    ['Megatron precision-aware optimizer, bf16 gradients and moments', 'bf16', { gradients: 'bf16', moments: 'bf16' }, 2 + 2 + 4 + 2 * 2],
  ] as const)('%s: %i bytes', (_, precision, choice: ModelStateChoice, bytes) => {
    expect(total(stateBytesFor(precision, choice))).toBe(bytes);
  });

  it.each([
    ['bf16', {}, 2], ['bf16', { weights: 'fp32' }, 2], ['fp32', {}, 4],
  ] as const)('%s %j: GEMMs read and ZeRO-3 gathers %i-byte weights, whatever is stored', (precision, choice: ModelStateChoice, bytes) => {
    expect(stateBytesFor(precision, choice).computeWeights).toBe(bytes);
  });

  it.each([
    // Megatron --fp8-param-gather with TE FP8 parameters: the bf16 copy becomes FP8, fp32 master weights stay (18 − 1 bytes).
    ['Megatron bf16 weights', {}, 1, 1, 17],
    // FSDP2 float8 all-gather (torchao): fp32 weights stay the only copy and are cast to FP8 for the gather.
    ['FSDP fp32 weights', { weights: 'fp32' }, 4, 1, 16],
  ] as const)('FP8 parameter gather over %s: layers stored in %i bytes, gathered in %i; %i bytes a layer parameter', (_, choice: ModelStateChoice, stored, gathered, bytes) => {
    const b = stateBytesFor('bf16', choice, true);
    expect(b.layerWeights).toBe(stored);
    expect(b.layerComputeWeights).toBe(gathered);
    expect(b.layerWeights + b.gradients + b.optimizer).toBe(bytes);
    expect(b.weights).toBe(stateBytesFor('bf16', choice).weights); // the embedding and head keep theirs
    const without = stateBytesFor('bf16', choice);
    expect([without.layerWeights, without.layerComputeWeights]).toEqual([without.weights, without.computeWeights]);
  });
});

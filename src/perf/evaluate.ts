/**
 * One layout, fully evaluated: the run context (machine, FLOPs per token), the layer costs, the
 * step-time prediction and the memory estimate.
 */
import { countFlops } from '../flops/count.js';
import type { AttentionConvention } from '../flops/conventions.js';
import type { HardwareProfile, Precision } from '../hardware/schema.js';
import type { Architecture } from '../model/architecture.js';
import { checkLayout, type Layout, type LayoutCheckOptions } from './layout.js';
import { layerCosts } from './layerCost.js';
import { machineFor } from './machine.js';
import { estimateMemory, stageParams, type MemoryEstimate } from './memory.js';
import type { NetworkOverride } from './network.js';
import { Slot, stepParts, toPrediction, type StepContext, type StepPrediction } from './step.js';

export interface RunInputs {
  seqLen?: number;
  globalBatchSequences: number;
  gpuCount: number;
  precision?: Precision;
  attention?: AttentionConvention;
  /** FlashAttention-style fused attention (no s² activations, causal blocks skipped). Default true. */
  flashAttention?: boolean;
  network?: NetworkOverride;
}

export interface RunContext extends StepContext {
  hw: HardwareProfile;
  flashAttention: boolean;
  attention: AttentionConvention;
  precision: Precision;
}

export function runContext(arch: Architecture, hw: HardwareProfile, inp: RunInputs): RunContext {
  const seqLen = inp.seqLen ?? arch.seqLen;
  const attention = inp.attention ?? 'full';
  const precision = inp.precision ?? 'bf16';
  const f = (recompute: Layout['recompute']) => countFlops(arch, { seqLen, attention, recompute }).perToken;
  return {
    arch,
    hw,
    mc: machineFor(hw, precision, inp.gpuCount, inp.network),
    seqLen,
    globalBatchSequences: inp.globalBatchSequences,
    gpuCount: inp.gpuCount,
    modelFlopsPerToken: f('none').model,
    hardwareFlopsPerToken: { none: f('none').hardware, selective: f('selective').hardware, full: f('full').hardware },
    flashAttention: inp.flashAttention ?? true,
    attention,
    precision,
  };
}

export interface Evaluation {
  layout: Layout;
  prediction: StepPrediction;
  memory: MemoryEstimate;
}

/** Evaluates a layout assumed valid (see checkLayout). */
export function evaluateLayout(ctx: RunContext, layout: Layout): Evaluation {
  const costs = layerCosts(ctx.arch, ctx.mc, {
    tp: layout.tp, cp: layout.cp, ep: layout.ep, microBatch: layout.microBatch, sequenceParallel: layout.sequenceParallel,
    recompute: layout.recompute, seqLen: ctx.seqLen, flashAttention: ctx.flashAttention, attention: ctx.attention,
  });
  const params = stageParams(ctx.arch, layout);
  const worst = params.first.dense + params.first.experts >= params.last.dense + params.last.experts ? params.first : params.last;
  const parts = new Float64Array(Slot.Size);
  stepParts(ctx, layout, costs, worst, parts);
  const memory = estimateMemory({ arch: ctx.arch, layout, seqLen: ctx.seqLen, globalBatchSequences: ctx.globalBatchSequences, capacityBytes: ctx.hw.memoryBytes, flashAttention: ctx.flashAttention });
  return { layout, prediction: toPrediction(ctx, layout, parts), memory };
}

export function layoutIssues(ctx: RunContext, layout: Layout, options: LayoutCheckOptions = {}) {
  return checkLayout(ctx.arch, ctx.gpuCount, ctx.globalBatchSequences, layout, { seqLen: ctx.seqLen, ...options });
}

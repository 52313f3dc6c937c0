/**
 * The three memory paths agree over many layouts: memory.ts estimateMemory (the breakdown one layout shows),
 * memoryTotal.ts memoryTotalBytes (the planner's allocation-free total) and layoutMemory.ts estimateLayoutMemory
 * (a pipeline layout sized rank by rank, here the even split written out). Each applies the same rules (ZeRO's
 * shards, heldStateBytes, the ZeRO-3 gather buffer, the in-flight micro-batches) in its own code, so a rule
 * mended in one and not its twin shows here as two totals for one layout. Where ZeRO shards nothing each ZeRO stage
 * needs ZeRO-0's memory (layout.ts shardsNothing).
 */
import { describe, expect, it } from 'vitest';
import { activationBytesPerLayer } from '../../src/perf/activations.js';
import { estimateMemory, stageParams, stateBytesFor, type StateBytes } from '../../src/perf/memory.js';
import { memoryTotalBytes } from '../../src/perf/memoryTotal.js';
import { estimateLayoutMemory } from '../../src/perf/layoutMemory.js';
import { shardsNothing, type Layout, type PipelineSchedule, type Recompute, type ZeroStage } from '../../src/perf/layout.js';
import type { Architecture } from '../../src/model/architecture.js';
import { arch, layout } from './helpers.js';

const dense = arch({ layers: 16, d_model: 1024, heads: 16, kv_heads: 4, d_ff: 4096, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 2048, tied_embeddings: false }, 'dense-16');
const moe = arch({ layers: 16, d_model: 1024, heads: 16, kv_heads: 4, d_ff: 4096, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 2048, moe: { experts: 8, top_k: 2, d_ff_expert: 1024, shared_experts: 1 } }, 'moe-16');
const mtp = arch({ layers: 16, d_model: 1024, heads: 16, d_ff: 4096, vocab: 32000, seq_len: 2048, tied_embeddings: false, mtp: { depth: 1 } }, 'mtp-16');

const STATES: [string, StateBytes][] = [
  ['bf16', stateBytesFor('bf16')],
  ['bf16, fp32 weights (FSDP2)', stateBytesFor('bf16', { weights: 'fp32' })],
  ['fp8 parameters', stateBytesFor('bf16', {}, true)],
  ['fp8 gather of fp32 weights', stateBytesFor('bf16', { weights: 'fp32' }, true)],
  ['fp32', stateBytesFor('fp32')],
  // CPU offload (offload.ts): the host's shares leave HBM in every path alike (layout.ts heldStateBytes).
  ['bf16, half the optimizer on the host', { ...stateBytesFor('bf16'), onHost: { optimizer: 0.5, gradients: 0, params: false } }],
  ['bf16, the optimizer and gradients on the host (ZeRO-Offload)', { ...stateBytesFor('bf16'), onHost: { optimizer: 1, gradients: 1, params: false } }],
  ['fp32 weights, everything on the host (FSDP2 CPUOffloadPolicy)', { ...stateBytesFor('bf16', { weights: 'fp32' }), onHost: { optimizer: 1, gradients: 1, params: true } }],
];
// dualpipev: zb-v's V with DualPipe's held micro-batches (pp + 1/2: schedules.ts), one copy of the parameters.
const SCHEDULES: [PipelineSchedule, number][] = [['1f1b', 1], ['interleaved', 2], ['zb-v', 2], ['dualpipe', 1], ['dualpipev', 2]];

/** The even split written as a Megatron-Core pipeline layout: pp·v chunks of equal layers, E on the first, the MTP layers and L on the last. */
function evenLayout(a: Architecture, chunks: number): string {
  return Array.from({ length: chunks }, (_, k) => `${k === 0 ? 'E' : ''}t*${a.layers / chunks}${k === chunks - 1 ? `${'m'.repeat(a.mtpDepth)}L` : ''}`).join('|');
}

interface Case { name: string; a: Architecture; l: Layout; sb: StateBytes; perStep: boolean; epOverlap: boolean; batch: number }
function cases(): Case[] {
  const out: Case[] = [];
  for (const [a, name] of [[dense, 'dense'], [moe, 'moe'], [mtp, 'mtp']] as const)
    for (const [tp, cp, dp, ep, etp] of (a.moe ? [[1, 1, 1, 1, 1], [2, 1, 1, 2, 1], [2, 1, 2, 2, 1], [1, 1, 4, 2, 1], [2, 2, 2, 4, 1], [2, 1, 4, 2, 2]] : [[1, 1, 1, 1, 1], [2, 1, 2, 1, 1], [1, 2, 4, 1, 1], [2, 1, 8, 1, 1]]) as [number, number, number, number, number][])
      for (const pp of [1, 2, 4])
        for (const [schedule, v] of SCHEDULES) {
          if (pp === 1 && schedule !== '1f1b') continue;
          if (schedule === 'dualpipe' && (!a.moe || ep === 1)) continue;
          for (const zeroStage of [0, 1, 2, 3] as ZeroStage[])
            for (const recompute of ['none', 'selective', 'full'] as Recompute[])
              for (const [sn, sb] of STATES)
                for (const perStep of [false, true])
                  for (const batch of [dp * Math.max(1, pp / 2), 8 * pp * dp]) {
                    const l = layout({ tp, cp, dp, ep, etp, pp, schedule, virtualStages: v, zeroStage, recompute, sequenceParallel: tp > 1 });
                    out.push({ name: `${name} ${sn} tp${tp} cp${cp} dp${dp} ep${ep} etp${etp} pp${pp} ${schedule} zero${zeroStage} ${recompute} perStep=${perStep} B${batch}`, a, l, sb, perStep, epOverlap: ep > 1 && (schedule === 'interleaved' || pp === 1), batch });
                  }
        }
  return out;
}

describe('the three memory paths agree', () => {
  const all = cases();
  it(`${all.length} layouts: the planner's total is the breakdown's, the even split written out is sized alike, and where ZeRO shards nothing each stage needs ZeRO-0's memory`, () => {
    const bad: string[] = [];
    let placed = 0;
    let unsharded = 0;
    for (const c of all) {
      const inp = { arch: c.a, seqLen: 2048, globalBatchSequences: c.batch, capacityBytes: 80e9, flashAttention: true, stateBytes: c.sb, shardingPerStepUnderPp: c.perStep, epCommOverlap: c.epOverlap };
      const est = estimateMemory({ ...inp, layout: c.l });
      const act = activationBytesPerLayer(c.a, c.l, { seqLen: 2048, microBatch: c.l.microBatch, flashAttention: true });
      const p = stageParams(c.a, c.l);
      const planner = memoryTotalBytes(c.a, c.l, 2048, c.batch / (c.l.microBatch * c.l.dp), act, p.first, p.last, c.sb, c.perStep, c.epOverlap);
      const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(x, y);
      if (!close(planner, est.total)) bad.push(`${c.name}: planner ${planner} vs breakdown ${est.total}`);
      // Where ZeRO shards nothing (layout.ts shardsNothing) every ZeRO stage holds ZeRO-0's states: the same memory.
      if (c.l.zeroStage > 0 && shardsNothing(c.l, c.a.moe !== null)) {
        const zero0 = estimateMemory({ ...inp, layout: { ...c.l, zeroStage: 0 } }).total;
        unsharded++;
        if (!close(zero0, est.total)) bad.push(`${c.name}: shards nothing, yet ${est.total} against ZeRO-0's ${zero0}`);
      }
      if (c.l.schedule === 'dualpipe') continue; // DualPipe's placement is not a Megatron-Core pipeline layout
      const chunks = c.l.pp * (c.l.schedule === '1f1b' ? 1 : c.l.virtualStages);
      const written = estimateLayoutMemory({ ...inp, layout: { ...c.l, pipelineLayout: evenLayout(c.a, chunks) } });
      placed++;
      if (!close(written.total, est.total)) bad.push(`${c.name}: pipeline layout ${written.total} vs breakdown ${est.total}`);
    }
    expect(placed).toBeGreaterThan(1000);
    expect(unsharded).toBeGreaterThan(100);
    expect(bad.slice(0, 20)).toEqual([]);
  });
});

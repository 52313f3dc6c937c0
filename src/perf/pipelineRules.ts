/**
 * The layout rules of pipelining (part of the table of layoutRules.ts): the interleaved and DualPipe
 * schedules and their virtual stages, the micro-batches per pipeline, and the schedule the
 * expert-parallel all-to-all overlap needs.
 */
import { epOverlapApplies } from './layout.js';
import type { LayoutRule, P, RuleContext } from './layoutRules.js';

/** DualPipe's micro-batch rule: m even and m ≥ 2·pp (deepseek-ai/DualPipe dualpipe.py `step` assertions). */
export function dualPipeMicroBatchesOk(microBatches: number, pp: number): boolean {
  return microBatches % 2 === 0 && microBatches >= 2 * pp;
}

/** Micro-batches per pipeline, m = B/(b·dp) (Narayanan §3.1). */
const microBatches = (l: P, c: RuleContext) => c.globalBatchSequences / (l.microBatch! * l.dp!);

export const PIPELINE_RULES: readonly LayoutRule[] = [
  {
    id: 'interleaved-pp',
    fields: ['schedule', 'pp'],
    summary: 'interleaving needs pp > 1, v | layers per stage and m % pp = 0',
    ok: (l) => l.schedule !== 'interleaved' || l.pp >= 2,
    message: () => 'the interleaved schedule needs pp > 1',
    hint: () => 'use schedule 1f1b, or pp of 2 or more',
    source: 'Narayanan et al. 2021 §2.2.2',
  },
  {
    id: 'virtual-stages-schedule',
    fields: ['virtualStages', 'schedule'],
    summary: 'interleaving needs pp > 1, v | layers per stage and m % pp = 0',
    ok: (l) => l.schedule === 'interleaved' || l.virtualStages === 1,
    message: (p) => `virtual stages (${p.virtualStages}) need the interleaved schedule`,
    hint: () => 'set schedule: interleaved, or virtualStages: 1',
    source: 'Narayanan et al. 2021 §2.2.2',
  },
  {
    id: 'virtual-stages-layers',
    fields: ['virtualStages', 'pp'],
    summary: 'interleaving needs pp > 1, v | layers per stage and m % pp = 0',
    // A stack that places layers freely over the pp·v chunks (stack.ts can.unevenVirtualStages) needs
    // only a layer per chunk when uneven stages are allowed; the step model charges the largest stage.
    ok: (l, c) => Math.ceil(c.arch.layers / l.pp) % l.virtualStages === 0
      || (c.unevenStages && c.stack?.can.unevenVirtualStages.value === true && l.pp * l.virtualStages <= c.arch.layers),
    message: (p, c) => `${Math.ceil(c.arch.layers / p.pp!)} layers per stage cannot be split into ${p.virtualStages} virtual stages`
      + (c.stack && !c.stack.can.unevenVirtualStages.value ? ` (stack ${c.stack.id}: ${c.stack.can.unevenVirtualStages.source})` : ''),
    hint: (p, c) => `use a divisor of ${Math.ceil(c.arch.layers / p.pp!)}` + (c.unevenStages && c.stack?.can.unevenVirtualStages.value ? ` or at most ${Math.floor(c.arch.layers / p.pp!)} virtual stages` : ''),
    source: 'Narayanan et al. 2021 §2.2.2: each stage holds v chunks of layers (uneven chunks: stack.ts can.unevenVirtualStages)',
  },
  {
    id: 'dualpipe-pp',
    fields: ['schedule', 'pp'],
    summary: 'DualPipe needs an even pp, an even m ≥ 2·pp and expert parallelism (ep > 1) unless fixed',
    ok: (l) => l.schedule !== 'dualpipe' || (l.pp >= 2 && l.pp % 2 === 0),
    message: (p) => `DualPipe needs an even pp of 2 or more, found pp = ${p.pp}`,
    hint: () => 'use an even pp, or schedule 1f1b',
    source: 'deepseek-ai/DualPipe dualpipe.py step: assert num_ranks % 2 == 0 (DeepSeek-V3 §3.2.1)',
  },
  {
    id: 'batch-divisible',
    fields: ['microBatch', 'dp'],
    summary: 'microBatch·dp does not divide the global batch',
    ok: (l, c) => c.globalBatchSequences % (l.microBatch * l.dp) === 0,
    partialOk: (p, c) => c.globalBatchSequences % ((p.microBatch ?? 1) * (p.dp ?? 1)) === 0,
    blame: (p) => (p.microBatch !== undefined ? 'microBatch' : 'dp'),
    message: (p, c) => {
      const what = p.microBatch !== undefined && p.dp !== undefined ? `micro-batch ${p.microBatch} × dp ${p.dp} = ${p.microBatch * p.dp}` : p.microBatch !== undefined ? `micro-batch ${p.microBatch}` : `dp = ${p.dp}`;
      return `${what} does not divide the global batch of ${c.globalBatchSequences} sequences`;
    },
    hint: () => 'the global batch must be a multiple of microBatch·dp',
    source: 'Narayanan et al. 2021 §3.1: m = B/(b·d) micro-batches per pipeline',
  },
  {
    id: 'interleaved-microbatches',
    fields: ['schedule', 'microBatch', 'dp', 'pp'],
    summary: 'interleaving needs pp > 1, v | layers per stage and m % pp = 0',
    ok: (l, c) => l.schedule !== 'interleaved' || c.globalBatchSequences % (l.microBatch * l.dp) !== 0 || microBatches(l, c) % l.pp === 0,
    blame: () => 'microBatch',
    message: (p, c) => `the interleaved schedule needs the ${microBatches(p, c)} micro-batches per pipeline to be a multiple of pp = ${p.pp}`,
    hint: () => 'Megatron-LM requires m % p = 0 for interleaving (Narayanan §2.2.2)',
    source: 'Narayanan et al. 2021 §2.2.2',
  },
  {
    id: 'dualpipe-microbatches',
    fields: ['schedule', 'microBatch', 'dp', 'pp'],
    summary: 'DualPipe needs an even pp, an even m ≥ 2·pp and expert parallelism (ep > 1) unless fixed',
    ok: (l, c) => l.schedule !== 'dualpipe' || c.globalBatchSequences % (l.microBatch * l.dp) !== 0 || dualPipeMicroBatchesOk(microBatches(l, c), l.pp),
    blame: () => 'microBatch',
    message: (p, c) => `DualPipe needs an even number of micro-batches per pipeline of at least 2·pp = ${2 * p.pp!}, found ${microBatches(p, c)}`,
    hint: () => 'deepseek-ai/DualPipe asserts num_chunks % 2 == 0 and num_chunks >= 2·num_ranks; use a smaller microBatch or dp',
    source: 'deepseek-ai/DualPipe dualpipe.py step assertions',
  },
  {
    id: 'ep-overlap-interleaved',
    fields: ['schedule', 'pp', 'ep'],
    summary: 'the expert-parallel all-to-all overlap needs the interleaved schedule when pp > 1',
    ok: (l, c) => !epOverlapApplies(l, c.epCommOverlap === true) || l.pp === 1 || l.schedule === 'interleaved',
    blame: () => 'schedule',
    message: (p) => `the expert-parallel all-to-all overlap (ep_comm_overlap) needs the interleaved schedule with pp = ${p.pp}`,
    hint: () => 'use schedule: interleaved with virtual_stages of 2 or more, or pp 1, or turn ep_comm_overlap off',
    source: 'NVIDIA/Megatron-LM docs/user-guide/features/moe_a2a_overlap.md, hard requirements: "PP > 1: Enable VPP"; transformer_config.py asserts virtual_pipeline_model_parallel_size when pipeline_model_parallel_size > 1',
  },
];

/**
 * The one table of layout-validity rules. `checkLayout` (a whole layout), `fixedFieldIssues` (the
 * fields a user fixed, before the planner fills in the rest) and the planner (which evaluates each
 * rule at the loop level where its last field becomes known) all read this list; none restates a rule.
 * In table order: the parallel degrees (degreeRules.ts), the schedules' virtual stages (virtualStageRules.ts),
 * the rest of pipelining, the memory-saving options (memorySavingRules.ts), then what the named stack can run (stackRules.ts). The checks list broken rules in this order, and the
 * planner counts a layout under the first rule of a loop level it breaks. What a rule is (`fields`,
 * `ok`, `partialOk`, `blame`): layoutRuleTypes.ts.
 */
import { scheduleChunks, epOverlapApplies, isZeroBubble, PIPELINE_SCHEDULES, type Layout, type LayoutField } from './layout.js';
import { PIPELINE_LAYOUT_RULES } from './pipelineLayoutRules.js';
import { fixed, plural } from '../report/format.js';
import { DEGREE_RULES } from './degreeRules.js';
import { INTERLEAVING, VIRTUAL_STAGE_RULES } from './virtualStageRules.js';
import { MEMORY_SAVING_RULES, ZERO_PLUS_PLUS_RULES } from './memorySavingRules.js';
import { known, type LayoutRule, type P, type RuleContext } from './layoutRuleTypes.js';
import { STACK_RULES } from './stackRules.js';

/** DualPipe's micro-batch rule: m even and m ≥ 2·pp (deepseek-ai/DualPipe dualpipe.py `step` assertions). */
function dualPipeMicroBatchesOk(microBatches: number, pp: number): boolean {
  return microBatches % 2 === 0 && microBatches >= 2 * pp;
}

/** The summary DualPipeV's rules share (the planner counts their skips and its own search policy's under it: plan.ts SKIP.dualpipev). */
export const DUALPIPEV = 'DualPipeV needs pp > 1, m ≥ 2·pp and expert parallelism (ep > 1) unless fixed';
/** DualPipeV's micro-batch rule, m ≥ 2·pp: deepseek-ai/DualPipe dualpipe/dualpipev.py `step`, `assert num_chunks > 0 and num_chunks >= num_ranks * 2`. */
const dualPipeVMicroBatchesOk = (microBatches: number, pp: number): boolean => microBatches >= 2 * pp;

/** Micro-batches per pipeline, m = B/(b·dp) (Narayanan §3.1). */
const microBatches = (l: P, c: RuleContext) => c.globalBatchSequences / (l.microBatch! * l.dp!);
/** The most micro-batches a pipeline has in any completion of `l`: micro-batch 1 and dp 1 where free. */
const mostMicroBatches = (l: P, c: RuleContext) => c.globalBatchSequences / ((l.microBatch ?? 1) * (l.dp ?? 1));
/**
 * Whether a (partial) layout runs the interleaved schedule: it says so, or its virtual stages are more than one and no
 * other schedule holds that many chunks a rank (scheduleChunks: zb-v's and DualPipeV's 2), as the planner then searches
 * the interleaved schedule alone (planSpace.ts). A whole layout of another schedule with other chunks breaks
 * virtual-stages-schedule too.
 */
const interleaves = (p: P): boolean => p.schedule === 'interleaved' || (p.virtualStages !== undefined && p.virtualStages > 1
  && (p.schedule !== undefined ? scheduleChunks(p.schedule) !== p.virtualStages : !PIPELINE_SCHEDULES.some((s) => scheduleChunks(s) === p.virtualStages)));

export const LAYOUT_RULES: readonly LayoutRule[] = [
  // The parallel degrees (degreeRules.ts).
  ...DEGREE_RULES,
  // Pipelining: the schedules and their virtual stages, the micro-batches per pipeline.
  ...VIRTUAL_STAGE_RULES,
  // A pipeline layout (pipelineLayoutRules.ts).
  ...PIPELINE_LAYOUT_RULES,
  {
    id: 'dualpipe-pp',
    fields: ['schedule', 'pp'],
    summary: 'DualPipe needs an even pp, an even m ≥ 2·pp and expert parallelism (ep > 1) unless fixed',
    // DualPipe pairs stage i with pp − 1 − i: at pp 1 or an odd pp it is not one of the planner's schedules.
    candidatesOf: 'schedule',
    ok: (l) => l.schedule !== 'dualpipe' || (l.pp >= 2 && l.pp % 2 === 0),
    message: (p) => `DualPipe needs an even pp of 2 or more, found pp = ${p.pp}`,
    hint: (_, c) => `set ${c.name('pp')} to an even number, or ${c.name('schedule')} 1f1b`,
    source: 'deepseek-ai/DualPipe dualpipe.py step: assert num_ranks % 2 == 0 (DeepSeek-V3 §3.2.1)',
  },
  {
    id: 'dualpipev-pp',
    fields: ['schedule', 'pp'],
    summary: DUALPIPEV,
    // ASSUMED: dualpipev.py asserts no pp, and runs at one rank too, but a V of two chunks on one GPU has no pipeline
    // (as the zero-bubble V schedules, zero-bubble-pp): at pp 1 it is not one of the planner's schedules.
    candidatesOf: 'schedule',
    ok: (l) => l.schedule !== 'dualpipev' || l.pp >= 2,
    message: (p) => `DualPipeV places two chunks a rank in a V across the pipeline and needs pp > 1, found pp = ${p.pp}`,
    hint: (_, c) => `use ${c.name('pp')} of 2 or more, or ${c.name('schedule')} 1f1b`,
    source: 'deepseek-ai/DualPipe README, DualPipeV: a V-shape schedule on PP/2 devices (ASSUMED: pp ≥ 2)',
  },
  {
    id: 'batch-divisible',
    fields: ['microBatch', 'dp'],
    summary: 'micro_batch·dp does not divide the global batch',
    ok: (l, c) => c.globalBatchSequences % (l.microBatch * l.dp) === 0,
    partialOk: (p, c) => c.globalBatchSequences % ((p.microBatch ?? 1) * (p.dp ?? 1)) === 0,
    blame: (p) => (p.microBatch !== undefined ? 'microBatch' : 'dp'),
    message: (p, c) => {
      const what = p.microBatch !== undefined && p.dp !== undefined ? `micro-batch ${p.microBatch} × dp ${p.dp} = ${p.microBatch * p.dp}` : p.microBatch !== undefined ? `micro-batch ${p.microBatch}` : `dp = ${p.dp}`;
      return `${what} does not divide the global batch of ${c.globalBatchSequences} sequences`;
    },
    hint: (_, c) => `the global batch must be a multiple of ${c.name('microBatch')}·${c.name('dp')}`,
    source: 'Narayanan et al. 2021 §3.1: m = B/(b·d) micro-batches per pipeline',
  },
  {
    id: 'interleaved-microbatches',
    fields: ['schedule', 'virtualStages', 'microBatch', 'dp', 'pp'],
    summary: INTERLEAVING,
    candidatesOf: 'schedule',
    // Not left to batch-divisible where micro_batch·dp does not divide the batch (a fraction is no multiple of pp): a partial
    // layout is refuted where its most micro-batches are no multiple of pp, and so is every completion's m, a divisor of it.
    ok: (l, c) => !interleaves(l) || microBatches(l, c) % l.pp === 0,
    // Before micro_batch and dp are fixed, and where fixed virtual stages leave the interleaved schedule alone (the planner's
    // one schedule there: planSpace.ts): 'plan --pp 3 --virtual-stages 3 --global-batch 64' was searched and answered "no
    // layout fits ... relax the fixed parallelism fields" (exit 1), its skips naming neither this rule nor the batch.
    partialOk: (p, c) => p.pp === undefined || !interleaves(p) || mostMicroBatches(p, c) % p.pp === 0,
    blame: (p) => (p.microBatch !== undefined && p.dp !== undefined ? 'microBatch' : p.schedule === 'interleaved' ? 'schedule' : 'virtualStages'),
    message: (p, c) => {
      const by = p.schedule === 'interleaved' ? 'the interleaved schedule needs' : `${plural(p.virtualStages!, 'virtual stage')} a rank run on the interleaved schedule, which needs`;
      const m = mostMicroBatches(p, c);
      return p.microBatch !== undefined && p.dp !== undefined
        ? `${by} the ${Number.isInteger(m) ? m : fixed(m, 2)} micro-batches per pipeline to be a multiple of pp = ${p.pp}`
        : `${by} the micro-batches per pipeline to be a multiple of pp = ${p.pp}: the global batch of ${c.globalBatchSequences} sequences ÷ (${p.microBatch !== undefined ? `micro-batch ${p.microBatch} × dp` : p.dp !== undefined ? `micro-batch × dp ${p.dp}` : 'micro-batch × dp'}) never is`;
    },
    hint: (p, c) => (p.microBatch !== undefined && p.dp !== undefined
      ? 'Megatron-LM requires m % p = 0 for interleaving (Narayanan §2.2.2)'
      : `Megatron-LM requires m % p = 0 for interleaving (Narayanan §2.2.2): use a global batch that is a multiple of ${p.pp! * (p.microBatch ?? 1) * (p.dp ?? 1)} sequences, or change ${c.name('pp')}${p.schedule === 'interleaved' ? ` or ${c.name('schedule')}` : `, or set ${c.name('virtualStages')} 1`}`),
    source: 'Narayanan et al. 2021 §2.2.2',
  },
  {
    id: 'dualpipe-microbatches',
    fields: ['schedule', 'microBatch', 'dp', 'pp'],
    summary: 'DualPipe needs an even pp, an even m ≥ 2·pp and expert parallelism (ep > 1) unless fixed',
    ok: (l, c) => l.schedule !== 'dualpipe' || c.globalBatchSequences % (l.microBatch * l.dp) !== 0 || dualPipeMicroBatchesOk(microBatches(l, c), l.pp),
    blame: () => 'microBatch',
    message: (p, c) => `DualPipe needs an even number of micro-batches per pipeline of at least 2·pp = ${2 * p.pp!}, found ${microBatches(p, c)}`,
    hint: (_, c) => `deepseek-ai/DualPipe asserts num_chunks % 2 == 0 and num_chunks >= 2·num_ranks; lower ${c.name('microBatch')} or ${c.name('dp')}`,
    source: 'deepseek-ai/DualPipe dualpipe.py step assertions',
  },
  {
    id: 'dualpipev-microbatches',
    fields: ['schedule', 'microBatch', 'dp', 'pp'],
    summary: DUALPIPEV,
    // Not left to batch-divisible where micro_batch·dp does not divide the batch: a partial layout is refuted by its most
    // micro-batches (partialOk), and each of its completions must break the rule too, divisible or not.
    ok: (l, c) => l.schedule !== 'dualpipev' || dualPipeVMicroBatchesOk(microBatches(l, c), l.pp),
    // Before micro_batch and dp are fixed: the most micro-batches any completion has (micro-batch 1, dp 1 where free) fall
    // short of 2·pp (pp 2 at least where free: dualpipev-pp). 'plan --global-batch 7 --pp 4 --schedule dualpipev' was
    // searched and answered "no layout fits ... relax the fixed parallelism fields" (exit 1).
    partialOk: (p, c) => p.schedule !== 'dualpipev' || dualPipeVMicroBatchesOk(mostMicroBatches(p, c), p.pp ?? 2),
    blame: (p) => (p.microBatch !== undefined && p.dp !== undefined ? 'microBatch' : 'schedule'),
    message: (p, c) => (p.microBatch !== undefined && p.dp !== undefined
      ? `DualPipeV needs at least 2·pp = ${2 * (p.pp ?? 2)} micro-batches per pipeline, found ${Number.isInteger(microBatches(p, c)) ? microBatches(p, c) : fixed(microBatches(p, c), 2)}`
      : `DualPipeV needs at least 2·pp = ${2 * (p.pp ?? 2)} micro-batches per pipeline${p.pp === undefined ? ' (pp 2 or more)' : ''}, and the global batch of ${c.globalBatchSequences} sequences gives at most ${Math.floor(mostMicroBatches(p, c))}`),
    hint: (p, c) => (p.microBatch !== undefined && p.dp !== undefined
      ? `deepseek-ai/DualPipe asserts num_chunks >= num_ranks * 2; lower ${c.name('microBatch')} or ${c.name('dp')}`
      : `deepseek-ai/DualPipe asserts num_chunks >= num_ranks * 2; use a global batch of at least ${2 * (p.pp ?? 2) * (p.microBatch ?? 1) * (p.dp ?? 1)} sequences, or lower ${c.name('pp')}, or change ${c.name('schedule')}`),
    source: 'deepseek-ai/DualPipe dualpipe/dualpipev.py step: assert num_chunks > 0 and num_chunks >= num_ranks * 2 (ported verbatim in NVIDIA/Megatron-LM megatron/core/pipeline_parallel/dualpipe/dualpipev.py @ 16b110c)',
  },
  {
    id: 'ep-overlap-interleaved',
    fields: ['schedule', 'pp', 'ep'],
    summary: 'the expert-parallel all-to-all overlap needs the interleaved schedule when pp > 1',
    ok: (l, c) => !epOverlapApplies(l, c.epCommOverlap === true) || l.pp === 1 || l.schedule === 'interleaved',
    // pp free: a zero-bubble schedule runs at pp > 1 only (zero-bubble-pp), so every completion breaks it
    // (`plan --schedule zb-2p --ep 8 --ep-comm-overlap` was searched and answered only "no layout fits", exit 1).
    partialOk: (p, c) => p.schedule === undefined || p.ep === undefined || !epOverlapApplies(p as Layout, c.epCommOverlap === true)
      || p.schedule === 'interleaved' || (p.pp ?? (isZeroBubble(p.schedule) ? 2 : 1)) === 1,
    blame: () => 'schedule',
    message: (p) => `the expert-parallel all-to-all overlap (ep_comm_overlap) needs the interleaved schedule ${p.pp === undefined ? `when pp > 1, as ${p.schedule} runs` : `with pp = ${p.pp}`}`,
    // pp 1 only where the schedule runs there (not a zero-bubble one: zero-bubble-pp).
    hint: (p, c) => `use ${c.name('schedule')} interleaved with ${c.name('virtualStages')} of 2 or more, ${p.schedule !== undefined && isZeroBubble(p.schedule) ? '' : `or ${c.name('pp')} 1, `}or turn ${c.name('epCommOverlap')} off`,
    source: 'NVIDIA/Megatron-LM docs/user-guide/features/moe_a2a_overlap.md, hard requirements: "PP > 1: Enable VPP"; transformer_config.py asserts virtual_pipeline_model_parallel_size when pipeline_model_parallel_size > 1',
  },
  // The memory-saving options: sequence parallelism, the ZeRO stage and its shard groups, block recomputation (memorySavingRules.ts).
  ...MEMORY_SAVING_RULES,
  // ZeRO++'s switches, where the run sets them (memorySavingRules.ts).
  ...ZERO_PLUS_PLUS_RULES,
  // Then the stack-conditional rules (stackRules.ts).
  ...STACK_RULES,
];

/** One broken rule, located at the field a user would change. */
export interface RuleIssue {
  rule: LayoutRule;
  field: LayoutField;
  message: string;
  hint: string;
  /** LayoutRule.key's, where the rule gives one. */
  key?: string;
}

function issue(r: LayoutRule, p: P, c: RuleContext): RuleIssue {
  return { rule: r, field: r.blame?.(p, c) ?? r.fields[0]!, message: r.message(p, c), hint: r.hint(p, c), ...(r.key ? { key: r.key(p, c) } : {}) };
}

/** Every rule a whole layout breaks (after the first, whole-numbers, the others assume integers). */
export function brokenRules(l: Layout, c: RuleContext): RuleIssue[] {
  const out: RuleIssue[] = [];
  for (const r of LAYOUT_RULES) {
    if (!r.ok(l, c)) {
      out.push(issue(r, l, c));
      if (r.id === 'whole-numbers') return out;
    }
  }
  return out;
}

/** Every rule the fixed fields of a partial layout already break, whatever the planner picks for the rest. */
export function brokenByFixed(p: P, c: RuleContext): RuleIssue[] {
  const out: RuleIssue[] = [];
  for (const r of LAYOUT_RULES) {
    const bad = r.partialOk ? !r.partialOk(p, c) : known(p, r.fields) && !r.ok(p as Layout, c);
    if (bad) {
      out.push(issue(r, p, c));
      if (r.id === 'whole-numbers') return out;
    }
  }
  return out;
}

/**
 * The rules grouped by the planner's loop level at which their last field becomes known (`levelOf`
 * gives each field's level); rules with a `partialOk` are also usable earlier but are placed where
 * they are decidable in full.
 */
export function rulesByLevel(levelOf: Record<LayoutField, number>, levels: number): LayoutRule[][] {
  const out: LayoutRule[][] = Array.from({ length: levels }, () => []);
  for (const r of LAYOUT_RULES) {
    if (r.id === 'whole-numbers') continue; // the planner generates whole numbers only
    out[Math.max(...r.fields.map((f) => levelOf[f]))]!.push(r);
  }
  return out;
}

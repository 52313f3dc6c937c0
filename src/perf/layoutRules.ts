/**
 * The one table of layout-validity rules. `checkLayout` (a whole layout), `fixedFieldIssues` (the
 * fields a user fixed, before the planner fills in the rest) and the planner (which evaluates each
 * rule at the loop level where its last field becomes known) all read this list; none restates a rule.
 * In table order: the parallel degrees (degreeRules.ts), the schedules' virtual stages (virtualStageRules.ts),
 * the rest of pipelining, the memory-saving options, then what the named stack can run (stackRules.ts). The checks list broken rules in this order, and the
 * planner counts a layout under the first rule of a loop level it breaks. What a rule is (`fields`,
 * `ok`, `partialOk`, `blame`): layoutRuleTypes.ts.
 */
import { chunkLayers, scheduleChunks, epOverlapApplies, isZeroBubble, PIPELINE_SCHEDULES, ZERO_STAGES, type Layout, type LayoutField } from './layout.js';
import { PIPELINE_LAYOUT_RULES } from './pipelineLayoutRules.js';
import { fixed, plural } from '../report/format.js';
import { DEGREE_RULES } from './degreeRules.js';
import { INTERLEAVING, VIRTUAL_STAGE_RULES } from './virtualStageRules.js';
import { known, type LayoutRule, type P, type RuleContext } from './layoutRuleTypes.js';
import { dpCp, STACK_RULES } from './stackRules.js';
import { offloadStackProblem, offloadZeroStages } from './offloadRules.js';
import { offloadText } from './offload.js';
import { listed } from '../input/listed.js';

/** DualPipe's micro-batch rule: m even and m ≥ 2·pp (deepseek-ai/DualPipe dualpipe.py `step` assertions). */
export function dualPipeMicroBatchesOk(microBatches: number, pp: number): boolean {
  return microBatches % 2 === 0 && microBatches >= 2 * pp;
}

/** The summary DualPipeV's rules share (the planner counts their skips and its own search policy's under it: plan.ts SKIP.dualpipev). */
export const DUALPIPEV = 'DualPipeV needs pp > 1, m ≥ 2·pp and expert parallelism (ep > 1) unless fixed';
/** DualPipeV's micro-batch rule, m ≥ 2·pp: deepseek-ai/DualPipe dualpipe/dualpipev.py `step`, `assert num_chunks > 0 and num_chunks >= num_ranks * 2`. */
const dualPipeVMicroBatchesOk = (microBatches: number, pp: number): boolean => microBatches >= 2 * pp;

/**
 * Layers of the largest model chunk of a (partial) layout: pp taken as 1 where free, v as the chunks a fixed schedule
 * holds (scheduleChunks: zb-v's 2; `--schedule zb-v --pp 4 --recompute-layers 8` on 4-layer chunks was searched and
 * answered only "no layout fits"), else 1.
 */
const chunkOf = (p: P, c: RuleContext) => chunkLayers(c.arch, { pp: p.pp ?? 1, virtualStages: p.virtualStages ?? scheduleChunks(p.schedule) ?? 1, pipelineLayout: p.pipelineLayout });
/** The most layers a chunk of any completion of `p` holds: its chunk once pp is known, else the whole model's (pp 1, v 1). */
const largestChunkOf = (p: P, c: RuleContext) => (p.pp === undefined ? chunkLayers(c.arch, { pp: 1, virtualStages: 1 }) : chunkOf(p, c));
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
  // The memory-saving options: sequence parallelism, the ZeRO stage and its shard groups, block recomputation.
  {
    id: 'sp-tp',
    fields: ['sequenceParallel', 'tp'],
    summary: 'sequence parallelism needs tp > 1',
    // Sequence parallelism splits along the tensor-parallel group: at tp 1 the planner's choice is without it.
    candidatesOf: 'sequenceParallel',
    ok: (l) => !l.sequenceParallel || l.tp > 1,
    message: () => 'sequence parallelism needs tp > 1',
    hint: (_, c) => `set ${c.name('sequenceParallel')} false, or ${c.name('tp')} of 2 or more`,
    source: 'Korthikanti et al. 2022 §4.2.2: sequence parallelism splits along the tensor-parallel group',
  },
  {
    id: 'zero-stage',
    fields: ['zeroStage'],
    summary: 'ZeRO stage must be 0–3',
    ok: (l) => (ZERO_STAGES as readonly number[]).includes(l.zeroStage),
    message: (p) => `zeroStage must be 0, 1, 2 or 3, found ${p.zeroStage}`,
    hint: () => 'ZeRO stages (Rajbhandari et al. 2020 §5)',
    source: 'Rajbhandari et al. 2020 §5',
  },
  {
    id: 'shard-group-divides',
    fields: ['shardGroup', 'dp', 'cp'],
    summary: 'shard_group does not divide dp·cp',
    ok: (l) => (l.dp * l.cp) % l.shardGroup === 0,
    partialOk: (p, c) => (known(p, ['dp', 'cp']) ? p.dp! * p.cp! : c.gpuCount) % (p.shardGroup ?? 1) === 0,
    message: (p) => (known(p, ['dp', 'cp']) ? `shard_group = ${p.shardGroup} does not divide dp·cp = ${p.dp! * p.cp!}` : `shard_group = ${p.shardGroup} does not divide the GPUs`),
    hint: () => 'a shard group is a set of data-parallel ranks: use a divisor of dp·cp (default: dp·cp, one group)',
    source: 'HSDP (PyTorch FSDP HYBRID_SHARD); MiCS, Zhang et al. 2022, arXiv:2205.00119 §3.1: replicas of the partition group tile the data-parallel ranks',
  },
  {
    id: 'shard-group-zero',
    fields: ['shardGroup', 'zeroStage', 'dp', 'cp'],
    summary: 'a shard group smaller than dp·cp needs ZeRO (stage 1–3)',
    ok: (l) => l.zeroStage >= 1 || l.shardGroup === l.dp * l.cp,
    // Early only once dp·cp is determined (dp and cp fixed, or tp and pp: dp·cp = GPUs/(tp·pp)).
    partialOk: (p, c) => p.zeroStage === undefined || p.zeroStage >= 1 || p.shardGroup === undefined
      || !(known(p, ['dp', 'cp']) || known(p, ['tp', 'pp'])) || p.shardGroup === dpCp(p, c),
    blame: () => 'shardGroup',
    message: (p) => `shard_group = ${p.shardGroup} shards nothing with zero_stage 0`,
    hint: (_, c) => `set ${c.name('zeroStage')} 1, 2 or 3, or leave ${c.name('shardGroup')} out`,
    source: 'definition: ZeRO-0 replicates all model states',
  },
  {
    id: 'recompute-layers',
    fields: ['recomputeLayers', 'recompute', 'pp', 'virtualStages', 'pipelineLayout'],
    summary: 'recompute_layers needs recompute full and at most the layers of a chunk',
    ok: (l, c) => l.recomputeLayers === undefined || (l.recompute === 'full' && l.recomputeLayers <= chunkLayers(c.arch, l)),
    // Early: a recompute other than full, or more layers than a chunk holds once pp and v are known
    // (v absent: 1), or than the model has when pp is not (the largest chunk any completion can have:
    // `plan --recompute full --recompute-layers 100` on GPT-2's 12 layers searched and found no layout).
    partialOk: (p, c) => p.recomputeLayers === undefined || ((p.recompute === undefined || p.recompute === 'full')
      && p.recomputeLayers <= largestChunkOf(p, c)),
    blame: (p) => (p.recompute !== undefined && p.recompute !== 'full' ? 'recompute' : 'recomputeLayers'),
    message: (p, c) => (p.recompute !== undefined && p.recompute !== 'full'
      ? `recompute_layers = ${p.recomputeLayers} needs recompute: full, found ${p.recompute}`
      : `recompute_layers = ${p.recomputeLayers} is more than the ${largestChunkOf(p, c)} layers of ${p.pp === undefined ? 'the model' : 'a model chunk'}`),
    hint: (p, c) => (p.recompute !== undefined && p.recompute !== 'full' ? `set ${c.name('recompute')} full, or leave ${c.name('recomputeLayers')} out` : `use 1 to ${largestChunkOf(p, c)} (${p.pipelineLayout === undefined ? 'layers per pipeline stage ÷ virtual stages' : 'the decoder layers of the pipeline layout\'s largest chunk'})`),
    source: 'Megatron-LM arguments.py: --recompute-method block with --recompute-num-layers N of a model chunk\'s layers, with --recompute-granularity full',
  },
  {
    id: 'offload-zero',
    fields: ['zeroStage'],
    summary: 'the CPU offload asked for does not run with this ZeRO stage',
    // Offload is the run's fixed choice (offload.ts): the ZeRO stages it does not run with are not the planner's candidates.
    candidatesOf: 'zeroStage',
    ok: (l, c) => offloadZeroStages(c.offload, c.stack).includes(l.zeroStage),
    partialOk: (p, c) => {
      const z = offloadZeroStages(c.offload, c.stack);
      return z.length > 0 && (p.zeroStage === undefined || z.includes(p.zeroStage));
    },
    message: (p, c) => {
      const z = offloadZeroStages(c.offload, c.stack);
      return z.length === 0 && c.stack ? offloadStackProblem(c.stack.id, c.offload, c.name)!.message
        : `${c.stack ? `stack ${c.stack.id} runs` : 'flopcast models'} the offload of ${offloadText(c.offload)} with zero_stage ${listed(z.map(String), 'or')}, found ${p.zeroStage}`;
    },
    hint: (_, c) => {
      const z = offloadZeroStages(c.offload, c.stack);
      return z.length === 0 && c.stack ? offloadStackProblem(c.stack.id, c.offload, c.name)!.hint
        : `set ${c.name('zeroStage')} ${listed(z.map(String), 'or')}, or change ${c.name('offload')}`;
    },
    source: 'the stack\'s can.offload (stackOffload.ts); without a stack, parameters stay on the host only where ZeRO shards them (offloadRules.ts offloadZeroStages)',
  },
  // Then the stack-conditional rules (stackRules.ts).
  ...STACK_RULES,
];

/** One broken rule, located at the field a user would change. */
export interface RuleIssue {
  rule: LayoutRule;
  field: LayoutField;
  message: string;
  hint: string;
}

function issue(r: LayoutRule, p: P, c: RuleContext): RuleIssue {
  return { rule: r, field: r.blame?.(p, c) ?? r.fields[0]!, message: r.message(p, c), hint: r.hint(p, c) };
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

/**
 * The one table of layout-validity rules. `checkLayout` (a whole layout), `fixedFieldIssues` (the
 * fields a user fixed, before the planner fills in the rest) and the planner (which evaluates each
 * rule at the loop level where its last field becomes known) all read this list; none restates a rule.
 *
 * A rule names the fields it reads (`fields`); `ok` decides a whole layout. `partialOk`, where given,
 * is a necessary condition that can refute a partial layout before all its fields are known (every
 * partial layout it refuses fails `ok` for every completion); without it a rule is checked on a
 * partial layout only once all its fields are fixed. `blame` is the field the message points at.
 */
import type { Architecture } from '../model/architecture.js';
import { chunkLayers, epOverlapApplies, ZERO_STAGES, type Layout, type LayoutField } from './layout.js';
import type { StackProfile } from './stack.js';
import { dpCp, STACK_RULES } from './stackRules.js';

export interface RuleContext {
  arch: Architecture;
  gpuCount: number;
  globalBatchSequences: number;
  seqLen: number;
  /** Allow pp not dividing the layers (uneven stages, Llama 3 §3.3.2). */
  unevenStages: boolean;
  /** The training stack whose capabilities apply; null: no stack restrictions. */
  stack: StackProfile | null;
  /** Expert-parallel all-to-all overlap asked for (Megatron-Core --overlap-moe-expert-parallel-comm). */
  epCommOverlap?: boolean;
}

export type P = Partial<Layout>;

/** DualPipe's micro-batch rule: m even and m ≥ 2·pp (deepseek-ai/DualPipe dualpipe.py `step` assertions). */
export function dualPipeMicroBatchesOk(microBatches: number, pp: number): boolean {
  return microBatches % 2 === 0 && microBatches >= 2 * pp;
}

export interface LayoutRule {
  id: string;
  fields: readonly LayoutField[];
  /** Short text the planner counts skipped layouts under. */
  summary: string;
  ok: (l: Layout, c: RuleContext) => boolean;
  partialOk?: (p: P, c: RuleContext) => boolean;
  /** The field a user would change (default: the first of `fields`). */
  blame?: (p: P, c: RuleContext) => LayoutField;
  message: (p: P, c: RuleContext) => string;
  hint: (p: P, c: RuleContext) => string;
  source: string;
}

const INT_FIELDS = ['tp', 'pp', 'dp', 'cp', 'ep', 'etp', 'microBatch', 'virtualStages', 'shardGroup', 'recomputeLayers'] as const;
const whole = (x: number | undefined) => x === undefined || (Number.isSafeInteger(x) && x >= 1);
const degrees = ['tp', 'pp', 'dp', 'cp'] as const;
const known = (p: P, fs: readonly LayoutField[]) => fs.every((f) => p[f] !== undefined);
/** Layers of the largest model chunk of a (partial) layout: pp and v taken as 1 where free. */
const chunkOf = (p: P, c: RuleContext) => chunkLayers(c.arch.layers, { pp: p.pp ?? 1, virtualStages: p.virtualStages ?? 1 });
/** Micro-batches per pipeline, m = B/(b·dp) (Narayanan §3.1). */
const microBatches = (l: P, c: RuleContext) => c.globalBatchSequences / (l.microBatch! * l.dp!);
const notDividing = (p: P, c: RuleContext) => degrees.find((f) => p[f] !== undefined && c.gpuCount % p[f] !== 0);

export const LAYOUT_RULES: readonly LayoutRule[] = [
  {
    id: 'whole-numbers',
    fields: INT_FIELDS,
    summary: 'degrees must be positive whole numbers',
    ok: (l) => INT_FIELDS.every((f) => whole(l[f])),
    partialOk: (p) => INT_FIELDS.every((f) => whole(p[f])),
    blame: (p) => INT_FIELDS.find((f) => !whole(p[f]))!,
    message: (p) => { const f = INT_FIELDS.find((x) => !whole(p[x]))!; return `${f} must be a positive whole number, found ${p[f]}`; },
    hint: (p) => `set ${INT_FIELDS.find((x) => !whole(p[x]))!} to 1 or more`,
    source: 'definition: degrees count ranks',
  },
  {
    id: 'gpu-product',
    fields: ['dp', 'tp', 'pp', 'cp'],
    summary: 'tp·pp·dp·cp must equal the GPU count',
    ok: (l, c) => l.tp * l.pp * l.dp * l.cp === c.gpuCount,
    // Each fixed degree, and the product of the fixed ones, must divide the GPUs (equal them when all four are fixed).
    partialOk: (p, c) => {
      const product = degrees.reduce((a, f) => a * (p[f] ?? 1), 1);
      return degrees.every((f) => p[f] === undefined || c.gpuCount % p[f] === 0) && (known(p, degrees) ? product === c.gpuCount : c.gpuCount % product === 0);
    },
    // All four known: the product, at dp; otherwise a fixed degree not dividing the GPUs, at that degree.
    blame: (p, c) => (known(p, degrees) ? 'dp' : notDividing(p, c) ?? (['dp', 'cp', 'pp', 'tp'] as const).find((f) => p[f] !== undefined) ?? 'dp'),
    message: (p, c) => {
      const bad = known(p, degrees) ? undefined : notDividing(p, c);
      if (bad) return `${bad} = ${p[bad]} does not divide the ${c.gpuCount} GPUs`;
      const product = degrees.reduce((a, f) => a * (p[f] ?? 1), 1);
      return known(p, degrees)
        ? `tp·pp·dp·cp = ${p.tp}·${p.pp}·${p.dp}·${p.cp} = ${product}, not the ${c.gpuCount} GPUs`
        : `the fixed degrees multiply to ${product}, which does not divide the ${c.gpuCount} GPUs`;
    },
    hint: (p, c) => {
      if (!known(p, degrees) && notDividing(p, c)) return `use a divisor of ${c.gpuCount}`;
      const rest = (p.tp ?? 1) * (p.pp ?? 1) * (p.cp ?? 1);
      return known(p, degrees) ? `choose degrees whose product is ${c.gpuCount}${c.gpuCount % rest === 0 ? ` (dp = ${c.gpuCount / rest})` : ''}` : `choose degrees whose product divides ${c.gpuCount}`;
    },
    source: 'Narayanan et al. 2021 §3.1: n = p·t·d (× cp, Megatron-Core)',
  },
  {
    id: 'tp-heads',
    fields: ['tp'],
    summary: 'tp does not divide the (key/value) heads',
    ok: (l, c) => c.arch.heads % l.tp === 0,
    message: (p, c) => `tp = ${p.tp} does not divide the ${c.arch.heads} attention heads`,
    hint: (_, c) => `use a divisor of ${c.arch.heads}`,
    source: 'Shoeybi et al. 2019 §3: attention heads are split across tensor-parallel ranks',
  },
  {
    id: 'tp-kv-heads',
    fields: ['tp'],
    summary: 'tp does not divide the (key/value) heads',
    ok: (l, c) => c.arch.mla !== null || c.arch.heads % l.tp !== 0 || c.arch.kvHeads % l.tp === 0 || l.tp % c.arch.kvHeads === 0,
    message: (p, c) => `tp = ${p.tp} does not divide the ${c.arch.kvHeads} key/value heads (nor is it a multiple of them)`,
    hint: (_, c) => `use a divisor of ${c.arch.kvHeads}`,
    source: 'Megatron-Core GQA: key/value heads split across tp ranks, or replicated when tp is a multiple of them',
  },
  {
    id: 'pp-layers',
    fields: ['pp'],
    summary: 'pp does not divide the layers',
    ok: (l, c) => (c.unevenStages ? l.pp <= c.arch.layers : c.arch.layers % l.pp === 0),
    message: (p, c) => `pp = ${p.pp} does not divide the ${c.arch.layers} layers`,
    hint: (_, c) => (c.unevenStages ? `use at most ${c.arch.layers} stages` : `use a divisor of ${c.arch.layers}`),
    source: 'Narayanan et al. 2021 §2.2 (uneven stages: Llama 3 §3.3.2)',
  },
  {
    id: 'cp-seq',
    fields: ['cp'],
    summary: 'cp does not divide the sequence length',
    ok: (l, c) => c.seqLen % l.cp === 0,
    message: (p, c) => `cp = ${p.cp} does not divide the sequence length ${c.seqLen}`,
    hint: (_, c) => `use a divisor of ${c.seqLen}`,
    source: 'Megatron-Core context parallelism: the sequence is split into cp parts',
  },
  {
    id: 'cp-even-chunks',
    fields: ['cp'],
    summary: 'cp does not divide the sequence length',
    ok: (l, c) => l.cp === 1 || c.seqLen % l.cp !== 0 || (c.seqLen / l.cp) % 2 === 0,
    message: (p, c) => `cp = ${p.cp} leaves ${c.seqLen / p.cp!} tokens per rank; causal load balancing splits each into 2 chunks`,
    hint: () => 'use a cp that leaves an even chunk',
    source: 'Megatron-Core context parallelism: each rank holds 2 chunks (2·cp chunks in all) for causal load balance',
  },
  {
    id: 'ep-dense',
    fields: ['ep'],
    summary: 'ep does not divide the experts',
    ok: (l, c) => c.arch.moe !== null || l.ep === 1,
    message: (p, c) => `ep = ${p.ep} but ${c.arch.name} has no experts`,
    hint: () => 'set ep: 1',
    source: 'definition',
  },
  {
    id: 'ep-experts',
    fields: ['ep'],
    summary: 'ep does not divide the experts',
    ok: (l, c) => c.arch.moe === null || c.arch.moe.experts % l.ep === 0,
    message: (p, c) => `ep = ${p.ep} does not divide the ${c.arch.moe!.experts} experts`,
    hint: (_, c) => `use a divisor of ${c.arch.moe!.experts}`,
    source: 'Megatron-Core MoE: num_moe_experts % expert_model_parallel_size == 0',
  },
  {
    id: 'etp-dense',
    fields: ['etp'],
    summary: 'etp does not divide the expert width',
    ok: (l, c) => c.arch.moe !== null || l.etp === 1,
    message: (p, c) => `etp = ${p.etp} but ${c.arch.name} has no experts`,
    hint: () => 'set etp: 1 (or leave it out)',
    source: 'definition',
  },
  {
    id: 'etp-expert-width',
    fields: ['etp'],
    summary: 'etp does not divide the expert width',
    ok: (l, c) => c.arch.moe === null || c.arch.moe.dFfExpert % l.etp === 0,
    message: (p, c) => `etp = ${p.etp} does not divide the expert width d_ff_expert = ${c.arch.moe!.dFfExpert}`,
    hint: (_, c) => `use a divisor of ${c.arch.moe!.dFfExpert}`,
    source: 'Megatron-Core ColumnParallelLinear: ffn_hidden_size is divided by the expert tensor-parallel size (divide() asserts divisibility)',
  },
  {
    id: 'ep-etp-fold',
    fields: ['ep', 'etp', 'tp', 'cp', 'dp'],
    summary: 'ep·etp does not divide tp·cp·dp',
    ok: (l) => (l.tp * l.cp * l.dp) % (l.ep * l.etp) === 0,
    // Known: ep·etp must divide tp·cp·dp, itself a divisor of the GPUs (over pp, when pp is fixed).
    partialOk: (p, c) => {
      const fold = (p.ep ?? 1) * (p.etp ?? 1);
      return known(p, ['tp', 'cp', 'dp']) ? (p.tp! * p.cp! * p.dp!) % fold === 0 : (p.pp !== undefined && c.gpuCount % p.pp === 0 ? c.gpuCount / p.pp : c.gpuCount) % fold === 0;
    },
    blame: (p) => (p.ep !== undefined && p.ep > 1 ? 'ep' : 'etp'),
    message: (p) => known(p, ['tp', 'cp', 'dp'])
      ? `ep·etp = ${p.ep ?? 1}·${p.etp ?? 1} does not divide tp·cp·dp = ${p.tp}·${p.cp}·${p.dp} = ${p.tp! * p.cp! * p.dp!}`
      : `ep·etp = ${p.ep ?? 1}·${p.etp ?? 1} = ${(p.ep ?? 1) * (p.etp ?? 1)} does not divide the ranks of one pipeline stage (tp·cp·dp)`,
    hint: () => 'expert-parallel and expert-tensor-parallel groups are drawn from the tp·cp·dp ranks of a stage (MoE parallel folding): choose ep·etp dividing tp·cp·dp (etp defaults to tp in a whole layout; set etp: 1 for the folded layouts sources print as tp2 ep32 dp16)',
    source: 'Megatron-Core MoE docs "MoE Parallel Folding"; Liu et al. 2025, arXiv:2504.14960 §3: expert groups folded over the attention tp×cp×dp ranks',
  },
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
  {
    id: 'sp-tp',
    fields: ['sequenceParallel', 'tp'],
    summary: 'sequence parallelism needs tp > 1',
    ok: (l) => !l.sequenceParallel || l.tp > 1,
    message: () => 'sequence parallelism needs tp > 1',
    hint: () => 'set sequenceParallel: false, or tp of 2 or more',
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
    hint: () => 'set zero_stage 1, 2 or 3, or leave shard_group out',
    source: 'definition: ZeRO-0 replicates all model states',
  },
  {
    id: 'recompute-layers',
    fields: ['recomputeLayers', 'recompute', 'pp', 'virtualStages'],
    summary: 'recompute_layers needs recompute full and at most the layers of a chunk',
    ok: (l, c) => l.recomputeLayers === undefined || (l.recompute === 'full' && l.recomputeLayers <= chunkLayers(c.arch.layers, l)),
    // Early: a recompute other than full, or more layers than a chunk holds once pp and v are known
    // (v absent: 1, the largest chunk any completion can have).
    partialOk: (p, c) => p.recomputeLayers === undefined || ((p.recompute === undefined || p.recompute === 'full')
      && (p.pp === undefined || p.recomputeLayers <= chunkLayers(c.arch.layers, { pp: p.pp, virtualStages: p.virtualStages ?? 1 }))),
    blame: (p) => (p.recompute !== undefined && p.recompute !== 'full' ? 'recompute' : 'recomputeLayers'),
    message: (p, c) => (p.recompute !== undefined && p.recompute !== 'full'
      ? `recompute_layers = ${p.recomputeLayers} needs recompute: full, found ${p.recompute}`
      : `recompute_layers = ${p.recomputeLayers} is more than the ${chunkOf(p, c)} layers of a model chunk`),
    hint: (p, c) => (p.recompute !== undefined && p.recompute !== 'full' ? 'set recompute: full, or leave recompute_layers out' : `use 1 to ${chunkOf(p, c)} (layers per pipeline stage ÷ virtual stages)`),
    source: 'Megatron-LM arguments.py: --recompute-method block with --recompute-num-layers N of a model chunk\'s layers, with --recompute-granularity full',
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

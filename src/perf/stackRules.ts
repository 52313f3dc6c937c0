/**
 * The stack-conditional part of the layout-rule table (layoutRules.ts appends these to LAYOUT_RULES):
 * what the named training stack (stack.ts) can run. Each rule passes when no stack is named.
 */
import { ZERO_STAGES, type ZeroStage } from './layout.js';
import { hintKey } from './layoutFields.js';
import { STACK_IDS, type StackId } from './stack.js';
import { foreignValue } from '../input/foreignValues.js';
import { shownName } from '../input/name.js';
import type { PipelineSchedule } from './schedules.js';
import { known, type LayoutRule, type P, type RuleContext } from './layoutRuleTypes.js';
import { LAYOUT_STACKS, STACKS } from './stackProfiles.js';
import { listed } from '../input/listed.js';
import { teCommType, type CpCommType } from './cpComm.js';
import { firstZeroPlusPlusKey, ZERO_PLUS_PLUS_KEYS, zeroPlusPlusOn, zeroPlusPlusText } from './zeroPlusPlus.js';

/** dp·cp, or (one of them free) the GPUs over tp·pp (free ones taken as 1): dp·cp divides it in every completion that can run, and equals it once tp and pp are fixed. */
export const dpCp = (p: P, c: RuleContext) => (p.dp !== undefined && p.cp !== undefined ? p.dp * p.cp : c.gpuCount / ((p.tp ?? 1) * (p.pp ?? 1)));
const stackName = (c: RuleContext) => c.stack?.id ?? '';
/** Every stack rule's last way out, in the caller's terms (RuleContext.name). */
export const otherStack = (c: RuleContext) => `set ${c.name('stack')} to another stack`;
const list = (xs: readonly (number | string)[]) => xs.join(', ');

/** Each parallel degree and the stack capability that allows it above 1 (stack.ts can): the rules below, the planner's candidates and the memory hint's levers. */
const DEGREE_CAPABILITY = { tp: 'tensorParallel', pp: 'pipelineParallel', cp: 'contextParallel', ep: 'expertParallel' } as const;
export type Degree = keyof typeof DEGREE_CAPABILITY;
type DegreeCapability = (typeof DEGREE_CAPABILITY)[Degree];
/** Whether the stack (none: any) runs `degree` above 1. */
export const stackHas = (stack: RuleContext['stack'], degree: Degree): boolean => stack === null || stack.can[DEGREE_CAPABILITY[degree]].value;

/** Whether the stack (none: any) runs the pipeline schedule (stack.ts can.schedules): the stack-schedule rule and the planner's candidates. */
export const stackRuns = (stack: RuleContext['stack'], schedule: PipelineSchedule): boolean => stack === null || stack.can.schedules.value.includes(schedule);
/** Whether the stack runs full recomputation on `arch`: not OLMo-core on an MoE model (can.moeBlockRecompute; rule stack-moe-full-recompute). */
export const stackRecomputesWhole = (stack: RuleContext['stack'], arch: RuleContext['arch']): boolean => !stack || stack.can.moeBlockRecompute?.value !== false || arch.moe === null;

/** Whether the stack (none: any) runs the run's ZeRO++ switches, or none is on (rule zeropp-stack). */
const runsZeroPlusPlus = (c: RuleContext): boolean => !c.stack || !zeroPlusPlusOn(c.zeroPlusPlus) || c.stack.can.zeroPlusPlus?.value === true;

/**
 * The ZeRO stages the stack (none: any) runs: `pipelined` (pp > 1), those it combines with pipelining; `expertParallel`
 * (ep > 1), of those the ones it combines with expert parallelism (stack.ts can).
 */
export const zeroStagesOf = (stack: RuleContext['stack'], pipelined: boolean, expertParallel = false): readonly ZeroStage[] => {
  if (stack === null) return ZERO_STAGES;
  const stages = (pipelined ? stack.can.zeroStagesWithPp : stack.can.zeroStages).value;
  const withEp = stack.can.zeroStagesWithEp?.value;
  return expertParallel && withEp ? stages.filter((z) => withEp.includes(z)) : stages;
};

/**
 * A sharding written where a stack goes (`stack: fsdp`, `zero3`, `deepspeed-zero3`: a ZeRO stage by name, foreignValues.ts,
 * alone or after a stack's name): how to write it, the stage at `name('zeroStage')` and the stacks that run it (stack.ts
 * can.zeroStages). They had no hint, `megatron` alone one (hostile sweep 29). `name`: how the caller names a field.
 */
export function shardingAsStackHint(word: string, name: (f: 'stack' | 'zeroStage') => string = hintKey): string | undefined {
  const w = word.trim().toLowerCase();
  const ids = [...STACK_IDS].sort((a, b) => b.length - a.length);
  const prefix = ids.find((id) => new RegExp(`^${id}[-_ ]`).test(w));
  const rest = prefix ? w.slice(prefix.length + 1) : w;
  const stage = ZERO_STAGES.find((z) => foreignValue(rest) === String(z));
  if (stage === undefined) return undefined;
  const running = STACK_IDS.filter((id) => STACKS[id].can.zeroStages.value.includes(stage));
  const shown = `\`${shownName(word.trim())}\``;
  // A flag is written `--zero 3`, a key `zero_stage: 3`.
  const set = (f: 'stack' | 'zeroStage', v: string | number) => (name(f).startsWith('--') ? `${name(f)} ${v}` : `${name(f)}: ${v}`);
  if (prefix) {
    const runs = running.includes(prefix);
    return `${shown} is a stack and a ZeRO stage: write ${set('stack', prefix)} and ${set('zeroStage', stage)}${runs ? '' : ` (${prefix} runs no ZeRO-${stage}; ${listed(running, 'and')} do)`}`;
  }
  return `${shown} is a sharding (ZeRO-${stage}), not a stack: write ${set('zeroStage', stage)}, under a stack that runs it (${listed(running, 'or')})`;
}

/**
 * The training switches a stack may lack (stack.ts can, each optional: absent, not checked), one row each: the value that
 * asks for it, what it is, and the Megatron-Core switch that has it. A value asking for one under a stack without it is
 * refused naming the stack, where it was modelled as if the stack ran it: the zero-bubble fork predates
 * --overlap-moe-expert-parallel-comm and the flex dispatcher (DeepEP, HybridEP).
 */
const STACK_SWITCHES = {
  epCommOverlap: { can: 'epCommOverlap', asks: (v: unknown) => v === true, what: 'expert-parallel all-to-all overlap', megatron: '--overlap-moe-expert-parallel-comm' },
  moeDispatcher: { can: 'flexDispatcher', asks: (v: unknown) => v === 'deepep', what: 'flex token dispatcher for DeepEP or HybridEP', megatron: '--moe-token-dispatcher-type flex' },
} as const;
export type StackSwitch = keyof typeof STACK_SWITCHES;
export const STACK_SWITCH_FIELDS = Object.keys(STACK_SWITCHES) as StackSwitch[];

/**
 * A switch of {@link STACK_SWITCHES} asked for (`value`) under a stack without it: the refusal, naming the stack and the
 * rule's source. `name`: how the caller names a field (default its scenario key).
 */
export function switchOfStackProblem(stack: StackId, field: StackSwitch, value: unknown, name: (f: 'stack' | StackSwitch) => string = hintKey): { message: string; hint: string } | undefined {
  const sw = STACK_SWITCHES[field];
  const can = STACKS[stack].can[sw.can];
  if (!sw.asks(value) || can === undefined || can.value) return undefined;
  return {
    message: `stack ${stack} has no ${sw.what} (${name(field)}${value === true ? '' : `: ${String(value)}`}): ${can.source}`,
    hint: `leave ${name(field)} out, or set ${name('stack')} to megatron-core (${sw.megatron})`,
  };
}

/**
 * An attention feature under which the stack's attention runs only some cp_comm_types (stack.ts can.cpCommWithSlidingWindow,
 * can.cpCommWithSinks): a layout with cp > 1 whose type (as Transformer Engine runs it: cpComm.ts teCommType) is not one
 * of them is refused, naming the stack and the types it accepts. One type serves every layer here (Megatron-Core can take
 * one a layer, TransformerConfig.cp_comm_type as a list: not modelled), so a model with any such layer is refused whole.
 */
type CpCommCan = 'cpCommWithSlidingWindow' | 'cpCommWithSinks' | 'cpCommTypes';

/** What each cp_comm_type rule is about, and whether the run's model has it. */
const CP_COMM_LIMITS: Record<CpCommCan, (c: RuleContext) => boolean> = {
  cpCommWithSlidingWindow: (c) => (c.arch.slidingWindow?.layers ?? 0) > 0,
  cpCommWithSinks: (c) => c.arch.attentionSinks === true,
  cpCommTypes: () => true,
};

/**
 * The cp_comm_types every limit the model meets accepts (GPT-OSS, with sliding windows and sinks under megatron-core: a2a
 * alone): a hint naming all_gather for the sliding windows was refused next for the sinks (hostile sweep 26).
 */
function cpCommsAccepted(c: RuleContext): readonly CpCommType[] {
  const limits = (Object.keys(CP_COMM_LIMITS) as CpCommCan[]).flatMap((can) => {
    const limit = c.stack?.can[can]?.value;
    return limit !== undefined && CP_COMM_LIMITS[can](c) ? [limit] : [];
  });
  return (limits[0] ?? []).filter((t) => limits.every((l) => l.includes(t)));
}

/**
 * Whether the run's stack runs attention under context parallelism with cp_comm_type `type`, by every limit the model
 * meets: the way out another rule offers (cp-a2a-heads' p2p) must be one the stack runs (deepspeed: a2a alone; sweep 32).
 */
export function stackRunsCpComm(c: RuleContext, type: CpCommType): boolean {
  return (Object.keys(CP_COMM_LIMITS) as CpCommCan[]).every((can) => {
    const limit = c.stack?.can[can]?.value;
    return limit === undefined || !CP_COMM_LIMITS[can](c) || limit.includes(type);
  });
}

function cpCommUnder(id: string, can: CpCommCan, what: string | null): LayoutRule {
  const has = CP_COMM_LIMITS[can];
  const accepted = (c: RuleContext) => c.stack?.can[can]?.value;
  const type = (c: RuleContext) => teCommType(c.cpComm);
  return {
    id,
    fields: ['cp'],
    summary: `the stack's attention does not run this cp_comm_type${what === null ? '' : ` with ${what}`}`,
    ok: (l, c) => l.cp === 1 || !has(c) || accepted(c) === undefined || accepted(c)!.includes(type(c)),
    message: (p, c) => `stack ${stackName(c)} runs attention${what === null ? '' : ` with ${what}`} under context parallelism (cp = ${p.cp}) only with cp_comm_type ${accepted(c)!.join(' or ')}, and the run's is ${type(c)} (${c.stack!.can[can]!.source})`,
    hint: (_, c) => {
      const types = cpCommsAccepted(c);
      return `${types.length ? `set ${c.name('cpCommType')} ${types[0]}${types.length > 1 ? ` (or ${types.slice(1).join(', ')})` : ''}, or ` : ''}${c.name('cp')} 1`;
    },
    source: `stack.ts can.${can}`,
  };
}

/** A stack without this kind of parallelism runs it at degree 1 only. */
function noDegree(field: Degree, what: string): LayoutRule {
  const can: DegreeCapability = DEGREE_CAPABILITY[field];
  return {
    id: `stack-${field}`,
    fields: [field],
    summary: `the stack has no ${what}`,
    // No candidatesOf: the planner's candidates of a degree the stack has not are 1 alone (planSpace.ts, stackHas), which
    // this rule passes, so it counts only a degree the user fixed (llm-foundry's 'no layout' listed the tp 2-8 the
    // planner had tried itself before both).
    ok: (l, c) => !c.stack || c.stack.can[can].value || l[field] === 1,
    message: (p, c) => `stack ${stackName(c)} has no ${what}, found ${field} = ${p[field]}`,
    hint: (_, c) => `set ${c.name(field)} 1 (${c.stack!.can[can].source}), or ${otherStack(c)}`,
    source: `stack.ts can.${can}`,
  };
}

export const STACK_RULES: readonly LayoutRule[] = [
  {
    id: 'stack-partial-recompute',
    fields: ['recomputeLayers'],
    summary: 'the stack recomputes every layer or none',
    ok: (l, c) => !c.stack || c.stack.can.partialRecompute.value || l.recomputeLayers === undefined,
    message: (p, c) => `stack ${stackName(c)} recomputes every layer or none, found recompute_layers = ${p.recomputeLayers}`,
    hint: (_, c) => `leave ${c.name('recomputeLayers')} out (${c.stack!.can.partialRecompute.source}), or ${otherStack(c)}`,
    source: 'stack.ts can.partialRecompute',
  },
  {
    id: 'stack-moe-full-recompute',
    fields: ['recompute'],
    summary: 'the stack does not recompute MoE blocks whole',
    ok: (l, c) => stackRecomputesWhole(c.stack, c.arch) || l.recompute !== 'full',
    message: (_, c) => `stack ${stackName(c)} does not recompute an MoE block whole, and this model has MoE layers: found recompute full`,
    hint: (_, c) => `set ${c.name('recompute')} selective (OLMo-core's selected_modules, recompute_modules [attention]) or none (${c.stack!.can.moeBlockRecompute!.source}), or ${otherStack(c)}`,
    source: 'stack.ts can.moeBlockRecompute',
  },
  {
    id: 'stack-pipeline-layout',
    fields: ['pipelineLayout'],
    summary: 'the stack does not place layers by a pipeline layout',
    ok: (l, c) => !c.stack || c.stack.can.unevenVirtualStages.value || l.pipelineLayout === undefined,
    message: (_, c) => `stack ${stackName(c)} does not place layers freely over the pipeline chunks (${c.stack!.can.unevenVirtualStages.source}), found a pipeline_layout`,
    hint: (_, c) => `leave ${c.name('pipelineLayout')} out, or use ${c.name('stack')} ${listed(LAYOUT_STACKS, 'or')}`,
    source: 'stack.ts can.unevenVirtualStages',
  },
  noDegree('tp', 'tensor parallelism'),
  noDegree('pp', 'pipeline parallelism'),
  noDegree('cp', 'context parallelism'),
  noDegree('ep', 'expert parallelism'),
  {
    id: 'stack-no-folding',
    fields: ['ep', 'etp', 'tp', 'dp', 'cp'],
    summary: 'the stack has no MoE parallel folding',
    ok: (l, c) => !c.stack || c.stack.can.expertFolding.value || c.arch.moe === null || ((l.dp * l.cp) % l.ep === 0 && l.etp === l.tp),
    // Early: etp ≠ tp once both are fixed; ep not dividing dp·cp, which is the GPUs over tp·pp when dp or cp is free.
    partialOk: (p, c) => !c.stack || c.stack.can.expertFolding.value || c.arch.moe === null
      || ((p.etp === undefined || p.tp === undefined || p.etp === p.tp) && (p.ep === undefined || dpCp(p, c) % p.ep === 0)),
    blame: (p) => (p.etp !== undefined && p.tp !== undefined && p.etp !== p.tp ? 'etp' : 'ep'),
    message: (p, c) => (p.etp !== undefined && p.tp !== undefined && p.etp !== p.tp
      ? `stack ${stackName(c)} runs the experts with the attention's tensor parallelism (etp = tp = ${p.tp}), found etp = ${p.etp}`
      : `stack ${stackName(c)} draws expert parallelism from the data-parallel ranks: ep = ${p.ep} does not divide dp·cp = ${dpCp(p, c)}`),
    hint: (_, c) => `${c.stack!.can.expertFolding.source}; MoE parallel folding (ep·etp from tp·cp·dp) needs ${c.name('stack')} megatron-core`,
    source: 'stack.ts can.expertFolding',
  },
  {
    // torchtitan overlaps DualPipeV's forward and backward chunks with the expert all-to-all by default
    // (job_config.py Parallelism.pipeline_parallel_expert_parallel_overlap: True), and refuses that with activation
    // checkpointing (torchtitan/distributed/dual_pipe_v.py get_dual_pipe_v_flag: NotImplementedError "Expert Parallel with
    // DualPipeV and Activation Checkpointing cannot be used together"); flopcast's DualPipeV assumes the overlap.
    id: 'stack-dualpipev-recompute',
    fields: ['schedule', 'recompute', 'ep', 'pp'],
    summary: 'torchtitan runs DualPipeV with expert parallelism only without activation checkpointing',
    ok: (l, c) => c.stack?.id !== 'torchtitan' || l.schedule !== 'dualpipev' || l.ep <= 1 || l.pp <= 1 || l.recompute === 'none',
    blame: () => 'recompute',
    message: (p, c) => `stack ${stackName(c)} runs DualPipeV's expert-parallel overlap without activation checkpointing, found recompute ${p.recompute}`,
    hint: (_, c) => `set ${c.name('recompute')} none, or change ${c.name('schedule')} (torchtitan/distributed/dual_pipe_v.py: "Expert Parallel with DualPipeV and Activation Checkpointing cannot be used together"; pipeline_parallel_expert_parallel_overlap is on by default)`,
    source: 'pytorch/torchtitan torchtitan/distributed/dual_pipe_v.py get_dual_pipe_v_flag; torchtitan/config/job_config.py pipeline_parallel_expert_parallel_overlap: bool = True',
  },
  {
    id: 'stack-schedule',
    fields: ['schedule'],
    summary: 'the stack has no such schedule',
    // The planner searches the stack's schedules only (planSpace.ts, stackRuns), which this rule passes; it counts a fixed one.
    candidatesOf: 'schedule',
    ok: (l, c) => stackRuns(c.stack, l.schedule),
    message: (p, c) => `stack ${stackName(c)} has no ${p.schedule} schedule (it runs ${list(c.stack!.can.schedules.value)})`,
    hint: (p, c) => {
      // A schedule one stack runs names it (zb-1p under megatron-core: the zero-bubble fork; dualpipe: hai-llm).
      const runs = Object.values(STACKS).filter((st) => st.can.schedules.value.includes(p.schedule!));
      return `${c.stack!.can.schedules.source}; choose one of ${list(c.stack!.can.schedules.value)}, or ${runs.length === 1 ? `set ${c.name('stack')} to ${runs[0]!.id}, which runs ${p.schedule}` : otherStack(c)}`;
    },
    source: 'stack.ts can.schedules',
  },
  {
    id: 'stack-zero',
    fields: ['zeroStage'],
    summary: 'the stack has no such ZeRO stage',
    // No candidatesOf: the planner's ZeRO stages are the stack's without pipelining (planSpace.ts, zeroStagesOf), which this rule passes.
    ok: (l, c) => zeroStagesOf(c.stack, false).includes(l.zeroStage),
    message: (p, c) => `stack ${stackName(c)} has no ZeRO stage ${p.zeroStage} (it runs ${list(c.stack!.can.zeroStages.value)})`,
    hint: (_, c) => `${c.stack!.can.zeroStages.source}; choose one of ${list(c.stack!.can.zeroStages.value)}`,
    source: 'stack.ts can.zeroStages',
  },
  {
    id: 'stack-zero-pp',
    fields: ['zeroStage', 'pp'],
    summary: 'the stack cannot combine this ZeRO stage with pipelining',
    // The planner tries every ZeRO stage at each pp: with pp fixed at 4, Megatron-Core's 'no layout fits' counted the
    // ZeRO-2/3 it had tried as a reason. A ZeRO stage the user fixed counts (it rules out the pipelining).
    candidatesOf: 'zeroStage',
    ok: (l, c) => l.pp === 1 || zeroStagesOf(c.stack, true).includes(l.zeroStage),
    message: (p, c) => `stack ${stackName(c)} cannot combine ZeRO stage ${p.zeroStage} with pipelining (pp = ${p.pp}; with pp > 1 it runs ZeRO ${list(c.stack!.can.zeroStagesWithPp.value)})`,
    hint: (_, c) => `${c.stack!.can.zeroStagesWithPp.source}; use ZeRO ${list(c.stack!.can.zeroStagesWithPp.value)}, or ${c.name('pp')} 1`,
    source: 'stack.ts can.zeroStagesWithPp',
  },
  {
    id: 'stack-zero-ep',
    fields: ['zeroStage', 'ep'],
    summary: 'the stack cannot combine this ZeRO stage with expert parallelism',
    // As stack-zero-pp: a ZeRO stage the planner tried at ep > 1 is no reason; one the user fixed counts (it rules out the ep).
    candidatesOf: 'zeroStage',
    // Only the stage's pairing with ep (a stage the stack does not run at all is stack-zero's).
    ok: (l, c) => l.ep === 1 || (c.stack?.can.zeroStagesWithEp?.value.includes(l.zeroStage) ?? true),
    message: (p, c) => `stack ${stackName(c)} cannot combine ZeRO stage ${p.zeroStage} with expert parallelism (ep = ${p.ep}; with ep > 1 it runs ZeRO ${list(c.stack!.can.zeroStagesWithEp!.value)})`,
    hint: (_, c) => `${c.stack!.can.zeroStagesWithEp!.source}; use ${c.name('zeroStage')} ${listed(c.stack!.can.zeroStagesWithEp!.value.map(String), 'or')}, or ${c.name('ep')} 1, or ${otherStack(c)}`,
    source: 'stack.ts can.zeroStagesWithEp',
  },
  {
    id: 'stack-shard-group',
    fields: ['shardGroup', 'dp', 'cp'],
    summary: 'the stack cannot shard in groups',
    ok: (l, c) => !c.stack || c.stack.can.shardGroups.value || l.shardGroup === l.dp * l.cp,
    // Early: a shard group that is no multiple of a fixed dp (or cp), or not dp·cp once that is determined (dp and cp, or tp
    // and pp, fixed). 'plan --stack hai-llm --shard-group 2 --dp 4' was searched and answered "no layout fits ... relax the
    // fixed parallelism fields" (exit 1), naming no rule (hostile sweep 27).
    partialOk: (p, c) => !c.stack || c.stack.can.shardGroups.value || p.shardGroup === undefined
      || ((p.dp === undefined || p.shardGroup % p.dp === 0) && (p.cp === undefined || p.shardGroup % p.cp === 0)
        && (!(known(p, ['dp', 'cp']) || known(p, ['tp', 'pp'])) || p.shardGroup === dpCp(p, c))),
    blame: () => 'shardGroup',
    message: (p, c) => `stack ${stackName(c)} cannot shard in groups (shard_group = ${p.shardGroup}, ${known(p, ['dp', 'cp']) || known(p, ['tp', 'pp']) ? `dp·cp = ${dpCp(p, c)}` : p.dp !== undefined ? `dp = ${p.dp}` : `cp = ${p.cp}`}): its shard group is all of dp·cp`,
    hint: (_, c) => `${c.stack!.can.shardGroups.source}; leave ${c.name('shardGroup')} out, or ${otherStack(c)}`,
    source: 'stack.ts can.shardGroups',
  },
  {
    id: 'zeropp-stack',
    fields: ['zeroStage'],
    summary: 'the stack does not run ZeRO++',
    // The run's switches against the stack, whatever the layout: refuted on any partial layout as on a whole one.
    ok: (_, c) => runsZeroPlusPlus(c),
    partialOk: (_, c) => runsZeroPlusPlus(c),
    key: (_, c) => `cluster.parallelism.${firstZeroPlusPlusKey(c.zeroPlusPlus)}`,
    message: (_, c) => `stack ${stackName(c)} does not run ZeRO++ (${zeroPlusPlusText(c.zeroPlusPlus).join(', ')}): ${c.stack!.can.zeroPlusPlus?.source ?? 'ZeRO++ is DeepSpeed\'s (Wang et al. 2023, arXiv:2306.10209; deepspeed.ai/tutorials/zeropp), and this stack has no quantised or hierarchical ZeRO collectives'}`,
    hint: (_, c) => `leave ${ZERO_PLUS_PLUS_KEYS.join(', ')} out, or set ${c.name('stack')} to ${STACK_IDS.filter((id) => STACKS[id].can.zeroPlusPlus?.value === true).join(' or ')}`,
    source: 'stack.ts can.zeroPlusPlus',
  },
  cpCommUnder('stack-cp-sliding-window', 'cpCommWithSlidingWindow', 'sliding-window layers'),
  cpCommUnder('stack-cp-sinks', 'cpCommWithSinks', 'learned attention sinks'),
  cpCommUnder('stack-cp-comm', 'cpCommTypes', null),
];

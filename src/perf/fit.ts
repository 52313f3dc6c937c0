/**
 * Saying why a layout does not fit: how much memory it needs per GPU, against what, the part that
 * dominates, and what would shrink that part (ZeRO §5 for model states, Korthikanti et al. 2022 for
 * activations).
 */
import { gib, plural } from '../report/format.js';
import { DEFAULT_RECOMPUTE_MODULES, MEGATRON_MODULE_NAMES, isWholePolicy, modulesToAdd } from '../flops/recomputeModules.js';
import { activationShape, checkOptions, type Evaluation, type RunContext } from './evaluate.js';
import { activationBytesPerLayer } from './activations.js';
import { DEGREE_RULES } from './degreeRules.js';
import { ruleContext } from './layoutCheck.js';
import { chunkLayers, describeLayout } from './layout.js';
import { largestPart, stageText, type MemoryBreakdown } from './memory.js';
import { listed } from '../input/listed.js';
import { stackHas, stackRecomputesWhole, zeroStagesOf, type Degree } from './stackRules.js';
import { scenarioName, type HintField } from './layoutFields.js';
import { offloads, type Offload } from './offload.js';
import { offloadSpelling, offloadZeroStages } from './offloadRules.js';
import type { ZeroStage } from './layout.js';
import type { PartialLayout } from './plan.js';

const PART: Record<keyof MemoryBreakdown, string> = {
  weights: 'weights',
  gradients: 'gradients',
  optimizer: 'optimizer states',
  activations: 'activations',
  embeddingAndLogits: 'embedding and logits buffers',
  workspace: 'workspace',
};

/** What a remedy reads of the run: the model, the modules selective recomputation reruns, the stack, the GPUs and their scale-up domain, and what the layout rules read (evaluate.ts checkOptions). */
export type ShortfallContext = RunContext;

/**
 * Whose a field is, for a hint that says what to change: the user's where they wrote the whole layout (`fixed` null: run's
 * complete cluster.parallelism, nothing searched), else only the fields they fixed. The planner tried every value of the
 * others, and its nearest miss is the least memory of all it tried (planScan.ts leastMem), so a change to one of them
 * cannot fit: the hint offered "more tp" or "zero_stage 1" of the planner's own fields and not the pp 1 the user had fixed,
 * which was the one to change (gpt3-175b on 64 A100 at --tp 8 --zero 0 --pp 1 fits at --pp 8). Fields no planner searches
 * (recompute_modules, offload) are always the user's.
 */
const usersField = (fixed: PartialLayout | null) => (f: keyof PartialLayout): boolean => fixed === null || fixed[f] !== undefined;

/** A larger degree and the degree whose ranks it takes (tp·pp·dp·cp is the GPU count). */
interface Raise {
  d: Degree;
  x: number;
  from: 'dp' | 'cp';
  left: number;
}

/**
 * The smallest larger `d` the layout can take on its GPUs, or null: the ranks come from dp, else from cp where cp is not `d`
 * (tp·pp·dp·cp is the GPU count; the planner's nearest miss may hold its ranks in cp: gpt3-175b on 64 A100 at --tp 8 --pp 1
 * --zero 0 missed at dp 1 cp 8); a degree the layout rules accept (degreeRules.ts, the table checkLayout and the planner
 * read: tp dividing the heads and the key/value heads, pp the layers, cp the sequence, ...), a tp inside one scale-up
 * domain besides (Narayanan et al. 2021 §3.3, takeaway 1: tensor parallelism up to the GPUs of a server; a hint's policy,
 * not a rule), and an ep that divides the experts and tp·cp·dp over the user's etp, else 1 (Megatron-Core
 * --expert-tensor-parallel-size: the planner may choose the experts' split anew; ep takes no ranks). The hint offered
 * "more tp" at tp 8 on one 8-GPU node (DeepSeek-V3 on 8 H100: hostile sweep 29).
 */
function raised(d: Degree, l: Evaluation['layout'], ctx: ShortfallContext, fixed: PartialLayout | null): Raise | null {
  const a = ctx.arch;
  const over = (n: number, ok: (x: number) => boolean) => Array.from({ length: Math.max(0, n - l[d]) }, (_, i) => l[d] + 1 + i).find((x) => n % x === 0 && ok(x)) ?? null;
  if (d === 'ep') {
    const x = a.moe !== null ? over(a.moe.experts, (y) => (l.tp * l.cp * l.dp) % (y * (fixed === null ? l.etp : fixed.etp ?? 1)) === 0) : null;
    return x === null ? null : { d, x, from: 'dp', left: l.dp };
  }
  const rc = ruleContext(a, ctx.gpuCount, ctx.globalBatchSequences, checkOptions(ctx));
  const rules = DEGREE_RULES.filter((r) => r.fields.includes(d) && r.id !== 'gpu-product');
  for (const from of d === 'cp' ? (['dp'] as const) : (['dp', 'cp'] as const)) {
    // `from` gives up the ranks the larger degree takes: x divides the ranks the two share, so `from` stays whole.
    const left = (x: number) => (l[from] * l[d]) / x;
    const x = over(l[from] * l[d], (y) => rules.every((r) => r.ok({ ...l, [d]: y, [from]: left(y) }, rc)) && (d !== 'tp' || y <= ctx.mc.network.domainSize));
    if (x !== null) return { d, x, from, left: left(x) };
  }
  return null;
}

/**
 * "more tp, ep or pp": the degrees of `wanted` that are the user's ({@link usersField}), the stack can raise (stackRules.ts
 * stackHas: LLM Foundry has no tp, pp or cp) and the layout still can ({@link raised}), one lever each (none: []). Where the degree
 * that gives the ranks is the user's too, both values, "pp 2 with dp 64": the user's tp·pp·dp·cp is the GPU count
 * (degreeRules.ts gpu-product), so "more pp" alone was refused when written (the planner takes them from its own dp or cp).
 */
function moreDegrees(ctx: ShortfallContext, l: Evaluation['layout'], wanted: readonly Degree[], fixed: PartialLayout | null, name: (f: HintField) => string): string[] {
  const mine = usersField(fixed);
  const can = wanted.flatMap((d) => {
    const r = mine(d) && stackHas(ctx.stack, d) ? raised(d, l, ctx, fixed) : null;
    return r === null ? [] : [r];
  });
  const paired = can.filter((r) => r.d !== 'ep' && mine(r.from));
  const more = can.filter((r) => !paired.includes(r)).map((r) => r.d);
  return [...paired.map((r) => `${name(r.d)} ${r.x} with ${name(r.from)} ${r.left}`), ...(more.length ? [`more ${listed(more, 'or')}`] : [])];
}

/**
 * What shrinks the largest part, among the levers the run has not pulled and its stack can pull: ZeRO only where
 * there are data-parallel ranks to shard over, up to the stage that shards the part, and a stage the stack runs at
 * the layout's pp and ep (stack.ts can.zeroStages, can.zeroStagesWithPp: Megatron-Core and DeepSpeed run no ZeRO-2/3 with
 * pipelining; can.zeroStagesWithEp: DeepSpeed no ZeRO-3 with expert parallelism), more ep where there are experts left to spread, a degree only where the stack has it (can.tensorParallel,
 * ...), a stronger recomputation than the run's (before: "recompute: selective or full" to a run recomputing
 * selectively), recompute_modules the run leaves out where they apply to the model, a smaller micro-batch above 1,
 * sequence parallelism off with tp > 1.
 */
function remedy(largest: keyof MemoryBreakdown, e: Evaluation, ctx: ShortfallContext, name: (f: HintField) => string, fixed: PartialLayout | null): string | null {
  const l = e.layout;
  const mine = usersField(fixed);
  const ranks = l.dp * l.cp;
  const zero = { weights: 3, gradients: 2, optimizer: 1 } as const;
  // pp only where the stack runs the layout's ZeRO stage with pipelining (DeepSpeed or Megatron-Core at ZeRO-3 offered
  // "more tp or pp", and its own skip line said the stack cannot combine the stage with pipelining).
  const pp = l.pp > 1 || zeroStagesOf(ctx.stack, true).includes(l.zeroStage) ? ['pp' as const] : [];
  // ep likewise where the stack runs the layout's ZeRO stage with expert parallelism (DeepSpeed: no ZeRO-3 with ep > 1).
  const ep = l.ep > 1 || zeroStagesOf(ctx.stack, l.pp > 1, true).includes(l.zeroStage) ? ['ep' as const] : [];
  const shards = moreDegrees(ctx, l, ['tp', ...ep, ...pp], fixed, name).join(', or ');
  if (largest === 'weights' || largest === 'gradients' || largest === 'optimizer') {
    const z = zero[largest];
    const runs = zeroStagesOf(ctx.stack, l.pp > 1, l.ep > 1);
    const stages = runs.filter((s) => s >= z);
    const host = offloadLever(largest, l.zeroStage, ctx, name);
    const orHost = host ? `, or ${host}` : '';
    if (ranks > 1 && l.zeroStage < z && stages.length && mine('zeroStage')) {
      return `shard the ${PART[largest]}: ${name('zeroStage')} ${stages[0]}${stages.length > 1 ? ' or more' : ''}${shards ? `, or ${shards}` : ''}${orHost}`;
    }
    // ZeRO's stage shards the part, but inside groups smaller than dp·cp (HSDP, layout.ts shardGroup): a larger group shards
    // it further (memory divides by the group, README "shard_group"; a group of one rank keeps whole copies, PyTorch FSDP's
    // NO_SHARD). An OLMo-core long-context run at shard_group 1 was told its states were "sharded as far as the layout can
    // shard them" (newuser32).
    if (ranks > 1 && l.zeroStage >= z && l.shardGroup < ranks) {
      return `shard the ${PART[largest]} over a larger group: ${name('shardGroup')} up to ${ranks} (dp·cp; ${l.shardGroup} now)${shards ? `, or ${shards}` : ''}${orHost}`;
    }
    // The stack has none of the degrees (LLM Foundry), or the layout has no data-parallel ranks left to turn into them.
    const stackLacks = ctx.stack !== null && !(['tp', ...(ctx.arch.moe ? ['ep' as const] : []), ...pp] as const).some((d) => stackHas(ctx.stack, d));
    if (!shards) return `the ${PART[largest]} are sharded as far as ${stackLacks ? `stack ${ctx.stack!.id} can shard them` : `the layout can shard them on ${plural(ctx.gpuCount, 'GPU')}`}${host ? `; ${host}` : ''}`;
    return `shard the ${PART[largest]} over more GPUs: ${shards}${ranks === 1 ? ' (ZeRO needs data-parallel ranks to shard over)' : ''}${orHost}`;
  }
  const smallerMicroBatch = l.microBatch > 1 && mine('microBatch') ? [`lower ${name('microBatch')}`] : [];
  if (largest === 'activations') {
    const sp = l.tp > 1 && !l.sequenceParallel && mine('sequenceParallel') ? [name('sequenceParallel')] : [];
    const levers = [...recomputeRemedy(e, ctx, name, mine), ...smallerMicroBatch, ...sp, ...moreDegrees(ctx, l, ['tp', ...pp, 'cp'], fixed, name)];
    return levers.length ? `${levers.slice(0, -1).map((x) => `${x}, `).join('')}${levers.length > 1 ? 'or ' : ''}${levers[levers.length - 1]}` : null;
  }
  if (largest === 'embeddingAndLogits') {
    const levers = [...smallerMicroBatch, ...moreDegrees(ctx, l, ['tp'], fixed, name)];
    return levers.length ? listed(levers, 'or') : null;
  }
  return null;
}

/**
 * Offloading a model-state part to host memory (offload.ts), for "does it fit if I offload the optimizer?": where the
 * run offloads nothing yet, its board has a host link, and its stack runs a mode that moves the part at the layout's
 * ZeRO stage (offloadRules.ts offloadZeroStages): the optimizer states by the optimizer mode, else with the
 * parameters; the gradients with the optimizer where the stack moves them (DeepSpeed), else with the parameters; the
 * weights with the parameters.
 */
function offloadLever(part: 'weights' | 'gradients' | 'optimizer', zeroStage: ZeroStage, ctx: ShortfallContext, name: (f: HintField) => string): string | null {
  if (!ctx.hw?.hostLink || (ctx.offload !== undefined && offloads(ctx.offload))) return null;
  const movesGradients = ctx.stack?.can.offload.value.optimizer?.gradientsToHost === true;
  const modes: Offload[] = [...(part === 'optimizer' || (part === 'gradients' && movesGradients) ? [{ optimizer: 1, params: false }] : []), { optimizer: 1, params: true }];
  const mode = modes.find((o) => offloadZeroStages(o, ctx.stack).includes(zeroStage));
  return mode ? `offload them to host memory (${offloadSpelling(name('offload'))(mode.params ? 'params' : 1)})` : null;
}

/**
 * Recomputation the run has not tried: selective or full where it recomputes nothing; full where it recomputes
 * selectively, and the recompute_modules it leaves out that apply to the model (flops/recomputeModules.ts
 * moduleProblem; modulesToAdd leaves out what moe covers), under a stack that takes them (Megatron-Core's TransformerConfig.recompute_modules,
 * megatron/core/transformer/transformer_config.py; or no stack named); more recompute_layers where full
 * recomputation covers part of a chunk. Full recomputation only where the stack runs it on the model (can.moeBlockRecompute).
 */
function recomputeRemedy(e: Evaluation, ctx: ShortfallContext, name: (f: HintField) => string, mine: (f: keyof PartialLayout) => boolean): string[] {
  const l = e.layout;
  // Full recomputation where the stack runs it: OLMo-core refuses it on an MoE model (stackRules.ts stack-moe-full-recompute).
  const full = stackRecomputesWhole(ctx.stack, ctx.arch) && mine('recompute');
  if (l.recompute === 'full') {
    const chunk = chunkLayers(ctx.arch, l);
    return l.recomputeLayers !== undefined && l.recomputeLayers < chunk && mine('recomputeLayers') ? [`${name('recomputeLayers')} up to ${chunk} (the layers of a chunk)`] : [];
  }
  // The stack's own module names (Megatron-Core's where none is named); the default core_attn is not OLMo-core's.
  const names = ctx.stack === null ? MEGATRON_MODULE_NAMES : ctx.stack.can.recomputeModules.value;
  const now = (ctx.recomputeModules ?? DEFAULT_RECOMPUTE_MODULES).filter((m) => names.includes(m));
  const more = modulesToAdd(ctx.arch, now, names);
  // A whole policy (op, a MaxText remat policy) replaces the one run, never joins it (recomputeModules.ts modulesToAdd).
  const listed = more.some(isWholePolicy) ? more : [...now, ...more];
  const modules = more.length ? `${name('recomputeModules')} [${listed.join(', ')}]` : null;
  if (l.recompute === 'none') {
    if (!mine('recompute')) return [];
    // Selective recomputation offered only where it frees memory, as activations.ts counts it: the attention core alone
    // frees nothing under flash attention, which keeps only its log-sum-exp (Korthikanti et al. 2022 §5), and "recompute:
    // selective" sent such a run to the same shortfall (newuser32, OLMo-core and TorchTitan). Then the modules that do.
    const shape = activationShape(ctx, l.microBatch, l.ep);
    const frees = activationBytesPerLayer(ctx.arch, { ...l, recompute: 'selective' }, shape).stored < activationBytesPerLayer(ctx.arch, l, shape).stored;
    const selective = frees ? 'selective' : modules !== null ? `selective with ${modules}` : null;
    const ways = [selective, full ? 'full' : null].filter((x) => x !== null);
    return ways.length ? [`${name('recompute')} ${ways.join(' or ')}`] : [];
  }
  return [...(full ? [`${name('recompute')} full`] : []), ...(modules !== null ? [modules] : [])];
}

/**
 * "needs 377.5 GiB per GPU of 80 GiB (over by 297.5 GiB; most of it optimizer states, 244.1 GiB, on the first stage)" and a
 * remedy that says what to change in what the user wrote ({@link usersField}). `fixed`: null where the user wrote the whole
 * layout (run's complete cluster.parallelism); else the fields they fixed, and the layout is the planner's nearest miss, so
 * more GPUs are a lever too (said once: it printed "a GPU with more memory; or add GPUs, or a GPU with more memory" where the
 * run had no other lever). `name`: how the levers are named (RuleContext.name): run's scenario keys by default, plan's
 * options or the library's keys (PlanInputs.nameFor).
 */
export function memoryShortfall(e: Evaluation, ctx: ShortfallContext, fixed: PartialLayout | null, name: (f: HintField) => string = scenarioName): { message: string; hint: string } {
  const m = e.memory;
  const largest = m.overflow?.largest ?? largestPart(m.breakdown);
  return {
    message: `${describeLayout(e.layout, ctx.arch.moe !== null)} needs ${gib(m.total)} per GPU of ${gib(m.capacity)} (over by ${gib(m.total - m.capacity)}; the largest part is ${PART[largest]}, ${gib(m.breakdown[largest])}, on the ${stageText(m)})`,
    hint: [remedy(largest, e, ctx, name, fixed), fixed !== null ? 'add GPUs, or a GPU with more memory' : null].filter(Boolean).join('; or ') || 'a GPU with more memory',
  };
}

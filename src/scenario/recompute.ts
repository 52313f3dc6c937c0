/**
 * A scenario's recomputation keys against its model and stack: recompute_modules (the model: refuseRecomputeModules; the
 * stack: refuseModulesOfStack) and recompute_every (everyNthLayers, refuseEveryOfStack).
 */
import { InputError } from '../input/errors.js';
import type { Architecture } from '../model/architecture.js';
import { MEGATRON_MODULE_NAMES, isWholePolicy, moduleOwner, moduleProblem, type RecomputeModuleName } from '../flops/recomputeModules.js';
import type { StackId } from '../perf/stack.js';
import { STACKS } from '../perf/stackProfiles.js';
import { chunkLayers } from '../perf/layout.js';
import { scheduleChunks } from '../perf/schedules.js';
import type { PartialLayout } from '../perf/plan.js';

/** The module names a stack's recompute_modules takes (stack.ts can.recomputeModules), Megatron-Core's where it has none (refuseModulesOfStack refuses those). */
export const moduleNamesOf = (stack: StackId): readonly RecomputeModuleName[] => {
  const names = STACKS[stack].can.recomputeModules.value;
  return names.length ? names : MEGATRON_MODULE_NAMES;
};

/**
 * training.recompute_modules against the model: a module listed twice, one that cannot apply to the model, or one
 * flopcast does not model, is refused at its entry (flops/recomputeModules.ts moduleProblem), with the modules of `names`
 * (the stack's: Megatron-Core's by default) that can.
 */
export function refuseRecomputeModules(arch: Architecture, modules: readonly RecomputeModuleName[] | undefined, at: (index: number) => { file?: string; line?: number; col?: number }, names: readonly RecomputeModuleName[] = MEGATRON_MODULE_NAMES): void {
  if (modules === undefined) return;
  modules.forEach((m, i) => {
    // A module named again changes nothing (each reruns once; Megatron-Core tests membership), as moduleProblem refuses one
    // that changes nothing: 1,000 entries of mlp were echoed whole on run's training line and in --json.
    const first = modules.indexOf(m);
    if (first < i) throw new InputError(`\`${m}\` is listed twice (also training.recompute_modules[${first}])`, { ...at(i), keyPath: `training.recompute_modules[${i}]`, hint: 'each module is rerun once; remove one' });
    // A whole policy (TorchTitan's op, a MaxText remat_policy) is the block's one checkpointing rule: nothing is added to it.
    if (modules.length > 1 && isWholePolicy(m)) {
      throw new InputError(`\`${m}\` is a whole checkpointing policy (${moduleOwner(m) === 'maxtext' ? 'MaxText runs one remat_policy' : 'TorchTitan\'s selective_ac_option op'}), and recompute_modules names ${modules.length} entries`, { ...at(i), keyPath: `training.recompute_modules[${i}]`, hint: `name ${m} alone, or leave it out` });
    }
    const problem = moduleProblem(arch, m);
    if (problem === undefined) return;
    const usable = names.filter((n) => moduleProblem(arch, n) === undefined);
    const hint = usable.length ? `modules modelled for this model: ${usable.join(', ')}; or leave ${m} out` : `no module of this stack's applies to this model: leave recompute_modules out (recompute: full, or none)`;
    throw new InputError(problem, { ...at(i), keyPath: `training.recompute_modules[${i}]`, hint });
  });
}

/**
 * A run's recompute_modules against its model and its stack (refuseRecomputeModules, then refuseModulesOfStack): one check
 * for a scenario (resolve.ts) and a validation row (perf/validateRow.ts). `at` locates a path under
 * training.recompute_modules ([] the key, [i] an entry); a row has no location there and gives none.
 */
export function refuseModulesOfRun(arch: Architecture, stack: StackId, modules: readonly RecomputeModuleName[] | undefined, at: (path: number[]) => { file?: string; line?: number; col?: number }): void {
  refuseRecomputeModules(arch, modules, (i) => at([i]), moduleNamesOf(stack));
  refuseModulesOfStack(stack, modules, { ...at([]), keyPath: 'training.recompute_modules' }, 'training.stack:', (i) => at([i]));
}

/** A module's owning stack as a refusal names it. */
const OWNER_NAME: Record<ReturnType<typeof moduleOwner>, string> = { 'megatron-core': 'Megatron-Core\'s', 'olmo-core': 'OLMo-core\'s', torchtitan: 'TorchTitan\'s', maxtext: 'MaxText\'s' };

/**
 * recompute_modules names a stack's own modules (stack.ts can.recomputeModules: Megatron-Core's under megatron-core and
 * hai-llm, OLMo-core's under olmo-core, TorchTitan's op under torchtitan, MaxText's remat policies under maxtext); a stack
 * without a list (whole-block checkpointing) is refused naming the stack, where the modules were counted and planned as if it ran
 * them (hostile sweep 13), and a module of another stack's is refused at its entry, naming the stack that has it. `at`:
 * the key, or the option that chose the stack; `entry` locates one entry.
 */
export function refuseModulesOfStack(stack: StackId, modules: readonly RecomputeModuleName[] | undefined, at: { file?: string; line?: number; col?: number; keyPath: string }, stackKey = 'training.stack:', entry?: (index: number) => { file?: string; line?: number; col?: number }): void {
  const can = STACKS[stack].can.recomputeModules;
  if (modules === undefined) return;
  if (can.value.length === 0) {
    throw new InputError(`stack ${stack} has no recompute_modules (a list of modules to rerun: Megatron-Core's, OLMo-core's, TorchTitan's op, a MaxText remat policy): ${can.source}`, {
      ...at,
      hint: `leave recompute_modules out (recompute: selective reruns the attention core), or use ${stackKey} megatron-core (its modules), olmo-core (attention, feed_forward), torchtitan (op) or maxtext (a remat policy: minimal, save_qkv_proj, …)`,
    });
  }
  modules.forEach((m, i) => {
    if (can.value.includes(m)) return;
    const owner = moduleOwner(m);
    throw new InputError(`\`${m}\` is ${OWNER_NAME[owner]} module, not stack ${stack}'s (${can.source})`, {
      ...at, ...(entry ? { ...entry(i), keyPath: `${at.keyPath}[${i}]` } : {}),
      hint: `stack ${stack} names ${can.value.join(', ')}; or use ${stackKey} ${owner}`,
    });
  });
}

/**
 * training.recompute_every N as recompute_layers, the layers of each pipeline chunk recomputed whole. TorchTitan's
 * selective_ac_option N (pytorch/torchtitan torchtitan/distributed/activation_checkpoint.py @ 01db32e97d28d588eccadf527155d2201797d0b8,
 * _apply_layer_sac) counts the blocks apply_ac hands it in one module-global counter from 1 and wraps a block in a full
 * checkpoint whenever the count is a multiple of N (0: every block); a rank's model parts (its pipeline chunks) are handed
 * in turn, so chunk j of a rank's v chunks of c blocks holds ⌊jc/N⌋ − ⌊(j−1)c/N⌋ of them, ⌊vc/N⌋ in all. flopcast counts
 * each chunk alike (recompute_layers): where the chunks hold different counts, or none, it is refused. c is the layout's
 * largest chunk (perf/layout.ts chunkLayers: the even split's, or a pipeline layout's). Needs pp, and under pipelining the
 * chunks a rank holds (virtual_stages, or a schedule that fixes them): the planner's choice of either would change the count.
 */
export function everyNthLayers(arch: Architecture, l: Pick<PartialLayout, 'pp' | 'virtualStages' | 'schedule' | 'pipelineLayout'>, every: number): number {
  const key = { keyPath: 'training.recompute_every' };
  if (l.pp === undefined) throw new InputError('recompute_every counts the blocks of a pipeline rank, and the run leaves pp to the planner', { ...key, hint: 'give cluster.parallelism.pp (1 without pipelining), or recompute_layers (a count of each chunk\'s layers)' });
  const v = l.pp === 1 ? 1 : (l.virtualStages ?? scheduleChunks(l.schedule));
  if (v === undefined) throw new InputError(`recompute_every counts a rank's blocks across its pipeline chunks, and the run leaves the chunks a rank holds to the planner (pp = ${l.pp})`, { ...key, hint: 'give cluster.parallelism.virtual_stages (1 without interleaving), or recompute_layers' });
  const c = chunkLayers(arch, { pp: l.pp, virtualStages: v, pipelineLayout: l.pipelineLayout });
  const perChunk = Array.from({ length: v }, (_, j) => Math.floor(((j + 1) * c) / every) - Math.floor((j * c) / every));
  const rank = `${v * c} layers of a rank${v > 1 ? ` (${v} chunks of ${c})` : ''}`;
  if (perChunk.every((k) => k === 0)) {
    throw new InputError(`recompute_every ${every} recomputes none of the ${rank} (TorchTitan wraps blocks ${every}, ${2 * every}, … of a rank, counted from 1)`, { ...key, hint: `use a recompute_every of at most ${v * c}, or recompute: none` });
  }
  if (perChunk.some((k) => k !== perChunk[0])) {
    throw new InputError(`recompute_every ${every} recomputes ${perChunk.join(', ')} layers of a rank's ${v} chunks of ${c} (blocks ${every}, ${2 * every}, … of its ${v * c}), and flopcast counts each chunk's alike`, { ...key, hint: 'write recompute_layers (a count of each chunk\'s layers) for the run, or a recompute_every whose blocks the chunks share alike' });
  }
  return perChunk[0]!;
}

/** recompute_every is TorchTitan's every N-th block: a stack without it (stack.ts can.blockInterval) is refused naming it, the default stack too. */
export function refuseEveryOfStack(stack: StackId, every: number | undefined, at: { file?: string; line?: number; col?: number; keyPath: string }, stackKey = 'training.stack:'): void {
  const can = STACKS[stack].can.blockInterval;
  if (every === undefined || can.value) return;
  throw new InputError(`stack ${stack} has no every N-th block recomputation (TorchTitan's selective_ac_option N): ${can.source}`, {
    ...at,
    hint: `write recompute_layers (a count of each chunk's layers) instead, or use ${stackKey} torchtitan`,
  });
}

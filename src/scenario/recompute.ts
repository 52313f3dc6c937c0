/**
 * A scenario's training.recompute_modules against its model: a module listed twice, one that cannot apply to the
 * model, or one flopcast does not model, is refused at its entry (flops/recomputeModules.ts moduleProblem), with the
 * modules that can.
 */
import { InputError } from '../input/errors.js';
import type { Architecture } from '../model/architecture.js';
import { moduleProblem, RECOMPUTE_MODULE_NAMES, type RecomputeModuleName } from '../flops/recomputeModules.js';
import type { StackId } from '../perf/stack.js';
import { STACKS } from '../perf/stackProfiles.js';

export function refuseRecomputeModules(arch: Architecture, modules: readonly RecomputeModuleName[] | undefined, at: (index: number) => { file: string; line: number; col: number }): void {
  if (modules === undefined) return;
  modules.forEach((m, i) => {
    // A module named again changes nothing (each reruns once; Megatron-Core tests membership), as moduleProblem refuses one
    // that changes nothing: 1,000 entries of mlp were echoed whole on run's training line and in --json.
    const first = modules.indexOf(m);
    if (first < i) throw new InputError(`\`${m}\` is listed twice (also training.recompute_modules[${first}])`, { ...at(i), keyPath: `training.recompute_modules[${i}]`, hint: 'each module is rerun once; remove one' });
    const problem = moduleProblem(arch, m);
    if (problem === undefined) return;
    const usable = RECOMPUTE_MODULE_NAMES.filter((n) => moduleProblem(arch, n) === undefined);
    throw new InputError(problem, { ...at(i), keyPath: `training.recompute_modules[${i}]`, hint: `modules modelled for this model: ${usable.join(', ')}; or leave ${m} out` });
  });
}

/**
 * recompute_modules is Megatron-Core's list of modules: a stack without it (stack.ts can.recomputeModules: TorchTitan's
 * per-operator policy, MaxText's remat policies, whole-block checkpointing) is refused naming the stack, where the
 * modules were counted and planned as if it ran them (hostile sweep 13). `at`: the key, or the option that chose the stack.
 */
export function refuseModulesOfStack(stack: StackId, modules: readonly RecomputeModuleName[] | undefined, at: { file?: string; line?: number; col?: number; keyPath: string }, stackKey = 'training.stack:'): void {
  const can = STACKS[stack].can.recomputeModules;
  if (modules === undefined || can.value) return;
  throw new InputError(`stack ${stack} has no recompute_modules (Megatron-Core's list of modules to rerun): ${can.source}`, {
    ...at,
    hint: `leave recompute_modules out (recompute: selective reruns the attention core), or use ${stackKey} megatron-core`,
  });
}

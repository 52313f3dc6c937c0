/**
 * What `recompute: selective` reruns where a run names no recompute_modules: the stack's own selective mode
 * (stack.ts defaults.selectiveModules: TorchTitan's per-operator policy, flops/opCheckpoint.ts) where every module of it
 * applies to the model, else undefined, which the callers read as Megatron-Core's default, core_attn
 * (recomputeModules.ts DEFAULT_RECOMPUTE_MODULES). One rule for the performance model's context (evaluate.ts runContext)
 * and a scenario's FLOP count (scenario/resolve.ts), so that the hardware FLOPs printed and the HFU agree.
 */
import type { Architecture } from '../model/architecture.js';
import { moduleProblem, type RecomputeModule } from '../flops/recomputeModules.js';
import type { StackProfile } from './stack.js';

export function selectiveModulesOf(stack: StackProfile | null | undefined, arch: Architecture, given: readonly RecomputeModule[] | undefined): readonly RecomputeModule[] | undefined {
  if (given !== undefined) return given;
  const own = stack?.defaults.selectiveModules?.value;
  return own === undefined || own.some((m) => moduleProblem(arch, m) !== undefined) ? undefined : own;
}

/** Whether the GEMMs run in a precision below 16 bits (FP8, FP4): not the `aten.mm` TorchTitan's op policy keeps (flops/opCheckpoint.ts). */
export const lowPrecisionGemms = (gemmPrecision: string | undefined): boolean => gemmPrecision === 'fp8' || gemmPrecision === 'fp4';

/**
 * The FLOP count's options for selective recomputation (count.ts FlopOptions): the modules (selectiveModulesOf) and, under
 * the op policy, whether the linears are low-precision. The performance model's context and a scenario's count read both.
 */
export function selectiveCountOptions(stack: StackProfile | null | undefined, arch: Architecture, given: readonly RecomputeModule[] | undefined, gemmPrecision: string | undefined): { recomputeModules?: readonly RecomputeModule[]; lowPrecisionLinears?: true } {
  const modules = selectiveModulesOf(stack, arch, given);
  return modules === undefined ? {} : { recomputeModules: modules, ...lowPrecisionLinearsOf(modules, gemmPrecision) };
}

/** The count's low-precision flag for `modules` (count.ts FlopOptions lowPrecisionLinears): set only under the op policy with FP8 / FP4 GEMMs. */
export function lowPrecisionLinearsOf(modules: readonly RecomputeModule[], gemmPrecision: string | undefined): { lowPrecisionLinears?: true } {
  return modules.includes('op') && lowPrecisionGemms(gemmPrecision) ? { lowPrecisionLinears: true } : {};
}

/**
 * What `recompute: selective` reruns where a run names no recompute_modules: the stack's own selective mode
 * (stack.ts defaults.selectiveModules: TorchTitan's per-operator policy, flops/opCheckpoint.ts; MaxText's minimal, flops/rematPolicy.ts) where every module of it
 * applies to the model, else undefined, which the callers read as Megatron-Core's default, core_attn
 * (recomputeModules.ts DEFAULT_RECOMPUTE_MODULES). One rule for the performance model's context (evaluate.ts runContext)
 * and a scenario's FLOP count (scenario/resolve.ts), so that the hardware FLOPs printed and the HFU agree.
 */
import type { Architecture } from '../model/architecture.js';
import { moduleProblem, type RecomputeModule } from '../flops/recomputeModules.js';
import type { StackProfile } from './stack.js';
import { gemmOperandBytesOf } from './machine.js';

export function selectiveModulesOf(stack: StackProfile | null | undefined, arch: Architecture, given: readonly RecomputeModule[] | undefined): readonly RecomputeModule[] | undefined {
  if (given !== undefined) return given;
  const own = stack?.defaults.selectiveModules?.value;
  return own === undefined || own.some((m) => moduleProblem(arch, m) !== undefined) ? undefined : own;
}

/**
 * The FLOP count's options for selective recomputation (count.ts FlopOptions): the modules (selectiveModulesOf) and, under
 * the op policy, whether the linears are low-precision. The performance model's context and a scenario's count read both.
 */
export function selectiveCountOptions(stack: StackProfile | null | undefined, arch: Architecture, given: readonly RecomputeModule[] | undefined, precision: string, gemmPrecision: string | undefined): { recomputeModules?: readonly RecomputeModule[]; lowPrecisionLinears?: true } {
  const modules = selectiveModulesOf(stack, arch, given);
  return modules === undefined ? {} : { recomputeModules: modules, ...lowPrecisionLinearsOf(modules, precision, gemmPrecision) };
}

/**
 * The count's low-precision flag for `modules` (count.ts FlopOptions lowPrecisionLinears): set only under the op policy with
 * GEMM operands below 16 bits, by the rule the stored activations and the layer's time read (machine.ts gemmOperandBytesOf:
 * FP8 / FP4 GEMMs of a 16-bit run), so the three agree.
 */
export function lowPrecisionLinearsOf(modules: readonly RecomputeModule[], precision: string, gemmPrecision: string | undefined): { lowPrecisionLinears?: true } {
  return modules.includes('op') && gemmOperandBytesOf(precision, gemmPrecision ?? precision) < 2 ? { lowPrecisionLinears: true } : {};
}

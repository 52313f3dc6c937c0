/**
 * What `recompute: selective` reruns where a run names no recompute_modules: the stack's own selective mode
 * (stack.ts defaults.selectiveModules: TorchTitan's per-operator policy, flops/opCheckpoint.ts) where every module of it
 * applies to the model and its GEMM precision, else undefined, which the callers read as Megatron-Core's default, core_attn
 * (recomputeModules.ts DEFAULT_RECOMPUTE_MODULES). One rule for the performance model's context (evaluate.ts runContext)
 * and a scenario's FLOP count (scenario/resolve.ts), so that the hardware FLOPs printed and the HFU agree.
 */
import type { Architecture } from '../model/architecture.js';
import { moduleProblem, type RecomputeModule } from '../flops/recomputeModules.js';
import type { StackProfile } from './stack.js';

export function selectiveModulesOf(stack: StackProfile | null | undefined, arch: Architecture, given: readonly RecomputeModule[] | undefined, gemmPrecision: string | undefined): readonly RecomputeModule[] | undefined {
  if (given !== undefined) return given;
  const own = stack?.defaults.selectiveModules?.value;
  if (own === undefined || own.some((m) => moduleProblem(arch, m) !== undefined)) return undefined;
  // The op policy keeps aten.mm outputs, which FP8 linears are not (scenario/recompute.ts refuseOpWithFp8): not its split.
  return own.includes('op') && (gemmPrecision === 'fp8' || gemmPrecision === 'fp4') ? undefined : own;
}

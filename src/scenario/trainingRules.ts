/**
 * The cross-field rules of a run's training settings (zod refinements as [check, issue] pairs), kept
 * apart from the scenario schema because three inputs apply them: scenario files (schema.ts),
 * validation rows (perf/validateSchema.ts) and `plan` queries (library/planRules.ts).
 */
import { DEFAULT_STACK, type StackId } from '../perf/stack.js';
import type { MoeDispatcher } from '../perf/moeCost.js';
import { switchOfStackProblem, type StackSwitch } from '../perf/stackRules.js';
import { cpCommProblem, type CpCommType } from '../perf/cpComm.js';

type Fp8Fields = { fp8_recipe?: string | undefined; fp8_param_gather?: boolean | undefined; gemm_precision?: string | undefined; precision?: string | undefined };
/** Whether a run's matrix products run in FP8: its gemm_precision, else its precision. */
export const fp8Gemms = (t: Pick<Fp8Fields, 'gemm_precision' | 'precision'>): boolean => (t.gemm_precision ?? t.precision) === 'fp8';
/** An FP8 scaling recipe needs FP8 GEMMs: one rule for scenarios, validation rows and `plan`. */
export const FP8_RECIPE_RULE: [(t: Fp8Fields) => boolean, { message: string; path: string[] }] = [
  (t) => t.fp8_recipe === undefined || fp8Gemms(t),
  { message: 'fp8_recipe is how FP8 GEMMs are scaled: it needs gemm_precision: fp8 | e.g. gemm_precision: fp8 with precision: bf16 (NVFP4 recipes, gemm_precision: fp4, have their own scaling)', path: ['fp8_recipe'] },
];
/** FP8 weights are gathered only where the GEMMs read FP8: one rule for scenarios, validation rows and `plan`. */
export const FP8_PARAM_GATHER_RULE: [(t: Fp8Fields) => boolean, { message: string; path: string[] }] = [
  (t) => t.fp8_param_gather !== true || fp8Gemms(t),
  { message: 'fp8_param_gather gathers the weights in FP8 for FP8 GEMMs: it needs gemm_precision: fp8 | e.g. gemm_precision: fp8 with precision: bf16', path: ['fp8_param_gather'] },
];

/** Padding to capacity needs the capacity: one rule for scenarios and validation rows. */
export const CAPACITY_PADDING_RULE: [(t: { moe_capacity_padding?: boolean | undefined; moe_capacity_factor?: number | undefined }) => boolean, { message: string; path: string[] }] = [
  (t) => !t.moe_capacity_padding || t.moe_capacity_factor !== undefined,
  { message: 'moe_capacity_padding pads every expert to its capacity: give moe_capacity_factor too | e.g. moe_capacity_factor: 1.25', path: ['moe_capacity_padding'] },
];

type StackSwitchFields = { stack?: StackId | undefined; ep_comm_overlap?: boolean | undefined; moe_dispatcher?: MoeDispatcher | undefined };
/** A switch the stack may lack (perf/stackRules.ts switchOfStackProblem: not under the zero-bubble fork), refused at its key: one rule for scenarios, validation rows and `plan`. */
function stackSwitchRule(field: StackSwitch, key: 'ep_comm_overlap' | 'moe_dispatcher'): [(t: StackSwitchFields) => boolean, { error: (i: { input: unknown }) => string; path: string[] }] {
  const issue = (t: StackSwitchFields) => switchOfStackProblem(t.stack ?? DEFAULT_STACK, field, t[key]);
  return [
    (t) => issue(t) === undefined,
    {
      error: (i) => {
        const problem = issue(i.input as StackSwitchFields)!;
        return `${problem.message} | ${problem.hint}`;
      },
      path: [key],
    },
  ];
}
/** ep_comm_overlap only under a stack that has the switch. */
export const EP_OVERLAP_STACK_RULE = stackSwitchRule('epCommOverlap', 'ep_comm_overlap');
/** moe_dispatcher: deepep only under a stack with the flex dispatcher. */
export const DISPATCHER_STACK_RULE = stackSwitchRule('moeDispatcher', 'moe_dispatcher');

/** recompute_modules names what selective recomputation reruns (Megatron-Core reads it only with recompute_granularity 'selective'). */
export const RECOMPUTE_MODULES_RULE: [(t: { recompute?: string | undefined; recompute_modules?: readonly string[] | undefined }) => boolean, { message: string; path: string[] }] = [
  (t) => t.recompute_modules === undefined || t.recompute === 'selective',
  { message: 'recompute_modules names the modules selective recomputation reruns: it needs recompute: selective | add recompute: selective, or leave recompute_modules out', path: ['recompute_modules'] },
];

/**
 * recompute_every recomputes whole blocks, full recomputation of some of them (TorchTitan calls the mode selective: its
 * selective_ac_option N wraps every N-th block in a full checkpoint, torchtitan/distributed/activation_checkpoint.py).
 */
export const RECOMPUTE_EVERY_RULE: [(t: { recompute?: string | undefined; recompute_every?: number | undefined }) => boolean, { message: string; path: string[] }] = [
  (t) => t.recompute_every === undefined || t.recompute === 'full',
  { message: 'recompute_every recomputes every N-th block whole, full recomputation of those blocks (TorchTitan\'s mode selective with selective_ac_option N): it needs recompute: full | write recompute: full', path: ['recompute_every'] },
];
/** recompute_every and recompute_layers each say which of a chunk's layers are recomputed: one of them. */
export const RECOMPUTE_EVERY_LAYERS_RULE: [(t: { recompute_layers?: number | undefined; recompute_every?: number | undefined }) => boolean, { message: string; path: string[] }] = [
  (t) => t.recompute_every === undefined || t.recompute_layers === undefined,
  { message: 'give one of recompute_every and recompute_layers: each says which layers are recomputed | recompute_every N for TorchTitan\'s selective_ac_option N, recompute_layers for a count of each chunk\'s layers', path: ['recompute_every'] },
];

/** A cluster.parallelism's context-parallel communication keys, a scenario's or a validation row's. */
export type CpFields = { cp_comm_type?: CpCommType | undefined; hierarchical_context_parallel_sizes?: readonly number[] | undefined };
const cpProblem = (p: CpFields) => cpCommProblem(p.cp_comm_type, p.hierarchical_context_parallel_sizes, { type: 'cp_comm_type', sizes: 'hierarchical_context_parallel_sizes' });
/** A cluster.parallelism's cp_comm_type against its hierarchical sizes (perf/cpComm.ts cpCommProblem), told at the key at fault: scenarios and validation rows. */
function cpRule(at: 'type' | 'sizes'): [(p: CpFields) => boolean, { error: (i: { input: unknown }) => string; path: string[] }] {
  return [
    (p) => cpProblem(p)?.at !== at,
    { error: (i) => { const problem = cpProblem(i.input as CpFields)!; return `${problem.message} | ${problem.hint}`; }, path: [at === 'type' ? 'cp_comm_type' : 'hierarchical_context_parallel_sizes'] },
  ];
}
/** cp_comm_type a2a+p2p needs its group sizes. */
export const CP_COMM_RULE = cpRule('type');
/** hierarchical_context_parallel_sizes only with cp_comm_type a2a+p2p. */
export const CP_SIZES_RULE = cpRule('sizes');

/**
 * The cross-field training rules a `plan` query is held to, told at the query's option where it gave one, else at
 * the scenario file's key: scenario/trainingRules.ts's, scenario/offloadSchema.ts's OFFLOAD_STACK_RULE and the board's
 * host link (perf/evaluate.ts). library/plan.ts applies them to the planner's inputs.
 */
import { barred, InputError } from '../input/errors.js';
import { DEFAULT_STACK, type PlanInputs } from '../perf/index.js';
import { capacityFactorProblem } from '../perf/moeCost.js';
import { cpCommProblem } from '../perf/cpComm.js';
import { CAPACITY_PADDING_RULE, FP8_PARAM_GATHER_RULE, FP8_RECIPE_RULE } from '../scenario/trainingRules.js';
import { hintKey, type HintField } from '../perf/layoutFields.js';
import { STACK_SWITCH_FIELDS, switchOfStackProblem, type StackSwitch } from '../perf/stackRules.js';
import { offloadStackProblem } from '../perf/offloadRules.js';
import { hostLinkProblem } from '../perf/evaluate.js';
import { MOE_QUERY_OPTIONS, type PlanQuery, type QueryKeys } from './planQuery.js';

/** The training rules' CAPACITY_PADDING_RULE, FP8_RECIPE_RULE, FP8_PARAM_GATHER_RULE, EP_OVERLAP_STACK_RULE and DISPATCHER_STACK_RULE (scenario/trainingRules.ts), for what the query asks. */
export const planRules = (q: PlanQuery, key: QueryKeys) => (inputs: PlanInputs): PlanInputs => {
  // An MoE option given for a model without experts has nothing to act on, as ep and etp do not (degreeRules.ts
  // ep-dense): `plan --model gpt2 --moe-max-nodes 2` planned GPT-2 with the option dropped and not a word.
  // Turning one off (--no-ep-comm-overlap) asks nothing of the model.
  const moeOption = inputs.arch.moe === null ? MOE_QUERY_OPTIONS.find((f) => q[f] !== undefined && q[f] !== false) : undefined;
  if (moeOption) throw new InputError(`${key(moeOption)} configures MoE layers, but ${inputs.arch.name} has no experts`, { keyPath: key(moeOption), hint: `leave ${key(moeOption)} out, or plan an MoE model` });
  const capacity = inputs.moeCapacityFactor === undefined ? undefined : capacityFactorProblem(inputs.moeCapacityFactor);
  if (capacity) {
    const { message, hint } = barred(capacity);
    throw new InputError(message, { keyPath: key('moeCapacityFactor'), hint });
  }
  if (!CAPACITY_PADDING_RULE[0]({ moe_capacity_padding: inputs.moeCapacityPadding, moe_capacity_factor: inputs.moeCapacityFactor })) {
    throw new InputError(`${key('moeCapacityPadding')} pads every expert to its capacity: give ${key('moeCapacityFactor')} too`, { keyPath: key('moeCapacityPadding'), hint: `e.g. ${key('moeCapacityFactor')} 1.25` });
  }
  if (!FP8_RECIPE_RULE[0]({ fp8_recipe: inputs.fp8Recipe, gemm_precision: inputs.gemmPrecision, precision: inputs.precision })) {
    throw new InputError(`${key('fp8Recipe')} is how FP8 GEMMs are scaled: it needs FP8 GEMMs, found ${inputs.gemmPrecision ?? inputs.precision ?? 'bf16'}`, { keyPath: key('fp8Recipe'), hint: `give ${key('gemmPrecision')} fp8` });
  }
  if (!FP8_PARAM_GATHER_RULE[0]({ fp8_param_gather: inputs.fp8ParamGather, gemm_precision: inputs.gemmPrecision, precision: inputs.precision })) {
    throw new InputError(`${key('fp8ParamGather')} gathers the weights in FP8 for FP8 GEMMs: it needs FP8 GEMMs, found ${inputs.gemmPrecision ?? inputs.precision ?? 'bf16'}`, { keyPath: key('fp8ParamGather'), hint: `give ${key('gemmPrecision')} fp8` });
  }
  // CP_COMM_RULE and CP_SIZES_RULE (scenario/trainingRules.ts), at the query's option where it gave one, else the file's key.
  const fileKey = (f: 'cpCommType' | 'cpSizes', k: string) => (q.scenario === undefined || q[f] !== undefined ? key(f) : `cluster.parallelism.${k}`);
  const cpName = { type: fileKey('cpCommType', 'cp_comm_type'), sizes: fileKey('cpSizes', 'hierarchical_context_parallel_sizes') };
  const cp = cpCommProblem(inputs.cpCommType, inputs.cpHierarchical, cpName);
  if (cp) throw new InputError(cp.message, { keyPath: cp.at === 'type' ? cpName.type : cpName.sizes, hint: cp.hint });
  // EP_OVERLAP_STACK_RULE and DISPATCHER_STACK_RULE: told at the query's option that brought the two together (a file
  // that does is refused as it is resolved), the other named where it is.
  const name = (f: 'stack' | StackSwitch) => (q[f] !== undefined ? key(f) : hintKey(f));
  for (const f of STACK_SWITCH_FIELDS) {
    const problem = switchOfStackProblem(inputs.stack ?? DEFAULT_STACK, f, inputs[f], name);
    if (problem) throw new InputError(problem.message, { keyPath: name(q[f] !== undefined ? f : 'stack'), hint: problem.hint });
  }
  // OFFLOAD_STACK_RULE (scenario/offloadSchema.ts) and the board's host link (perf/evaluate.ts), at the query's option where it gave one.
  const offloadName = (f: HintField) => (f === 'offload' || f === 'stack' ? (q[f] !== undefined || q.scenario === undefined ? key(f) : hintKey(f)) : hintKey(f));
  const offload = offloadStackProblem(inputs.stack ?? DEFAULT_STACK, inputs.offload, offloadName);
  if (offload) throw new InputError(offload.message, { keyPath: offloadName(q.offload !== undefined || q.stack === undefined ? 'offload' : 'stack'), hint: offload.hint });
  if (inputs.offload !== undefined && !inputs.hw.hostLink) {
    const link = hostLinkProblem(inputs.hw, offloadName('offload'));
    throw new InputError(link.message, { keyPath: offloadName('offload'), hint: link.hint });
  }
  return inputs;
};

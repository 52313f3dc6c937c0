/**
 * The bridge from a scenario to the performance model: `cluster.parallelism` (the fields the user
 * fixed) and `cluster.network` overrides become a partial layout and a network override; the
 * planner fills in the rest. Used for `utilization: auto`, and for memory per GPU whenever a
 * scenario states its parallelism.
 */
import type { ZeroPlusPlus } from '../perf/zeroPlusPlus.js';
import { documentsOf } from './documents.js';
import { InputError } from '../input/errors.js';
import { snakeKeys } from '../report/snakeKeys.js';
import { DEFAULT_STACK, epOverlapNotes, fixedLayoutNotes, partialFromFields, scenarioKey, snakeCase, type LayoutField, type PartialLayout, type StackId } from '../perf/index.js';
import { predict, type Prediction, type PredictOptions } from '../perf/predict.js';
import { blockRecomputedShare, megatronPlacement } from '../perf/layout.js';
import { pipelineSplitLayout, splitKeysGiven } from '../perf/pipelineSplit.js';
import type { Architecture } from '../model/architecture.js';
import type { Precision } from '../hardware/schema.js';
import type { AttentionKernel } from '../perf/machine.js';
import type { CpCommType } from '../perf/cpComm.js';
import type { CpFields } from './trainingRules.js';
import { modelStateFromFile, type ModelStateChoice } from '../perf/modelState.js';
import { offloadFromFile, type Offload } from '../perf/offload.js';
import type { MoeBalance, MoeDispatcher } from '../perf/moeCost.js';
import type { NetworkOverride } from '../perf/network.js';
import type { Fp8Recipe } from '../perf/quantisation.js';
import type { RecomputeModule, RecomputeModuleName } from '../flops/recomputeModules.js';
import type { PredictArgs } from './resolve.js';
import { everyNthLayers } from './recompute.js';
import { missingBatchHint } from './batchHint.js';
import type { ScenarioFile } from './schema.js';

/** Layout fields given over the file's (plan's --pp, --virtual-stages, ...), with the names errors give them. */
export interface LayoutOverride {
  fixed: PartialLayout;
  keyFor: (f: LayoutField) => string;
}

/**
 * The file's layout fields, with `over`'s fields over them. Megatron-Core's split fields are flags read at the run's
 * pp and virtual stages, as a matrix cell or an option setting `cluster.parallelism.pp` has them read: an overriding
 * pp or virtual_stages re-derives the layout they place (before, `plan --pp 4` kept the layout built at the file's
 * pp 8 and refused its 16 chunks at virtual_stages, or ran it as pp 4 × vp 4), and a split the override cannot take
 * is refused at the override, naming the split fields. An overriding pipeline layout places the layers itself.
 */
export function partialLayout(s: ScenarioFile, arch: Architecture, over?: LayoutOverride): PartialLayout {
  const par = s.cluster.parallelism;
  // Megatron-Core's split fields are the pipeline layout that places the same layers (perf/pipelineSplit.ts).
  const split = par && over?.fixed.pipelineLayout === undefined ? splitLayoutAt(arch, par, over) : undefined;
  // The FLOP count's recomputation is the layout's: fixed where the file writes it (`none` too, as a validation row's),
  // searched where it leaves it out.
  const p: PartialLayout = {
    ...partialFromFields({
      ...par,
      ...(split !== undefined ? { pipeline_layout: split } : {}),
      ...(s.training.recompute !== undefined ? { recompute: s.training.recompute } : {}),
      ...(s.training.recompute_layers !== undefined ? { recompute_layers: s.training.recompute_layers } : {}),
    }),
    ...over?.fixed,
  };
  // TorchTitan's every N-th block is so many of each chunk's layers, at the pp and chunks the run fixes (an override's too).
  const every = s.training.recompute_every;
  return every === undefined || p.recomputeLayers !== undefined ? p : { ...p, recomputeLayers: everyNthLayers(arch, p, every) };
}

function splitLayoutAt(arch: Architecture, par: NonNullable<ScenarioFile['cluster']['parallelism']>, over: LayoutOverride | undefined): string | undefined {
  // The split reads the schedule only to refuse one that does not place layers as Megatron-Core does (DualPipe, zb-v): another overriding schedule moves nothing (it took the blame
  // for the file's own bad split, without its line).
  const moved = (['pp', 'virtualStages', 'schedule'] as const).filter((f) => over?.fixed[f] !== undefined && over.fixed[f] !== par[snakeCase(f) as 'pp' | 'virtual_stages' | 'schedule'] && (f !== 'schedule' || !megatronPlacement(over.fixed.schedule!)));
  if (moved.length === 0 || over === undefined) return pipelineSplitLayout(arch, par);
  try {
    return pipelineSplitLayout(arch, { ...par, pp: over.fixed.pp ?? par.pp, virtual_stages: over.fixed.virtualStages ?? par.virtual_stages, schedule: over.fixed.schedule ?? par.schedule });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const given = splitKeysGiven(par);
    // Blamed on the override the split refused (its pp or its virtual stages), else on the first one given.
    const at = moved.find((f) => err.details.keyPath === scenarioKey(f)) ?? moved[0]!;
    const was = moved.map((f) => `${over.keyFor(f)} ${over.fixed[f]}`).join(' and ');
    throw new InputError(`the file's ${given.join(' and ')} cannot place the layers at ${was}: ${err.message}`, {
      keyPath: over.keyFor(at),
      // DualPipe takes no pipeline layout either (pipelineLayoutRules.ts pipeline-layout-schedule): no such hint beside it.
      hint: at === 'schedule' ? err.details.hint : `${err.details.hint !== undefined ? `${err.details.hint}, or give` : 'give'} ${over.keyFor('pipelineLayout')} to place the layers yourself`,
    });
  }
}

/** One link as the file writes it (GB/s or Gb/s, µs) in SI units (bytes/s, s), the same conversions as the hardware profiles. */
function linkOverride(l: { bandwidth_gbps?: number | undefined; bandwidth_gbit_s?: number | undefined; latency_us?: number | undefined }): { bandwidthBytesPerSecond?: number; latencySeconds?: number } {
  const bw = l.bandwidth_gbps !== undefined ? l.bandwidth_gbps * 1e9 : l.bandwidth_gbit_s !== undefined ? (l.bandwidth_gbit_s * 1e9) / 8 : undefined;
  return { ...(bw !== undefined ? { bandwidthBytesPerSecond: bw } : {}), ...(l.latency_us !== undefined ? { latencySeconds: l.latency_us * 1e-6 } : {}) };
}

export function networkOverride(s: ScenarioFile): NetworkOverride {
  return networkFrom(s.cluster.network);
}

/** `cluster.network` as written (scenario files and validation rows) in SI units. */
export function networkFrom(n: ScenarioFile['cluster']['network']): NetworkOverride {
  if (!n) return {};
  const up = n.scale_up;
  const out = n.scale_out;
  return {
    ...(up ? { scaleUp: { ...(up.domain_size !== undefined ? { domainSize: up.domain_size } : {}), ...linkOverride(up) } } : {}),
    ...(out ? { scaleOut: linkOverride(out) } : {}),
  };
}

/** The `training` fields only the performance model reads (a scenario's, or a validation row's: the same schema). */
export type PerfTrainingFields = Pick<ScenarioFile['training'], 'stack' | 'flash_attention' | 'attention_kernel' | 'gemm_precision' | 'fp8_recipe' | 'fp8_param_gather' | 'moe_max_nodes' | 'moe_balance'
  | 'moe_capacity_factor' | 'moe_capacity_padding' | 'moe_dispatcher' | 'model_state' | 'overlap_grad_reduce' | 'tp_comm_overlap' | 'ep_comm_overlap' | 'cuda_graphs' | 'grad_accumulation_fusion' | 'offload'>
  & { recompute_modules?: readonly RecomputeModuleName[] | undefined };

/**
 * Training facts only the performance model uses: FP8 GEMMs, node-limited MoE routing and its balance,
 * how gradients are accumulated and reduced, flash attention and its kernel, and the training stack
 * (default megatron-core) whose defaults the explicit fields override. One mapping for scenarios,
 * `plan` and validation rows.
 */
export function perfOptions(t: PerfTrainingFields): { gemmPrecision?: Precision; fp8Recipe?: Fp8Recipe; fp8ParamGather?: boolean; moeMaxNodes?: number; moeBalance?: MoeBalance; moeCapacityFactor?: number; moeCapacityPadding?: boolean; moeDispatcher?: MoeDispatcher; modelState?: ModelStateChoice; overlapGradReduce?: boolean; gradAccumulationFusion?: boolean; tpCommOverlap?: boolean; epCommOverlap?: boolean; cudaGraphs?: boolean; flashAttention?: boolean; attentionKernel?: AttentionKernel; recomputeModules?: readonly RecomputeModule[]; offload?: Offload; stack: StackId } {
  return {
    stack: t.stack ?? DEFAULT_STACK,
    ...(t.flash_attention !== undefined ? { flashAttention: t.flash_attention } : {}),
    ...(t.attention_kernel !== undefined ? { attentionKernel: t.attention_kernel } : {}),
    ...(t.gemm_precision ? { gemmPrecision: t.gemm_precision } : {}),
    ...(t.fp8_recipe ? { fp8Recipe: t.fp8_recipe } : {}),
    ...(t.fp8_param_gather !== undefined ? { fp8ParamGather: t.fp8_param_gather } : {}),
    ...(t.moe_max_nodes ? { moeMaxNodes: t.moe_max_nodes } : {}),
    ...(t.moe_balance ? { moeBalance: t.moe_balance } : {}),
    ...(t.moe_capacity_factor !== undefined ? { moeCapacityFactor: t.moe_capacity_factor } : {}),
    ...(t.moe_capacity_padding !== undefined ? { moeCapacityPadding: t.moe_capacity_padding } : {}),
    ...(t.moe_dispatcher ? { moeDispatcher: t.moe_dispatcher } : {}),
    ...(t.model_state ? { modelState: modelStateFromFile(t.model_state) } : {}),
    ...(t.overlap_grad_reduce !== undefined ? { overlapGradReduce: t.overlap_grad_reduce } : {}),
    ...(t.tp_comm_overlap !== undefined ? { tpCommOverlap: t.tp_comm_overlap } : {}),
    ...(t.ep_comm_overlap !== undefined ? { epCommOverlap: t.ep_comm_overlap } : {}),
    ...(t.cuda_graphs !== undefined ? { cudaGraphs: t.cuda_graphs } : {}),
    ...(t.grad_accumulation_fusion !== undefined ? { gradAccumulationFusion: t.grad_accumulation_fusion } : {}),
    // The scenario refused the modules that cannot apply to its model (resolve.ts, flops/recomputeModules.ts moduleProblem).
    ...(t.recompute_modules !== undefined ? { recomputeModules: t.recompute_modules } : {}),
    ...(t.offload !== undefined ? { offload: offloadFromFile(t.offload) } : {}),
  };
}

/**
 * cluster.parallelism's cp_comm_type and its hierarchical sizes as the performance model takes them (perf/cpComm.ts): one
 * mapping for scenarios, `plan FILE` and validation rows. Absent: the stack's type.
 */
export function cpCommOptions(par: CpFields | undefined): { cpCommType?: CpCommType; cpHierarchical?: readonly number[] } {
  return {
    ...(par?.cp_comm_type !== undefined ? { cpCommType: par.cp_comm_type } : {}),
    ...(par?.hierarchical_context_parallel_sizes !== undefined ? { cpHierarchical: par.hierarchical_context_parallel_sizes } : {}),
  };
}

/** cluster.parallelism's ZeRO++ keys (DeepSpeed's names) as the performance model takes them (perf/zeroPlusPlus.ts): scenarios, `plan FILE` and validation rows. None set: none. */
export function zeroPlusPlusOptions(par: { zero_quantized_weights?: boolean | undefined; zero_hpz_partition_size?: number | undefined; zero_quantized_gradients?: boolean | undefined } | undefined): { zeroPlusPlus?: ZeroPlusPlus } {
  if (par?.zero_quantized_weights === undefined && par?.zero_hpz_partition_size === undefined && par?.zero_quantized_gradients === undefined) return {};
  return { zeroPlusPlus: { quantizedWeights: par.zero_quantized_weights === true, hpzPartitionSize: par.zero_hpz_partition_size ?? 1, quantizedGradients: par.zero_quantized_gradients === true } };
}

/** Everything of a resolved scenario the performance model reads (also the key of a cached prediction). */
function predictOptionsOf(a: PredictArgs): PredictOptions {
  if (a.globalBatchSequences === null) {
    throw new InputError('the performance model needs the global batch', {
      keyPath: 'training.global_batch',
      hint: missingBatchHint('add training.global_batch (sequences, such as 1024, or tokens in whole sequences, such as {tokens: 4194304} at 2,048 tokens a sequence)', a.scenario.cluster.parallelism, a.scenario.cluster.count),
    });
  }
  return {
    seqLen: a.seqLen,
    globalBatchSequences: a.globalBatchSequences,
    precision: a.precision,
    attention: a.scenario.training.attention,
    ...(a.scenario.training.documents !== undefined ? { documents: documentsOf(a.scenario.training.documents) } : {}),
    gpuCount: a.scenario.cluster.count,
    partialLayout: partialLayout(a.scenario, a.arch),
    network: networkOverride(a.scenario),
    ...perfOptions(a.scenario.training),
    ...cpCommOptions(a.scenario.cluster.parallelism),
    ...zeroPlusPlusOptions(a.scenario.cluster.parallelism),
  };
}

/** `ScenarioDeps.predict`: the performance model's prediction for one resolved scenario. */
export function predictScenario(a: PredictArgs): { mfu: number; detail: Prediction; record: Prediction['kindRecord']; recompute: Prediction['layout']['recompute']; recomputedShare?: number; notes: string[] } {
  const options = predictOptionsOf(a);
  const detail = predict(a.arch, a.hardware, options);
  const l = detail.layout;
  return { mfu: detail.prediction.mfu, detail, record: detail.kindRecord, recompute: l.recompute, ...blockRecomputedShare(a.arch, l), notes: [...fixedLayoutNotes(options.partialLayout ?? {}), ...epOverlapNotes([l], options.epCommOverlap === true)] };
}

/** The fields `run --json` adds for a prediction (issue 5): step time, MFU/HFU, memory, breakdown. */
export type PredictionJson = ReturnType<typeof predictionJson>;

export function predictionJson(p: Prediction) {
  return {
    step_time_seconds: p.prediction.stepTimeSeconds,
    predicted_tokens_per_second: p.prediction.tokensPerSecond,
    predicted_mfu: p.prediction.mfu,
    predicted_hfu: p.prediction.hfu,
    memory_per_gpu_bytes: p.memory.total,
    memory_capacity_bytes: p.memory.capacity,
    memory_breakdown: snakeKeys(p.memory.breakdown),
    step_breakdown: snakeKeys(p.prediction.breakdown),
    // The ZeRO++ switches the layout ran with, in the scenario's keys (DeepSpeed's names), where the run sets any.
    layout: { ...snakeKeys(p.layout), ...(p.zeroPlusPlus ? { zero_quantized_weights: p.zeroPlusPlus.quantizedWeights, zero_hpz_partition_size: p.zeroPlusPlus.hpzPartitionSize, zero_quantized_gradients: p.zeroPlusPlus.quantizedGradients } : {}) },
    layouts_evaluated: p.alternativesEvaluated,
    ...(p.offload ? { offload: snakeKeys(p.offload) } : {}),
  };
}

/**
 * A resolved run's prediction fields (predictionJson) where the performance model ran for it (`utilization: auto`, or a
 * given cluster.parallelism); undefined where it did not. `run --json` adds them to each result (compare.ts), `budget FILE
 * --json` to each answer, which is at the same prediction.
 */
export function runPredictionJson(r: { prediction: unknown }): PredictionJson | undefined {
  return r.prediction ? predictionJson(r.prediction as Prediction) : undefined;
}

/**
 * A matrix or a list of options resolves the same model and, under `utilization: auto`, often
 * the same prediction once per run: each distinct set of inputs is planned once.
 */
export function cachedPredictor<P extends (a: PredictArgs) => unknown>(predict: P): P {
  const plans = new Map<string, unknown>();
  return ((a: PredictArgs) => {
    const key = JSON.stringify([a.arch, a.hardware, predictOptionsOf(a)]);
    if (!plans.has(key)) plans.set(key, predict(a));
    return plans.get(key);
  }) as P;
}

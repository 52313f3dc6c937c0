/**
 * What `flopcast plan` and the library's `plan` take (src/library/plan.ts planWith): the query's fields, the keys it
 * accepts at run time, and the layout fields it fixes, read from it.
 */
import { RECOMPUTE_MODES, type AttentionConvention, type RecomputeMode } from '../flops/conventions.js';
import type { Precision } from '../hardware/schema.js';
import type { HfConfigInput, ModelInput } from '../model/schema.js';
import { PIPELINE_SCHEDULES, ZERO_STAGES, type CpCommType, type MoeBalance, type MoeDispatcher, type PartialLayout, type PipelineSchedule } from '../perf/index.js';
import type { Fp8Recipe } from '../perf/quantisation.js';
import type { ModelStateChoice } from '../perf/modelState.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { SMALL_COUNT_SYNTAX } from '../input/quantity.js';
import { booleanArg, choiceArg, countArg, degreeArg, layoutArg, optionKeys } from './args.js';
import type { DocumentsOption } from './documentsArg.js';

/** What `plan` takes: a scenario, or the model and cluster; given fields override the scenario's. */
export interface PlanQuery {
  /** YAML text or an object; its first run (first option, first matrix cell) is planned. */
  scenario?: string | ScenarioInput | Record<string, unknown>;
  /** What errors call the scenario (the CLI: its path). */
  file?: string;
  /** A preset id or model path; a model as data (a model file's keys), or a Hugging Face config.json as data (its own keys). */
  model?: string | ModelInput | HfConfigInput;
  gpu?: string;
  count?: number | string;
  /** Sequences per step. */
  globalBatch?: number | string;
  seqLen?: number | string;
  precision?: Precision;
  attention?: AttentionConvention;
  /** A document mask, over the scenario's training.documents: `2048`, `'1024:0.75,8192:0.25'` or `[{tokens, share}, …]` (library/documentsArg.ts). */
  documents?: DocumentsOption;
  gemmPrecision?: Precision;
  /** How FP8 GEMM operands are scaled: delayed, tensorwise, mxfp8 or blockwise (default: the stack's). Needs FP8 GEMMs. */
  fp8Recipe?: Fp8Recipe;
  /** The layers' weights kept and gathered in FP8 (Megatron --fp8-param-gather). Needs FP8 GEMMs. */
  fp8ParamGather?: boolean;
  moeMaxNodes?: number | string;
  /** MoE routing balance: dropless (default; imbalance on the slowest rank) or forced. */
  moeBalance?: MoeBalance;
  /** MoE expert capacity factor (tokens beyond it are dropped). */
  moeCapacityFactor?: number | string;
  /** How tokens reach their experts: alltoall or deepep (hierarchical, once per node). Default: the stack's. */
  moeDispatcher?: MoeDispatcher;
  /** Every expert padded to its capacity (Megatron --moe-pad-expert-input-to-capacity, MaxText dense_matmul); needs a capacity factor. */
  moeCapacityPadding?: boolean;
  /** What the run keeps per parameter: `{moments: 'bf16'}` or `'moments=bf16,gradients=bf16'`; over the scenario's and the stack's, field by field. */
  modelState?: ModelStateChoice | string;
  overlapGradReduce?: boolean;
  /** Tensor-parallel communication under the GEMMs (default: the stack's). */
  tpCommOverlap?: boolean;
  /** MoE all-to-alls under the paired micro-batch's computation (Megatron-Core combined 1F1B; default off). */
  epCommOverlap?: boolean;
  /** Layers captured in CUDA graphs: no host issue time for their static parts (default: the stack's, off). */
  cudaGraphs?: boolean;
  gradAccumulationFusion?: boolean;
  /** Layouts to report (default 5). */
  top?: number | string;
  tp?: number | string;
  pp?: number | string;
  dp?: number | string;
  cp?: number | string;
  ep?: number | string;
  /** Expert tensor-parallel size (MoE parallel folding; default tp). */
  etp?: number | string;
  /** How the context-parallel ranks exchange the attention's inputs: p2p, all_gather, a2a or a2a+p2p (Megatron-Core cp_comm_type; default: the stack's). */
  cpCommType?: CpCommType;
  /** With cpCommType a2a+p2p: the [a2a, p2p] group sizes, `[8, 2]` or `'8,2'` (Megatron-Core hierarchical_context_parallel_sizes). */
  cpSizes?: readonly (number | string)[] | string;
  /**
   * CPU offload of model states to host memory (training.offload; perf/offload.ts): `'optimizer'` (all of the optimizer
   * states), `'optimizer=0.5'` (a fraction, Megatron-Core --optimizer-offload-fraction), `'params'` (parameters, gradients
   * and optimizer states: FSDP2 CPUOffloadPolicy), or the file's form `{optimizer: 0.5}` / `{params: true}`. Kept, not searched.
   */
  offload?: string | { optimizer?: number; params?: boolean };
  /** ZeRO-3/FSDP shard group (HSDP/MiCS; default dp·cp). */
  shardGroup?: number | string;
  microBatch?: number | string;
  virtualStages?: number | string;
  schedule?: PipelineSchedule;
  zero?: 0 | 1 | 2 | 3;
  sp?: boolean;
  recompute?: RecomputeMode;
  /** With recompute 'full': layers of each model chunk recomputed (Megatron --recompute-num-layers, block method); default all. */
  recomputeLayers?: number | string;
  /** Multi-token-prediction modules trained (Megatron-Core --mtp-num-layers): over the model's depth and the scenario's training.mtp_layers; 0 trains none. */
  mtpLayers?: number | string;
  /** Megatron-Core's pipeline layout (--pipeline-model-parallel-layout, e.g. `Et*4|(t*4|)*14tmL`): where each layer sits; needs pp, fixes the virtual stages. */
  pipelineLayout?: string;
  /** Training stack: its defaults and the layouts it can run (src/perf/stack.ts). */
  stack?: string;
  flashAttention?: boolean;
  /** The fused-attention kernel: cudnn, fa2 or fa1 (machine.ts ATTENTION_KERNELS; default: the stack's). */
  attentionKernel?: string;
  /**
   * Your measured ÷ predicted throughput (`flopcast validate YOUR-RUNS.yaml` fits it), over a scenario's
   * cluster.throughput_scale: the layouts' step, MFU, HFU and tokens/s as `scaled` beside the model's own. At least
   * 0.001; refused for a scenario that gives its own utilisation or throughput, and where it lifts the MFU above the peak.
   */
  throughputScale?: number | string;
}

/** Names of the query's fields in errors: the library's own (`tp`, `globalBatch`), or the CLI's flags. */
export type QueryKeys = (field: keyof PlanQuery) => string;

/** What a plan needs without a scenario: the fields a scenario file would give (plan's check, the CLI's too). */
export const PLAN_WITHOUT_SCENARIO = ['model', 'gpu', 'count', 'globalBatch'] as const satisfies readonly (keyof PlanQuery)[];

/** The query's fields at run time: any other key is refused (args.ts optionsArg). */
export const PLAN_QUERY_KEYS = optionKeys<PlanQuery>({
  scenario: true, file: true, model: true, gpu: true, count: true, globalBatch: true, seqLen: true,
  precision: true, attention: true, documents: true, gemmPrecision: true, fp8Recipe: true, fp8ParamGather: true,
  moeMaxNodes: true, moeBalance: true, moeCapacityFactor: true, moeDispatcher: true,
  moeCapacityPadding: true, modelState: true, overlapGradReduce: true, tpCommOverlap: true,
  epCommOverlap: true, cudaGraphs: true, gradAccumulationFusion: true, top: true, tp: true, pp: true,
  dp: true, cp: true, cpCommType: true, cpSizes: true, offload: true, ep: true, etp: true, shardGroup: true, microBatch: true, virtualStages: true,
  schedule: true, zero: true, sp: true, recompute: true, recomputeLayers: true, mtpLayers: true, pipelineLayout: true, stack: true,
  flashAttention: true, attentionKernel: true, throughputScale: true,
});

/** The parallel degrees (GPUs: args.ts degreeArg) and the other whole-number layout fields. */
const DEGREE_FIELDS = ['tp', 'pp', 'dp', 'cp', 'ep', 'etp', 'shardGroup'] as const;
const INT_FIELDS = ['microBatch', 'virtualStages', 'recomputeLayers'] as const;

/** The layout fields the query fixes. */
export function queryLayout(q: PlanQuery, key: QueryKeys): PartialLayout {
  const partial: PartialLayout = {};
  for (const f of DEGREE_FIELDS) {
    const v = degreeArg(key(f), q[f], SMALL_COUNT_SYNTAX);
    if (v !== undefined) partial[f] = v;
  }
  for (const f of INT_FIELDS) {
    const v = countArg(key(f), q[f], { syntax: SMALL_COUNT_SYNTAX });
    if (v !== undefined) partial[f] = v;
  }
  const schedule = choiceArg(key('schedule'), q.schedule, PIPELINE_SCHEDULES, 'schedule');
  const zero = choiceArg(key('zero'), q.zero, ZERO_STAGES, 'ZeRO stage');
  const sp = booleanArg(key('sp'), q.sp);
  const recompute = choiceArg(key('recompute'), q.recompute, RECOMPUTE_MODES, 'recompute mode');
  if (schedule !== undefined) partial.schedule = schedule;
  if (zero !== undefined) partial.zeroStage = zero;
  if (sp !== undefined) partial.sequenceParallel = sp;
  if (recompute !== undefined) partial.recompute = recompute;
  const pipelineLayout = layoutArg(key('pipelineLayout'), q.pipelineLayout);
  if (pipelineLayout !== undefined) partial.pipelineLayout = pipelineLayout;
  return partial;
}

/** The query's options that configure MoE layers only. */
export const MOE_QUERY_OPTIONS = ['moeMaxNodes', 'moeBalance', 'moeDispatcher', 'moeCapacityFactor', 'moeCapacityPadding', 'epCommOverlap'] as const;

/**
 * The model states a training run keeps per parameter (ZeRO's "model states": weights, gradients,
 * optimizer states), from the training precision and what the run says it stores, in bytes before
 * ZeRO sharding. Memory reads all of it; the step model reads the gradient element (what the
 * data-parallel reduction moves) and the compute weight element (what ZeRO-3 gathers).
 */
import type { Precision } from '../hardware/schema.js';
import type { HostShares } from './offload.js';

/** Bytes per parameter of the model states, before ZeRO sharding. */
export interface StateBytes {
  /** The weights as stored between steps (the 16-bit copy, or the fp32 weights themselves). */
  weights: number;
  /** The gradient buffer the backward pass accumulates into and the data-parallel reduction reads. */
  gradients: number;
  /** Adam: fp32 master weights (for 16-bit weights) + m + v, and whatever else the optimizer keeps. */
  optimizer: number;
  /** The weights as the GEMMs read them and ZeRO-3 gathers them: 2 bytes in 16-bit training, 4 in fp32. */
  computeWeights: number;
  /** The transformer layers' weights as stored: `weights`, or 1 byte where FP8 parameters replace 16-bit ones (fp8ParamGather). */
  layerWeights: number;
  /** The transformer layers' weights as gathered (ZeRO-1 after the step, ZeRO-3 per micro-batch): `computeWeights`, or 1 byte with fp8ParamGather. */
  layerComputeWeights: number;
  /** CPU offload (offload.ts hostShares): the shares of these states the host keeps; absent: none. */
  onHost?: HostShares | undefined;
}

export const WEIGHT_DTYPES = ['bf16', 'fp32'] as const;
export const MASTER_WEIGHT_DTYPES = ['fp32', 'none'] as const;
export const GRADIENT_DTYPES = ['fp32', 'bf16'] as const;
export const MOMENT_DTYPES = ['fp32', 'bf16'] as const;

/**
 * What a run stores, where it differs from the precision's defaults (`training.model_state`):
 * - weights: bf16 (a 16-bit copy next to fp32 master weights, Megatron) or fp32 (the fp32 weights are
 *   the only copy, cast to 16 bits for each GEMM: PyTorch FSDP2 / FSDP mixed precision, MaxText's
 *   default weight_dtype float32);
 * - master_weights: fp32, or none where the 16-bit weights are the only copy (MaxText weight_dtype
 *   bfloat16; Megatron --main-params-dtype fp16 is not modelled);
 * - gradients: fp32 main gradients (Megatron for bf16) or bf16 (Megatron --main-grads-dtype bf16;
 *   JAX/optax, whose gradients take the weights' dtype);
 * - moments: Adam's m and v in fp32, or bf16 (DeepSeek-V3, arXiv:2412.19437 §3.3.3: "we adopt the BF16
 *   data format instead of FP32 to track the first and second moments in the AdamW optimizer";
 *   Megatron --exp-avg-dtype / --exp-avg-sq-dtype bf16 with --use-precision-aware-optimizer).
 */
export interface ModelStateChoice {
  weights?: (typeof WEIGHT_DTYPES)[number] | undefined;
  masterWeights?: (typeof MASTER_WEIGHT_DTYPES)[number] | undefined;
  gradients?: (typeof GRADIENT_DTYPES)[number] | undefined;
  moments?: (typeof MOMENT_DTYPES)[number] | undefined;
}

/** The fields of a model-state choice: as a file names them (`training.model_state`), as the library does, and their dtypes. */
export const MODEL_STATE_FIELDS = [
  ['weights', 'weights', WEIGHT_DTYPES],
  ['master_weights', 'masterWeights', MASTER_WEIGHT_DTYPES],
  ['gradients', 'gradients', GRADIENT_DTYPES],
  ['moments', 'moments', MOMENT_DTYPES],
] as const;

type FileModelState = { [F in (typeof MODEL_STATE_FIELDS)[number] as F[0]]?: (F[2])[number] | undefined };

/** A file's `training.model_state` in the library's names. */
export function modelStateFromFile(state: FileModelState): ModelStateChoice {
  return Object.fromEntries(MODEL_STATE_FIELDS.map(([file, lib]) => [lib, state[file]])) as ModelStateChoice;
}

/** Whether a file's `model_state` names every field (nothing is left to the stack). */
export function givesEveryModelStateField(state: FileModelState | undefined): boolean {
  return state !== undefined && MODEL_STATE_FIELDS.every(([file]) => state[file] !== undefined);
}

const BYTES = { fp32: 4, bf16: 2, none: 0 } as const;

/** `over`'s fields over `base`'s, one by one (a field `over` leaves undefined keeps `base`'s). */
export function overModelState(base: ModelStateChoice | undefined, over: ModelStateChoice | undefined): ModelStateChoice {
  const out: ModelStateChoice = { ...base };
  for (const [k, v] of Object.entries(over ?? {}) as [keyof ModelStateChoice, ModelStateChoice[keyof ModelStateChoice]][]) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * Mixed-precision Adam as Megatron-LM keeps it (docs/source/api-guide/dist_optimizer.md, bytes per
 * parameter "non-distributed / distributed optim"): bf16 parameters with fp32 main gradients 18 =
 * 2 + 4 + 12 (6 + 12/d distributed: the gradient buffer is not sharded); fp16 parameters and fp16
 * gradients 20 = 2 + 2 + 16 (4 + 16/d: the optimizer also keeps fp32 copies of the gradients); fp32
 * 16 = 4 + 4 + 8 (8 + 8/d: m and v only). The gradient element is also what the data-parallel
 * reduction moves (Megatron arguments.py: "bfloat16 requires gradient accumulation and all-reduce to
 * be done in fp32"). FP8 recipes keep bf16 weights and fp32 main gradients (Transformer Engine), as bf16.
 * (ZeRO's 16 bytes, K = 12 with fp16 gradients, Rajbhandari et al. 2020 §3.1, is the fp16 layout
 * without the fp32 gradient copy.) A `choice` replaces the parts it names: optimizer = master weights
 * + m + v (+ fp16's fp32 gradient copy).
 */
export function stateBytesFor(precision: Precision, choice: ModelStateChoice = {}, fp8ParamGather = false): StateBytes {
  const fp32Training = precision === 'fp32' || precision === 'tf32' || precision === 'fp64';
  const computeWeights = fp32Training ? 4 : 2;
  const weights = choice.weights ? BYTES[choice.weights] : computeWeights;
  // An fp32 master copy exists beside 16-bit weights; fp32 weights are their own master.
  const master = choice.masterWeights ? BYTES[choice.masterWeights] : weights === 4 ? 0 : 4;
  const gradients = choice.gradients ? BYTES[choice.gradients] : precision === 'fp16' ? 2 : 4;
  const moments = 2 * (choice.moments ? BYTES[choice.moments] : 4);
  const fp16GradientCopy = precision === 'fp16' && gradients === 2 && master > 0 ? 4 : 0;
  // FP8 parameter gather (Megatron --fp8-param-gather, Transformer Engine fp8_model_init; torchao
  // float8 FSDP all-gather): the linear layers' weights are gathered in FP8, and where the stored
  // weights were the 16-bit copy they are kept in FP8 instead (the fp32 master copy stays); fp32 stored
  // weights (FSDP2) stay fp32 and are cast to FP8 before the gather. The embedding and output head
  // stay 16-bit (StageParams.outside); the norms and router inside the layers are counted with the linears.
  const layerWeights = fp8ParamGather && weights === 2 ? 1 : weights;
  const layerComputeWeights = fp8ParamGather ? 1 : computeWeights;
  return { weights, gradients, optimizer: master + moments + fp16GradientCopy, computeWeights, layerWeights, layerComputeWeights };
}

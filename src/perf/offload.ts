/**
 * CPU offload (`training.offload`): model states kept in the host's memory instead of HBM, the optimizer stepping them on
 * the CPU, and what crosses the accelerator's host link (hardware profile `host_link`) each step. Two modes:
 *
 * - optimizer: a fraction f of the optimizer states (fp32 master weights and Adam moments) on the host, stepped there:
 *   Megatron-Core `--optimizer-cpu-offload --optimizer-offload-fraction f` (NVIDIA/Megatron-LM
 *   megatron/core/optimizer/cpu_offloading/hybrid_optimizer.py @ 0d41ecd8b5388da7e8ea98ff88086e43d3371b30,
 *   HybridDeviceOptimizer: `offload_threshold = gpu_params_total_numel * offload_fraction`, the offloaded parameters get a
 *   pinned fp32 CPU copy and a CPU optimizer; `step` copies their gradients device-to-host (`_set_sub_optimizer_grads`),
 *   steps the CPU optimizer, and a post-step hook copies the updated parameters host-to-device), and DeepSpeed ZeRO-Offload
 *   (`zero_optimization.offload_optimizer: {device: cpu}`, f = 1; Ren et al. 2021, arXiv:2101.06840 §4.1: the fp32
 *   gradients, master weights and moments on the CPU, the 16-bit parameters and the forward and backward on the GPU).
 * - params: parameters, gradients and optimizer states all on the host, the optimizer step on the CPU: PyTorch FSDP2
 *   `fully_shard(offload_policy=CPUOffloadPolicy())` as torchtitan's `training.enable_cpu_offload` sets it
 *   (pytorch/torchtitan torchtitan/models/llama3/infra/parallelize.py apply_fsdp: `if cpu_offload:
 *   fsdp_config["offload_policy"] = CPUOffloadPolicy()`), DeepSpeed ZeRO-Infinity `offload_param: {device: cpu}` with
 *   `offload_optimizer` (ZeRO-3). The sharded parameters are copied to the GPU for each all-gather and the reduced gradient
 *   shards back to the host after each reduce-scatter.
 */
import type { ZeroStage } from './layout.js';
import type { StateBytes } from './modelState.js';

/** A run's CPU offload: the optimizer states' fraction on the host (0: none), and whether parameters and gradients go too. */
export interface Offload {
  /** Fraction of the optimizer states (and their step) on the host, 0 to 1; 1 with `params`. */
  optimizer: number;
  /** Parameters and gradients on the host as well (FSDP2 CPUOffloadPolicy, ZeRO-Infinity offload_param). */
  params: boolean;
}

export const NO_OFFLOAD: Offload = { optimizer: 0, params: false };
export const offloads = (o: Offload | undefined): o is Offload => o !== undefined && (o.optimizer > 0 || o.params);

/** How a run's offload reads in text: `50% of the optimizer states`, `the optimizer states`, `parameters, gradients and optimizer states`. */
export function offloadText(o: Offload): string {
  if (o.params) return 'parameters, gradients and optimizer states';
  // Three significant digits, not a tenth of a percent: `optimizer: 1e-12` read "0% of the optimizer states".
  return o.optimizer < 1 ? `${+(o.optimizer * 100).toPrecision(3)}% of the optimizer states` : 'the optimizer states';
}

/**
 * CPU Adam's rate, parameters updated per second by one process: DeepSpeed's CPU-Adam (AVX-512, OpenMP) on the two
 * 24-core Xeon Platinum 8168 of a DGX-2 (Ren et al. 2021, ZeRO-Offload, arXiv:2101.06840 §6.2.4 and its Table 4, Adam
 * latency for 1 B to 10 B parameters: CPU-Adam "more than 5×" faster than PyTorch's CPU Adam, 6.4× at 1 B; DeepSpeed's
 * tutorial: "5X–7X faster than the standard PyTorch implementation", deepspeed.ai/tutorials/zero-offload). ASSUMED:
 * 2.57 s for the 10 B row is the table's figure as recalled; the stored copies of the paper hold the text and not the
 * table's cells (a translation of it, Elvin-Ma/ai_papers zero/zero-offload.md @ 024b9bb, has the table as an image),
 * so it is not re-read here. ASSUMED per GPU too: where a host's cores are shared by several GPUs' processes each steps
 * slower (not modelled: a lower bound on the CPU time there).
 */
export const CPU_ADAM_PARAMS_PER_SECOND = 10e9 / 2.57;

/** What leaves HBM: shares of the optimizer states and gradients, and whether the stored parameters do. */
export interface HostShares {
  optimizer: number;
  gradients: number;
  params: boolean;
}

/**
 * The host shares of a run's offload: the optimizer states' fraction; the gradients' where the stack moves them with
 * the optimizer (`gradientsToHost`: DeepSpeed ZeRO-Offload keeps the fp32 gradient partition on the CPU, Ren et al. 2021
 * §4.1; Megatron-Core's gradient buffer stays on the GPU and the hybrid optimizer copies from it, hybrid_optimizer.py
 * `_set_sub_optimizer_grads`), everything with `params`.
 */
export function hostShares(o: Offload, gradientsToHost: boolean): HostShares {
  if (o.params) return { optimizer: 1, gradients: 1, params: true };
  return { optimizer: o.optimizer, gradients: gradientsToHost ? o.optimizer : 0, params: false };
}

/**
 * The state bytes HBM holds of those a layout holds (layout.ts heldStateBytes, whose `gathered` says the weights stay
 * gathered through the step): the host's shares removed. With the parameters on the host, the weights a ZeRO-3 layout
 * holds between gathers are none (the gather buffer, memory.ts gatherBufferBytes, still holds two layers), and a layout
 * that keeps them gathered (ZeRO-2, FSDP2's reshard_after_forward off) still holds them whole in their compute precision.
 */
export function hbmStateBytes<T extends { weights: number; layerWeights: number; computeWeights: number; optimizer: number; gradients?: number; onHost?: HostShares | undefined }>(sb: T, gathered: boolean): T {
  const h = sb.onHost;
  if (!h) return sb;
  const weights = h.params ? (gathered ? sb.computeWeights : 0) : sb.weights;
  const layerWeights = h.params ? weights : sb.layerWeights;
  return {
    ...sb, weights, layerWeights,
    optimizer: sb.optimizer * (1 - h.optimizer),
    ...(sb.gradients !== undefined ? { gradients: sb.gradients * (1 - h.gradients) } : {}),
  };
}

/** Bytes over the host link per GPU, each way, at the times they cross; and the parameters the CPU steps. */
export interface HostTraffic {
  /** Per micro-batch, host to device (params mode: the parameter shards for each of ZeRO-3's gathers). */
  h2dPerMicroBatch: number;
  /** Per micro-batch, device to host (the reduced gradient shards, where ZeRO-2/3 reduce each micro-batch). */
  d2hPerMicroBatch: number;
  h2dPerStep: number;
  d2hPerStep: number;
  /** Parameters the CPU optimizer updates. */
  cpuParams: number;
}

/**
 * What crosses the host link for `local` parameters a GPU steps (its optimizer shard; dataParallel.ts optimizerParams)
 * under the ZeRO stage its traffic follows (layout.ts stateZeroStage). `sb`: the run's state bytes (before HBM shares).
 * - optimizer mode: the offloaded share of the gradients down (their reduction element) with each reduction (once a step
 *   under ZeRO-0/1, each micro-batch under ZeRO-2/3, where DeepSpeed copies each micro-batch's reduced partition to the
 *   CPU), the updated parameters up once after the CPU step, in the precision the GPU keeps them (`weights`).
 * - params mode: the stored parameter shard up for each gather (two a micro-batch under ZeRO-3, forward and backward;
 *   one a step otherwise), the gradient shard down with each reduction; nothing up after the step (the parameters live
 *   on the host and the next gather copies them).
 */
export function hostTraffic(sb: StateBytes, zero: ZeroStage, local: number, out: HostTraffic = emptyHostTraffic()): HostTraffic {
  const h = sb.onHost;
  out.h2dPerMicroBatch = 0;
  out.d2hPerMicroBatch = 0;
  out.h2dPerStep = 0;
  out.d2hPerStep = 0;
  out.cpuParams = 0;
  if (!h || (h.optimizer === 0 && !h.params)) return out;
  const reducesPerMicroBatch = zero >= 2;
  const down = sb.gradients * local * h.optimizer;
  if (reducesPerMicroBatch) out.d2hPerMicroBatch = down;
  else out.d2hPerStep = down;
  if (h.params) {
    if (zero === 3) out.h2dPerMicroBatch = 2 * sb.weights * local;
    else out.h2dPerStep = sb.weights * local;
  } else out.h2dPerStep = sb.weights * local * h.optimizer;
  out.cpuParams = local * h.optimizer;
  return out;
}

/** A {@link HostTraffic} of nothing, for {@link hostTraffic} to fill (each dataParallel.ts DataParallelTraffic keeps one: the step model runs per candidate). */
export const emptyHostTraffic = (): HostTraffic => ({ h2dPerMicroBatch: 0, d2hPerMicroBatch: 0, h2dPerStep: 0, d2hPerStep: 0, cpuParams: 0 });

/**
 * The host's share of a GPU's model states, bytes: what the host's memory holds for it, with `hpzSecondary`, ZeRO++ hpZ's
 * secondary weight copy where DeepSpeed puts it on the host (zeroPlusPlus.ts hpzSecondaryHostBytes; 0 where none).
 */
function hostStateBytes(sb: StateBytes, local: number, hpzSecondary: number): number {
  const h = sb.onHost;
  if (!h) return 0;
  return local * (sb.optimizer * h.optimizer + sb.gradients * h.gradients + (h.params ? sb.weights : 0)) + hpzSecondary;
}

/** `training.offload` as a file writes it. */
export interface OffloadFile {
  optimizer?: number | undefined;
  params?: boolean | undefined;
}

/** A file's (or a query's) offload as the model takes it: `params` moves every optimizer state too. */
export function offloadFromFile(f: OffloadFile): Offload {
  return { optimizer: f.params === true ? 1 : f.optimizer ?? 0, params: f.params === true };
}

/** What a layout's offload costs a GPU each step (evaluate.ts reports it beside the prediction; the step time holds the seconds). */
export interface OffloadCost {
  /** What is offloaded, in words (offloadText). */
  what: string;
  /** The host link (hardware host_link) and its bandwidth, one direction. */
  hostLink: string;
  hostLinkBytesPerSecond: number;
  /** Host memory the GPU's offloaded states take. */
  hostBytesPerGpu: number;
  hostToDeviceBytesPerStep: number;
  deviceToHostBytesPerStep: number;
  /** Both directions' copies at the link's rate, one after the other; the part that goes with ZeRO-2/3's per-micro-batch collectives runs under the compute as they do (dataParallel.ts). */
  hostLinkSeconds: number;
  /** The CPU's optimizer step (CPU_ADAM_PARAMS_PER_SECOND). */
  cpuOptimizerSeconds: number;
}

/**
 * A layout's {@link OffloadCost}: `local` parameters stepped (dataParallel.ts optimizerParams) and `t` their host traffic
 * ({@link hostTraffic}), both as the step model computed them (dataParallel.ts DataParallelTraffic), `m` micro-batches a step;
 * `hpzSecondary`: the bytes of hpZ's secondary weight copy on the host (zeroPlusPlus.ts hpzSecondaryHostBytes).
 */
export function offloadCost(o: Offload, sb: StateBytes, local: number, t: HostTraffic, m: number, link: { name: string; bandwidthBytesPerSecond: number }, hpzSecondary = 0): OffloadCost {
  const up = m * t.h2dPerMicroBatch + t.h2dPerStep;
  const down = m * t.d2hPerMicroBatch + t.d2hPerStep;
  return {
    what: offloadText(o), hostLink: link.name, hostLinkBytesPerSecond: link.bandwidthBytesPerSecond, hostBytesPerGpu: hostStateBytes(sb, local, hpzSecondary),
    hostToDeviceBytesPerStep: up, deviceToHostBytesPerStep: down, hostLinkSeconds: (up + down) / link.bandwidthBytesPerSecond,
    cpuOptimizerSeconds: t.cpuParams / CPU_ADAM_PARAMS_PER_SECOND,
  };
}

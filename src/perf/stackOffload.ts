/**
 * The CPU offload each training stack runs (stack.ts OffloadCan; offload.ts the modes), with its source: data, read by
 * stackProfiles.ts into each profile's `can.offload`, and by offloadRules.ts (memorySavingRules.ts offload-zero, offloadStackProblem).
 */
import type { OffloadCan, Sourced, StackId } from './stack.js';

const s = (value: OffloadCan, source: string): Sourced<OffloadCan> => ({ value, source });
const NONE: OffloadCan = { optimizer: null, params: null };

const HDO = 'NVIDIA/Megatron-LM megatron/core/optimizer/cpu_offloading/hybrid_optimizer.py @ 0d41ecd8b5388da7e8ea98ff88086e43d3371b30 (HybridDeviceOptimizer, offload_fraction)';

export const STACK_OFFLOAD: Record<StackId, Sourced<OffloadCan>> = {
  'megatron-core': s(
    { optimizer: { zeroStages: [0, 1], fraction: true, gradientsToHost: false }, params: null },
    `${HDO}; megatron/training/arguments.py validate_args: "--optimizer-cpu-offload" with "--optimizer-offload-fraction" (default 1.0), asserting --use-precision-aware-optimizer ("the hybrid device optimizer reuses the code path of this flag"); the gradient buffer stays on the GPU (_set_sub_optimizer_grads copies from it). ASSUMED: with the plain and the distributed optimizer (ZeRO-0/1), not Megatron FSDP; no parameter offload`,
  ),
  // The fork predates Megatron-Core's hybrid optimizer (added 2025).
  'zero-bubble': s(NONE, 'sail-sg/zero-bubble-pipeline-parallelism (2024): its Megatron-LM has no --optimizer-cpu-offload (Megatron-Core added megatron/core/optimizer/cpu_offloading in 2025)'),
  'megatron-lm-2021': s(NONE, 'Megatron-LM of 2021-2022 has no CPU offload'),
  deepspeed: s(
    { optimizer: { zeroStages: [1, 2, 3], fraction: false, gradientsToHost: true }, params: { zeroStages: [3] } },
    'DeepSpeed zero_optimization.offload_optimizer {device: cpu} (ZeRO-Offload, stages 1-3; Ren et al. 2021, arXiv:2101.06840 §4.1: fp32 gradients, master weights and moments on the CPU) and offload_param {device: cpu} (ZeRO-Infinity, "only valid with stage 3": deepspeed.readthedocs.io zero3.html). Its ratio (Twin-Flow, partial optimizer offload under ZeRO-3) is not modelled',
  ),
  torchtitan: s(
    { optimizer: null, params: { zeroStages: [2, 3] } },
    'pytorch/torchtitan torchtitan/models/llama3/infra/parallelize.py apply_fsdp: training.enable_cpu_offload sets fully_shard(offload_policy=CPUOffloadPolicy()), which keeps the sharded parameters, their gradients and the optimizer states on the CPU and steps the optimizer there; no optimizer-only offload',
  ),
  // Its profile is TorchTitan's otherwise (stackProfiles.ts OLMO_CORE spreads it): not inherited here, as no source was read.
  'olmo-core': s(NONE, 'not modelled: no OLMo-core source on CPU offload was read (ASSUMED none until a source says)'),
  'llm-foundry': s(NONE, 'not modelled: Composer FSDP1 CPUOffload is not a setting of the benchmarks flopcast follows'),
  'llm-foundry-2023': s(NONE, 'not modelled: Composer FSDP1 CPUOffload is not a setting of the benchmarks flopcast follows'),
  maxtext: s(NONE, 'not modelled: MaxText keeps its states on the accelerators (its optimizer-memory host offload is not a CPU optimizer step)'),
  'hai-llm': s(NONE, 'DeepSeek-V3 §3.2 describes no CPU offload'),
};

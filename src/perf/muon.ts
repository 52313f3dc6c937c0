/**
 * The Muon optimizer (Keller Jordan 2024, "Muon: An optimizer for hidden layers in neural networks",
 * github.com/KellerJordan/Muon; Liu et al. 2025, "Muon is Scalable for LLM Training", arXiv:2502.16982)
 * as Megatron-Core runs it (NVIDIA/Megatron-LM megatron/core/optimizer/muon.py `get_megatron_muon_optimizer`,
 * `--optimizer muon` / `dist_muon`, on NVIDIA-NeMo/Emerging-Optimizers' OrthogonalizedOptimizer):
 * - which parameters: every parameter that is neither 1-D nor marked `is_embedding_or_output_parameter`
 *   goes to Muon (the transformer layers' weight matrices, the router's included), the rest (embedding,
 *   output head, norms, biases) to Adam ("get adam for rest of layer"; layer_wise_optimizer.py
 *   `is_managed_by_layer_wise_optimizer`: "embeddings, biases, LayerNorm weights ... are handled by Adam");
 * - its state: one momentum buffer per matrix, `torch.zeros_like(grad)` of the fp32 master gradient
 *   (orthogonalized_optimizer.py `step`), beside the fp32 master weights of Megatron's
 *   Float16OptimizerWithFloat16Params; Adam's two moments are not kept for those matrices;
 * - the update: Newton–Schulz iterations on the momentum (muon_utils.py `newton_schulz`), per parameter,
 *   so each routed expert's on its own (Transformer Engine's GroupedLinear, --moe-grouped-gemm, keeps one
 *   2-D `weight{i}` per local expert); step time: muonStep.ts.
 */
import type { StateBytes } from './modelState.js';

/** `training.optimizer`: adam is Adam/AdamW as flopcast models it (modelState.ts); muon is Muon for the hidden matrices, Adam for the rest. */
export const OPTIMIZERS = ['adam', 'muon'] as const;
export type Optimizer = (typeof OPTIMIZERS)[number];
export const DEFAULT_OPTIMIZER: Optimizer = 'adam';

/**
 * How a tensor-parallel-split matrix is orthogonalised (Megatron-LM --muon-tp-mode; muon.py
 * TensorParallelMuon.orthogonalize, Emerging-Optimizers muon_utils.py `newton_schulz_tp`): blockwise
 * (each TP shard on its own: no communication), duplicated (each TP rank all-gathers the whole matrix
 * and runs the same iteration on it), distributed (the shards stay put; each iteration all-reduces
 * the Gram matrix X·Xᵀ over TP).
 */
export const MUON_TP_MODES = ['blockwise', 'duplicated', 'distributed'] as const;
export type MuonTpMode = (typeof MUON_TP_MODES)[number];
/** Megatron-Core optimizer_config.py `muon_tp_mode: str = "blockwise"`; Megatron-LM --muon-tp-mode default blockwise. */
export const DEFAULT_MUON_TP_MODE: MuonTpMode = 'blockwise';

/** Newton–Schulz iterations per step: 5 (Jordan's Muon `ns_steps=5`; Megatron-LM --muon-num-ns-steps default 5, optimizer_config.py `muon_num_ns_steps: int = 5`). */
export const DEFAULT_MUON_NS_STEPS = 5;

/** Muon's momentum buffer: fp32, `torch.zeros_like(grad)` of the fp32 master gradient (Emerging-Optimizers orthogonalized_optimizer.py `step`). */
export const MUON_MOMENTUM_BYTES = 4;

/** What a run's optimizer is, resolved (the step model's and memory's input; null context field: Adam). */
export interface MuonRun {
  nsSteps: number;
  tpMode: MuonTpMode;
  /** Host seconds per kernel of the optimizer's Python loop (0: no host bound; muonStep.ts). */
  hostSecondsPerKernel: number;
}

/**
 * Newton–Schulz FLOPs on one m×n matrix (muon_utils.py: the matrix is transposed so that m ≤ n, then
 * each step computes A = X·Xᵀ (2m²n), B = b·A + c·A·A (2m³) and X = a·X + B·X (2m²n)):
 * steps·(4m²n + 2m³). Jordan's bound follows: ≤ 6·steps·m²n, against 6·m·n·B training FLOPs for B tokens.
 */
export function nsFlops(rows: number, cols: number, steps: number): number {
  const m = Math.min(rows, cols);
  const n = Math.max(rows, cols);
  return steps * (4 * m * m * n + 2 * m * m * m);
}

/**
 * Optimizer-state bytes per parameter of the transformer layers' matrices under `optimizer`: Adam's
 * (`b.optimizer`: master weights + m + v) or Muon's (the same master weights + one fp32 momentum).
 * The 1-D norm weights and biases inside the layers are counted with the matrices (Adam's state for
 * them, about 2·d of a layer's ~12·d² parameters, is left out).
 */
export function layerOptimizerBytes(b: Pick<StateBytes, 'optimizer' | 'master'>, optimizer: Optimizer): number {
  return optimizer === 'muon' ? b.master + MUON_MOMENTUM_BYTES : b.optimizer;
}

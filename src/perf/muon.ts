/**
 * The Muon optimizer (Keller Jordan 2024, "Muon: An optimizer for hidden layers in neural networks";
 * Liu et al. 2025, "Muon is Scalable for LLM Training", arXiv:2502.16982), as Megatron-Core runs it
 * (NVIDIA/Megatron-LM megatron/core/optimizer/muon.py, `--optimizer muon` / `dist_muon`).
 */

/** `training.optimizer`: adam is Adam/AdamW as flopcast models it (modelState.ts); muon is Muon for the hidden matrices, Adam for the rest. */
export const OPTIMIZERS = ['adam', 'muon'] as const;
export type Optimizer = (typeof OPTIMIZERS)[number];
export const DEFAULT_OPTIMIZER: Optimizer = 'adam';

/**
 * How a tensor-parallel-split matrix is orthogonalised (Megatron-LM --muon-tp-mode; muon.py
 * TensorParallelMuon): blockwise (each TP shard on its own), duplicated (every TP rank gathers the
 * whole matrix and runs the same iteration), distributed (the iteration's products split over TP).
 */
export const MUON_TP_MODES = ['blockwise', 'duplicated', 'distributed'] as const;
export type MuonTpMode = (typeof MUON_TP_MODES)[number];

/** Newton–Schulz iterations per step: 5 (Jordan's Muon `ns_steps=5`; Megatron-LM --muon-num-ns-steps default 5, muon.py TensorParallelMuon num_ns_steps=5). */
export const DEFAULT_MUON_NS_STEPS = 5;

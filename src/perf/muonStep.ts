/**
 * The Muon part of the optimizer step on one GPU (dataParallel.ts adds Adam's part for the embedding,
 * head, norms and biases). Emerging-Optimizers' OrthogonalizedOptimizer.step (orthogonalized_optimizer.py)
 * loops over the matrices in Python, one tensor at a time: decoupled weight decay, the momentum update,
 * then Newton–Schulz on the momentum (muon_utils.py `newton_schulz`: normalise, cast to bf16, the
 * iterations, cast back), the update scale, and the weight update; Megatron's Float16OptimizerWithFloat16Params
 * copies the fp32 master weights to the 16-bit ones. Its time is the larger of the GPU's work (the
 * iterations' GEMMs at the stated precision's rate: bf16 under Megatron's default --muon-fp32-matmul-prec
 * medium, which casts to bf16, in every bf16 run, Megatron's Muon refusing fp16; an fp32 run is charged its
 * fp32 rate, slower than the bf16 it would run at), the element-wise traffic, any tensor-parallel collective the
 * TP mode adds) and the host's issue time of those kernels (nothing in the loop synchronises, so the
 * host runs ahead). Under Megatron-Core's layer-wise distributed optimizer (`--optimizer dist_muon`,
 * layer_wise_optimizer.py: "weights are splited into lists and each rank only keep its shard in its
 * optimizer", whole tensors per data-parallel rank, greedy by size) a GPU updates only the matrices it
 * owns: 1/n of the work, but never less than the largest single matrix.
 */
import { gemmSeconds, streamSeconds, type Machine } from './machine.js';
import type { MuonMatrix } from './muonMatrices.js';
import { nsFlops, type MuonRun } from './muon.js';
import { allGatherSeconds, allReduceSeconds, linkFor } from './network.js';

/**
 * Element-wise bytes per element of the rank's own shard, from the code: weight decay `p.add_(p, ·)` on
 * the fp32 master (read + write, 8); `exp_avg.lerp_(grad, ·)` (read m and g, write m: 12; no Nesterov,
 * Megatron's default: optimizer_config.py `muon_nesterov: False`, earlier `muon_use_nesterov`); the update scale `* scale` (read + write fp32, 8);
 * `p.add_(update, ·)` (read p and the update, write p: 12); the master → bf16 copy (read 4, write 2: 6);
 * the gradient-norm pass of clipping and zeroing the gradient buffer (4 + 4, as Adam's count,
 * calibration.ts optimizerBytesPerParam) = 54.
 */
export const MUON_SHARD_BYTES = 54;
/**
 * Element-wise bytes per element of the matrix Newton–Schulz runs on (muon_utils.py): `normalize` (a norm
 * pass reading fp32, then read + write: 12), `X.to(torch.bfloat16)` under Megatron's default
 * --muon-fp32-matmul-prec medium ("We explicitly convert to BF16 and back to FP32": read 4, write 2)
 * and `X.to(torch.float32)` after (read 2, write 4) = 24.
 */
export const MUON_NS_BYTES = 24;
/** Kernels per matrix outside the iterations: weight decay, lerp, normalize (norm, clamp, divide), two casts, scale, update = 9. */
export const MUON_KERNELS_PER_MATRIX = 9;
/** Kernels per Newton–Schulz iteration: X·Xᵀ, addmm(A, A, A), addmm(X, B, X) (muon_utils.py newton_schulz_step). */
export const MUON_KERNELS_PER_ITERATION = 3;

export interface MuonStepTime {
  /** Newton–Schulz FLOPs this GPU runs per step. */
  nsFlops: number;
  /** GPU seconds: the iterations' GEMMs, element-wise traffic and TP collectives. */
  gpuSeconds: number;
  /** Host seconds to issue the kernels (0 where the stack has no host bound). */
  hostSeconds: number;
  /** The step's Muon time: the larger of the two. */
  seconds: number;
}

interface One { flops: number; gpu: number; kernels: number }

/** One matrix's Newton–Schulz and update on its rank, under the run's TP mode. */
function oneMatrix(mc: Machine, x: MuonMatrix, run: MuonRun, out: One): One {
  const T = run.nsSteps;
  const g = x.split === null ? 1 : x.group;
  const shard = (x.rows * x.cols) / g;
  const link = linkFor(mc.network, 1, g);
  let m: number; // the dimension the Gram matrix is formed over (m ≤ n except distributed, see below)
  let n: number; // the other dimension, as this rank holds it
  let comm = 0;
  let kernels = MUON_KERNELS_PER_MATRIX + MUON_KERNELS_PER_ITERATION * T;
  let nsElements = shard;
  if (g === 1 || run.tpMode === 'blockwise') {
    const r = x.split === 0 ? x.rows / g : x.rows;
    const c = x.split === 1 ? x.cols / g : x.cols;
    m = Math.min(r, c);
    n = Math.max(r, c);
  } else if (run.tpMode === 'duplicated') {
    // newton_schulz_tp "duplicated": all_gather the fp32 shards, cat, orthogonalise the whole matrix, keep this rank's chunk.
    m = Math.min(x.rows, x.cols);
    n = Math.max(x.rows, x.cols);
    comm = allGatherSeconds(4 * x.rows * x.cols, g, link);
    kernels += 2; // all_gather, cat
    nsElements = x.rows * x.cols;
  } else {
    // "distributed": transposed so the split dimension is the columns; m is the unsplit one (the docstring's
    // warning: split along the smaller dimension, it iterates over the larger). Each iteration all-reduces
    // A = X·Xᵀ (m×m, bf16 under medium precision); normalising all-reduces one scalar.
    m = x.split === 0 ? x.cols : x.rows;
    n = (x.split === 0 ? x.rows : x.cols) / g;
    comm = T * allReduceSeconds(2 * m * m, g, link) + allReduceSeconds(4, g, link);
    kernels += T + 3; // an all-reduce per iteration; distributed_normalize_p2's square, sum, all_reduce vs normalize
  }
  let gemms = 0;
  for (let i = 0; i < T; i++) gemms += gemmSeconds(mc, m, n, m, 1, true) + gemmSeconds(mc, m, m, m, 1, true) + gemmSeconds(mc, m, m, n, 1, true);
  out.flops = T * (4 * m * m * n + 2 * m * m * m);
  out.gpu = gemms + comm + streamSeconds(mc, MUON_SHARD_BYTES * shard + MUON_NS_BYTES * nsElements, MUON_KERNELS_PER_MATRIX);
  out.kernels = kernels;
  return out;
}

/**
 * The Muon step on one GPU holding `matrices`, spread over `owners.dense` (`owners.experts` for routed
 * experts) data-parallel ranks by whole tensors (1 and 1: every rank updates all of them, `--optimizer muon`).
 */
export function muonStepTime(mc: Machine, matrices: readonly MuonMatrix[], run: MuonRun, owners: { dense: number; experts: number }): MuonStepTime {
  const one: One = { flops: 0, gpu: 0, kernels: 0 };
  const sum = [{ flops: 0, gpu: 0, kernels: 0, largest: 0 }, { flops: 0, gpu: 0, kernels: 0, largest: 0 }];
  for (const x of matrices) {
    if (x.count <= 0) continue;
    oneMatrix(mc, x, run, one);
    const s = sum[x.expert ? 1 : 0]!;
    s.flops += x.count * one.flops;
    s.gpu += x.count * one.gpu;
    s.kernels += x.count * one.kernels;
    if (one.gpu > s.largest) s.largest = one.gpu;
  }
  let flops = 0;
  let gpu = 0;
  let kernels = 0;
  [owners.dense, owners.experts].forEach((n, i) => {
    const s = sum[i]!;
    const k = Math.max(1, n);
    flops += s.flops / k;
    // Whole tensors per rank: the busiest rank has at least the mean and at least the largest matrix.
    gpu += Math.max(s.gpu / k, s.largest);
    kernels += s.kernels / k;
  });
  const host = kernels * run.hostSecondsPerKernel;
  return { nsFlops: flops, gpuSeconds: gpu, hostSeconds: host, seconds: Math.max(gpu, host) };
}

/** Newton–Schulz FLOPs of the whole matrices (no TP split, one rank), for checks against Jordan's bound. */
export function wholeNsFlops(matrices: readonly MuonMatrix[], steps: number): number {
  let s = 0;
  for (const x of matrices) s += x.count * nsFlops(x.rows, x.cols, steps);
  return s;
}

/**
 * One GPU as the step model sees it: the achievable GEMM rate, the flash-attention rate, streaming
 * memory bandwidth, the kernel overhead, and the resolved network. Built once per prediction.
 */
import type { HardwareProfile, Precision } from '../hardware/schema.js';
import { achievableMatmulFlops, calibrationFor, densePeak, type Calibration } from './calibration.js';
import { resolveNetwork, type Network, type NetworkOverride } from './network.js';

export interface Machine {
  peak: number;
  matmul: number;
  attention: number;
  memoryBandwidth: number;
  kernelOverhead: number;
  network: Network;
  calibration: Calibration;
}

export function machineFor(hw: HardwareProfile, precision: Precision, gpuCount: number, override?: NetworkOverride): Machine {
  const cal = calibrationFor(hw);
  const peak = densePeak(hw, precision);
  const matmul = achievableMatmulFlops(hw, precision, cal);
  // Attention runs in bf16 even in fp8 recipes (Transformer Engine keeps attention in higher precision).
  const attnPeak = Math.min(peak, hw.peakFlopsPerSecond.bf16 ?? hw.peakFlopsPerSecond.fp16 ?? peak);
  return {
    peak,
    matmul,
    attention: Math.min(cal.flashAttentionFractionOfPeak * attnPeak, matmul),
    memoryBandwidth: hw.memoryBandwidthBytesPerSecond * cal.memoryBandwidthFraction,
    kernelOverhead: cal.kernelOverheadSeconds,
    network: resolveNetwork(hw, cal, gpuCount, override),
    calibration: cal,
  };
}

/**
 * One GEMM [M×K]·[K×N] in 16-bit: its math time 2MKN / achievable plus the time to stream its
 * operands and result, 2(MK + KN + MN) / bandwidth, plus the kernel overhead (shapes are the
 * tensor-parallel shards). Calculon's validated A100 system file (systems/a100_80g.json,
 * `processing_mode: no_overlap`) adds the two rather than taking the roofline max(…) (Williams,
 * Waterman & Patterson 2009); `Calibration.gemmOverlapsMemory` selects the roofline instead. The
 * achievable rate is the MAMF (best-shape) figure, so a large well-shaped GEMM runs close to it
 * and a thin one is dominated by its traffic.
 */
export function gemmSeconds(mc: Machine, M: number, K: number, N: number, count = 1): number {
  if (M <= 0 || K <= 0 || N <= 0 || count <= 0) return 0;
  const flops = 2 * M * K * N;
  const bytes = 2 * (M * K + K * N + M * N);
  const ft = flops / mc.matmul;
  const bt = bytes / mc.memoryBandwidth;
  return count * ((mc.calibration.gemmOverlapsMemory ? Math.max(ft, bt) : ft + bt) + mc.kernelOverhead);
}

/** A memory-bound kernel moving `bytes`: bytes / achievable bandwidth + overhead per kernel. */
export function streamSeconds(mc: Machine, bytes: number, kernels: number): number {
  return bytes / mc.memoryBandwidth + kernels * mc.kernelOverhead;
}

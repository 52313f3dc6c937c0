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
 * One GEMM [M×K]·[K×N] in 16-bit, roofline: max(2MKN / achievable, 2(MK + KN + MN) / bandwidth)
 * plus the kernel overhead (Williams, Waterman & Patterson 2009, "Roofline"; shapes are the
 * tensor-parallel shards). The achievable rate is the MAMF (best-shape) figure, so a large
 * well-shaped GEMM runs at it and a thin one becomes bandwidth-bound.
 */
export function gemmSeconds(mc: Machine, M: number, K: number, N: number, count = 1): number {
  if (M <= 0 || K <= 0 || N <= 0 || count <= 0) return 0;
  const flops = 2 * M * K * N;
  const bytes = 2 * (M * K + K * N + M * N);
  const E = process.env;
  const rate = E.CURVE ? Math.min(mc.matmul, mc.peak * (flops >= 128e9 ? 0.95 : flops >= 16e9 ? 0.9 : flops >= 1e9 ? 0.6 : 0.1)) : mc.matmul;
  const ft = flops / rate, bt = bytes / mc.memoryBandwidth;
  return count * ((E.NOOVERLAP ? ft + bt : Math.max(ft, bt)) + mc.kernelOverhead);
}

/** A memory-bound kernel moving `bytes`: bytes / achievable bandwidth + overhead per kernel. */
export function streamSeconds(mc: Machine, bytes: number, kernels: number): number {
  return bytes / mc.memoryBandwidth + kernels * mc.kernelOverhead;
}

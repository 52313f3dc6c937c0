/**
 * What selective recomputation adds to a layer's time for the modules it names (layerCost.ts;
 * flops/recomputeModules.ts names the modules): each module's second forward, as GEMM seconds,
 * element-wise bytes and kernels, and tensor-parallel all-reduces.
 */
export interface Again {
  gemmSeconds: number;
  ewBytes: number;
  kernels: number;
  tpAllReduces: number;
}

export const NO_AGAIN: Again = { gemmSeconds: 0, ewBytes: 0, kernels: 0, tpAllReduces: 0 };

/** The modules' second forwards together. */
export function sumAgain(...parts: Again[]): Again {
  return parts.reduce((a, b) => ({ gemmSeconds: a.gemmSeconds + b.gemmSeconds, ewBytes: a.ewBytes + b.ewBytes, kernels: a.kernels + b.kernels, tpAllReduces: a.tpAllReduces + b.tpAllReduces }), NO_AGAIN);
}

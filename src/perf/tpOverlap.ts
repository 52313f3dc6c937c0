/**
 * Exposed time of a layer's tensor-parallel collectives when each runs under the GEMM it feeds or
 * follows (Megatron-Core --tp-comm-overlap: Transformer Engine userbuffers split the sequence-parallel
 * all-gather before a column-parallel GEMM and the reduce-scatter after a row-parallel one into tp
 * chunks exchanged in a ring while the GEMM runs on the chunk already there; Wang et al. 2023,
 * "Overlap Communication with Dependent Computation via Decomposition", ASPLOS '23). The first chunk of
 * each collective cannot be hidden (1/tp of it), and the rest is hidden as far as the GEMMs last.
 */
export function tpExposed(commSeconds: number, gemmSeconds: number, tp: number): number {
  const first = commSeconds / tp;
  return first + Math.max(0, commSeconds - first - gemmSeconds);
}

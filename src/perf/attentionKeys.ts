/**
 * How a fused-attention kernel's rate depends on the keys each query attends to. The kernel walks the
 * keys of each tile of queries; loading the queries, finishing the softmax and writing the output are
 * paid once per tile and spread over its keys, so with few keys per query (short sequences, sliding
 * windows, a context-parallel ring's chunks) the rate falls:
 *
 *   rate(k) ∝ k / (k + k₀)        k = keys per query of one kernel call, held above KEYS_HELD_ABOVE
 *
 * k₀ (`keys_per_query.half_rate` in a profile) is fitted per board and pass to the same benchmark's rows
 * at other lengths, causal and unmasked alike (test/perf/attentionKeys.test.ts holds the tables): on
 * GB200 cuDNN a causal run of s tokens and an unmasked run of s/2 tokens, the same keys per query, run
 * at the same rate (1407 vs 1439 TFLOP/s at 2,048 keys; NVIDIA/cudnn-frontend
 * benchmark/sdpa_benchmark_training/results/llama3.1/gb200/llama3.1_20260724_040930.csv), which is what
 * makes keys per query, not the mask or the length, the variable. The recorded rates are the profile's
 * `measured_at` keys; this module scales them to a run's keys.
 *
 * Checked outside the fit: GPT-OSS's 128-token sliding window (126 keys per query at 4k tokens) on GB200
 * runs its forward at 162–168 TFLOP/s and its backward at 184–189 in the same benchmark
 * (results/gpt_oss/gb200/gpt_oss_20260724_040709.csv, head dim 64), which the curve with the head-dim
 * factor (attentionHeadDim.ts) gives within 17% (forward) and 10% (backward); at the full-attention
 * rate it would be 6–7× faster.
 */
import type { Architecture } from '../model/architecture.js';
import type { KeyCurve } from '../hardware/toProfile.js';
import type { Documents } from '../flops/documents.js';
import { causalKeyKinds } from '../flops/window.js';

/**
 * Beyond 4,096 keys per query the measured rates stop rising: GB200 and GB300 fall from 8k to 32k
 * tokens (GB200 causal forward 1728 at 16k, 1569 at 32k), H100's cuDNN forward is flat from 2k keys
 * (FlashAttention-3, arXiv:2407.08608 Fig. 5). Every profile's fit holds the curve there.
 */
export const KEYS_HELD_ABOVE = 4096;

const saturation = (keys: number, half: number): number => {
  const k = Math.min(Math.max(keys, 1), KEYS_HELD_ABOVE);
  return k / (k + half);
};

/** The rate at `keys` keys per query over the rate the profile records (measured at `curve.measuredAtKeys`). */
export function keyRateFactor(curve: KeyCurve, keys: number): number {
  let ref = 0;
  for (const k of curve.measuredAtKeys) ref += saturation(k, curve.halfRateKeys);
  return saturation(keys, curve.halfRateKeys) / (ref / curve.measuredAtKeys.length);
}

/**
 * Multipliers of the attention core's time, forward and backward, for one average layer of `arch`
 * (the layer model costs the mean layer's FLOPs, src/flops/window.ts windowedWorkFraction): each
 * layer kind's work at its own rate, weighted by its work. A causal layer of s tokens averages s/2
 * keys per query, a sliding-window layer W'·(2s − W')/(2s), a chunked one (q·C² + r²)/(2s) (window.ts
 * causalKeyKinds). Under a document mask (flops/documents.ts) each document runs at its own keys per query, n/2 for
 * n tokens: a varlen kernel (FlashAttention's flash_attn_varlen_func, cuDNN's THD layout) walks each document's keys
 * alone, as a batch of n-token sequences would, so the measured curve applies per document (ASSUMED: no rates of
 * packed runs were recorded; what the curve leaves out is a kernel's per-document start-up beyond its tiles). With
 * context parallelism the keys come in `calls` kernel calls (cpComm.ts kernelCallsPerQuery): cp under p2p's ring
 * (Megatron-Core's default `cp_comm_type`: each step attends the local queries to one rank's chunk), so a call sees
 * 1/cp of them; one under a2a, whose single call covers the whole sequence for heads/cp. Without curves (a profile
 * that measures one length, or none) both are 1.
 */
export function keyLengthMultipliers(
  arch: Pick<Architecture, 'layers' | 'slidingWindow' | 'chunkedAttention'>,
  seqLen: number,
  calls: number,
  curves: { forward: KeyCurve; backward: KeyCurve } | undefined,
  docs?: Documents,
): { forward: number; backward: number } {
  if (!curves) return { forward: 1, backward: 1 };
  const kinds = causalKeyKinds(arch, seqLen, docs);
  const multiplier = (curve: KeyCurve): number => {
    let work = 0;
    let time = 0;
    for (const { layers, keys, parts } of kinds) {
      work += layers * keys;
      for (const p of parts) time += (layers * (p.weight * p.keys)) / keyRateFactor(curve, p.keys / calls);
    }
    return work > 0 ? time / work : 1;
  };
  return { forward: multiplier(curves.forward), backward: multiplier(curves.backward) };
}

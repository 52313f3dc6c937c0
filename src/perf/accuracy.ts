import { pct } from '../report/format.js';
import { median } from './validateFit.js';

/**
 * How far `utilization: auto` has been from measured runs it had not seen: each held-out set's median
 * |error| at its one evaluation (the validation file's header and README "Validation" record it). These
 * are measurements of the past, not recomputed: a set is unseen once, and its later figures (after the
 * model or its rows changed) are in-sample. AMD-only and padded-MaxText-MoE sets (holdout6 22.2%,
 * holdout7 28.9%, holdout12 8.7% on MI355X MaxText DeepSeek-V3) and the FP4-only set (holdout5 24.0%) are
 * left out of the range below, and so are holdout35 (3 rows of one benchmark README, Qwen3-32B at TP 8 on 8 H100
 * with one sequence a step, 363.3%), by the rule its pre-registration wrote before it existed (3 or fewer rows: too
 * few to stand for a range's end), and holdout20 (3 GPT-OSS-20B rows of one MLPerf submitter, 6.9%), for the same
 * reason decided after its evaluation (the rule was first written for holdout31), and holdout40 (3 rows of one
 * prototype's case study, Qwen3-30B-A3B under Megatron-FSDP on 8 GB200, 115.0%) and holdout44 (1 row, LitGPT's
 * Phi-3-mini under Lightning Thunder on one H100, 16.3%) by the rule their pre-registrations wrote. holdout24 (911%) is left out too, by a choice made after
 * its evaluation and said in the README: 182 of its 183 rows are Megatron-LM CI functional tests of toy
 * proxy models under test-only switches, not the training runs flopcast plans.
 */
export const UNSEEN_EVALUATIONS = [
  { split: 'holdout4', rows: 37, medianAbsError: 0.172 },
  { split: 'holdout8', rows: 37, medianAbsError: 0.145 },
  { split: 'holdout9', rows: 51, medianAbsError: 0.148 },
  { split: 'holdout10', rows: 144, medianAbsError: 0.093 },
  { split: 'holdout11', rows: 53, medianAbsError: 0.082 },
  { split: 'holdout13', rows: 38, medianAbsError: 0.249 },
  { split: 'holdout14', rows: 28, medianAbsError: 0.571 },
  { split: 'holdout15', rows: 12, medianAbsError: 0.210 },
  { split: 'holdout16', rows: 18, medianAbsError: 0.296 },
  { split: 'holdout17', rows: 33, medianAbsError: 0.066 },
  { split: 'holdout18', rows: 31, medianAbsError: 0.317 },
  { split: 'holdout19', rows: 10, medianAbsError: 0.319 },
  { split: 'holdout21', rows: 14, medianAbsError: 0.058 },
  { split: 'holdout22', rows: 15, medianAbsError: 0.091 },
  { split: 'holdout23', rows: 14, medianAbsError: 0.142 },
  { split: 'holdout25', rows: 27, medianAbsError: 0.087 },
  { split: 'holdout26', rows: 165, medianAbsError: 0.054 },
  // With the Muon candidate merged, as pre-registered (not kept; the model after its revert: 9.5%).
  { split: 'holdout27', rows: 21, medianAbsError: 0.107 },
  // Hybrid Mamba-2 runs, predicted by the candidate of branch hybridperf, as pre-registered; not kept: main predicts no hybrid.
  { split: 'holdout28', rows: 32, medianAbsError: 0.215 },
  // Five short runs, four of one personal benchmark repository (warm-up steps in their averages), as pre-registered.
  { split: 'holdout29', rows: 5, medianAbsError: 0.718 },
  // Llama 4 Scout / Maverick (interleaved MoE, chunked attention), predicted once Llama 4 support landed, as pre-registered.
  { split: 'holdout30', rows: 10, medianAbsError: 0.040 },
  // Models earlier files could not write (MaxText Gemma 3 12B on TPU v6e, Moonlight-16B-A3B on H100), as pre-registered.
  { split: 'holdout31', rows: 4, medianAbsError: 0.378 },
  // TorchTitan's DeepEP README (Qwen3-30B-A3B on 8 to 128 B200, one page and one recipe), as pre-registered.
  { split: 'holdout32', rows: 6, medianAbsError: 0.006 },
  // InternLM 7B on 8-1,024 A100 (its own trainer) and KempnerForge's Llama-shaped models on 2-360 H200, as pre-registered.
  { split: 'holdout33', rows: 76, medianAbsError: 0.088 },
  // PaddleNLP's 7B / 13B on 8 A100, TinyLlama 1.1B on 16 A100 and KempnerForge's re-run TP + PP layouts on 32 H200, as pre-registered.
  { split: 'holdout34', rows: 12, medianAbsError: 0.132 },
  // MosaicML's MosaicGPT throughput tables (Composer FSDP, 125M-70B on 8-256 A100, three generations), as pre-registered.
  { split: 'holdout36', rows: 350, medianAbsError: 0.180 },
  // llm-foundry's raw benchmarking sweep files (MPT 125M-30B under Composer FSDP on 8-32 A100 / H100), as pre-registered.
  { split: 'holdout37', rows: 122, medianAbsError: 0.068 },
  // The Zero Bubble paper's Megatron-LM 1F1B / interleaved baselines (GPT-3-style 1.5B-28.3B, pure pipeline on 8-32 A100), as pre-registered.
  { split: 'holdout38', rows: 52, medianAbsError: 0.139 },
  // The Zero Bubble paper's own ZB-1p / ZB-2p / ZB-V runs (GPT-3-style 1.5B-28.3B, pure pipeline on 8-32 A100), with the zero-bubble schedules (85aa97b, ea94508), as pre-registered.
  { split: 'holdout39', rows: 72, medianAbsError: 0.129 },
  // AWS's Megatron-Bridge MoE dispatcher A/B benchmarks over EFA (DeepSeek-V3, Kimi-K2, Qwen3 MoE on 32-256 B300 and 64 H100), with the MoE source corrections of moeprobe26 merged, as pre-registered: all 51 predicted about 3x too fast.
  { split: 'holdout41', rows: 51, medianAbsError: 2.332 },
  // MI325X training logs (Primus / ROCm Megatron-LM, 16-64 GPUs) and Megatron-Bridge Qwen3-1.7B on two single-H200 nodes over Ethernet, as pre-registered.
  { split: 'holdout42', rows: 10, medianAbsError: 0.180 },
  // FlashAttention's GPT-3 125M-2.7B training speeds on 8 A100 and BMTrain's DeepSpeed baselines (GPT-2 13B on 32 V100), as pre-registered: the seven BMTrain figures exceed the V100's peak 4.7-7.8x (a mislabelled unit), kept here as evaluated; the five FlashAttention rows 8.9%.
  { split: 'holdout43', rows: 12, medianAbsError: 0.969 },
  // One public book's MaxText and plain-JAX runs on 8 MI300X and 1-8 MI355X (clarkechong/scale-your-amd), with MaxText's remat
  // policies (addcd953), as pre-registered (26 rows, 24 predicted): it joins by its registration's rule (more than 3 predicted rows), though AMD-only.
  { split: 'holdout45', rows: 26, medianAbsError: 0.226 },
] as const;

/** The median of the sets' medians: the typical set, which the range's two ends are not. */
function medianSetAbsError(): number {
  return median(UNSEEN_EVALUATIONS.map((e) => e.medianAbsError));
}

/** The record's headline, in one place: where a sentence has no room for the sets it came from (a report's recommendation). */
export function unseenHeadline(): string {
  return `half of its predictions were within ±${pct(medianSetAbsError())} of the measured throughput in the median set`;
}

/**
 * The sentence `run` and reports print under a predicted MFU. The sets are counted, not named: a budget owner reads
 * the range, and 29 set names are noise to them; validation/README.md lists each set with its figure, and `--json`
 * carries them (unseenMedianAbsErrors).
 */
export function unseenAccuracyText(): string {
  const errs = UNSEEN_EVALUATIONS.map((e) => e.medianAbsError);
  return `on published GPU and TPU runs it had not seen, ${unseenHeadline()} (±${pct(Math.min(...errs))} to ±${pct(Math.max(...errs))} across ${errs.length} sets, each evaluated once; validation/README.md lists them)`;
}

/** The same figures for `--json`: the held-out set and its median |error| at its evaluation. */
export function unseenMedianAbsErrors(): Record<string, number> {
  return Object.fromEntries(UNSEEN_EVALUATIONS.map((e) => [e.split, e.medianAbsError]));
}

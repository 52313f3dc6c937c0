/**
 * The pipeline schedules, and in one table what each fixes that the rules and the models read: the chunks a rank
 * holds, where a layout's chunks are placed, whether a layout or Megatron-Core's split fields can place its layers,
 * and what a zero-bubble schedule takes off 1F1B's bubble.
 *
 * '1f1b' and 'interleaved': Narayanan et al. 2021 §2.2. 'dualpipe': DeepSeek-V3's bidirectional schedule (DeepSeek-AI
 * 2024, arXiv:2412.19437 §3.2.1; deepseek-ai/DualPipe): each of the pp ranks holds two stages (stage i and stage
 * pp−1−i), micro-batches are fed from both ends, and a forward and a backward chunk run as one overlapped pair so
 * that the expert all-to-all and the pipeline sends hide behind the other chunk's computation. 'zb-1p', 'zb-2p' and
 * 'zb-v': the zero-bubble schedules (Qi et al. 2024, arXiv:2401.10241; sail-sg/zero-bubble-pipeline-parallelism),
 * which split the backward into its input-gradient and weight-gradient parts and place the latter in the bubble:
 * zb-1p within 1F1B's activation memory, zb-2p within twice it, zb-v with two chunks a rank in a V (rank k holds
 * chunks k and 2pp−1−k) within 1F1B's memory (pipelineTimes.ts zeroBubbleBubble). 'v-min' and 'v-half': the V-Shape
 * schedules of "Pipeline Parallelism with Controllable Memory" (Qi, Wan, Amar, Lin 2024, arXiv:2405.15362, NeurIPS
 * 2024), two chunks a rank in zb-v's V (the paper's V-ZB is zb-v) holding about a third and a half of 1F1B's
 * activations for a larger bubble; the authors' fork runs them as `--zero-bubble-v-schedule
 * --zero-bubble-v-schedule-mem-setup min | half` (sail-sg/zero-bubble-pipeline-parallelism
 * examples/test_all_schedules.sh @ 99f6a07, megatron/training/arguments.py; scheduler/zbv_greedy.py, "vhalf and
 * vmin schedules of Pipeline Parallelism with Controllable Memory"). 'dualpipev': DualPipeV, DualPipe "cut in half"
 * into a V (deepseek-ai/DualPipe README, "DualPipeV", after Sea AI Lab's "Cut-in-half"; dualpipe/dualpipev.py): each
 * of the pp ranks holds two chunks in zb-v's V (rank k chunks k and 2pp − 1 − k: dualpipev.py runs `modules[0]`
 * forward from rank 0 to the last rank and `modules[1]` back; torchtitan places ScheduleDualPipeV's stages in the
 * same "v" style as ZBV's, torchtitan/distributed/pipeline_parallel.py @ 02ef790 pipeline_module_split), one copy of
 * the parameters, and runs a forward and a backward chunk as DualPipe's overlapped F&B pair.
 */
export const PIPELINE_SCHEDULES = ['1f1b', 'interleaved', 'dualpipe', 'zb-1p', 'zb-2p', 'zb-v', 'v-min', 'v-half', 'dualpipev'] as const;
export type PipelineSchedule = (typeof PIPELINE_SCHEDULES)[number];

interface ScheduleTraits {
  /** Model chunks a rank holds; undefined: the layout's virtual stages (interleaved: any). */
  chunks: number | undefined;
  /** A pipeline layout's chunks in a V (rank k holds chunks k and 2pp − 1 − k), not chunk k on rank k mod pp. */
  inV: boolean;
  /** Whether a pipeline layout can place its layers (DualPipe pairs stages i and pp − 1 − i and takes none). */
  takesLayout: boolean;
  /**
   * Zero-bubble: the weight-gradient passes W each of 1F1B's p − 1 ramp steps loses (ZB-H1 2, ZB-H2 3, §2; V-Min 1,
   * V-Half 1.5, below); 0: not one.
   */
  bubbleWeightGrads: number;
  /**
   * The bubble the schedule's fixed order repeats in every micro-batch of the steady state, from a stage's F, B and W
   * (pipelineTimes.ts zeroBubbleBubble adds m of them); undefined: none (the others fill or keep a bubble of the ramp only).
   */
  repeat?: (F: number, B: number, W: number, p: number) => number;
  /**
   * A forward and a backward chunk run as one overlapped pair, DualPipe's F&B (pipelineTimes.ts): its bubble
   * (dualPipeBubble) in place of 1F1B's, the expert all-to-all and the pipeline sends under the pair's computation,
   * and not Megatron-Core's combined-1F1B overlap (layout.ts epOverlapApplies).
   */
  pairs?: true;
  /** Micro-batches' activations of a stage held at the peak, at p stages (memory.ts inFlightFactor; capped at the step's m there). */
  held: (p: number) => number;
}

const stages = (p: number): number => p;

const TRAITS: Record<PipelineSchedule, ScheduleTraits> = {
  // 1F1B: the first stage holds p micro-batches (Korthikanti et al. 2022 §4.2.3); interleaved: p and a share more (memory.ts).
  '1f1b': { chunks: 1, inV: false, takesLayout: true, bubbleWeightGrads: 0, held: stages },
  interleaved: { chunks: undefined, inV: false, takesLayout: true, bubbleWeightGrads: 0, held: stages },
  // DualPipe: p + 1 chunks of a stage's activations (DeepSeek-V3 arXiv:2412.19437 Table 2).
  dualpipe: { chunks: 1, inV: false, takesLayout: false, bubbleWeightGrads: 0, pairs: true, held: (p) => p + 1 },
  // ZB-H1 within 1F1B's p (§2.1); ZB-H2 up to 2p − 1 ("(2p − 1)M_B", §2.2).
  'zb-1p': { chunks: 1, inV: false, takesLayout: true, bubbleWeightGrads: 2, held: stages },
  'zb-2p': { chunks: 1, inV: false, takesLayout: true, bubbleWeightGrads: 3, held: (p) => 2 * p - 1 },
  // ZB-V: the bubble of ZB-2p within 1F1B's memory (the authors' comparison table, huggingface.co/spaces/sail/zero-bubble-pipeline-parallellism).
  'zb-v': { chunks: 2, inV: true, takesLayout: true, bubbleWeightGrads: 3, held: stages },
  // V-Min and V-Half (arXiv:2405.15362). From the authors' table (huggingface.co/spaces/sail/pipeline-parallelism-with-
  // controllable-memory description1.md, "Activation Memory (by #micro-batch)"; the paper's abstract: "1/2 of 1F1B",
  // "1/3"): (p + 4)//3 and (p + 2)//2 micro-batches against 1F1B's p; and its bubble rates at T_F = T_B = T_W, ~2p/3m
  // and ~p/2m against 1F1B's ~p/m: two thirds and half of 1F1B's bubble. ASSUMED here (the table gives the equal-time
  // case only; the paper's text was not at hand): that, like ZB-H1 and ZB-H2, the V schedules keep 1F1B's F and B in
  // each of the p − 1 ramp steps and fill part of it with W, so that the W multiple alone carries the table's ratio:
  // (p − 1)(F + B + W − kW) = 2/3 · 3(p − 1)T at k = 1 (V-Min: (p − 1)(F + B)), 1/2 · 3(p − 1)T at k = 1.5 (V-Half:
  // (p − 1)(F + B − W/2)). Checked against the authors' own scheduler (below) at F = B = W = T: V-Min's bubble 5.5T at
  // p = 4 and 13.5T at p = 8 against 6T and 14T here; V-Half's 2.5T and 8.5T against 4.5T and 10.5T (the table's ~p/2m
  // is the larger).
  // The repeating bubble: the authors' fork runs V-Min and V-Half in one fixed order, built at F = B = W ('Use fixed
  // schedule for now': megatron/core/pipeline_parallel/zerobubble/runtime.py builds it with costs 1000, 1000, 1000;
  // scheduler/zbv_greedy.py @ 064369d, stable_pattern_v_min / _v_half, reordered under the pattern's memory), each rank
  // running its ops in that order as soon as their inputs are there. Where F, B and W differ, that order leaves a
  // bubble in every micro-batch: V-Min's steady state takes max(3F, 3B, F + B + W) a micro-batch, a bubble of
  // max(0, 3·max(F, B) − (F + B + W)); V-Half's max(0, 2(B − F) − W, 2(F − B) − W)/2, none where W + 2B ≥ 2F and
  // W + 2F ≥ 2B, the condition the authors give for a zero-bubble schedule within half of 1F1B's memory
  // (description1.md above). DERIVED here, not printed by the paper or the fork: zbv_greedy.py's construction and its
  // execution (eager_execution_time) run op by op at 40 random F, B, W (0.5–2 a chunk each) on p = 4, 6, 8, 9, the
  // growth of the bubble from m = 3p to 5p, matched these to 1e-13 (the test checks it at the points of its table).
  // At p = 2 V-Min's pattern (stable_pattern_v_min: interval 0, each rank's four chunk passes 0, 3, 4, 7 and 1, 2, 5, 6
  // of 8 slots) is another steady state: max(0, 3·max(F, B) − (F + B + W), F + B − 2W)/2 a micro-batch, the same
  // construction run at p = 2 and 40 random F, B, W (0.5–2) matching it to 1e-13 (the p ≥ 3 form is up to twice it there).
  'v-min': { chunks: 2, inV: true, takesLayout: true, bubbleWeightGrads: 1, held: (p) => Math.floor((p + 4) / 3), repeat: (F, B, W, p) => (p === 2
    ? Math.max(0, 3 * Math.max(F, B) - (F + B + W), F + B - 2 * W) / 2
    : Math.max(0, 3 * Math.max(F, B) - (F + B + W))) },
  'v-half': { chunks: 2, inV: true, takesLayout: true, bubbleWeightGrads: 1.5, held: (p) => Math.floor((p + 2) / 2), repeat: (F, B, W) => Math.max(0, 2 * (B - F) - W, 2 * (F - B) - W) / 2 },
  // DualPipeV (deepseek-ai/DualPipe README, "Pipeline Bubbles and Memory Usage Comparison (based on the same number of
  // PP stages)", where *PP* is the number of pipeline stages, even, and DualPipeV runs them on PP/2 devices): "Activation
  // Per Device" PP + 1 stages' activations. Here pp counts the devices, so the README's PP is 2pp and its stage is a
  // chunk, half a rank's layers: 2pp + 1 chunks, pp + 1/2 micro-batches of a rank's layers (dualpipev.py `step` agrees:
  // steps 1-2 leave 2(pp − r − 1) + (r + 1) forwards of chunk 0 and r + 1 of chunk 1 in flight on rank r, 2pp chunks,
  // and step 4's first forward adds the one more before its backward frees one; every rank the same). "Parameter Per
  // Device" 2× of a stage: two chunks of a 2pp-stage split, one copy of a rank's share (DualPipe's 2× is two stages of
  // a pp-stage split, a second copy). ASSUMED: the chunk with the loss head and the embedding chunk hold a chunk's
  // activations as the others do (the README counts chunks alike); its `takesLayout` as zb-v's V (torchtitan takes
  // its own module split for it, module_fqns_per_model_part, in the same V).
  dualpipev: { chunks: 2, inV: true, takesLayout: true, bubbleWeightGrads: 0, pairs: true, held: (p) => p + 0.5 },
};

/** The zero-bubble schedules. */
export const ZERO_BUBBLE_SCHEDULES = PIPELINE_SCHEDULES.filter((s) => TRAITS[s].bubbleWeightGrads > 0) as readonly ZeroBubbleSchedule[];
export type ZeroBubbleSchedule = Extract<PipelineSchedule, `zb-${string}` | `v-${string}`>;
export const isZeroBubble = (s: PipelineSchedule): s is ZeroBubbleSchedule => TRAITS[s].bubbleWeightGrads > 0;
/** W passes off each ramp step of 1F1B's bubble under a zero-bubble schedule (pipelineTimes.ts zeroBubbleBubble). */
export const bubbleWeightGrads = (s: ZeroBubbleSchedule): number => TRAITS[s].bubbleWeightGrads;
/** Whether a schedule's fixed order repeats a bubble in every micro-batch where F, B and W differ (v-min, v-half). */
export const repeats = (s: PipelineSchedule): boolean => TRAITS[s].repeat !== undefined;
/** That bubble, seconds per micro-batch, from a stage's F, B and W at p stages (0 where the schedule repeats none). */
export const repeatingBubble = (s: PipelineSchedule, F: number, B: number, W: number, p: number): number => TRAITS[s].repeat?.(F, B, W, p) ?? 0;
/** Whether a schedule runs a forward and a backward chunk as DualPipe's overlapped F&B pair (dualpipe, dualpipev). */
export const overlapsPairs = (s: PipelineSchedule | undefined): boolean => s !== undefined && TRAITS[s].pairs === true;
/** Micro-batches' activations of a stage a schedule holds at p stages, before the step's m caps them (memory.ts inFlightFactor). */
export const heldMicroBatches = (s: PipelineSchedule, p: number): number => TRAITS[s].held(p);
/** Model chunks a rank holds under a schedule that fixes them (the V's two, the others one); interleaved or no schedule (one left free): undefined. */
export const scheduleChunks = (s: PipelineSchedule | undefined): number | undefined => (s === undefined ? undefined : TRAITS[s].chunks);
/** Whether a schedule places a pipeline layout's chunks in a V (pipelineLayout.ts); absent: Megatron-Core's placement. */
export const placesInV = (s: PipelineSchedule | undefined): boolean => s !== undefined && TRAITS[s].inV;
/** Whether a pipeline layout can place the layers under a schedule (pipelineLayoutRules.ts). */
export const takesLayout = (s: PipelineSchedule): boolean => TRAITS[s].takesLayout;
/**
 * Whether a schedule places chunk k on rank k mod pp, as Megatron-Core's 1F1B and interleaved schedules do (and
 * zb-1p, zb-2p, one chunk a rank): what Megatron-Core's split fields describe (pipelineSplit.ts).
 */
export const megatronPlacement = (s: PipelineSchedule): boolean => TRAITS[s].takesLayout && !TRAITS[s].inV;

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
 * chunks k and 2pp−1−k) within 1F1B's memory (pipelineTimes.ts zeroBubbleBubble).
 */
export const PIPELINE_SCHEDULES = ['1f1b', 'interleaved', 'dualpipe', 'zb-1p', 'zb-2p', 'zb-v'] as const;
export type PipelineSchedule = (typeof PIPELINE_SCHEDULES)[number];

interface ScheduleTraits {
  /** Model chunks a rank holds; undefined: the layout's virtual stages (interleaved: any). */
  chunks: number | undefined;
  /** A pipeline layout's chunks in a V (rank k holds chunks k and 2pp − 1 − k), not chunk k on rank k mod pp. */
  inV: boolean;
  /** Whether a pipeline layout can place its layers (DualPipe pairs stages i and pp − 1 − i and takes none). */
  takesLayout: boolean;
  /** Zero-bubble: the weight-gradient passes W each of 1F1B's p − 1 ramp steps loses (ZB-H1 2, ZB-H2 3, §2); 0: not one. */
  bubbleWeightGrads: 0 | 2 | 3;
}

const TRAITS: Record<PipelineSchedule, ScheduleTraits> = {
  '1f1b': { chunks: 1, inV: false, takesLayout: true, bubbleWeightGrads: 0 },
  interleaved: { chunks: undefined, inV: false, takesLayout: true, bubbleWeightGrads: 0 },
  dualpipe: { chunks: 1, inV: false, takesLayout: false, bubbleWeightGrads: 0 },
  'zb-1p': { chunks: 1, inV: false, takesLayout: true, bubbleWeightGrads: 2 },
  'zb-2p': { chunks: 1, inV: false, takesLayout: true, bubbleWeightGrads: 3 },
  // ZB-V: the bubble of ZB-2p within 1F1B's memory (the authors' comparison table, huggingface.co/spaces/sail/zero-bubble-pipeline-parallellism).
  'zb-v': { chunks: 2, inV: true, takesLayout: true, bubbleWeightGrads: 3 },
};

/** The zero-bubble schedules. */
export const ZERO_BUBBLE_SCHEDULES = PIPELINE_SCHEDULES.filter((s) => TRAITS[s].bubbleWeightGrads > 0) as readonly ZeroBubbleSchedule[];
export type ZeroBubbleSchedule = Extract<PipelineSchedule, `zb-${string}`>;
export const isZeroBubble = (s: PipelineSchedule): s is ZeroBubbleSchedule => TRAITS[s].bubbleWeightGrads > 0;
/** W passes off each ramp step of 1F1B's bubble under a zero-bubble schedule (pipelineTimes.ts zeroBubbleBubble). */
export const bubbleWeightGrads = (s: ZeroBubbleSchedule): number => TRAITS[s].bubbleWeightGrads;
/** Model chunks a rank holds under a schedule that fixes them (zb-v's V two, the others one); interleaved or no schedule (one left free): undefined. */
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

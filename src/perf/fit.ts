/**
 * Saying why a layout does not fit: how much memory it needs per GPU, against what, the part that
 * dominates, and what would shrink that part (ZeRO §5 for model states, Korthikanti et al. 2022 for
 * activations).
 */
import { gib } from '../report/format.js';
import type { Evaluation } from './evaluate.js';
import { describeLayout } from './layout.js';
import { largestPart, type MemoryBreakdown } from './memory.js';

const PART: Record<keyof MemoryBreakdown, string> = {
  weights: 'weights',
  gradients: 'gradients',
  optimizer: 'optimizer states',
  activations: 'activations',
  embeddingAndLogits: 'embedding and logits buffers',
  workspace: 'workspace',
};

/** What shrinks the largest part; ZeRO only where there are data-parallel ranks to shard over. */
function remedy(largest: keyof MemoryBreakdown, e: Evaluation): string {
  const ranks = e.layout.dp * e.layout.cp;
  const zero = { weights: 3, gradients: 2, optimizer: 1 } as const;
  if (largest === 'weights' || largest === 'gradients' || largest === 'optimizer') {
    const z = zero[largest];
    return ranks > 1 && e.layout.zeroStage < z
      ? `shard the ${PART[largest]}: zero_stage ${z}${z < 3 ? ' or more' : ''}, or more tp or pp`
      : `shard the ${PART[largest]} over more GPUs: more tp or pp${ranks === 1 ? ' (ZeRO needs data-parallel ranks to shard over)' : ''}`;
  }
  return REMEDY[largest];
}

const REMEDY: Record<'activations' | 'embeddingAndLogits' | 'workspace', string> = {
  activations: 'recompute: selective or full, a smaller micro_batch, sequence_parallel, or more tp, pp or cp',
  embeddingAndLogits: 'a smaller micro_batch or more tp',
  workspace: 'a GPU with more memory',
};

/** "needs 377.5 GiB per GPU of 80 GiB (over by 297.5 GiB; most of it optimizer states, 244.1 GiB, on the first stage)" and a remedy. */
export function memoryShortfall(e: Evaluation): { message: string; hint: string } {
  const m = e.memory;
  const largest = m.overflow?.largest ?? largestPart(m.breakdown);
  return {
    message: `${describeLayout(e.layout)} needs ${gib(m.total)} per GPU of ${gib(m.capacity)} (over by ${gib(m.total - m.capacity)}; the largest part is ${PART[largest]}, ${gib(m.breakdown[largest])}, on the ${m.stage} stage${m.rank !== undefined ? `, pipeline rank ${m.rank}` : ''})`,
    hint: remedy(largest, e),
  };
}

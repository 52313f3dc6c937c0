/** The pipeline schedules' one table (src/perf/schedules.ts): what each fixes, as the papers and frameworks give it. */
import { describe, expect, it } from 'vitest';
import { isZeroBubble, megatronPlacement, overlapsPairs, PIPELINE_SCHEDULES, placesInV, scheduleChunks, takesLayout, ZERO_BUBBLE_SCHEDULES } from '../../src/perf/schedules.js';

describe('pipeline schedules', () => {
  it.each([
    // schedule, chunks a rank, a layout in a V, takes a layout, Megatron-Core's placement (the split fields), zero-bubble
    ['1f1b', 1, false, true, true, false], // Narayanan et al. 2021 §2.2
    ['interleaved', undefined, false, true, true, false], // §2.2.2: v chunks a rank, any v
    ['dualpipe', 1, false, false, false, false], // DeepSeek-V3 §3.2.1: stages i and pp − 1 − i on a rank, no layout
    ['zb-1p', 1, false, true, true, true], // Qi et al. 2024 §2.1 (ZB-H1)
    ['zb-2p', 1, false, true, true, true], // §2.2 (ZB-H2)
    ['zb-v', 2, true, true, false, true], // ZB-V: two chunks a rank in a V
    ['v-min', 2, true, true, false, true], // arXiv:2405.15362 V-Min: V-Shape, two chunks a rank
    ['v-half', 2, true, true, false, true], // V-Half
    // deepseek-ai/DualPipe README, DualPipeV: PP stages on PP/2 devices, two a device; dualpipev.py modules[0], modules[1] in a V
    ['dualpipev', 2, true, true, false, false],
  ] as const)('%s', (s, chunks, inV, layout, megatron, zb) => {
    expect(scheduleChunks(s)).toBe(chunks);
    expect(placesInV(s)).toBe(inV);
    expect(takesLayout(s)).toBe(layout);
    expect(megatronPlacement(s)).toBe(megatron);
    expect(isZeroBubble(s)).toBe(zb);
    // DualPipe's overlapped F&B pairs: DualPipe and DualPipeV only (the README's F&B term, both rows).
    expect(overlapsPairs(s)).toBe(s === 'dualpipe' || s === 'dualpipev');
  });
  it('every schedule is in the table above, the zero-bubble list its zero-bubble ones', () => {
    expect([...PIPELINE_SCHEDULES].sort()).toEqual(['1f1b', 'dualpipe', 'dualpipev', 'interleaved', 'v-half', 'v-min', 'zb-1p', 'zb-2p', 'zb-v']);
    expect([...ZERO_BUBBLE_SCHEDULES]).toEqual(['zb-1p', 'zb-2p', 'zb-v', 'v-min', 'v-half']);
    expect(placesInV(undefined)).toBe(false);
    // No schedule (one left to the planner) fixes no chunks: the rules read it so (virtualStageRules.ts, memorySavingRules.ts chunkOf).
    expect(scheduleChunks(undefined)).toBeUndefined();
  });
});

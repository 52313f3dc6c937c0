/**
 * The GPU counts nearest a count at which no split into tp·pp·dp·cp exists: `plan --count 3001` (a prime) found no
 * layout and said only "give another GPU count" (new-user trial 25). The planner itself judges each count (`splits`:
 * it evaluated a layout there), so a suggestion obeys every layout rule, the stack's and the batch's; memory is told
 * when the count is planned.
 */
import { int } from '../report/format.js';

/** Tries at most this many counts a side: a failing count costs the planner little (no layout is evaluated), and a count
 * within a quarter of the asked one (or 8 GPUs, for a small one: 3 GPUs may be offered 2 or 4) is all a suggestion should propose. */
export const NEARBY_TRIES = 512;
const NEARBY_LEAST = 8;

/** The nearest GPU counts below and above an asked one at which a layout exists (null where none is near). */
export interface NearbyCounts {
  below: number | null;
  above: number | null;
}

/** The nearest count below and above `n` that `splits`, each within max(n/4, 8) and NEARBY_TRIES of it (null where none is). */
export function nearbyCounts(n: number, splits: (count: number) => boolean): NearbyCounts {
  const reach = Math.min(NEARBY_TRIES, Math.max(NEARBY_LEAST, Math.floor(n / 4)));
  let below: number | null = null;
  let above: number | null = null;
  for (let d = 1; d <= reach && (below === null || above === null); d++) {
    if (below === null && n - d >= 1 && splits(n - d)) below = n - d;
    if (above === null && splits(n + d)) above = n + d;
  }
  return { below, above };
}

/** ` (the nearest that split: 960 or 1,024)` for a hint after "give another GPU count", or '' where none is near. */
export function nearbyCountsText(n: NearbyCounts | null): string {
  const counts = n ? [n.below, n.above].filter((c): c is number => c !== null) : [];
  return counts.length ? ` (the nearest that split: ${counts.map(int).join(' or ')})` : '';
}

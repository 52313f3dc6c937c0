/**
 * A layout's CPU offload (perf/offload.ts OffloadCost) in one line, as `plan` and `run` print it: what the host holds,
 * what crosses the host link a step, and the CPU's optimizer step. Read from the `--json` form (snake_case), which run's
 * text is built from; plan's text passes its report's through snakeKeys.
 */
import type { OffloadCost } from '../perf/offload.js';
import type { SnakeKeys } from './snakeKeys.js';
import { gib, stepSeconds } from './format.js';

/** Decimal gigabytes to four significant digits: a link's GB/s and the bytes it moves (10^9, as the link's rate is stated). */
const gb = (bytes: number) => `${+(bytes / 1e9).toPrecision(4)} GB`;

export function offloadCostText(c: SnakeKeys<OffloadCost>): string {
  return `${c.what} in host memory, ${gib(c.host_bytes_per_gpu)} per GPU; over the host link (${c.host_link}, ${gb(c.host_link_bytes_per_second)}/s each way) ${gb(c.device_to_host_bytes_per_step)} down and ${gb(c.host_to_device_bytes_per_step)} up a step, ${stepSeconds(c.host_link_seconds)}; the CPU's optimizer step ${stepSeconds(c.cpu_optimizer_seconds)}`;
}

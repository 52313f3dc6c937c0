/**
 * `plan --json` (and the library's `plan`): the plan report with snake_case field names (snakeKeys.ts), so that each
 * `best[i].layout` reads as a scenario writes it: `cluster.parallelism`'s keys (`micro_batch`, `zero_stage`,
 * `virtual_stages`, `shard_group`, `sequence_parallel`, ...) and `training.recompute` / `training.recompute_layers`
 * (perf/layoutFields.ts scenarioKey), pasted as they are.
 */
import type { PlanReport } from '../perf/index.js';
import { snakeKeys, type SnakeKeys } from './snakeKeys.js';

/** The plan's data maps, whose keys are data: skipped (reason → layouts), unseenMedianAbsError (held-out set → error), kindRecord.gpus (GPU id → runs). */
const PLAN_DATA_MAPS = ['skipped', 'unseenMedianAbsError', 'gpus'] as const;

/** One plan as `plan --json` prints it. */
export type PlanJson = SnakeKeys<PlanReport>;

export const planJson = (r: PlanReport): PlanJson => snakeKeys(r, PLAN_DATA_MAPS);

/**
 * `validate --json` (and the library's `validateRuns`): the validation report with snake_case field names
 * (snakeKeys.ts), as `run --json` and `plan --json` print theirs: each row's `layout` reads as a scenario's
 * `cluster.parallelism` writes it (`micro_batch`, `zero_stage`, ...), and `predicted_mfu`, `source_key`, `full_run`.
 */
import type { OwnRunsReport, ValidationReport } from '../perf/validate.js';
import { snakeKeys, type SnakeKeys } from './snakeKeys.js';

/** The report's data maps, whose keys are data: summary and fitted (set → figures), scales (accelerator family → scale), by_kind's gpus (GPU id → rows), a row's provenance (input → where it came from). */
const VALIDATE_DATA_MAPS = ['summary', 'fitted', 'scales', 'gpus', 'provenance'] as const;

export type ValidationJson = SnakeKeys<ValidationReport>;
export type OwnRunsJson = SnakeKeys<OwnRunsReport>;

export const validationJson = (r: ValidationReport): ValidationJson => snakeKeys(r, VALIDATE_DATA_MAPS);
export const ownRunsJson = (r: OwnRunsReport): OwnRunsJson => snakeKeys(r, VALIDATE_DATA_MAPS);

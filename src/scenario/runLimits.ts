/**
 * The runs one invocation makes, counted scenario by scenario before any is computed (src/input/limits.ts): every run,
 * and those that search parallel layouts (a planner search each). `flopcast run` and `report` count them over their
 * files (cli/load/scenario.ts), the library's run and report over its scenario, refused in the same words (the library
 * computed 70 layout searches where the command refused them). Pure.
 */
import { InputError } from '../input/errors.js';
import { LIMITS } from '../input/limits.js';
import { int } from '../report/format.js';
import { combinationCount, searchesLayouts } from './matrix.js';

export interface RunCount {
  total: number;
  planned: number;
}

/**
 * The count with scenario `raw` (named `file` in the error) added; refused where it passes a limit. `onlyPlanned`: one
 * scenario alone (the library), whose runs past the total are refused where its matrix or options are, at their line
 * (matrix.ts, options.ts); the planner's limit has no such place.
 */
export function countRuns(before: RunCount, raw: unknown, file: string, { onlyPlanned = false } = {}): RunCount {
  const runs = combinationCount(raw);
  const total = before.total + runs;
  if (!onlyPlanned && total > LIMITS.runsPerInvocation) {
    throw new InputError(`the scenarios of this command expand to ${int(total)} runs counted up to this file; the limit is ${int(LIMITS.runsPerInvocation)}`, { file, keyPath: 'matrix', hint: 'run fewer files or smaller matrices at a time' });
  }
  const planned = before.planned + (searchesLayouts(raw) ? runs : 0);
  if (planned > LIMITS.plannedRunsPerInvocation) {
    throw new InputError(`${int(planned)} runs search parallel layouts (utilization: auto or a parallelism), counted up to this file; the limit is ${int(LIMITS.plannedRunsPerInvocation)}`, { file, keyPath: 'matrix', hint: 'give utilization as a number for a wide sweep, or split it into several commands' });
  }
  return { total, planned };
}

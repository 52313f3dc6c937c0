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

/**
 * The limit a count of runs is held to, and the words of its refusal that every face shares: a command and the library
 * count runs (countRuns), the page counts options (ui/evaluate.ts), which it removes with the × of a row.
 */
export const runLimit = (planned: boolean): number => (planned ? LIMITS.plannedRunsPerInvocation : LIMITS.runsPerInvocation);
export const SEARCH_WORDS = { searches: 'search parallel layouts', fix: 'give utilization as a number' } as const;
/** `2,001 runs; the limit is 2,000`: the count, what it counts, the limit. */
export const overLimitText = (counted: string, planned: boolean): string => `${counted}; the limit is ${int(runLimit(planned))}`;

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
  const planned = before.planned + (searchesLayouts(raw) ? runs : 0);
  if (!onlyPlanned && total > runLimit(false)) {
    // Past both limits (2,001 `auto` runs), both are named: told the total alone, a sweep cut to 2,000 was refused next at 64.
    const searches = planned > runLimit(true) ? `; ${int(planned)} of them ${SEARCH_WORDS.searches}, where the limit is ${int(runLimit(true))}: ${SEARCH_WORDS.fix}` : '';
    throw new InputError(overLimitText(`the scenarios of this command expand to ${int(total)} runs counted up to this file`, false), { file, keyPath: 'matrix', hint: `run fewer files or smaller matrices at a time${searches}` });
  }
  if (planned > runLimit(true)) {
    throw new InputError(overLimitText(`${int(planned)} runs ${SEARCH_WORDS.searches} (utilization: auto or a parallelism), counted up to this file`, true), { file, keyPath: 'matrix', hint: `${SEARCH_WORDS.fix} for a wide sweep, or split it into several commands` });
  }
  return { total, planned };
}

/**
 * What the CLI loads, for tests that read it as the commands do: scenario files' runs (src/cli/load/scenario.ts, as run
 * and report load them) and the bundled validation sets' report (src/cli/commands/validate.ts, as `flopcast validate`).
 */
import { loadScenarioGroups } from '../src/cli/load/scenario.js';
import { chosenSets, readValidationSets, validateSets, VALIDATION_DIR } from '../src/cli/commands/validate.js';
import type { ResolvedRun } from '../src/scenario/resolve.js';
import type { ValidationReport } from '../src/perf/validate.js';
import type { Split } from '../src/perf/splits.js';

/** Every run of the files, their options and matrix cells, in order: `flopcast run FILES`' runs. */
export function loadScenarios(files: readonly string[], hardwareDirs: readonly string[]): ResolvedRun[] {
  return loadScenarioGroups(files, hardwareDirs).flat();
}

/** `flopcast validate [--split ...]`'s report of the sets in `dir`: `splits`' files only (default: all but the sealed). */
export function runValidation(dir = VALIDATION_DIR, splits?: readonly Split[]): ValidationReport {
  return validateSets(chosenSets(readValidationSets(dir), splits));
}

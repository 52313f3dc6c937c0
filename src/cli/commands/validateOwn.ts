/**
 * `flopcast validate FILE...`: a user's own measured runs, in the validation rows' shape (src/perf/validateSchema.ts
 * OwnRunsFileSchema), predicted by the same performance model as the bundled rows, with the throughput scale they
 * imply (src/perf/validate.ts validateOwnRuns). File I/O and printing here; the arithmetic is in src/perf.
 */
import { parseYaml } from '../../input/yaml.js';
import { ownRunsOf, type RunsSeen } from '../../library/validate.js';
import type { OwnRunsReport } from '../../perf/validate.js';
import type { Resolvers } from '../../perf/validateRow.js';
import type { ValidationRow } from '../../perf/validateSchema.js';
import { errorPct, fixed, shownError } from '../../report/format.js';
import { baseDirOf, readText } from '../load/files.js';
import { folderSources } from '../load/sources.js';

/**
 * Each file's rows with the resolvers of its folder (model paths from there; profiles in a `hardware-profiles/` folder
 * there, then --hardware-dir), read as a scenario's are (folderSources), through the library's one path (src/library/validate.ts).
 */
export function readOwnRuns(files: readonly string[], hardwareDirs: readonly string[]): { rows: ValidationRow[]; resolvers: Resolvers }[] {
  const seen: RunsSeen = new Map(); // the runs of the files before: counted together against the limit, named once
  return files.map((file) => ownRunsOf(folderSources(baseDirOf(file), hardwareDirs), parseYaml(readText(file, 'runs file'), file), seen));
}

/** What `validate FILE` says of runs none of which could be predicted (it exits 1: each run's reason is printed). */
export const NONE_PREDICTED = 'no run could be predicted: each is listed with its reason';

export function renderOwnRuns(r: OwnRunsReport, renderRows: (rows: OwnRunsReport['rows']) => string): string {
  const reasons = r.unpredicted.map((u) => `  ${u.name}: ${u.reason}`).join('\n');
  const s = r.summary;
  if (!r.rows.length) return `your runs: none predicted (${r.unpredicted.length}):\n${reasons}\n`;
  const median = shownError(s.median_error); // the sign's words follow the figure printed
  const summary = `your runs: ${s.rows} predicted, median |error| ${errorPct(s.median_abs_error)}, worst ${errorPct(s.worst_abs_error)}, median ${errorPct(s.median_error, { signed: true })}${median > 0 ? ' (predicted faster than measured)' : median < 0 ? ' (predicted slower than measured)' : ''}\n`;
  const why = 'one run fits any scale exactly and tests none';
  // The families among your runs the fit gave no scale (validateOwnRuns: one run each).
  const unscaled = [...new Set(r.rows.map((x) => x.family))].filter((f) => !r.fitted || !Object.hasOwn(r.fitted.scales, f));
  const fitted = r.fitted
    ? `the scale your runs imply (measured / predicted throughput, geometric mean per accelerator family): ${Object.entries(r.fitted.scales).map(([f, k]) => `${f} ×${fixed(k, 3)}`).join(', ')}${unscaled.length ? `; none for ${unscaled.join(', ')} (${why})` : ''}; fitted on the others, each run's |error| with it: median ${errorPct(r.fitted.leave_one_out.median_abs_error)}, worst ${errorPct(r.fitted.leave_one_out.worst_abs_error)} (leave one run out: how far the scale carries to a run it was not fitted on)\n`
    : `the scale your runs imply: give two or more runs on one accelerator family (${why})\n`;
  const skipped = r.unpredicted.length ? `\nnot predicted (${r.unpredicted.length}; left out of the summary):\n${reasons}\n` : '';
  return `${renderRows(r.rows)}\n\nerror = predicted / measured throughput − 1 (tokens/s or step time where the row gives them, utilisation otherwise); positive = predicted faster\n${summary}${fitted}${skipped}`;
}

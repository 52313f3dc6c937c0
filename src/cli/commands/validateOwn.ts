/**
 * `flopcast validate FILE...`: a user's own measured runs, in the validation rows' shape (src/perf/validateSchema.ts
 * OwnRunsFileSchema), predicted by the same performance model as the bundled rows, with the throughput scale they
 * imply (src/perf/validate.ts validateOwnRuns). File I/O and printing here; the arithmetic is in src/perf.
 */
import { parseYaml } from '../../input/yaml.js';
import { ownRunsOf, type RunsSeen } from '../../library/validate.js';
import type { OwnRunsReport, Resolvers } from '../../perf/validate.js';
import type { ValidationRow } from '../../perf/validateSchema.js';
import { fixed, pct, signedPct } from '../../report/format.js';
import { today } from '../clock.js';
import { baseDirOf, readText } from '../load/files.js';
import { catalogFor } from '../load/hardware.js';
import { loadModel } from '../load/model.js';

/**
 * Each file's rows with the resolvers of its folder (model paths from there; profiles in a `hardware-profiles/` folder
 * there, then --hardware-dir, as for a scenario), through the library's one path (src/library/validate.ts).
 */
export function readOwnRuns(files: readonly string[], hardwareDirs: readonly string[]): { rows: ValidationRow[]; resolvers: Resolvers }[] {
  const seen: RunsSeen = new Map(); // the runs of the files before: counted together against the limit, named once
  return files.map((file) => {
    const dir = baseDirOf(file);
    // As loadScenarioFiles builds a scenario's: --hardware-dir errors named as the flag (the library's fileSources names hardwareDirs[i]).
    const catalog = catalogFor(dir, hardwareDirs);
    return ownRunsOf({ loadModel: (ref) => loadModel(ref, dir), loadHardware: (id) => catalog.get(id), today: today() }, parseYaml(readText(file, 'runs file'), file), seen);
  });
}

/** A signed error as validate prints it, bundled rows and yours: +6.2%, -7.0% (an ASCII minus, as its tables always had). */
export const signed = (x: number) => `${x >= 0 ? '+' : ''}${pct(x)}`;

export function renderOwnRuns(r: OwnRunsReport, renderRows: (rows: OwnRunsReport['rows']) => string): string {
  const s = r.summary;
  const summary = r.rows.length
    ? `your runs: ${s.rows} predicted, median |error| ${pct(s.median_abs_error)}, worst ${pct(s.worst_abs_error)}, median ${signedPct(s.median_error)}${s.median_error > 0 ? ' (predicted faster than measured)' : s.median_error < 0 ? ' (predicted slower than measured)' : ''}\n`
    : 'your runs: none predicted\n';
  const why = 'one run fits any scale exactly and tests none';
  // The families among your runs the fit gave no scale (validateOwnRuns: one run each).
  const unscaled = [...new Set(r.rows.map((x) => x.family))].filter((f) => !r.fitted || !Object.hasOwn(r.fitted.scales, f));
  const fitted = r.fitted
    ? `the scale your runs imply (measured / predicted throughput, geometric mean per accelerator family): ${Object.entries(r.fitted.scales).map(([f, k]) => `${f} ×${fixed(k, 3)}`).join(', ')}${unscaled.length ? `; none for ${unscaled.join(', ')} (${why})` : ''}; fitted on the others, each run's |error| with it: median ${pct(r.fitted.leave_one_out.median_abs_error)}, worst ${pct(r.fitted.leave_one_out.worst_abs_error)} (leave one run out: how far the scale carries to a run it was not fitted on)\n`
    : r.rows.length ? `the scale your runs imply: give two or more runs on one accelerator family (${why})\n` : '';
  const skipped = r.unpredicted.length ? `\nnot predicted (${r.unpredicted.length}; left out of the summary):\n${r.unpredicted.map((u) => `  ${u.name}: ${u.reason}`).join('\n')}\n` : '';
  return `${r.rows.length ? renderRows(r.rows) + '\n\n' : ''}error = predicted / measured throughput − 1 (tokens/s or step time where the row gives them, utilisation otherwise); positive = predicted faster\n${summary}${fitted}${skipped}`;
}

/**
 * `flopcast validate FILE...`: a user's own measured runs, in the validation rows' shape (src/perf/validateSchema.ts
 * OwnRunsFileSchema), predicted by the same performance model as the bundled rows, with the throughput scale they
 * imply (src/perf/validate.ts validateOwnRuns). File I/O and printing here; the arithmetic is in src/perf.
 */
import { InputError, formatKeyPath } from '../../input/errors.js';
import { refuseOtherKind } from '../../input/fileKind.js';
import { validate } from '../../input/validate.js';
import { parseYaml, type ParsedYaml } from '../../input/yaml.js';
import type { Architecture } from '../../model/architecture.js';
import type { OwnRunsReport, Resolvers } from '../../perf/validate.js';
import { OwnRunsFileSchema, type ValidationRow } from '../../perf/validateSchema.js';
import { fixed, pct } from '../../report/format.js';
import { baseDirOf, readText } from '../load/files.js';
import { catalogFor } from '../load/hardware.js';
import { loadModel } from '../load/model.js';

/** An error of a loader without a place of its own, put at `path` of the runs file (an error inside a model file keeps its place). */
function at<T>(parsed: ParsedYaml, path: (string | number)[], fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InputError && !err.details.file) throw new InputError(err.message, { ...err.details, file: parsed.file, ...parsed.locate(path), keyPath: formatKeyPath(path) });
    throw err;
  }
}

/** Each file's rows with the resolvers of its folder; an unknown model or accelerator is an input error at its row. */
export function readOwnRuns(files: readonly string[], hardwareDirs: readonly string[]): { rows: ValidationRow[]; resolvers: Resolvers }[] {
  return files.map((file) => {
    const parsed = parseYaml(readText(file, 'runs file'), file);
    refuseOtherKind(parsed.value, 'runs', parsed.file, 'a file of measured runs (rows: [...])');
    // A bundled validation file (or a copy of one) declares its set: "unknown key `split`" alone did not say why.
    const value = parsed.value as Record<string, unknown>;
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, 'split')) {
      const split = typeof value.split === 'string' ? value.split : undefined;
      throw new InputError('`split` declares a bundled validation set; a file of your runs holds `rows` only', {
        file: parsed.file, ...parsed.locate(['split']), keyPath: 'split',
        hint: `${split ? `flopcast validate --split ${split} evaluates the bundled set; ` : ''}to take its rows as your runs, remove split${Object.hasOwn(value, 'sealed') ? ' and sealed' : ''}`,
      });
    }
    const { rows } = validate(OwnRunsFileSchema, parsed);
    const dir = baseDirOf(file);
    // Profiles beside the file extend the bundled ones, --hardware-dir wins over both, as for a scenario.
    const catalog = catalogFor(dir, hardwareDirs);
    const models = new Map<string, Architecture>();
    rows.forEach((row, i) => {
      if (typeof row.model === 'string' && !models.has(row.model)) {
        const ref = row.model;
        models.set(ref, at(parsed, ['rows', i, 'model'], () => loadModel(ref, dir)));
      }
      at(parsed, ['rows', i, 'cluster', 'gpu'], () => catalog.get(row.cluster.gpu));
    });
    return { rows, resolvers: { model: (id) => models.get(id)!, hardware: (id) => catalog.get(id) } };
  });
}

export function renderOwnRuns(r: OwnRunsReport, renderRows: (rows: OwnRunsReport['rows']) => string): string {
  const s = r.summary;
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${pct(x)}`;
  const summary = r.rows.length
    ? `your runs: ${s.rows} predicted, median |error| ${pct(s.median_abs_error)}, worst ${pct(s.worst_abs_error)}, median ${signed(s.median_error)}${s.median_error > 0 ? ' (predicted faster than measured)' : s.median_error < 0 ? ' (predicted slower than measured)' : ''}\n`
    : 'your runs: none predicted\n';
  const fitted = r.fitted
    ? `the scale your runs imply (measured / predicted throughput, geometric mean per accelerator family): ${Object.entries(r.fitted.scales).map(([f, k]) => `${f} ×${fixed(k, 3)}`).join(', ')}; fitted on the others, each run's |error| with it: median ${pct(r.fitted.leave_one_out.median_abs_error)}, worst ${pct(r.fitted.leave_one_out.worst_abs_error)} (leave one run out: how far the scale carries to a run it was not fitted on)\n`
    : r.rows.length === 1 ? 'the scale your runs imply: give two or more runs (one run fits any scale exactly and tests none)\n' : '';
  const skipped = r.unpredicted.length ? `\nnot predicted (${r.unpredicted.length}; left out of the summary):\n${r.unpredicted.map((u) => `  ${u.name}: ${u.reason}`).join('\n')}\n` : '';
  return `${r.rows.length ? renderRows(r.rows) + '\n\n' : ''}error = predicted / measured throughput − 1 (tokens/s or step time where the row gives them, utilisation otherwise); positive = predicted faster\n${summary}${fitted}${skipped}`;
}

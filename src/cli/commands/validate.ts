import type { Argv } from 'yargs';
import { join } from 'node:path';
import { validate } from '../../input/validate.js';
import { parseYaml } from '../../input/yaml.js';
import { ValidationFileSchema, validateRuns, type ValidationReport } from '../../perf/validate.js';
import { describeLayout } from '../../perf/layout.js';
import { count, fixed, pct } from '../../report/format.js';
import { table } from '../../report/table.js';
import { PACKAGE_ROOT } from '../../paths.js';
import { readText } from '../load/files.js';
import { HardwareCatalog } from '../load/hardware.js';
import { loadModel } from '../load/model.js';
import { emit, json, type Io } from '../output.js';

export const VALIDATION_FILE = join(PACKAGE_ROOT, 'validation', 'published-runs.yaml');

/** Runs the bundled validation set (file I/O here; the arithmetic is src/perf/validate.ts). */
export function runValidation(file = VALIDATION_FILE): ValidationReport {
  const rows = validate(ValidationFileSchema, parseYaml(readText(file, 'validation file'), file)).rows;
  const catalog = new HardwareCatalog([]);
  return validateRuns(rows, { model: (id) => loadModel(id), hardware: (id) => catalog.get(id) });
}

const signed = (x: number | null) => (x === null ? '' : `${x >= 0 ? '+' : ''}${pct(x)}`);

export function renderValidation(r: ValidationReport): string {
  const rows = r.rows.map((x) => [
    x.name, describeLayout(x.layout) + (x.searched ? ' *' : ''),
    x.metric ? `${x.metric.toUpperCase()} ${pct(x.predicted!)}` : '', x.reported !== null ? pct(x.reported) : '', signed(x.error),
    `${fixed(x.predictedStepSeconds, 2)} s`, x.reportedStepSeconds !== null ? `${fixed(x.reportedStepSeconds, 2)} s` : '', signed(x.stepError),
  ]);
  const t = table([
    { header: 'run' }, { header: 'layout (* = searched)' }, { header: 'predicted', align: 'right' }, { header: 'reported', align: 'right' }, { header: 'error', align: 'right' },
    { header: 'step', align: 'right' }, { header: 'reported', align: 'right' }, { header: 'error', align: 'right' },
  ], rows);
  const runs = r.rows.filter((x) => x.fullRun !== null);
  const full = runs.length ? '\n' + table([
    { header: 'whole run' }, { header: 'tokens', align: 'right' }, { header: 'predicted GPU-hours', align: 'right' }, { header: 'reported', align: 'right' },
    { header: 'predicted / reported', align: 'right' }, { header: 'the reported figure covers' },
  ], runs.map((x) => {
    const f = x.fullRun!;
    return [x.name, count(f.tokens, 3), count(f.predictedGpuHours, 3), count(f.reportedGpuHours, 4), pct(f.ratio), f.note];
  })) + '\n(flopcast predicts steady-state speed; the reported hours also hold restarts, ramps and slower phases, which put the ratio below 100%)\n' : '';
  return `${t}\n\nutilization: median |error| ${pct(r.utilization.median)}, worst ${pct(r.utilization.worst)} (${r.utilization.worstRow})\n` +
    `step time (${r.stepTime.n} rows): mean |error| ${pct(r.stepTime.mean)}, worst ${pct(r.stepTime.worst)}\n` + full;
}

export function validateCommand(y: Argv, io: Io): Argv {
  return y.command(
    'validate',
    'Predicted against published MFU and step times (validation/published-runs.yaml)',
    (c) => c.example('$0 validate', 'the table with per-row errors, median and worst').example('$0 validate --json', 'machine-readable'),
    (argv) => {
      const r = runValidation();
      emit(io, argv.json ? json(r) : renderValidation(r), argv.out as string | undefined);
    },
  );
}

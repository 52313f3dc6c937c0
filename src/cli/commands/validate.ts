import type { Argv } from 'yargs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '../../input/validate.js';
import { parseYaml } from '../../input/yaml.js';
import type { Architecture } from '../../model/architecture.js';
import { validateOwnRuns, validateRuns, type SetSummary, type ValidationReport, type ValidationSet } from '../../perf/validate.js';
import type { Provenance, RowResult } from '../../perf/validateRow.js';
import { validationSchemas } from '../../perf/validateSchema.js';
import { SPLITS, type Split } from '../../perf/splits.js';
import { describeLayout } from '../../perf/layout.js';
import { CALIBRATIONS } from '../../perf/calibration.js';
import type { KindSummary } from '../../perf/runKinds.js';
import { BAND_DIGITS } from '../../perf/kindRecord.js';
import { count, errorPct, fixed, pct } from '../../report/format.js';
import { table } from '../../report/table.js';
import { PACKAGE_ROOT } from '../../paths.js';
import { readText } from '../load/files.js';
import { isFile, yamlFileNames } from '../load/paths.js';
import { HardwareCatalog } from '../load/hardware.js';
import { loadModel } from '../load/model.js';
import { json, type Io } from '../output.js';
import { ownRunsJson, validationJson } from '../../report/validateJson.js';
import { HARDWARE_DIR_OPTION, hardwareDirsOf, outputOf, type Writes } from '../options.js';
import { UnmetError, UsageError } from '../errors.js';
import { NONE_PREDICTED, readOwnRuns, renderOwnRuns } from './validateOwn.js';

/** `validate --by-kind` writes the README's Markdown table, or with --json the summary's by_kind (options.ts outFormat). */
const BY_KIND_WRITES: Writes = { formats: ['markdown', 'json'], choose: 'give --json to write JSON under this name' };

export const VALIDATION_DIR = join(PACKAGE_ROOT, 'validation');

/** Presets by id, each loaded once per command (many rows name the same preset). */
function presetLoader(): (id: string) => Architecture {
  const loaded = new Map<string, Architecture>();
  return (id) => {
    let arch = loaded.get(id);
    if (!arch) loaded.set(id, (arch = loadModel(id)));
    return arch;
  };
}

/** Every validation/*.yaml, in name order, parsed and checked (file I/O here; the arithmetic is src/perf/validate.ts). */
export function readValidationSets(dir = VALIDATION_DIR): (ValidationSet & { file: string; sealed: boolean })[] {
  return yamlFileNames(readdirSync(dir), { yml: false }).sort().map((f) => {
    const file = join(dir, f);
    const v = validate(validationSchemas().file, parseYaml(readText(file, 'validation file'), file));
    return { file, split: v.split, sealed: v.sealed === true, rows: v.rows };
  });
}

/** The files to evaluate: those of `splits`, or, with none named, every file that is not sealed. */
export function chosenSets<T extends { split: Split; sealed: boolean }>(sets: readonly T[], splits?: readonly Split[]): T[] {
  return sets.filter((s) => (splits ? splits.includes(s.split) : !s.sealed));
}

/** The bundled sets' rows predicted and summarised, on the bundled presets and profiles. */
export function validateSets(sets: ValidationSet[]): ValidationReport {
  const catalog = new HardwareCatalog([]);
  return validateRuns(sets, { model: presetLoader(), hardware: (id) => catalog.get(id) });
}

const METRIC_LABEL = { tokens_per_second_per_gpu: 'tokens/s/GPU', step_seconds: 'step s', mfu: 'MFU', hfu: 'HFU' } as const;

function value(x: RowResult, v: number): string {
  return x.metric === 'tokens_per_second_per_gpu' ? count(v, 4) : x.metric === 'step_seconds' ? fixed(v, 2) : pct(v);
}

/** "stack: flash_attention, zero_stage; searched: micro_batch, recompute" (reported inputs are left out). */
function notReported(p: Record<string, Provenance>): string {
  const of = (k: Provenance) => Object.keys(p).filter((f) => p[f] === k);
  return [['stack', of('stack')], ['searched', of('searched')]].filter(([, f]) => f!.length).map(([k, f]) => `${k}: ${(f as string[]).join(', ')}`).join('; ');
}

function line(name: string, s: { rows: number; median_abs_error: number; worst_abs_error: number }): string {
  return `${name}: ${s.rows} rows, median |error| ${errorPct(s.median_abs_error)}, worst ${errorPct(s.worst_abs_error)}`;
}

function setLines(name: string, s: SetSummary): string {
  return [line(name, s), ...(s.moe.rows ? [line(`  ${name} MoE`, s.moe)] : []), ...(s.fsdp.rows ? [line(`  ${name} FSDP/ZeRO-3`, s.fsdp)] : [])].join('\n');
}

/** The per-row table: the set (bundled rows), the run, its layout, the figure compared and the inputs its source does not print. */
function rowsTable(rows: readonly RowResult[], withSet: boolean): string {
  const cells = rows.map((x) => [
    ...(withSet ? [x.split] : []), x.name, describeLayout(x.layout, x.moe) + (x.fits ? '' : ' (does not fit)'), METRIC_LABEL[x.metric], value(x, x.predicted), value(x, x.reported), errorPct(x.error, { signed: true }), notReported(x.provenance),
  ]);
  return table([
    ...(withSet ? [{ header: 'set' }] : []), { header: 'run' }, { header: 'layout' }, { header: 'compared' }, { header: 'predicted', align: 'right' as const }, { header: 'reported', align: 'right' as const },
    { header: 'error', align: 'right' as const }, { header: 'inputs not reported by the source' },
  ], cells);
}

function renderValidation(r: ValidationReport): string {
  const t = rowsTable(r.rows, true);
  const runs = r.rows.filter((x) => x.fullRun !== null);
  const full = runs.length ? '\n' + table([
    { header: 'whole run' }, { header: 'tokens', align: 'right' }, { header: 'predicted GPU-hours', align: 'right' }, { header: 'reported', align: 'right' },
    { header: 'predicted / reported', align: 'right' }, { header: 'the reported figure covers' },
  ], runs.map((x) => {
    const f = x.fullRun!;
    return [x.name, count(f.tokens, 3), count(f.predictedGpuHours, 3), count(f.reportedGpuHours, 4), pct(f.ratio), f.note];
  })) + '\n(flopcast predicts steady-state speed; the reported hours also hold restarts, ramps and slower phases, which put the ratio below 100%)\n' : '';
  const s = r.summary;
  const skipped = r.unpredicted.length ? `\nnot predicted (${r.unpredicted.length}; left out of the summaries):\n${r.unpredicted.map((u) => `  ${u.split} ${u.name}: ${u.reason}`).join('\n')}\n` : '';
  const cv = s.cross_validation;
  const scales = Object.entries(r.fitted.scales).map(([f, k]) => `${f} ×${fixed(k, 3)}`).join(', ');
  return `${t}\n\nerror = predicted / reported throughput − 1 (tokens/s or step time where the source gives them, utilisation otherwise); positive = predicted faster\n` +
    SPLITS.filter((k) => s[k].rows > 0).map((k) => setLines(k, s[k]) + '\n').join('') +
    // A choice of sets with no predicted row (holdout28's hybrids alone) has nothing to cross-validate: it printed 'median |error| 0.0%'.
    (cv.rows > 0
      ? `cross-validation over the sets above (${cv.method}; ${cv.folds} sources): median |error| ${errorPct(cv.median_abs_error)}, worst ${errorPct(cv.worst_abs_error)}\n`
      : `cross-validation: ${NO_PREDICTED_ROW}\n`) +
    (s.calibration.rows > 0
      ? `scales fitted on calibration on top of the predictions above (which carry utilization: auto's nvidia ×${fixed(CALIBRATIONS.nvidia.throughputScale, 4)}; report only): ${scales || 'none'}; ${line('calibration', r.fitted.calibration)}; ${SPLITS.filter((k) => k !== 'calibration' && r.fitted[k].rows > 0).map((k) => line(k, r.fitted[k])).join('; ')}\n`
      : 'fitted scales: none (the calibration set was not evaluated)\n') + skipped + full;
}

/** What validate says of a choice of sets none of whose rows was predicted (holdout28's hybrids alone). */
const NO_PREDICTED_ROW = 'no predicted row in the sets chosen';

/**
 * The rows by kind of run as a Markdown table (the README's "how far to trust it"). With no kind (no predicted row), the
 * table's head alone said nothing of why (`--by-kind --split holdout28`): said under it (hostile sweep 29).
 */
export function renderKindsMarkdown(kinds: readonly KindSummary[]): string {
  const ends = (a: number, b: number) => `${errorPct(a, BAND_DIGITS)} … ${errorPct(b, BAND_DIGITS)}`;
  const held = ({ rows, inside }: KindSummary['band_held_out']) => (rows ? `${inside} of ${rows} (${pct(inside / rows, 0)})` : 'none tested');
  return ['| kind of run | rows | median \\|error\\| | median bias (+ optimistic) | 8 in 10 between | inside it, own source left out | range | within ±15% |', '|---|---|---|---|---|---|---|---|',
    ...kinds.map((k) => `| ${k.label} | ${k.rows} | ${errorPct(k.median_abs_error)} | ${errorPct(k.median_error, { signed: true })} | ${ends(k.error_p10, k.error_p90)} | ${held(k.band_held_out)} | ${ends(k.min_error, k.max_error)} | ${k.within_15_percent} |`)].join('\n') + '\n' +
    (kinds.length ? '' : `\n${NO_PREDICTED_ROW}: flopcast validate without --by-kind lists each row and why it was not predicted\n`);
}

export function validateCommand(y: Argv, io: Io): Argv {
  return y.command(
    'validate [runs..]',
    'Predicted against published throughputs (validation/*.yaml): calibration and test sets, cross-validation; or against your own measured runs',
    (c) =>
      c
        .positional('runs', { type: 'string', array: true, describe: 'files of your own measured runs (rows in the validation files\' shape): each predicted, with the scale they imply' })
        .option('hardware-dir', HARDWARE_DIR_OPTION)
        .option('split', { type: 'string', array: true, choices: SPLITS, describe: 'only these splits (default: all but the sealed ones, which stay unseen until named)' })
        .option('by-kind', { type: 'boolean', describe: 'only the rows by kind of run, as the Markdown table in the README (--json: the summary\'s by_kind)' })
        .example('$0 validate', 'per-row errors, where each input came from, and the summaries')
        .example('$0 validate --json', `summary: {${SPLITS.join(', ')}, cross_validation} and the rows`)
        .example('$0 validate --split calibration test', 'leave the holdout rows unseen while changing the model')
        .example('$0 validate --by-kind', 'how far to trust it, by kind of run (the README\'s table)')
        .example('$0 validate examples/own-runs.yaml', 'your own measured runs against the predictions, and the scale they imply'),
    (argv) => {
      const files = (argv.runs as string[] | undefined) ?? [];
      if (files.length) {
        // The options that choose among the bundled sets choose nothing among a user's files.
        // `validate test` meant the set, not a file of that name (there is a test/ folder in the checkout).
        const set = files.find((f) => (SPLITS as readonly string[]).includes(f) && !isFile(f));
        if (set !== undefined) throw new UsageError(`\`${set}\` is a bundled validation set, not a file of your runs`, `--split ${set} evaluates it`);
        for (const o of ['split', 'by-kind'] as const) if (argv[o] !== undefined) throw new UsageError(`--${o} chooses among the bundled validation sets, not your runs files`, `leave out --${o} to compare ${files.join(', ')}, or the files to evaluate the bundled sets`);
        const r = validateOwnRuns(readOwnRuns(files, hardwareDirsOf(argv)));
        const o = outputOf(argv, io);
        o.emit(o.json ? json(ownRunsJson(r)) : renderOwnRuns(r, (rows) => rowsTable(rows, false)));
        // Valid runs the model could not predict (the layout rules refused each): a failure, not invalid input.
        if (r.rows.length === 0) throw new UnmetError(NONE_PREDICTED);
        return;
      }
      if (argv.hardwareDir !== undefined && hardwareDirsOf(argv).length) throw new UsageError('--hardware-dir is read with your own runs files only: the bundled validation rows run on the bundled profiles', 'give the runs files, or leave out --hardware-dir');
      const all = readValidationSets(VALIDATION_DIR);
      const chosen = chosenSets(all, argv.split as Split[] | undefined);
      const sealed = all.filter((s) => s.sealed && !chosen.includes(s)).map((s) => s.split);
      if (sealed.length) io.stderr(`note: left out ${sealed.join(', ')}: sealed (not evaluated yet); --split ${sealed.join(' ')} evaluates ${sealed.length > 1 ? 'them' : 'it'}\n`);
      const r = validateSets(chosen);
      const byKind = argv.byKind === true;
      const o = outputOf(argv, io, undefined, byKind ? BY_KIND_WRITES : undefined);
      o.emit(o.json ? json(byKind ? validationJson(r).by_kind : validationJson(r)) : byKind ? renderKindsMarkdown(r.by_kind) : renderValidation(r));
    },
  );
}

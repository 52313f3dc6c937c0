/**
 * A user's own measured runs (`flopcast validate FILE`, the library's `validateRuns`): a file of rows in the
 * validation rows' shape (src/perf/validateSchema.ts OwnRunsFileSchema), checked and resolved against the caller's
 * Sources, then predicted by src/perf/validate.ts validateOwnRuns. One path for the command and the library.
 */
import { InputError, formatKeyPath, parseKeyPath } from '../input/errors.js';
import { LIMITS } from '../input/limits.js';
import { refuseOtherKind } from '../input/fileKind.js';
import { plainData } from '../input/data.js';
import { validate } from '../input/validate.js';
import { expectedAt } from '../input/zodIssue.js';
import { parseYaml, type ParsedYaml } from '../input/yaml.js';
import { labelKey, shownPath } from '../input/name.js';
import type { Architecture } from '../model/architecture.js';
import { resolveModel } from '../scenario/model.js';
import { validateOwnRuns } from '../perf/validate.js';
import type { Resolvers } from '../perf/validateRow.js';
import { validationSchemas, type ValidationRow } from '../perf/validateSchema.js';
import { nameArg, optionKeys, optionsArg, sourcesArg } from './args.js';
import { printed } from './printed.js';
import type { Sources } from './core.js';
import { int } from '../report/format.js';
import { ownRunsJson, type OwnRunsJson } from '../report/validateJson.js';

/** `validate FILE --json`'s report, snake_case as the command prints it (report/validateJson.ts). */
export type OwnRunsReport = OwnRunsJson;

export interface ValidateRunsOptions {
  /** What errors call the runs (the CLI: the file's path). */
  file?: string;
}

export const VALIDATE_RUNS_OPTION_KEYS = optionKeys<ValidateRunsOptions>({ file: true });

/** YAML text or an object with `rows`, as a scenario is given (library/core.ts scenarioInput). */
function runsInput(runs: unknown, file = '<runs>'): ParsedYaml {
  if (typeof runs === 'string') return parseYaml(runs, file);
  if (runs === null || typeof runs !== 'object' || Array.isArray(runs)) throw new InputError('your runs are YAML text or an object with rows', { file });
  return { file, value: plainData(runs, file, (path) => expectedAt(validationSchemas().ownRuns, path)), locate: () => ({ line: 0, col: 0 }) };
}

/** An error of a loader without a place of its own, put at `path` of the runs (an error inside a model file keeps its place). */
function at<T>(parsed: ParsedYaml, path: (string | number)[], fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InputError && !err.details.file) throw new InputError(err.message, { ...err.details, file: parsed.file, ...parsed.locate(path), keyPath: formatKeyPath(path) });
    throw err;
  }
}

/** The runs of the files read before one in the same call: each name (labelKey) and where it is written. */
export type RunsSeen = Map<string, { file: string; row: number; line: number; index: number }>;

/**
 * One file's rows, checked, with the resolvers of `sources`; an unknown model or accelerator is an input error at its
 * row. `seen`: the runs of the files read before it in the same call (this file's are added), counted with its own
 * against the limit; a name given twice is refused, as an option's is (src/scenario/options.ts).
 */
export function ownRunsOf(sources: Sources, parsed: ParsedYaml, seen: RunsSeen = new Map()): { rows: ValidationRow[]; resolvers: Resolvers; invalid: (row: number, rule: InputError) => InputError } {
  refuseOtherKind(parsed.value, 'runs', parsed.file, 'a file of measured runs (rows: [...])');
  // A bundled validation file (or a copy of one) declares its set: "unknown key `split`" alone did not say why.
  const value = parsed.value;
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, 'split')) {
    const split = (value as { split?: unknown }).split;
    throw new InputError('`split` declares a bundled validation set; a file of your runs holds `rows` only', {
      file: parsed.file, ...parsed.locate(['split']), keyPath: 'split',
      hint: `${typeof split === 'string' ? `flopcast validate --split ${split} evaluates the bundled set; ` : ''}to take its rows as your runs, remove split${Object.hasOwn(value, 'sealed') ? ' and sealed' : ''}`,
    });
  }
  const { rows } = validate(validationSchemas().ownRuns, parsed);
  // Each row is a layout search: refused before any is predicted, at the row that crosses the limit (src/input/limits.ts).
  const limit = LIMITS.plannedRunsPerInvocation;
  const before = seen.size;
  if (before + rows.length > limit) {
    const crossing = Math.max(0, limit - before);
    throw new InputError(`${int(before + crossing + 1)} runs counted up to this row; the limit is ${int(limit)}`, { file: parsed.file, ...parsed.locate(['rows', crossing]), keyPath: formatKeyPath(['rows', crossing]), hint: 'give fewer runs at a time: a scale is fitted well on a few dozen' });
  }
  // Names label the rows; a run given twice (a copied row, a file named twice) was also held out against its twin.
  rows.forEach((row, i) => {
    const key = labelKey(row.name);
    const first = seen.get(key);
    if (first !== undefined) {
      const earlier = first.index < before; // in a file read before this one
      const where = `${formatKeyPath(['rows', first.row])}${earlier ? ` of ${shownPath(first.file)}` : ''}${first.line ? ` (line ${first.line})` : ''}`;
      const again = earlier && first.file === parsed.file ? ' (a file given twice repeats all its runs)' : '';
      throw new InputError(`duplicate run name \`${key}\``, { file: parsed.file, ...parsed.locate(['rows', i, 'name']), keyPath: formatKeyPath(['rows', i, 'name']), hint: `${where} has the same name; names label the rows, so each must differ${again}` });
    }
    seen.set(key, { file: parsed.file, row: i, line: parsed.locate(['rows', i, 'name']).line, index: seen.size });
  });
  const models = new Map<string, Architecture>();
  rows.forEach((row, i) => {
    const ref = row.model;
    // As a scenario's model: (resolveModel): a path that names no file is the row's mistake, told at its `model`.
    if (typeof ref === 'string' && !models.has(ref)) models.set(ref, at(parsed, ['rows', i, 'model'], () => resolveModel(ref, sources, parsed, parsed.locate)));
    at(parsed, ['rows', i, 'cluster', 'gpu'], () => sources.loadHardware(row.cluster.gpu));
  });
  // A layout rule the row's printed fields break is told at the row's key, as `run` tells it at the scenario's.
  const invalid = (row: number, rule: InputError): InputError => {
    const path = ['rows', row, ...parseKeyPath(rule.details.keyPath ?? '')];
    return new InputError(rule.message, { ...rule.details, file: parsed.file, ...parsed.locate(path), keyPath: formatKeyPath(path) });
  };
  return { rows, resolvers: { model: (id) => models.get(id)!, hardware: (id) => sources.loadHardware(id) }, invalid };
}

/** Your own measured runs against the predictions: equal to `flopcast validate FILE --json`. */
export function validateRunsWith(sources: Sources, runs: unknown, options?: ValidateRunsOptions): OwnRunsReport {
  const o = optionsArg('options', options, VALIDATE_RUNS_OPTION_KEYS);
  return printed(ownRunsJson(validateOwnRuns([ownRunsOf(sourcesArg(sources), runsInput(runs, nameArg('file', o.file)))])));
}

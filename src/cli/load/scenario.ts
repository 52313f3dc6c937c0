/** Reads scenario files and resolves them with file-backed model and hardware loaders. */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError } from '../../input/errors.js';
import { labelKey, shownName, shownPath } from '../../input/name.js';
import { parseYaml, type ParsedYaml } from '../../input/yaml.js';
import type { Architecture } from '../../model/architecture.js';
import { today as clockToday } from '../clock.js';
import { countRuns, type RunCount } from '../../scenario/runLimits.js';
import { cachedPredictor, predictScenario } from '../../scenario/predict.js';
import { resolveScenario, type ResolvedRun, type ScenarioDeps } from '../../scenario/resolve.js';
import { UsageError } from '../errors.js';
import { createProgress, type Progress } from '../progress.js';
import { baseDirOf, fileIdentity, readText, STDIN_ARG, STDIN_NAME } from './files.js';
import type { HardwareCatalog } from './hardware.js';
import { folderSources } from './sources.js';
import { blameOverride, givenPriceSource, withOverrides, type Override } from '../../scenario/overrides.js';

export interface LoadOptions {
  predict?: ScenarioDeps['predict'];
  alwaysPredict?: boolean;
  /** The text of standard input, when a file is `-`. */
  stdin?: string;
  /** Given, infeasible matrix combinations are reported here and the others run (see resolveScenario). */
  onInfeasible?: ScenarioDeps['onInfeasible'];
  /** Command-line values over every run's (overrides.ts): written in by withFixedValues, their errors told at their flags. */
  overrides?: readonly Override[];
}

/**
 * Each scenario is given once: `-` (standard input can be read only once), and a file (by what it is,
 * whatever path names it: `run s.yaml ./s.yaml` printed its rows twice, each marked cheapest in its file).
 * Whether standard input is read.
 */
export function checkScenariosOnce(files: readonly string[]): boolean {
  const n = files.filter((f) => f === STDIN_ARG).length;
  if (n > 1) throw new UsageError('`-` (standard input) was given more than once', 'give `-` once');
  const seen = new Map<string, string>();
  for (const f of files) {
    if (f === STDIN_ARG) continue;
    let id: string;
    try {
      id = fileIdentity(statSync(f));
    } catch {
      continue; // the reader says why it cannot be read
    }
    const first = seen.get(id);
    if (first !== undefined) throw new UsageError(`scenario \`${shownPath(f)}\` is given twice${first === f ? '' : ` (also as \`${shownPath(first)}\`)`}`, 'give each file once; its rows would be printed twice');
    seen.set(id, f);
  }
  return n === 1;
}

/** A scenario argument's name and text: standard input's (read by the caller) for `-`, else the file's. */
export function scenarioText(file: string, stdin: string | undefined): { name: string; text: string } {
  return file === STDIN_ARG ? { name: STDIN_NAME, text: stdin ?? '' } : { name: file, text: readText(file, 'scenario') };
}

/**
 * The scenarios of one invocation, file by file (with the base folder their model paths and profiles
 * were looked up from, baseDirOf). The runs of all files together are capped.
 */
export function loadScenarioFiles(files: readonly string[], hardwareDirs: readonly string[], o: LoadOptions = {}): { file: string; dir: string; runs: ResolvedRun[]; catalog: HardwareCatalog }[] {
  const predict = o.predict === undefined ? predictScenario : o.predict;
  // Read and parse every file first, so the run cap is checked before any run is computed.
  let counted: RunCount = { total: 0, planned: 0 };
  const parsed: { file: string; dir: string; doc: ParsedYaml }[] = files.map((file) => {
    const { name, text } = scenarioText(file, o.stdin);
    const read = parseYaml(text, name);
    const doc = withOverrides(read, o.overrides ?? []);
    counted = countRuns(counted, doc.value, name);
    return { file: name, dir: baseDirOf(file), doc };
  });
  // A matrix with `utilization: auto` runs the planner per combination: show progress on a terminal.
  let progress: Progress | undefined;
  const onRun = (done: number, total: number) => {
    progress ??= createProgress({ total, label: 'runs' });
    progress.tick();
    if (done === total) {
      progress.done();
      progress = undefined;
    }
  };
  // A matrix resolves the same model (and, under `utilization: auto`, often the same prediction) once
  // per combination: load each model once per folder, and plan each distinct set of inputs once.
  const models = new Map<string, Architecture>();
  const cachedPredict: ScenarioDeps['predict'] = predict && cachedPredictor(predict);
  const today = clockToday();
  return refuseNamesTwice(parsed.map(({ file, dir, doc }) => {
    // Profiles next to the scenario extend (or replace) the bundled ones; --hardware-dir wins over both (folderSources).
    const { catalog, ...sources } = folderSources(dir, hardwareDirs, { models, today });
    const deps: ScenarioDeps = {
      ...sources, predict: cachedPredict, alwaysPredict: o.alwaysPredict ?? false, onRun,
      ...(o.onInfeasible ? { onInfeasible: o.onInfeasible } : {}),
      // --price over the file's: every run's given price is the flag's (withFixedValues drops the options' own), said so.
      ...givenPriceSource(o.overrides ?? []),
    };
    let runs: ResolvedRun[];
    try {
      runs = resolveScenario(doc, deps, basename(file).replace(/\.ya?ml$/i, ''));
    } catch (err) {
      throw blameOverride(err, o.overrides ?? []);
    }
    return { file, dir, runs, catalog };
  }));
}

/**
 * Runs of two files with one name (`d1/s.yaml` and `d2/s.yaml`, named from the file; one `name:` in both) printed rows
 * no one could tell apart, the CSV and JSON holding no file: refused, as one file's options of one name are.
 */
function refuseNamesTwice<T extends { file: string; runs: ResolvedRun[] }>(files: T[]): T[] {
  const named = new Map<string, string>();
  for (const { file, runs } of files) {
    for (const r of runs) {
      // As options' names are told apart (labelKey): `s` and `s ` printed alike too.
      const other = named.get(labelKey(r.result.name));
      if (other !== undefined && other !== file) throw new InputError(`a run is named \`${shownName(r.result.name)}\`, as one of ${shownPath(other)} is`, { file, hint: 'names label the rows: give one file its own name: (a top-level key)' });
    }
    for (const r of runs) named.set(labelKey(r.result.name), file);
  }
  return files;
}

/** One group of runs per file: each file is one comparison (its options and matrix). */
export function loadScenarioGroups(files: readonly string[], hardwareDirs: readonly string[], o: LoadOptions = {}): ResolvedRun[][] {
  return loadScenarioFiles(files, hardwareDirs, o).map((f) => f.runs);
}


/**
 * flopcast as a library: `import { flops, run, plan, report, validateRuns } from 'flopcast'`. Each returns what
 * the command's `--json` prints (`report` returns the document's text). This file is an edge: it
 * binds the pure core (src/library/core.ts) to the package's own models/ and hardware-profiles/
 * folders, to model files and config.json paths (relative to `baseDir`, default the working
 * directory), and to extra hardware folders. For data passed in instead of files (a browser), use
 * `flopcast/core`.
 */
import { flopcastVersion } from './paths.js';
import { fileSources, splitFileOptions, type FileOptions } from './cli/load/sources.js';
import { sha256Hex } from './cli/load/files.js';
import { planWith } from './library/plan.js';
import type { PlanQuery } from './library/planQuery.js';
import { REPORT_OPTION_KEYS, reportWith, type ReportDocument, type ReportOptions } from './library/report.js';
import type { PlanJson } from './report/planJson.js';
import type { DocumentsOption, HfConfigInput, ModelInput, RunOverrides, ScenarioInput } from './library/core.js';
import { nameArg } from './library/args.js';
import { validateRunsWith, VALIDATE_RUNS_OPTION_KEYS, type OwnRunsReport, type ValidateRunsOptions } from './library/validate.js';
import { FLOPS_OPTION_KEYS, flopsWith, RUN_OPTION_KEYS, runWith, scenarioInput, type FlopsJson, type FlopsOptions, type RunOptions, type RunResultJson, type Sources } from './library/core.js';

export { InputError } from './input/errors.js';
export type { DocumentsOption, FileOptions, FlopsJson, FlopsOptions, HfConfigInput, ModelInput, RunOptions, RunOverrides, RunResultJson, ScenarioInput, Sources };
export { fileSources };
export type { PredictionJson } from './scenario/predict.js';
export type { PlanJson, PlanQuery, ReportDocument, ReportOptions };
/** `plan`'s result by its former name: the same type as {@link PlanJson}, `plan --json`'s snake_case keys. */
export type PlanReport = PlanJson;
export type { OwnRunsReport, ValidateRunsOptions };
/** The MoE and model-state choices a PlanQuery (and a scenario's training section) takes. */
export type { MoeBalance, MoeDispatcher } from './perf/moeCost.js';
export type { ModelStateChoice } from './perf/modelState.js';
/** A plan's `kind_record`: how the model has done on published runs of the best layout's kind. */
export type KindRecord = PlanJson['kind_record'] & {};

/**
 * Exact parameter and FLOP counts: equal to `flopcast flops MODEL --json`. `model` is a preset id, a model YAML or config.json
 * path, an inline model (a model file's keys), or a Hugging Face config.json as data (`JSON.parse` of its text: its own keys).
 */
export function flops(model: string | ModelInput | HfConfigInput, options: FlopsOptions & FileOptions = {}): FlopsJson {
  const { files, rest } = splitFileOptions<FlopsOptions>(options, FLOPS_OPTION_KEYS);
  return flopsWith(fileSources(files), model, rest);
}

/** Time, GPU-hours, cost and energy for a scenario (YAML text or an object): equal to `flopcast run FILE --json`. */
export function run(scenario: string | ScenarioInput | Record<string, unknown>, options: RunOptions & FileOptions = {}): ReturnType<typeof runWith> {
  const { files, rest } = splitFileOptions<RunOptions>(options, RUN_OPTION_KEYS);
  return runWith(fileSources(files), scenario, rest);
}

/**
 * Parallel layouts ranked by step time: equal to `flopcast plan --json`. Give a `scenario`, or `model`, `gpu`, `count` and `globalBatch`; fields given override the scenario's.
 */
export function plan(query: PlanQuery, options: FileOptions = {}): PlanJson {
  return planWith(fileSources(options), query);
}

/** The budgeting report for a scenario: the HTML (or Markdown) `flopcast report` writes. */
export function report(scenario: string | ScenarioInput | Record<string, unknown>, options?: ReportOptions & FileOptions): ReportDocument {
  const { files, rest: o } = splitFileOptions<ReportOptions>(options, REPORT_OPTION_KEYS);
  const file = nameArg('file', o.file) ?? '<scenario>';
  // The hash is of the text, or of the object once it is known to be plain data (JSON can write it).
  const text = typeof scenario === 'string' ? scenario : JSON.stringify(scenarioInput(scenario, file).value);
  const inputs = [{ file, sha256: sha256Hex(text), role: 'scenario' }];
  return reportWith(fileSources(files), scenario, o, { version: flopcastVersion(), inputs });
}

/**
 * Your own measured runs (YAML text or an object with `rows`, in the validation rows' shape) against the predictions,
 * with the throughput scale they imply: equal to `flopcast validate FILE --json`. Model paths from `baseDir`.
 */
export function validateRuns(runs: string | Record<string, unknown>, options: ValidateRunsOptions & FileOptions = {}): OwnRunsReport {
  const { files, rest } = splitFileOptions<ValidateRunsOptions>(options, VALIDATE_RUNS_OPTION_KEYS);
  return validateRunsWith(fileSources(files), runs, rest);
}

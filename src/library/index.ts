/**
 * `flopcast/core`: the library without files. Models and hardware profiles come in as data
 * (`sourcesFromTexts({ models, hardware })`, or any {@link Sources}); nothing here reads a file, so
 * it runs in a browser too. `flopcast` (src/index.ts) is the same bound to the package's files.
 */
// The public surface, named: core.ts also holds helpers for src/index.ts, the CLI and the other library
// files (option-key lists, analyseFlops, countedExactly, inlineModel, ...) that are not the library's API.
export { flopsWith, runWith, sourcesFromTexts } from './core.js';
export type { Sources, TextsData, FlopsOptions, RunOptions, FlopsJson, RunResultJson, ModelInput, ScenarioInput } from './core.js';
export { planWith } from './plan.js';
export type { PlanQuery, QueryKeys } from './planQuery.js';
export { reportWith, type ReportDocument, type ReportOptions } from './report.js';
export { validateRunsWith, type OwnRunsReport, type ValidateRunsOptions } from './validate.js';
export { InputError } from '../input/errors.js';
export type { PlanJson, PlanJson as PlanReport } from '../report/planJson.js';

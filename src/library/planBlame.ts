/**
 * Where `plan FILE` tells an error of the file's fields (src/library/plan.ts): at the query's option where the file is
 * consistent and the option breaks it, with a hint in the option's terms; else at the file's line. The layout fields
 * the query gives over the file's are told at their option by the layout rules themselves (perf/layoutCheck.ts throwFirst,
 * PlanInputs.given, under the names hintOption gives them); here, the file's pipeline_layout against the model the query plans.
 */
import { InputError, parseKeyPath, placeText } from '../input/errors.js';
import type { ParsedYaml } from '../input/yaml.js';
import type { Architecture } from '../model/architecture.js';
import { hintKey, scenarioKey, type HintField, type LayoutField } from '../perf/index.js';
import { valueAtPath, type Json } from '../model/hf/keyed.js';
import { layoutModelProblem } from '../perf/pipelineLayout.js';
import { blameOrigin } from '../scenario/origins.js';
import type { ScenarioFile } from '../scenario/schema.js';
import type { PlanQuery, QueryKeys } from './planQuery.js';

const LAYOUT_FROM_QUERY: Record<LayoutField, keyof PlanQuery> = {
  tp: 'tp', pp: 'pp', dp: 'dp', cp: 'cp', ep: 'ep', etp: 'etp', shardGroup: 'shardGroup', microBatch: 'microBatch', virtualStages: 'virtualStages',
  schedule: 'schedule', zeroStage: 'zero', sequenceParallel: 'sp', recompute: 'recompute', recomputeLayers: 'recomputeLayers', pipelineLayout: 'pipelineLayout',
};
/** The query's field behind each field a hint names; null: no option gives it (recompute_modules: a scenario's alone). */
const HINT_FROM_QUERY: Record<HintField, keyof PlanQuery | null> = { ...LAYOUT_FROM_QUERY, stack: 'stack', epCommOverlap: 'epCommOverlap', moeDispatcher: 'moeDispatcher', recomputeModules: null, cpCommType: 'cpCommType', cpHierarchical: 'cpSizes', offload: 'offload' };
/**
 * How plan's errors and hints name a field in the query's terms (`--virtual-stages`, `--zero`, the library's `zero`); one no option gives, as a scenario's
 * key (`a scenario's training.recompute_modules`: plan without a file was hinted the key bare, which neither the command
 * line nor the query takes). Kept, not left out: a lever that fits the run, through plan FILE or the query's `scenario`.
 */
export const hintOption = (key: QueryKeys, f: HintField): string => { const q = HINT_FROM_QUERY[f]; return q ? key(q) : `a scenario's ${hintKey(f)}`; };

/** A field of the scenario file as hints name it: `the scenario's pipeline_layout (f.yaml:7:24)`; no place where it has no lines (an object: '<scenario>:0:0' was printed). */
function fileFieldText(file: ParsedYaml, path: readonly (string | number)[]): string {
  const at = file.locate(path);
  return `the scenario's ${String(path.at(-1))}${at.line ? ` (${placeText(file.file, at.line, at.col)})` : ''}`;
}

/**
 * How plan FILE's hints name a field (RuleContext.name): the query's option where it gave the field (`q`), the file's
 * field with its place where the file wrote it (`s`, the run planned), else the option that would give it. The layout
 * was `cluster.parallelism.pipeline_layout` in the --pp and --schedule hints and `the scenario's pipeline_layout (place)`
 * in the --model and --mtp-layers ones; a --virtual-stages given was hinted as `virtual_stages`.
 */
export function fieldNames(file: ParsedYaml, s: ScenarioFile, key: QueryKeys, q: PlanQuery): (f: HintField) => string {
  return (f) => {
    const path = parseKeyPath(hintKey(f));
    const written = valueAtPath(s as unknown as Json, path)?.value !== undefined;
    const option = HINT_FROM_QUERY[f];
    if ((option === null || q[option] === undefined) && written) return fileFieldText(file, path);
    // A key no option gives, the file does not write: the file's to add (its key bare, as run hints it).
    return option === null ? hintKey(f) : hintOption(key, f);
  };
}

export interface FileBlame {
  file: ParsedYaml;
  key: QueryKeys;
  /** The model the file plans (its own, trained as it says) and the model planned (the query's --model, --mtp-layers over it). */
  fileArch: Architecture;
  arch: Architecture;
  /** The file's pipeline_layout (its first run's). */
  written: string | undefined;
  /** The run's origins: the keys its option or matrix entry set, where the file writes them (scenario/matrix.ts). */
  origins: Map<string, (string | number)[]>;
  /** The options the query gave that change the model, and whether it gave its own pipeline layout. */
  given: { model: boolean; mtpLayers: boolean; pipelineLayout: boolean };
}

/** The error `plan FILE` throws for `err`: told at the option that broke the file, or located in the file. */
export function fileError(err: unknown, b: FileBlame): unknown {
  if (!(err instanceof InputError)) return err;
  const { file, key } = b;
  // The file's pipeline_layout, which fits the file's model, against --mtp-layers' MTP layers or --model's layers or
  // MTP depth: the query's option is the cause (it erred at the file's line, naming no option given). --mtp-layers
  // decides the MTP layers over --model's depth.
  const { written } = b;
  const layoutError = err.details.keyPath === scenarioKey('pipelineLayout') && !b.given.pipelineLayout && written !== undefined;
  const problem = layoutError && layoutModelProblem(b.fileArch, written) === null ? layoutModelProblem(b.arch, written)?.count : undefined;
  const by = problem === 'mtp' && b.given.mtpLayers ? 'mtpLayers' : problem !== undefined && b.given.model ? 'model' : undefined;
  if (by !== undefined) {
    const instead = by === 'mtpLayers' ? `give ${key(by)} the count it places`
      : problem === 'mtp' ? `plan the file's own model, or give ${key('mtpLayers')} the count it places` : 'plan the file\'s own model';
    return new InputError(err.message, { keyPath: key(by), hint: `in ${fileFieldText(file, parseKeyPath(scenarioKey('pipelineLayout')))}: ${err.details.hint}; or ${instead}` });
  }
  // A field the file fixed (or its model) is at fault: point at it in the file.
  const path = !err.details.file && err.details.keyPath !== undefined ? parseKeyPath(err.details.keyPath) : undefined;
  // Its hint names it without the place the error now starts with (`leave the scenario's pipeline_layout (f.yaml:14:5) out`).
  if (path && (path[0] === 'cluster' || path[0] === 'training' || (path[0] === 'model' && !b.given.model))) {
    const hint = err.details.hint?.replaceAll(fileFieldText(file, path), `the scenario's ${String(path.at(-1))}`);
    // Placed where the run's option or matrix entry writes it, and named so (`options[0].cluster.parallelism.micro_batch`),
    // as run names it (resolve.ts): one rule, blameOrigin's.
    const located = new InputError(err.message, { ...err.details, file: file.file, ...file.locate(path), hint });
    blameOrigin(located, file.file, b.origins);
    return located;
  }
  return err;
}

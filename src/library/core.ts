/**
 * The library's pure core: the same computations as `flopcast flops|run|plan --json`, over models
 * and hardware profiles that the caller supplies through {@link Sources}. No I/O here: `src/index.ts`
 * binds the package's own models/ and hardware-profiles/ folders (Node); a browser passes the texts
 * in (`sourcesFromTexts`).
 */
import { documentsArg, type DocumentsOption } from './documentsArg.js';
import { analyse, type FlopAnalysis } from '../flops/analyse.js';
import { overflowsBySeqLen } from '../flops/count.js';
import { ATTENTION_CONVENTIONS, RECOMPUTE_MODES, type AttentionConvention, type RecomputeMode } from '../flops/conventions.js';
import { SORT_KEYS, type SortKey } from '../estimate/compare.js';
import type { HardwareProfile } from '../hardware/toProfile.js';
import { parseHardwareProfile } from '../hardware/profile.js';
import { InputError } from '../input/errors.js';
import { fileKindOf } from '../input/fileKind.js';
import { unknownGpuError, unknownModelError } from '../input/unknown.js';
import type { GpuCandidate } from '../input/gpuNameHint.js';
import { plainData } from '../input/data.js';
import { shownName } from '../input/name.js';
import { validate } from '../input/validate.js';
import { expectedAt } from '../input/zodIssue.js';
import { parseYaml, type ParsedYaml } from '../input/yaml.js';
import type { Architecture } from '../model/architecture.js';
import { ModelSchema, toArchitecture, type HfConfigInput, type ModelInput } from '../model/schema.js';
import { fieldPlace, modelFromConfig } from '../model/text.js';
import { flopsJson, type FlopsJson } from '../report/flopsJson.js';
import { int } from '../report/format.js';
import { infeasibleOf, runJson, type Infeasible, type RunResultJson } from '../report/runJson.js';
import { printed } from './printed.js';
import { comparisonRows } from '../scenario/compare.js';
import { mtpTrained } from '../scenario/model.js';
import { todayFrom } from '../pricing/policy.js';
import { cachedPredictor, predictScenario } from '../scenario/predict.js';
import { resolveScenario, type ResolvedRun, type ScenarioDeps } from '../scenario/resolve.js';
import { ScenarioSchema, type ScenarioInput } from '../scenario/schema.js';
import { blameOverride, givenPriceSource, withOverrides } from '../scenario/overrides.js';
import { countRuns } from '../scenario/runLimits.js';
import { RUN_OVERRIDE_FIELDS, runOverridesOf, type RunOverrides } from './runOverrides.js';
import { choiceArg, countArg, dateArg, nameArg, namedLookups, optionKeys, optionsArg, printedNameArg, shownArg, sourcesArg, textsArg, typeName } from './args.js';

/** Where models and hardware profiles come from. */
export interface Sources {
  /** A preset id, or whatever else the edge accepts (a path to a model YAML or config.json in Node). */
  loadModel(ref: string): Architecture;
  /** A hardware profile by id (`h100-sxm`). */
  loadHardware(id: string): HardwareProfile;
  /** The date prices are judged against (YYYY-MM-DD; stale ones warn): the edge reads the clock. */
  today: string;
}

export interface FlopsOptions {
  /** Training tokens: a number or text such as `300B`; default one sequence. */
  tokens?: number | string;
  /** Sequence length; default the model's. */
  seqLen?: number | string;
  attention?: AttentionConvention;
  recompute?: RecomputeMode;
  /** Multi-token-prediction modules trained (Megatron-Core --mtp-num-layers; a scenario's training.mtp_layers): replaces the model's depth; 0 trains none. */
  mtpLayers?: number | string;
  /**
   * A document mask (flops/documents.ts; a scenario's training.documents): `2048` (every document 2,048 tokens),
   * `'1024:0.75,8192:0.25'` or `[{tokens: 1024, share: 0.75}, {tokens: 8192, share: 0.25}]` (a mix by share of the
   * tokens). Attention then counts only the keys inside each document. Default none.
   */
  documents?: DocumentsOption;
}

/** `run`'s options: besides these, the values `flopcast run FILE` takes over every run's (`count`, `price`, ...: RunOverrides). */
export interface RunOptions extends RunOverrides {
  /** Order the results (as `--sort`); marks are computed within the scenario either way. */
  sort?: SortKey;
  /** The name runs get when the scenario has no `name:` (the CLI uses the file's base name). */
  name?: string;
  /** What errors call the scenario (the CLI: its path). */
  file?: string;
}

export type { FlopsJson, RunResultJson, ModelInput, HfConfigInput, ScenarioInput, RunOverrides, DocumentsOption };

/** The options each call takes, at run time: any other key is refused (args.ts optionsArg). */
export const FLOPS_OPTION_KEYS = optionKeys<FlopsOptions>({ tokens: true, seqLen: true, attention: true, recompute: true, mtpLayers: true, documents: true });
export const RUN_OPTION_KEYS = optionKeys<RunOptions>({ sort: true, name: true, file: true, ...Object.fromEntries(RUN_OVERRIDE_FIELDS.map((f) => [f, true])) as Record<keyof RunOverrides, true> });
const TEXTS_KEYS = optionKeys<TextsData>({ models: true, hardware: true, today: true });

/** A model given inline, validated as a model file is; its errors name the file `<model>`. */
export function inlineModel(model: ModelInput | HfConfigInput): Architecture {
  const file = '<model>';
  // `flops(undefined)`, `flops(42)`: was 'expected a mapping of keys at the top level' with 'is this the right file?', a file's words.
  const notOne = (found: unknown) => new InputError(`a model is a preset id, a model YAML or config.json path, or an object with layers, d_model, heads, ...; found ${typeName(found)}`, { file });
  if (model === null || typeof model !== 'object') throw notOne(model);
  const value = plainData(model, file, (path) => expectedAt(ModelSchema, path));
  if (Array.isArray(value)) throw notOne(value);
  // A Hugging Face config.json as data (JSON.parse of its text, a notebook's dict) is imported as its file is.
  if (fileKindOf(value) === 'config.json') return modelFromConfig(value, file, undefined, { name: 'inline config.json' });
  return toArchitecture(validate(ModelSchema, { file, value }), 'model');
}

/** A model YAML text (a preset file), validated; `name` names an unnamed model. */
function modelFromYaml(text: string, file: string, name: string): Architecture {
  return toArchitecture(validate(ModelSchema, parseYaml(text, file)), name);
}

/**
 * What an error about a whole model blames: the key or option that named it (`model`, `--model`), or
 * the file it was read from when the user gave that file itself (`flopcast flops ./config.json`).
 */
export type ModelBlame = string | { file: string };

/**
 * Runs `fn`, whose FLOP count may leave the exact integers (src/flops/count.ts: per-token counts below
 * 2^53): a model too large to count exactly is an input error at `blame`, not a crash; at `seqLen.key`
 * instead (how the caller gives a sequence length) when a given `seqLen.value` is at fault, and at `blame`
 * with a hint to give a shorter one when the model's own is (flops/count.ts overflowsBySeqLen). For the
 * commands that take a model by name or inline (`flops`, `plan --model`); scenarios locate it in the
 * file (scenario/resolve.ts countable).
 */
export function countedExactly<T>(arch: Architecture, fn: () => T, blame: ModelBlame = 'model', seqLen?: { key: string; value: number | undefined }, documentsKey = 'documents'): T {
  try {
    return fn();
  } catch (err) {
    // The count's refusal of the documents (flops/documents.ts, window.ts documentKeys), at the key that gave them.
    if (err instanceof InputError && err.details.keyPath === 'documents') throw new InputError(err.message, { ...err.details, keyPath: documentsKey });
    // The count's own refusal of a sequence length (src/flops/count.ts, window.ts) names the key the caller
    // gave it by (`--seq-len`, `seqLen`): `flops gpt2 --seq-len 4096` printed `seq_len:`.
    const at = typeof blame === 'string' ? { keyPath: blame } : blame;
    if (err instanceof InputError && err.details.keyPath === 'seq_len' && seqLen !== undefined) {
      if (seqLen.value !== undefined) throw new InputError(err.message, { ...err.details, keyPath: seqLen.key });
      // The model's own length, at the model as an overflow at that length is (`flops m.yaml` whose seq_len is not a
      // multiple of its chunk printed a bare `seq_len:`, neither the file nor the option to give another length).
      // A model read from a file (`flops m.yaml`, `plan --model m.yaml`): at its seq_len's line, or the config key it came from.
      const where = fieldPlace(arch, 'seq_len') ?? at;
      throw new InputError(err.message, { ...where, hint: `${err.details.hint ?? 'give another sequence length'}; ${arch.name}'s own seq_len is ${int(arch.seqLen)}: give another with ${seqLen.key}` });
    }
    if (!(err instanceof RangeError)) throw err;
    if (seqLen === undefined || !overflowsBySeqLen(arch, seqLen.value)) throw new InputError(err.message, { ...at, hint: `check the sizes of ${arch.name}; per-token counts must stay below 2^53` });
    if (seqLen.value === undefined) throw new InputError(err.message, { ...at, hint: `at ${arch.name}'s own sequence length, ${int(arch.seqLen)}: give a shorter one with ${seqLen.key}; per-token counts must stay below 2^53` });
    throw new InputError(err.message, { keyPath: seqLen.key, hint: `${arch.name} counts at a shorter sequence length${arch.seqLen < seqLen.value ? ` (its own, ${int(arch.seqLen)})` : ''}; per-token counts must stay below 2^53` });
  }
}

/** The FLOP analysis behind `flops`; a model too large to count exactly is an input error, not a crash. */
export function analyseFlops(model: Architecture, options: FlopsOptions = {}, keys: { tokens: string; seqLen: string; mtpLayers?: string; documents?: string; model?: ModelBlame } = { tokens: 'tokens', seqLen: 'seqLen' }): FlopAnalysis {
  const o = optionsArg('options', options);
  const mtpKey = keys.mtpLayers ?? 'mtpLayers';
  const mtp = countArg(mtpKey, o.mtpLayers, { zero: true });
  // The modules the run trains, by the scenario's rule (scenario/model.ts mtpTrained).
  const arch = mtp === undefined ? model : mtpTrained(model, mtp, { keyPath: mtpKey, shown: shownArg(o.mtpLayers) });
  const counted = {
    tokens: countArg(keys.tokens, o.tokens),
    seqLen: countArg(keys.seqLen, o.seqLen, { sequence: true }),
    attention: choiceArg('attention', o.attention, ATTENTION_CONVENTIONS, 'attention convention') ?? 'full',
    recompute: choiceArg('recompute', o.recompute, RECOMPUTE_MODES, 'recompute mode') ?? 'none',
    documents: documentsArg(keys.documents ?? 'documents', o.documents),
  };
  return countedExactly(arch, () => analyse(arch, counted), keys.model ?? 'model', { key: keys.seqLen, value: counted.seqLen }, keys.documents ?? 'documents');
}

/** `flopcast flops MODEL --json`. */
export function flopsWith(sources: Sources, model: string | ModelInput | HfConfigInput, options?: FlopsOptions): FlopsJson {
  // The sources first, where they are given or needed: given second, the model was read as the sources and they as the model.
  const checked = sources === undefined && typeof model !== 'string' ? undefined : sourcesArg(sources);
  const o = optionsArg('options', options, FLOPS_OPTION_KEYS);
  const arch = typeof model === 'string' ? checked!.loadModel(model) : inlineModel(model);
  return printed(flopsJson(analyseFlops(arch, o)));
}

/** A scenario given as YAML text (positions kept for errors) or as an object. */
export function scenarioInput(scenario: string | ScenarioInput | Record<string, unknown>, file = '<scenario>'): ParsedYaml {
  if (typeof scenario === 'string') {
    const parsed = parseYaml(scenario, file);
    // `run('scenarios/a.yaml')`: a path is YAML text too (one string), and was refused as "a scenario
    // is a mapping with model, training and cluster", not a word of the path.
    if (typeof parsed.value === 'string' && /\.(ya?ml|json)$/i.test(parsed.value)) {
      throw new InputError(`a scenario is YAML text or an object, not a file name: found \`${shownName(parsed.value)}\``, { file, hint: "read the file and pass its text: readFileSync(path, 'utf8'), with { file: path } for positions in errors" });
    }
    return parsed;
  }
  const notOne = () => new InputError('a scenario is YAML text or an object with model, training and cluster', { file });
  if (scenario === null || typeof scenario !== 'object') throw notOne();
  // An object has no positions: errors name the key path only. Held to YAML's rules, and copied
  // (read once, first: even whether it is a list is the caller's code to run when it is a Proxy).
  const value = plainData(scenario, file, (path) => expectedAt(ScenarioSchema, path));
  if (Array.isArray(value)) throw notOne();
  return { file, value, locate: () => ({ line: 0, col: 0 }) };
}

/**
 * The resolved runs of one scenario (one comparison: its options and matrix cells); the combinations that could not
 * run are pushed to `infeasible`, as the CLI's run and report list them (only when every one fails is it an error).
 * The library threw the first one's error, where `flopcast run --json` gave the others' results.
 */
export function resolveWith(sources: Sources, scenario: string | ScenarioInput | Record<string, unknown>, options?: RunOptions, infeasible: Infeasible[] = []): ResolvedRun[] {
  const o = optionsArg('options', options, RUN_OPTION_KEYS);
  const checked = sourcesArg(sources);
  const overrides = runOverridesOf(o);
  const parsed = scenarioInput(scenario, nameArg('file', o.file));
  const name = printedNameArg('name', o.name);
  // The options over every run's values, as `run FILE --count 2048` writes its flags in (cli/load/scenario.ts).
  const doc = withOverrides(parsed, overrides);
  // The command's limit on layout searches, in its words (scenario/runLimits.ts), before any run is computed.
  countRuns({ total: 0, planned: 0 }, doc.value, doc.file, { onlyPlanned: true });
  try {
    return resolveParsed(checked, doc, name, {
      onInfeasible: (name, error) => infeasible.push(infeasibleOf(name, error)),
      ...givenPriceSource(overrides),
    });
  } catch (err) {
    throw blameOverride(err, overrides);
  }
}

/** Resolves a parsed scenario; `extra` replaces the default dependencies (the planner's capture). */
export function resolveParsed(sources: Sources, parsed: ParsedYaml, name = 'scenario', extra: Partial<ScenarioDeps> = {}): ResolvedRun[] {
  const deps: ScenarioDeps = { loadModel: (ref) => sources.loadModel(ref), loadHardware: (id) => sources.loadHardware(id), predict: cachedPredictor(predictScenario), today: sources.today, ...extra };
  return resolveScenario(parsed, deps, name);
}

/** `flopcast run SCENARIO --json`: `{ results }`, sorted as asked, marked within the scenario, and `infeasible` where some could not run. */
export function runWith(sources: Sources, scenario: string | ScenarioInput | Record<string, unknown>, options?: RunOptions): { results: RunResultJson[]; infeasible?: readonly Infeasible[] } {
  const o = optionsArg('options', options, RUN_OPTION_KEYS);
  const infeasible: Infeasible[] = [];
  const runs = resolveWith(sources, scenario, o, infeasible);
  return printed(runJson(comparisonRows(runs, choiceArg('sort', o.sort, SORT_KEYS, 'sort key')), infeasible));
}

/** Sources from texts held in memory (a browser bundle): preset YAML by id, hardware profile YAML by id. */
export interface TextsData {
  /** Model YAML by preset id. */
  models?: Record<string, string>;
  /** Hardware profile YAML by id. */
  hardware?: Record<string, string>;
  /** The date prices are judged against (YYYY-MM-DD); default the clock's. */
  today?: string;
}

export function sourcesFromTexts(data: TextsData): Sources {
  const models = new Map<string, Architecture>();
  const profiles = new Map<string, HardwareProfile>();
  const merged = new Map<string, Record<string, unknown>>();
  const d = optionsArg('data', data, TEXTS_KEYS);
  const modelTexts = textsArg('models', d.models) ?? {};
  const hardwareTexts = textsArg('hardware', d.hardware) ?? {};
  const loadHardware = (id: string): HardwareProfile => {
    const text = Object.hasOwn(hardwareTexts, id) ? hardwareTexts[id] : undefined;
    if (text === undefined) throw unknownGpuError(id, Object.keys(hardwareTexts).map((p) => weighed(p)), 'give a hardware profile id');
    let p = profiles.get(id);
    const lookup = { get: (parent: string) => (Object.hasOwn(hardwareTexts, parent) ? { text: hardwareTexts[parent]!, file: `hardware-profiles/${parent}.yaml` } : undefined), ids: () => Object.keys(hardwareTexts), merged };
    if (!p) profiles.set(id, (p = parseHardwareProfile(text, `hardware-profiles/${id}.yaml`, lookup)));
    return p;
  };
  // A profile for an unknown GPU's hint, which weighs its memory (input/gpuNameHint.ts); its id alone where it does not parse.
  const weighed = (id: string): GpuCandidate => {
    try {
      return loadHardware(id);
    } catch {
      return id;
    }
  };
  return namedLookups({
    // Prices are judged against this date; by default the clock's (a page has no SOURCE_DATE_EPOCH).
    today: dateArg('today', d.today) ?? todayFrom(Date.now()),
    loadModel(ref) {
      const text = Object.hasOwn(modelTexts, ref) ? modelTexts[ref] : undefined;
      if (text === undefined) throw unknownModelError(ref, Object.keys(modelTexts), 'give a preset id, or an inline model');
      let m = models.get(ref);
      if (!m) models.set(ref, (m = modelFromYaml(text, `models/${ref}.yaml`, ref)));
      return m;
    },
    loadHardware,
  });
}

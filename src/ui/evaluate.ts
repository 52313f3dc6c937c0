/**
 * The page's computation: state -> one resolved run per option, the errors next to the fields
 * they concern, and the report model the charts and the HTML export are drawn from. The same core
 * as the CLI (parseYaml, resolveScenario, the performance model, buildReport), with the bundled
 * presets and profiles from the page's inline data (loaded at build time by the CLI's loaders)
 * instead of files. Pure apart from caches.
 */
import type { HardwareProfile } from '../hardware/toProfile.js';
import { InputError } from '../input/errors.js';
import { unknownGpuError, unknownModelError } from '../input/unknown.js';
import { parseYaml } from '../input/yaml.js';
import type { Architecture } from '../model/architecture.js';
import { modelFromText } from '../model/text.js';
import { buildReport, type ReportModel } from '../report/document/index.js';
import { int, plural } from '../report/format.js';
import { attentionNotes } from '../report/runs.js';
import { labelledWarnings } from '../report/warnings.js';
import { cachedPredictor, predictScenario } from '../scenario/predict.js';
import { withoutReference } from '../scenario/reference.js';
import { overLimitText, runLimit, SEARCH_WORDS } from '../scenario/runLimits.js';
import { resolveScenario, type ResolvedRun, type ScenarioDeps } from '../scenario/resolve.js';
import type { UiData } from './data.js';
import { CONFIG_FILE, optionNames, optionScenario, type ScenarioText } from './scenario.js';
import type { UiState } from './state.js';

/** The inputs an error can be shown next to; `general` is the page's own message area. */
export type FieldId = 'model' | 'config' | 'tokens' | 'globalBatch' | 'precision' | 'utilization' | 'throughputScale' | 'gpu' | 'count' | 'price' | 'general';
const PER_OPTION: readonly FieldId[] = ['gpu', 'count', 'price', 'general'];
/** Resolved options kept for reuse (policy: far above the options a page shows, small in memory). */
const MAX_CACHED = 500;

export interface FieldError {
  field: FieldId;
  /** The option, for a field of one option; absent for a shared field. */
  option?: number;
  /** As the CLI prints it (`key.path: message`, then `  hint: ...`), without the page's own file name. */
  message: string;
}

export interface Evaluation {
  /** One entry per option: its run, or null when one of its inputs is invalid. */
  runs: (ResolvedRun | null)[];
  errors: FieldError[];
  /**
   * Every run's warnings (what an importer assumed, such as a pasted config.json's seq_len; stale
   * prices; an implied HFU over 1 ...), each once, in the order of the options: the list
   * `flopcast run` prints under its table for the exported file, its `note:` on the attention convention last.
   */
  warnings: string[];
  /** Over the options that resolved; null when none did. */
  report: ReportModel | null;
}

/** Where an error belongs, from its key path (or, for a pasted config.json, its file). */
function fieldOf(err: InputError): FieldId {
  if (err.details.file === CONFIG_FILE) return 'config';
  const k = err.details.keyPath ?? '';
  const table: [RegExp, FieldId][] = [
    [/^model\b/, 'model'],
    [/^training\.tokens\b/, 'tokens'],
    [/^training\.global_batch\b/, 'globalBatch'],
    // A GPU without the default bf16 (V100, T4) is told to choose fp16 here: its message names the GPU.
    [/^training\.precision\b/, 'precision'],
    [/^cluster\.gpu\b/, 'gpu'],
    [/^cluster\.count\b/, 'count'],
    [/^cluster\.utilization\b/, 'utilization'],
    [/^cluster\.throughput_scale\b/, 'throughputScale'],
    // The performance model reports the layouts that cannot run on one option's GPUs at cluster.parallelism (the page
    // sets no layout): that option's error ('general', under its row; the hint names its GPUs or count). Put at the
    // shared utilisation field, every option's such message was stacked in its narrow column, naming no row.

    [/^pricing\b/, 'price'],
  ];
  return table.find(([re]) => re.test(k))?.[1] ?? 'general';
}

/** One option's scenario through the core: its run, or the error as the CLI would print it. */
function resolve(sc: ScenarioText, deps: ScenarioDeps): { run: ResolvedRun | null; error?: FieldError } {
  try {
    return { run: resolveScenario(parseYaml(sc.text, sc.file), deps, sc.name)[0] ?? null };
  } catch (err) {
    if (!(err instanceof InputError)) return { run: null, error: { field: 'general', message: `internal error: ${err instanceof Error ? err.message : String(err)}` } };
    // The scenario file is the page's own: a place in it means nothing on screen (nor does the CLI's
    // "referenced by <scenario>" after an error in the pasted config.json).
    const hint = err.details.hint === undefined ? undefined : withoutReference(err.details.hint, sc.file);
    const { line: _line, col: _col, file: _file, ...rest } = err.details;
    const shown = new InputError(err.message, { ...(err.details.file === sc.file ? rest : err.details), ...(hint ? { hint } : { hint: undefined }) });
    return { run: null, error: { field: fieldOf(err), message: shown.format() } };
  }
}

/** `today` (YYYY-MM-DD) dates the prices (stale ones warn): the page passes the browser's clock's (client/main.ts). */
export function createEvaluator(data: UiData, today: string): (state: UiState) => Evaluation {
  const presetIds = Object.keys(data.models).sort();
  const profileIds = Object.keys(data.hardware).sort();
  const pasted = new Map<string, Architecture>();
  const predict = cachedPredictor(predictScenario);
  const resolved = new Map<string, ReturnType<typeof resolve>>();

  const hardware = (id: string): HardwareProfile => {
    if (!Object.hasOwn(data.hardware, id)) throw unknownGpuError(id, profileIds.map((p) => data.hardware[p]!));
    return data.hardware[id]!;
  };
  const model = (ref: string, config: string): Architecture => {
    if (ref !== CONFIG_FILE) {
      if (!Object.hasOwn(data.models, ref)) throw unknownModelError(ref, presetIds);
      return data.models[ref]!;
    }
    let m = pasted.get(config);
    if (!m) {
      pasted.clear();
      pasted.set(config, (m = modelFromText(config, CONFIG_FILE, 'pasted config.json')));
    }
    return m;
  };

  return (state) => {
    const deps: ScenarioDeps = { loadModel: (ref) => model(ref, state.config), loadHardware: hardware, predict, today };
    const errors: FieldError[] = [];
    const add = (e: FieldError) => {
      if (!errors.some((x) => x.field === e.field && x.option === e.option && x.message === e.message)) errors.push(e);
    };
    const { options, ...shared } = state;
    // The CLI's limits on runs (src/input/limits.ts) hold here too: a link can carry any number of
    // options, and 3,000 took 4 s to resolve (at `auto`, 200 took 2 s), the page frozen meanwhile.
    // The limits and words are the commands' (scenario/runLimits.ts); the page's own are its terms: options, and the × that removes one.
    const planned = shared.utilization.trim() === 'auto';
    const limit = runLimit(planned);
    if (options.length > limit) {
      // With its way out, as every error says one.
      const fix = `remove ${plural(options.length - limit, 'option')} (the × at the end of a row)${planned ? `, or ${SEARCH_WORDS.fix}` : ''}`;
      const message = `${overLimitText(`${int(options.length)} options${planned ? ` ${SEARCH_WORDS.searches} (utilization auto)` : ''}`, planned)}\n  hint: ${fix}`;
      return { runs: options.map(() => null), errors: [{ field: 'general', message }], warnings: [], report: null };
    }
    const names = optionNames(options);
    const runs = options.map((o, i) => {
      // An option is resolved again only when one of its inputs (or a shared one) changed.
      const key = JSON.stringify([shared, o, names[i]]);
      let outcome = resolved.get(key);
      if (!outcome) {
        if (resolved.size >= MAX_CACHED) resolved.clear();
        resolved.set(key, (outcome = resolve(optionScenario(state, o, names[i]!), deps)));
      }
      if (outcome.error) add({ ...outcome.error, ...(PER_OPTION.includes(outcome.error.field) ? { option: i } : {}) });
      return outcome.run;
    });
    const ok = runs.filter((r): r is ResolvedRun => r !== null);
    const report = ok.length ? buildReport(ok, { version: data.version, inputs: [], command: 'flopcast ui' }) : null;
    // And the attention-convention note, as run prints it under its table (report/runs.ts attentionNotes), named by the
    // option's name (each option is a scenario of its own here, whose run has no option label) where not every one has it.
    const notes = labelledWarnings(runs.flatMap((r, i) => (r ? [{ label: names[i]!, warnings: attentionNotes(r) }] : [])));
    return { runs, errors, warnings: [...new Set([...ok.flatMap((r) => r.result.warnings), ...notes])], report };
  };
}

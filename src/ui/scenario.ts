/**
 * The page's state as scenario files: one scenario per option (the page resolves each as the CLI
 * resolves a file, so an error points at the same key path), and the files a user downloads to
 * run the same comparison with `flopcast run`. Pure.
 */
import { parse, stringify } from 'yaml';
import type { UiOption, UiState } from './state.js';

/** What a pasted Hugging Face config is called in the scenarios (and the export). */
export const CONFIG_FILE = 'config.json';

export interface ScenarioText {
  /** The file name (the export's, and the one errors from the scenario carry). */
  file: string;
  /** The option's name: the scenario's `name:`, hence the name in results and reports. */
  name: string;
  text: string;
}

/** A field's text as it would read in a YAML file: `1024` is a number, `15T` text, `[0.35, 0.45]` a range; '' is absent. */
export function fieldValue(text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  try {
    return parse(t, { logLevel: 'error' });
  } catch {
    return t;
  }
}

/** Each option's name, `h100-sxm × 1024` (with its price when one is given), unique within the page. */
export function optionNames(options: readonly UiOption[]): string[] {
  const seen = new Map<string, number>();
  return options.map((o) => {
    const base = `${o.gpu} × ${o.count.trim()}${o.price.trim() ? ` at $${o.price.trim()}/GPU-h` : ''}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

function scenarioObject(s: UiState, o: UiOption, name: string, matrix?: Record<string, unknown[]>): Record<string, unknown> {
  const price = fieldValue(o.price);
  return {
    name,
    model: s.config.trim() ? CONFIG_FILE : s.model,
    training: { tokens: fieldValue(s.tokens), global_batch: fieldValue(s.globalBatch) },
    cluster: { gpu: o.gpu, count: fieldValue(o.count), utilization: fieldValue(s.utilization) },
    // No price: the profile's on-demand price, as a scenario without `pricing:` gets.
    ...(price !== undefined ? { pricing: { usd_per_gpu_hour: price } } : {}),
    ...(matrix ? { matrix } : {}),
  };
}

const HEADER = '# Written by `flopcast ui`; run it with `flopcast run FILE` or `flopcast report FILE --out report.html`.\n';
const configNote = (s: UiState) => (s.config.trim() ? `# model: ${CONFIG_FILE} is the Hugging Face config pasted in the page: save it next to this file.\n` : '');

function toYaml(s: UiState, obj: Record<string, unknown>): string {
  return HEADER + configNote(s) + stringify(obj, { lineWidth: 0 });
}

const slug = (text: string) => text.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'option';

/** The scenario of one option, named `name` (from optionNames). */
export function optionScenario(s: UiState, o: UiOption, name: string): ScenarioText {
  return { file: `${slug(name)}.yaml`, name, text: toYaml(s, scenarioObject(s, o, name)) };
}

/** One scenario per option, in the order shown. */
export function optionScenarios(s: UiState): ScenarioText[] {
  const names = optionNames(s.options);
  return s.options.map((o, i) => optionScenario(s, o, names[i]!));
}

/**
 * The files to download: one scenario when there is one option, or when the options are every
 * combination of their GPUs and counts at one price (a `matrix:` makes exactly the cross-product);
 * otherwise one file per option, which `flopcast run *.yaml` compares together.
 */
export function exportFiles(s: UiState): ScenarioText[] {
  const all = optionScenarios(s);
  if (s.options.length <= 1) return all.map((f) => ({ ...f, file: 'scenario.yaml' }));
  const gpus = [...new Set(s.options.map((o) => o.gpu))];
  const counts = [...new Set(s.options.map((o) => o.count.trim()))];
  const prices = new Set(s.options.map((o) => o.price.trim()));
  const pairs = new Set(s.options.map((o) => `${o.gpu}\0${o.count.trim()}`));
  if (prices.size !== 1 || pairs.size !== s.options.length || pairs.size !== gpus.length * counts.length) return all;
  const matrix: Record<string, unknown[]> = {};
  if (gpus.length > 1) matrix['cluster.gpu'] = gpus;
  if (counts.length > 1) matrix['cluster.count'] = counts.map(fieldValue);
  const first = s.options[0]!;
  const name = `${s.config.trim() ? 'pasted config.json' : s.model}, ${s.tokens.trim()} tokens`;
  return [{ file: 'scenario.yaml', name, text: toYaml(s, scenarioObject(s, first, name, matrix)) }];
}

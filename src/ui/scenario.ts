/**
 * The page's state as scenario files: one scenario per option (the page resolves each as the CLI
 * resolves a file, so an error points at the same key path), and the one file a user downloads to
 * run the same comparison with `flopcast run`. Pure.
 */
import { stringify } from 'yaml';
import { parseYaml } from '../input/yaml.js';
import { terminalLine } from '../report/escape.js';
import { cutText } from '../input/columns.js';
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

/**
 * A field's text as it would read in a YAML file: `1024` is a number, `15T` text, `[0.35, 0.45]` a range; '' is absent.
 * Read by the rules every input file is (src/input/yaml.ts parseYaml: depth, aliases, tags, size): a link
 * can carry any text, and the yaml library alone took 5 s over 100,000 `[` and ran out of memory on
 * 5,000 nested lists. Text those rules refuse stays text, and the scenario's check names the field.
 */
export function fieldValue(text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  try {
    return parseYaml(t, 'field').value;
  } catch {
    return t;
  }
}

/**
 * A field's text as a part of a name (an option's, the export's): its controls made visible and at most 64 characters,
 * so that three of them stay a valid name (src/input/name.ts) and a long or control-laden field is
 * refused at that field, not as a name the user never typed ("name is 10011 characters").
 */
function part(text: string): string {
  const shown = terminalLine(text);
  return shown.length > 64 ? `${cutText(shown, 63)}…` : shown;
}

/** Each option's name, `h100-sxm × 1024` (with its price when one is given), unique within the page. */
export function optionNames(options: readonly UiOption[]): string[] {
  const seen = new Map<string, number>();
  return options.map((o) => {
    const base = `${part(o.gpu)} × ${part(o.count.trim())}${o.price.trim() ? ` at $${part(o.price.trim())}/GPU-h` : ''}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/** An option's price; none: the profile's on-demand price, as a scenario without `pricing:` gets. */
function pricingOf(o: UiOption): { pricing?: { usd_per_gpu_hour: unknown } } {
  const price = fieldValue(o.price);
  return price !== undefined ? { pricing: { usd_per_gpu_hour: price } } : {};
}

/** What every option shares: the model and the training (its precision only where chosen: the scenario's default, bf16, otherwise). */
function shared(s: UiState, name: string): Record<string, unknown> {
  const precision = fieldValue(s.precision);
  const training = { tokens: fieldValue(s.tokens), global_batch: fieldValue(s.globalBatch), ...(precision !== undefined ? { precision } : {}) };
  return { name, model: s.config.trim() ? CONFIG_FILE : s.model, training };
}

/** What every option's cluster shares: the utilisation, and the user's throughput scale where given (the core refuses it beside a figure of its own). */
function sharedCluster(s: UiState): Record<string, unknown> {
  const scale = fieldValue(s.throughputScale);
  return { utilization: fieldValue(s.utilization), ...(scale !== undefined ? { throughput_scale: scale } : {}) };
}

function scenarioObject(s: UiState, o: UiOption, name: string): Record<string, unknown> {
  return { ...shared(s, name), cluster: { gpu: o.gpu, count: fieldValue(o.count), ...sharedCluster(s) }, ...pricingOf(o) };
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

/**
 * The one scenario file to download. One option: that option's scenario. Several: the shared base
 * (model, training with its precision, utilisation and throughput scale) and an `options:` list (src/scenario/options.ts), each option its
 * name in the page and its overrides: cluster.gpu, cluster.count and, when given,
 * pricing.usd_per_gpu_hour (without one, the profile's on-demand price, as in the page). Each run's
 * label is then the option's name in the page.
 */
export function exportFile(s: UiState): ScenarioText {
  const names = optionNames(s.options);
  if (s.options.length <= 1) return { ...optionScenario(s, s.options[0]!, names[0]!), file: 'scenario.yaml' };
  // Its fields as parts of a name, as the options' are: a long tokens expression (or one over two lines) the page
  // ran made an export flopcast run refused ('name is 437 characters').
  const name = `${s.config.trim() ? 'pasted config.json' : part(s.model)}, ${part(s.tokens.trim())} tokens`;
  const options = s.options.map((o, i) => ({ name: names[i]!, cluster: { gpu: o.gpu, count: fieldValue(o.count) }, ...pricingOf(o) }));
  return { file: 'scenario.yaml', name, text: toYaml(s, { ...shared(s, name), cluster: sharedCluster(s), options }) };
}

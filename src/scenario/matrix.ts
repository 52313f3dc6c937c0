/**
 * `matrix:` expands a scenario into one run per combination, like a CI matrix. Keys are dotted
 * paths into the scenario (`cluster.gpu`, `training.tokens`); each must name a real key. Where an error
 * about a run's value is told (the origins each run records): origins.ts.
 */
import { InputError, formatKeyPath } from '../input/errors.js';
import { LIMITS } from '../input/limits.js';
import { labelKey, labelProblem, shownName } from '../input/name.js';
import { validate } from '../input/validate.js';
import { bracketedList, describe, isMapping } from '../input/found.js';
import { keysAt, unknownKeyHint } from '../input/keyHints.js';
import type { ParsedYaml } from '../input/yaml.js';
import { OWNED_KEYS } from './pricingSchema.js';
import { ScenarioSchema, THROUGHPUT_FIGURES } from './schema.js';
import { int } from '../report/format.js';

export type Raw = Record<string, unknown>;

export interface Expanded {
  raw: Raw;
  /** `gpu=h100-sxm, count=512`, empty without a matrix. */
  label: string;
  /** For error locations: an overridden key path -> where its value sits in `matrix:`. */
  origins: Map<string, (string | number)[]>;
  /** Where the label's text is written, blamed for a run name too long: an option's name, else `matrix`. */
  labelAt?: (string | number)[];
}

/**
 * Keys of a mapping (by its dotted path) of which a file gives one: setting one in an option or a matrix
 * drops the base's others. Nested mappings that are one of a union's shapes choose the same way
 * (`global_batch: {tokens: 4M}` over the base's `{sequences: 512}`; `compare_with`'s price over its provider).
 */
const ALTERNATIVES: Record<string, string[][]> = {
  training: [['tokens', 'tokens_per_param']],
  'training.global_batch': [['sequences', 'tokens']],
  cluster: [[...THROUGHPUT_FIGURES]],
  // A price given replaces the base's way to a price, with the keys of its kind (term, a spot price's overhead, the
  // owned cluster's purchase): `run rent-or-buy.yaml --price 2` was 'capex_usd_per_node only applies to kind: owned'.
  pricing: ['kind', 'provider', 'term', 'interruption_overhead', ...OWNED_KEYS].map((k) => ['usd_per_gpu_hour', k]),
  'pricing.compare_with': [['usd_per_gpu_hour', 'provider']],
  overheads: [['goodput', 'checkpoint'], ['goodput', 'failures']],
};

/** Every key that is one of a set of alternatives somewhere (withFixedValues probes dropReplacedAlternatives with them). */
export const ALTERNATIVE_KEYS: readonly string[] = [...new Set(Object.values(ALTERNATIVES).flat(2))];

/**
 * The one rule for overriding a choice among alternatives (an option's keys, a matrix's): `given`, the
 * keys of the mapping at dotted path `block` set over `target`, drops the target's other keys of each group
 * they choose from. Two keys of one group given together both stay, for the schema to refuse.
 */
export function dropReplacedAlternatives(target: Raw, block: string, given: readonly string[]): void {
  for (const group of Object.hasOwn(ALTERNATIVES, block) ? ALTERNATIVES[block]! : []) {
    if (group.some((k) => given.includes(k))) for (const k of group) if (!given.includes(k)) delete target[k];
  }
}

/** Policy, not a source (src/input/limits.ts): a sweep beyond a few thousand runs is more likely a typo than a plan. */
export const MAX_COMBINATIONS = LIMITS.runsPerInvocation;

/**
 * Whether a scenario's runs search parallel layouts (the performance model): `utilization: auto`
 * or a stated parallelism, in the scenario or its matrix. Read from the raw data, before validation.
 */
export function searchesLayouts(raw: unknown): boolean {
  if (raw === null || typeof raw !== 'object') return false;
  const r = raw as Raw;
  const cluster = r.cluster !== null && typeof r.cluster === 'object' ? (r.cluster as Raw) : {};
  const matrix = r.matrix !== null && typeof r.matrix === 'object' ? (r.matrix as Raw) : {};
  const autoInMatrix = Array.isArray(matrix['cluster.utilization']) && (matrix['cluster.utilization'] as unknown[]).includes('auto');
  const options = Array.isArray(r.options) ? (r.options as unknown[]) : [];
  const autoInOption = options.some((o) => {
    const c = o !== null && typeof o === 'object' ? (o as Raw).cluster : undefined;
    return c !== null && typeof c === 'object' && ((c as Raw).utilization === 'auto' || (c as Raw).parallelism !== undefined);
  });
  return cluster.utilization === 'auto' || cluster.parallelism !== undefined || autoInMatrix || autoInOption || Object.keys(matrix).some((k) => k.startsWith('cluster.parallelism'));
}

/** Runs a scenario's raw data expands to, options × matrix cells (before validation; the loader sums it over all files). */
export function combinationCount(raw: unknown): number {
  const r = raw !== null && typeof raw === 'object' ? (raw as Raw) : {};
  let total = Array.isArray(r.options) && r.options.length > 0 ? r.options.length : 1;
  const matrix = r.matrix;
  if (matrix === null || typeof matrix !== 'object') return total;
  for (const v of Object.values(matrix as Raw)) total *= Array.isArray(v) ? v.length : 1;
  return total;
}

export function expandMatrix(raw: Raw, parsed: Pick<ParsedYaml, 'file' | 'locate'>): Expanded[] {
  const matrix = raw.matrix as Record<string, unknown[]> | undefined;
  const base: Raw = { ...raw };
  delete base.matrix;
  // `matrix:` left empty (null) is refused by the schema below, as an empty `energy:` is: it ran the base alone.
  if (matrix === undefined) return [{ raw: base, label: '', origins: new Map() }];
  // The expanded runs are validated without `matrix:`, so check its shape here: a mapping of lists.
  checkEntries(matrix, parsed);
  validate(ScenarioSchema.shape.matrix, { file: parsed.file, value: matrix, locate: parsed.locate }, ['matrix']);
  const keys = Object.keys(matrix);
  // `matrix: {}` varies nothing: it ran the base alone, silently, where `options: []` is refused (a matrix emptied by
  // hand, or written before its keys). Refused as that is; the schema's minProperties says it to editors.
  if (keys.length === 0) {
    throw new InputError('expected a mapping of keys to vary, each a list of values, found an empty mapping', {
      file: parsed.file, ...parsed.locate(['matrix']), keyPath: 'matrix', hint: 'e.g. matrix: {cluster.count: [512, 1024]}; leave matrix out for the base scenario alone',
    });
  }
  for (const key of keys) checkKey(key, parsed);
  for (const key of keys) checkBelowValue(key, base, parsed);
  for (const key of keys) checkDistinct(key, matrix[key]!, parsed);
  const total = combinationCount(raw);
  if (total > MAX_COMBINATIONS) {
    throw new InputError(`matrix expands to ${int(total)} runs; the limit is ${int(MAX_COMBINATIONS)}`, { file: parsed.file, ...parsed.locate(['matrix']), keyPath: 'matrix', hint: 'split the comparison into several files' });
  }
  let combos: { picks: [string, number][] }[] = [{ picks: [] }];
  for (const key of keys) {
    const values = matrix[key]!;
    combos = combos.flatMap((c) => values.map((_, i) => ({ picks: [...c.picks, [key, i] as [string, number]] })));
  }
  // A matrix key chooses among alternatives as an option's does (`cluster.achieved_tflops` over the base's
  // utilization was 'give exactly one of utilization, achieved_tflops ...' at the base's `cluster:`).
  const given = new Map<string, string[]>();
  for (const parts of keys.map((k) => k.split('.'))) {
    if (parts.length < 2) continue;
    const parent = parts.slice(0, -1).join('.');
    given.set(parent, [...(given.get(parent) ?? []), parts[parts.length - 1]!]);
  }
  const names = labelNames(keys);
  return combos.map(({ picks }) => {
    const r = structuredClone(base);
    for (const [parent, parentKeys] of given) {
      const target = parent.split('.').reduce<unknown>((o, k) => (isMapping(o) ? o[k] : undefined), r);
      if (isMapping(target)) dropReplacedAlternatives(target, parent, parentKeys);
    }
    const origins = new Map<string, (string | number)[]>();
    const label: string[] = [];
    for (const [key, i] of picks) {
      const v = matrix[key]![i];
      setPath(r, key.split('.'), v);
      origins.set(key, ['matrix', key, i]);
      label.push(`${names.get(key)}=${String(v)}`);
    }
    return { raw: r, label: label.join(', '), origins };
  });
}

/**
 * The name each matrix key labels its runs by: its last segment (`count=512`), or as many segments as tell it from
 * another key that ends alike. `training.documents.tokens` beside `training.tokens` labelled both `tokens=`
 * (`tokens=1024, tokens=1T`, hostile sweep 27); now `documents.tokens=1024, training.tokens=1T`.
 */
export function labelNames(keys: readonly string[]): Map<string, string> {
  const suffix = (key: string, n: number) => key.split('.').slice(-n).join('.');
  return new Map(keys.map((key) => {
    const parts = key.split('.').length;
    let n = 1;
    while (n < parts && keys.some((other) => other !== key && suffix(other, n) === suffix(key, n))) n++;
    return [key, suffix(key, n)];
  }));
}

/**
 * A value listed twice makes two runs of the same name (`m3 [count=8]` twice): refused at the second,
 * as options of the same name are (src/scenario/options.ts). Values are told apart as their labels print
 * them (src/input/name.ts labelKey): "1T" and "1T " made two rows `tokens=1T`, both marked cheapest.
 */
function checkDistinct(key: string, values: readonly unknown[], parsed: Pick<ParsedYaml, 'file' | 'locate'>): void {
  const seen = new Map<string, number>();
  values.forEach((v, i) => {
    // A value is printed in its runs' names: one with a control character was refused as the run's name, at
    // `matrix` with the hint for a name too long ('shorter matrix values, or a shorter name').
    const problem = labelProblem(String(v));
    if (problem) throw new InputError(`a matrix value labels its runs, and this one ${problem}`, { file: parsed.file, ...parsed.locate(['matrix', key, i]), keyPath: formatKeyPath(['matrix', key, i]) });
    const first = seen.get(labelKey(String(v)));
    if (first !== undefined) {
      throw new InputError(`\`${shownName(labelKey(String(v)))}\` is listed twice (also ${formatKeyPath(['matrix', key, first])})`, {
        file: parsed.file, ...parsed.locate(['matrix', key, i]), keyPath: formatKeyPath(['matrix', key, i]), hint: 'each value labels its runs, so each must differ; remove one',
      });
    }
    seen.set(labelKey(String(v)), i);
  });
}

/**
 * The two shapes a matrix entry is mistaken for, told how to write it: a nested mapping
 * (`cluster: {count: [8, 16]}`) and a single value (`cluster.count: 8`). Both were the schema's
 * "expected a list" alone.
 */
function checkEntries(matrix: unknown, parsed: Pick<ParsedYaml, 'file' | 'locate'>): void {
  if (!isMapping(matrix)) return; // the schema names it
  for (const [key, v] of Object.entries(matrix)) {
    if (Array.isArray(v)) {
      // A mapping or a list among the values (`training.documents: [{tokens: 1024}, {tokens: 2048}]`): the schema said
      // "expected text, a number or true or false, found a mapping", with no word of how to vary one (hostile sweep 27).
      const i = v.findIndex((x) => x !== null && typeof x === 'object');
      if (i < 0) continue;
      const x = v[i] as object;
      const path = key.split('.');
      const inner = Array.isArray(x) ? undefined : Object.keys(x).find((k) => keysAt(ScenarioSchema, path).includes(k));
      const nested = path.reduceRight((text, k) => `{${shownName(k)}: ${text}}`, '...');
      throw new InputError(`a matrix value is one value (text, a number or true or false), found ${describe(x)}`, {
        file: parsed.file, ...parsed.locate(['matrix', key, i]), keyPath: formatKeyPath(['matrix', key, i]),
        hint: `${inner !== undefined ? `vary a key inside it, ${shownName(key)}.${inner}: [...], or ` : ''}write each whole value as an option: options: [${nested}, ...]`,
      });
    }
    const where = { file: parsed.file, ...parsed.locate(['matrix', key]), keyPath: formatKeyPath(['matrix', key]) };
    const inner = v !== null && typeof v === 'object' ? Object.keys(v)[0] : undefined;
    // What the hint writes back is cut as a name is (a value of 100,000 characters was echoed whole).
    const k = shownName(key);
    throw new InputError(`expected a list, found ${describe(v)}`, {
      ...where,
      hint: inner !== undefined ? `a matrix key is the dotted path to vary, one per line: ${k}.${shownName(inner)}: [...]`
        : typeof v === 'string' && v.includes(',') ? `write the list in brackets: ${k}: ${bracketedList(v)}`
        : `a matrix lists the values to compare: ${k}: [${v === null || typeof v === 'object' ? 'a' : shownName(String(v))}, b]; a single value goes in the scenario itself`,
    });
  }
}

/**
 * Top-level keys a matrix cannot vary, and why: itself, the options it runs with, and what changes no figure. `name`,
 * `description` and `$schema` were varied, each cell the same run under another label (`a [name=a]`, `description=a`),
 * all marked cheapest; `options` was told '`options` is not a scenario key'.
 */
const NOT_VARIED: Record<string, string> = {
  matrix: 'the matrix is what makes the combinations',
  options: 'each option runs with every matrix cell already',
  name: 'the name labels the runs, and each cell is labelled by its values already',
  description: 'a description changes no figure: every cell would be the same run',
  $schema: 'the schema line is for editors and changes no figure: every cell would be the same run',
};

function checkKey(key: string, parsed: Pick<ParsedYaml, 'file' | 'locate'>): void {
  const parts = key.split('.');
  // formatKeyPath: an empty key is `matrix[""]` (it printed `matrix.`), a dotted one `matrix["cluster.count"]`.
  const where = { file: parsed.file, ...parsed.locate(['matrix', key]), keyPath: formatKeyPath(['matrix', key]) };
  const notVaried = Object.hasOwn(NOT_VARIED, parts[0]!) ? NOT_VARIED[parts[0]!] : undefined;
  if (notVaried !== undefined) throw new InputError(`a matrix cannot vary \`${parts[0]}\``, { ...where, hint: `${notVaried}; vary an input, such as cluster.count: [512, 1024]` });
  for (let i = 0; i < parts.length; i++) {
    // The keys a matrix may name (the hint listed `matrix` and `options`, which are refused).
    const known = keysAt(ScenarioSchema, parts.slice(0, i)).filter((k) => i > 0 || !Object.hasOwn(NOT_VARIED, k));
    if (!known.includes(parts[i]!)) {
      // Past a value (training.tokens.x) there are no keys: the hint listed none ('keys at this level: ').
      const value = parts.slice(0, i).join('.');
      const hint = i > 0 && known.length === 0 ? `\`${value}\` is a value, not a section: vary it as ${value}: [...]` : unknownKeyHint(ScenarioSchema, parts[i]!, parts.slice(0, i), known) ?? `keys at this level: ${known.join(', ')}`;
      throw new InputError(`\`${shownName(key)}\` is not a scenario key`, { ...where, hint });
    }
  }
}

/**
 * A key below a value the scenario writes as one value (`model.layers` over `model: gpt3-175b`, `cluster.utilization.expected`
 * over 0.4) has no mapping to go into: setPath made one of that key alone, and the run was refused for the keys it lacked
 * ('model.d_model: required number is missing'), at the scenario's line.
 */
function checkBelowValue(key: string, base: Raw, parsed: Pick<ParsedYaml, 'file' | 'locate'>): void {
  const parts = key.split('.');
  let cur: unknown = base;
  for (let i = 0; i < parts.length - 1; i++) {
    cur = isMapping(cur) && Object.hasOwn(cur, parts[i]!) ? cur[parts[i]!] : undefined;
    if (cur === undefined || cur === null || isMapping(cur)) continue;
    const value = parts.slice(0, i + 1).join('.');
    // A value written for one of its mapping's shapes (`global_batch: 512`, its sequences) is replaced by another shape's
    // key as an option's is (`training.global_batch.tokens: [4M]`), whole.
    if (i === parts.length - 2 && Object.hasOwn(ALTERNATIVES, value) && ALTERNATIVES[value]!.some((g) => g.includes(parts[i + 1]!))) continue;
    throw new InputError(`\`${value}\` is ${describe(cur)} in the scenario, one value with no keys to vary`, {
      file: parsed.file, ...parsed.locate(['matrix', key]), keyPath: formatKeyPath(['matrix', key]),
      hint: `vary it whole (${value}: [...]), or write it in the scenario as a mapping`,
    });
  }
}

function setPath(obj: Raw, path: string[], value: unknown): void {
  let cur: Raw = obj;
  for (const part of path.slice(0, -1)) {
    const next = cur[part];
    if (!isMapping(next)) cur[part] = {};
    cur = cur[part] as Raw;
  }
  cur[path[path.length - 1]!] = value;
}

/**
 * `options:` names the alternatives people actually compare (512 H100 against 1,024 A100 ...): each
 * option is a name and partial overrides of the shared base's cluster, pricing, training, energy,
 * overheads and constraints. With a `matrix:` too, every option runs with every matrix cell.
 *
 * Merge rule: mappings merge key by key, the option winning; a list or a scalar replaces the base's
 * value whole. Giving one of a set of alternatives replaces the base's choice among them (an option's
 * `usd_per_gpu_hour` drops the base's `kind` and `provider`; `achieved_tflops` drops `utilization`; a nested
 * `global_batch: {tokens}` drops the base's `{sequences}`).
 * The matrix is applied after the option, so a matrix key wins over an option's value.
 */
import { labelKey, nameProblem, shownName } from '../input/name.js';
import { InputError, formatKeyPath } from '../input/errors.js';
import { didYouMean } from '../input/suggest.js';
import { describe, isMapping, quoteHint } from '../input/found.js';
import { dottedKeyHint, keysAt, unknownKeyHint } from '../input/keyHints.js';
import type { ParsedYaml } from '../input/yaml.js';
import { ALTERNATIVE_KEYS, dropReplacedAlternatives, expandMatrix, MAX_COMBINATIONS, type Expanded, type Raw } from './matrix.js';
import { ScenarioSchema } from './schema.js';
import { int } from '../report/format.js';

/** The blocks an option may override. */
const OPTION_BLOCKS = ['training', 'cluster', 'pricing', 'energy', 'overheads', 'constraints'] as const;

type Located = Pick<ParsedYaml, 'file' | 'locate'>;

/** Every run of a scenario: each option (or the base alone) × each matrix cell. */
export function expandScenario(raw: Raw, parsed: Located): Expanded[] {
  const options = raw.options;
  const base: Raw = { ...raw };
  delete base.options;
  // `options:` left empty (null) is refused as `options: []` is, not run as the base alone (an empty `energy:` is refused).
  if (options === undefined) return expandMatrix(base, parsed);
  const where = (path: (string | number)[]) => ({ file: parsed.file, ...parsed.locate(path), keyPath: formatKeyPath(path) });
  if (!Array.isArray(options) || options.length === 0) {
    throw new InputError(`expected a list of options, each a mapping with a name, found ${describe(options)}`, { ...where(['options']), hint: `e.g. options: [{name: 512 H100, cluster: {gpu: h100-sxm, count: 512}}]${Array.isArray(options) || options === null ? '; leave options out for the base scenario alone' : ''}` });
  }
  const names = new Map<string, number>();
  const merged = options.map((o, i) => {
    const at = ['options', i];
    if (!isMapping(o)) throw new InputError(`expected a mapping with a name and the overrides, found ${describe(o)}`, where(at));
    if (typeof o.name !== 'string' || !o.name.trim()) {
      // `name: 512` (a cluster size) is a number to YAML: it was "expected a non-empty text", with no word of what was found.
      const message = o.name === undefined ? 'required name is missing' : typeof o.name === 'string' ? 'expected a non-empty text' : `expected text, found ${describe(o.name)}`;
      const fromYaml = parsed.locate(at).line > 0; // a caller's object has no positions, and its 512 is a number it wrote
      throw new InputError(message, { ...where(o.name === undefined ? at : [...at, 'name']), keyPath: formatKeyPath([...at, 'name']), hint: (fromYaml ? quoteHint(o.name) : undefined) ?? 'each option needs a name, such as `512 H100`' });
    }
    // The option's name is a name like any other (src/input/name.ts), refused where it is written.
    const nameIssue = nameProblem(o.name);
    if (nameIssue) throw new InputError(nameIssue, where([...at, 'name']));
    const first = names.get(labelKey(o.name));
    if (first !== undefined) {
      const firstLine = parsed.locate(['options', first, 'name']).line; // 0 for a caller's object: no line to name
      throw new InputError(`duplicate option name \`${labelKey(o.name)}\``, { ...where([...at, 'name']), hint: `${formatKeyPath(['options', first])}${firstLine ? ` (line ${firstLine})` : ''} has the same name; names label the results, so each must differ` });
    }
    names.set(labelKey(o.name), i);
    const r = structuredClone(base);
    const origins = new Map<string, (string | number)[]>();
    for (const [key, value] of Object.entries(o)) {
      if (key === 'name' || key === 'description') continue;
      if (!(OPTION_BLOCKS as readonly string[]).includes(key)) {
        // `cluster.count: 16` in an option is a key the option can set, written as a path: told so.
        const dotted = (OPTION_BLOCKS as readonly string[]).includes(key.split('.')[0]!) ? dottedKeyHint(ScenarioSchema, key, []) : undefined;
        if (dotted) throw new InputError(`unknown key \`${shownName(key)}\``, { ...where([...at, key]), hint: dotted });
        throw new InputError(`an option cannot set \`${shownName(key)}\``, { ...where([...at, key]), hint: `an option overrides ${OPTION_BLOCKS.join(', ')}; the model and the matrix are shared` + (didYouMean(key, OPTION_BLOCKS) ? `; ${didYouMean(key, OPTION_BLOCKS)}` : '') });
      }
      if (!isMapping(value)) throw new InputError(`expected a mapping of ${key} keys to override, found ${describe(value)}`, where([...at, key]));
      checkKeys(value, [key], at, where);
      if (!isMapping(r[key])) r[key] = {};
      mergeInto(r[key] as Raw, value, [key], at, origins);
    }
    return { raw: r, name: o.name, origins };
  });
  const cells = merged.map((m) => expandMatrix(m.raw, parsed));
  const total = cells.reduce((n, c) => n + c.length, 0);
  if (total > MAX_COMBINATIONS) {
    throw new InputError(`options × matrix make ${int(total)} runs; the limit is ${int(MAX_COMBINATIONS)}`, { ...where(['options']), hint: 'split the comparison into several files' });
  }
  return merged.flatMap((m, i) => cells[i]!.map((cell) => ({
    raw: cell.raw,
    label: cell.label ? `${m.name}, ${cell.label}` : m.name,
    // An option's name alone labels its run: a name too long is the option's (it was blamed on a `matrix` the file had not).
    ...(cell.label ? {} : { labelAt: ['options', i, 'name'] }),
    // The matrix is applied to the option's values (expandMatrix(m.raw)), so where both set a key the matrix's value
    // is the run's: its origins last, as a Map keeps a key's last entry (they were first, and an option's 64 was
    // blamed for the matrix's 0).
    origins: new Map([...m.origins, ...cell.origins]),
  })));
}

/** Every key the option writes must be a scenario key at that place. */
function checkKeys(value: Raw, path: string[], at: (string | number)[], where: (p: (string | number)[]) => object): void {
  const known = keysAt(ScenarioSchema, path);
  for (const [key, v] of Object.entries(value)) {
    if (!known.includes(key)) {
      throw new InputError(`\`${[...path, shownName(key)].join('.')}\` is not a scenario key`, { ...where([...at, ...path, key]), hint: unknownKeyHint(ScenarioSchema, key, path, known) ?? `keys here: ${known.join(', ')}` });
    }
    if (isMapping(v) && keysAt(ScenarioSchema, [...path, key]).length) checkKeys(v, [...path, key], at, where);
  }
}

function mergeInto(target: Raw, over: Raw, path: string[], at: (string | number)[], origins: Map<string, (string | number)[]>): void {
  dropReplacedAlternatives(target, path.join('.'), Object.keys(over));
  for (const [key, v] of Object.entries(over)) {
    const p = [...path, key];
    if (isMapping(v) && isMapping(target[key])) mergeInto(target[key] as Raw, v, p, at, origins);
    else {
      target[key] = structuredClone(v);
      recordLeaves(v, p, at, origins);
    }
  }
}

function recordLeaves(v: unknown, path: string[], at: (string | number)[], origins: Map<string, (string | number)[]>): void {
  // A mapping written whole (over one value, or where the base has none) is the option's, the keys it lacks too:
  // `utilization: {expected: 0.5}` over 0.4 was refused for its `low` at the base's line.
  origins.set(path.join('.'), [...at, ...path]);
  if (isMapping(v)) for (const [k, x] of Object.entries(v)) recordLeaves(x, [...path, k], at, origins);
}

/**
 * The scenario key a value given over a file writes into every run (withFixedValues' `[block, key]`), by the field that
 * gives it: run FILE's and budget FILE's flags (cli/load/overrides.ts: `--seq-len` is seqLen) and plan FILE's query
 * (library/plan.ts: count, seqLen, globalBatch). The one table of them.
 */
export const FIXED_KEYS = {
  gpu: ['cluster', 'gpu'],
  count: ['cluster', 'count'],
  price: ['pricing', 'usd_per_gpu_hour'],
  utilization: ['cluster', 'utilization'],
  goodput: ['overheads', 'goodput'],
  tokens: ['training', 'tokens'],
  seqLen: ['training', 'seq_len'],
  globalBatch: ['training', 'global_batch'],
  precision: ['training', 'precision'],
  deadline: ['constraints', 'deadline'],
  budget: ['constraints', 'budget'],
} as const satisfies Record<string, readonly [block: string, key: string]>;
export type FixedField = keyof typeof FIXED_KEYS;

/**
 * A scenario's raw value with each of `fixed` (`[block, key, value]`: plan's --count is cluster.count)
 * the value of every run: written into the base's block, and taken out of the matrix (a key `block.key`;
 * the matrix dropped when nothing else is left in it) and out of each option's block, which would
 * override it; a key of a set of alternatives replaces the others there too, as an option's does (a fixed
 * `pricing.usd_per_gpu_hour` drops `kind` and `provider`). The file's expressions then read it too (`global_batch: 2 * count`). A copy; what is not
 * a mapping where one belongs is left for the schema to tell.
 */
export function withFixedValues(value: unknown, fixed: readonly (readonly [block: string, key: string, value: unknown])[]): unknown {
  if (!isMapping(value) || fixed.length === 0) return value;
  const out: Raw = { ...value };
  // Each block's fixed keys, and the alternatives they replace (dropReplacedAlternatives, the options' and matrix's
  // rule): run's --price (pricing.usd_per_gpu_hour) drops the file's kind and provider, --utilization its achieved_tflops.
  const givenIn = new Map<string, string[]>();
  for (const [b, k] of fixed) givenIn.set(b, [...(givenIn.get(b) ?? []), k]);
  const replaced = (b: string): string[] => {
    const given = givenIn.get(b) ?? [];
    const probe: Raw = Object.fromEntries(ALTERNATIVE_KEYS.map((k) => [k, true]));
    dropReplacedAlternatives(probe, b, given);
    return [...given, ...ALTERNATIVE_KEYS.filter((k) => !(k in probe))];
  };
  const without = (block: unknown, name: string): unknown => {
    if (!isMapping(block)) return block;
    const kept = { ...block };
    for (const k of replaced(name)) delete kept[k];
    return kept;
  };
  // A base without the block gets one (an option or a matrix cell may have been the only place that set it).
  for (const block of givenIn.keys()) if (isMapping(out[block])) out[block] = without(out[block], block);
  for (const [block, key, v] of fixed) if (out[block] === undefined || isMapping(out[block])) out[block] = { ...(isMapping(out[block]) ? out[block] : {}), [key]: v };
  const paths = new Set([...givenIn.keys()].flatMap((b) => replaced(b).map((k) => `${b}.${k}`)));
  if (isMapping(out.matrix) && Object.keys(out.matrix).some((k) => paths.has(k))) {
    const matrix = Object.fromEntries(Object.entries(out.matrix).filter(([k]) => !paths.has(k)));
    if (Object.keys(matrix).length > 0) out.matrix = matrix;
    else delete out.matrix;
  }
  if (Array.isArray(out.options)) {
    out.options = out.options.map((o) => (isMapping(o) ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, without(v, k)])) : o));
  }
  return out;
}

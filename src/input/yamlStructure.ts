/**
 * The check of a YAML text's composed document against the limits of limits.ts (src/input/yaml.ts
 * parseYaml runs it): every node's keys (plain names, not null, no prototype, merge or duplicate keys),
 * no tags, the nesting depth, aliases counted against the limit (at the alias that crosses it), and
 * the commas that cut a flow collection's values. Messages give a position and never quote the file's content.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { InputError, beyondLargest, formatKeyPath } from './errors.js';
import { echoNumber } from './exprVocabulary.js';
import { LIMITS } from './limits.js';
import { commaCutValue, thousandsCut } from './yamlHints.js';
import { separatedRateHint } from './numberProse.js';
import { keyTakes } from './rateHint.js';
import { computeAmountProblem } from './computeAmount.js';

/** Keys refused in any input (YAML text or a caller's object): they would reach objects' prototypes. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** YAML's own spellings of the values that are not finite numbers (`.inf`, `-.Inf`, `.NaN`): written so, meant so. */
const SPECIAL_NUMBER = /^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/;


export const TAG_MESSAGE = 'YAML tags (`!!null`, `!!str`, `!custom`) are not supported';
export const TAG_HINT = 'remove the tag and write the plain value; quote it to make it text';

interface Walk {
  file: string;
  pos: (o: number) => { line: number; col: number };
  doc: Document;
  /** Values produced by aliases so far, in document order. */
  aliasNodes: number;
  /** Values each finished node stands for, aliases expanded (an alias may refer only to a finished node). */
  sizes: Map<Node, number>;
  /** Offsets of the tags in the text, ascending (depthChecked). */
  tags: readonly number[];
  /** The text is JSON (a config.json), whose commas separate values whatever their spacing (thousandsCut). */
  json?: boolean;
}

/**
 * Where the tag of a node or key starting at `start` is: the last tag before it (a tag precedes its
 * node, with only spaces, an anchor or comments between); the node's start when none is found.
 */
function tagOffset(tags: readonly number[], start: number): number {
  let lo = 0;
  let hi = tags.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tags[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? tags[lo - 1]! : start;
}

/** Checks keys, depth and aliases; returns the number of values the node stands for. */
/** `keyOffset`: where the key that holds the node starts, in a mapping (a message about the value points there, as schema errors do). */
export function checkStructure(node: Node | null | undefined, path: PropertyKey[], depth: number, w: Walk, keyOffset?: number): number {
  const { file, pos } = w;
  if (!node) return 1;
  if (depth > LIMITS.yamlDepth) {
    const where = node.range ? pos(node.range[0]) : { line: 1, col: 1 };
    throw new InputError(`nesting deeper than ${LIMITS.yamlDepth} levels`, { file, ...where, keyPath: formatKeyPath(path) });
  }
  const where = () => ({ file, ...(node.range ? pos(node.range[0]) : {}), ...(path.length ? { keyPath: formatKeyPath(path) } : {}) });
  if (!isAlias(node) && node.tag !== undefined) {
    throw new InputError(TAG_MESSAGE, { ...where(), ...(node.range ? pos(tagOffset(w.tags, node.range[0])) : {}), hint: TAG_HINT });
  }
  let size = 1;
  const cut = (isMap(node) || isSeq(node)) && node.flow ? commaCutValue(node) : undefined;
  if (cut) {
    // Its text is not quoted (nothing of a file is, before it is known to be the kind asked for): its place and the count.
    throw new InputError(`a comma ends a value inside ${isMap(node) ? '{...}' : '[...]'}, in parentheses too: the value here, to its closing parenthesis, was read as ${cut.values} values`, { file, ...pos(cut.start), keyPath: formatKeyPath([...path, ...cut.at]) || undefined, hint: isMap(node) ? 'quote the whole value (tokens: "max(1B, 2B)"), or write the mapping one key a line' : 'quote the whole value (["min(0.3, 0.4)", 0.5]), or write the list one item a line' });
  }
  const grouped = (isMap(node) || isSeq(node)) && node.flow ? thousandsCut(node, w.json === true) : undefined;
  if (grouped) {
    const { text, values, decimal, list } = grouped;
    const whole = text.replace(/,/g, '');
    const keyPath = formatKeyPath([...path, ...grouped.at]);
    const read = `\`${list !== undefined ? `[${text}]` : text}\` was read as ${values.length} values: ${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
    // The value meant, as its key reads it: a rate's figure in the key's unit (`1,800/month`, in a mapping or a matrix's list
    // alike: "write 1800/month without the comma" was refused next as a rate, mendi36), an amount of GPU-hours' what the key
    // takes, else the number without the separator (quoting it keeps the comma, which no value reads).
    const { per, dollars = false, duration = false } = keyTakes(keyPath);
    const meant = computeAmountProblem(text, per, dollars, {}, duration ? 'duration' : 'number')?.hint ?? separatedRateHint(text, per)
      ?? (decimal !== undefined ? `write ${decimal} if the comma is a decimal point` : `write ${whole} without the comma (or ${whole.replace(/\B(?=(\d{3})+$)/g, '_')})`);
    throw new InputError(`a comma ends a value inside ${isMap(node) ? '{...}' : '[...]'}, between digits too: ${read}`, {
      file, ...pos(grouped.start), keyPath: keyPath || undefined,
      // No thousands reading offered where it joins a number no count could be (quantity.ts offeredThousandsReading).
      hint: list !== undefined ? `${list ? `write [${list.join(', ')}] if the commas separate thousands, or ` : ''}put a space after each comma: [${values.join(', ')}]`
        : `${meant}${isSeq(node) ? `; for ${values.length} values, a space after each comma: [${values.join(', ')}]` : ''}`,
    });
  }
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      if (pair.key !== null && (!isScalar(pair.key) || (typeof pair.key.value === 'object' && pair.key.value !== null))) {
        // A mapping, list or binary as a key (`? [a, b]`, `!!binary x: 1`) would be stringified by
        // toJS, with a warning on stderr.
        const range = (pair.key as Node).range;
        throw new InputError('a key must be a plain name, not a list, mapping, alias or binary', { file, ...(range ? pos(range[0]) : {}), keyPath: formatKeyPath(path) || undefined });
      }
      if (pair.key === null || (isScalar(pair.key) && pair.key.value === null)) {
        // `~: 1`, `null: 1` and `: 1` became the key "" in toJS: refused as "unknown key ``", or silently
        // one key with a quoted "" beside it (the duplicate check compares null and "" as different).
        const keyRange = (pair.key as Node | null)?.range;
        const range = keyRange && keyRange[1] > keyRange[0] ? keyRange : (pair.value as Node | null)?.range ?? node.range; // an empty key: at its value
        throw new InputError('a key must be a name, found null (`~`, `null` or nothing before the colon)', { file, ...(range ? pos(range[0]) : {}), keyPath: formatKeyPath(path) || undefined, hint: 'write the key; quote it ("null": ...) to mean the word' });
      }
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      const keyName = typeof key === 'string' || typeof key === 'number' ? String(key) : '?';
      if (FORBIDDEN_KEYS.has(keyName)) {
        const range = (pair.key as Node | null)?.range;
        throw new InputError(`key \`${keyName}\` is not allowed`, { file, ...(range ? pos(range[0]) : {}), keyPath: formatKeyPath(path), hint: 'rename the key; prototype keys are refused for safety' });
      }
      // YAML 1.1's merge key (`<<: *base`), which 1.2 dropped: read as a key named `<<`, it was refused
      // as "unknown key `<<`" with the schema's keys as the hint, as if a typo.
      if (isScalar(pair.key) && pair.key.type === 'PLAIN' && key === '<<') {
        const range = pair.key.range;
        throw new InputError('merge keys (`<<: *anchor`) are not supported; flopcast reads YAML 1.2, which has none', { file, ...(range ? pos(range[0]) : {}), keyPath: formatKeyPath(path) || undefined, hint: 'write the keys out, or alias a whole mapping (`cluster: *base`); a scenario\'s `options:` override only what differs' });
      }
      if (isScalar(pair.key) && pair.key.tag !== undefined) {
        throw new InputError(TAG_MESSAGE, { file, ...(pair.key.range ? pos(tagOffset(w.tags, pair.key.range[0])) : {}), keyPath: formatKeyPath(path) || undefined, hint: TAG_HINT });
      }
      // Keys as toJS makes them (String of the scalar): `1: a` beside `"1": b` was one key, the last silently kept.
      const jsKey = String(key);
      if (seen.has(jsKey)) {
        const range = (pair.key as Node).range;
        throw new InputError('duplicate key', { file, ...(range ? pos(range[0]) : {}), keyPath: formatKeyPath([...path, keyName]), hint: 'each key may appear once in a mapping; remove one of them' });
      }
      seen.add(jsKey);
      size += 1 + checkStructure(pair.value as Node | null, [...path, keyName], depth + 1, w, (pair.key as Node).range?.[0]);
    }
  } else if (isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value) && !SPECIAL_NUMBER.test(node.source ?? '')) {
    // A number written in digits but beyond the largest a number may be (`1e999`, 400 digits) reads as infinite, and was
    // told in YAML's word for one, `.inf (unbounded)`, in a JSON config.json too: told as written (hostile sweep 30). No
    // value any file gives may be infinite, so it is refused where it is written. A number's text is digits alone, so
    // quoting it (cut short) shows nothing of a file that is not the kind asked for.
    // A number of 400 digits is told by its start and its length.
    const written = echoNumber(node.source ?? '');
    throw new InputError(beyondLargest(written, node.value < 0), { ...where(), ...(keyOffset !== undefined ? pos(keyOffset) : {}), hint: w.json ? 'write the number meant' : 'write the number meant; quote it to make it text' });
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => (size += checkStructure(item as Node | null, [...path, i], depth + 1, w)));
  } else if (isAlias(node)) {
    const target = node.resolve(w.doc);
    const targetSize = target ? w.sizes.get(target as Node) : undefined;
    if (targetSize === undefined) throw new InputError('an alias must refer to an anchor defined (and finished) before it', { ...where(), hint: 'an alias inside its own anchor would make a loop' });
    w.aliasNodes += targetSize;
    if (w.aliasNodes > LIMITS.yamlAliasValues) {
      throw new InputError(`aliases expand to more than ${LIMITS.yamlAliasValues} values by this one; refusing a possible alias bomb`, { ...where(), hint: 'write the repeated values out, or use a `matrix:`' });
    }
    return targetSize;
  }
  w.sizes.set(node, size);
  return size;
}

/**
 * YAML text -> plain data, with every node's position kept so that a schema error can point
 * at `file:line:col`. Hostile input is refused here, before anything looks at the data:
 * alias bombs, oversize files, deep nesting, duplicate keys and prototype keys.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputError, formatKeyPath } from './errors.js';

/**
 * Policy limits, chosen rather than sourced: the largest bundled file (validation/test-runs.yaml)
 * is 70 kB, nests a few levels and uses a dozen aliases (repeated inline models); each limit leaves a wide margin over real files while
 * capping what a hostile one can cost (the yaml library's own default is 100 alias expansions).
 */
export const YAML_LIMITS = {
  maxBytes: 1_000_000,
  maxAliasCount: 50,
  maxDepth: 32,
} as const;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface ParsedYaml {
  file: string;
  value: unknown;
  /** 1-based position of the key (or value) at a path, falling back to the nearest ancestor. */
  locate(path: readonly PropertyKey[]): { line: number; col: number };
}

/**
 * Files reach here through `readText` (src/cli/load/files.ts), which refuses oversize and non-UTF-8
 * bytes; the length check stays for text from elsewhere (it counts characters, a lower bound on bytes).
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  if (text.length > YAML_LIMITS.maxBytes) {
    throw new InputError(`text is ${text.length} characters; the limit is ${YAML_LIMITS.maxBytes} bytes`, { file, hint: 'scenario and model files are small; is this the right file?' });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: false });
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const first = doc.errors[0];
  if (first) {
    const { line, col } = pos(first.pos[0]);
    const message = first.code === 'DUPLICATE_KEY' ? 'duplicate key'
      : first.code === 'MULTIPLE_DOCS' ? 'file holds more than one YAML document'
      : first.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
    const hint = first.code === 'DUPLICATE_KEY' ? 'each key may appear once in a mapping; remove one of them'
      : first.code === 'MULTIPLE_DOCS' ? 'remove the `---` separator; give one document per file' : undefined;
    throw new InputError(message, { file, line, col, hint });
  }
  checkStructure(doc.contents as Node | null, [], 0, file, pos);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/alias/i.test(message)) {
      throw new InputError(`too many alias expansions (limit ${YAML_LIMITS.maxAliasCount}); refusing a possible alias bomb`, { file, hint: 'write the repeated values out, or use a `matrix:`' });
    }
    throw new InputError(message, { file });
  }
  return { file, value, locate: (path) => locate(doc, lineCounter, path) };
}

function checkStructure(node: Node | null | undefined, path: PropertyKey[], depth: number, file: string, pos: (o: number) => { line: number; col: number }): void {
  if (!node) return;
  if (depth > YAML_LIMITS.maxDepth) {
    const where = node.range ? pos(node.range[0]) : { line: 1, col: 1 };
    throw new InputError(`nesting deeper than ${YAML_LIMITS.maxDepth} levels`, { file, ...where, keyPath: formatKeyPath(path) });
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      if (pair.key !== null && (!isScalar(pair.key) || (typeof pair.key.value === 'object' && pair.key.value !== null))) {
        // A mapping, list or binary as a key (`? [a, b]`, `!!binary x: 1`) would be stringified by
        // toJS, with a warning on stderr.
        const range = (pair.key as Node).range;
        throw new InputError('a key must be a plain name, not a list, mapping, alias or binary', { file, ...(range ? pos(range[0]) : {}), keyPath: formatKeyPath(path) || undefined });
      }
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      const keyName = typeof key === 'string' || typeof key === 'number' ? String(key) : '?';
      if (FORBIDDEN_KEYS.has(keyName)) {
        const range = (pair.key as Node | null)?.range;
        throw new InputError(`key \`${keyName}\` is not allowed`, { file, ...(range ? pos(range[0]) : {}), keyPath: formatKeyPath(path), hint: 'rename the key; prototype keys are refused for safety' });
      }
      checkStructure(pair.value as Node | null, [...path, keyName], depth + 1, file, pos);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => checkStructure(item as Node | null, [...path, i], depth + 1, file, pos));
  } else if (isAlias(node)) {
    return;
  }
}

function locate(doc: Document, lc: LineCounter, path: readonly PropertyKey[]): { line: number; col: number } {
  for (let i = path.length; i >= 0; i--) {
    const sub = path.slice(0, i) as (string | number)[];
    const parent = i > 0 ? doc.getIn(sub.slice(0, -1), true) : undefined;
    // Prefer the key's position for map entries: that is where the reader looks.
    if (i > 0 && isMap(parent)) {
      const last = sub[sub.length - 1];
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
      const range = (pair?.key as Node | undefined)?.range;
      if (range) return toPos(lc, range[0]);
    }
    const node = (i === 0 ? doc.contents : doc.getIn(sub, true)) as Node | undefined | null;
    if (node && typeof node === 'object' && 'range' in node && node.range) return toPos(lc, node.range[0]);
  }
  return { line: 1, col: 1 };
}

function toPos(lc: LineCounter, offset: number) {
  const p = lc.linePos(offset);
  return { line: p.line, col: p.col };
}

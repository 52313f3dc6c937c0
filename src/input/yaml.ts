/**
 * YAML text -> plain data, with every node's position kept so that a schema error can point
 * at `file:line:col`. Hostile input is refused here, before anything looks at the data:
 * oversize text, deep nesting (by a lexical check, before the yaml library's parser goes deeper),
 * alias bombs (at the alias that crosses the limit), duplicate keys, prototype keys, merge keys, tags,
 * and YAML versions other than 1.2. Messages give a position and never quote the file's content.
 */
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, YAMLParseError, type Document, type Node, type YAMLWarning } from 'yaml';
import { InputError, formatKeyPath } from './errors.js';
import { LIMITS } from './limits.js';
import { assignmentHint, commaCutValue, thousandsCut, unseenNear, yamlSyntaxHint } from './yamlHints.js';
import { int } from '../report/format.js';

/**
 * Policy limits, chosen rather than sourced: the largest bundled file (validation/test-runs.yaml)
 * is 70 kB, nests a few levels and uses a dozen aliases of inline models (a few hundred nodes); each
 * limit leaves a wide margin over real files while capping what a hostile one can cost. maxAliasNodes
 * counts the values aliases expand to (an alias of a ten-item list costs 11), so neither many aliases
 * nor a few of a large anchor can blow up memory.
 */
export const YAML_LIMITS = {
  maxBytes: LIMITS.inputBytes,
  maxAliasNodes: 10_000,
  maxDepth: 32,
} as const;

/** Keys refused in any input (YAML text or a caller's object): they would reach objects' prototypes. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface ParsedYaml {
  file: string;
  value: unknown;
  /** 1-based position of the key (or value) at a path, falling back to the nearest ancestor. */
  locate(path: readonly PropertyKey[]): { line: number; col: number };
}

/** Text longer than a file may be, refused before any parser looks at it (JSON.parse too: 6 MB of nesting took it 5 s). */
export function refuseOversize(text: string, file: string): void {
  if (text.length > YAML_LIMITS.maxBytes) {
    throw new InputError(`text is ${int(text.length)} characters; the limit is ${int(YAML_LIMITS.maxBytes)} bytes`, { file, hint: 'scenario and model files are small; is this the right file?' });
  }
}

/**
 * Files reach here through `readText` (src/cli/load/files.ts), which refuses oversize and non-UTF-8
 * bytes; the length check stays for text from elsewhere (it counts characters, a lower bound on bytes).
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  refuseOversize(text, file);
  const lineCounter = new LineCounter();
  // YAML 1.2 §5.4 (b-break): a carriage return alone ends a line, as LF and CRLF do; the yaml library
  // reads only those two, so a file saved with CR line ends was one line ("Nested mappings are not
  // allowed in compact mappings" at 1:8). The same length: positions stay the text's.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const tags: number[] = [];
  const doc = composeDocument(depthChecked(new Lexer().lex(source), file, tags), source.length, lineCounter);
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  // A tag the library cannot resolve (`!foo`, `!!float 8`) is one of its errors or warnings, without the key
  // path; checkStructure refuses every tagged node, resolved or not, at the tag with its key path (one rule).
  const unresolvedTag = (e: YAMLParseError | YAMLWarning) => e.code === 'TAG_RESOLVE_FAILED';
  const first = doc.errors.find((e) => !unresolvedTag(e)) ?? doc.warnings.find((e) => !unresolvedTag(e)) ?? doc.errors[0] ?? doc.warnings[0];
  if (first && unresolvedTag(first)) checkStructure(doc.contents as Node | null, [], 0, { file, pos, doc, tags, aliasNodes: 0, sizes: new Map() });
  if (first) {
    const { line, col } = pos(first.pos[0]);
    // The library's messages may quote the source after a colon ('... extra characters: |x'); ours give the
    // position only. A colon the message names (`The : indicator must be ...`, `Anchor ending in : is
    // ambiguous`) stands alone, after a space: those messages were cut to 'The' and 'Anchor ending in'.
    const message = first.code === 'MULTIPLE_DOCS' ? 'file holds more than one YAML document'
      : first.code === 'TAG_RESOLVE_FAILED' ? TAG_MESSAGE
      : first.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '').replace(/(?<=\S):\s.*$/, '');
    // A document ends at a `---` line or at a `...` line: after `...` alone, 'remove the `---` separator' named none there was.
    const hint = first.code === 'MULTIPLE_DOCS' ? 'remove the `---` separator or `...` end marker and what follows; give one document per file'
      : first.code === 'TAG_RESOLVE_FAILED' ? TAG_HINT : unseenNear(source, line) ?? assignmentHint(source) ?? yamlSyntaxHint(first.code, message);
    throw new InputError(message, { file, line, col, hint });
  }
  // YAML 1.1 reads `17:04` as 1024 (base 60), `yes` as true and `0777` as octal: flopcast reads 1.2 only.
  if (doc.directives?.yaml.explicit && doc.directives.yaml.version !== '1.2') {
    const at = source.search(/^%YAML/m);
    throw new InputError(`\`%YAML ${doc.directives.yaml.version}\` is not supported; flopcast reads YAML 1.2`, {
      file, ...pos(Math.max(0, at)), hint: 'remove the %YAML line; in YAML 1.2, 17:04 is text, not the base-60 number 1024',
    });
  }
  checkStructure(doc.contents as Node | null, [], 0, { file, pos, doc, tags, aliasNodes: 0, sizes: new Map(), json: isJson(source) });
  let value: unknown;
  try {
    // Aliases were counted (and capped) by checkStructure, with the place of the one that crossed.
    value = doc.toJS({ maxAliasCount: -1 });
  } catch (err) {
    throw new InputError(err instanceof Error ? err.message : String(err), { file });
  }
  return { file, value, locate: (path) => locate(doc, lineCounter, path) };
}

/**
 * The yaml library's parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false,
 * merge: false }) over lexemes (node_modules/yaml/dist/public-api.js: parseDocument; parse/parser.js:
 * parse), so that the text is lexed once, for the depth check and the parser both.
 */
function composeDocument(lexemes: Iterable<string>, length: number, lineCounter: LineCounter): Document {
  const parser = new Parser(lineCounter.addNewLine);
  // uniqueKeys: its check compares each key with every earlier one of the mapping (composer's mapIncludes), so
  // 60,000 keys in 600 kB took over 20 s; checkStructure finds duplicates with a set, as the keys toJS makes.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false, merge: false });
  function* tokens() {
    lineCounter.addNewLine(0);
    for (const lexeme of lexemes) yield* parser.next(lexeme);
    yield* parser.end();
  }
  let doc: Document | undefined;
  for (const next of composer.compose(tokens(), true, length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  // compose(..., forceDoc: true) yields a document even for empty text.
  return doc!;
}

const TAG_MESSAGE = 'YAML tags (`!!null`, `!!str`, `!custom`) are not supported';
const TAG_HINT = 'remove the tag and write the plain value; quote it to make it text';

/**
 * Nesting depth from the yaml library's lexer (linear, no recursion), checked as each lexeme passes
 * on to its parser: the parser and composer take time and stack in proportion to depth, so 900 kB of
 * brackets would take seconds and overflow the stack. Flow brackets count one level each; in block
 * context each line's first token and each `- ` / `? ` indicator opens a level at its column. Lexing
 * stops at the first level past the limit, which the parser never sees.
 */
function* depthChecked(lexemes: Iterable<string>, file: string, tags: number[]): Generator<string> {
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  let flow = 0;
  let atLineStart = true;
  const block: number[] = [];
  const open = (col: number) => {
    while (block.length && block[block.length - 1]! >= col) block.pop();
    block.push(col);
  };
  for (const token of lexemes) {
    // The lexer's control tokens (document start, flow error end, scalar start) stand for no source
    // character: the parser does not count them (yaml's parse/parser.js next()), nor may the column.
    if (token === '\x02' || token === '\x18' || token === '\x1f') {
      yield token;
      continue;
    }
    const col = offset - lineStart;
    const c = token[0];
    // A tag's own token (a scalar's text comes after a control token, so `!` starts nothing else): its offset, for checkStructure.
    if (c === '!') tags.push(offset);
    if (c === '[' || c === '{') flow++;
    else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
    else if (flow === 0 && c !== undefined && c !== ' ' && c !== '\n' && c !== '\r' && c !== '#' && token.length > 0 && !/^[\x00-\x1f]$/.test(token)) {
      if (atLineStart || ((c === '-' || c === '?') && token.length === 1)) open(col);
      atLineStart = false;
    }
    if (flow + block.length > YAML_LIMITS.maxDepth) {
      throw new InputError(`nesting deeper than ${YAML_LIMITS.maxDepth} levels`, { file, line, col: col + 1, hint: 'flatten the structure; scenario, model and profile files nest a few levels' });
    }
    for (let i = token.indexOf('\n'); i !== -1; i = token.indexOf('\n', i + 1)) {
      line++;
      lineStart = offset + i + 1;
      atLineStart = true;
    }
    offset += token.length;
    yield token;
  }
}

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
 * Whether a text is a JSON document: in JSON a comma inside [...] separates values whatever the spacing (RFC 8259 §5; no
 * JSON number holds a comma), and json.dump writes `[1,106]` as a Hugging Face config's eos_token_id, so a compact list
 * there has one reading (yamlHints.ts thousandsCut). Parsed only where the text opens as JSON does, after the depth check.
 */
function isJson(text: string): boolean {
  if (!/^\s*[[{]/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
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
function checkStructure(node: Node | null | undefined, path: PropertyKey[], depth: number, w: Walk): number {
  const { file, pos } = w;
  if (!node) return 1;
  if (depth > YAML_LIMITS.maxDepth) {
    const where = node.range ? pos(node.range[0]) : { line: 1, col: 1 };
    throw new InputError(`nesting deeper than ${YAML_LIMITS.maxDepth} levels`, { file, ...where, keyPath: formatKeyPath(path) });
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
    const read = `\`${list ? `[${text}]` : text}\` was read as ${values.length} values: ${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
    throw new InputError(`a comma ends a value inside ${isMap(node) ? '{...}' : '[...]'}, between digits too: ${read}`, {
      file, ...pos(grouped.start), keyPath: formatKeyPath([...path, ...grouped.at]) || undefined,
      hint: list ? `write [${list.join(', ')}] if the commas separate thousands, or put a space after each comma: [${values.join(', ')}]`
        : `${decimal !== undefined ? `write ${decimal} if the comma is a decimal point` : `write ${whole} without the comma (or ${whole.replace(/\B(?=(\d{3})+$)/g, '_')})`}${isSeq(node) ? `; for ${values.length} values, a space after each comma: [${values.join(', ')}]` : ''}`,
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
      size += 1 + checkStructure(pair.value as Node | null, [...path, keyName], depth + 1, w);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => (size += checkStructure(item as Node | null, [...path, i], depth + 1, w)));
  } else if (isAlias(node)) {
    const target = node.resolve(w.doc);
    const targetSize = target ? w.sizes.get(target as Node) : undefined;
    if (targetSize === undefined) throw new InputError('an alias must refer to an anchor defined (and finished) before it', { ...where(), hint: 'an alias inside its own anchor would make a loop' });
    w.aliasNodes += targetSize;
    if (w.aliasNodes > YAML_LIMITS.maxAliasNodes) {
      throw new InputError(`aliases expand to more than ${YAML_LIMITS.maxAliasNodes} values by this one; refusing a possible alias bomb`, { ...where(), hint: 'write the repeated values out, or use a `matrix:`' });
    }
    return targetSize;
  }
  w.sizes.set(node, size);
  return size;
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

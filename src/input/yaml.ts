/**
 * YAML text -> plain data, with every node's position kept so that a schema error can point
 * at `file:line:col`. Hostile input is refused here, before anything looks at the data:
 * oversize text, deep nesting (by a lexical check, before the yaml library's parser goes deeper),
 * alias bombs (at the alias that crosses the limit), duplicate keys, prototype keys, merge keys, tags,
 * and YAML versions other than 1.2. Messages give a position and never quote the file's content.
 * The limits are in limits.ts (inputBytes, yamlDepth, yamlAliasValues); the check of the composed document's nodes is in yamlStructure.ts.
 */
import { Composer, isMap, isScalar, Lexer, LineCounter, Parser, YAMLParseError, type Document, type Node, type YAMLWarning } from 'yaml';
import { InputError } from './errors.js';
import { assignmentHint, unseenNear, yamlSyntaxHint } from './yamlHints.js';
import { LIMITS } from './limits.js';
import { checkStructure, TAG_HINT, TAG_MESSAGE } from './yamlStructure.js';
import { int } from '../report/format.js';
import { codePointText } from './codePoint.js';
import { lineColAt } from './lineCol.js';
import { C0_BUT_TAB_AND_LINE_ENDS } from '../report/escape.js';

/**
 * 1-based position of the key (or value) at a path, falling back to the nearest ancestor; `written`, where the text is
 * known, is a number's text at a path as the file writes it: a double holds `123456789012345678901` as
 * 123456789012345680000 and `9007199254740993` as ...992, numbers the user did not write (validate.ts quotes it).
 */
export interface Locator {
  (path: readonly PropertyKey[]): { line: number; col: number };
  written?: (path: readonly PropertyKey[]) => string | undefined;
}

/** A locator of paths mapped by `map` first (under a scenario's `model`, or back to the matrix entry that wrote a value), its numbers' text too. */
export function mappedLocator(locate: Locator, map: (path: readonly PropertyKey[]) => readonly PropertyKey[]): Locator {
  return Object.assign((path: readonly PropertyKey[]) => locate(map(path)), { written: (path: readonly PropertyKey[]) => locate.written?.(map(path)) });
}

export interface ParsedYaml {
  file: string;
  value: unknown;
  locate: Locator;
}

/** Text longer than a file may be, refused before any parser looks at it (JSON.parse too: 6 MB of nesting took it 5 s). */
export function refuseOversize(text: string, file: string): void {
  if (text.length > LIMITS.inputBytes) {
    throw new InputError(`text is ${int(text.length)} characters; the limit is ${int(LIMITS.inputBytes)} bytes`, { file, hint: 'scenario and model files are small; is this the right file?' });
  }
}

/**
 * The C0 controls but tab, LF and CR: neither YAML 1.2.2 §5.1 (c-printable) nor JSON (RFC 8259 §7, unescaped) allows
 * one in a file. The yaml library reads them as text, so a file padded with NULs by a crash was "Implicit map keys need
 * to be followed by map values" (hint: write `key: value`), a form feed line the same, a NUL in a value "unknown model
 * `gpt2\x00`, did you mean `gpt2`?", and a binary file's NULs were echoed as `\u0000` in a 1 kB error line (hostile
 * sweep 34). DEL and the C1 controls, which YAML leaves out too, JSON allows in a string (json.dump(ensure_ascii=False)
 * writes them, and a config.json is read as YAML as well): they are left to what holds them (a name refuses a control,
 * name.ts; a number a character outside ASCII). An escape in a quoted value (`"\e"`) is text the parser makes, not a
 * character of the file: it passes here too.
 */
const NOT_PRINTABLE = new RegExp(`[${C0_BUT_TAB_AND_LINE_ENDS}]`);
const CONTROL_NAMES: Record<string, string> = { '\x00': 'NUL', '\x07': 'BEL', '\x08': 'backspace', '\x0b': 'vertical tab', '\x0c': 'form feed', '\x1b': 'ESC' };

/**
 * Refuses text holding a control character neither YAML nor JSON allows in a file (above), or a byte-order mark past its
 * start (below), at its line and column.
 */
export function refuseNonPrintable(text: string, file: string): void {
  const found = NOT_PRINTABLE.exec(text);
  if (!found) return refuseInnerByteOrderMark(text, file);
  const c = found[0];
  const name = CONTROL_NAMES[c];
  const hint = c === '\x00' ? 'a NUL byte is never text: is this the right file (a binary, or one a crash cut short or padded with zeros)?'
    : c === '\x1b' ? 'delete it: a terminal colour code pasted with the text?'
    : 'delete it: editors show a control character as nothing or as ^X';
  throw new InputError(`file holds a control character, ${codePointText(c)}${name ? ` (${name})` : ''}: YAML and JSON text holds none but tab and line ends`, {
    file, ...lineColAt(text, found.index), hint,
  });
}

/** The yaml Lexer's marks that stand for no character of the text (yaml's cst.ts: DOCUMENT, FLOW_END, SCALAR). */
const CST_MARKS = new Set(['\x02', '\x18', '\x1f']);

/**
 * A byte-order mark (U+FEFF) past the text's start, outside quoted text and comments: YAML 1.2.2 §5.2 allows one at a
 * document's start (readText drops a file's; the yaml library skips a caller's) and inside a quoted scalar only, JSON
 * nowhere between tokens. Two files joined (`cat a.yaml b.yaml`) leave the second's just before a key, which the yaml
 * library reads as part of it, a key that shows as `model` and is not: it was "required model is missing" (review34).
 * Quoted scalars and comments are the yaml Lexer's tokens, as the parser reads them: a quote where YAML opens none (`name:
 * say "hi`, mid plain text; `it's` in a block scalar) opens none here, where a check by hand carried it to later lines and
 * hid a mark there (review36). One pass of the Lexer, linear in the text (review35b: 160,000 commented marks took minutes
 * to an earlier check); the Lexer's tokens are the text's own characters, in order, but for its marks (CST_MARKS), and no
 * C0 control is in the text here (refuseNonPrintable), so none of them is the text's.
 */
function refuseInnerByteOrderMark(text: string, file: string): void {
  if (text.indexOf('\ufeff', 1) === -1) return;
  // A carriage return alone ends a line (YAML 1.2 §5.4), which the Lexer reads only in CRLF: the same length, as parseYaml.
  let offset = 0;
  for (const token of new Lexer().lex(text.replace(/\r(?!\n)/g, '\n'))) {
    if (token.length === 1 && CST_MARKS.has(token)) continue;
    const at = token[0] === '"' || token[0] === "'" || token[0] === '#' ? -1 : token.indexOf('\ufeff', offset === 0 ? 1 : 0);
    if (at !== -1) {
      throw new InputError('file holds a byte-order mark, U+FEFF, past its start: YAML reads it as part of the key or value it touches', {
        file, ...lineColAt(text, offset + at), hint: 'delete it: it shows as nothing; joining two files (cat a.yaml b.yaml) leaves the second\'s there',
      });
    }
    offset += token.length;
  }
}

/**
 * Files reach here through `readText` (src/cli/load/files.ts), which refuses oversize and non-UTF-8
 * bytes; the length check stays for text from elsewhere (it counts characters, a lower bound on bytes).
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  refuseOversize(text, file);
  refuseNonPrintable(text, file);
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
  return { file, value, locate: Object.assign((path: readonly PropertyKey[]) => locate(doc, lineCounter, path), { written: (path: readonly PropertyKey[]) => writtenAt(doc, path) }) };
}

/** A number's text at a path (a plain scalar's source), or undefined where no number is. */
function writtenAt(doc: Document, path: readonly PropertyKey[]): string | undefined {
  const node = doc.getIn(path as (string | number)[], true);
  return isScalar(node) && typeof node.value === 'number' ? node.source : undefined;
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
    if (flow + block.length > LIMITS.yamlDepth) {
      throw new InputError(`nesting deeper than ${LIMITS.yamlDepth} levels`, { file, line, col: col + 1, hint: 'flatten the structure; scenario, model and profile files nest a few levels' });
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

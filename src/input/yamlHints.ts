/**
 * Hints for the yaml library's syntax errors (yaml 2.x, its ErrorCode), which say what broke and not
 * how to write it: a tab for indentation, keys out of line, a value on a line of its own. Each
 * names the YAML 1.2 rule and the usual fix (YAML 1.2.2 §6.1 indentation with spaces only, §7.3
 * quoted scalars, §7.4 flow collections, §8.2.2 block mappings). Keyed by the code, or by the
 * message where one code covers several mistakes (MISSING_CHAR). Pure.
 */
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { codePointText, OTHER_SPACES, ZERO_WIDTH } from './codePoint.js';
import { offeredThousandsReading, thousandsReading } from './quantity.js';

const BY_CODE: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces: YAML allows no tab in indentation',
  BAD_INDENT: 'indent with spaces, the keys of one mapping at the same column; a `{` or `[` needs its `}` or `]`',
  BLOCK_AS_IMPLICIT_KEY: 'a value goes on its key\'s line, or on the lines below a key that ends with `:`, indented; check the next line\'s indentation, and quote a value that holds `: `',
  MULTILINE_IMPLICIT_KEY: 'each line is `key: value`, or a list item `- value` indented under a key that ends with `:`',
  BAD_SCALAR_START: 'quote the value ("...") to write text that starts with this character',
  UNEXPECTED_TOKEN: 'remove what follows the value, or quote the whole value',
  BAD_DQ_ESCAPE: 'in double quotes write \\\\ for a backslash, or use single quotes',
};

const BY_MESSAGE: [RegExp, string][] = [
  [/^Missing closing .?quote/, 'end the text with the quote it starts with; a quote inside single quotes is written twice (\'\')'],
  [/^Comments must be separated/, 'put a space before `#`, or quote the value that holds it'],
  [/^Implicit map keys need to be followed by map values/, 'write `key: value`, with a space after the colon'],
  [/^Sequence item without - indicator/, 'start each list item with `- `, at the same column'],
];

/** A `key = value` line (TOML, INI) and a TOML table header (`[training]`, `[[x]]`). */
const ASSIGNMENT_RE = /^\s*[A-Za-z_][\w.-]*\s*=\s*\S/m;
const TABLE_RE = /^\s*\[\[?[A-Za-z_][\w.-]*\]\]?\s*$/m;

/**
 * The hint for a file written `key = value` (TOML, INI: TorchTitan's job configs are TOML), which YAML reads as text
 * (`model = gpt2`: "a scenario is a mapping ..., found text") or not at all (`[training]` then `seq_len = 8192`:
 * "Unexpected scalar at node end | remove what follows the value"). `whole`: the document read as one text.
 */
export function assignmentHint(source: string, whole = false): string | undefined {
  return ASSIGNMENT_RE.test(source) && (whole || TABLE_RE.test(source)) ? 'flopcast reads YAML, `key: value`; this is written `key = value`, as TOML and INI files are (TorchTitan\'s job configs)' : undefined;
}

/** The hint for a yaml library error, or undefined where its message says all there is. */
export function yamlSyntaxHint(code: string, message: string): string | undefined {
  return BY_MESSAGE.find(([re]) => re.test(message))?.[1] ?? BY_CODE[code];
}

/**
 * Unicode's line and paragraph separators (U+2028, U+2029), which text pasted from a web page or a JavaScript string may
 * carry where a line ends: YAML 1.1 ended a line at one, 1.2 (§5.4) reads it as text, so the next key joined the line
 * ('Nested mappings are not allowed in compact mappings', the separator unnamed).
 */
const LINE_SEPARATORS = '\\u2028\\u2029';
const LINE_SEPARATORS_RE = new RegExp(`[${LINE_SEPARATORS}]`);
const ZERO_WIDTH_RE = new RegExp(`[${ZERO_WIDTH}]`);
/**
 * What the hint names: the spaces, zero-width characters (codePoint.ts) and line separators pasted text carries, not
 * every format character and separator (Cf, Z) as numberProse.ts asciiOf drops from a value. Apart on purpose: this hint guesses which character
 * caused an error about what is visible, on the error's line or the one before, and a guess naming a character that is
 * not the cause misleads; numberProse names a character of a value it has already refused, which the value meant lacks.
 */
const UNSEEN_RE = new RegExp(`[${OTHER_SPACES}${ZERO_WIDTH}${LINE_SEPARATORS}]`);
/**
 * A character that shows as a space, as nothing or as a line end but is no YAML space or line end (§5.5: only U+0020 and
 * tab; §5.4): a non-breaking space pasted from a web page, a zero-width space, a line separator (a byte-order mark left
 * mid-file by joining two files is refused before: yaml.ts). YAML reads it as text, so indentation, `key: value` and key
 * names break with messages about what is visible ('Nested mappings are not allowed', 'with a space after the colon' of
 * a line that shows one). Its column (1-based, in UTF-16 units as positions are) and code point.
 */
function unseenSpace(text: string): { col: number; code: string; shows: 'a space' | 'nothing' | 'a line break' } | undefined {
  const m = UNSEEN_RE.exec(text);
  if (!m) return undefined;
  const shows = ZERO_WIDTH_RE.test(m[0]) ? 'nothing' : LINE_SEPARATORS_RE.test(m[0]) ? 'a line break' : 'a space';
  return { col: m.index + 1, code: codePointText(m[0]), shows };
}

/** The hint for a line holding such a character, or undefined. */
export function unseenSpaceHint(text: string, where: string): string | undefined {
  const u = unseenSpace(text);
  if (!u) return undefined;
  if (u.shows === 'a line break') return `${where} holds ${u.code} at column ${u.col}, which an editor may show as a line break but YAML 1.2 reads as text: end the line with a plain line break`;
  return `${where} holds ${u.code} at column ${u.col}, which shows as ${u.shows} but is no space to YAML: ${u.shows === 'nothing' ? 'remove it' : 'write a plain space'}`;
}

/** A character that shows as a space or nothing on the error's line or the one before (the library places some errors a line late). */
export function unseenNear(source: string, line: number): string | undefined {
  const lines = source.split('\n');
  return [line, line - 1].filter((n) => n >= 1 && n <= lines.length).map((n) => unseenSpaceHint(structural(lines[n - 1]!), `line ${n}`)).find(Boolean);
}

/**
 * A line with what YAML reads as text set aside: a quoted scalar's characters (each kept as one `x`, so columns stay)
 * and a comment (cut). A non-breaking space inside `name: "LLaMA 65B"` or a comment is harmless there, and was named
 * as the cause of the next line's indentation error.
 */
export function structural(line: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      // An escape in double quotes (\") and a doubled quote in single ones ('') are text, not the end.
      const escaped = (quote === '"' && ch === '\\') || (quote === "'" && ch === "'" && line[i + 1] === "'");
      if (escaped) {
        out += line[i + 1] === undefined ? 'x' : 'xx';
        i++;
      } else if (ch === quote) {
        out += ch;
        quote = undefined;
      } else out += 'x';
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) break;
    if ((ch === '"' || ch === "'") && (i === 0 || /[\s:,[{-]/.test(line[i - 1]!))) quote = ch;
    out += ch;
  }
  return out;
}

/** A plain scalar's text: what a comma can cut (a quoted one holds its commas; a number or null has no parenthesis). */
const plainText = (n: unknown): string | undefined => (isScalar(n) && n.type === 'PLAIN' && typeof n.value === 'string' ? n.value : undefined);
const depthOf = (s: string): number => [...s].reduce((d, ch) => d + (ch === '(' ? 1 : ch === ')' ? -1 : 0), 0);

/**
 * A value a comma cut inside a flow collection (YAML 1.2 §7.4: `,` ends an entry of `{...}` or `[...]`, inside
 * parentheses or not): `training: {tokens: max(1B, 2B)}` is tokens `max(1B` and a key `2B)`, which was refused as an
 * unknown key with the schema's keys for a hint; `[min(0.3, 0.4), 0.5]` is a list of three. The first plain scalar
 * whose `(` a later entry of the same collection closes: its entry's key path (relative to the collection) and the
 * offsets of the text it was cut from, to its closing entry's end, and the number of values YAML read from that text.
 */
export function commaCutValue(node: YAMLMap | YAMLSeq): { at: PropertyKey[]; start: number; end: number; values: number } | undefined {
  // Keys and values in the order written, each with the key path of its entry (a key that is no scalar, refused
  // later, has no name: the collection's path) and the index of its item (pair or list item).
  const entries: { node: unknown; at: PropertyKey[]; item: number }[] = isMap(node)
    ? node.items.flatMap((p, item) => {
      const at = isScalar(p.key) ? [String(p.key.value)] : [];
      return [{ node: p.key, at, item }, { node: p.value, at, item }];
    })
    : node.items.map((n, i) => ({ node: n, at: [i], item: i }));
  // One pass each way, linear in the entries (a pair of loops was quadratic: 80,000 entries `a(` took minutes).
  // `before[i]`: the depth (open less closed parentheses of the plain scalars) before entry i; `after[i]` the depth
  // after it (undefined for an entry that is no plain scalar); `lowest[i]` the least depth after any entry from i on.
  const depths = entries.map((e) => { const text = plainText(e.node); return text === undefined ? undefined : depthOf(text); });
  const before: number[] = [];
  const after: (number | undefined)[] = [];
  let depth = 0;
  for (const d of depths) { before.push(depth); if (d !== undefined) depth += d; after.push(d === undefined ? undefined : depth); }
  const lowest: number[] = new Array<number>(entries.length + 1).fill(Infinity);
  for (let j = entries.length - 1; j >= 0; j--) lowest[j] = Math.min(lowest[j + 1]!, after[j] ?? Infinity);
  // The first entry that opens a parenthesis a later entry closes (the depth falls back to where it was before it).
  for (let i = 0; i < entries.length; i++) {
    if ((depths[i] ?? 0) <= 0 || lowest[i + 1]! > before[i]!) continue;
    let j = i + 1;
    while ((after[j] ?? Infinity) > before[i]!) j++;
    const [start, end] = [(entries[i]!.node as Scalar).range?.[0], (entries[j]!.node as Scalar).range?.[1]];
    // The values YAML read from its text: the items from the cut one to the closing one.
    if (start !== undefined && end !== undefined) return { at: entries[i]!.at, start, end, values: entries[j]!.item - entries[i]!.item + 1 };
  }
  return undefined;
}

/**
 * A number cut at a comma inside a flow collection (YAML 1.2 §7.4: `,` ends an entry there, between digits too): grouped
 * by thousands, `matrix: {cluster.count: [1,024, 2,048]}` ran counts 1, 24, 2 and 48 without a word, and `cluster: {count:
 * 1,024}` was 'unknown key `24`'; with a decimal comma, `training.tokens: [1,5T, 3T]` ran 1 token, 5T and 3T, and
 * `pricing.usd_per_gpu_hour: [2,49, 3,99]` prices of $2, $49, $3 and $99. A plain number of three digits written right
 * after a comma that directly follows a plain number of one to three digits (or such a group), `thousands`; or else a
 * plain integer followed so by a plain value that starts with a digit, `decimal` (its reading with a decimal point). In
 * a mapping always (a number is never a key here); in a list where the list's other items are set apart by more than the
 * comma (`[1,536, 2,304]`, `[1,5T, 3T]`), the run. A compact list (none of its commas spaced) of plain values with such a
 * comma is refused whole, `list` its thousands reading (quantity.ts thousandsReading: `[1,536,2,304]` ran counts 1, 536,
 * 2 and 304, and is [1536, 2304] with separators; `[64,128,256]` is refused too, 64,128,256 being 64 million grouped; a
 * space after each comma says which is meant), null where that reading joins a number no count could be (quantity.ts
 * offeredThousandsReading: `[8,16,…,800]`, told to space its commas alone); `[8,16,32]` and `[1536,2304]` have no
 * thousands reading and are lists.
 * A compact list with a value with a unit after a bare number (`[1,5T]`: no list gives one value a unit and not the next)
 * is `decimal`. Not in JSON (`json`: yaml.ts isJson), where a comma separates values however spaced (`"eos_token_id": [1,106]`
 * in a config.json). The run's text (the list's, for `list`), its offsets and the values YAML read from it.
 */
export function thousandsCut(node: YAMLMap | YAMLSeq, json = false): { at: PropertyKey[]; start: number; end: number; text: string; values: (number | string)[]; decimal?: string; list?: string[] | null } | undefined {
  const entries: { node: unknown; at: PropertyKey[] }[] = isMap(node)
    ? node.items.flatMap((p) => {
      const at = isScalar(p.key) ? [String(p.key.value)] : [];
      // A key without a value (`000` of `{tokens: 1,000,000}`) has none to stand between it and the next key.
      return p.value === null ? [{ node: p.key, at }] : [{ node: p.key, at }, { node: p.value, at }];
    })
    : node.items.map((n, i) => ({ node: n, at: [i] }));
  const plain = (n: unknown, re: RegExp): Scalar | undefined =>
    isScalar(n) && n.type === 'PLAIN' && (typeof n.value === 'number' || typeof n.value === 'string') && n.range && typeof n.source === 'string' && re.test(n.source) ? n : undefined;
  const digits = (n: unknown, re: RegExp): Scalar | undefined => { const s = plain(n, re); return s && typeof s.value === 'number' ? s : undefined; };
  const follows = (next: Scalar | undefined, prev: Scalar): next is Scalar => next !== undefined && next.range![0] === prev.range![1] + 1;
  // Whether two of the list's items are set apart by more than a comma (a space, a line break): then a comma alone is
  // not how this list separates its items.
  const spaced = isSeq(node) && node.items.some((n, i) => {
    const next = node.items[i + 1];
    return next !== undefined && isScalar(n) && isScalar(next) && n.range && next.range && next.range[0] > n.range[1] + 1;
  });
  // A list none of whose commas is spaced, of plain values: where a comma could separate thousands (quantity.ts
  // thousandsReading: three digits after it, one to three before), the whole list has two readings.
  if (!json && isSeq(node) && !spaced && node.items.length > 1) {
    const items = node.items.map((n) => plain(n, /./));
    if (items.every((n) => n !== undefined)) {
      const sources = items.map((n) => n!.source!);
      if (thousandsReading(sources)) return { at: [], start: items[0]!.range![0], end: items[items.length - 1]!.range![1], text: sources.join(','), values: items.map((n) => n!.value as number | string), list: offeredThousandsReading(sources) ?? null };
    }
  }
  const cut = (i: number, run: Scalar[]) => ({ at: entries[i]!.at, start: run[0]!.range![0], end: run[run.length - 1]!.range![1], text: run.map((n) => n.source).join(','), values: run.map((n) => n.value as number | string) });
  for (let i = 0; i < entries.length; i++) {
    const first = digits(entries[i]!.node, /^[+-]?\d{1,3}$/);
    if (!first) continue;
    const run = [first];
    for (let j = i + 1; j < entries.length; j++) {
      const next = digits(entries[j]!.node, /^\d{3}$/);
      if (!follows(next, run[run.length - 1]!)) break;
      run.push(next);
    }
    const groups = run.slice(1);
    if (!groups.length || (isSeq(node) && !spaced && !groups.some((g) => g.source!.startsWith('0')))) continue;
    return cut(i, run);
  }
  for (let i = 0; i + 1 < entries.length; i++) {
    const first = digits(entries[i]!.node, /^[+-]?\d+$/);
    const next = first && plain(entries[i + 1]!.node, /^\d/);
    if (!first || !follows(next, first) || (isSeq(node) && !spaced && typeof next.value === 'number')) continue;
    return { ...cut(i, [first, next]), decimal: `${first.source}.${next.source}` };
  }
  return undefined;
}

/**
 * The one escaping layer per output format. Every renderer that puts a user's string (a name, a
 * path, a message) into output goes through the function for its format; the CLI applies
 * {@link terminalText} to everything it prints as text and to every error message. One hostile-name
 * corpus tests them all (test/reliability/escaping.test.ts).
 *
 * - terminal: C0 and C1 control characters (ESC sequences included), DEL, and the Unicode bidi and
 *   line-separator controls are shown as `\xNN` / `\u{NNNN}`, never sent raw;
 * - CSV: RFC 4180 quoting, and string cells that a spreadsheet would take for a formula (starting
 *   with = + - @, tab or CR) get a leading `'` (OWASP, "CSV Injection"); numbers are written as
 *   numbers, so a negative number stays a number;
 * - Markdown: CommonMark backslash escapes for the punctuation that makes syntax (tables, emphasis,
 *   links, code) and HTML entities for & < >, so no raw HTML reaches a viewer; one line per cell; a
 *   link's path percent-encoded, parentheses included;
 * - HTML: entities for & < > " ';
 * - JSON: JSON.stringify, with C1 and bidi controls written as \u escapes (same value, printable).
 */
import { codePointText } from '../input/codePoint.js';

/**
 * Controls a terminal may act on, in parts each class below is built from: C1 and DEL; the Unicode bidi and
 * line-separator controls; and, with the `u` flag, \ud800-\udfff, which matches half of a surrogate pair
 * alone (a YAML or JSON "\ud800" escape, a caller's string), which no UTF-8 output can hold: it was written
 * as U+FFFD. The C0 controls are given per class: \n is kept only where a layer says so.
 */
export const DEL_C1 = '\\u007f-\\u009f';
export const BIDI_LINE = '\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
export const SURROGATES = '\\ud800-\\udfff';
/** The controls of C0 and the parts above; `c0`, the C0 range(s) the class takes. */
const controls = (c0: string): RegExp => new RegExp(`[${c0}${DEL_C1}${BIDI_LINE}${SURROGATES}]`, 'gu');
const CONTROL = controls('\\u0000-\\u001f');
const CONTROL_KEEP_NEWLINE = controls('\\u0000-\\u0009\\u000b-\\u001f');
/** The C0 controls but tab, LF and CR: what a CSV cell escapes of C0, and what no YAML or JSON file may hold (input/yaml.ts). */
export const C0_BUT_TAB_AND_LINE_ENDS = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f';
/** A CSV cell keeps \t, \n and \r (RFC 4180 quotes a cell holding a line break). */
const CONTROL_CSV = controls(C0_BUT_TAB_AND_LINE_ENDS);
/** Half of a surrogate pair alone (see above). */
const LONE_SURROGATE = new RegExp(`[${SURROGATES}]`, 'u');
/** What jsonText escapes: JSON.stringify writes C0 and a lone surrogate as \u escapes itself. */
const JSON_ESCAPED = new RegExp(`[${DEL_C1}${BIDI_LINE}]`, 'gu');

function visible(c: string): string {
  const code = c.codePointAt(0)!;
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** Text for a terminal, several lines: every control but the newline made visible. */
export function terminalText(s: string): string {
  return s.replace(CONTROL_KEEP_NEWLINE, visible);
}

/** One line for a terminal (a name, an error message): newlines made visible too. */
export function terminalLine(s: string): string {
  return s.replace(CONTROL, visible);
}

/** The first half of a surrogate pair standing alone in the text, as U+XXXX, or undefined. */
export function loneSurrogate(s: string): string | undefined {
  const m = LONE_SURROGATE.exec(s);
  return m ? codePointText(m[0]) : undefined;
}

/** True when the text holds a control a terminal could act on (for input checks on names). */
export function hasControl(s: string): boolean {
  CONTROL.lastIndex = 0;
  const found = CONTROL.test(s);
  CONTROL.lastIndex = 0;
  return found;
}

/** A CSV cell (RFC 4180), neutralised against formula injection. */
export function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v !== 'string') return String(v);
  let s = v.replace(CONTROL_CSV, visible);
  // OWASP: "=", "+", "-", "@", tab and carriage return start a formula in Excel, LibreOffice and Sheets.
  const formula = /^[=+\-@\t\r]/.test(s);
  if (formula) s = `'${s}`;
  return formula || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Markdown inline text (a table cell, a heading, the start of a paragraph): no syntax, no HTML, one line.
 * What would be block syntax at the start of a line is neutralised too (CommonMark 4.4, 5.2, 4.3): leading
 * spaces (an indented code block), a list marker (`-`, `+`, `1.`, `1)`), a thematic break or setext underline (`---`, `===`); the
 * report's FLOP section starts a paragraph with the model's name, and a model named `1. x` made a list of it.
 */
export function markdownText(s: string): string {
  const text = terminalLine(s)
    .replace(/[\\`*_[\]|~#]/g, '\\$&')
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
  // Trailing spaces too: a cell trims them, and inside emphasis they end nothing (`**x **` is no bold, the report's
  // model heading printed its asterisks, sweep33).
  const trail = (t: string) => t.replace(/ +$/, (sp) => '&#32;'.repeat(sp.length));
  const lead = /^ +/.exec(text)?.[0] ?? '';
  if (lead) return '&#32;'.repeat(lead.length) + trail(text.slice(lead.length));
  // A marker only before a space or the end (`7.5 s`, `-2+3` are text); `---` and `===` alone are a break or an underline.
  return trail(text.replace(/^[-+](?= |$)|^(?=[-=][-= ]*$)/, '\\$&').replace(/^(\d{1,9})([.)])(?= |$)/, '$1\\$2'));
}

/**
 * Markdown inline code (a file name, a formula, a command): one line (controls made visible) and a backtick
 * as '. In a table cell (`cell`) a pipe is escaped too, which GFM reads as a cell border even inside a code
 * span (a report of 'a|b.yaml' split its inputs row; a name with a newline broke the table); outside a
 * table the backslash would show.
 */
export function markdownCode(s: string, cell = false): string {
  const text = terminalLine(s).replace(/`/g, "'");
  return `\`${cell ? text.replace(/\|/g, '\\|') : text}\``;
}

/**
 * A relative path as a Markdown link destination: each segment percent-encoded (encodeURIComponent),
 * and the parentheses too, which it leaves and which end a destination (CommonMark 6.3). With encodeURI,
 * `report --out 'r)x.md'` linked its charts as `](r)x-assets/flops.svg)` (a link to `r`), and a `#` or
 * `?` in the name started a fragment or a query.
 */
export function markdownPath(path: string): string {
  return path.split('/').map((seg) => encodeURIComponent(seg).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))).join('/');
}

/**
 * A word of a command line as a POSIX shell reads it back: as it is when it holds only characters no shell
 * treats specially, else in single quotes (a quote inside as '\\''). A report's "Command:" printed
 * `flopcast report a b (1).yaml`, which a shell splits and refuses.
 */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** HTML text or attribute value. */
export function htmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON with two-space indent; C1 and bidi controls \u-escaped (JSON.stringify escapes C0 itself). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

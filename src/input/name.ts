/**
 * A name a user gives (a scenario's, a model's, a hardware profile's): one line of printable text,
 * at most LIMITS.nameChars characters. Names are printed in every output format, so control
 * characters (ESC sequences, newlines that fake a table row, bidi overrides) are refused at input;
 * the output layers (src/report/escape.ts) escape whatever else a format needs.
 */
import { z } from 'zod';
import { hasControl, loneSurrogate, terminalLine } from '../report/escape.js';
import { cutText } from './columns.js';
import { LIMITS } from './limits.js';
import { grouped, int } from '../report/format.js';
import { ZERO_WIDTH } from './codePoint.js';

/** Why a name is refused, or undefined when it is fine. */
export function nameProblem(name: string): string | undefined {
  // Spaces alone print as nothing (`name: "  "` titled a run with a blank): empty, as '' is.
  if (name.trim() === '' && name !== '') return 'expected a non-empty text, found only spaces';
  // A zero-width space alone printed as nothing, as spaces did.
  if (labelKey(name) === '' && name !== '') return 'expected a non-empty text, found only invisible characters (zero-width spaces or joiners)';
  if (name.length > LIMITS.nameChars) return `name is ${int(name.length)} characters; the limit is ${int(LIMITS.nameChars)}`;
  const label = labelProblem(name);
  if (label) return `name ${label}`;
  return undefined;
}

/** Why a text cannot be part of a name (a matrix value labels its runs), or undefined. */
export function labelProblem(text: string): string | undefined {
  // A "\ud800" escape alone is no character: every output wrote it as U+FFFD.
  const lone = loneSurrogate(text);
  if (lone) return `holds half of a surrogate pair alone (${lone}), which is no character; write the character itself, or its pair of escapes`;
  return hasControl(text) ? 'holds a control character (newline, tab, escape sequence, ...); use one line of plain text' : undefined;
}

/**
 * A text printed as one line (a table cell, a warning) that is not a name, so has no length limit: a
 * hardware profile's provider, source or note, a model's assumptions. Control characters are refused as
 * in names: a provider `Evil\nerror: fake line` printed a fake error line in prices, hardware show, run
 * and budget, and an assumption one in every result's warnings.
 */
export const lineText = () =>
  z.string().min(1).superRefine((s, ctx) => {
    const problem = labelProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: `text ${problem}` });
  });

export const nameText = () =>
  z.string().min(1).superRefine((s, ctx) => {
    const problem = nameProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** What a label ignores of the text: the soft hyphen (U+00AD) and the zero-width characters (codePoint.ts ZERO_WIDTH). */
const LABEL_IGNORED = new RegExp(`[\\u00ad${ZERO_WIDTH}]`, 'g');

/**
 * What tells two labels apart (option names, matrix values, run names across files): the text as it shows, less what
 * no output shows: the spaces around it (`512 H100` and `512 H100 ` printed two identical rows), the invisible
 * format characters (zero-width space, joiners, word joiner, byte-order mark, soft hyphen: `H100` and
 * `H100\u200b` did too), how an accented letter is encoded (NFC, Unicode UAX #15: `é` as one code
 * point or as e and U+0301), and which spaces and how many stand between words: the report's HTML shows a run of
 * white space as one space (CSS white-space: normal), and a no-break space (U+00A0) as a space everywhere, so
 * `a  b` and `a b`, or `512\u00a0H100` and `512 H100`, were two options the report printed alike.
 */
export function labelKey(text: string): string {
  return text.normalize('NFC').replace(LABEL_IGNORED, '').replace(/\s+/gu, ' ').trim();
}

/**
 * Items a message lists one by one: the first LIMITS.listedItems, then how many there are in all (`total`:
 * when more exist than were listed). A list the user wrote is echoed so (50,000 providers were listed whole).
 */
export function someOf(items: readonly string[], total = items.length, separator = ', '): string {
  const shown = items.slice(0, LIMITS.listedItems);
  return total > shown.length ? `${shown.join(separator)}${separator}… (${grouped(total, 3)} in all)` : shown.join(separator);
}

/**
 * A text from a file echoed inside a note or message that is kept (an importer's assumptions, printed with
 * every result): cut as a name is, its control characters made visible. A config.json's quant_method
 * `x\nerror: fake line` printed a fake error line in every result's warnings.
 */
export function shownLine(text: string): string {
  return terminalLine(shownName(text));
}

/** A name as messages echo it: at most LIMITS.nameChars characters of it (`max`), then how long it is. */
export function shownName(name: string, max: number = LIMITS.nameChars): string {
  return name.length > max ? `${cutText(name, max)}… (${name.length} characters)` : name;
}

/**
 * A path as messages echo it: whole up to LIMITS.pathChars, which no path a file system opens exceeds, so
 * a real one is never cut (a path of 5,000 characters was printed whole).
 */
export function shownPath(path: string): string {
  return shownName(path, LIMITS.pathChars);
}

/**
 * A message that echoes what was typed (yargs' 'Given: "..."', 'Unknown argument: ...', a usage error's
 * 'found "..."'): each run of characters other than spaces, quotes and commas longer than a name cut as a
 * name is. An argument of 100,000 characters was printed whole.
 */
export function shownWords(text: string): string {
  return text.replace(LONG_WORD, (w) => shownName(w));
}
// The quotes and commas around a word are kept; an ellipsis ends one already cut (by shownName: cut once).
const LONG_WORD = new RegExp(`[^\\s"'\`,…]{${LIMITS.nameChars + 1},}`, 'g');

/**
 * The one order of names in output (ties in `run --sort`, vendors and ids in `hardware`, providers
 * and price labels): English collation, fixed. `localeCompare` with no locale follows LANG/LC_ALL
 * (Node's ICU default locale), so `--sort cost` put `ä` before `b` under en_US and after `z` under
 * sv_SE; the same input must print the same output anywhere. English is what the default locale
 * gave here (LANG=C reads as en-US), so no order changes where LANG was unset or English.
 */
let collator: Intl.Collator | undefined; // built on first use: ICU's collator costs start-up time
export function compareText(a: string, b: string): number {
  return (collator ??= new Intl.Collator('en')).compare(a, b);
}

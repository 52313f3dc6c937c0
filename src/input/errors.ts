import { shownName, shownPath } from './name.js';

/**
 * A problem written as `message | hint` (schemas' custom checks and the shared range checks keep both in one string so
 * they stay declarative): the two parts, the hint absent where there is none. One reading of the convention.
 */
export function barred(text: string): { message: string; hint?: string } {
  const i = text.indexOf(' | ');
  return i < 0 ? { message: text } : { message: text.slice(0, i), hint: text.slice(i + 3) };
}

/**
 * One error type for everything a user can get wrong: a file, a place in it, the key path,
 * what was expected and what was found, and an optional hint. The CLI prints it as
 * `file:line:col: key.path: message` followed by `  hint: ...`, and exits 2.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly details: {
      file?: string;
      line?: number;
      col?: number;
      keyPath?: string;
      hint?: string;
    } = {},
  ) {
    super(message);
  }

  /** `file:line:col: key.path: message`, without the hint. */
  located(): string {
    const { file, line, col, keyPath } = this.details;
    let where = '';
    // The file as a path is echoed (a path of 5,000 characters, too long to open, was printed whole).
    if (file) where += `${placeText(file, line, col)}: `;
    if (keyPath) where += `${keyPath}: `;
    return `${where}${this.message}`;
  }

  /** The single-line (plus hint) rendering used everywhere. */
  format(): string {
    const { hint } = this.details;
    return this.located() + (hint ? `\n  hint: ${hint}` : '');
  }
}

/**
 * Where something is, as messages write it: `file:line:col`, or the file alone where there is no line
 * (a library caller's object has no positions: 'referenced by <scenario>:0:0' was printed).
 */
export function placeText(file: string, line?: number, col?: number): string {
  return line ? `${shownPath(file)}:${line}:${col ?? 1}` : shownPath(file);
}

/**
 * The one wording of a number written right but beyond the largest a number may be (`1e999`, which reads as infinite):
 * as written, then why, in a file's value (yamlStructure.ts), a command-line option's and a library argument's (args.ts).
 */
export function beyondLargest(written: string, negative = false): string {
  return negative ? `${written} is too large below zero (beyond the most negative number, about -1.8e308)` : `${written} is too large (beyond the largest number, about 1.8e308)`;
}

/**
 * A number as an error message shows it. A value that is not finite is named in the words of the language it was
 * written in, and in words: YAML's `.nan` and `.inf` for a file's (JavaScript's `NaN` and `Infinity` mean nothing to
 * it), JavaScript's for a library caller's argument or object (`.nan` meant nothing to one: flops('gpt2', {tokens:
 * NaN}) was told of a `.nan`). A finite one is JavaScript's shortest exact spelling, with the exponent as users write it
 * (6e24, not 6e+24).
 */
export function describeNumber(value: number, language: 'yaml' | 'javascript' = 'yaml'): string {
  if (Number.isFinite(value)) return String(value).replace('e+', 'e');
  const sign = value < 0 ? '-' : '';
  if (language === 'javascript') return Number.isNaN(value) ? 'NaN (not a number)' : `${sign}Infinity (unbounded)`;
  return Number.isNaN(value) ? '.nan (not a number)' : `${sign}.inf (unbounded)`;
}

/**
 * The key-path form every message uses (documented in the README: `key.path`, a list item `[i]`
 * counted from 0, a key holding . [ ] or " quoted `["a.b"]`): ['cluster', 'gpus', 0, 'id'] as `cluster.gpus[0].id`. {@link parseKeyPath} reads it back.
 * A key is echoed as a name is (shownName: a key of 900,000 characters printed whole, twice, made a
 * 1.8 MB error line); one so long is never a key of a schema, so no path that finds something is cut.
 */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    const key = String(part);
    if (typeof part === 'number') out += `[${part}]`;
    // A key the path's own syntax would split, quoted as JSON: an empty one must still show, and a dotted one
    // (`cluster.count:` written in an option, a matrix key) read as the nested path (`options[0].cluster.count`).
    else if (key === '' || /[.[\]"]/.test(key)) out += `[${JSON.stringify(shownName(key))}]`;
    else out += out ? `.${shownName(key)}` : shownName(key);
  }
  return out;
}

/** A key path as {@link formatKeyPath} writes it, back to its parts: `options[0]["a.b"].c` -> ['options', 0, 'a.b', 'c']. */
export function parseKeyPath(text: string): (string | number)[] {
  return (text.match(/\["(?:[^"\\]|\\.)*"\]|\[\d+\]|[^.[\]]+/g) ?? []).map((p) => (p.startsWith('["') ? (JSON.parse(p.slice(1, -1)) as string) : p.startsWith('[') ? Number(p.slice(1, -1)) : p));
}

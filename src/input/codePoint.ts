/** A character as Unicode names it, `U+00A0` (at least four hex digits, upper case): how messages show one that does not print. */
export function codePointText(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The characters pasted text carries that print as nothing: zero-width space, non-joiner and joiner (U+200B-U+200D),
 * word joiner (U+2060) and byte-order mark (U+FEFF), as the body of a regular-expression class. One list for what a
 * label ignores (name.ts labelKey), what a suggestion folds away (suggest.ts) and what the YAML hint says shows as
 * nothing (yamlHints.ts); numberProse.ts drops every format character and separator instead (its asciiOf says why).
 */
export const ZERO_WIDTH = '\\u200b-\\u200d\\u2060\\ufeff';
/** The characters other than U+0020 that show as a space (Unicode's space separators, Zs, but the ASCII one), as a class body. */
export const OTHER_SPACES = '\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000';

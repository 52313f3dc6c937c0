/** A character as Unicode names it, `U+00A0` (at least four hex digits, upper case): how messages show one that does not print. */
export function codePointText(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Where JSON text first breaks the grammar of RFC 8259 (§2-§7), as an offset, for messages with a line
 * and column. V8's JSON.parse names a position for some errors only: `{"a": NaN}` (Python's json.dump
 * writes NaN and Infinity), a single-quoted key, `tru` or a comment gave "not valid JSON" and no place.
 * Iterative (an explicit stack of open brackets), so no nesting depth can overflow the call stack. Pure.
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']); // RFC 8259 §2: ws
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']); // §7, besides \uXXXX
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y; // §6
const LITERALS = ['true', 'false', 'null']; // §3

/** The offset of the first character that breaks the grammar (text.length: it ends too soon), or -1 if it is JSON. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const open: ('[' | '{')[] = [];
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  };
  // A string from its opening quote; false with `i` at the character that breaks it.
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return true;
      }
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (next !== undefined && ESCAPES.has(next)) i += 2;
        else return false;
      } else if (c < ' ') return false; // §7: control characters must be escaped
      else i++;
    }
    return false;
  };
  // A member's name and colon, after `{` or `,` in an object.
  const name = (): boolean => {
    skip();
    if (!string()) return false;
    skip();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };
  for (;;) {
    // A value.
    skip();
    const c = text[i];
    if (c === '[' || c === '{') {
      open.push(c);
      i++;
      skip();
      if (text[i] === (c === '[' ? ']' : '}')) {
        i++;
        open.pop();
      } else if (c === '[' || name()) continue;
      else return i;
    } else if (c === '"') {
      if (!string()) return i;
    } else {
      NUMBER.lastIndex = i;
      const literal = LITERALS.find((w) => text.startsWith(w, i));
      if (NUMBER.test(text)) i = NUMBER.lastIndex;
      else if (literal) i += literal.length;
      else return i;
    }
    // What may follow a value: a separator, or the end of the containers it closes.
    for (;;) {
      skip();
      const top = open[open.length - 1];
      if (top === undefined) return i < text.length ? i : -1;
      if (text[i] === ',') {
        i++;
        if (top === '{' && !name()) return i;
        break;
      }
      if (text[i] !== (top === '[' ? ']' : '}')) return i;
      i++;
      open.pop();
    }
  }
}

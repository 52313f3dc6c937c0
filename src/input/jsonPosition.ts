/**
 * Where JSON text first breaks the grammar of RFC 8259 (§2-§7), as an offset, for messages with a line
 * and column. V8's JSON.parse names a position for some errors only: `{"a": NaN}` (Python's json.dump
 * writes NaN and Infinity), a single-quoted key, `tru` or a comment gave "not valid JSON" and no place.
 * Iterative (an explicit stack of open brackets), so no nesting depth can overflow the call stack. Pure.
 */
import { codePointText } from './codePoint.js';

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

/**
 * What breaks JSON text at `at` (jsonErrorOffset's offset), named for a message, with the fix: the
 * ways a hand-edited or Python-written config.json stops being JSON. Python's json.dump writes NaN and
 * Infinity; print(dict) and repr write single quotes, True, False and None; editors add comments and
 * trailing commas (JSON5, JSONC). RFC 8259 §2-§7 has none of them. Pure.
 */
export function jsonBreak(text: string, at: number): { message: string; hint: string } {
  const rest = text.slice(at);
  const before = text.slice(0, at).trimEnd();
  const last = before[before.length - 1];
  if (text.trim() === '') return { message: 'the file is empty', hint: 'a Hugging Face config.json is one JSON object, {"model_type": ..., ...}' };
  if (at >= text.length) return { message: 'the file ends inside the JSON', hint: 'close each open `{`, `[` and `"`; was the file cut short?' };
  if (/^-?(NaN|Infinity)/.test(rest)) return { message: 'JSON has no NaN or Infinity', hint: 'write null for a value the config leaves unset, or the number (Python: json.dump(..., allow_nan=False) refuses them)' };
  const python = /^(True|False|None)\b/.exec(rest)?.[1];
  if (python) return { message: `\`${python}\` is Python's, not JSON's`, hint: `write ${python === 'None' ? 'null' : python.toLowerCase()}; json.dump writes JSON, print(dict) does not` };
  if (rest.startsWith('//') || rest.startsWith('/*')) return { message: 'JSON has no comments', hint: 'remove the comment' };
  if (rest[0] === "'") return { message: 'a single-quoted string; JSON quotes with "', hint: 'write "..." for each key and text; json.dump writes JSON, print(dict) does not' };
  if ((rest[0] === '}' || rest[0] === ']') && last === ',') return { message: `a comma before \`${rest[0]}\`; JSON has no trailing comma`, hint: 'remove the last comma' };
  if ((last === '{' || last === ',') && /^[A-Za-z_$][\w$-]*\s*:/.test(rest)) return { message: 'a key without quotes', hint: 'write each key in double quotes: "model_type": ...' };
  // Whitespace outside a string is allowed, so a line break or tab at the break is inside one (§7).
  const control = ({ '\n': 'line break', '\r': 'carriage return', '\t': 'tab' } as Record<string, string>)[rest[0]!];
  if (control) return { message: `a ${control} inside a string`, hint: 'write it escaped: \\n, \\r or \\t' };
  if (rest.startsWith('\\u')) return { message: `a \\u escape without four hex digits${quoted(rest.slice(0, 6))}`, hint: 'write \\u and four hex digits, \\u00e9' };
  if (rest[0] === '\\') return { message: `an escape JSON has not${quoted(rest.slice(0, 2))}`, hint: 'JSON escapes \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write \\\\ for a backslash' };
  if (/^\d/.test(rest) && /(^|[^\d.eE+-])-?0$/.test(before)) return { message: 'a number with a leading zero', hint: 'write the number without it (JSON has no octal)' };
  if (isJson(text.slice(0, at))) return { message: 'text after the end of the JSON', hint: 'a config.json holds one JSON object; remove what follows its closing `}`' };
  const c = String.fromCodePoint(rest.codePointAt(0)!);
  const shown = /^[\x21-\x7e]$/.test(c) ? `\`${c}\`` : codePointText(c);
  return { message: `unexpected ${shown}`, hint: 'a Hugging Face config.json is one JSON object' };
}

/** `, \`\\q\`` for printable ASCII; nothing for text a message should not hold raw (a line break, a control). */
function quoted(text: string): string {
  return /^[\x20-\x7e]+$/.test(text) ? `, \`${text}\`` : '';
}

function isJson(text: string): boolean {
  return text.trim() !== '' && jsonErrorOffset(text) === -1;
}

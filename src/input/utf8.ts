/**
 * What bytes that are not UTF-8 are, for the message that refuses them (src/cli/load/files.ts
 * decodeText): a file saved as UTF-16 or UTF-32 says so in its byte-order mark or its NULs, and any other is placed at its
 * first byte that breaks UTF-8 (a Latin-1 `é` in a description), where the message said only "not
 * valid UTF-8". Pure.
 */
import { lineColAt } from './lineCol.js';

export interface NotUtf8 {
  message: string;
  /** 1-based, the column in UTF-16 units of the line's text before the byte (lineCol.ts); none for a UTF-16 file. */
  line?: number;
  col?: number;
}

/** The offset of the first byte that breaks UTF-8 (RFC 3629 §4, Table 3-7 of Unicode §3.9), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) return i;
    // The second byte's narrower ranges: no overlong forms, no surrogates, nothing past U+10FFFF.
    const second = bytes[i + 1]!;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += len;
  }
  return -1;
}

/**
 * A file in UTF-32 or UTF-16, by YAML 1.2.2 §5.2's table of a stream's first bytes: a byte-order mark (Unicode
 * §23.8: 00 00 FE FF, FF FE 00 00, FE FF, FF FE; Windows tools save so), or without one the NULs an ASCII first
 * character is written with (00 00 00 x, x 00 00 00, 00 x, x 00; x from 01 to 7F). No UTF-8 text starts with a NUL, and text in
 * UTF-16 without a mark (`iconv -t UTF-16LE`, .NET's `Encoding.Unicode` without its preamble) is ASCII and NULs,
 * which is valid UTF-8: it was read, and refused as 'a scenario is a mapping ..., found text'.
 */
export function wideEncoding(bytes: Uint8Array): NotUtf8 | undefined {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  const marked = (name: string) => ({ message: `file is ${name}, not UTF-8: it starts with a ${name.split(' ')[0]} byte-order mark` });
  const unmarked = (name: string) => ({ message: `file is ${name}, not UTF-8: its first character is written with NUL bytes (no byte-order mark)` });
  if (bytes.length >= 4 && a === 0 && b === 0 && c === 0xfe && d === 0xff) return marked('UTF-32 (big-endian)');
  if (bytes.length >= 4 && a === 0xff && b === 0xfe && c === 0 && d === 0) return marked('UTF-32 (little-endian)');
  if (a === 0xfe && b === 0xff) return marked('UTF-16 (big-endian)');
  if (a === 0xff && b === 0xfe) return marked('UTF-16 (little-endian)');
  // Without a mark the table assumes an ASCII first character, x from 01 to 7F (a Latin-1 þ then NUL is not read as UTF-16).
  const ascii = (x: number | undefined) => x !== undefined && x > 0 && x < 0x80;
  if (a === 0 && b === 0 && c === 0 && ascii(d)) return unmarked('UTF-32 (big-endian)');
  if (ascii(a) && b === 0 && c === 0 && d === 0) return unmarked('UTF-32 (little-endian)');
  if (a === 0 && ascii(b)) return unmarked('UTF-16 (big-endian)');
  if (ascii(a) && b === 0) return unmarked('UTF-16 (little-endian)');
  return undefined;
}

/** Why `bytes` (which are not UTF-8) are refused, and where. */
export function notUtf8(bytes: Uint8Array): NotUtf8 {
  const wide = wideEncoding(bytes);
  if (wide) return wide;
  const at = firstInvalidUtf8(bytes);
  if (at < 0) return { message: 'file is not valid UTF-8' };
  // The bytes before it are UTF-8: their text, placed as every message places an offset.
  const before = new TextDecoder().decode(bytes.subarray(0, at));
  const { line, col } = lineColAt(before, before.length);
  const b = bytes[at]!;
  // A byte from A0 to FF is a printable Latin-1 (ISO 8859-1) character: the likely encoding, named.
  const latin1 = b >= 0xa0 ? ` (\`${String.fromCharCode(b)}\` in Latin-1)` : '';
  return { message: `file is not valid UTF-8: byte 0x${b.toString(16).toUpperCase().padStart(2, '0')}${latin1}`, line, col };
}

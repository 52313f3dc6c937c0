/**
 * What bytes that are not UTF-8 are, for the message that refuses them (src/cli/load/files.ts
 * decodeText): a file saved as UTF-16 says so in its byte-order mark, and any other is placed at its
 * first byte that breaks UTF-8 (a Latin-1 `é` in a description), where the message said only "not
 * valid UTF-8". Pure.
 */

export interface NotUtf8 {
  message: string;
  /** 1-based, the column in characters of the line's text before the byte; none for a UTF-16 file. */
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

/** Why `bytes` (which are not UTF-8) are refused, and where. */
export function notUtf8(bytes: Uint8Array): NotUtf8 {
  // Unicode §23.8: FF FE and FE FF open UTF-16 text (little- and big-endian); Windows tools save so.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { message: 'file is UTF-16 (little-endian), not UTF-8: it starts with a UTF-16 byte-order mark' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { message: 'file is UTF-16 (big-endian), not UTF-8: it starts with a UTF-16 byte-order mark' };
  const at = firstInvalidUtf8(bytes);
  if (at < 0) return { message: 'file is not valid UTF-8' };
  // The bytes before it are UTF-8: their text, in lines as YAML ends them (LF, CRLF or CR alone, YAML 1.2 §5.4).
  const lines = new TextDecoder().decode(bytes.subarray(0, at)).split(/\r\n|\r|\n/);
  const line = lines.length;
  const col = lines[lines.length - 1]!.length + 1;
  const b = bytes[at]!;
  // A byte from A0 to FF is a printable Latin-1 (ISO 8859-1) character: the likely encoding, named.
  const latin1 = b >= 0xa0 ? ` (\`${String.fromCharCode(b)}\` in Latin-1)` : '';
  return { message: `file is not valid UTF-8: byte 0x${b.toString(16).toUpperCase().padStart(2, '0')}${latin1}`, line, col };
}

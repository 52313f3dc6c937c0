/**
 * notUtf8 and firstInvalidUtf8 (src/input/utf8.ts): what bytes that are not UTF-8 are, and where. The
 * places are counted by hand in each text; validity is checked against Node's isUtf8 (simdutf).
 */
import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, notUtf8, wideEncoding } from '../../src/input/utf8.js';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

describe('notUtf8', () => {
  it.each([
    // It was 'file is not valid UTF-8' alone, for each of them.
    { what: 'a Latin-1 é on line 3', bytes: latin1('name: x\nmodel: gpt2\ndescription: caf\xe9\n'), want: { message: 'file is not valid UTF-8: byte 0xE9 (`é` in Latin-1)', line: 3, col: 17 } },
    { what: 'after a UTF-8 character on the line (columns in characters)', bytes: Buffer.concat([Buffer.from('a: ü'), latin1('\xfc')]), want: { message: 'file is not valid UTF-8: byte 0xFC (`ü` in Latin-1)', line: 1, col: 5 } },
    { what: 'CR line ends', bytes: latin1('a: 1\rb: \x80\r'), want: { message: 'file is not valid UTF-8: byte 0x80', line: 2, col: 4 } },
    { what: 'a first byte that breaks it', bytes: Uint8Array.from([0xc3, 0x28]), want: { message: 'file is not valid UTF-8: byte 0xC3 (`Ã` in Latin-1)', line: 1, col: 1 } },
    { what: 'UTF-16 with its byte-order mark', bytes: Buffer.from('\ufeffname: x\n', 'utf16le'), want: { message: 'file is UTF-16 (little-endian), not UTF-8: it starts with a UTF-16 byte-order mark' } },
    { what: 'big-endian UTF-16', bytes: Uint8Array.from([0xfe, 0xff, 0x00, 0x61]), want: { message: 'file is UTF-16 (big-endian), not UTF-8: it starts with a UTF-16 byte-order mark' } },
  ])('$what', ({ bytes, want }) => {
    expect(isUtf8(bytes)).toBe(false);
    expect(notUtf8(bytes)).toEqual(want);
  });
});

describe('wideEncoding: UTF-16 and UTF-32 by YAML 1.2.2 §5.2, with or without a byte-order mark', () => {
  const utf32 = (s: string, le: boolean) => {
    const b = Buffer.alloc(s.length * 4);
    [...s].forEach((c, i) => (le ? b.writeUInt32LE(c.codePointAt(0)!, i * 4) : b.writeUInt32BE(c.codePointAt(0)!, i * 4)));
    return b;
  };
  const unmarked = (name: string) => `file is ${name}, not UTF-8: its first character is written with NUL bytes (no byte-order mark)`;
  it.each([
    // Valid UTF-8 (ASCII and NULs): read as text, 'a scenario is a mapping ..., found text'.
    { what: 'UTF-16LE without a mark (iconv -t UTF-16LE)', bytes: Buffer.from('model: gpt2\n', 'utf16le'), utf8: true, want: unmarked('UTF-16 (little-endian)') },
    { what: 'UTF-16BE without a mark', bytes: Buffer.from('model: gpt2\n', 'utf16le').swap16(), utf8: true, want: unmarked('UTF-16 (big-endian)') },
    { what: 'UTF-32LE without a mark', bytes: utf32('model: gpt2\n', true), utf8: true, want: unmarked('UTF-32 (little-endian)') },
    { what: 'UTF-32BE without a mark', bytes: utf32('model: gpt2\n', false), utf8: true, want: unmarked('UTF-32 (big-endian)') },
    // FF FE 00 00 was named UTF-16 (little-endian) by its first two bytes.
    { what: 'UTF-32LE with its mark', bytes: utf32('\ufeffa: 1\n', true), utf8: false, want: 'file is UTF-32 (little-endian), not UTF-8: it starts with a UTF-32 byte-order mark' },
    { what: 'UTF-32BE with its mark', bytes: utf32('\ufeffa: 1\n', false), utf8: false, want: 'file is UTF-32 (big-endian), not UTF-8: it starts with a UTF-32 byte-order mark' },
  ])('$what', ({ bytes, utf8, want }) => {
    expect(isUtf8(bytes)).toBe(utf8);
    expect(wideEncoding(bytes)?.message).toBe(want);
  });
  it.each([
    ['UTF-8 text', Buffer.from('model: gpt2\n')],
    ['UTF-8 with its mark', Buffer.from('\ufeffmodel: gpt2\n')],
    ['one byte', Buffer.from('a')],
    ['nothing', Buffer.alloc(0)],
    ['a NUL further on (YAML refuses it where it stands)', Buffer.from('model: gpt2\0\n')],
  ])('%s is not wide', (_, bytes) => expect(wideEncoding(bytes)).toBeUndefined());
});

describe('firstInvalidUtf8 agrees with isUtf8', () => {
  it.each([
    ['ascii', [0x61, 0x62], -1],
    ['a 4-byte character', [0xf0, 0x9f, 0x9a, 0x80], -1],
    ['an overlong 2-byte form', [0xc0, 0xaf], 0],
    ['an overlong 3-byte form', [0xe0, 0x80, 0xaf], 0],
    ['a surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a truncated character at the end', [0x61, 0xe2, 0x82], 1],
    ['a lone continuation byte', [0x61, 0x80], 1],
  ])('%s', (_, bytes, at) => {
    const b = Uint8Array.from(bytes as number[]);
    expect(firstInvalidUtf8(b)).toBe(at);
    expect(at === -1).toBe(isUtf8(b));
  });
  it('on 20,000 short byte strings of a fixed pseudo-random sequence', () => {
    let seed = 20240601;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    for (let n = 0; n < 20_000; n++) {
      // Mostly bytes from 0x80 up, where UTF-8's rules are.
      const b = Uint8Array.from({ length: 1 + (n % 6) }, () => (next() < 200 ? 0x80 + (next() % 0x80) : next()));
      expect(firstInvalidUtf8(b) === -1, Buffer.from(b).toString('hex')).toBe(isUtf8(b));
    }
  });
});

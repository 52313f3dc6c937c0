/**
 * The control-character classes of src/report/escape.ts: every layer shows the same controls (C0, DEL and C1,
 * bidi and line separators, a lone surrogate), differing only in the C0 characters it keeps. The hostile-name
 * corpus is test/reliability/escaping.test.ts; this one walks every BMP code unit against the ranges below,
 * written from Unicode's General Category Cc (C0, DEL, C1), the bidi controls of UAX #9 §2 (ALM, LRM, RLM,
 * LRE..RLO, LRI..PDI) and the line and paragraph separators (U+2028, U+2029).
 */
import { describe, expect, it } from 'vitest';
import { csvCell, hasControl, jsonText, loneSurrogate, terminalLine, terminalText } from '../../src/report/escape.js';

const RANGES: [number, number][] = [[0x00, 0x1f], [0x7f, 0x9f], [0x61c, 0x61c], [0x200e, 0x200f], [0x2028, 0x202e], [0x2066, 0x2069], [0xd800, 0xdfff]];
const isControl = (u: number) => RANGES.some(([lo, hi]) => u >= lo && u <= hi);
const SURROGATE = (u: number) => u >= 0xd800 && u <= 0xdfff;
const units = Array.from({ length: 0x10000 }, (_, u) => u);
const changed = (f: (s: string) => string, u: number) => f(`a${String.fromCharCode(u)}b`) !== `a${String.fromCharCode(u)}b`;

describe('each layer shows the controls, keeping only its own C0 characters', () => {
  it.each([
    { layer: 'terminalLine', shows: (u: number) => changed(terminalLine, u), keeps: [] as number[] },
    { layer: 'terminalText', shows: (u: number) => changed(terminalText, u), keeps: [0x0a] },
    // A CSV cell holding a quote, a comma or a line break is quoted: a control is shown when the cell holds no raw one.
    { layer: 'csvCell', shows: (u: number) => !csvCell(`a${String.fromCharCode(u)}b`).includes(String.fromCharCode(u)), keeps: [0x09, 0x0a, 0x0d] },
    { layer: 'hasControl', shows: (u: number) => hasControl(`a${String.fromCharCode(u)}b`), keeps: [] },
    { layer: 'jsonText (C0 and lone surrogates by JSON.stringify)', shows: (u: number) => !jsonText(`a${String.fromCharCode(u)}b`).trimEnd().includes(String.fromCharCode(u)), keeps: [] },
  ])('$layer', ({ shows, keeps }) => {
    const wrong = units.filter((u) => shows(u) !== (isControl(u) && !keeps.includes(u)));
    expect(wrong.map((u) => u.toString(16))).toEqual([]);
  });

  it('loneSurrogate names exactly the surrogate halves', () => {
    expect(units.filter((u) => (loneSurrogate(String.fromCharCode(u)) !== undefined) !== SURROGATE(u))).toEqual([]);
    expect(loneSurrogate('gpt2\ud800')).toBe('U+D800');
  });
});

/**
 * Room text takes (src/input/columns.ts). Widths are from UAX #11 (East Asian Wide/Fullwidth: 2),
 * UTS #51 (emoji presentation: 2) and combining marks (0), worked by hand per row.
 */
import { describe, expect, it } from 'vitest';
import { LONE_SURROGATE } from '../helpers.js';
import { cutText, displayWidth, graphemes } from '../../src/input/columns.js';

describe('displayWidth: terminal columns', () => {
  // narrow, and East Asian Wide and Fullwidth (two columns each)
  it.each([
    ['gpt3-175b', 9, 'plain ASCII'],
    ['שלום', 4, 'Hebrew letters, RTL and narrow'],
    ['模型训练', 8, 'CJK ideographs, Wide'],
    ['한국어', 6, 'Hangul syllables, Wide'],
    ['ｆｕｌｌ', 8, 'fullwidth Latin'],
  ])('%s takes %i columns (%s)', (text, columns) => {
    expect(displayWidth(text)).toBe(columns);
  });
  // combining marks take none; an emoji takes two, however many code points make it
  it.each([
    { case: 'a combining acute after e', text: 'e\u0301', columns: 1 },
    { case: 'two combining marks', text: 'e\u0301\u0302x', columns: 2 },
    { case: 'an emoji (Emoji_Presentation)', text: '🚀', columns: 2 },
    { case: 'a ZWJ family: one picture', text: '👨\u200d👩\u200d👧', columns: 2 },
    { case: 'a text symbol with VS16 (emoji style)', text: '\u263a\ufe0f', columns: 2 },
  ])('$case', ({ text, columns }) => {
    expect(displayWidth(text)).toBe(columns);
  });
  it('a text-style symbol takes one column, a zero-width space none', () => {
    expect(displayWidth('\u263a')).toBe(1);
    expect(displayWidth('a\u200bb')).toBe(2);
  });
});

describe('graphemes: where text may be cut', () => {
  it.each([
    ['ASCII', 'ab', ['a', 'b']],
    ['an emoji is one, not two halves of a surrogate pair', 'a🚀', ['a', '🚀']],
    ['a letter with its accent', 'e\u0301x', ['e\u0301', 'x']],
    ['a ZWJ family', '👨\u200d👩\u200d👧!', ['👨\u200d👩\u200d👧', '!']],
  ])('%s', (_, text, parts) => {
    expect(graphemes(text)).toEqual(parts);
  });
  // The characters graphemes splits one by one without a segmenter (Latin-1, punctuation, arrows, maths, box drawing;
  // × and ≈ in the tables): split as ICU's grapheme segmenter (UAX #29) splits them, each beside every other, and beside
  // a combining accent, which joins the one before it.
  it.each([
    ['Latin-1', 0xa0, 0xff],
    ['general punctuation', 0x2010, 0x205e],
    ['arrows, mathematical and technical symbols', 0x2190, 0x23ff],
    ['box drawing and shapes', 0x2500, 0x25ff],
  ])('%s splits as Intl.Segmenter does', (_, from, to) => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
    const split = (text: string) => Array.from(segmenter.segment(text), (s) => s.segment);
    const chars = Array.from({ length: to - from + 1 }, (_c, i) => String.fromCharCode(from + i));
    for (const c of chars) {
      const text = `${c}${chars.join(c)}${c}x`;
      expect(graphemes(text)).toEqual(split(text));
      expect(graphemes(`${text}e\u0301${c}\u0301`)).toEqual(split(`${text}e\u0301${c}\u0301`));
    }
  });
});

describe('cutText: at most max UTF-16 units, never inside a user-perceived character', () => {
  it.each([
    ['short text is whole', 'abc', 5, 'abc'],
    ['ASCII cut at max', 'abcdef', 4, 'abcd'],
    // 'a' then rockets of 2 units: 5 units end inside the third rocket, so two are kept (a cut by units left half of one).
    ['an emoji is not halved', 'a🚀🚀🚀', 4, 'a🚀'],
    ['an accent stays with its letter', 'abe\u0301', 3, 'ab'],
    ['a ZWJ family is kept whole or left out', 'x👨\u200d👩\u200d👧', 6, 'x'],
  ])('%s', (_, text, max, cut) => {
    expect(cutText(text, max)).toBe(cut);
    expect(cutText(text, max)).not.toMatch(LONE_SURROGATE);
  });
});

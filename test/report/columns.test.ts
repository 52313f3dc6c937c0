/**
 * Room text takes (src/report/columns.ts). Widths are from UAX #11 (East Asian Wide/Fullwidth: 2),
 * UTS #51 (emoji presentation: 2) and combining marks (0), worked by hand per row.
 */
import { describe, expect, it } from 'vitest';
import { cutText, displayWidth, graphemes } from '../../src/report/columns.js';

describe('displayWidth: terminal columns', () => {
  it.each([
    ['plain ASCII', 'gpt3-175b', 9],
    ['CJK ideographs (Wide)', '模型训练', 8],
    ['Hangul syllables (Wide)', '한국어', 6],
    ['fullwidth Latin', 'ｆｕｌｌ', 8],
    ['a combining acute after e', 'e\u0301', 1],
    ['two combining marks', 'e\u0301\u0302x', 2],
    ['an emoji (Emoji_Presentation)', '🚀', 2],
    ['a ZWJ family: one picture', '👨\u200d👩\u200d👧', 2],
    ['a text-style symbol', '\u263a', 1],
    ['the same with VS16 (emoji style)', '\u263a\ufe0f', 2],
    ['Hebrew letters (RTL, narrow)', 'שלום', 4],
    ['a zero-width space', 'a\u200bb', 2],
  ])('%s', (_, text, columns) => {
    expect(displayWidth(text)).toBe(columns);
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
    expect(cutText(text, max).isWellFormed()).toBe(true);
  });
});

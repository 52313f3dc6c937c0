/**
 * How messages show a character that does not print (src/input/codePoint.ts), and the two lists of such characters that
 * name.ts, suggest.ts and yamlHints.ts share: what they match, over every code point.
 */
import { describe, expect, it } from 'vitest';
import { codePointText, OTHER_SPACES, ZERO_WIDTH } from '../../src/input/codePoint.js';

/** Every code point a class body matches. */
const matched = (body: string): number[] => {
  const re = new RegExp(`^[${body}]$`, 'u');
  const out: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) if (re.test(String.fromCodePoint(cp))) out.push(cp);
  return out;
};

describe('codePointText', () => {
  it.each([
    ['\u00a0', 'U+00A0'],
    ['\ufeff', 'U+FEFF'],
    ['a', 'U+0061'],
    ['\u{1f600}', 'U+1F600'],
  ])('%j is %s', (c, text) => {
    expect(codePointText(c)).toBe(text);
  });
});

describe('the characters that show as nothing or as a space', () => {
  it('ZERO_WIDTH: zero-width space, non-joiner, joiner, word joiner, byte-order mark, each a format character (Cf)', () => {
    expect(matched(ZERO_WIDTH)).toEqual([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);
    expect(matched(ZERO_WIDTH).every((cp) => /^\p{Cf}$/u.test(String.fromCodePoint(cp)))).toBe(true);
  });
  it('OTHER_SPACES: every space separator (Zs) but U+0020', () => {
    expect(matched(OTHER_SPACES)).toEqual(matched('\\p{Zs}').filter((cp) => cp !== 0x20));
  });
});

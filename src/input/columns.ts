/**
 * How much room text takes, one rule for every layout: terminal tables (src/report/table.ts), the
 * report charts' label estimates and wrapping (src/report/charts), and what messages echo of long
 * input (here in input/, the lowest layer, so that input's own messages cut by it too). Text is measured and cut per
 * user-perceived character (grapheme cluster), never per UTF-16 unit: an emoji cut in half became
 * U+FFFD in the report, and a CJK or accented name misaligned the table columns after it.
 */

/**
 * East Asian Wide and Fullwidth characters, two terminal columns each: the ranges of Markus Kuhn's
 * wcwidth.c (mk_wcwidth, 2007-05-26; Unicode UAX #11), which terminals follow.
 */
const WIDE = /^[\u1100-\u115f\u2329\u232a\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{2fffd}\u{30000}-\u{3fffd}]/u;
/** A cluster that starts with a character taking no column: a combining mark or a format character (mk_wcwidth's zero-width class). */
const ZERO = /^[\p{Mn}\p{Me}\p{Cf}]/u;
/** Emoji drawn as pictures (Emoji_Presentation, or a text emoji with the VS16 selector U+FE0F): two columns (UTS #51 §2.5). */
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\ufe0f/u;
const ASCII = /^[\x20-\x7e]*$/;
/**
 * Text whose characters are each a cluster of their own, whatever is beside them: printable ASCII, Latin-1, general
 * punctuation, arrows, mathematical and technical symbols, box drawing (× ≈ ≤ → – … µ, what flopcast's own tables
 * print). None of them is a combining, joining, prepended or spacing mark, a Hangul jamo or a regional indicator, the
 * characters UAX #29's rules join to another (§3.1.1, GB6–GB13); every one of the 1,142 beside every other was
 * checked to segment one by one with Intl.Segmenter.
 */
const SINGLES = /^[\x20-\x7e\u00a0-\u00ff\u2010-\u2027\u2030-\u205e\u2190-\u23ff\u2500-\u25ff]*$/;
/** Built on first use, for other text: building it loads ICU's segmentation data, ~16 ms of every start when built at load. */
let segmenter: Intl.Segmenter | undefined;

/** The text's grapheme clusters, in order: where it may be cut. */
export function graphemes(text: string): string[] {
  if (SINGLES.test(text)) return [...text];
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/**
 * At most `max` UTF-16 units of `text`, cut between grapheme clusters: the one rule for shortening what
 * a message echoes (a cut by units left half an emoji, printed as U+FFFD, or an accent without its letter).
 * Only the start of a long text is segmented.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const g of graphemes(text.slice(0, max + 1))) {
    if (out.length + g.length > max) break;
    out += g;
  }
  return out;
}

/** Terminal columns of text: per grapheme cluster, 2 for a wide character or an emoji, 0 for a lone combining or format character, else 1. */
export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  let w = 0;
  for (const g of graphemes(text)) w += EMOJI.test(g) || WIDE.test(g) ? 2 : ZERO.test(g) ? 0 : 1;
  return w;
}

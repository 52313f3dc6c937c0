import { codePointText, ZERO_WIDTH } from './codePoint.js';
import { loneSurrogate } from '../report/escape.js';
import { listed } from './listed.js';

/**
 * Edit distance with adjacent transpositions (optimal string alignment): `157` for `175` is one
 * typo, not two substitutions that tie with unrelated ids. Inputs are short identifiers: O(n·m).
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Letters that print as Latin ones (a subset of Unicode's confusables, UTS #39 confusables.txt: the
 * Cyrillic and Greek look-alikes of ASCII letters), and characters that print as nothing (zero-width
 * space, joiners, word joiner, BOM). Folded before measuring, so `clustеr` with a Cyrillic `е` is 0
 * edits from `cluster`, whatever number of such letters it holds.
 */
const CONFUSABLE: Record<string, string> = Object.fromEntries([
  ...[...'АВЕКМНОРСТХаесорухіјѕԁ'].map((c, i) => [c, 'ABEKMHOPCTXaecopyxijsd'[i]!]),
  ...[...'ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοκνρτ'].map((c, i) => [c, 'ABEZHIKMNOPTYXoKvpt'[i]!]),
]);
const INVISIBLE = new RegExp(`[${ZERO_WIDTH}]`, 'g');

function folded(word: string): string {
  return [...word.normalize('NFKC').replace(INVISIBLE, '')].map((c) => CONFUSABLE[c] ?? c).join('').toLowerCase();
}

/** A word's first letter or digit (a flag's `--` passed over), as {@link closest} compares them. */
const firstLetter = (w: string): string | undefined => /[\p{L}\p{N}]/u.exec(w)?.[0];

/** A word without a flag's leading dashes (`--dir` is `dir`): what was typed of it. */
const bare = (w: string): string => w.replace(/^-+/, '');

/** How many of the word's letters the candidate holds in their order (their longest common subsequence; dashes passed over). */
function keptLetters(word: string, candidate: string): number {
  const a = bare(word);
  const b = bare(candidate);
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = [0];
    for (let j = 1; j <= b.length; j++) row.push(a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The closest candidate within a third of the word's length (at least 2 edits) that keeps a character of it, if any; one
 * 2 or more edits away keeps the word's first letter too: "few errors are made in the first character of a word"
 * (Yannakoudakis and Fawthrop 1983, "The rules of spelling errors", Information Processing & Management 19(2), §1, among
 * the facts known of spelling errors), and two edits on a short word reach unrelated ones: the library's `report(s, {title: 5})` was "did you mean `file`?",
 * `{time}` `file`, `{date}` `name`, plan's `{nodes}` `model` (leftover 32). One edit may change it: `t4` is `l4`.
 * Two or more edits also keep most of what was typed: more than half of the word's letters stand in the candidate in
 * their order (letters left out cost nothing here, letters changed or dropped do). The first letter alone let plan's
 * `--dir` be "did you mean `--dp`?" (1 of its 3 letters kept) and `--type` `--top` (2 of 4; sweep 32), while `gpт` is
 * still `gpt2` (2 of 3) and `n_layers` `layers` (6 of 8).
 */
function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = folded(word);
  const limit = Math.max(2, Math.floor(word.length / 3));
  const first = firstLetter(w);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    // The distance is at least the difference in length: a far longer word is not measured (O(n·m)).
    const lower = c.toLowerCase();
    if (Math.abs(w.length - lower.length) > limit) continue;
    const d = editDistance(w, lower);
    if (d >= 2 && (firstLetter(lower) !== first || 2 * keptLetters(w, lower) <= bare(w).length)) continue;
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  // A candidate every character of the word must change to reach is no nearer than any other: `x` was
  // "did you mean `B`?" (a suffix) and `zz` "did you mean `ui`?".
  return bestDistance <= limit && bestDistance < w.length ? best : undefined;
}

/**
 * Ids that begin with the word (`h100` → `h100-nvl`, `h100-sxm`, `h100-pcie`; `tpu-v5` → `tpu-v5e`,
 * `tpu-v5p`): a family name without its variant. Edit distance alone would pick a short unrelated id
 * (`h100` is 2 edits from `a10g`, 4 from `h100-sxm`).
 */
function extensions(word: string, candidates: Iterable<string>): string[] {
  const w = word.toLowerCase();
  if (w.length < 2) return [];
  return [...candidates]
    .filter((c) => c.length > w.length && c.toLowerCase().startsWith(w))
    // `llama-3` means `llama-3-8b` before `llama-33b`: a variant after a separator first, then the shortest.
    .map((c) => ({ c, rank: /^[-_.]/.test(c.slice(w.length)) ? 0 : 1 }))
    .sort((a, b) => a.rank - b.rank || a.c.length - b.c.length || (a.c < b.c ? -1 : 1))
    .map(({ c }) => c);
}

/**
 * The characters outside ASCII in a word whose suggestion is plain ASCII, by code point: a look-alike
 * (Cyrillic `е` for `e`, a zero-width space) prints as the id it mimics, so the hint alone would read
 * "unknown key `cluster`: did you mean `cluster`?". Half of a surrogate pair alone (a JSON "\ud800" escape,
 * report/escape.ts loneSurrogate) is no character, nor a look-alike of one: named as what it is.
 */
function lookAlikes(word: string, meant: string): string {
  if (/[^\x00-\x7f]/.test(meant)) return '';
  const odd = [...new Set([...word].filter((ch) => ch.codePointAt(0)! > 0x7f))];
  if (!odd.length) return '';
  const codes = (chars: string[]) => `${chars.slice(0, 3).map(codePointText).join(', ')}${chars.length > 3 ? ` and ${chars.length - 3} more` : ''}`;
  const lone = odd.filter((ch) => loneSurrogate(ch) !== undefined);
  const alike = odd.filter((ch) => !lone.includes(ch));
  const parts = [
    ...(alike.length ? [`${codes(alike)}, not ASCII: a look-alike character`] : []),
    ...(lone.length ? [`${codes(lone)}, half of a surrogate pair alone (an unpaired surrogate), which is no character`] : []),
  ];
  return ` (what was written holds ${parts.join('; and ')})`;
}

/** A hint naming the id meant: the family's variants when the word is a family name, else the nearest id. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  // Nothing written means nothing near: the empty id was "2 edits from `l4`".
  if (folded(word).trim() === '') return undefined;
  const hint = suggestion(word, candidates);
  return hint === undefined ? undefined : hint.text + lookAlikes(word, hint.meant);
}

function suggestion(word: string, candidates: Iterable<string>): { text: string; meant: string } | undefined {
  const list = [...candidates];
  const same = list.find((c) => c.toLowerCase() === word.toLowerCase());
  const ext = same === undefined ? extensions(word, list) : [];
  if (ext.length) {
    const shown = ext.slice(0, 3).map((c) => `\`${c}\``);
    const more = ext.length > 3 ? ` (${ext.length - 3} more)` : '';
    return { text: `did you mean ${listed(shown, 'or')}${more}?`, meant: ext.join('') };
  }
  const c = closest(word, list);
  return c === undefined ? undefined : { text: `did you mean \`${c}\`?`, meant: c };
}

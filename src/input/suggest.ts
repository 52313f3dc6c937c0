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

/** The closest candidate within a third of the word's length (at least 2 edits), if any. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    // The distance is at least the difference in length: a far longer word is not measured (O(n·m)).
    const lower = c.toLowerCase();
    if (Math.abs(w.length - lower.length) > limit) continue;
    const d = editDistance(w, lower);
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
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

/** A hint naming the id meant: the family's variants when the word is a family name, else the nearest id. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const same = list.find((c) => c.toLowerCase() === word.toLowerCase());
  const ext = same === undefined ? extensions(word, list) : [];
  if (ext.length) {
    const shown = ext.slice(0, 3).map((c) => `\`${c}\``);
    const more = ext.length > 3 ? ` (${ext.length - 3} more)` : '';
    return `did you mean ${shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`}${more}?`;
  }
  const c = closest(word, list);
  return c === undefined ? undefined : `did you mean \`${c}\`?`;
}

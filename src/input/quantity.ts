/**
 * Human-friendly counts: `300e9`, `300B`, `1.4T`, `2.5M`, `4k`, `1_000_000`.
 * Suffixes are decimal (k = 1e3, M = 1e6, B or G = 1e9, T = 1e12, P = 1e15), as in
 * "300B tokens"; binary sizes are never meant here.
 */
import { describeNumber } from './errors.js';
import { grouped, int } from '../report/format.js';

const SUFFIX: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, B: 1e9, G: 1e9, T: 1e12, P: 1e15 };
/** The suffix letters, for patterns that read a count inside other text (input/numberProse.ts). */
export const SUFFIX_LETTERS = Object.keys(SUFFIX).join('');
/** The suffixes as a hint says them, one letter a value: `k = 1e3, M = 1e6, B = 1e9, T = 1e12, P = 1e15`. */
export const SUFFIX_TEXT = Object.entries(SUFFIX).filter(([, v], i, all) => all.findIndex(([, w]) => w === v) === i)
  .map(([letter, v]) => `${letter} = 1e${Math.log10(v)}`).join(', ');

/**
 * A decimal number as every count, plain number and quantity is written (`1_000_000`, `1.4`, `.5`,
 * `3e5`): one underscore between digits only, as JavaScript's numeric separators (ES2021). `1000_`,
 * `1__000` and `1_.5` were read as 1000, 1000 and 1.5.
 */
export const NUMBER_PATTERN = String.raw`[+-]?(?:\d+(?:_\d+)*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;

const COUNT_RE = new RegExp(String.raw`^(${NUMBER_PATTERN})\s*([${SUFFIX_LETTERS}]?)$`);

/** A count as {@link countValue} reads it, inside other text: its suffix if any, not the first letter of a word (`15 Tokens`). */
export const COUNT_TEXT = String.raw`${NUMBER_PATTERN}(?:\s*[${SUFFIX_LETTERS}](?![A-Za-z]))?`;

/** Parses a count; returns undefined when the text is not one (callers explain why). */
export function parseCount(text: string): number | undefined {
  const value = countValue(text);
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** The value a count's text spells, infinite when it is written right but beyond the largest number (1e400, 1e300P). */
export function countValue(text: string): number | undefined {
  const m = COUNT_RE.exec(text.trim());
  if (!m) return undefined;
  const base = Number(m[1]!.replace(/_/g, ''));
  return base * (m[2] ? SUFFIX[m[2]]! : 1);
}

/**
 * The one rule for an exact count (tokens, GPUs, sizes): a whole number below 2^53 (at most
 * Number.MAX_SAFE_INTEGER, 2^53 − 1: from 2^53 on, a double no longer holds every integer). Used by command-line counts
 * (src/cli/options.ts) and scenario counts (src/scenario/values.ts) alike.
 */
export function wholeCountProblem(n: number, shown: string = describeNumber(n)): string | undefined {
  if (Number.isFinite(n) && !Number.isInteger(n)) return `expected a whole number, found ${shown}`;
  if (!Number.isSafeInteger(n)) return `${shown} is too large (2^53 or more)`;
  return undefined;
}

export const COUNT_SYNTAX = 'a number such as 300e9, 300B, 1.4T, 2.5M or 4k';

/**
 * A small count's syntax (a layout degree, a micro-batch, the layouts to show): `--tp abc` was told "a number such as
 * 300e9, 300B, 1.4T, 2.5M or 4k", the examples of a token count (hostile sweep 29).
 */
export const SMALL_COUNT_SYNTAX = 'a whole number such as 8';

/**
 * A list split at commas none of which is spaced (`[1,536,2,304]` in YAML, `8,128` on the command line) as thousands
 * separators would read it, where they could. YAML ends a value at every comma of a flow list (YAML 1.2 §7.4) and a
 * command-line list is split at them, so `[1,536,2,304]` is four values, 1, 536, 2 and 304, where the writer may have
 * meant 1,536 and 2,304; the text alone cannot tell. A comma can separate thousands exactly where three digits follow it
 * and a group of one to three digits comes before (a number's first group, or another group): that is the rule, and a
 * list with such a comma has both readings (`[64,128,256]` too: 64,128,256 is how 64 million is grouped). A list with none
 * has one: `[8,16,32]` (two digits after each comma), `[1536,2304]` (four digits before it). A spaced comma (`[1, 536]`)
 * separates values in either reading. `items`: the texts between the commas. Returns the values as thousands separators
 * read them (a first group joined with the three-digit groups after it, `1536`; other items as written), or undefined
 * where no comma could separate thousands.
 */
export function thousandsReading(items: readonly string[]): string[] | undefined {
  return thousandsJoins(items)?.map((v) => v.text);
}

/** thousandsReading's values, each with the number it joined from groups (none for an item as written); undefined where none was joined. */
function thousandsJoins(items: readonly string[]): { text: string; joined?: bigint }[] | undefined {
  const out: { text: string; joined?: bigint }[] = [];
  let grouped = false;
  for (let i = 0; i < items.length; i++) {
    let text = items[i]!;
    const first = /^[+-]?\d{1,3}$/.test(text);
    let joined = false;
    while (first && i + 1 < items.length && /^\d{3}$/.test(items[i + 1]!)) {
      text += items[++i]!;
      joined = true;
    }
    grouped ||= joined;
    // The digits joined, leading zeros dropped, exactly (BigInt: a double printed 1,000,…,001 past 2^53 as 1e+21).
    const n = joined ? BigInt(text) : undefined;
    out.push(n === undefined ? { text } : { text: n.toString(), joined: n });
  }
  return grouped ? out : undefined;
}

/**
 * The most a number thousands separators join may be where a hint offers the reading: 2^53 − 1 (Number.MAX_SAFE_INTEGER,
 * 9,007,199,254,740,991), the largest whole number any count key takes (wholeCountProblem, the one rule for an exact
 * count; the `maximum` of the scenario schema's integer keys). It has six groups, a first of one to three digits and five
 * of three, and past it the number joined is none a count key would take, so not one the writer meant: a compact list
 * of every eighth GPU count, `[8,16,…,96,104,…,800]`, was offered 96 joined with the 88 groups after it, a number of 266
 * digits. The pure reader (thousandsReading) joins any number of groups, exactly; this cap is where a reading is offered.
 */
const MOST_JOINED = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * thousandsReading where a hint may offer it: only where every number it joins is one a count could be, at most
 * {@link MOST_JOINED} either side of 0; undefined otherwise, as where no comma could separate thousands. `[1,536,2,304]`
 * is offered [1536, 2304]; `[8,16,…,800]` nothing, its commas separating values only.
 */
export function offeredThousandsReading(items: readonly string[]): string[] | undefined {
  const joins = thousandsJoins(items);
  return joins?.every((v) => v.joined === undefined || (v.joined < 0n ? -v.joined : v.joined) <= MOST_JOINED) ? joins.map((v) => v.text) : undefined;
}

/** The binary reading of a suffix, for the one field where it is the common one (sequence lengths): 1e3k → 2^10k. */
const binaryOf = (letter: string): number => 2 ** ((10 * Math.round(Math.log10(SUFFIX[letter]!))) / 3);
const SUFFIXED_RE = new RegExp(String.raw`(${NUMBER_PATTERN})\s*([${SUFFIX_LETTERS}])(?![\w])`);

/**
 * A sequence length written with a suffix (`128k`, `4K`, `1M`) has two readings: the decimal one every
 * other count here takes (128,000) and the binary one a "128K context" means (131,072 = 128 × 1,024:
 * Llama 3.1's config.json max_position_embeddings 131072; GPT-4's "8K" and "32K" are 8,192 and 32,768).
 * They differ by 2.4% per k (4.9% for M) in tokens per sequence, so the text is refused, never guessed.
 */
export function sequenceSuffixProblem(text: string): { message: string; hint: string } | undefined {
  const m = SUFFIXED_RE.exec(text);
  if (!m) return undefined;
  const base = Number(m[1]!.replace(/_/g, ''));
  const decimal = base * SUFFIX[m[2]!]!;
  const binary = base * binaryOf(m[2]!);
  if (!Number.isFinite(decimal)) return undefined; // too large either way: the count rules say so
  const exact = (n: number) => (Number.isSafeInteger(n) ? String(n) : describeNumber(n));
  const group = (n: number) => (Number.isSafeInteger(n) ? int(n) : describeNumber(n));
  return {
    message: `\`${m[0].trim()}\` is ambiguous in a sequence length: ${group(decimal)} (${m[2]} = ${group(SUFFIX[m[2]!]!)}) or ${group(binary)} (${m[1]} × ${group(binaryOf(m[2]!))}, what a "${m[1]}${m[2]!.toUpperCase()} context" means)`,
    hint: `write the number: ${exact(binary)} or ${exact(decimal)}`,
  };
}

/**
 * A global batch counts sequences, but one written with a suffix (`4M`) is almost always meant in tokens: the Llama 3
 * paper's "batch size of 4M tokens" (arXiv:2407.21783 §3.4.1, sequences of 4,096), LLaMA's "4M" (Touvron et al. 2023
 * Table 2: 2,048 sequences of 2,048). Read as sequences, `4M` is 4,000,000 of them, some 16 billion tokens a step at
 * 4,096: refused, never guessed. The hint gives the sequences the tokens are at the run's sequence length (`seqLen`,
 * where known), in both readings of the suffix (decimal, as every other count here; binary, as the papers' 4M is
 * 4 × 2^20), and how to write them (`write`: `global_batch: 512` in a file, `--global-batch 512` on the command line).
 * `{sequences: 4M}` says what it counts, and is not asked.
 */
export function batchSuffixProblem(text: string, seqLen: number | undefined, write: (sequences: string) => string): { message: string; hint: string } | undefined {
  const m = SUFFIXED_RE.exec(text);
  if (!m) return undefined;
  const [written, number, letter] = [m[0].trim(), m[1]!, m[2]!];
  const base = Number(number.replace(/_/g, ''));
  const decimal = base * SUFFIX[letter]!;
  const binary = base * binaryOf(letter);
  if (!Number.isSafeInteger(decimal) || !Number.isSafeInteger(binary)) return undefined; // too large, or not whole: the count rules say so
  // Only a count alone (`4M`, `4M tokens`) is told the number to write: `4M / 2` is not 4M's sequences.
  const alone = text.trim().replace(/\s+tokens?$/i, '') === written;
  if (!alone) return { message: `a global batch counts sequences: \`${written}\` in an expression would be ${int(decimal)} sequences, and a batch written with a suffix usually means tokens`, hint: `write the batch in whole sequences (tokens ÷ seq_len), without a suffix${seqLen !== undefined ? `: ${written} tokens at seq_len ${int(seqLen)} are ${grouped(binary / seqLen)} sequences as ${number} × ${int(binaryOf(letter))}, ${grouped(decimal / seqLen)} as ${int(decimal)}` : ''}` };
  const asSequences = `for ${int(decimal)} sequences write ${decimal}`;
  // `4M tokens` says what it counts (it was pointed to {tokens: 4M}, 4,000,000 tokens, not the papers' 4 × 2^20).
  const message = /\btokens?\b/i.test(text) ? `a global batch counts sequences, and \`${written} tokens\` counts tokens`
    : `a global batch counts sequences: \`${written}\` would be ${int(decimal)} sequences, and a batch written with a suffix usually means tokens`;
  if (seqLen === undefined) return { message, hint: `${written} tokens are ${int(binary)} (${number} × ${int(binaryOf(letter))}) or ${int(decimal)}: write the sequences they make, ${write('tokens ÷ seq_len')}; ${asSequences}` };
  const [exactBinary, exactDecimal] = [binary / seqLen, decimal / seqLen];
  const sequences = [exactBinary, exactDecimal].find((n) => Number.isInteger(n) && n >= 1) ?? Math.round(exactBinary);
  const readings = `${written} tokens at seq_len ${int(seqLen)}: ${grouped(exactBinary)} sequences as ${number} × ${int(binaryOf(letter))} = ${int(binary)} tokens, ${grouped(exactDecimal)} as ${int(decimal)}`;
  return { message, hint: sequences >= 1 ? `${readings}: write ${write(String(sequences))}; ${asSequences}` : `${readings}, less than one sequence; ${asSequences}` };
}

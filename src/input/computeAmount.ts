/**
 * An amount of accelerator time (`1800 GPU-hours`, `1.8k GPU-h`, `64 node-hours`) where a value is read: a quantity of
 * compute, not a rate per hour, and its number no value of any key. It was told as a rate (rateHint.ts timeWordIn finds
 * `hours`): `--price "1800 GPU-hours"` "write 1800", a price of $1,800 per GPU-hour, and `--usd "1800 GPU-hours"` "write the
 * number alone", $1,800 (closing36). Told by what the field takes instead, as the field declares it: a price per GPU-hour
 * (a field per hour: `usd_per_gpu_hour`, `--price`), a budget in US dollars (ExpressionOptions.dollars: `constraints.budget`,
 * run's `--budget`, budget's `--usd`), a wall-clock duration (a deadline), or any other value; a price's and a budget's hint
 * names where a cap on GPU-hours goes, as no command has a GPU-hour budget: a deadline on a GPU count, whose product the
 * GPU-hours are (run's and budget's `--deadline` with `--count`, a scenario's constraints.deadline with cluster.count).
 */
import type { PerUnit } from './rateHint.js';
import type { ExpressionKind } from './expr.js';
import { fieldWords, KIND_DIM } from './exprVocabulary.js';

/**
 * A count, in any way a person writes one (separators, a suffix, a number word, a currency before it: what is said does not
 * echo it), then an accelerator or a node and an hour as one word or two (`GPU-hours`, `GPU hours`, `gpu_hrs`, `GPUh`,
 * `node-h`), plural or not, maybe with an abbreviation's point.
 */
const AMOUNT_RE = /^(?:\S*[$€£¥₹]|[A-Z]{3}\s)?\s*[+-]?[\d.][\d.,'_\s\u00a0\u2009\u202f]*(?:e[+-]?\d+)?\s*(?:[kKMBTP]|thousand|million|billion|trillion)?\s*((gpu|node|accelerator|chip)s?)[\s_-]*(?:hours?|hrs?|h)\.?$/i;

/** The accelerator's word of an amount of accelerator time (`GPU`, `node`), where `text` is one; undefined otherwise. */
export function computeAmountWord(text: string): string | undefined {
  return AMOUNT_RE.exec(text.trim())?.[1];
}

/** Where a cap on GPU-hours goes: the command line's flags and the scenario's keys alike (an override's error is the file key's). */
const CAP = 'to cap the GPU-hours, give a deadline on a GPU count (--deadline with --count; in a scenario, constraints.deadline with cluster.count): GPU-hours are the deadline\'s hours times the GPUs';

/**
 * The error for `text` where it is an amount of GPU-hours (computeAmountWord), in a field per `per` (a price per GPU-hour is per
 * hour: rateHint.ts perUnitOfKey) or of US `dollars` (a budget: expr.ts ExpressionOptions.dollars); undefined otherwise, and
 * where its word is a name of the scenario's (`scope`), which an expression reads.
 */
export function computeAmountProblem(text: string, per: PerUnit | undefined, dollars: boolean, scope: Readonly<Record<string, number>> = {}, kind: ExpressionKind = 'number'): { message: string; hint: string } | undefined {
  const word = computeAmountWord(text);
  if (word === undefined || Object.hasOwn(scope, word)) return undefined;
  const amount = `\`${text.trim()}\` is an amount of compute (${word.toLowerCase().startsWith('node') ? 'node' : 'GPU'}-hours)`;
  if (per === 'hour') return { message: `${amount}, where a price goes`, hint: `write the price in US dollars per GPU-hour, the number alone (2.50 for $2.50 a GPU-hour); ${CAP}` };
  if (dollars) return { message: `${amount}, where a budget in US dollars goes`, hint: `write the dollars, the GPU-hours times the price per GPU-hour; ${CAP}` };
  // A duration is wall-clock (`--deadline "1800 GPU-hours"` was "unknown name `GPU`"): a deadline's hours are the GPU-hours over the GPUs.
  if (KIND_DIM[kind] === 'time') return { message: `${amount}, where a wall-clock duration goes`, hint: `write the time with a unit, e.g. \`225 h\`: a deadline's hours are the GPU-hours divided by the GPU count (1800 GPU-hours on 8 GPUs: 225 h)` };
  return { message: `${amount}, which this value is not`, hint: KIND_DIM[kind] === 'none' ? 'write the number alone: the key\'s name says what it counts' : fieldWords(kind).hint };
}

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
import { fieldWords, KIND_DIM, UNITS } from './exprVocabulary.js';
import { COUNT_TEXT, countValue } from './quantity.js';
import { int } from '../report/format.js';

/**
 * A count, in any way a person writes one (separators, a suffix, a number word, a currency before it: what is said does not
 * echo it), then an accelerator or a node and a time unit as one word or two (`GPU-hours`, `GPU hours`, `gpu_hrs`, `GPUh`,
 * `node-h`, `GPU-days`), plural or not, maybe with an abbreviation's point, maybe per a period (`1800 GPU-hours/month`, `per
 * month`, `monthly`: still an amount, not a price). The accelerator: a word for one (`TPU`, `chip`, `core`, `device`), for a
 * node (`instance`, `machine`), or a part's name (`H100-hours`, `A100 hours`, `tpu7x`, `rtx-4090`), after a space. Only
 * `gpu|node|accelerator|chip` and hours were read: `--price "1800 H100-hours"` and `"1800 GPU-days"` were told "write 1800"
 * and "write 75", prices of $1,800 and $75 per GPU-hour (review37). A price in words (`2.5 per GPU-hour`) has its `per`
 * before the accelerator, and is none.
 */
const DEVICE_WORDS = String.raw`(?:gpu|node|accelerator|chip|tpu|device|core|instance|machine)s?`;
const PART_NAME = String.raw`\s[a-z]+-?\d+[a-z]*(?:-[a-z]+\d*)*?`;
const TIME_WORD = String.raw`(hours?|hrs?|h|days?|weeks?|wks?|months?|years?)`;
const PERIOD = String.raw`(?:\s*(?:/|per[\s-]|(?:a|an|each|every)\s)\s*[a-z]+\.?|\s+[a-z]+ly)?`;
const AMOUNT_RE = new RegExp(String.raw`^(?:\S*[$\u20ac\u00a3\u00a5\u20b9]|[A-Z]{3}\s)?\s*[+-]?[\d.][\d.,'_\s\u00a0\u2009\u202f]*(?:e[+-]?\d+)?\s*(?:[kKMBTP]|thousand|million|billion|trillion)?\s*(${DEVICE_WORDS}|${PART_NAME})[\s_-]*${TIME_WORD}\.?${PERIOD}$`, 'i');

/** The first count in a text, as quantity.ts reads one (`$1.8k GPU-hours`: `1.8k`). */
const LEADING_COUNT = new RegExp(COUNT_TEXT);

/** A node's words: its time is the node's GPUs' (`node-hours`, `instance-hours`). */
const NODE_RE = /^(?:node|instance|machine)/i;

/**
 * AMOUNT_RE's match of `text`, trimmed and its runs of white space made one space, and none past {@link AMOUNT_MAX_CHARS}: the
 * number's class, the `\s*`s around the suffix and a part name's leading space can each take a run of spaces, so a long run
 * backtracked in polynomial time (`'1'`, 5,000 spaces, `'a1'`: 28 s); an amount is a few words.
 */
const AMOUNT_MAX_CHARS = 120;
function amountMatch(text: string): RegExpExecArray | null {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > AMOUNT_MAX_CHARS ? null : AMOUNT_RE.exec(t);
}

/** The accelerator's word of an amount of accelerator time (`GPU`, `node`, `H100`), where `text` is one; undefined otherwise. */
export function computeAmountWord(text: string): string | undefined {
  return amountOf(text)?.word;
}

/** An amount's reading: its accelerator's word, whether it counts nodes, its time unit (a key of UNITS) and that unit's hours. */
function amountOf(text: string): { word: string; node: boolean; unit: string; hours: number } | undefined {
  const m = amountMatch(text);
  if (!m) return undefined;
  const written = m[2]!.toLowerCase();
  const unit = /^h/.test(written) ? 'hour' : /^d/.test(written) ? 'day' : /^w/.test(written) ? 'week' : /^m/.test(written) ? 'month' : 'year';
  return { word: m[1]!.trim(), node: NODE_RE.test(m[1]!.trim()), unit, hours: UNITS[unit]!.value / UNITS.hour!.value };
}

/** Where a cap on GPU-hours goes: the command line's flags and the scenario's keys alike (an override's error is the file key's). */
const CAP = 'to cap the GPU-hours, give a deadline on a GPU count (--deadline with --count; in a scenario, constraints.deadline with cluster.count): GPU-hours are the deadline\'s hours times the GPUs';

/**
 * The error for `text` where it is an amount of GPU-hours (computeAmountWord), in a field per `per` (a price per GPU-hour is per
 * hour: rateHint.ts perUnitOfKey) or of US `dollars` (a budget: expr.ts ExpressionOptions.dollars); undefined otherwise, and
 * where its word is a name of the scenario's (`scope`), which an expression reads.
 */
export function computeAmountProblem(text: string, per: PerUnit | undefined, dollars: boolean, scope: Readonly<Record<string, number>> = {}, kind: ExpressionKind = 'number'): { message: string; hint: string } | undefined {
  const amount = amountOf(text);
  if (amount === undefined || Object.hasOwn(scope, amount.word)) return undefined;
  const noun = amount.node ? 'node' : 'GPU';
  const said = `\`${text.trim()}\` is an amount of compute (${noun}-${amount.unit}s)`;
  // The hours of the unit written (a GPU-day is 24 GPU-hours; a month 730 h, calendar.ts), and a node's GPUs.
  const inHours = amount.unit === 'hour' ? '' : ` (${int(amount.hours)} a ${noun}-${amount.unit})`;
  if (per === 'hour') return { message: `${said}, where a price goes`, hint: `write the price in US dollars per GPU-hour, the number alone (2.50 for $2.50 a GPU-hour); ${CAP}` };
  if (dollars) return { message: `${said}, where a budget in US dollars goes`, hint: `write the dollars, the ${noun}-hours${inHours}${amount.node ? ' times the GPUs per node' : ''} times the price per GPU-hour; ${CAP}` };
  // A duration is wall-clock (`--deadline "1800 GPU-hours"` was "unknown name `GPU`"): a deadline's hours are the GPU-hours over
  // the GPUs; the scenario's own count (cluster.count, in the scope as `count`) where it is given, else an example's 8.
  if (KIND_DIM[kind] === 'time') return { message: `${said}, where a wall-clock duration goes`, hint: durationHint(text, amount, scope.count) };
  return { message: `${said}, which this value is not`, hint: KIND_DIM[kind] === 'none' ? 'write the number alone: the key\'s name says what it counts' : fieldWords(kind).hint };
}

/**
 * A deadline's hint: the wall-clock an amount comes to on the run's GPU count, where the scenario gives it and the amount's
 * number reads; else the rule with an example (1800 GPU-hours on 8 GPUs: 225 h). A node's hours are over the nodes.
 */
function durationHint(text: string, amount: NonNullable<ReturnType<typeof amountOf>>, gpus: number | undefined): string {
  // The count as the count reader reads it (quantity.ts COUNT_TEXT, countValue), its thousands commas dropped.
  const written = LEADING_COUNT.exec(text.replace(/,/g, ''))?.[0];
  const value = written === undefined ? undefined : countValue(written);
  if (!amount.node && gpus !== undefined && value !== undefined && Number.isFinite(value) && value > 0) {
    const hours = (value * amount.hours) / gpus;
    return `write the time with a unit: a deadline is wall-clock, the GPU-hours divided by the GPU count: \`${text.trim()}\` on the run's ${int(gpus)} GPUs is \`${Number(hours.toPrecision(4))} h\``;
  }
  return amount.node
    ? 'write the time with a unit, e.g. `225 h`: a deadline\'s hours are the node-hours divided by the node count (1800 node-hours on 8 nodes: 225 h)'
    : 'write the time with a unit, e.g. `225 h`: a deadline\'s hours are the GPU-hours divided by the GPU count (1800 GPU-hours on 8 GPUs: 225 h)';
}

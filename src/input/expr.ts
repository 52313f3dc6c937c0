/**
 * A locked-down arithmetic evaluator for scenario values: `300B`, `1.4T`, `21 days`, `80 GB`,
 * `20 * params`, `max(512, count / 2)`.
 *
 * The text is checked here (length, YAML's non-numbers, dates, prose numbers), plain numbers,
 * counts (`300B`) and single quantities (`21 days`, `80 GB`) are read without mathjs, and anything
 * else goes to the whitelisting walker in exprTree.ts, which loads mathjs on first use.
 *
 * Units (SI results): durations in seconds, sizes in bytes.
 *   counts    k K = 1e3, M = 1e6, B G = 1e9, T = 1e12, P = 1e15 (plain numbers; `B` is billion)
 *   durations s sec second(s), min minute(s), h hr hour(s), d day(s), week(s),
 *             month(s) = 730 h, year(s) = 365 days (input/calendar.ts)
 *   sizes     byte(s), kB KB MB GB TB PB (decimal), KiB MiB GiB TiB PiB (binary)
 */
import { InputError, beyondLargest, describeNumber } from './errors.js';
import { noPercentHint, proseNumberProblem } from './numberProse.js';
import { parseCount } from './quantity.js';
import { int } from '../report/format.js';
import { clip, DIM_TEXT, echoNumber, fieldWords, isUnitAlone, KIND_DIM, PLAIN_NUMBER_RE, QUANTITY_RE, UNITS, type FieldWords, type Quantity } from './exprVocabulary.js';
import { EXPRESSION_LIMITS, evaluateTree } from './exprTree.js';
import { perUnitOfKey, type PerUnit } from './rateHint.js';

export { ALLOWED_HINT, EXPRESSION_LIMITS, expressionParserLoaded } from './exprTree.js';

export type ExpressionKind = 'count' | 'duration' | 'bytes' | 'number';

export interface ExpressionOptions {
  keyPath?: string;
  file?: string;
  line?: number;
  col?: number;
  /** What the field holds; default 'number' (a plain, dimensionless number). */
  kind?: ExpressionKind;
  /** The field takes whole numbers only (cluster.count, parallelism.micro_batch): its hints write no fraction or percentage. */
  integer?: boolean;
  /** What the field holds, where its kind's words are not true of it (`--usd`: a dollar amount, not "a count"). */
  field?: FieldWords;
  /**
   * The field is a ratio (a utilisation, a share, a throughput scale): `45%` reads 0.45. Elsewhere a percentage is
   * refused: `count: 6400%` ran 64 GPUs, `usd_per_gpu_hour: 250%` cost $2.50 an hour (sweep32).
   */
  percent?: boolean;
  /** The time unit the field is per (`usd_per_gpu_hour`: hour), where its key path does not say (rateHint.ts perUnitOfKey). */
  per?: PerUnit;
  /** The field is an amount of US dollars, a budget (constraints.budget, budget's `--usd`): what `1800 GPU-hours` is told (computeAmount.ts). */
  dollars?: boolean;
}

/**
 * Evaluates a scenario value. Returns seconds for `kind: 'duration'`, bytes for `kind: 'bytes'`
 * and the plain number otherwise. Duration and size fields need a unit; a bare number is taken
 * as bytes for a size, but refused for a duration (`deadline: 60` meant 60 days, not 60 seconds:
 * issue 11), with the unit to add as the hint. Throws InputError for anything else.
 */
export function evaluateExpression(text: string | number, scope: Readonly<Record<string, number>>, opts: ExpressionOptions = {}): number {
  const kind = opts.kind ?? 'number';
  const words = opts.field ?? fieldWords(kind, opts.integer);
  const fail = (message: string, hint?: string): never => {
    throw new InputError(message, { file: opts.file, line: opts.line, col: opts.col, keyPath: opts.keyPath, hint });
  };

  const noUnit = (v: string): never => fail(`a duration needs a unit, found ${v}`, `add a unit: ${v} days (or hours, weeks, seconds)`);
  if (typeof text === 'number') {
    if (!Number.isFinite(text)) fail(`expected a finite number, found ${describeNumber(text)}`);
    if (kind === 'duration') noUnit(describeNumber(text));
    return text;
  }
  if (typeof text !== 'string') fail(`expected ${words.text}, found ${typeof text}`);
  const source = text.trim();
  if (source === '') fail(`expected ${words.text}, found an empty string`, words.hint);
  if (source.length > EXPRESSION_LIMITS.maxLength) {
    fail(`expression is ${int(source.length)} characters long; the limit is ${int(EXPRESSION_LIMITS.maxLength)}`, 'compute long values outside the scenario, or split them into named values');
  }

  // YAML's spellings of the values that are not numbers (`.nan`, `-.inf`): what a scenario's
  // `price: .nan` is told, not the parser's "Value expected (char 1)".
  const special = /^([-+]?)\.(nan|NaN|NAN|inf|Inf|INF)$/.exec(source);
  if (special) fail(`expected a finite number, found ${describeNumber(/n/i.test(special[2]![0]!) ? NaN : special[1] === '-' ? -Infinity : Infinity)}`);

  // A calendar date where a number or duration goes (`deadline: 2026-06-30`, `count: 2024-01-01`)
  // would otherwise be the subtraction 2026 − 6 − 30: refused as what it is.
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(source)) {
    fail(`expected ${words.text}, found the date ${source}`, kind === 'duration'
      ? 'give the time from the start of the run, e.g. `210 days`: flopcast takes durations, not dates'
      : 'a date is not a value here (unquoted, it would read as a subtraction)');
  }

  const per = opts.per ?? perUnitOfKey(opts.keyPath);
  const prose = proseNumberProblem(source, scope, kind, true, opts.integer, opts.percent === true, per, opts.dollars === true);
  if (prose) fail(prose.message, prose.hint);

  // A unit or suffix alone is one of it to the evaluator: `deadline: days` was a deadline of 1 day, `--usd M` a budget
  // of $1M, `checkpoint: {cost: minutes}` a minute. Its number was left out. The example is in the field's own
  // dimension (`count: days` was hinted `2 days`, then refused as a duration); a suffix where any number goes
  // (`utilization: k`) says what it multiplies, not a number the field may refuse.
  if (isUnitAlone(source, scope)) {
    const unit = UNITS[source]!;
    if (unit.dim !== KIND_DIM[kind]) fail(`expected ${words.text}, found the unit \`${source}\` alone`, words.hint);
    fail(`\`${source}\` is a unit alone: its number is missing`, kind === 'number'
      ? `write the number before it: \`${source}\` multiplies it by ${int(unit.value)}`
      : `write the number before it, e.g. ${unit.dim === 'none' ? `5${source}` : `2 ${source}`}`);
  }

  // A bare numeric literal: accepted by every kind but durations (bytes for sizes).
  if (PLAIN_NUMBER_RE.test(source)) {
    if (kind === 'duration') noUnit(source);
    const v = Number(source.replace(/_/g, ''));
    if (!Number.isFinite(v)) fail(beyondLargest(echoNumber(source, '`'), v < 0));
    // 1e-400 reads as 0: out of range too, not "expected a positive value, found 1e-400".
    if (v === 0 && /[1-9]/.test(source.split(/[eE]/)[0]!)) fail(`number ${echoNumber(source, '`')} is out of range (below the smallest number, about 5e-324, it reads as 0)`);
    return normalise(v);
  }

  const noPercent = opts.percent === true ? undefined : () => fail(`expected ${words.text}, found the percentage \`${clip(source)}\``, noPercentHint(kind, opts.integer));
  const result = fastPath(source, scope) ?? evaluateTree(source, scope, fail, kind, noPercent, per);
  const want = KIND_DIM[kind];
  if (result.dim !== want) {
    const found = result.dim === 'none' ? 'a number without a unit' : DIM_TEXT[result.dim];
    fail(`expected ${words.text}, found ${found}`, words.hint);
  }
  if (!Number.isFinite(result.value)) fail(`\`${clip(source)}\` is not a finite number`);
  return normalise(result.value);
}

/** `300B`, `1_000_000`, `21 days`, `80 GB`: no mathjs needed. */
function fastPath(source: string, scope: Readonly<Record<string, number>>): Quantity | undefined {
  const count = parseCount(source);
  // A scenario name that is also a suffix (`B`) is ambiguous; the walker explains.
  if (count !== undefined && !Object.hasOwn(scope, source.slice(-1))) return { value: count, dim: 'none' };
  const m = QUANTITY_RE.exec(source);
  if (!m) return undefined;
  const unit = m[2]!;
  if (!Object.hasOwn(UNITS, unit) || Object.hasOwn(scope, unit)) return undefined; // let the walker explain
  const base = Number(m[1]!.replace(/_/g, ''));
  const u = UNITS[unit]!;
  const value = base * u.value;
  return Number.isFinite(value) ? { value, dim: u.dim } : undefined;
}

function normalise(v: number): number {
  return v === 0 ? 0 : v; // no -0
}

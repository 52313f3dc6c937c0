/**
 * The vocabulary of scenario expressions (src/input/expr.ts): units with their SI values and
 * dimensions, the whitelisted functions, and the texts used in errors. Tables are frozen,
 * null-prototype maps, so `toString`, `constructor` or `__proto__` are never found in them.
 */
import type { ExpressionKind } from './expr.js';
import { cutText } from './columns.js';
import { NUMBER_PATTERN } from './quantity.js';
import { int, plural } from '../report/format.js';
import { HOURS_PER_MONTH, HOURS_PER_YEAR } from './calendar.js';

export type Dim = 'none' | 'time' | 'bytes';
export interface Quantity {
  value: number;
  dim: Dim;
}

function table<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Unit and suffix names; symbol lookup uses Object.hasOwn on these null-prototype maps. */
export const UNITS = table<Quantity>({
  k: { value: 1e3, dim: 'none' },
  K: { value: 1e3, dim: 'none' },
  M: { value: 1e6, dim: 'none' },
  B: { value: 1e9, dim: 'none' },
  G: { value: 1e9, dim: 'none' },
  T: { value: 1e12, dim: 'none' },
  P: { value: 1e15, dim: 'none' },
  s: { value: 1, dim: 'time' },
  sec: { value: 1, dim: 'time' },
  second: { value: 1, dim: 'time' },
  seconds: { value: 1, dim: 'time' },
  min: { value: MINUTE, dim: 'time' },
  minute: { value: MINUTE, dim: 'time' },
  minutes: { value: MINUTE, dim: 'time' },
  h: { value: HOUR, dim: 'time' },
  hr: { value: HOUR, dim: 'time' },
  hour: { value: HOUR, dim: 'time' },
  hours: { value: HOUR, dim: 'time' },
  d: { value: DAY, dim: 'time' },
  day: { value: DAY, dim: 'time' },
  days: { value: DAY, dim: 'time' },
  week: { value: 7 * DAY, dim: 'time' },
  weeks: { value: 7 * DAY, dim: 'time' },
  // A month of 730 h and a year of 8,760 h, as cloud billing counts them (calendar.ts).
  month: { value: HOURS_PER_MONTH * HOUR, dim: 'time' },
  months: { value: HOURS_PER_MONTH * HOUR, dim: 'time' },
  year: { value: HOURS_PER_YEAR * HOUR, dim: 'time' },
  years: { value: HOURS_PER_YEAR * HOUR, dim: 'time' },
  byte: { value: 1, dim: 'bytes' },
  bytes: { value: 1, dim: 'bytes' },
  kB: { value: 1e3, dim: 'bytes' },
  KB: { value: 1e3, dim: 'bytes' },
  MB: { value: 1e6, dim: 'bytes' },
  GB: { value: 1e9, dim: 'bytes' },
  TB: { value: 1e12, dim: 'bytes' },
  PB: { value: 1e15, dim: 'bytes' },
  KiB: { value: 2 ** 10, dim: 'bytes' },
  MiB: { value: 2 ** 20, dim: 'bytes' },
  GiB: { value: 2 ** 30, dim: 'bytes' },
  TiB: { value: 2 ** 40, dim: 'bytes' },
  PiB: { value: 2 ** 50, dim: 'bytes' },
});

/**
 * A unit or suffix alone (`days`, ` M `), its number left out: the one test expr.ts refuses it by and validate.ts
 * routes its refusal by. A name of the scenario's that a unit spells is not one (it is told ambiguous).
 */
export function isUnitAlone(text: string, scope: Readonly<Record<string, number>> = {}): boolean {
  const t = text.trim();
  return Object.hasOwn(UNITS, t) && !Object.hasOwn(scope, t);
}

export interface Fn {
  /** [min, max] number of arguments */
  arity: readonly [number, number];
  /** 'same': all arguments share one dimension, which the result keeps; 'none': dimensionless only. */
  dims: 'same' | 'none';
  apply(args: number[]): number;
}

/** Round half away from zero, as mathjs does (Math.round(-2.5) is -2). */
const roundHalfAway = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

export const FUNCTIONS = table<Fn>({
  // 64 arguments: a policy bound on the argument list, far above real use.
  min: { arity: [1, 64], dims: 'same', apply: (a) => Math.min(...a) },
  max: { arity: [1, 64], dims: 'same', apply: (a) => Math.max(...a) },
  round: { arity: [1, 1], dims: 'same', apply: (a) => roundHalfAway(a[0]!) },
  ceil: { arity: [1, 1], dims: 'same', apply: (a) => Math.ceil(a[0]!) },
  floor: { arity: [1, 1], dims: 'same', apply: (a) => Math.floor(a[0]!) },
  abs: { arity: [1, 1], dims: 'same', apply: (a) => Math.abs(a[0]!) },
  sqrt: { arity: [1, 1], dims: 'none', apply: (a) => Math.sqrt(a[0]!) },
  pow: { arity: [2, 2], dims: 'none', apply: (a) => a[0]! ** a[1]! },
  /** log(x) is natural; log(x, base) as in mathjs. */
  log: { arity: [1, 2], dims: 'none', apply: (a) => (a.length === 2 ? Math.log(a[0]!) / Math.log(a[1]!) : Math.log(a[0]!)) },
  exp: { arity: [1, 1], dims: 'none', apply: (a) => Math.exp(a[0]!) },
});

export const FUNCTION_NAMES = Object.keys(FUNCTIONS);
const UNIT_NAMES = Object.keys(UNITS);

export const DIM_TEXT: Record<Dim, string> = { none: 'a plain number', time: 'a duration', bytes: 'a size in bytes' };
export const KIND_TEXT: Record<ExpressionKind, string> = { count: 'a count', number: 'a number', duration: 'a duration', bytes: 'a size in bytes' };
export const KIND_DIM: Record<ExpressionKind, Dim> = { count: 'none', number: 'none', duration: 'time', bytes: 'bytes' };
const UNIT_HINT: Record<Dim, string> = {
  none: 'write a plain number such as 300B, 1.4T or 20 * params',
  time: 'add a unit: s, min, h, days, weeks, months (730 h) or years (365 days), e.g. `21 days`',
  bytes: 'add a unit: GB, TB (decimal) or GiB, TiB (binary), e.g. `80 GB`',
};

/** What a field holds, in words (`expected …`), and the value to write there (the hint). */
export interface FieldWords {
  text: string;
  hint: string;
  /** The field is an amount of US dollars (budget's `--usd`): ExpressionOptions.dollars. */
  dollars?: boolean;
}

/**
 * What a field of `kind` holds and what to write in it, for every message of the evaluator that says so (a unit alone, a
 * value of another dimension, an empty one): a unit's hint where the kind has a dimension; else a whole number for a field
 * of whole numbers (cluster.count), a token count's suffixes and `params` for a count (training.tokens), a plain number
 * for any other (energy.pue); a caller with its own words (`--usd`, a dollar amount) gives them instead. Every
 * dimensionless field was hinted "300B, 1.4T or 20 * params", true of token counts only.
 */
export function fieldWords(kind: ExpressionKind, integer = false): FieldWords {
  const dim = KIND_DIM[kind];
  if (dim !== 'none') return { text: KIND_TEXT[kind], hint: UNIT_HINT[dim] };
  if (integer) return { text: 'an integer', hint: 'write a whole number such as 8 or 2 * 512' };
  return kind === 'count' ? { text: KIND_TEXT.count, hint: UNIT_HINT.none } : { text: KIND_TEXT.number, hint: 'write a plain number, without a unit, such as 1.1 or 3 / 4' };
}

/**
 * Unit abbreviations flopcast does not read, and the unit meant in a duration: `5 m` was "did you mean
 * `M`?" (a million), `2 yrs` "did you mean `abs`?", `1 wk` "did you mean `K`?".
 */
const TIME_ABBREVIATIONS = table<string>({
  m: 'did you mean `min`?', mn: 'did you mean `min`?', y: 'did you mean `years`?', yr: 'did you mean `years`?', yrs: 'did you mean `years`?',
  wk: 'did you mean `weeks`?', wks: 'did you mean `weeks`?', mo: 'did you mean `months`?', mos: 'did you mean `months`?', hrs: 'did you mean `hours`?',
  // `1 ms` was "did you mean `s`?", a thousand times the time meant.
  ms: 'milliseconds are not read: write seconds, e.g. 0.5 s for 500 ms',
});

/**
 * `auto` where a number is read: inside a range (`utilization: [auto, 0.5]`), in a field that has no `auto`
 * (`achieved_tflops: auto`) or in arithmetic. It was "unknown name `auto`" with the scenario's names (active_params,
 * count, ...) as the hint (hostile sweep 29). The fields that take it, from scenario/schema.ts.
 */
const AUTO_ALONE = '`auto` is written alone, as the whole value of a field that takes it (cluster.utilization: auto predicts the MFU, which a report ranges by the model\'s record on its kind of run; overheads.checkpoint.interval: auto), not inside a range, a list or arithmetic, nor in another field';

/** Units of time no value reads, and the ones to write (a quarter, a fortnight: the calendar's). */
const TIME_WORDS: Readonly<Record<string, string>> = { quarter: 'write months (a quarter is 3 months)', quarters: 'write months (a quarter is 3 months)', fortnight: 'write weeks (a fortnight is 2 weeks)', fortnights: 'write weeks (a fortnight is 2 weeks)' };

/** ISO 8601's durations (§4.4.3.2, `P90D`, `PT36H`, `P1Y2M10DT2H30M`), whose parts are flopcast's units. */
const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const ISO_UNITS = ['years', 'months', 'weeks', 'days', 'h', 'min', 's'];

/** A duration written in ISO 8601, as flopcast writes it (`P90D`: 90 days). */
function isoDurationHint(name: string): string | undefined {
  const m = ISO_DURATION.exec(name);
  const parts = m ? ISO_UNITS.flatMap((u, i) => (m[i + 1] !== undefined ? [`${Number(m[i + 1])} ${u}`] : [])) : [];
  return parts.length ? `\`${name}\` is an ISO 8601 duration: write ${parts.join(' + ')}` : undefined;
}

/**
 * The names a did-you-mean offers for an unknown name in a value of this kind: the units of its dimension, never another
 * dimension's (a duration's `m` was offered `M`, a million). `fallback`: what to say when none is near, where the scope's
 * names say nothing of it (a duration's `quarter` was told "names available here: active_params, ...").
 */
export function nameCandidates(name: string, kind: ExpressionKind): { hint?: string; candidates: string[]; fallback?: string } {
  const dim = KIND_DIM[kind];
  const hint = name.toLowerCase() === 'auto' ? AUTO_ALONE
    : dim !== 'time' ? undefined
    : Object.hasOwn(TIME_ABBREVIATIONS, name) ? TIME_ABBREVIATIONS[name]
    : Object.hasOwn(TIME_WORDS, name) ? `no \`${name}\` here: ${TIME_WORDS[name]}`
    : isoDurationHint(name);
  return { ...(hint ? { hint } : {}), candidates: UNIT_NAMES.filter((u) => UNITS[u]!.dim === dim), ...(dim === 'time' ? { fallback: `a duration is a number and a unit: ${UNIT_HINT.time}` } : {}) };
}

export const PLAIN_NUMBER_RE = new RegExp(`^${NUMBER_PATTERN}$`);
export const QUANTITY_RE = new RegExp(String.raw`^(${NUMBER_PATTERN})\s*([A-Za-z]+)$`);

/** How much of a number's text a message quotes: a number of 400 digits is told by its start. */
const NUMBER_ECHO_CHARS = 24;

/**
 * A number's text as a message quotes it (`found ...`, `... is too large`), the one rule for every such echo: whole up to
 * 24 characters, a longer one by its start and its length, `123456789012345678901... (42 digits)`, where the cut alone
 * did not say how long it was (review34). Its length in digits where it is digits alone (a sign and `_` aside), in
 * characters otherwise (the digits of `1.5e400`'s text are not its size). `mark` goes around the text (a backtick).
 */
export function echoNumber(text: string, mark = ''): string {
  if (text.length <= NUMBER_ECHO_CHARS) return `${mark}${text}${mark}`;
  const digits = /^[-+]?[\d_]+$/.test(text);
  const length = digits ? text.replace(/\D/g, '').length : text.length;
  return `${mark}${clip(text, NUMBER_ECHO_CHARS)}${mark} (${plural(int(length), digits ? 'digit' : 'character')})`;
}

/** What a message quotes of a long source text: at most `max` characters, a longer one its first `max` − 3 and `...`. */
export function clip(s: string, max = 60): string {
  return s.length > max ? cutText(s, max - 3) + '...' : s;
}

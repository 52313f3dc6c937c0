/**
 * Number formatting for people. Every renderer goes through here so that no output ever shows
 * NaN or Infinity: a non-finite value is a bug upstream and is rendered as "n/a".
 */
import type { Throughput } from '../estimate/run.js';

/** 3.229e23 (significant digits, no "+" in the exponent); `shift` multiplies by 10^shift first (pct). */
export function sci(x: number, digits = 4, shift = 0): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (x === 0) return '0';
  const [m, e] = x.toExponential(digits - 1).split('e');
  return `${m}e${Number(e) + shift}`;
}

/**
 * Decimals, the one rule every fixed-point output follows: `x.toFixed(digits)` unless that would
 * mislead. A nonzero value is never shown as zero (a price of 1e-7 as 0.000, a goodput of 1e-300 as
 * 0.0%): up to three more decimals where they show it (0.004 at two: 0.004), else scientific notation, as
 * sci; nor with more significant digits than a double holds (15; toFixed wrote 6.857e18 as
 * 6857112262667116544): scientific notation too. Negative zero is 0.
 * `shift` multiplies by 10^shift first (pct), without overflowing.
 */
export function decimals(x: number, digits: number, shift = 0): string {
  if (x === 0) return (0).toFixed(digits);
  const scaled = x * 10 ** shift;
  const text = scaled.toFixed(digits);
  // Significant digits shown, trailing zeros of the fraction aside (1e12 is 1000000000000, exactly).
  const significant = text.replace(/^-/, '').replace(/\.?0+$/, '').replace('.', '').replace(/^0+/, '').length;
  if (!Number.isFinite(scaled) || text.includes('e') || significant > 15) return sci(x, 4, shift);
  if (Number(text) !== 0) return text;
  // A small value the decimals round to 0 takes up to three more (a 0.37% pipeline bubble at no decimals reads
  // 0.4%, not 3.660e-1%), then scientific notation.
  for (let more = 1; more <= 3; more++) {
    const longer = scaled.toFixed(digits + more);
    if (Number(longer) !== 0) return longer;
  }
  return sci(x, 4, shift);
}

/** 6,738,415,616 */
export function int(x: number | bigint): string {
  if (typeof x === 'number' && !Number.isFinite(x)) return 'n/a';
  // String() writes 1e+21 from 1e21 on (a number, not a BigInt, that large is no exact count).
  if (typeof x === 'number' && Math.abs(x) >= 1e21) return sci(x);
  const s = typeof x === 'bigint' ? x.toString() : Math.round(x).toString();
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  return (neg ? '-' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const SI = [
  { v: 1e15, s: 'P' },
  { v: 1e12, s: 'T' },
  { v: 1e9, s: 'B' },
  { v: 1e6, s: 'M' },
  { v: 1e3, s: 'k' },
];

/** 174.6B, 1.4T, 300B: the count suffixes users write. */
export function count(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return 'n/a';
  // The suffix is chosen after rounding to `digits`: 999,500 to 3 digits is 1.00M (chosen before, it
  // came out "1.00e+3k", toPrecision's exponent after a suffix).
  const r = Number(x.toPrecision(digits));
  // From a thousand P on no suffix fits (toPrecision would write 1.826e+5P): scientific notation.
  if (Math.abs(r) >= 1e3 * SI[0]!.v) return sci(x, digits);
  // With fewer digits than a suffix's integer part takes, toPrecision writes an exponent (330B to 2 digits was "3.3e+2B"):
  // the integer part is shown whole.
  const shown = (y: number) => (Math.abs(y) >= 10 ** digits ? String(Math.round(y)) : trim(y.toPrecision(digits)));
  for (const { v, s } of SI) if (Math.abs(r) >= v) return `${shown(r / v)}${s}`;
  return shown(r);
}

/**
 * A count and its noun, the noun singular for exactly one: `1 token`, `300B tokens`, `L = 1 layer`. `n` is the count as
 * printed (a number, or count()'s or int()'s text), and the rule reads that text: a count shown as "1" reads as one.
 * `--explain` of a one-layer model on one token said "1 tokens", "L = 1 layers" and "serve all 1 heads".
 */
export function plural(n: number | string, noun: string, nouns = `${noun}s`): string {
  const text = String(n);
  return `${text} ${text === '1' ? noun : nouns}`;
}

/**
 * A model and its size, as run's text names it: `Llama 3 8B: 8.03B parameters`, `, 37B active` for an MoE. A colon, never
 * parentheses: budget --model wrote `GPT-2 (124M) (124.4M parameters)` of a name that carries its own.
 */
export function modelSize(name: string, params: { total: number; active: number }): string {
  return `${name}: ${count(params.total)} parameters${params.active !== params.total ? `, ${count(params.active)} active` : ''}`;
}

/**
 * 41.5%, by the decimals rule. A fraction short of the whole is never shown as the whole, as a nonzero one is never
 * shown as 0: a goodput of 0.99994 (a checkpoint every 55 minutes) printed 100.0%, the figure of a run that loses
 * nothing. It takes up to three more decimals where they show it (99.99%), else is cut there, not rounded (99.9999%).
 */
export function pct(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return 'n/a';
  const text = decimals(x, digits, 2);
  if (Math.abs(x) >= 1 || Math.abs(Number(text)) < 100) return `${text}%`;
  for (let more = 1; more <= 3; more++) {
    const longer = decimals(x, digits + more, 2);
    if (Math.abs(Number(longer)) < 100) return `${longer}%`;
  }
  const places = digits + 3;
  return `${(Math.trunc(x * 10 ** (places + 2)) / 10 ** places).toFixed(places)}%`;
}

/** A signed percentage with a true minus sign: +5.6%, −8.5% (`digits` 0: +71%). */
export function signedPct(x: number, digits = 1): string {
  return `${x < 0 ? '−' : '+'}${pct(Math.abs(x), digits)}`;
}

/**
 * An error (predicted ÷ measured throughput − 1) at the precision printed: one below it is 0, not decimals' nonzero
 * figure (that rule is for a quantity that is there). Two runs of one ratio held each other out at 1.110e-14%:
 * floating-point noise of the fit, which no |error| or median of validate should print.
 */
export function shownError(x: number, digits = 1): number {
  return Math.abs(x) * 10 ** (digits + 2) < 0.5 ? 0 : x;
}

/** An error as validate prints it, rows and summaries, bundled and yours (shownError): 6.6%, or signed +6.2%, −7.0% (signedPct's true minus). */
export function errorPct(x: number, { signed = false, digits = 1 } = {}): string {
  const shown = shownError(x, digits);
  return signed ? signedPct(shown, digits) : pct(shown, digits);
}

/** A fixed-point number with trailing zeros removed: 33.9, 2.5. */
export function fixed(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return 'n/a';
  return trim(decimals(x, digits));
}

/**
 * 25,000 or 0.7: thousands grouped, at most `digits` decimals (trailing zeros dropped), by the decimals rule; `pad`, the
 * fraction to `digits` places as decimals writes it (25,000.00).
 */
export function grouped(x: number, digits = 2, pad = false): string {
  if (!Number.isFinite(x)) return 'n/a';
  const s = pad ? decimals(x, digits) : trim(decimals(x, digits));
  if (s.includes('e')) return s;
  const [whole, fraction] = s.split('.');
  // The sign apart: BigInt('-0') is 0, which wrote -0.5 as 0.5.
  const sign = whole!.startsWith('-') ? '-' : '';
  return `${sign}${int(BigInt(whole!.slice(sign.length)))}${fraction ? `.${fraction}` : ''}`;
}

/** Energy in megawatt-hours from kWh, one decimal, thousands grouped: 1,954.4 (a table's MWh column); {@link mwh} with the unit. */
export const mwhFigure = (kwh: number): string => grouped(kwh / 1000, 1);

/**
 * `x` (in the first unit's measure) in the largest of `units` (factor to that measure, name; largest first) it
 * reaches, one decimal, thousands grouped; the smallest below them all, and 0 or no number in the first. A small run
 * (a fine-tune on one GPU, 35.6 Wh) printed `3.561e-5 MWh` and `1.328e-5 t`, where its wall-clock read `4.7 minutes`:
 * energy and emissions, as durations (duration.ts durationUnit), read in the largest unit they reach.
 */
function inLargestUnit(x: number, units: readonly (readonly [number, string])[]): string {
  const [factor, name] = x > 0 && Number.isFinite(x) ? units.find(([f]) => x >= f) ?? units[units.length - 1]! : units[0]!;
  return `${grouped(x / factor, 1)} ${name}`;
}

/**
 * 1,954.4 MWh: every text and page that prints a run's energy (one rule: the ui page had its own); under a MWh in kWh,
 * under a kWh in Wh, as a wall-clock under a day is in hours (a table's MWh column keeps its unit: {@link mwhFigure}).
 */
export const mwh = (kwh: number): string => inLargestUnit(kwh, [[1000, 'MWh'], [1, 'kWh'], [1e-3, 'Wh']]);

/** Emissions in tonnes from kg, one decimal, thousands grouped: 729.0 (a table's t CO2 column). */
export const tonnesFigure = (kg: number): string => grouped(kg / 1000, 1);

/** 729.0 t: every text and page that prints a run's emissions ({@link mwh}'s twin: under a tonne in kg, under a kg in g). */
export const tonnes = (kg: number): string => inLargestUnit(kg, [[1000, 't'], [1, 'kg'], [1e-3, 'g']]);

/** 13.7 GiB (binary gigabytes, as GPU memory is specified). */
export function gib(bytes: number): string {
  return `${fixed(bytes / 2 ** 30, 1)} GiB`;
}

/** A step-sized duration: 1.07 s, or 226.1 ms below a second. */
export function stepSeconds(x: number): string {
  return x >= 1 ? `${fixed(x, 2)} s` : `${fixed(x * 1e3, 1)} ms`;
}

/**
 * A price per unit (per GPU-hour, per kWh): dollars and cents to `digits` decimals ($2.125), thousands grouped, and from a
 * million on usd's rule ($1M, $1T, then scientific notation): `$${fixed(1e12)}` printed $1000000000000 per GPU-hour.
 * `pad`: the cents to `digits` places ($2.50, $0.2283/GPU-h), where a breakdown writes its terms alike.
 */
export function usdRate(x: number, digits = 2, pad = false): string {
  if (!Number.isFinite(x)) return 'n/a';
  // The sign before the currency, as usd writes it (-$1, not $-1).
  if (x < 0) return `-${usdRate(-x, digits, pad)}`;
  // A million decided after rounding to `digits`, as usd decides its suffixes: $999,999.999 is $1M, not $1,000,000.
  const text = grouped(x, digits, pad);
  return Number(text.replaceAll(',', '')) >= 1e6 ? usd(x) : `$${text}`;
}

/**
 * A price per hour (per GPU-hour, per instance-hour), the one rule of every output that prints one: cents always, and a
 * tenth of a cent where the price has one ($2.70, $6.155, $4.822), rounded there; thousands grouped, from a million
 * usdRate's (usd's) rule. `budget` printed H100's default $4.822 where `run` printed $4.82, `hardware show` CoreWeave's
 * $6.155 as 6.16, and `run` a price of 2.7 as $2.7. A tenth of a cent is the finest digit the rates flopcast carries are
 * given to (rate cards such as AWS's $0.526 and $1.844 per GPU-hour, an instance's price per GPU as the profiles' notes
 * write it: $49.24 / 8 = $6.155, and the medians of such prices), and it matters over the GPU-hours of a training run
 * ($6.155 against $6.16 is $5,000 over a million GPU-hours); a finer one (an instance's $39.33 / 8 = $4.91625, a derived
 * owned rate) is below anything the estimate can tell, so no price of a dime or more prints more than three decimals.
 * Below a dime three decimals are fewer than three significant digits, and a price is printed as charged to three:
 * `usd_per_gpu_hour: 0.0007` printed `$0.001 per GPU-hour` beside the $427 it charged (newuser35 F1), now $0.0007.
 */
export function hourlyUsd(x: number): string {
  const small = Number.isFinite(x) && x !== 0 && Math.abs(x) < 0.1;
  const text = usdRate(x, small ? 2 - Math.floor(Math.log10(Math.abs(x))) : 3);
  // Cents always, as money is written ($2.70, $3.00), but not after a suffix or an exponent ($1M, $1.5e-4).
  const cents = /^-?\$[\d,]+(\.\d)?$/.exec(text);
  return cents ? (cents[1] ? `${text}0` : `${text}.00`) : text;
}

/** hourlyUsd's figure without its dollar sign, for a column headed $/GPU-h (6.155, 2.70). */
export function hourlyFigure(x: number): string {
  return hourlyUsd(x).replace(/^(-?)\$/, '$1');
}

/**
 * $1,234,567, $1.23M, $4.5B or $1.16T (count's suffixes, which a budget is written with: 5M, 2B); cents below ten
 * dollars ($0.42, $1.20), never $0 for a cost that is not zero; from a thousand T on, scientific notation. Whole
 * dollars from ten on round away at most 5%: below, a budget of $0.50 and a cost of $1.20 both printed $1, in the
 * report's 'No option meets ... the $1 budget ... e, 140% over budget' beside 'cost $1'. Millions alone
 * wrote a budget of 1e15 as $1000000000M and a cost of 1.16e18 as $1157400000000M.
 */
export function usd(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  // A saving or refund: the sign before the currency, as accountants and Intl write it (-$1,234, not $-1,234).
  if (x < 0) return `-${usd(-x)}`;
  // The next suffix where the smaller one would show a thousand at its two decimals, as count chooses after
  // rounding (at cents of the suffix, not count's significant digits): $999.999M is $1B.
  const shows = (v: number) => Number((Math.abs(x) / v).toFixed(2));
  if (shows(1e12) >= 1e3) return `$${sci(x)}`;
  if (shows(1e9) >= 1e3) return `$${trim(decimals(x / 1e12, 2))}T`;
  if (shows(1e6) >= 1e3) return `$${trim(decimals(x / 1e9, 2))}B`;
  if (Math.round(Math.abs(x)) >= 1e6) return `$${trim(decimals(x / 1e6, 2))}M`; // $999,999.5 rounds to a million: $1M
  // Decided after rounding to cents, as the suffixes are: $9.996 is $10, as $10 is, not $10.00.
  if (x !== 0 && Number(decimals(Math.abs(x), 2)) < 10) return `$${decimals(x, 2)}`;
  return `$${int(Math.round(x))}`;
}

/**
 * An axis tick in dollars: usd's form with the decimals the tick's value needs (an axis steps by 1, 2, 2.5 or 5 × 10^k).
 * usd rounds to whole dollars from $10 and to two decimals of M, B and T, which labelled a cost axis's 12.5 '$13' and
 * 10.5 '$11' beside 11's '$11' (a run of hours, in the report's cost charts), and 1.025M '$1.02M'. Up to four decimals
 * of the suffix, cents below a million; values, tables and totals keep usd's rounding.
 */
export function usdTick(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (x < 0) return `-${usdTick(-x)}`;
  const s = usd(x);
  const suffix = /^\$[\d.]+([MBT])$/.exec(s)?.[1];
  if (suffix) return `$${trim(decimals(x / { M: 1e6, B: 1e9, T: 1e12 }[suffix as 'M' | 'B' | 'T'], 4))}${suffix}`;
  return /^\$[\d,]+$/.test(s) && Math.round(x * 100) % 100 !== 0 ? usdRate(x, 2, true) : s;
}

function trim(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}

/** The step time the family's fitted throughput scale adds (Calibration.throughputScale), as plans and reports name it. */
export function unexplainedText(amount: string): string {
  return `unexplained ${amount} (the calibration runs' fitted scale)`;
}

/**
 * A throughput the user gave, as run's text and the report's assumptions say it (they wrote it twice, in two wordings of
 * an achieved TFLOP/s); a predicted one each says at its own length.
 */
export function givenThroughputText(t: Exclude<Throughput, { kind: 'predicted' }>): string {
  switch (t.kind) {
    case 'utilization': return `MFU ${pct(t.mfu)} (given)`;
    case 'achieved_tflops': return `${fixed(t.hardwareFlopsPerSecondPerGpu / 1e12, 1)} hardware TFLOP/s per GPU (given, recomputation included)`;
    case 'tokens_per_second_per_gpu': return `${count(t.tokensPerSecondPerGpu)} tokens/s per GPU (given)`;
  }
}

/**
 * A predicted MFU's share of the user's cluster.throughput_scale, as run, report and the page say it: "the model's
 * 45.0% × your throughput_scale 0.85" between `before` and `after` (" (" and ")"), or nothing without one.
 */
export function throughputScaleText(t: { kind: string; mfu?: number; throughputScale?: number }, before = '', after = ''): string {
  if (t.kind !== 'predicted' || t.throughputScale === undefined || t.mfu === undefined) return '';
  return `${before}the model's ${pct(t.mfu / t.throughputScale)} × your throughput_scale ${fixed(t.throughputScale, 4)}${after}`;
}

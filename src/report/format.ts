/**
 * Number formatting for people. Every renderer goes through here so that no output ever shows
 * NaN or Infinity: a non-finite value is a bug upstream and is rendered as "n/a".
 */

/** 3.229e23 (significant digits, no "+" in the exponent). */
export function sci(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (x === 0) return '0';
  const [m, e] = x.toExponential(digits - 1).split('e');
  return `${m}e${Number(e)}`;
}

/** 6,738,415,616 */
export function int(x: number | bigint): string {
  if (typeof x === 'number' && !Number.isFinite(x)) return 'n/a';
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
  // From a thousand P on no suffix fits (toPrecision would write 1.826e+5P): scientific notation.
  if (Math.abs(x) >= 1e3 * SI[0]!.v) return sci(x, digits);
  for (const { v, s } of SI) if (Math.abs(x) >= v) return `${trim((x / v).toPrecision(digits))}${s}`;
  return trim(x.toPrecision(digits));
}

/** 41.5% */
export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : 'n/a';
}

/** A signed percentage with a true minus sign: +5.6%, −8.5% (`digits` 0: +71%). */
export function signedPct(x: number, digits = 1): string {
  return `${x < 0 ? '−' : '+'}${pct(Math.abs(x), digits)}`;
}

/** A fixed-point number with trailing zeros removed: 33.9, 2.5. */
export function fixed(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return 'n/a';
  // toFixed writes 1e+21 from 1e21 on: scientific notation, as sci writes it.
  if (Math.abs(x) >= 1e21) return sci(x);
  return trim(x.toFixed(digits));
}

/** Seconds as days, one decimal: 34.7. */
export function dayNumber(seconds: number, digits = 1): string {
  return fixed(seconds / 86_400, digits);
}

/** 34.7 days */
export function days(seconds: number): string {
  return `${dayNumber(seconds)} days`;
}

/** 13.7 GiB (binary gigabytes, as GPU memory is specified). */
export function gib(bytes: number): string {
  return `${fixed(bytes / 2 ** 30, 1)} GiB`;
}

/** A step-sized duration: 1.07 s, or 226.1 ms below a second. */
export function stepSeconds(x: number): string {
  return x >= 1 ? `${fixed(x, 2)} s` : `${fixed(x * 1e3, 1)} ms`;
}

/** $1,234,567 or $1.23M */
export function usd(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (Math.abs(x) >= 1e21) return `$${sci(x)}`;
  if (Math.abs(x) >= 1e6) return `$${trim((x / 1e6).toFixed(2))}M`;
  return `$${int(Math.round(x))}`;
}

function trim(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}

/** The step time the family's fitted throughput scale adds (Calibration.throughputScale), as plans and reports name it. */
export function unexplainedText(amount: string): string {
  return `unexplained ${amount} (the calibration runs' fitted scale)`;
}

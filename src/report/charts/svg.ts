/**
 * The small toolkit under the report charts: escaping, a colour-blind-safe palette, scales with
 * "nice" ticks, and a number printer that never lets NaN or Infinity into an attribute. Pure.
 */

/** Escapes text for XML/HTML content and attribute values: the one HTML layer (src/report/escape.ts). */
import { htmlText as esc } from '../escape.js';
import { displayWidth } from '../../input/columns.js';
export { esc };

/** A coordinate: at most two decimals; a non-finite value (a bug upstream) becomes 0 so the SVG stays valid. */
export function n(x: number): string {
  if (!Number.isFinite(x)) return '0';
  const r = Math.round(x * 100) / 100;
  // Past 1.8e306, x * 100 overflowed and a cost of $1e306 was written data-value="Infinity"; two decimals mean nothing there.
  if (!Number.isFinite(r)) return String(x);
  return Object.is(r, -0) ? '0' : String(r);
}

/**
 * Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
 * deficiency. Ordered for legibility on white (yellow last).
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#F0E442'] as const;

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
export const INK = '#1f2328';
export const MUTED = '#59636e';
export const GRID = '#d8dee4';

/** Rough width of text in px at a font size, for layout (sans-serif averages under 0.6 em per column; a wide character or emoji takes two: src/input/columns.ts). */
export function textWidth(s: string, size = 12): number {
  return displayWidth(s) * size * 0.6;
}

export interface Scale {
  (v: number): number;
  ticks: number[];
  log: boolean;
  domain: [number, number];
}

/** The most ticks an axis draws (policy): more cannot be read, and a hostile span asks for thousands. */
const MAX_TICKS = 12;

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

/** Finite values only; an empty set gives [0, 1]. */
function extent(values: readonly number[]): [number, number] {
  const v = values.filter(Number.isFinite);
  if (!v.length) return [0, 1];
  return [Math.min(...v), Math.max(...v)];
}

/** A linear scale over [lo, hi] widened to nice tick boundaries, mapped onto [r0, r1]. */
export function linearScale(lo: number, hi: number, r0: number, r1: number, { zero = false, count = 5 } = {}): Scale {
  let a = Number.isFinite(lo) ? lo : 0;
  let b = Number.isFinite(hi) ? hi : 1;
  if (zero) {
    a = Math.min(a, 0);
    b = Math.max(b, 0);
  }
  if (a === b) {
    const pad = a === 0 ? 1 : Math.abs(a) * 0.5;
    a = zero && a >= 0 ? 0 : a - pad;
    b = b + pad;
  }
  // A span past the largest double (-1e308 to 1e308) is stepped by halves, which stay finite.
  const wide = !Number.isFinite(b - a);
  const step = wide ? 2 * niceStep(b / 2 - a / 2, count) : niceStep(b - a, count);
  const [dataA, dataB] = [a, b];
  a = Math.floor(a / step + 1e-9) * step;
  b = Math.ceil(b / step - 1e-9) * step;
  // Near 1e300 a span below the spacing of the doubles rounds to nothing: the data's own ends, then.
  if (!(b > a)) [a, b] = [dataA, dataB];
  // Ticks counted, not stepped until past b: near 1e300 a step below the spacing of doubles left t where it was,
  // and the loop filled memory until the process died (a report with a budget of 1e300 next to a run of $1).
  const steps = Math.round(b / step - a / step);
  const ticks: number[] = [];
  for (let i = 0; i <= Math.min(steps, MAX_TICKS); i++) {
    const t = Number((wide ? 2 * (a / 2 + i * (step / 2)) : a + i * step).toPrecision(12));
    if (ticks.length === 0 || t > ticks[ticks.length - 1]!) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  if (ticks.length < 2) ticks.splice(0, ticks.length, a, b);
  const f = ((v: number) => r0 + (wide ? (v / 2 - a / 2) / (b / 2 - a / 2) : (v - a) / (b - a)) * (r1 - r0)) as Scale;
  f.ticks = ticks;
  f.log = false;
  f.domain = [a, b];
  return f;
}

/** A base-10 log scale with ticks at 1, 2 and 5 × 10^k, for positive values spanning decades. */
export function logScale(lo: number, hi: number, r0: number, r1: number): Scale {
  const a0 = Number.isFinite(lo) && lo > 0 ? lo : 1;
  const b0 = Number.isFinite(hi) && hi > a0 ? hi : a0 * 10;
  const steps = [1, 2, 5];
  const below = (v: number) => {
    const m = 10 ** Math.floor(Math.log10(v));
    return [...steps].reverse().map((s) => s * m).find((c) => c <= v * (1 + 1e-9)) ?? m;
  };
  const above = (v: number) => {
    const m = 10 ** Math.floor(Math.log10(v));
    return [...steps, 10].map((s) => s * m).find((c) => c >= v * (1 - 1e-9)) ?? 10 * m;
  };
  // Pad the data by a few per cent of its span (in log space) so no point sits on an axis.
  const ratio = b0 / a0;
  const pad = Math.max(1.08, Number.isFinite(ratio) ? ratio ** 0.04 : 10 ** (0.04 * (Math.log10(b0) - Math.log10(a0))));
  // Padded within the doubles: a deadline of 1e300 days beside a run of a second made b Infinity, and the tick
  // loop over its decades never ended (the report died, out of memory).
  let a = Math.max(a0 / pad, Number.MIN_VALUE);
  let b = Math.min(b0 * pad, Number.MAX_VALUE);
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(a)); e <= Math.ceil(Math.log10(b)); e++) {
    for (const s of steps) {
      const t = Number((s * 10 ** e).toPrecision(12));
      if (t >= a && t <= b) ticks.push(t);
    }
  }
  if (ticks.length < 2) {
    ticks.splice(0, ticks.length, below(a0), above(b0));
    a = Math.min(a, ticks[0]!);
    b = Math.max(b, ticks[1]!);
  }
  const la = Math.log10(a);
  const lb = Math.log10(b);
  const f = ((v: number) => r0 + ((Math.log10(Math.max(v, a * 1e-3)) - la) / (lb - la)) * (r1 - r0)) as Scale;
  // Too many ticks over many decades: keep powers of ten only, and over very many every k-th of them.
  const powers = ticks.filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
  const every = Math.ceil(powers.length / MAX_TICKS);
  f.ticks = ticks.length > 9 ? powers.filter((_, i) => i % every === 0) : ticks;
  f.log = true;
  f.domain = [a, b];
  return f;
}

/** Log when the values are positive and span a factor of `ratio` or more. */
export function autoScale(values: readonly number[], r0: number, r1: number, { ratio = 8, zero = true } = {}): Scale {
  const [lo, hi] = extent(values);
  if (lo > 0 && hi / lo >= ratio) return logScale(lo, hi, r0, r1);
  return linearScale(lo, hi, r0, r1, { zero });
}

export interface SvgFrame {
  id: string;
  title: string;
  desc?: string;
  width: number;
  height: number;
  className: string;
}

/** The outer element: an accessible image with a <title> and <desc>, and its own font. */
export function svgDocument(f: SvgFrame, body: string): string {
  const t = `${f.id}-title`;
  const d = `${f.id}-desc`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart ${esc(f.className)}" id="${esc(f.id)}" viewBox="0 0 ${n(f.width)} ${n(f.height)}" ` +
    `width="${n(f.width)}" height="${n(f.height)}" role="img" aria-labelledby="${esc(t)}${f.desc ? ' ' + esc(d) : ''}" ` +
    `font-family="${esc(FONT)}" font-size="12" fill="${INK}">` +
    `<title id="${esc(t)}">${esc(f.title)}</title>` +
    (f.desc ? `<desc id="${esc(d)}">${esc(f.desc)}</desc>` : '') +
    `<rect class="background" x="0" y="0" width="${n(f.width)}" height="${n(f.height)}" fill="#ffffff"/>` +
    body +
    `</svg>`
  );
}

export function text(x: number, y: number, s: string, attrs: Record<string, string | number> = {}): string {
  const a = Object.entries(attrs).map(([k, v]) => ` ${k}="${typeof v === 'number' ? n(v) : esc(v)}"`).join('');
  return `<text x="${n(x)}" y="${n(y)}"${a}>${esc(s)}</text>`;
}

/** Each x tick's grid line down the plot, from y `top` to `bottom`, and its label under it: as every chart draws its x axis. */
export function xGrid(x: Scale, label: (v: number) => string, top: number, bottom: number): string {
  let out = '';
  for (const t of x.ticks) {
    const xv = x(t);
    out += `<line class="grid" x1="${n(xv)}" y1="${n(top)}" x2="${n(xv)}" y2="${n(bottom)}" stroke="${GRID}" stroke-width="1"/>`;
    out += text(xv, bottom + 16, label(t), { 'text-anchor': 'middle', fill: MUTED, 'font-size': 11 });
  }
  return out;
}

/** A legend row of colour swatches; returns the markup and the height it takes. */
export function legend(items: readonly { label: string; color: string; shape?: 'square' | 'circle' | 'line' }[], x: number, y: number, maxWidth: number): { svg: string; height: number } {
  let cx = x;
  let cy = y;
  const parts: string[] = [];
  for (const it of items) {
    const w = 18 + textWidth(it.label) + 16;
    if (cx + w > x + maxWidth && cx > x) {
      cx = x;
      cy += 18;
    }
    const swatch = it.shape === 'circle' ? `<circle cx="${n(cx + 6)}" cy="${n(cy - 4)}" r="5" fill="${it.color}" stroke="#ffffff" stroke-width="1"/>`
      : it.shape === 'line' ? `<line x1="${n(cx)}" y1="${n(cy - 4)}" x2="${n(cx + 14)}" y2="${n(cy - 4)}" stroke="${it.color}" stroke-width="2" stroke-dasharray="5 3"/>`
      : `<rect x="${n(cx)}" y="${n(cy - 10)}" width="12" height="12" rx="2" fill="${it.color}"/>`;
    parts.push(`<g class="legend-item">${swatch}${text(cx + 18, cy, it.label, { fill: INK })}</g>`);
    cx += w;
  }
  return { svg: `<g class="legend">${parts.join('')}</g>`, height: cy - y + 18 };
}

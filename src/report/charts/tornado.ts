/**
 * A tornado chart: for each uncertain input, the outcome (cost) with that input at its favourable
 * and unfavourable ends and everything else expected, drawn as a bar either side of the expected
 * value; the widest bar (the input that matters most) on top. Returns SVG. Pure.
 */
import { esc, INK, linearScale, MUTED, n, OKABE_ITO, svgDocument, text, textWidth, legend, xGrid } from './svg.js';

export interface TornadoRow {
  /** Written to data-input. */
  id: string;
  label: string;
  /** The outcome with this input at its favourable end. */
  favourable: number;
  unfavourable: number;
  /** The input's values at each end, for the labels. */
  favourableText?: string;
  unfavourableText?: string;
}

export interface TornadoSpec {
  id: string;
  title: string;
  desc?: string;
  base: number;
  baseLabel: string;
  rows: readonly TornadoRow[];
  xLabel: string;
  tick: (v: number) => string;
  /** The base's and each bar's value (label, tooltip); default `tick`. */
  value?: (v: number) => string;
  width?: number;
}

const TORNADO_COLORS = { favourable: OKABE_ITO[0], unfavourable: OKABE_ITO[3] } as const;

/** Rows ordered by swing, widest first. */
export function sortBySwing(rows: readonly TornadoRow[]): TornadoRow[] {
  return [...rows].sort((a, b) => Math.abs(b.unfavourable - b.favourable) - Math.abs(a.unfavourable - a.favourable));
}

export function tornadoChart(s: TornadoSpec): string {
  const W = s.width ?? 920;
  const rh = 34;
  const rows = sortBySwing(s.rows.filter((r) => Number.isFinite(r.favourable) && Number.isFinite(r.unfavourable)));
  const leg = legend([
    { label: 'favourable end', color: TORNADO_COLORS.favourable },
    { label: 'unfavourable end', color: TORNADO_COLORS.unfavourable },
  ], 12, 22, W - 24);
  const labelW = Math.min(W * 0.36, Math.max(80, ...rows.map((r) => textWidth(r.label, 12))) + 16);
  const m = { left: labelW, right: 90, top: 12 + leg.height + 22, bottom: 46 };
  const H = m.top + Math.max(1, rows.length) * rh + m.bottom;
  const vals = [s.base, ...rows.flatMap((r) => [r.favourable, r.unfavourable])].filter(Number.isFinite);
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const pad = (hi - lo) * 0.08 || Math.abs(s.base) * 0.05 || 1;
  const x = linearScale(lo - pad, hi + pad, m.left, W - m.right);
  const parts: string[] = [leg.svg];
  parts.push(xGrid(x, (t) => s.tick(t), m.top, H - m.bottom));
  const xb = x(s.base);
  rows.forEach((r, i) => {
    const y0 = m.top + i * rh;
    const cells: string[] = [text(m.left - 8, y0 + rh / 2 + 4, r.label, { 'text-anchor': 'end' })];
    for (const side of ['favourable', 'unfavourable'] as const) {
      const v = r[side];
      const xa = Math.min(x(v), xb);
      const w = Math.abs(x(v) - xb);
      cells.push(
        `<rect class="tornado-bar" data-input="${esc(r.id)}" data-side="${side}" data-value="${n(v)}" x="${n(xa)}" y="${n(y0 + 6)}" width="${n(Math.max(0.5, w))}" height="${n(rh - 12)}" fill="${TORNADO_COLORS[side]}">` +
        `<title>${esc(`${r.label} at its ${side} end${r[`${side}Text`] ? ` (${r[`${side}Text`]})` : ''}: ${(s.value ?? s.tick)(v)}`)}</title></rect>`,
      );
      const t = r[`${side}Text`];
      if (t) {
        const left = x(v) < xb;
        cells.push(text(left ? Math.min(x(v), xb) - 4 : Math.max(x(v), xb) + 4, y0 + rh / 2 + 4, t, { 'text-anchor': left ? 'end' : 'start', fill: MUTED, 'font-size': 11 }));
      }
    }
    parts.push(`<g class="tornado-row" data-input="${esc(r.id)}">${cells.join('')}</g>`);
  });
  parts.push(`<line class="base" x1="${n(xb)}" y1="${n(m.top - 8)}" x2="${n(xb)}" y2="${n(H - m.bottom)}" stroke="${INK}" stroke-width="1.5"/>`);
  parts.push(text(xb, m.top - 12, `${s.baseLabel} ${(s.value ?? s.tick)(s.base)}`, { 'text-anchor': 'middle', 'font-size': 11, 'font-weight': 600 }));
  parts.push(text((m.left + W - m.right) / 2, H - 12, s.xLabel, { 'text-anchor': 'middle', 'font-weight': 600, class: 'axis-label' }));
  return svgDocument({ id: s.id, title: s.title, desc: s.desc, width: W, height: H, className: 'tornado' }, parts.join(''));
}

/**
 * Horizontal bar charts: one row per item, each bar a stack of named segments (a plain bar chart
 * is a stack of one). Rows read top to bottom, with the labels on the left: a label wider than the
 * label column (at most 40% of the chart) wraps onto more lines, and its row grows, so no label is
 * ever cut. Returns SVG. Pure.
 */
import { esc, INK, legend, linearScale, n, OKABE_ITO, svgDocument, text, textWidth, xGrid } from './svg.js';
import { graphemes } from '../../input/columns.js';

export interface BarSegmentDef {
  key: string;
  label: string;
  color?: string;
}

export interface BarRow {
  /** Written to data-option on the row. */
  id: string;
  label: string;
  /** Values by segment key; missing, zero, negative or non-finite values draw nothing. */
  values: Readonly<Record<string, number>>;
  highlight?: boolean;
}

export interface BarSpec {
  id: string;
  title: string;
  desc?: string;
  rows: readonly BarRow[];
  segments: readonly BarSegmentDef[];
  xLabel: string;
  tick: (v: number) => string;
  /** A segment's value in its tooltip, and the default text at the end of each bar; default `tick` (an axis tick
   * shows its value's decimals, which a cost of $48,470,632 does not want: $48.4706M). */
  value?: (v: number) => string;
  /** The text at the end of each bar; default the value format of the row total. */
  totalText?: (total: number, row: BarRow) => string;
  width?: number;
  /** Row height in px. */
  rowHeight?: number;
}

const drawn = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v > 0;

function rowTotal(row: BarRow, segments: readonly BarSegmentDef[]): number {
  return segments.reduce((s, seg) => s + (drawn(row.values[seg.key]) ? row.values[seg.key]! : 0), 0);
}

const LABEL_SIZE = 12;
const LINE_HEIGHT = 15;
/** Bold (highlighted) labels run about 8% wider. */
const labelWidth = (s: string, bold: boolean | undefined) => textWidth(s, LABEL_SIZE) * (bold ? 1.08 : 1);

/** Splits a label into lines no wider than `maxW`: at spaces, and a word wider than a line into pieces. */
export function wrapLabel(label: string, maxW: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(' ')) {
    const joined = line ? `${line} ${word}` : word;
    if (labelWidth(joined, bold) <= maxW) {
      line = joined;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    // Cut between grapheme clusters (src/input/columns.ts): a cut inside an emoji's surrogate pair was U+FFFD in the report.
    for (let g = graphemes(line); labelWidth(line, bold) > maxW && g.length > 1; g = graphemes(line)) {
      let k = g.length - 1;
      while (k > 1 && labelWidth(g.slice(0, k).join(''), bold) > maxW) k--;
      lines.push(g.slice(0, k).join(''));
      line = g.slice(k).join('');
    }
  }
  lines.push(line);
  return lines;
}

export function barChart(s: BarSpec): string {
  const W = s.width ?? 920;
  const rh = s.rowHeight ?? 24;
  const colors = s.segments.map((seg, i) => seg.color ?? OKABE_ITO[i % OKABE_ITO.length]!);
  const used = s.segments.map((seg) => s.rows.some((r) => drawn(r.values[seg.key])));
  const shown = s.segments.map((seg, i) => ({ label: seg.label, color: colors[i]! })).filter((_, i) => used[i]);
  const leg = shown.length > 1 ? legend(shown, 12, 22, W - 24) : { svg: '', height: 0 };
  const totals = s.rows.map((r) => rowTotal(r, s.segments));
  const value = s.value ?? s.tick;
  const totalText = s.totalText ?? ((t: number) => value(t));
  const labelW = Math.min(W * 0.4, Math.max(60, ...s.rows.map((r) => labelWidth(r.label, r.highlight))) + 16);
  const lines = s.rows.map((r) => wrapLabel(r.label, labelW - 16, r.highlight));
  const heights = lines.map((l) => Math.max(rh, l.length * LINE_HEIGHT + 8));
  const endW = Math.max(40, ...s.rows.map((r, i) => textWidth(totalText(totals[i]!, r), 11))) + 12;
  const m = { left: labelW, right: endW, top: 12 + leg.height + (leg.height ? 6 : 0), bottom: 46 };
  const H = m.top + heights.reduce((a, b) => a + b, 0) + m.bottom;
  const x = linearScale(0, Math.max(0, ...totals), m.left, W - m.right, { zero: true });
  const parts: string[] = [leg.svg];
  parts.push(xGrid(x, (t) => s.tick(t), m.top, H - m.bottom));
  let top = m.top;
  s.rows.forEach((row, i) => {
    const rowH = heights[i]!;
    // The bar keeps its height, centred in a row that a wrapped label made taller.
    const y0 = top + (rowH - rh) / 2;
    const cells: string[] = [];
    if (row.highlight) cells.push(`<rect class="row-highlight" x="0" y="${n(top)}" width="${n(W)}" height="${n(rowH)}" fill="#fff4d6"/>`);
    const first = top + rowH / 2 + 4 - ((lines[i]!.length - 1) * LINE_HEIGHT) / 2;
    cells.push(`<text class="bar-label" x="${n(m.left - 8)}" y="${n(first)}" text-anchor="end"${row.highlight ? ' font-weight="600"' : ''}>` +
      lines[i]!.map((l, k) => `<tspan x="${n(m.left - 8)}" dy="${k ? LINE_HEIGHT : 0}">${esc(l)}</tspan>`).join('') + '</text>');
    top += rowH;
    let acc = 0;
    s.segments.forEach((seg, k) => {
      const v = row.values[seg.key];
      if (!drawn(v)) return;
      const xa = x(acc);
      const xb = x(acc + v);
      acc += v;
      cells.push(
        `<rect class="bar" data-segment="${esc(seg.key)}" data-value="${n(v)}" x="${n(xa)}" y="${n(y0 + 4)}" width="${n(Math.max(0.5, xb - xa))}" height="${n(rh - 8)}" fill="${colors[k]}">` +
        `<title>${esc(`${row.label}: ${seg.label} ${value(v)}`)}</title></rect>`,
      );
    });
    cells.push(text(x(acc) + 6, y0 + rh / 2 + 4, totalText(totals[i]!, row), { fill: INK, 'font-size': 11, class: 'bar-total' }));
    parts.push(`<g class="bar-row" data-option="${esc(row.id)}">${cells.join('')}</g>`);
  });
  parts.push(`<line class="axis" x1="${n(m.left)}" y1="${n(m.top)}" x2="${n(m.left)}" y2="${n(H - m.bottom)}" stroke="${INK}" stroke-width="1"/>`);
  parts.push(text((m.left + W - m.right) / 2, H - 12, s.xLabel, { 'text-anchor': 'middle', 'font-weight': 600, class: 'axis-label' }));
  return svgDocument({ id: s.id, title: s.title, desc: s.desc, width: W, height: H, className: 'bars' }, parts.join(''));
}

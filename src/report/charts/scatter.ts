/**
 * Scatter of two quantities (cost against wall-clock), with the Pareto frontier drawn through the
 * points no other point beats on both axes, optional low/high whiskers, and reference lines for a
 * deadline or a budget. Returns an SVG string. Pure.
 */
import { autoScale, esc, GRID, INK, legend, MUTED, n, OKABE_ITO, svgDocument, text, textWidth, xGrid, type Scale } from './svg.js';
import { dominates } from '../../estimate/compare.js';

export interface ScatterPoint {
  /** Written to data-option. */
  id: string;
  /** The colour group (e.g. the GPU). */
  group: string;
  x: number;
  y: number;
  /** Low/high of x and y (ranged inputs), drawn as whiskers. */
  xRange?: [number, number];
  yRange?: [number, number];
  highlight?: boolean;
  /** Tooltip text; defaults to the id. */
  title?: string;
  /** A short label written next to highlighted points. */
  label?: string;
  /** Points of one comparison (one scenario file): the frontier is drawn within each, as the table marks it. */
  comparison?: string;
}

export interface ScatterSpec {
  id: string;
  title: string;
  desc?: string;
  points: readonly ScatterPoint[];
  xLabel: string;
  yLabel: string;
  xTick: (v: number) => string;
  yTick: (v: number) => string;
  xLine?: { value: number; label: string };
  yLine?: { value: number; label: string };
  width?: number;
  height?: number;
}

/**
 * Indices of the points on the lower-left Pareto frontier (smaller x and smaller y are better),
 * ordered by x ascending; along it y never increases. Duplicates (equal within the tie rule) are all
 * kept. Dominance is the table's (src/estimate/compare.ts dominates), so the line joins the options
 * marked Pareto.
 */
export function paretoFrontier(points: readonly { x: number; y: number }[]): number[] {
  const ok = points.map((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const idx = points
    .map((_, i) => i)
    .filter((i) => ok[i] && !points.some((o, j) => j !== i && ok[j] && dominates(o, points[i]!)));
  return idx.sort((a, b) => points[a]!.x - points[b]!.x || points[b]!.y - points[a]!.y || a - b);
}

function groupColors(groups: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const g of groups) if (!m.has(g)) m.set(g, OKABE_ITO[m.size % OKABE_ITO.length]!);
  return m;
}

export function scatterChart(s: ScatterSpec): string {
  const W = s.width ?? 920;
  const H = s.height ?? 440;
  const pts = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const colors = groupColors(pts.map((p) => p.group));
  const leg = legend(
    [...[...colors].map(([label, color]) => ({ label, color, shape: 'circle' as const })), { label: 'Pareto frontier', color: MUTED, shape: 'line' as const }],
    64, 22, W - 80,
  );
  const xs = pts.flatMap((p) => [p.x, ...(p.xRange ?? [])]).concat(s.xLine ? [s.xLine.value] : []);
  const ys = pts.flatMap((p) => [p.y, ...(p.yRange ?? [])]).concat(s.yLine ? [s.yLine.value] : []);
  const yProbe = autoScale(ys, 0, 1, { ratio: 30 });
  const yTickW = Math.max(...yProbe.ticks.map((t) => textWidth(s.yTick(t))), 20);
  const m = { left: Math.round(yTickW + 34), right: 24, top: 22 + leg.height + 8, bottom: 52 };
  const x = autoScale(xs, m.left, W - m.right);
  // Cost reads best on a linear axis from zero; only time (which spans decades across cluster sizes) goes log readily.
  const y = autoScale(ys, H - m.bottom, m.top, { ratio: 30 });
  const parts: string[] = [leg.svg];
  parts.push(axes(s, x, y, W, H, m));
  const clip = `${s.id}-plot`;
  parts.push(`<clipPath id="${esc(clip)}"><rect x="${n(m.left)}" y="${n(m.top)}" width="${n(W - m.left - m.right)}" height="${n(H - m.top - m.bottom)}"/></clipPath>`);
  // Reference lines: the deadline (vertical) and the budget (horizontal); "ok" is the lower-left.
  if (s.xLine && Number.isFinite(s.xLine.value)) {
    const xv = x(s.xLine.value);
    parts.push(`<line class="reference deadline" x1="${n(xv)}" y1="${n(m.top)}" x2="${n(xv)}" y2="${n(H - m.bottom)}" stroke="${INK}" stroke-width="1" stroke-dasharray="2 3"/>`);
    parts.push(text(xv - 4, m.top + 12, s.xLine.label, { 'text-anchor': 'end', fill: INK, 'font-size': 11 }));
  }
  if (s.yLine && Number.isFinite(s.yLine.value)) {
    const yv = y(s.yLine.value);
    parts.push(`<line class="reference budget" x1="${n(m.left)}" y1="${n(yv)}" x2="${n(W - m.right)}" y2="${n(yv)}" stroke="${INK}" stroke-width="1" stroke-dasharray="2 3"/>`);
    parts.push(text(W - m.right - 4, yv - 5, s.yLine.label, { 'text-anchor': 'end', fill: INK, 'font-size': 11 }));
  }
  // One frontier per comparison: options of different scenario files are never compared.
  const onFrontier = new Set<number>();
  for (const c of new Set(pts.map((p) => p.comparison ?? ''))) {
    const members = pts.map((_, i) => i).filter((i) => (pts[i]!.comparison ?? '') === c);
    const frontier = paretoFrontier(members.map((i) => pts[i]!)).map((k) => members[k]!);
    frontier.forEach((i) => onFrontier.add(i));
    if (!frontier.length) continue;
    const line = frontier.map((i) => `${n(x(pts[i]!.x))},${n(y(pts[i]!.y))}`).join(' ');
    parts.push(`<polyline class="pareto" points="${line}" fill="none" stroke="${MUTED}" stroke-width="2" stroke-dasharray="6 4" stroke-linejoin="round"><title>Pareto frontier: no other option is both cheaper and faster</title></polyline>`);
  }
  const body: string[] = [];
  for (const p of pts) {
    if (p.xRange) body.push(`<line class="range" x1="${n(x(p.xRange[0]))}" y1="${n(y(p.y))}" x2="${n(x(p.xRange[1]))}" y2="${n(y(p.y))}" stroke="${colors.get(p.group)}" stroke-width="1.5" opacity="0.7"/>`);
    if (p.yRange) body.push(`<line class="range" x1="${n(x(p.x))}" y1="${n(y(p.yRange[0]))}" x2="${n(x(p.x))}" y2="${n(y(p.yRange[1]))}" stroke="${colors.get(p.group)}" stroke-width="1.5" opacity="0.7"/>`);
  }
  pts.forEach((p, i) => {
    const cx = x(p.x);
    const cy = y(p.y);
    if (p.highlight) body.push(`<circle class="highlight-ring" cx="${n(cx)}" cy="${n(cy)}" r="11" fill="none" stroke="${INK}" stroke-width="2"/>`);
    body.push(
      `<circle class="point" data-option="${esc(p.id)}" data-group="${esc(p.group)}" data-x="${n(p.x)}" data-y="${n(p.y)}" data-pareto="${onFrontier.has(i)}"` +
      `${p.highlight ? ' data-recommended="true"' : ''} cx="${n(cx)}" cy="${n(cy)}" r="6" fill="${colors.get(p.group)}" stroke="#ffffff" stroke-width="1.5">` +
      `<title>${esc(p.title ?? p.id)}</title></circle>`,
    );
  });
  parts.push(`<g clip-path="url(#${esc(clip)})">${body.join('')}</g>`);
  // Labels for highlighted points go where they cover no other point: below, above, right or left.
  const centres = pts.map((p) => [x(p.x), y(p.y)] as const);
  for (const p of pts.filter((q) => q.highlight && q.label)) {
    const cx = x(p.x);
    const cy = y(p.y);
    const w = textWidth(p.label!, 12);
    const spots = [
      { x: cx - w / 2, y: cy + 28, anchor: 'start' },
      { x: cx - w / 2, y: cy - 18, anchor: 'start' },
      { x: cx + 16, y: cy + 4, anchor: 'start' },
      { x: cx - 16 - w, y: cy + 4, anchor: 'start' },
    ].map((c) => ({ ...c, x: Math.min(Math.max(c.x, m.left + 2), W - m.right - w - 2) }));
    const free = (c: { x: number; y: number }) =>
      c.y - 12 > m.top && c.y + 2 < H - m.bottom && !centres.some(([px, py]) => px > c.x - 8 && px < c.x + w + 8 && py > c.y - 20 && py < c.y + 8);
    const at = spots.find(free) ?? spots[0]!;
    parts.push(`<rect class="label-bg" x="${n(at.x - 3)}" y="${n(at.y - 13)}" width="${n(w + 6)}" height="17" rx="3" fill="#ffffff" opacity="0.85"/>`);
    parts.push(text(at.x, at.y, p.label!, { 'text-anchor': at.anchor, 'font-weight': 600, class: 'point-label' }));
  }
  return svgDocument({ id: s.id, title: s.title, desc: s.desc, width: W, height: H, className: 'scatter' }, parts.join(''));
}

function axes(s: ScatterSpec, x: Scale, y: Scale, W: number, H: number, m: { left: number; right: number; top: number; bottom: number }): string {
  const out: string[] = [];
  out.push(xGrid(x, (t) => s.xTick(t), m.top, H - m.bottom));
  for (const t of y.ticks) {
    const yv = y(t);
    out.push(`<line class="grid" x1="${n(m.left)}" y1="${n(yv)}" x2="${n(W - m.right)}" y2="${n(yv)}" stroke="${GRID}" stroke-width="1"/>`);
    out.push(text(m.left - 6, yv + 4, s.yTick(t), { 'text-anchor': 'end', fill: MUTED, 'font-size': 11 }));
  }
  out.push(`<line class="axis" x1="${n(m.left)}" y1="${n(H - m.bottom)}" x2="${n(W - m.right)}" y2="${n(H - m.bottom)}" stroke="${INK}" stroke-width="1"/>`);
  out.push(`<line class="axis" x1="${n(m.left)}" y1="${n(m.top)}" x2="${n(m.left)}" y2="${n(H - m.bottom)}" stroke="${INK}" stroke-width="1"/>`);
  out.push(text((m.left + W - m.right) / 2, H - 12, s.xLabel + (x.log ? ' (log scale)' : ''), { 'text-anchor': 'middle', class: 'axis-label', 'font-weight': 600 }));
  const yc = (m.top + H - m.bottom) / 2;
  out.push(`<text class="axis-label" x="14" y="${n(yc)}" transform="rotate(-90 14 ${n(yc)})" text-anchor="middle" font-weight="600">${esc(s.yLabel + (y.log ? ' (log scale)' : ''))}</text>`);
  return out.join('');
}



/** Bar-chart labels are never cut: a label wider than the label column wraps, and its row grows. */
import { describe, expect, it } from 'vitest';
import { LONE_SURROGATE } from '../helpers.js';
import { fileSources } from '../../src/cli/load/sources.js';
import { barChart, wrapLabel } from '../../src/report/charts/bar.js';
import { textWidth } from '../../src/report/charts/svg.js';
import { buildReport, renderHtml } from '../../src/report/document/index.js';
import { resolveWith } from '../../src/library/core.js';
import { META } from './helpers.js';

const LONG = 'Llama 3 70B on 1,024 H100 SXM at the CoreWeave on-demand price with selective recomputation and ZeRO stage 1';
const WORD = 'x'.repeat(150);

/** Each label: its lines (tspans), the x they end at and whether bold. */
function labels(svg: string): { lines: string[]; x: number; bold: boolean }[] {
  return [...svg.matchAll(/<text class="bar-label" x="([\d.]+)"[^>]*?( font-weight="600")?>(.*?)<\/text>/g)].map((m) => ({
    x: Number(m[1]),
    bold: Boolean(m[2]),
    lines: [...m[3]!.matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((t) => t[1]!.replace(/&amp;/g, '&')),
  }));
}

describe('bar labels', () => {
  const svg = barChart({
    id: 'b', title: 'Cost', xLabel: 'USD', tick: String, segments: [{ key: 'v', label: 'v' }],
    rows: [
      { id: 'a', label: 'short', values: { v: 1 } },
      { id: 'b', label: LONG, values: { v: 2 }, highlight: true },
      { id: 'c', label: WORD, values: { v: 3 } },
    ],
  });
  const found = labels(svg);

  it('keep every character, in order', () => {
    expect(found.map((l) => l.lines.length)).toEqual([1, expect.any(Number), expect.any(Number)]);
    expect(found[0]!.lines).toEqual(['short']);
    expect(found[1]!.lines.join(' ')).toBe(LONG);
    expect(found[1]!.lines.length).toBeGreaterThan(1);
    expect(found[2]!.lines.join('')).toBe(WORD);
  });

  it('every line fits between the chart\'s left edge and the axis', () => {
    for (const l of found) for (const line of l.lines) expect(l.x - textWidth(line, 12) * (l.bold ? 1.08 : 1)).toBeGreaterThanOrEqual(0);
  });

  it('rows grow with their lines, so wrapped labels do not overlap the next row', () => {
    const ys = [...svg.matchAll(/<rect class="bar"[^>]* y="([\d.]+)"/g)].map((m) => Number(m[1]));
    const gaps = ys.slice(1).map((y, i) => y - ys[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(found[1]!.lines.length * 15 / 2 + 24 / 2 - 1);
    expect(gaps.every((g) => g >= 24)).toBe(true);
  });

  it('wrapLabel keeps words whole where they fit', () => {
    expect(wrapLabel('512 H100 at CoreWeave', textWidth('512 H100 at', 12))).toEqual(['512 H100 at', 'CoreWeave']);
  });

  // A word wider than a line is cut between user-perceived characters: a cut inside a surrogate pair (an
  // emoji) wrote U+FFFD into the report, one between a letter and its accent moved the accent to the next line.
  it.each([
    ['emoji (surrogate pairs)', '🚀'.repeat(40)],
    ['combining accents', 'e\u0301'.repeat(40)],
    ['CJK (two columns each)', '模型训练'.repeat(10)],
  ])('wrapLabel cuts a long word of %s between grapheme clusters, each line within the width', (_, word) => {
    const lines = wrapLabel(word, 100);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(word);
    for (const line of lines) {
      expect(line).not.toMatch(LONE_SURROGATE);
      expect(line).not.toMatch(/^\p{M}/u);
      expect(textWidth(line, 12)).toBeLessThanOrEqual(100);
    }
  });

  it('a report whose option has a long name shows it whole in the cost chart', () => {
    const scenario = `model: gpt3-175b
training: {tokens: 300B}
cluster: {gpu: h100-sxm, count: 1024, utilization: 0.4}
pricing: {usd_per_gpu_hour: 2}
options:
  - name: ${LONG}
  - name: 512 B200
    cluster: {gpu: b200, count: 512}
`;
    const html = renderHtml(buildReport(resolveWith(fileSources(), scenario), META));
    const all = labels(html);
    expect(all.some((l) => l.lines.join(' ') === LONG && l.lines.length > 1)).toBe(true);
    for (const l of all) for (const line of l.lines) expect(l.x - textWidth(line, 12) * (l.bold ? 1.08 : 1)).toBeGreaterThanOrEqual(0);
  });
});

/**
 * The report as Markdown plus its charts as separate SVG files (the CLI writes them next to the
 * .md in `<name>-assets/` and the Markdown links them relatively). Pure.
 */
import { count, fixed, modelSize, pct, plural, sci, hourlyFigure, hourlyUsd, usd, usdRate, mwh, mwhFigure, tonnes, tonnesFigure, int } from '../format.js';
import { dayCell, durationNoun } from '../duration.js';
import { costBars, costScatter, flopFigures, sensitivityFigure, sensitivityOption, stepFigure, type Figure } from './figures.js';
import { costCell, priceCells } from './money.js';
import { predictedBandNote, rangedInputsText, rangeLabel, sixNdText, stepRows } from './cells.js';
import type { ReportModel, ReportOption } from './model.js';

export interface MarkdownReport {
  markdown: string;
  assets: { name: string; svg: string }[];
}

/** Escapes Markdown table/inline syntax in user text: the one Markdown layer (src/report/escape.ts). */
import { markdownCode, markdownPath, markdownText as mdEscape } from '../escape.js';
export { mdEscape };

function table(head: { text: string; num?: boolean }[], rows: string[][]): string {
  return [
    `| ${head.map((h) => h.text).join(' | ')} |`,
    `|${head.map((h) => (h.num ? ' ---: ' : ' --- ')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function meets(o: ReportOption): string {
  const r = o.result;
  if (r.meetsDeadline === null && r.meetsBudget === null) return '';
  const fails = [r.meetsDeadline === false ? 'deadline' : '', r.meetsBudget === false ? 'budget' : ''].filter(Boolean);
  return fails.length ? `no (${fails.join(', ')})` : 'yes';
}

function marks(o: ReportOption): string {
  return [o.recommended ? '**recommended**' : '', o.marks.cheapest ? 'cheapest' : '', o.marks.fastest ? 'fastest' : '', o.marks.pareto ? 'Pareto' : ''].filter(Boolean).join(', ');
}

export function renderMarkdown(m: ReportModel, { assetDir = 'report-assets' }: { assetDir?: string } = {}): MarkdownReport {
  const assets: { name: string; svg: string }[] = [];
  const fig = (f: Figure): string => {
    const name = `${f.name}.svg`;
    assets.push({ name, svg: f.svg + '\n' });
    return `![${mdEscape(f.title)}](${markdownPath(`${assetDir}/${name}`)})\n\n*${mdEscape(f.title)}.* ${mdEscape(f.caption)}`;
  };
  const out: string[] = [];
  out.push(`# ${mdEscape(m.title)}`, '', `flopcast training budget report · ${plural(m.options.length, 'option')} · flopcast ${mdEscape(m.meta.version)}${m.meta.generatedAt ? ` · ${mdEscape(m.meta.generatedAt)}` : ''}`, '');

  // Summary
  const rec = m.recommendation;
  out.push('## Summary', '', `**${mdEscape(rec.headline)}**`, '');
  const o = rec.option;
  if (o) {
    const r = o.result;
    out.push(table([{ text: 'Wall-clock', num: true }, { text: 'GPU-hours', num: true }, { text: 'Cost', num: true }, { text: 'Energy', num: true }, { text: 'CO₂', num: true }], [[
      durationNoun(r.wallClockSeconds), count(r.gpuHours, 3), usd(r.cost.totalUsd),
      r.energyKwh === null ? 'n/a' : mwh(r.energyKwh), r.co2Kg === null ? 'n/a' : tonnes(r.co2Kg),
    ]]), '');
    for (const d of rec.details) out.push(`- ${mdEscape(d)}`);
    out.push('');
  }
  if (m.warnings.length) out.push('> **Warnings**', ...m.warnings.map((w) => `> - ${mdEscape(w)}`), '');

  // Comparison
  out.push('## All options compared', '', fig(costScatter(m)), '', fig(costBars(m)), '');
  out.push(table(
    [{ text: 'Option' }, { text: 'GPU' }, { text: 'GPUs', num: true }, { text: 'MFU', num: true }, { text: 'Days', num: true }, { text: 'GPU-hours', num: true },
      { text: '$/GPU-h', num: true }, { text: 'Cost', num: true }, { text: 'MWh', num: true }, { text: 't CO₂', num: true }, { text: 'Meets' }, { text: 'Marks' }],
    m.options.map((x) => {
      const r = x.result;
      return [mdEscape(x.label), mdEscape(r.inputs.hardware.id), int(r.inputs.gpuCount), pct(r.mfu), dayCell(r.wallClockSeconds), count(r.gpuHours, 3),
        hourlyFigure(r.inputs.price.usdPerGpuHour), costCell(r), r.energyKwh === null ? 'n/a' : mwhFigure(r.energyKwh), r.co2Kg === null ? 'n/a' : tonnesFigure(r.co2Kg), meets(x), marks(x)];
    }),
  ), '');

  // FLOPs
  out.push('## Where the FLOPs go', '');
  flopFigures(m).forEach((f, i) => {
    const g = m.flops[i]!;
    if (m.flops.length > 1) out.push(`### ${mdEscape(g.modelName)}`, '');
    out.push(`${mdEscape(modelSize(g.modelName, g.params))}, ${plural(count(g.tokens), 'token')}. Model FLOPs ${sci(g.model)}, hardware FLOPs ${sci(g.hardware)}. ${mdEscape(sixNdText(g))}`, '');
    out.push(fig(f), '');
    // The HTML's columns (html.ts flopsSection): the Markdown left out `Forward / token`, so its formula column stood
    // under a header that promises FLOPs with no number of them in the row (new-user trial 25).
    out.push(table([{ text: 'Component' }, { text: 'Forward FLOPs per token, per repeat' }, { text: 'Repeats', num: true }, { text: 'Forward / token', num: true }, { text: 'Whole run', num: true }, { text: 'Share', num: true }],
      g.components.map((c) => {
        const t = (c.forward + c.backward + c.recompute) * g.tokens;
        return [mdEscape(c.label), markdownCode(c.formula, true), String(c.repeats), sci(c.forward, 4), sci(t), pct(g.hardware > 0 ? t / g.hardware : 0)];
      })), '');
  });
  const step = stepFigure(m);
  if (step) {
    out.push('## Where the step time goes', '', fig(step), '');
    const rows = stepRows(m);
    if (rows.length) out.push(table([{ text: 'Option' }, { text: 'Layout' }, { text: 'Step', num: true }, { text: 'Memory per GPU', num: true }], rows.map((r) => r.map(mdEscape))), '');
  }

  // Ranges
  const ranged = m.options.filter((x) => x.range);
  if (ranged.length) {
    out.push('## Ranges and sensitivity', '', 'Inputs given as ranges are moved to their ends: *low* puts every one at its favourable end, *high* at its unfavourable end.', '');
    const band = predictedBandNote(m);
    if (band) out.push(mdEscape(band), '');
    out.push(table(
      [{ text: 'Option' }, { text: 'Uncertain inputs' }, { text: 'Days low', num: true }, { text: 'expected', num: true }, { text: 'high', num: true }, { text: 'Cost low', num: true }, { text: 'expected', num: true }, { text: 'high', num: true }],
      ranged.map((x) => {
        const g = x.range!;
        const inputs = rangedInputsText(x.ranges, x);
        return [mdEscape(x.label), mdEscape(inputs), dayCell(g.optimistic.wallClockSeconds), dayCell(g.expected.wallClockSeconds), dayCell(g.pessimistic.wallClockSeconds),
          usd(g.optimistic.cost.totalUsd), usd(g.expected.cost.totalUsd), usd(g.pessimistic.cost.totalUsd)];
      }),
    ), '');
    const sf = sensitivityFigure(m);
    const so = sensitivityOption(m);
    if (sf && so) {
      out.push(fig(sf), '');
      const top = so.range!.sensitivity[0]!;
      out.push(`For ${mdEscape(so.label)}, ${rangeLabel(top.input, so)} moves the cost most: from ${usd(top.favourable.cost.totalUsd)} to ${usd(top.unfavourable.cost.totalUsd)}.`, '');
    }
  }

  // Assumptions and sources
  const total = m.options.length;
  const which = (names: string[]) => (names.length === total ? 'all options' : names.map(mdEscape).join('; '));
  out.push('## Assumptions and sources', '', '### Models', '');
  for (const x of m.models) {
    out.push(`- **${mdEscape(x.name)}**, seq_len ${x.seqLen}${x.source ? `: ${mdEscape(x.source)}` : ''} (${which(x.options)})`, ...x.warnings.map((w) => `  - ${mdEscape(w)}`));
  }
  out.push('', '### Hardware figures', '');
  for (const h of m.hardware) {
    const p = h.profile;
    const srcText = (pv: { source: string; note?: string }) => mdEscape(pv.source + (pv.note ? ` (${pv.note})` : ''));
    const rows: string[][] = h.precisions.map((prec) => {
      const v = p.peakFlopsPerSecond[prec];
      return [`dense ${prec} peak`, v === undefined ? 'n/a' : `${fixed(v / 1e12, 1)} TFLOP/s`, p.peak.confidence, srcText(p.peak)];
    });
    rows.push(['memory', `${p.memoryStated} ${mdEscape(p.memoryType)}, ${fixed(p.memoryBandwidthBytesPerSecond / 1e12, 2)} TB/s`, p.memory.confidence, srcText(p.memory)]);
    rows.push(['TDP', p.tdpWatts === null ? 'not published' : `${fixed(p.tdpWatts, 0)} W`, p.tdp.confidence, srcText(p.tdp)]);
    if (p.achievableMatmulFlopsPerSecond && p.achievableMatmul) rows.push(['best measured bf16 matmul', `${fixed(p.achievableMatmulFlopsPerSecond / 1e12, 1)} TFLOP/s`, p.achievableMatmul.confidence, srcText(p.achievableMatmul)]);
    // The id after the name, as the HTML's heading has it: in parentheses it followed the name's own, `H100 SXM5 80GB (Hopper) (h100-sxm)`.
    out.push(`#### ${mdEscape(p.name)} \`${p.id}\``, '', table([{ text: 'Figure' }, { text: 'Value' }, { text: 'Confidence' }, { text: 'Source' }], rows), '', 'Sources:', '', ...p.sources.map((s) => `- ${mdEscape(s)}`), '');
  }
  out.push('### Prices', '', table(
    [{ text: 'GPU' }, { text: '$/GPU-hour', num: true }, { text: 'Provider' }, { text: 'Kind' }, { text: 'Date' }, { text: 'Confidence' }, { text: 'Source' }, { text: 'Used by' }],
    m.prices.map((p) => {
      const x = priceCells(p);
      return [mdEscape(p.hardwareId), hourlyUsd(p.usdPerGpuHour), mdEscape(x.provider), x.kind, x.date, x.confidence,
        p.entries.length ? mdEscape(p.entries.map((q) => q.source + (q.note ? ` (${q.note})` : '')).join('; ')) : mdEscape(x.source), which(p.options)];
    }),
  ), '');
  out.push('### Energy', '', table([{ text: 'PUE', num: true }, { text: 'Power (of TDP)', num: true }, { text: 'Electricity', num: true }, { text: 'Carbon intensity', num: true }, { text: 'Used by' }],
    m.energy.map((x) => [fixed(x.pue, 2), pct(x.powerFraction, 0), x.usdPerKwh === 0 ? '$0 (in the GPU price)' : `${usdRate(x.usdPerKwh, 3)}/kWh`, `${fixed(x.kgCo2PerKwh, 3)} kg/kWh`, which(x.options)])), '');
  out.push('### Throughput and overheads', '', ...m.throughput.map((t) => `- ${mdEscape(t.text)} (${which(t.options)})`), '');
  out.push('### FLOP conventions', '', ...m.conventions.map((c) => `- ${c}`), '');
  out.push('### Reproduce this report', '', `flopcast **${mdEscape(m.meta.version)}**${m.meta.generatedAt ? `, generated ${mdEscape(m.meta.generatedAt)}` : ''}.${m.meta.command ? ` Command: ${markdownCode(m.meta.command)}.` : ''}`, '');
  out.push(table([{ text: 'File' }, { text: 'Role' }, { text: 'SHA-256' }], m.meta.inputs.map((i) => [markdownCode(i.file, true), mdEscape(i.role ?? 'scenario'), markdownCode(i.sha256, true)])), '');
  return { markdown: out.join('\n'), assets };
}

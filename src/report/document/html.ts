/**
 * The report as one self-contained HTML file: inline CSS (htmlStyle.ts, with a print stylesheet),
 * inline SVG charts, no scripts and nothing fetched. Every user string is escaped. Pure.
 */
import type { Confidence } from '../../hardware/schema.js';
import { esc } from '../charts/svg.js';
import { count, fixed, modelSize, pct, plural, sci, hourlyFigure, hourlyUsd, usd, usdRate, mwh, tonnes, tonnesFigure, mwhFigure, int } from '../format.js';
import { dayCell, durationNoun, durationRange, hoursOfDays } from '../duration.js';
import { costBars, costScatter, flopFigures, sensitivityFigure, sensitivityOption, stepFigure, type Figure } from './figures.js';
import { costCell, priceCells } from './money.js';
import { predictedBandNote, rangedInputsText, rangeLabel, sixNdText, stepRows } from './cells.js';
import { REPORT_CSS } from './htmlStyle.js';
import type { ReportModel, ReportOption } from './model.js';

const e = esc;

function conf(c: string): string {
  return `<span class="conf conf-${e(c.replace(/\s+/g, '-'))}">${e(c)}</span>`;
}

function figure(f: Figure): string {
  return `<figure class="figure" id="${e(f.name)}">${f.svg}<figcaption><strong>${e(f.title)}.</strong> ${e(f.caption)}</figcaption></figure>`;
}

function tableHtml(head: { text: string; num?: boolean }[], rows: { cells: string[]; cls?: string; attrs?: string }[], cls = ''): string {
  const th = head.map((h) => `<th${h.num ? ' class="num"' : ''} scope="col">${e(h.text)}</th>`).join('');
  const body = rows.map((r) => `<tr${r.cls ? ` class="${r.cls}"` : ''}${r.attrs ?? ''}>${r.cells.map((c, i) => `<td${head[i]?.num ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('');
  return `<div class="table-wrap"><table${cls ? ` class="${cls}"` : ''}><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

const tco2 = (kg: number | null) => (kg === null ? 'n/a' : tonnes(kg));

function meetsCell(o: ReportOption): string {
  const r = o.result;
  if (r.meetsDeadline === null && r.meetsBudget === null) return '<span class="note">no constraints</span>';
  const fails = [r.meetsDeadline === false ? 'deadline' : '', r.meetsBudget === false ? 'budget' : ''].filter(Boolean);
  return fails.length ? `<span class="no meets">✗ ${e(fails.join(', '))}</span>` : '<span class="yes meets">✓ yes</span>';
}

function marksCell(o: ReportOption): string {
  return [
    o.recommended ? '<span class="badge rec">recommended</span>' : '',
    o.marks.cheapest ? '<span class="badge">cheapest</span>' : '',
    o.marks.fastest ? '<span class="badge">fastest</span>' : '',
    o.marks.pareto ? '<span class="badge">Pareto</span>' : '',
  ].join('');
}

function summary(m: ReportModel): string {
  const rec = m.recommendation;
  const o = rec.option;
  if (!o) return `<section id="summary" class="summary status-empty"><p class="headline">${e(rec.headline)}</p></section>`;
  const r = o.result;
  const kpi = (label: string, value: string, sub = '') => `<div class="kpi"><div class="label">${e(label)}</div><div class="value">${e(value)}</div>${sub ? `<div class="sub">${e(sub)}</div>` : ''}</div>`;
  const range = o.range;
  const kpis = [
    kpi('Wall-clock', durationNoun(r.wallClockSeconds), range ? durationRange(range.optimistic.wallClockSeconds, range.pessimistic.wallClockSeconds) : hoursOfDays(r.wallClockSeconds, 'hours')),
    kpi('GPU-hours', count(r.gpuHours, 3), `${int(r.inputs.gpuCount)} × ${r.inputs.hardware.id}`),
    kpi('Total cost', usd(r.cost.totalUsd), range ? `${usd(range.optimistic.cost.totalUsd)}–${usd(range.pessimistic.cost.totalUsd)}` : `${hourlyUsd(r.inputs.price.usdPerGpuHour)} per GPU-hour`),
    kpi('Energy', r.energyKwh === null ? 'n/a' : mwh(r.energyKwh), `PUE ${fixed(r.inputs.energy.pue, 2)}`),
    kpi('CO₂', tco2(r.co2Kg), `${fixed(r.inputs.energy.kgCo2PerKwh, 3)} kg/kWh`),
  ].join('');
  return `<section id="summary" class="summary status-${e(rec.status)}" data-recommended="${e(o.name)}" data-status="${e(rec.status)}">` +
    `<p class="headline">${e(rec.headline)}</p><div class="kpis">${kpis}</div>` +
    `<ul>${rec.details.map((d) => `<li>${e(d)}</li>`).join('')}</ul></section>`;
}

function comparison(m: ReportModel): string {
  const rows = m.options.map((o) => {
    const r = o.result;
    return {
      cls: o.recommended ? 'recommended' : '',
      attrs: ` id="${e(o.key)}" data-option="${e(o.name)}"`,
      cells: [
        e(o.label), e(r.inputs.hardware.id), int(r.inputs.gpuCount), e(pct(r.mfu)), e(dayCell(r.wallClockSeconds)), e(count(r.gpuHours, 3)),
        e(hourlyFigure(r.inputs.price.usdPerGpuHour)), e(costCell(r)), e(r.energyKwh === null ? 'n/a' : mwhFigure(r.energyKwh)),
        e(r.co2Kg === null ? 'n/a' : tonnesFigure(r.co2Kg)), meetsCell(o), marksCell(o),
      ],
    };
  });
  const head = [
    { text: 'Option' }, { text: 'GPU' }, { text: 'GPUs', num: true }, { text: 'MFU', num: true }, { text: 'Days', num: true }, { text: 'GPU-hours', num: true },
    { text: '$/GPU-h', num: true }, { text: 'Cost', num: true }, { text: 'MWh', num: true }, { text: 't CO₂', num: true }, { text: 'Meets' }, { text: 'Marks' },
  ];
  // The GPU column repeats what a label such as "512 × h100-sxm" already says.
  const gpuInLabel = m.options.every((o) => o.label.includes(o.result.inputs.hardware.id));
  const keep = (_: unknown, i: number) => !(gpuInLabel && i === 1);
  const shownHead = head.filter(keep);
  const shownRows = rows.map((r) => ({ ...r, cells: r.cells.filter(keep) }));
  return `<section id="compare"><h2>All options compared</h2>` +
    `<p>${plural(m.options.length, 'option')}${m.deadlines.length || m.budgets.length ? `, against ${[m.deadlines.length ? `a deadline of ${m.deadlines.map((d) => durationNoun(d)).join(' / ')}` : '', m.budgets.length ? `a budget of ${m.budgets.map(usd).join(' / ')}` : ''].filter(Boolean).join(' and ')}` : ''}.</p>` +
    figure(costScatter(m)) + figure(costBars(m)) + tableHtml(shownHead, shownRows, m.options.every((o) => o.label.length <= 24) ? 'options short-labels' : 'options') + `</section>`;
}

function flopsSection(m: ReportModel): string {
  const parts = flopFigures(m).map((f, i) => {
    const g = m.flops[i]!;
    const rows = g.components.map((c) => {
      const t = (c.forward + c.backward + c.recompute) * g.tokens;
      return { cells: [e(c.label), `<code>${e(c.formula)}</code>`, String(c.repeats), e(sci(c.forward, 4)), e(sci(t, 4)), e(pct(g.hardware > 0 ? t / g.hardware : 0))] };
    });
    const table = tableHtml([{ text: 'Component' }, { text: 'Forward FLOPs per token, per repeat' }, { text: 'Repeats', num: true }, { text: 'Forward / token', num: true }, { text: 'Whole run', num: true }, { text: 'Share', num: true }], rows);
    const intro = `<p>${e(modelSize(g.modelName, g.params))}, ${e(plural(count(g.tokens), 'token'))}. ` +
      `Model FLOPs ${e(sci(g.model))}, hardware FLOPs ${e(sci(g.hardware))}. ${e(sixNdText(g))}` +
      (m.flops.length > 1 ? ` Options: ${e(g.optionNames.join('; '))}.` : '') + `</p>`;
    return (m.flops.length > 1 ? `<h3>${e(g.modelName)}</h3>` : '') + intro + figure(f) + table;
  });
  const step = stepFigure(m);
  return `<section id="flops"><h2>Where the FLOPs go</h2>${parts.join('')}</section>` +
    (step ? `<section id="step-time"><h2>Where the step time goes</h2>${figure(step)}${stepTableHtml(m)}</section>` : '');
}

/** The layout behind each predicted step, with its time and memory per GPU. */
function stepTableHtml(m: ReportModel): string {
  const rows = stepRows(m);
  if (!rows.length) return '';
  return tableHtml([{ text: 'Option' }, { text: 'Layout' }, { text: 'Step', num: true }, { text: 'Memory per GPU', num: true }], rows.map((r) => ({ cells: r.map(e) })), 'step-layouts');
}

function rangesSection(m: ReportModel): string {
  const ranged = m.options.filter((o) => o.range);
  if (!ranged.length) return '';
  const rows = ranged.map((o) => {
    const x = o.range!;
    const inputs = rangedInputsText(o.ranges, o);
    return {
      cls: o.recommended ? 'recommended' : '',
      cells: [e(o.label), e(inputs), e(dayCell(x.optimistic.wallClockSeconds)), e(dayCell(x.expected.wallClockSeconds)), e(dayCell(x.pessimistic.wallClockSeconds)),
        e(usd(x.optimistic.cost.totalUsd)), e(usd(x.expected.cost.totalUsd)), e(usd(x.pessimistic.cost.totalUsd))],
    };
  });
  const head = [{ text: 'Option' }, { text: 'Uncertain inputs' }, { text: 'Days (low)', num: true }, { text: 'expected', num: true }, { text: 'high', num: true }, { text: 'Cost (low)', num: true }, { text: 'expected', num: true }, { text: 'high', num: true }];
  const fig = sensitivityFigure(m);
  const o = sensitivityOption(m);
  const top = o?.range?.sensitivity[0];
  const band = predictedBandNote(m);
  return `<section id="ranges"><h2>Ranges and sensitivity</h2>` +
    `<p>Inputs given as ranges are moved to their ends: <em>low</em> puts every one at its favourable end (higher throughput and goodput, lower price), <em>high</em> at its unfavourable end.</p>` +
    (band ? `<p>${e(band)}</p>` : '') +
    tableHtml(head, rows, 'ranges') +
    (fig ? figure(fig) : '') +
    (o && top ? `<p>For ${e(o.label)}, ${e(rangeLabel(top.input, o))} moves the cost most: from ${e(usd(top.favourable.cost.totalUsd))} to ${e(usd(top.unfavourable.cost.totalUsd))}.</p>` : '') +
    `</section>`;
}

function assumptions(m: ReportModel): string {
  const total = m.options.length;
  const which = (names: string[]) => (names.length === total ? 'all options' : names.join('; '));
  const onGpu = (id: string, names: string[]) => {
    const all = m.options.filter((o) => o.result.inputs.hardware.id === id).length;
    return names.length === total ? 'all options' : names.length === all && all > 1 ? `all ${all} ${id} options` : names.join('; ');
  };
  const src = (pv: { source: string; note?: string }) => `${e(pv.source)}${pv.note ? `<div class="note">${e(pv.note)}</div>` : ''}`;
  const hw = m.hardware.map((h) => {
    const p = h.profile;
    const rows: { cells: string[] }[] = [];
    for (const prec of h.precisions) {
      const v = p.peakFlopsPerSecond[prec];
      rows.push({ cells: [e(`dense ${prec} peak`), e(v === undefined ? 'n/a' : `${fixed(v / 1e12, 1)} TFLOP/s`), conf(p.peak.confidence), src(p.peak)] });
    }
    rows.push({ cells: ['memory', e(`${p.memoryStated} ${p.memoryType}, ${fixed(p.memoryBandwidthBytesPerSecond / 1e12, 2)} TB/s`), conf(p.memory.confidence), src(p.memory)] });
    rows.push({ cells: ['TDP', e(p.tdpWatts === null ? 'not published' : `${fixed(p.tdpWatts, 0)} W`), conf(p.tdp.confidence), src(p.tdp)] });
    if (p.achievableMatmulFlopsPerSecond && p.achievableMatmul) {
      rows.push({ cells: ['best measured bf16 matmul', e(`${fixed(p.achievableMatmulFlopsPerSecond / 1e12, 1)} TFLOP/s`), conf(p.achievableMatmul.confidence), src(p.achievableMatmul)] });
    }
    const table = tableHtml([{ text: 'Figure' }, { text: 'Value' }, { text: 'Confidence' }, { text: 'Source' }], rows, 'hardware');
    return `<div class="gpu" data-gpu="${e(p.id)}"><h4>${e(p.name)} <code>${e(p.id)}</code></h4>${table}` +
      `<details open><summary>Sources (${p.sources.length})</summary><ul class="sources">${p.sources.map((x) => `<li>${e(x)}</li>`).join('')}</ul></details></div>`;
  }).join('');
  const priceRows = m.prices.map((p) => {
    const x = priceCells(p);
    return {
      cells: [e(p.hardwareId), e(hourlyUsd(p.usdPerGpuHour)), e(x.provider), e(x.kind), e(x.date), x.confidence === '-' ? '-' : x.confidence.split(', ').map((c) => conf(c as Confidence)).join(', '),
        p.entries.length ? p.entries.map((q) => `${e(q.source)}${q.note ? `<div class="note">${e(q.note)}</div>` : ''}`).join('<br>') : e(x.source), e(onGpu(p.hardwareId, p.options))],
    };
  });
  const prices = tableHtml([{ text: 'GPU' }, { text: '$/GPU-hour', num: true }, { text: 'Provider' }, { text: 'Kind' }, { text: 'Date' }, { text: 'Confidence' }, { text: 'Source' }, { text: 'Used by' }], priceRows, 'prices');
  const energyRows = m.energy.map((x) => ({ cells: [e(fixed(x.pue, 2)), e(pct(x.powerFraction, 0)), e(x.usdPerKwh === 0 ? '$0 (in the GPU price)' : `${usdRate(x.usdPerKwh, 3)}/kWh`), e(`${fixed(x.kgCo2PerKwh, 3)} kg/kWh`), e(which(x.options))] }));
  const energy = tableHtml([{ text: 'PUE', num: true }, { text: 'Power (of TDP)', num: true }, { text: 'Electricity', num: true }, { text: 'Carbon intensity', num: true }, { text: 'Used by' }], energyRows, 'energy compact');
  const thr = `<ul>${m.throughput.map((t) => `<li>${e(t.text)} <span class="note">(${e(which(t.options))})</span></li>`).join('')}</ul>`;
  const conv = `<ul>${m.conventions.map((c) => `<li>${e(c).replace(/`([^`]+)`/g, '<code>$1</code>')}</li>`).join('')}</ul>`;
  const inputs = tableHtml([{ text: 'File' }, { text: 'Role' }, { text: 'SHA-256' }], m.meta.inputs.map((i) => ({ cells: [`<code>${e(i.file)}</code>`, e(i.role ?? 'scenario'), `<span class="hash">${e(i.sha256)}</span>`] })), 'inputs');
  const models = m.models.map((x) => `<li><strong>${e(x.name)}</strong>, seq_len ${e(String(x.seqLen))}${x.source ? `: ${e(x.source)}` : ''} <span class="note">(${e(which(x.options))})</span>` +
    (x.warnings.length ? `<ul class="model-assumptions">${x.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>` : '') + '</li>').join('');
  return `<section id="assumptions"><h2>Assumptions and sources</h2>` +
    `<h3>Models</h3><ul>${models}</ul>` +
    `<h3>Hardware figures</h3>${hw}` +
    `<h3>Prices</h3>${prices}` +
    `<h3>Energy</h3>${energy}` +
    `<h3>Throughput and overheads</h3>${thr}` +
    `<h3>FLOP conventions</h3>${conv}` +
    `<h3>Reproduce this report</h3><p>flopcast <strong>${e(m.meta.version)}</strong>${m.meta.generatedAt ? `, generated ${e(m.meta.generatedAt)}` : ''}.` +
    `${m.meta.command ? ` Command: <code>${e(m.meta.command)}</code>.` : ''} Inputs:</p>${inputs}</section>`;
}

export function renderHtml(m: ReportModel): string {
  const warnings = m.warnings.length ? `<section id="warnings" class="warnings"><strong>Warnings</strong><ul>${m.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul></section>` : '';
  const hasRanges = m.options.some((o) => o.range);
  const hasStep = m.options.some((o) => o.step);
  const toc = [['summary', 'Summary'], ['compare', 'Options'], ['flops', 'FLOPs'], ...(hasStep ? [['step-time', 'Step time']] : []), ...(hasRanges ? [['ranges', 'Ranges']] : []), ['assumptions', 'Assumptions and sources']]
    .map(([id, t]) => `<a href="#${id}">${t}</a>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="flopcast ${e(m.meta.version)}">
<title>${e(m.title)} — flopcast report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header class="report"><p class="kicker">flopcast training budget report</p><h1>${e(m.title)}</h1>
<p class="meta">${plural(m.options.length, 'option')} · flopcast ${e(m.meta.version)}${m.meta.generatedAt ? ` · ${e(m.meta.generatedAt)}` : ''}</p>
<nav class="toc" aria-label="Contents">${toc}</nav></header>
${summary(m)}
${warnings}
${comparison(m)}
${flopsSection(m)}
${rangesSection(m)}
${assumptions(m)}
<footer>Estimates, not quotes: figures come from the inputs and sources listed above. Generated by flopcast ${e(m.meta.version)}.</footer>
</main>
</body>
</html>
`;
}

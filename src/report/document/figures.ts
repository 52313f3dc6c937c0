/** The report's charts, built from the model; shared by the HTML and Markdown renderers. Pure. */
import { documentsText } from '../../flops/documents.js';
import { barChart } from '../charts/bar.js';
import { scatterChart } from '../charts/scatter.js';
import { OKABE_ITO } from '../charts/svg.js';
import { tornadoChart } from '../charts/tornado.js';
import { obligatedUsd } from '../../estimate/run.js';
import { count, fixed, pct, plural, usd, usdTick } from '../format.js';
import { durationNoun, durationUnit } from '../duration.js';
import { rangeLabel, rangeValue } from './cells.js';
import { recomputeText } from '../../flops/recomputeModules.js';
import type { ReportModel, ReportOption } from './model.js';

export interface Figure {
  /** File-name stem for Markdown assets, and the SVG's id. */
  name: string;
  title: string;
  caption: string;
  svg: string;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
const sup = (e: number) => String(e).split('').map((c) => SUPERSCRIPT[c] ?? c).join('');

/** Ticks as multiples of a shared power of ten: the axis label carries "×10²⁴". */
function powerAxis(max: number): { e: number; tick: (v: number) => string; unit: string } {
  const e = Number.isFinite(max) && max > 0 ? Math.floor(Math.log10(max)) : 0;
  return { e, tick: (v) => fixed(v / 10 ** e, 2), unit: e === 0 ? '' : ` (×10${sup(e)})` };
}

const COST_SEGMENTS = [
  { key: 'compute', label: 'compute (GPU-hours × price)', color: OKABE_ITO[0] },
  { key: 'energy', label: 'electricity', color: OKABE_ITO[1] },
  { key: 'fixed', label: 'fixed costs', color: OKABE_ITO[2] },
] as const;

const timeTick = (v: number) => (v >= 10 ? fixed(v, 0) : fixed(v, 1));

export function costScatter(m: ReportModel): Figure {
  // The time axis in the largest unit its longest time reaches, by the rule of durations in words (format.ts
  // durationUnit): runs of hours were drawn at 0.0 to 0.1 days.
  const longest = Math.max(...m.options.flatMap((o) => [o.result.wallClockSeconds, ...(o.range ? [o.range.pessimistic.wallClockSeconds, o.range.optimistic.wallClockSeconds] : [])]), ...(m.deadlines.length === 1 ? [m.deadlines[0]!] : []));
  const unit = durationUnit(longest);
  const inUnit = (seconds: number) => seconds / unit.seconds;
  const pts = m.options.map((o) => {
    const r = o.result;
    return {
      id: o.name,
      group: r.inputs.hardware.id,
      comparison: String(o.comparison),
      x: inUnit(r.wallClockSeconds),
      y: obligatedUsd(r),
      ...(o.range ? {
        xRange: [inUnit(o.range.optimistic.wallClockSeconds), inUnit(o.range.pessimistic.wallClockSeconds)] as [number, number],
        yRange: [obligatedUsd(o.range.optimistic), obligatedUsd(o.range.pessimistic)] as [number, number],
      } : {}),
      highlight: o.recommended,
      label: o.recommended ? `${o.label} (recommended)` : undefined,
      title: `${o.name}: ${durationNoun(r.wallClockSeconds)}, ${usd(obligatedUsd(r))}${r.commitment ? ' (the contract)' : ''}`,
    };
  });
  const ranged = m.options.some((o) => o.range);
  return {
    name: 'cost-vs-time',
    title: 'Total cost against wall-clock time',
    caption: `Each point is one option, coloured by GPU; the dashed line joins the Pareto frontier (no other option is both cheaper and faster)${m.deadlines.length === 1 ? ', the dotted lines mark the deadline' + (m.budgets.length === 1 ? ' and the budget' : '') : m.budgets.length === 1 ? ', the dotted line marks the budget' : ''}.${ranged ? ' Whiskers span the optimistic and pessimistic ends of the ranged inputs.' : ''} The recommended option is ringed.`,
    svg: scatterChart({
      id: 'fig-cost-vs-time',
      title: 'Total cost against wall-clock time, one point per option',
      desc: `${pts.length} options; lower and further left is better.`,
      points: pts,
      xLabel: `Wall-clock time (${unit.unit}s)`,
      yLabel: 'Total cost (USD)',
      xTick: timeTick,
      yTick: usdTick,
      ...(m.deadlines.length === 1 ? { xLine: { value: inUnit(m.deadlines[0]!), label: `deadline ${durationNoun(m.deadlines[0]!, 0)}` } } : {}),
      ...(m.budgets.length === 1 ? { yLine: { value: m.budgets[0]!, label: `budget ${usd(m.budgets[0]!)}` } } : {}),
    }),
  };
}

export function costBars(m: ReportModel): Figure {
  return {
    name: 'cost-breakdown',
    title: 'What each option costs',
    caption: 'Total cost split into compute (GPU-hours × price per GPU-hour), electricity (when the price excludes power) and fixed costs.',
    svg: barChart({
      id: 'fig-cost-breakdown',
      title: 'Cost by option, split into compute, electricity and fixed costs',
      rows: m.options.map((o) => ({
        id: o.name,
        label: o.label,
        highlight: o.recommended,
        values: { compute: o.result.cost.computeUsd, energy: o.result.cost.energyUsd, fixed: o.result.cost.fixedUsd },
      })),
      segments: COST_SEGMENTS,
      xLabel: 'Total cost (USD)',
      // The axis's ticks to their cents; a bar's value and total as the table and the summary write them (usd).
      tick: usdTick,
      value: usd,
      rowHeight: 22,
    }),
  };
}

export function flopFigures(m: ReportModel): Figure[] {
  return m.flops.map((g, i) => {
    const rows = g.components.map((c) => ({
      id: c.id,
      label: c.label,
      values: { forward: c.forward * g.tokens, backward: c.backward * g.tokens, recompute: c.recompute * g.tokens },
    }));
    const max = Math.max(...g.components.map((c) => (c.forward + c.backward + c.recompute) * g.tokens));
    const ax = powerAxis(max);
    const total = g.hardware;
    return {
      name: m.flops.length === 1 ? 'flops' : `flops-${i + 1}`,
      title: `Where the FLOPs go: ${g.modelName}`,
      caption: `Training FLOPs by component for ${g.modelName} on ${plural(count(g.tokens), 'token')} (seq_len ${g.options.seqLen}, attention ${g.options.attention}${g.options.documents ? ` inside ${documentsText(g.options.documents)}` : ''}, recompute ${recomputeText(g.options)}${g.mtpDepth > 0 ? `, mtp_layers ${g.mtpDepth}` : ''}); the percentage is each component's share of the hardware FLOPs.`,
      svg: barChart({
        id: `fig-flops-${i + 1}`,
        title: `Training FLOPs by component, ${g.modelName}`,
        rows,
        segments: [
          { key: 'forward', label: 'forward', color: OKABE_ITO[0] },
          { key: 'backward', label: 'backward (2 × forward)', color: OKABE_ITO[5] },
          { key: 'recompute', label: 'recomputation', color: OKABE_ITO[1] },
        ],
        xLabel: `Training FLOPs${ax.unit}`,
        tick: ax.tick,
        totalText: (t) => pct(total > 0 ? t / total : 0),
      }),
    };
  });
}

export function stepFigure(m: ReportModel): Figure | null {
  const withStep = m.options.filter((o): o is ReportOption & { step: NonNullable<ReportOption['step']> } => o.step !== null);
  if (!withStep.length) return null;
  const keys: { key: string; label: string }[] = [];
  for (const o of withStep) for (const p of o.step.parts) if (!keys.some((k) => k.key === p.key)) keys.push({ key: p.key, label: p.label });
  const max = Math.max(...withStep.map((o) => o.step.parts.reduce((s, p) => s + p.seconds, 0)));
  const ms = max < 1;
  return {
    name: 'step-time',
    title: 'Where the step time goes',
    caption: 'One training step, as the performance model predicts it: compute, memory-bound work, exposed communication, pipeline bubble, optimizer, and the time the calibration runs\' fitted scale adds (unexplained).',
    svg: barChart({
      id: 'fig-step-time',
      title: 'Predicted time of one training step, by part',
      rows: withStep.map((o) => ({ id: o.name, label: o.label, highlight: o.recommended, values: Object.fromEntries(o.step.parts.map((p) => [p.key, p.seconds])) })),
      segments: keys.map((k, i) => ({ ...k, color: OKABE_ITO[i % OKABE_ITO.length] })),
      xLabel: ms ? 'Step time (ms)' : 'Step time (s)',
      tick: (v) => (ms ? fixed(v * 1000, 1) : fixed(v, 2)),
    }),
  };
}

/** The option whose sensitivity is charted: the recommended one when it has ranges, else the first ranged one. */
export function sensitivityOption(m: ReportModel): ReportOption | null {
  const ranged = m.options.filter((o) => o.range && o.range.sensitivity.length);
  return ranged.find((o) => o.recommended) ?? ranged[0] ?? null;
}

export function sensitivityFigure(m: ReportModel): Figure | null {
  const o = sensitivityOption(m);
  if (!o || !o.range) return null;
  const rows = o.range.sensitivity.map((s) => ({
    id: s.input,
    label: rangeLabel(s.input, o),
    favourable: s.favourable.cost.totalUsd,
    unfavourable: s.unfavourable.cost.totalUsd,
    favourableText: rangeValue(s.input, s.input === 'price' ? s.range.low : s.range.high, o),
    unfavourableText: rangeValue(s.input, s.input === 'price' ? s.range.high : s.range.low, o),
  }));
  return {
    name: 'sensitivity',
    title: `Which input moves the cost most: ${o.label}`,
    caption: `Total cost of ${o.name} with each uncertain input moved to the ends of its range while the others stay at their expected values; the widest bar matters most.`,
    svg: tornadoChart({
      id: 'fig-sensitivity',
      title: `Sensitivity of total cost to each uncertain input, ${o.name}`,
      base: o.range.expected.cost.totalUsd,
      baseLabel: 'expected',
      rows,
      xLabel: 'Total cost (USD)',
      tick: usdTick,
      value: usd,
    }),
  };
}

/** `flopcast run` output: JSON, a terminal table, CSV and Markdown, from the same rows. */
import type { Marks } from '../estimate/compare.js';
import type { RunResult } from '../estimate/run.js';
import { count, dayNumber, days, fixed, gib, pct, sci, usd } from './format.js';
import { csvCell, jsonText, markdownText } from './escape.js';
import { table } from './table.js';

export type RunFormat = 'table' | 'json' | 'csv' | 'markdown';

export interface RunRow {
  result: RunResult;
  marks: Marks;
  /** Extra fields from the performance model (step time, memory, breakdown), already snake_case. */
  extra?: Record<string, unknown>;
}

/** A matrix combination that could not run, with its located error message. */
export interface Infeasible {
  name: string;
  error: string;
}

export function runJson(rows: readonly RunRow[], infeasible: readonly Infeasible[] = []): Record<string, unknown> {
  return { results: rows.map(resultJson), ...(infeasible.length ? { infeasible } : {}) };
}

function resultJson({ result: r, marks, extra }: RunRow): Record<string, unknown> {
  const i = r.inputs;
  return {
    name: r.name,
    model: i.analysis.arch.name,
    gpu: i.hardware.id,
    count: i.gpuCount,
    precision: i.precision,
    tokens: i.analysis.totals.tokens,
    seq_len: i.analysis.count.options.seqLen,
    attention: i.analysis.count.options.attention,
    recompute: i.analysis.count.options.recompute,
    params: i.analysis.params.total,
    active_params: i.analysis.params.active,
    model_flops: r.modelFlops,
    hardware_flops: r.hardwareFlops,
    six_nd: i.analysis.totals.sixNd,
    peak_flops_per_gpu: i.peakFlopsPerSecond,
    achieved_flops_per_gpu: r.achievedFlopsPerSecondPerGpu,
    mfu: r.mfu,
    hfu: r.hfu,
    throughput_from: i.throughput.kind,
    tokens_per_second: r.tokensPerSecond,
    steps: r.steps,
    compute_seconds: r.computeSeconds,
    goodput: r.goodput.goodput,
    wall_clock_seconds: r.wallClockSeconds,
    wall_clock_hours: r.wallClockSeconds / 3600,
    wall_clock_days: r.wallClockSeconds / 86400,
    gpu_hours: r.gpuHours,
    usd_per_gpu_hour: i.price.usdPerGpuHour,
    price_source: i.price.source,
    cost_usd: r.cost.totalUsd,
    cost: { compute_usd: r.cost.computeUsd, energy_usd: r.cost.energyUsd, fixed_usd: r.cost.fixedUsd },
    energy_kwh: r.energyKwh,
    co2_kg: r.co2Kg,
    memory_per_gpu_bytes: null,
    meets_deadline: r.meetsDeadline,
    meets_budget: r.meetsBudget,
    cheapest: marks.cheapest,
    fastest: marks.fastest,
    pareto: marks.pareto,
    warnings: r.warnings,
    ...extra,
  };
}

interface Col {
  header: string;
  align?: 'left' | 'right';
  text: (row: RunRow) => string;
  raw: (row: RunRow) => string | number | boolean | null;
}

const COLUMNS: Col[] = [
  { header: 'option', text: (x) => x.result.name, raw: (x) => x.result.name },
  { header: 'gpu', text: (x) => x.result.inputs.hardware.id, raw: (x) => x.result.inputs.hardware.id },
  { header: 'count', align: 'right', text: (x) => String(x.result.inputs.gpuCount), raw: (x) => x.result.inputs.gpuCount },
  { header: 'model FLOPs', align: 'right', text: (x) => sci(x.result.modelFlops, 3), raw: (x) => x.result.modelFlops },
  { header: 'MFU', align: 'right', text: (x) => pct(x.result.mfu) + (x.result.inputs.throughput.kind === 'predicted' ? '*' : ''), raw: (x) => x.result.mfu },
  { header: 'days', align: 'right', text: (x) => dayNumber(x.result.wallClockSeconds), raw: (x) => x.result.wallClockSeconds / 86400 },
  { header: 'GPU-hours', align: 'right', text: (x) => count(x.result.gpuHours, 3), raw: (x) => x.result.gpuHours },
  { header: '$/GPU-h', align: 'right', text: (x) => fixed(x.result.inputs.price.usdPerGpuHour, 2), raw: (x) => x.result.inputs.price.usdPerGpuHour },
  { header: 'cost', align: 'right', text: (x) => usd(x.result.cost.totalUsd), raw: (x) => x.result.cost.totalUsd },
  { header: 'MWh', align: 'right', text: (x) => (x.result.energyKwh === null ? '-' : fixed(x.result.energyKwh / 1000, 1)), raw: (x) => x.result.energyKwh },
  { header: 't CO2', align: 'right', text: (x) => (x.result.co2Kg === null ? '-' : fixed(x.result.co2Kg / 1000, 1)), raw: (x) => x.result.co2Kg },
  { header: 'meets', text: (x) => meets(x.result), raw: (x) => meets(x.result) },
  { header: 'marks', text: (x) => markText(x.marks), raw: (x) => markText(x.marks) },
];

/** One option, read top to bottom: what was assumed, what it costs. */
function runDetail({ result: r, extra }: RunRow): string {
  const i = r.inputs;
  const a = i.analysis;
  const thr = i.throughput;
  const from = thr.kind === 'utilization' ? `MFU ${pct(thr.mfu)} (given)` : thr.kind === 'predicted' ? `MFU ${pct(thr.mfu)} (predicted)`
    : thr.kind === 'achieved_tflops' ? `${fixed(thr.hardwareFlopsPerSecondPerGpu / 1e12, 1)} TFLOP/s per GPU (given, recomputation included)`
    : `${fixed(thr.tokensPerSecondPerGpu, 1)} tokens/s per GPU (given)`;
  const lines: [string, string][] = [
    ['model', `${a.arch.name}: ${count(a.params.total)} parameters${a.params.active !== a.params.total ? `, ${count(a.params.active)} active` : ''}`],
    ['training', `${count(a.totals.tokens)} tokens, seq_len ${a.count.options.seqLen}, ${i.precision}, attention ${a.count.options.attention}, recompute ${a.count.options.recompute}`],
    ['cluster', `${i.gpuCount} × ${i.hardware.id} (${i.hardware.name}), dense ${i.precision} peak ${fixed(i.peakFlopsPerSecond / 1e12, 1)} TFLOP/s`],
    ['throughput', from],
    ['model FLOPs', `${sci(r.modelFlops)} (6ND ${sci(a.totals.sixNd)})`],
    ['hardware FLOPs', sci(r.hardwareFlops)],
    ['MFU / HFU', `${pct(r.mfu)} / ${pct(r.hfu)}; ${fixed(r.achievedFlopsPerSecondPerGpu / 1e12, 1)} hardware TFLOP/s per GPU`],
    ['tokens/s', `${count(r.tokensPerSecond)} cluster, ${fixed(r.tokensPerSecond / i.gpuCount, 0)} per GPU` + (r.steps ? `; ${count(r.steps)} steps` : '')],
    ['goodput', pct(r.goodput.goodput) + (r.goodput.checkpointIntervalSeconds ? ` (checkpoint every ${fixed(r.goodput.checkpointIntervalSeconds / 60, 1)} min, cluster MTBF ${fixed((r.goodput.clusterMtbfSeconds ?? 0) / 3600, 2)} h)` : '')],
    ['wall-clock', `${days(r.wallClockSeconds)} (${fixed(r.wallClockSeconds / 3600, 0)} hours)`],
    ['GPU-hours', `${count(r.gpuHours)}`],
    ['cost', `${usd(r.cost.totalUsd)} = compute ${usd(r.cost.computeUsd)} + energy ${usd(r.cost.energyUsd)} + fixed ${usd(r.cost.fixedUsd)}`],
    ['price', `$${fixed(i.price.usdPerGpuHour, 2)} per GPU-hour (${i.price.source})`],
    ['energy', r.energyKwh === null ? 'not estimated (no TDP)' : `${fixed(r.energyKwh / 1000, 1)} MWh (PUE ${i.energy.pue}, ${pct(i.energy.powerFraction, 0)} of TDP)`],
    ['CO2', r.co2Kg === null ? 'not estimated' : `${fixed(r.co2Kg / 1000, 1)} t (${i.energy.kgCo2PerKwh} kg/kWh)`],
  ];
  if (extra && typeof extra.step_time_seconds === 'number') {
    const l = extra.layout as Record<string, unknown>;
    const layout = ['tp', 'pp', 'dp', 'cp', 'ep'].map((k) => `${k}${String(l[k])}`).join(' ') +
      ` mb${String(l.micro_batch)} ${String(l.schedule)}${Number(l.virtual_stages) > 1 ? ` v${String(l.virtual_stages)}` : ''} zero${String(l.zero_stage)}` +
      `${l.sequence_parallel ? ' sp' : ''} recompute ${String(l.recompute)}`;
    const b = extra.step_breakdown as Record<string, number>;
    const step = extra.step_time_seconds;
    const share = (k: string) => pct((b[k] ?? 0) / step, 0);
    lines.push(
      ['layout', layout + (extra.layouts_evaluated ? ` (best of ${count(Number(extra.layouts_evaluated))} evaluated)` : '')],
      ['step', `${fixed(step, 2)} s: compute ${share('compute_seconds')}, memory-bound ${share('memory_bound_seconds')}, exposed comm ${share('exposed_comm_seconds')}, bubble ${share('bubble_seconds')}; HFU ${pct(Number(extra.predicted_hfu))}`],
      ['memory/GPU', `${gib(Number(extra.memory_per_gpu_bytes))} of ${gib(Number(extra.memory_capacity_bytes))}`],
    );
  }
  const m = meets(r);
  if (m) lines.push(['constraints', m]);
  const w = Math.max(...lines.map(([k]) => k.length));
  return `${r.name}\n` + lines.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}

function meets(r: RunResult): string {
  if (r.meetsDeadline === null && r.meetsBudget === null) return '';
  const fails = [r.meetsDeadline === false ? 'deadline' : '', r.meetsBudget === false ? 'budget' : ''].filter(Boolean);
  return fails.length ? `no (${fails.join(', ')})` : 'yes';
}

function markText(m: Marks): string {
  return [m.cheapest ? 'cheapest' : '', m.fastest ? 'fastest' : '', m.pareto ? 'pareto' : ''].filter(Boolean).join(' ');
}

export function renderRuns(rows: readonly RunRow[], format: RunFormat, infeasible: readonly Infeasible[] = []): string {
  switch (format) {
    case 'json':
      return jsonText(runJson(rows, infeasible));
    case 'csv':
      return [COLUMNS.map((c) => csvCell(c.header)).join(','), ...rows.map((r) => COLUMNS.map((c) => csvCell(c.raw(r))).join(','))].join('\n') + '\n';
    case 'markdown': {
      const head = `| ${COLUMNS.map((c) => c.header).join(' | ')} |`;
      const rule = `|${COLUMNS.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
      return [head, rule, ...rows.map((r) => `| ${COLUMNS.map((c) => markdownText(c.text(r))).join(' | ')} |`)].join('\n') + '\n' + footnotes(rows, infeasible, markdownText);
    }
    case 'table':
      if (rows.length === 1) return runDetail(rows[0]!) + footnotes(rows, infeasible);
      return comparisonTable(rows) + '\n' + footnotes(rows, infeasible);
  }
}

/** One scenario's matrix reads better as its combinations under the scenario's name. */
function comparisonTable(rows: readonly RunRow[]): string {
  const bases = new Set(rows.map((r) => baseName(r.result)));
  const shared = bases.size === 1 && rows.every((r) => r.result.inputs.label);
  const cols = COLUMNS.map((c, i) => (i === 0 && shared ? { ...c, text: (x: RunRow) => x.result.inputs.label } : c));
  const body = table(cols.map((c) => ({ header: c.header, align: c.align })), rows.map((r) => cols.map((c) => c.text(r))));
  return shared ? `${[...bases][0]}\n\n${body}` : body;
}

function baseName(r: RunResult): string {
  return r.inputs.label ? r.name.slice(0, r.name.length - r.inputs.label.length - 3) : r.name;
}

function footnotes(rows: readonly RunRow[], infeasible: readonly Infeasible[] = [], text: (s: string) => string = (s) => s): string {
  const notes: string[] = infeasible.map((i) => `infeasible: ${text(i.name)}: ${text(i.error)}`);
  if (rows.some((r) => r.result.inputs.throughput.kind === 'predicted')) notes.push('* MFU predicted by the performance model (utilization: auto).');
  const warnings = [...new Set(rows.flatMap((r) => r.result.warnings))];
  for (const w of warnings) notes.push(`warning: ${w}`);
  return notes.length ? '\n' + notes.join('\n') + '\n' : '';
}


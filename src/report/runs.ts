/** `flopcast run` output: a terminal table, CSV and Markdown from the same rows as its JSON (runJson.ts). */
import { documentsText } from '../flops/documents.js';
import type { Marks } from '../estimate/compare.js';
import { baseRunName, type RunResult } from '../estimate/run.js';
import { goodputDetail } from '../estimate/goodput.js';
import { count, fixed, gib, givenThroughputText, grouped, hourlyFigure, hourlyUsd, int, modelSize, pct, plural, sci, stepSeconds, throughputScaleText, unexplainedText, usd, mwh, mwhFigure, tonnes, tonnesFigure } from './format.js';
import { dayCell, durationAndHours, durationNoun, durationRange, SECONDS_PER_DAY } from './duration.js';
import { rangedInputsText } from './document/cells.js';
import { csvCell, jsonText, markdownText } from './escape.js';
import { table } from './table.js';
import { labelledWarnings } from './warnings.js';
import { attentionNoteText } from './attentionNoteText.js';
import { givenRanges, runJson, scaleOf, type Infeasible, type RunRow } from './runJson.js';
import { kindText } from '../pricing/kinds.js';
import { ownedFormula } from '../pricing/owned.js';
import { marksLeaveOut, sameMoney } from '../estimate/compare.js';
import { unseenAccuracyText } from '../perf/accuracy.js';
import { kindRecordText, type KindRecord } from '../perf/kindRecord.js';
import { recomputeText } from '../flops/recomputeModules.js';
import { layoutText } from './layoutText.js';
import { offloadCostText } from './offloadText.js';
import { constraintsChecked, constraintsNotes, meets } from './runConstraints.js';

/** What run writes, by OutFormat's names (cli/options.ts): `text` its table (`--format table` on the command line), JSON, CSV or Markdown. */
export type RunFormat = 'text' | 'json' | 'csv' | 'markdown';

/** `infeasible: NAME: error`, its hint on a line of its own (run's table and Markdown) or, `oneLine`, after it (a report's warning). */
export function infeasibleNote(i: Infeasible, text: (s: string) => string = (s) => s, oneLine = false): string {
  return `infeasible: ${text(i.name)}: ${text(i.error)}${i.hint ? `${oneLine ? '; ' : '\n  '}hint: ${text(i.hint)}` : ''}`;
}

interface Col {
  header: string;
  /** CSV header: snake_case with its unit, as in --json (issue 11: the CSV holds raw kWh and kg). */
  csv: string;
  align?: 'left' | 'right';
  text: (row: RunRow) => string;
  raw: (row: RunRow) => string | number | boolean | null;
}

const COLUMNS: Col[] = [
  { header: 'option', csv: 'option', text: (x) => x.result.name, raw: (x) => x.result.name },
  { header: 'gpu', csv: 'gpu', text: (x) => x.result.inputs.hardware.id, raw: (x) => x.result.inputs.hardware.id },
  { header: 'count', csv: 'count', align: 'right', text: (x) => int(x.result.inputs.gpuCount), raw: (x) => x.result.inputs.gpuCount },
  { header: 'model FLOPs', csv: 'model_flops', align: 'right', text: (x) => sci(x.result.modelFlops, 3), raw: (x) => x.result.modelFlops },
  { header: 'MFU', csv: 'mfu', align: 'right', text: (x) => pct(x.result.mfu) + (x.result.inputs.throughput.kind === 'predicted' ? '*' : ''), raw: (x) => x.result.mfu },
  { header: 'days', csv: 'wall_clock_days', align: 'right', text: (x) => dayCell(x.result.wallClockSeconds), raw: (x) => x.result.wallClockSeconds / SECONDS_PER_DAY },
  { header: 'GPU-hours', csv: 'gpu_hours', align: 'right', text: (x) => count(x.result.gpuHours, 3), raw: (x) => x.result.gpuHours },
  { header: '$/GPU-h', csv: 'usd_per_gpu_hour', align: 'right', text: (x) => hourlyFigure(x.result.inputs.price.usdPerGpuHour), raw: (x) => x.result.inputs.price.usdPerGpuHour },
  { header: 'cost', csv: 'cost_usd', align: 'right', text: (x) => usd(x.result.cost.totalUsd), raw: (x) => x.result.cost.totalUsd },
  { header: 'MWh', csv: 'energy_kwh', align: 'right', text: (x) => (x.result.energyKwh === null ? '-' : mwhFigure(x.result.energyKwh)), raw: (x) => x.result.energyKwh },
  { header: 't CO2', csv: 'co2_kg', align: 'right', text: (x) => (x.result.co2Kg === null ? '-' : tonnesFigure(x.result.co2Kg)), raw: (x) => x.result.co2Kg },
  { header: 'meets', csv: 'meets', text: (x) => meets(x.result), raw: (x) => meets(x.result) },
  { header: 'marks', csv: 'marks', text: (x) => markText(x.marks), raw: (x) => markText(x.marks) },
];

/** Shown only when some option is a commitment whose obligation differs from the run's cost. */
const COMMITMENT_COLUMN: Col = {
  header: 'commitment', csv: 'commitment_usd', align: 'right',
  text: (x) => (x.result.commitment ? usd(x.result.commitment.usd) : '-'), raw: (x) => x.result.commitment?.usd ?? null,
};
/** CSV only: where each price comes from (the providers of the median, or the scenario). */
const PRICE_SOURCE_COLUMN: Col = { header: 'price source', csv: 'price_source', text: (x) => x.result.inputs.price.source, raw: (x) => x.result.inputs.price.source };
/**
 * CSV only, after the others (the columns before keep their places): the user's cluster.throughput_scale that the row's
 * `mfu` carries (the model's predicted MFU times it), empty where none, as --json's `throughput_scale` is null.
 */
const THROUGHPUT_SCALE_COLUMN: Col = { header: 'throughput scale', csv: 'throughput_scale', text: (x) => String(scaleOf(x) ?? ''), raw: (x) => scaleOf(x) ?? null };

/**
 * CSV only, last (the columns before keep their places): cost_usd's parts, as --json's `cost` names them, so a
 * spreadsheet can add them up to it. Without them cost_usd was not gpu_hours × usd_per_gpu_hour (scenarios/
 * cluster-options.yaml: $48,470,632.62 against $48,220,632.62, its fixed $250,000 nowhere in the file) and an
 * owned cluster's electricity was in no column.
 */
const COST_PART_COLUMNS: Col[] = ([['compute', 'computeUsd'], ['energy', 'energyUsd'], ['fixed', 'fixedUsd']] as const).map(([name, key]) => (
  { header: `${name} cost`, csv: `${name}_usd`, text: (x: RunRow) => usd(x.result.cost[key]), raw: (x: RunRow) => x.result.cost[key] }
));

function columnsFor(rows: readonly RunRow[]): Col[] {
  const differs = rows.some((r) => r.result.commitment && !sameMoney(r.result.commitment.usd, r.result.cost.computeUsd));
  return differs ? [...COLUMNS.slice(0, 9), COMMITMENT_COLUMN, ...COLUMNS.slice(9)] : COLUMNS;
}

/** A commitment's factors, `N GPUs × H h × K terms × $p` (the terms only where it renews: `renewed` says how); the one formula `run` and the report print. */
export function commitmentFactors(r: RunResult, renewed: string): string {
  const c = r.commitment!;
  return `${plural(int(r.inputs.gpuCount), 'GPU')} × ${grouped(c.termHours)} h${c.terms > 1 ? ` × ${int(c.terms)} terms${renewed}` : ''} × ${hourlyUsd(r.inputs.price.usdPerGpuHour)}`;
}

/**
 * The given ranges and the time and cost at their ends (runJson.ts givenRanges, as the report's ranges table gives them):
 * `MFU 35%–45%: 17 hours–21.9 hours, $71,383–$77,493`; null without one. The run's figures take each one's expected
 * value: they said `MFU 40.0% (given)` of [0.35, 0.45], and no more.
 */
function givenRangesText(row: Pick<RunRow, 'result' | 'ranges'>): string | null {
  const ranged = givenRanges(row);
  if (!ranged) return null;
  const { given, outcome: g } = ranged;
  const [fast, slow] = [g.optimistic.wallClockSeconds, g.pessimistic.wallClockSeconds];
  const [cheap, dear] = [usd(g.optimistic.cost.totalUsd), usd(g.pessimistic.cost.totalUsd)];
  // An end that does not move (a price range alone leaves the time) is said once.
  return `${rangedInputsText(given, row)}: ${durationNoun(fast) === durationNoun(slow) ? durationNoun(fast) : durationRange(fast, slow)}, ${cheap === dear ? cheap : `${cheap}–${dear}`}`;
}

/** One option, read top to bottom: what was assumed, what it costs. */
function runDetail({ result: r, extra, ranges }: RunRow): string {
  const i = r.inputs;
  const a = i.analysis;
  const thr = i.throughput;
  const from = thr.kind === 'predicted' ? `MFU ${pct(thr.mfu)} (predicted${throughputScaleText(thr, ': ')})` : givenThroughputText(thr);
  const lines: [string, string][] = [
    ['model', modelSize(a.arch.name, a.params)],
    // GEMMs in another precision (training.gemm_precision), as plan's headline says it: MFU stays against `precision`'s
    // peak, so an FP8 run's 78% read as a BF16 figure, its FP8 GEMMs named nowhere in the text.
    ['training', `${plural(count(a.totals.tokens), 'token')}, seq_len ${a.count.options.seqLen}, ${i.precision}${i.gemm ? ` (GEMMs ${i.gemm.precision})` : ''}, attention ${a.count.options.attention}${a.count.options.documents ? ` inside ${documentsText(a.count.options.documents)}` : ''}, recompute ${recomputeText(a.count.options)}`],
    // The profile's name after a comma: in parentheses it nested its own, `h100-sxm (H100 SXM5 80GB (Hopper))`.
    ['cluster', `${int(i.gpuCount)} × ${i.hardware.id}, ${i.hardware.name}, dense ${i.precision} peak ${fixed(i.peakFlopsPerSecond / 1e12, 1)} TFLOP/s${i.gemm ? ` (MFU's; ${i.gemm.precision} ${fixed(i.gemm.peakFlopsPerSecond / 1e12, 1)} for the GEMMs)` : ''}`],
    ['throughput', from],
    ['model FLOPs', `${sci(r.modelFlops)} (6ND ${sci(a.totals.sixNd)})`],
    ['hardware FLOPs', sci(r.hardwareFlops)],
    ['MFU / HFU', `${pct(r.mfu)} / ${pct(r.hfu)}; ${fixed(r.achievedFlopsPerSecondPerGpu / 1e12, 1)} hardware TFLOP/s per GPU`],
    // Both by count's rule (and the throughput line's given rate above): per GPU at no decimals, one GPU's 59.61 tokens/s was '59.61 cluster, 60 per GPU', and 462,994.5 '462995'.
    ['tokens/s', `${count(r.tokensPerSecond)} cluster, ${count(r.tokensPerSecond / i.gpuCount)} per GPU` + (r.steps ? `; ${plural(count(r.steps), 'step')}` : '')],
    ['goodput', pct(r.goodput.goodput) + goodputDetail(r.goodput)],
    ['wall-clock', durationAndHours(r.wallClockSeconds, 'hours')],
    ['GPU-hours', `${count(r.gpuHours)}`],
    ['cost', `${usd(r.cost.totalUsd)} = compute ${usd(r.cost.computeUsd)} + energy ${r.energyKwh === null && i.energy.usdPerKwh > 0 ? 'n/a (no TDP)' : usd(r.cost.energyUsd)} + fixed ${usd(r.cost.fixedUsd)}`],
    ['price', `${hourlyUsd(i.price.usdPerGpuHour)} per GPU-hour, ${kindText(i.price.kind)} (${i.price.source})`],
    ['energy', r.energyKwh === null ? 'not estimated (no TDP)' : `${mwh(r.energyKwh)} (PUE ${fixed(i.energy.pue, 2)}, ${pct(i.energy.powerFraction, 0)} of TDP)`],
    ['CO2', r.co2Kg === null ? 'not estimated' : `${tonnes(r.co2Kg)} (${fixed(i.energy.kgCo2PerKwh, 3)} kg/kWh)`],
  ];
  const ranged = givenRangesText({ result: r, ranges });
  if (ranged) lines.push(['ranges', `${ranged} (every range at its favourable, then its unfavourable end; the lines above take each one's expected value, the middle where only the ends are given)`]);
  if (r.commitment && !sameMoney(r.commitment.usd, r.cost.computeUsd)) {
    const c = r.commitment;
    lines.push(['commitment', `${usd(c.usd)} = ${commitmentFactors(r, ' (renewed)')}: what the contract obliges; the run uses ${usd(r.cost.computeUsd)} of it (${pct(r.cost.computeUsd / c.usd, 0)})`]);
  }
  if (r.goodput.spotInterruptionFraction > 0) lines.push(['spot', `${pct(r.goodput.spotInterruptionFraction, 0)} of wall-clock lost to preemptions (pricing.interruption_overhead), in the goodput`]);
  if (i.price.owned) {
    ownedFormula(i.price.owned).forEach((f, k) => lines.push([k ? '' : 'owned', f]));
    const b = i.price.breakEven;
    if (b) lines.push(['rent or buy', `${breakEvenText(b)}; this run rented: ${usd(r.gpuHours * b.rentUsdPerGpuHour)} against ${usd(r.cost.computeUsd + r.cost.energyUsd)} owned`]);
  }
  if (extra && typeof extra.step_time_seconds === 'number') {
    const b = extra.step_breakdown as Record<string, number>;
    const step = extra.step_time_seconds;
    const share = (k: string) => pct((b[k] ?? 0) / step, 0);
    const yours = scaleOf({ result: r });
    lines.push(
      ['layout', layoutText(extra, a.arch.moe !== null)],
      // stepSeconds, as plan and the report write a step: `fixed(step, 2) s` wrote plan's 16.8 ms as 0.02 s.
      ['step', `${stepSeconds(step)}: compute ${share('compute_seconds')}, memory-bound ${share('memory_bound_seconds')}, exposed comm ${share('exposed_comm_seconds')}, bubble ${share('bubble_seconds')}${(b.host_issue_seconds ?? 0) > 0 ? `, waiting on the host's kernel issue ${share('host_issue_seconds')}` : ''}${(b.calibration_seconds ?? 0) > 0 ? `, ${unexplainedText(share('calibration_seconds'))}` : ''}; HFU ${pct(Number(extra.predicted_hfu))}${yours !== undefined ? ` (the model's; ${stepSeconds(step / yours)} with your throughput_scale)` : ''}`],
      ['memory/GPU', `${gib(Number(extra.memory_per_gpu_bytes))} of ${gib(Number(extra.memory_capacity_bytes))}`],
    );
    if (extra.offload) lines.push(['offload', offloadCostText(extra.offload as Parameters<typeof offloadCostText>[0])]);
  }
  const verdicts = constraintsChecked(r, true);
  if (verdicts) lines.push(['constraints', verdicts]);
  const w = Math.max(...lines.map(([k]) => k.length));
  return `${r.name}\n` + lines.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}

export function breakEvenText(b: NonNullable<RunRow['result']['inputs']['price']['breakEven']>): string {
  const rent = `renting at ${hourlyUsd(b.rentUsdPerGpuHour)}/GPU-h (${b.rentSource})`;
  // The utilisation here is the share of the hours the owned GPUs are in use, said so (lead trial 23): 'cheaper above 28%
  // utilisation' stood under 'MFU 40.0%', which a scenario writes as cluster.utilization, and read as the same measure.
  const u = b.utilization === null ? 'owning never pays: the rent is below the energy alone'
    : b.utilization > 1 ? `owning costs more even in use every hour (break-even at ${pct(b.utilization, 0)} of the hours in use)`
    : `owning is cheaper if the GPUs are in use more than ${pct(b.utilization, 0)} of the hours (time in use, not MFU)`;
  // Break-even utilisation above 100% is a payback past the amortisation (the same inequality): it was
  // "owning costs more even at full use ...; the purchase pays back after 441.8 months of full use".
  const m = b.months === null ? '' : b.utilization !== null && b.utilization > 1
    ? `; at full use the purchase would pay back only after ${fixed(b.months, 1)} months, longer than it is amortised over`
    : `; the purchase pays back after ${fixed(b.months, 1)} months of full use`;
  return `against ${rent}: ${u}${m}`;
}

function markText(m: Marks): string {
  return [m.cheapest ? 'cheapest' : '', m.fastest ? 'fastest' : '', m.pareto ? 'pareto' : ''].filter(Boolean).join(' ');
}

export function renderRuns(rows: readonly RunRow[], format: RunFormat, infeasible: readonly Infeasible[] = []): string {
  switch (format) {
    case 'json':
      return jsonText(runJson(rows, infeasible));
    case 'csv':
    {
      // Every CSV has the same columns in the same places, whatever its rows (a spreadsheet reads them by position):
      // commitment_usd, which the table shows only where a commitment differs from the run's cost, was inserted after
      // cost_usd then, moving every column after it; it is last, empty where there is no commitment (--json's null).
      const cols = [...COLUMNS, PRICE_SOURCE_COLUMN, THROUGHPUT_SCALE_COLUMN, ...COST_PART_COLUMNS, COMMITMENT_COLUMN];
      return [cols.map((c) => csvCell(c.csv)).join(','), ...rows.map((r) => cols.map((c) => csvCell(c.raw(r))).join(','))].join('\n') + '\n';
    }
    case 'markdown': {
      // As the text table: one scenario's options under its name, printed once above the table (newuser35 B5: every
      // row repeated it, `70B on 15T tokens, cluster options \[2048 MI300X\]`, the widest column of a pasted table).
      const base = rows.length > 1 ? sharedBase(rows) : null;
      const label = base !== null ? tableLabel(rows) : (r: RunRow) => r.result.name;
      const cols = columnsFor(rows).map((c, i) => (i === 0 ? { ...c, text: label } : c));
      const head = `| ${cols.map((c) => c.header).join(' | ')} |`;
      const rule = `|${cols.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
      const title = base !== null ? `${markdownText(base)}\n\n` : '';
      return title + [head, rule, ...rows.map((r) => `| ${cols.map((c) => markdownText(c.text(r))).join(' | ')} |`)].join('\n') + '\n' + footnotes(rows, infeasible, { text: markdownText, markdown: true, label });
    }
    case 'text':
      if (rows.length === 1) return runDetail(rows[0]!) + footnotes(rows, infeasible, { detail: true });
      return comparisonTable(rows) + '\n' + footnotes(rows, infeasible, { label: tableLabel(rows) });
  }
}

/** One scenario's matrix reads better as its combinations under the scenario's name. */
function sharedBase(rows: readonly RunRow[]): string | null {
  const bases = new Set(rows.map((r) => baseRunName(r.result)));
  return bases.size === 1 && rows.every((r) => r.result.inputs.label) ? [...bases][0]! : null;
}

/** The name the table's option column shows: the option or matrix cell under a shared scenario name, else the run's name. */
function tableLabel(rows: readonly RunRow[]): (r: RunRow) => string {
  return sharedBase(rows) !== null ? (r) => r.result.inputs.label! : (r) => r.result.name;
}

function comparisonTable(rows: readonly RunRow[]): string {
  const base = sharedBase(rows);
  const shared = base !== null;
  const cols = columnsFor(rows).map((c, i) => (i === 0 ? { ...c, text: tableLabel(rows) } : c));
  const body = table(cols.map((c) => ({ header: c.header, align: c.align })), rows.map((r) => cols.map((c) => c.text(r))));
  return shared ? `${base}\n\n${body}` : body;
}

/**
 * The notes in Markdown: each its own block, a blank line before it, and the indented lines under the `*` note (its kinds'
 * records, the scaled runs) its nested list items. Joined by newlines alone, they rendered as one paragraph: the record
 * lines a lazy continuation of the `* MFU` item, and the notes after them too (hostile sweep 29).
 */
function markdownNotes(notes: readonly string[]): string {
  // An infeasible option's hint keeps its own line: a backslash at the end of the line before is a hard line break (CommonMark 6.7).
  return notes.map((n, i) => (n.startsWith('  ') ? `  - ${n.trimStart()}` : `${i > 0 ? '\n' : ''}${n.replace(/\n {2}hint: /g, '\\\n  hint: ')}`)).join('\n');
}

/** How the notes are written: `text` escapes, `label` names a run, `detail` (under one run's detail, which says its throughput_scale itself), `markdown` (as Markdown blocks: {@link markdownNotes}). */
interface NoteStyle {
  text?: (s: string) => string;
  label?: (r: RunRow) => string;
  detail?: boolean;
  markdown?: boolean;
}

function footnotes(rows: readonly RunRow[], infeasible: readonly Infeasible[] = [], { text = (s) => s, label = (r) => r.result.name, detail = false, markdown = false }: NoteStyle = {}): string {
  const notes: string[] = infeasible.map((i) => infeasibleNote(i, text));
  if (rows.some((r) => r.result.inputs.throughput.kind === 'predicted')) notes.push(`* MFU predicted by the performance model (utilization: auto); ${unseenAccuracyText()}.`);
  // A starred MFU that carries the user's cluster.throughput_scale is the model's times it: said under the note, run by run.
  for (const r of detail ? [] : rows) {
    const scaled = throughputScaleText(r.result.inputs.throughput);
    if (scaled) notes.push(`  ${text(label(r))}: ${text(scaled)}`);
  }
  // Each kind of predicted run once, with the GPUs it covers: which way the model has erred on it, and on how many runs on each of them.
  // A line is led by its GPUs, or by its options where a GPU of its is another kind's too (an FP8 and an NVFP4 option on
  // b200 printed two lines led 'b200', which could not say which option each was: hostile sweep 29).
  const kinds = new Map<string, { record: KindRecord; gpus: Set<string>; options: string[] }>();
  for (const r of rows) {
    const t = r.result.inputs.throughput;
    if (t.kind !== 'predicted' || !t.record) continue;
    const k = kinds.get(t.record.kind) ?? { record: t.record, gpus: new Set<string>(), options: [] };
    k.gpus.add(r.result.inputs.hardware.id);
    k.options.push(label(r));
    kinds.set(t.record.kind, k);
  }
  const shared = (gpu: string) => [...kinds.values()].filter((k) => k.gpus.has(gpu)).length > 1;
  for (const k of kinds.values()) {
    const lead = [...k.gpus].some(shared) ? k.options : [...k.gpus];
    notes.push(`  ${text(lead.join(', '))} — ${text(kindRecordText(k.record, [...k.gpus]))}.`);
  }
  // After the `*` note's indented kind lines, which belong to it. MFU is against training.precision's peak while the
  // GEMMs run in gemm_precision: 91.8% on an FP8 run read as impossible.
  const gemm = new Set(rows.flatMap((r) => (r.result.inputs.gemm ? [`MFU is against the ${r.result.inputs.precision} dense peak while the GEMMs run in ${r.result.inputs.gemm.precision} (training.gemm_precision), so it can pass what ${r.result.inputs.precision} alone reaches.`] : [])));
  notes.push(...[...gemm].map(text));
  if (rows.length > 1) notes.push(...constraintsNotes(rows, label).map(text));
  // Each option's given ranges and their ends (one run's detail has them as a line of its own).
  const ranged = detail ? [] : rows.flatMap((r) => { const g = givenRangesText(r); return g ? [`ranges, ${label(r)}: ${g}`] : []; });
  if (ranged.length) notes.push(...ranged.map(text), 'ranges: each at its favourable, then its unfavourable end; the table takes each one\'s expected value, the middle where only the ends are given');
  if (rows.length > 1 && marksLeaveOut(rows.map((r) => r.result))) notes.push('marks: cheapest and fastest are among the options that meet the constraints (meets: yes); pareto compares every option');
  const sources = [...new Set(rows.filter((r) => r.result.inputs.price.providers.length).map((r) => `${r.result.inputs.hardware.id} ${kindText(r.result.inputs.price.kind)}: ${r.result.inputs.price.source}`))];
  if (rows.length > 1) for (const p of sources) notes.push(`price ${text(p)}`);
  for (const w of labelledWarnings(rows.map((r) => ({ label: label(r), warnings: r.result.warnings })))) notes.push(`warning: ${text(w)}`);
  // Where the defaulted attention convention moves MFU and HFU by a fifth or more (flops/conventionShift.ts).
  for (const n of labelledWarnings(rows.map((r) => ({ label: label(r), warnings: attentionNotes(r) })))) notes.push(`note: ${text(n)}`);
  return notes.length ? '\n' + (markdown ? markdownNotes(notes) : notes.join('\n')) + '\n' : '';
}


/** A run's attention-convention note as a list (none or one), for labelledWarnings: the table's `note:` lines, CSV's stderr. */
export function attentionNotes(r: Pick<RunRow, 'result'>): string[] {
  const t = attentionNoteText(r.result);
  return t === null ? [] : [t];
}

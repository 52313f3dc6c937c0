/** `flopcast budget` output: text for people, JSON for programs. Pure. */
import { count, fixed, hourlyUsd, int, modelSize, pct, plural, sci, usd, mwh } from '../report/format.js';
import { dayCell, durationAndHours } from '../report/duration.js';
import { table } from '../report/table.js';
import { attentionNoteText, DEFAULT_FLAG_WORDING, FLAG_WORDING, SCENARIO_WORDING } from '../report/attentionNoteText.js';
import { attentionNoteJson } from '../report/runJson.js';
import { labelledWarnings } from '../report/warnings.js';
import { CHINCHILLA, CHINCHILLA_CITATION, CHINCHILLA_RULE_CITATION } from './chinchilla.js';
import type { BudgetPlan, ComputeBudget, ModelCost, ModelTokens } from './plan.js';
import type { Allocation } from './chinchilla.js';

/**
 * A compute-optimal allocation, `91.29B parameters, 1.826T tokens; loss 1.918`, each noun singular for one (plural): the
 * 120 FLOPs the 20-tokens rule's smallest model takes printed '1 parameters'. `perParam`: its tokens per parameter too.
 */
const allocationText = (a: Allocation, perParam = false): string =>
  `${plural(count(a.params), 'parameter')}, ${plural(count(a.tokens), 'token')}${perParam ? ` (${fixed(a.tokens / a.params, 1)} tokens/param)` : ''}; loss ${fixed(a.loss, 3)}`;

function lines(rows: [string, string][]): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n');
}

function clusterText(p: BudgetPlan['cluster']): string {
  return `${p.gpuCount ? `${int(p.gpuCount)} × ` : ''}${p.hardware.id}, ${p.precision} dense peak ${fixed(p.peakFlopsPerSecond / 1e12, 1)} TFLOP/s, MFU ${pct(p.utilization)}${goodputText(p.goodput)}`;
}

/** `, goodput 90%` beside the MFU where a goodput below 1 is given. */
const goodputText = (g: number | undefined): string => (g !== undefined && g < 1 ? `, goodput ${pct(g)}` : '');

function priceText(p: BudgetPlan['cluster']['price']): string {
  return p ? `${hourlyUsd(p.usdPerGpuHour)} per GPU-hour (${p.source})` : 'not given';
}

/** `A budget of $5M and a deadline of 90 days (2160 h)`, `A compute budget of 5.76e23 FLOPs`. */
function targetText(t: ComputeBudget['target']): string {
  return t.flops !== undefined ? `A compute budget of ${sci(t.flops)} FLOPs`
    : [t.usd !== undefined ? `A budget of ${usd(t.usd)}` : '', t.deadlineSeconds !== undefined ? `${t.usd !== undefined ? 'and a' : 'A'} deadline of ${durationAndHours(t.deadlineSeconds, 'h')}` : ''].filter(Boolean).join(' ');
}

/** Which of the dollars and the deadline binds, where both were given. */
function bindingRow(b: ComputeBudget): [string, string][] {
  const t = b.target;
  return t.usd !== undefined && t.deadlineSeconds !== undefined ? [['binding', b.binding === 'usd' ? 'the dollars run out before the deadline' : 'the deadline comes before the dollars run out']] : [];
}

export function budgetText(p: BudgetPlan): string {
  const b = p.budget;
  const t = b.target;
  const head = targetText(t);
  const out = [
    `${head} on ${clusterText(p.cluster)}`,
    '',
    lines([
      ['price', priceText(p.cluster.price)],
      ['GPU-hours', count(b.gpuHours)],
      ['wall-clock', b.wallClockSeconds === null ? 'give --count for the wall-clock time' : durationAndHours(b.wallClockSeconds, 'h')],
      ['cost', b.costUsd === null ? 'give --price for the cost' : usd(b.costUsd)],
      ['compute', `${sci(b.flops)} model FLOPs`],
      ...bindingRow(b),
    ]),
    '',
    'Compute-optimal model for that compute (C = 6ND):',
    '',
    lines([
      ['~20 tokens/param', allocationText(p.ruleOfThumb)],
      ['loss-law optimum', allocationText(p.lawOptimal, true)],
    ]),
    '',
    notes(false, p.cluster.goodput),
  ];
  return out.join('\n') + '\n';
}

/**
 * The notes under a budget. `model`: a given model's cost (budget --model), whose time and cost are its exact model
 * FLOPs' (src/budget/plan.ts costModel), printed beside 6ND: "exact model FLOPs (with attention) run a few per cent
 * above 6ND" was said under a Qwen3-MoE config counted at 40,960 tokens, 4.9 times 6ND, and "above 6ND" under
 * gpt-oss-20b's, below it (2.413e22 against 2.512e22 at 1T tokens: its embedding is in N, its windows are short).
 */
function notes(model = false, goodput = 1): string {
  const c = CHINCHILLA;
  // What the figures leave out, said whole (lead trial 23): a budget owner comparing budget --model with run of the same
  // model and cluster saw 206.3 days against 229.3 with nothing saying budget counts no downtime (run's goodput 0.9).
  const excluded = goodput < 1
    ? `Energy and fixed costs are not included; time lost to failures, restarts and checkpoints is, at ${pct(goodput)} goodput (the wall-clock is the compute time over it, as in flopcast run).`
    : 'Energy and fixed costs are not included, nor time lost to failures, restarts and checkpoints (100% goodput: --goodput, or a scenario\'s overheads.goodput, adds it).';
  return [
    `Loss: L(N, D) = ${c.E} + ${c.A}/N^${c.alpha} + ${c.B}/D^${c.beta} nats/token, ${CHINCHILLA_CITATION} (Approach 3, MassiveText; other data gives other constants).`,
    'The loss-law optimum uses the paper\'s rounded constants, which favour smaller models than its Approaches 1 and 2 (Besiroglu et al. 2024); the 20-tokens rule matches those.',
    model
      ? 'Time and cost are for the model\'s exact FLOPs at the given MFU, not its 6ND (attention adds to them, growing with the sequence length; parameters no token multiplies, such as an untied input embedding, are in N but not in them); the allocations are of its 6ND. ' + excluded
      : 'Time and cost are for compute at the given MFU; exact model FLOPs (with attention) run a few per cent above 6ND. ' + excluded,
  ].join('\n');
}

export function budgetJson(p: BudgetPlan): Record<string, unknown> {
  const b = p.budget;
  return {
    target: { ...(b.target.usd !== undefined ? { usd: b.target.usd } : {}), ...(b.target.deadlineSeconds !== undefined ? { deadline_seconds: b.target.deadlineSeconds } : {}), ...(b.target.flops !== undefined ? { flops: b.target.flops } : {}) },
    binding: b.binding,
    gpu: p.cluster.hardware.id,
    count: p.cluster.gpuCount ?? null,
    precision: p.cluster.precision,
    peak_flops_per_gpu: p.cluster.peakFlopsPerSecond,
    utilization: p.cluster.utilization,
    goodput: p.cluster.goodput ?? 1,
    usd_per_gpu_hour: p.cluster.price?.usdPerGpuHour ?? null,
    price_source: p.cluster.price?.source ?? null,
    price_providers: p.cluster.price?.providers ?? [],
    compute_flops: b.flops,
    gpu_hours: b.gpuHours,
    wall_clock_seconds: b.wallClockSeconds,
    cost_usd: b.costUsd,
    rule_of_thumb: { params: p.ruleOfThumb.params, tokens: p.ruleOfThumb.tokens, tokens_per_param: CHINCHILLA.tokensPerParam, six_nd_flops: p.ruleOfThumb.flops, loss: p.ruleOfThumb.loss },
    loss_law_optimal: { params: p.lawOptimal.params, tokens: p.lawOptimal.tokens, tokens_per_param: p.lawOptimal.tokens / p.lawOptimal.params, six_nd_flops: p.lawOptimal.flops, loss: p.lawOptimal.loss },
    loss_law: { E: CHINCHILLA.E, A: CHINCHILLA.A, B: CHINCHILLA.B, alpha: CHINCHILLA.alpha, beta: CHINCHILLA.beta, source: CHINCHILLA_CITATION },
    // The price's warnings (a given price far from the list, a stale one), as run's --json carries them.
    warnings: p.cluster.price?.warnings ?? [],
  };
}

/** A given model's cost rows, from its model FLOPs to the law's loss (budget --model, with --tokens or with a budget). */
function modelCostRows(m: ModelCost): [string, string][] {
  const r = m.run;
  const i = r.inputs;
  const a = i.analysis;
  const moe = a.params.active !== a.params.total;
  return [
    ['model FLOPs', `${sci(r.modelFlops)} (6ND ${sci(a.totals.sixNd)})`],
    ['wall-clock', durationAndHours(r.wallClockSeconds, 'h')],
    ['GPU-hours', count(r.gpuHours)],
    ['price', priceText(i.price.usdPerGpuHour > 0 ? i.price : null)],
    ['cost', i.price.usdPerGpuHour > 0 ? usd(r.cost.computeUsd) : 'give --price for the cost'],
    // The cluster's PUE and share of the TDP (a scenario's energy block with budget FILE, as run counts them).
    ['energy', r.energyKwh === null ? 'not estimated (no TDP)' : `${mwh(r.energyKwh)} at ${i.energy.powerFraction === 1 ? '' : `${pct(i.energy.powerFraction, 0)} of `}the GPUs' TDP, PUE ${fixed(i.energy.pue, 2)}`],
    [moe ? 'tokens/active param' : 'tokens/param', `${fixed(m.tokensPerParam, 1)} (Chinchilla-optimal ≈ ${CHINCHILLA.tokensPerParam}${moe ? '; the law is fitted on dense models, an MoE counted by its active parameters' : ''})`],
    ['loss (law)', fixed(m.loss, 3)],
  ];
}

/** budget --model --tokens with --usd and/or --deadline: whether they cover the tokens (estimateRun's meetsBudget, meetsDeadline). */
function coverRows(m: ModelCost): [string, string][] {
  const r = m.run;
  const c = r.inputs.constraints ?? {};
  const rows: [string, string][] = [];
  if (c.budgetUsd !== undefined) {
    const share = `(${pct(r.cost.computeUsd / c.budgetUsd)})`;
    rows.push(['within --usd', r.meetsBudget ? `yes: ${usd(r.cost.computeUsd)} of ${usd(c.budgetUsd)} ${share}` : `no: ${usd(r.cost.computeUsd)}, ${usd(r.cost.computeUsd - c.budgetUsd)} over ${usd(c.budgetUsd)} ${share}`]);
  }
  if (c.deadlineSeconds !== undefined) {
    const share = `(${pct(r.wallClockSeconds / c.deadlineSeconds)})`;
    rows.push(['by --deadline', r.meetsDeadline ? `yes: ${durationAndHours(r.wallClockSeconds, 'h')} of ${durationAndHours(c.deadlineSeconds, 'h')} ${share}` : `no: ${durationAndHours(r.wallClockSeconds, 'h')}, past ${durationAndHours(c.deadlineSeconds, 'h')} ${share}`]);
  }
  if (rows.length && (r.meetsBudget === false || r.meetsDeadline === false)) rows.push(['', 'drop --tokens for the tokens the budget buys']);
  return rows;
}

/** The attention-convention note of a given model's answer (budget/plan.ts costModel), in run's words or budget's flags'; null where none. */
export function budgetNoteText(m: ModelCost): string | null {
  const cv = m.convention;
  return cv ? attentionNoteText({ inputs: { throughput: cv.throughput }, wallClockSeconds: m.run.wallClockSeconds, ...(m.run.attentionConvention ? { attentionConvention: m.run.attentionConvention } : {}) }, cv.words === 'flags' ? FLAG_WORDING : cv.words === 'default flags' ? DEFAULT_FLAG_WORDING : SCENARIO_WORDING) : null;
}

/** The same 6ND compute allocated compute-optimally, and the notes (a given model's). */
function modelCostTail(m: ModelCost): string[] {
  const note = budgetNoteText(m);
  return [
    // Where the defaulted attention convention moves the given MFU's reading by a fifth or more, as run's `note:` line.
    ...(note ? ['', `note: ${note}`] : []),
    '',
    'The same 6ND compute, allocated compute-optimally:',
    '',
    lines([
      ['~20 tokens/param', allocationText(m.ruleOfThumb)],
      ['loss-law optimum', allocationText(m.lawOptimal)],
    ]),
    '',
    notes(true, m.run.goodput.goodput),
  ];
}

export function modelCostText(m: ModelCost): string {
  const r = m.run;
  const i = r.inputs;
  const a = i.analysis;
  return [
    `${modelSize(a.arch.name, a.params)}; ${plural(count(a.totals.tokens), 'token')} on ${int(i.gpuCount)} × ${i.hardware.id} at MFU ${pct(r.mfu)}${goodputText(r.goodput.goodput)}`,
    // What the model's import assumed (a config.json's seq_len, fields not counted), as flops prints it under its headline.
    ...a.warnings.map((w) => `warning: ${w}`),
    '',
    lines([...modelCostRows(m), ...coverRows(m)]),
    ...modelCostTail(m),
  ].join('\n') + '\n';
}

/**
 * The tokens a budget buys for a given model (budget --model without --tokens): the whole tokens, against the model's
 * ~20 tokens per parameter (the rule budget's compute-optimal figures use), then the cost of those tokens as
 * `budget --model --tokens` prints it. `layout`: a scenario's predicted layout (budget FILE), in run's words (report/layoutText.ts).
 */
export function modelTokensText(t: ModelTokens, layout?: string): string {
  const m = t.cost;
  const i = m.run.inputs;
  const a = i.analysis;
  const n = a.params.active;
  const moe = n !== a.params.total;
  const o = a.count.options;
  return [
    `${modelSize(a.arch.name, a.params)}; ${targetText(t.budget.target).replace(/^A/, 'a')} on ${int(i.gpuCount)} × ${i.hardware.id} at MFU ${pct(m.run.mfu)}${goodputText(m.run.goodput.goodput)} buys`,
    ...a.warnings.map((w) => `warning: ${w}`),
    '',
    lines([
      // Past 2^53 a double holds no exact count of tokens: the digits int() would print are not all the tokens'.
      ['tokens', Number.isSafeInteger(a.totals.tokens) ? `${int(a.totals.tokens)} (${count(a.totals.tokens, 3)}), rounded down to whole tokens` : `${sci(a.totals.tokens)}, past 2^53, where a count of tokens is not exact`],
      ['vs compute-optimal', `${count(a.totals.tokens / t.optimalTokens, 3)}× the ${count(t.optimalTokens, 3)} Chinchilla-optimal for ${count(n)}${moe ? ' active' : ''} parameters (~${CHINCHILLA.tokensPerParam} tokens/param, Hoffmann et al. 2022)`],
      ...bindingRow(t.budget),
      ['FLOPs per token', `${sci(t.flopsPerToken)} (exact model FLOPs at seq len ${int(o.seqLen)}, ${o.attention} attention)`],
      ...modelCostRows(m),
      ...(layout ? [['layout', layout] as [string, string]] : []),
    ]),
    ...modelCostTail(m),
  ].join('\n') + '\n';
}

export function modelCostJson(m: ModelCost): Record<string, unknown> {
  const r = m.run;
  const i = r.inputs;
  return {
    model: i.analysis.arch.name,
    params: i.analysis.params.total,
    // The N of tokens_per_param, loss and the allocations (6 × active × tokens is the compute).
    active_params: i.analysis.params.active,
    tokens: i.analysis.totals.tokens,
    gpu: i.hardware.id,
    count: i.gpuCount,
    precision: i.precision,
    utilization: r.mfu,
    goodput: r.goodput.goodput,
    model_flops: r.modelFlops,
    six_nd: i.analysis.totals.sixNd,
    wall_clock_seconds: r.wallClockSeconds,
    gpu_hours: r.gpuHours,
    usd_per_gpu_hour: i.price.usdPerGpuHour > 0 ? i.price.usdPerGpuHour : null,
    price_source: i.price.usdPerGpuHour > 0 ? i.price.source : null,
    cost_usd: i.price.usdPerGpuHour > 0 ? r.cost.computeUsd : null,
    energy_kwh: r.energyKwh,
    tokens_per_param: m.tokensPerParam,
    loss: m.loss,
    rule_of_thumb: { params: m.ruleOfThumb.params, tokens: m.ruleOfThumb.tokens, loss: m.ruleOfThumb.loss },
    loss_law_optimal: { params: m.lawOptimal.params, tokens: m.lawOptimal.tokens, loss: m.lawOptimal.loss },
    loss_law: { E: CHINCHILLA.E, A: CHINCHILLA.A, B: CHINCHILLA.B, alpha: CHINCHILLA.alpha, beta: CHINCHILLA.beta, source: CHINCHILLA_CITATION },
    // budget --model --tokens with --usd and/or --deadline: whether they cover the tokens.
    ...(i.constraints ? { within: { ...(i.constraints.budgetUsd !== undefined ? { usd: i.constraints.budgetUsd, meets_usd: r.meetsBudget } : {}), ...(i.constraints.deadlineSeconds !== undefined ? { deadline_seconds: i.constraints.deadlineSeconds, meets_deadline: r.meetsDeadline } : {}) } } : {}),
    // The model's warnings, then the price's (as run's results[].warnings: a given price far from the list, a stale one).
    warnings: [...i.analysis.warnings, ...(i.price.warnings ?? [])],
    // Only where the defaulted attention convention moves the MFU's reading by a fifth or more, as run's (report/runJson.ts).
    ...(r.attentionConvention ? { attention_convention_note: attentionNoteJson(r.attentionConvention, budgetNoteText(m)) } : {}),
  };
}

/** budget --model without --tokens, as JSON: what the budget buys, then `budget --model --tokens --json` of those tokens. */
export function modelTokensJson(t: ModelTokens): Record<string, unknown> {
  const b = t.budget;
  const a = t.cost.run.inputs.analysis;
  return {
    target: { ...(b.target.usd !== undefined ? { usd: b.target.usd } : {}), ...(b.target.deadlineSeconds !== undefined ? { deadline_seconds: b.target.deadlineSeconds } : {}) },
    binding: b.binding,
    budget_compute_flops: b.flops,
    budget_gpu_hours: b.gpuHours,
    model_flops_per_token: t.flopsPerToken,
    seq_len: a.count.options.seqLen,
    attention: a.count.options.attention,
    ...modelCostJson(t.cost),
    tokens_rounded: 'down',
    chinchilla_optimal_tokens: t.optimalTokens,
    tokens_vs_chinchilla_optimal: a.totals.tokens / t.optimalTokens,
    chinchilla_rule: { tokens_per_param: CHINCHILLA.tokensPerParam, source: CHINCHILLA_RULE_CITATION },
  };
}

/**
 * The tokens a budget buys for a scenario's model on each of its runs (budget FILE of several options or matrix cells):
 * one row a run, each as modelTokensText answers one, at that run's cluster, MFU, price and goodput.
 */
export function modelTokensTable(rows: readonly { label: string; t: ModelTokens }[]): string {
  const first = rows[0]!.t;
  const a = first.cost.run.inputs.analysis;
  const o = a.count.options;
  const body = rows.map(({ label, t }) => {
    const r = t.cost.run;
    const i = r.inputs;
    return [
      label, i.hardware.id, int(i.gpuCount), pct(r.mfu), pct(r.goodput.goodput), hourlyUsd(i.price.usdPerGpuHour),
      count(r.inputs.analysis.totals.tokens, 3), `${count(r.inputs.analysis.totals.tokens / t.optimalTokens, 3)}×`,
      dayCell(r.wallClockSeconds), count(r.gpuHours), usd(r.cost.computeUsd), t.budget.binding ?? '',
    ];
  });
  const both = first.budget.target.usd !== undefined && first.budget.target.deadlineSeconds !== undefined;
  const columns = [
    { header: 'option' }, { header: 'gpu' }, { header: 'count', align: 'right' }, { header: 'MFU', align: 'right' }, { header: 'goodput', align: 'right' },
    { header: '$/GPU-h', align: 'right' }, { header: 'tokens', align: 'right' }, { header: 'vs optimal', align: 'right' },
    { header: 'days', align: 'right' }, { header: 'GPU-hours', align: 'right' }, { header: 'cost', align: 'right' }, ...(both ? [{ header: 'binding' }] : []),
  ] as const;
  return [
    `${modelSize(a.arch.name, a.params)}; ${targetText(first.budget.target).replace(/^A/, 'a')} buys, on each run of the scenario`,
    ...a.warnings.map((w) => `warning: ${w}`),
    '',
    table([...columns], both ? body : body.map((r) => r.slice(0, -1))),
    '',
    // Past 2^53 a double holds no exact count (as modelTokensText says of one run; hostile sweep 26: $100B's 61.5P tokens were 'rounded down to whole tokens').
    `Tokens rounded down to whole tokens${rows.every(({ t }) => Number.isSafeInteger(t.cost.run.inputs.analysis.totals.tokens)) ? '' : ' (not exact past 2^53)'}, at ${rows.every(({ t }) => t.flopsPerToken === first.flopsPerToken) ? `${sci(first.flopsPerToken)} model FLOPs a token (exact, seq len ${int(o.seqLen)}, ${o.attention} attention)` : "each run's exact model FLOPs a token (its sequence length differs)"}; vs optimal: against Chinchilla's ~${CHINCHILLA.tokensPerParam} tokens per${a.params.active !== a.params.total ? ' active' : ''} parameter (${count(first.optimalTokens, 3)} tokens), Hoffmann et al. 2022.`,
    'Time and cost are for the model\'s exact FLOPs at each run\'s MFU, over its goodput (as flopcast run counts them); energy and fixed costs are not included.',
    // Where the defaulted attention convention moves a run's MFU by a fifth or more, by option where not all (as run's table).
    ...labelledWarnings(rows.map(({ label, t }) => { const n = budgetNoteText(t.cost); return { label, warnings: n ? [n] : [] }; })).map((n) => `note: ${n}`),
  ].join('\n') + '\n';
}

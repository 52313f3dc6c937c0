/**
 * A parallel layout (how a training step is split over the GPUs) and the rules that make one
 * possible. Notation follows Narayanan et al. 2021 §3.1 (p, t, d; b = micro-batch;
 * m = B/(b·d) micro-batches per pipeline) and Korthikanti et al. 2022 (sequence parallelism,
 * selective recomputation); cp and ep follow Megatron-Core (context / expert parallel).
 */
import type { Architecture } from '../model/architecture.js';
import { InputError } from '../input/errors.js';

/**
 * '1f1b' and 'interleaved': Narayanan et al. 2021 §2.2. 'dualpipe': DeepSeek-V3's bidirectional
 * schedule (DeepSeek-AI 2024, arXiv:2412.19437 §3.2.1; deepseek-ai/DualPipe): each of the pp ranks
 * holds two stages (stage i and stage pp−1−i), micro-batches are fed from both ends, and a forward
 * and a backward chunk run as one overlapped pair so that the expert all-to-all and the pipeline
 * sends hide behind the other chunk's computation.
 */
export type PipelineSchedule = '1f1b' | 'interleaved' | 'dualpipe';
export type ZeroStage = 0 | 1 | 2 | 3;
export type Recompute = 'none' | 'selective' | 'full';

export interface Layout {
  tp: number;
  pp: number;
  dp: number;
  cp: number;
  ep: number;
  microBatch: number;
  schedule: PipelineSchedule;
  /** Model chunks per pipeline stage (Narayanan §2.2.2 "v"); 1 for plain 1F1B. */
  virtualStages: number;
  zeroStage: ZeroStage;
  sequenceParallel: boolean;
  recompute: Recompute;
}

export const LAYOUT_FIELDS = ['tp', 'pp', 'dp', 'cp', 'ep', 'microBatch', 'schedule', 'virtualStages', 'zeroStage', 'sequenceParallel', 'recompute'] as const;
export type LayoutField = (typeof LAYOUT_FIELDS)[number];

/** One reason a layout cannot run, naming the field a user would change. */
export interface LayoutIssue {
  field: LayoutField;
  message: string;
  hint: string;
}

export interface LayoutCheckOptions {
  /** Sequence length of the run (default: the architecture's). */
  seqLen?: number;
  /**
   * Allow pp not dividing the layer count (stages of ⌈L/p⌉ and ⌊L/p⌋ layers, as Llama 3 did:
   * "we reduce one Transformer layer each from the first and the last stages", Llama 3 §3.3.2).
   */
  unevenStages?: boolean;
}

/** DualPipe's micro-batch rule: m even and m ≥ 2·pp (deepseek-ai/DualPipe dualpipe.py `step` assertions). */
export function dualPipeMicroBatchesOk(microBatches: number, pp: number): boolean {
  return microBatches % 2 === 0 && microBatches >= 2 * pp;
}

/** Every reason the layout is impossible; empty when it can run (memory is checked separately). */
export function checkLayout(arch: Architecture, gpuCount: number, globalBatchSequences: number, layout: Layout, options: LayoutCheckOptions = {}): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  const add = (field: LayoutField, message: string, hint: string) => issues.push({ field, message, hint });
  const { tp, pp, dp, cp, ep, microBatch: b, virtualStages: v } = layout;
  const s = options.seqLen ?? arch.seqLen;
  for (const f of ['tp', 'pp', 'dp', 'cp', 'ep', 'microBatch', 'virtualStages'] as const) {
    const x = layout[f];
    if (!Number.isSafeInteger(x) || x < 1) add(f, `${f} must be a positive whole number, found ${x}`, `set ${f} to 1 or more`);
  }
  if (issues.length) return issues;
  if (tp * pp * dp * cp !== gpuCount) {
    add('dp', `tp·pp·dp·cp = ${tp}·${pp}·${dp}·${cp} = ${tp * pp * dp * cp}, not the ${gpuCount} GPUs`, `choose degrees whose product is ${gpuCount}${gpuCount % (tp * pp * cp) === 0 ? ` (dp = ${gpuCount / (tp * pp * cp)})` : ''}`);
  }
  if (arch.heads % tp !== 0) add('tp', `tp = ${tp} does not divide the ${arch.heads} attention heads`, `use a divisor of ${arch.heads}`);
  else if (!arch.mla && arch.kvHeads % tp !== 0 && tp % arch.kvHeads !== 0) {
    add('tp', `tp = ${tp} does not divide the ${arch.kvHeads} key/value heads (nor is it a multiple of them)`, `use a divisor of ${arch.kvHeads}`);
  }
  if (options.unevenStages ? pp > arch.layers : arch.layers % pp !== 0) {
    add('pp', `pp = ${pp} does not divide the ${arch.layers} layers`, `use a divisor of ${arch.layers}`);
  } else if (Math.ceil(arch.layers / pp) % v !== 0) {
    add('virtualStages', `${Math.ceil(arch.layers / pp)} layers per stage cannot be split into ${v} virtual stages`, `use a divisor of ${Math.ceil(arch.layers / pp)}`);
  }
  if (layout.schedule === 'interleaved' && pp < 2) add('schedule', 'the interleaved schedule needs pp > 1', 'use schedule 1f1b, or pp of 2 or more');
  if (layout.schedule !== 'interleaved' && v !== 1) add('virtualStages', `virtual stages (${v}) need the interleaved schedule`, 'set schedule: interleaved, or virtualStages: 1');
  // deepseek-ai/DualPipe dualpipe.py `step`: `assert num_ranks % 2 == 0` and
  // `assert num_chunks > 0 and num_chunks % 2 == 0 and num_chunks >= num_ranks * 2` (DeepSeek-V3 §3.2.1:
  // "DualPipe requires that the pipeline stages and micro-batches be divisible by 2").
  if (layout.schedule === 'dualpipe' && (pp < 2 || pp % 2 !== 0)) add('schedule', `DualPipe needs an even pp of 2 or more, found pp = ${pp}`, 'use an even pp, or schedule 1f1b');
  if (globalBatchSequences % (b * dp) !== 0) {
    add('microBatch', `micro-batch ${b} × dp ${dp} = ${b * dp} does not divide the global batch of ${globalBatchSequences} sequences`, 'the global batch must be a multiple of microBatch·dp');
  } else if (layout.schedule === 'interleaved' && (globalBatchSequences / (b * dp)) % pp !== 0) {
    add('microBatch', `the interleaved schedule needs the ${globalBatchSequences / (b * dp)} micro-batches per pipeline to be a multiple of pp = ${pp}`, 'Megatron-LM requires m % p = 0 for interleaving (Narayanan §2.2.2)');
  } else if (layout.schedule === 'dualpipe' && !dualPipeMicroBatchesOk(globalBatchSequences / (b * dp), pp)) {
    add('microBatch', `DualPipe needs an even number of micro-batches per pipeline of at least 2·pp = ${2 * pp}, found ${globalBatchSequences / (b * dp)}`, 'deepseek-ai/DualPipe asserts num_chunks % 2 == 0 and num_chunks >= 2·num_ranks; use a smaller microBatch or dp');
  }
  if (s % cp !== 0) add('cp', `cp = ${cp} does not divide the sequence length ${s}`, `use a divisor of ${s}`);
  else if (cp > 1 && (s / cp) % 2 !== 0) add('cp', `cp = ${cp} leaves ${s / cp} tokens per rank; causal load balancing splits each into 2 chunks`, 'use a cp that leaves an even chunk');
  if (arch.moe) {
    if (arch.moe.experts % ep !== 0) add('ep', `ep = ${ep} does not divide the ${arch.moe.experts} experts`, `use a divisor of ${arch.moe.experts}`);
    if ((dp * cp) % ep !== 0) add('ep', `ep = ${ep} does not divide dp·cp = ${dp * cp}`, 'experts are spread over the data-parallel (and context-parallel) ranks');
  } else if (ep !== 1) add('ep', `ep = ${ep} but ${arch.name} has no experts`, 'set ep: 1');
  if (layout.sequenceParallel && tp === 1) add('sequenceParallel', 'sequence parallelism needs tp > 1', 'set sequenceParallel: false, or tp of 2 or more');
  if (![0, 1, 2, 3].includes(layout.zeroStage)) add('zeroStage', `zeroStage must be 0, 1, 2 or 3, found ${layout.zeroStage}`, 'ZeRO stages (Rajbhandari et al. 2020 §5)');
  return issues;
}

/**
 * What the user's fixed fields make impossible whatever the planner picks for the rest: tp 5 on 96
 * heads, pp not dividing the GPUs, a micro-batch not dividing the batch. The planner would skip every
 * candidate and say only "no layout"; this names the field instead (issue 5: impossible layouts the
 * user asks for are rejected with a clear message, not silently skipped).
 */
export function fixedFieldIssues(arch: Architecture, gpuCount: number, globalBatchSequences: number, fixed: Partial<Layout>, options: LayoutCheckOptions = {}): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  const add = (field: LayoutField, message: string, hint: string) => issues.push({ field, message, hint });
  const s = options.seqLen ?? arch.seqLen;
  for (const f of ['tp', 'pp', 'dp', 'cp', 'ep', 'microBatch', 'virtualStages'] as const) {
    const x = fixed[f];
    if (x !== undefined && (!Number.isSafeInteger(x) || x < 1)) add(f, `${f} must be a positive whole number, found ${x}`, `set ${f} to 1 or more`);
  }
  if (issues.length) return issues;
  const { tp, pp, dp, cp, ep, microBatch: b } = fixed;
  for (const f of ['tp', 'pp', 'dp', 'cp'] as const) {
    const x = fixed[f];
    if (x !== undefined && gpuCount % x !== 0) add(f, `${f} = ${x} does not divide the ${gpuCount} GPUs`, `use a divisor of ${gpuCount}`);
  }
  const product = (tp ?? 1) * (pp ?? 1) * (dp ?? 1) * (cp ?? 1);
  const all = tp !== undefined && pp !== undefined && dp !== undefined && cp !== undefined;
  if (!issues.length && (all ? product !== gpuCount : gpuCount % product !== 0)) {
    const last = (['dp', 'cp', 'pp', 'tp'] as const).find((f) => fixed[f] !== undefined)!;
    add(last, `the fixed degrees multiply to ${product}, which ${all ? 'is not' : 'does not divide'} the ${gpuCount} GPUs`, `choose degrees whose product ${all ? 'is' : 'divides'} ${gpuCount}`);
  }
  if (tp !== undefined) {
    if (arch.heads % tp !== 0) add('tp', `tp = ${tp} does not divide the ${arch.heads} attention heads`, `use a divisor of ${arch.heads}`);
    else if (!arch.mla && arch.kvHeads % tp !== 0 && tp % arch.kvHeads !== 0) add('tp', `tp = ${tp} does not divide the ${arch.kvHeads} key/value heads (nor is it a multiple of them)`, `use a divisor of ${arch.kvHeads}`);
    if (fixed.sequenceParallel && tp === 1) add('sequenceParallel', 'sequence parallelism needs tp > 1', 'set sequenceParallel: false, or tp of 2 or more');
  }
  if (pp !== undefined && (options.unevenStages ? pp > arch.layers : arch.layers % pp !== 0)) {
    add('pp', `pp = ${pp} does not divide the ${arch.layers} layers`, options.unevenStages ? `use at most ${arch.layers} stages` : `use a divisor of ${arch.layers}`);
  }
  if (cp !== undefined) {
    if (s % cp !== 0) add('cp', `cp = ${cp} does not divide the sequence length ${s}`, `use a divisor of ${s}`);
    else if (cp > 1 && (s / cp) % 2 !== 0) add('cp', `cp = ${cp} leaves ${s / cp} tokens per rank; causal load balancing splits each into 2 chunks`, 'use a cp that leaves an even chunk');
  }
  if (ep !== undefined) {
    if (!arch.moe && ep !== 1) add('ep', `ep = ${ep} but ${arch.name} has no experts`, 'set ep: 1');
    else if (arch.moe && arch.moe.experts % ep !== 0) add('ep', `ep = ${ep} does not divide the ${arch.moe.experts} experts`, `use a divisor of ${arch.moe.experts}`);
  }
  const per = (b ?? 1) * (dp ?? 1);
  if ((b !== undefined || dp !== undefined) && globalBatchSequences % per !== 0) {
    const what = b !== undefined && dp !== undefined ? `micro-batch ${b} × dp ${dp} = ${per}` : b !== undefined ? `micro-batch ${b}` : `dp = ${dp}`;
    add(b !== undefined ? 'microBatch' : 'dp', `${what} does not divide the global batch of ${globalBatchSequences} sequences`, 'the global batch must be a multiple of microBatch·dp');
  }
  return issues;
}

/** Throws the first issue as an InputError at `cluster.parallelism.<field>` (an explicit user layout). */
export function assertLayout(arch: Architecture, gpuCount: number, globalBatchSequences: number, layout: Layout, options: LayoutCheckOptions = {}): void {
  throwFirst(checkLayout(arch, gpuCount, globalBatchSequences, layout, options), scenarioKey);
}

/** `microBatch` → `micro_batch`: code's field names as files write them. */
export const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

/** The fields a partial layout fixes, as a file writes them: `tp=8, micro_batch=1`. */
export const fixedFieldsText = (p: Partial<Layout>): string => Object.entries(p).map(([k, v]) => `${snakeCase(k)}=${String(v)}`).join(', ');

/** Where a layout field lives in a scenario file. */
export const scenarioKey = (f: LayoutField): string => `cluster.parallelism.${snakeCase(f)}`;

/** Throws the first issue as an InputError at `keyFor(field)`, with the other problems of that field and the other fields at fault. */
export function throwFirst(issues: LayoutIssue[], keyFor: (f: LayoutField) => string): void {
  const first = issues[0];
  if (!first) return;
  const key = keyFor(first.field);
  const same = issues.slice(1).filter((i) => keyFor(i.field) === key).map((i) => `; ${i.message}`).join('');
  const others = [...new Set(issues.map((i) => keyFor(i.field)).filter((k) => k !== key))];
  const more = others.length ? ` (also impossible: ${others.join(', ')})` : '';
  throw new InputError(`impossible layout: ${first.message}${same}${more}`, { keyPath: key, hint: first.hint });
}

export function describeLayout(l: Layout): string {
  const parts = [`tp${l.tp}`, `pp${l.pp}`, `dp${l.dp}`];
  if (l.cp > 1) parts.push(`cp${l.cp}`);
  if (l.ep > 1) parts.push(`ep${l.ep}`);
  parts.push(`mb${l.microBatch}`);
  if (l.virtualStages > 1) parts.push(`v${l.virtualStages}`);
  if (l.schedule === 'dualpipe') parts.push('dualpipe');
  if (l.sequenceParallel) parts.push('sp');
  parts.push(`zero${l.zeroStage}`, `rc:${l.recompute}`);
  return parts.join(' ');
}

/** A layout as files write it (snake_case, any subset of fields): scenarios and validation rows. */
export interface LayoutFields {
  tp?: number | undefined;
  pp?: number | undefined;
  dp?: number | undefined;
  cp?: number | undefined;
  ep?: number | undefined;
  micro_batch?: number | undefined;
  schedule?: PipelineSchedule | undefined;
  virtual_stages?: number | undefined;
  zero_stage?: ZeroStage | undefined;
  sequence_parallel?: boolean | undefined;
  recompute?: Recompute | undefined;
}

/** The fields a file fixed, as a partial layout for the planner. */
export function partialFromFields(l: LayoutFields): Partial<Layout> {
  const p: Partial<Layout> = {};
  if (l.tp !== undefined) p.tp = l.tp;
  if (l.pp !== undefined) p.pp = l.pp;
  if (l.dp !== undefined) p.dp = l.dp;
  if (l.cp !== undefined) p.cp = l.cp;
  if (l.ep !== undefined) p.ep = l.ep;
  if (l.micro_batch !== undefined) p.microBatch = l.micro_batch;
  if (l.schedule !== undefined) p.schedule = l.schedule;
  if (l.virtual_stages !== undefined) p.virtualStages = l.virtual_stages;
  if (l.zero_stage !== undefined) p.zeroStage = l.zero_stage;
  if (l.sequence_parallel !== undefined) p.sequenceParallel = l.sequence_parallel;
  if (l.recompute !== undefined) p.recompute = l.recompute;
  return p;
}

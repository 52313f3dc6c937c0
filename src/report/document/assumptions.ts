/**
 * What the options assume, each distinct value once with the options that use it: the FLOP counts
 * ("Where the FLOPs go") and the models, hardware, prices, energy, throughput and FLOP conventions
 * of "Assumptions and sources".
 */
import { attentionNotes } from '../runs.js';
import { labelledWarnings } from '../warnings.js';
import { documentsText } from '../../flops/documents.js';
import type { RunResult } from '../../estimate/run.js';
import { goodputDetail } from '../../estimate/goodput.js';
import type { FlopOptions, FlopsPerToken } from '../../flops/count.js';
import type { FlopComponent } from '../../flops/components.js';
import type { Precision } from '../../hardware/schema.js';
import type { HardwareProfile, Price } from '../../hardware/toProfile.js';
import type { RunPriceKind } from '../../pricing/kinds.js';
import { givenThroughputText, pct, throughputScaleText } from '../format.js';
import { unseenAccuracyText } from '../../perf/accuracy.js';
import { kindRecordText } from '../../perf/kindRecord.js';
import type { ReportOption } from './model.js';

export interface FlopGroup {
  modelName: string;
  /** The multi-token-prediction modules trained (training.mtp_layers): they change the count, not the model's name. */
  mtpDepth: number;
  tokens: number;
  options: FlopOptions;
  components: FlopComponent[];
  perToken: FlopsPerToken;
  params: { total: number; active: number };
  model: number;
  hardware: number;
  sixNd: number;
  optionNames: string[];
}

export interface PriceUse {
  hardwareId: string;
  usdPerGpuHour: number;
  /** As the run recorded it ("median of 6 on-demand list prices (...)", "CoreWeave HGX H100, on-demand, 2026-02" or "scenario"). */
  sourceText: string;
  /** on_demand, reserved, ..., owned, given (src/pricing/kinds.ts). */
  kind: RunPriceKind;
  /** The profile entries it came from, with their dates, confidences and sources (empty when given or owned). */
  entries: Price[];
  options: string[];
}

export interface EnergyUse {
  pue: number;
  powerFraction: number;
  usdPerKwh: number;
  kgCo2PerKwh: number;
  options: string[];
}

export interface HardwareUse {
  profile: HardwareProfile;
  precisions: Precision[];
  options: string[];
}

/** A model the options use: where it comes from and what its import assumed (src/model/assumptions.ts). */
export interface ModelUse {
  name: string;
  source: string | null;
  seqLen: number;
  warnings: string[];
  options: string[];
}

export interface Assumptions {
  flops: FlopGroup[];
  hardware: HardwareUse[];
  prices: PriceUse[];
  energy: EnergyUse[];
  /** One line per distinct throughput / goodput assumption. */
  throughput: { text: string; options: string[] }[];
  conventions: string[];
  models: ModelUse[];
}

function throughputText(r: RunResult): string {
  const t = r.inputs.throughput;
  const what = t.kind === 'predicted'
    ? `MFU ${pct(t.mfu)} (predicted by the performance model${throughputScaleText(t, ', ')}; ${unseenAccuracyText()}${t.record ? `; ${kindRecordText(t.record, [r.inputs.hardware.id])}` : ''})`
    : givenThroughputText(t);
  const g = r.goodput;
  const gp = `goodput ${pct(g.goodput)}${goodputDetail(g)}`;
  return `${what}; ${gp}`;
}

function group<T>(runs: readonly ReportOption[], key: (o: ReportOption) => string, make: (o: ReportOption) => T, add: (t: T, o: ReportOption) => void): T[] {
  const m = new Map<string, T>();
  for (const o of runs) {
    const k = key(o);
    const t = m.get(k);
    if (t) add(t, o);
    else m.set(k, make(o));
  }
  return [...m.values()];
}

/** The options' assumptions, grouped in the options' order. */
export function assumptionsOf(options: readonly ReportOption[]): Assumptions {
  const flops = group<FlopGroup>(
    options,
    // The MTP depth is in the key: options differing only in training.mtp_layers share the model's name but not its count.
    (o) => { const a = o.result.inputs.analysis; return JSON.stringify([a.arch.name, a.arch.mtpDepth, a.totals.tokens, a.count.options]); },
    (o) => {
      const a = o.result.inputs.analysis;
      return {
        modelName: a.arch.name, mtpDepth: a.arch.mtpDepth, tokens: a.totals.tokens, options: a.count.options, components: a.count.components, perToken: a.count.perToken,
        params: { total: a.params.total, active: a.params.active }, model: a.totals.model, hardware: a.totals.hardware, sixNd: a.totals.sixNd, optionNames: [o.label],
      };
    },
    (g, o) => g.optionNames.push(o.label),
  );
  const hardware = group<HardwareUse>(
    options,
    (o) => o.result.inputs.hardware.id,
    (o) => ({ profile: o.result.inputs.hardware, precisions: [o.result.inputs.precision], options: [o.label] }),
    (h, o) => { h.options.push(o.label); if (!h.precisions.includes(o.result.inputs.precision)) h.precisions.push(o.result.inputs.precision); },
  );
  const prices = group<PriceUse>(
    options,
    (o) => JSON.stringify([o.result.inputs.hardware.id, o.result.inputs.price]),
    (o) => {
      const i = o.result.inputs;
      return { hardwareId: i.hardware.id, usdPerGpuHour: i.price.usdPerGpuHour, sourceText: i.price.source, kind: i.price.kind, entries: i.price.entries ?? [], options: [o.label] };
    },
    (p, o) => p.options.push(o.label),
  );
  const energy = group<EnergyUse>(
    options,
    (o) => JSON.stringify(o.result.inputs.energy),
    (o) => ({ ...o.result.inputs.energy, options: [o.label] }),
    (e, o) => e.options.push(o.label),
  );
  const throughput = group<{ text: string; options: string[] }>(
    options,
    (o) => throughputText(o.result),
    (o) => ({ text: throughputText(o.result), options: [o.label] }),
    (t, o) => t.options.push(o.label),
  );
  const attention = [...new Set(options.map((o) => o.result.inputs.analysis.count.options.attention))];
  const recompute = [...new Set(options.map((o) => o.result.inputs.analysis.count.options.recompute))];
  const documents = [...new Set(options.flatMap((o) => { const d = o.result.inputs.analysis.count.options.documents; return d ? [documentsText(d)] : []; }))];
  const conventions = [
    'A multiply-add is 2 FLOPs; an [m×k]·[k×n] matrix product costs 2mkn (Narayanan et al. 2021, Appendix).',
    'Only matrix products are counted; the input embedding is a lookup (0 FLOPs).',
    'Backward = 2 × forward for every product: one product for the input gradient and one for the weight gradient (Kaplan et al. 2020 §2.1; PaLM Appendix B).',
    ...attention.map((a) => a === 'full'
      ? 'Attention `full`: QKᵀ and A·V are counted over the whole s×s window (PaLM, Megatron-LM 2021, Korthikanti 2022, Chinchilla).'
      : 'Attention `causal`: QKᵀ and A·V are counted over half the s×s window (Megatron-LM since 2025; DeepSeek-V3\'s "MFU (causal)").'),
    // Where the defaulted convention moves MFU and HFU by a fifth or more, what the other reads (estimate/attentionNote.ts), by option where not all.
    ...labelledWarnings(options.map((o) => ({ label: o.label, warnings: attentionNotes(o).map((t) => `${t[0]!.toUpperCase()}${t.slice(1)}.`) }))),
    ...documents.map((d) => `Document mask, ${d}: attention inside each document only, and QKᵀ and A·V count only its keys (n² per document of n tokens, n²/2 causal; masked keys between documents are not model FLOPs, as Megatron-LM counts packed sequences).`),
    `Model FLOPs = forward + backward (what MFU counts); hardware FLOPs add activation recomputation (recompute: ${recompute.join(', ')}; Korthikanti et al. 2022, Appendix A).`,
    'MFU = model FLOPs / (wall-clock compute time × GPUs × dense peak) (Chowdhery et al. 2022, PaLM §4.1). Peaks are dense, never 2:4 sparse.',
    'Wall-clock = compute time / goodput. GPU-hours = wall-clock × GPUs. Cost = GPU-hours × price + energy × electricity price + fixed costs.',
    'Energy = GPUs × TDP × power fraction × hours × PUE. CO2 = energy × grid carbon intensity.',
  ];
  const models = group<ModelUse>(
    options,
    (o) => { const a = o.result.inputs.analysis; return JSON.stringify([a.arch.name, a.arch.source, a.count.options.seqLen, a.warnings]); },
    (o) => {
      const a = o.result.inputs.analysis;
      return { name: a.arch.name, source: a.arch.source ?? null, seqLen: a.count.options.seqLen, warnings: a.warnings, options: [o.label] };
    },
    (m, o) => m.options.push(o.label),
  );
  return { flops, hardware, prices, energy, throughput, conventions, models };
}

/** The default `flopcast flops` output: the headline figures and the per-component table. */
import { documentsText } from '../flops/documents.js';
import type { FlopAnalysis } from '../flops/analyse.js';
import { count, int, pct, sci } from './format.js';
import { table } from './table.js';

export function flopsSummary(a: FlopAnalysis): string {
  const { arch, params, count: fc, totals } = a;
  const p = fc.perToken;
  const lines = [
    `${arch.name}: ${count(params.total)} parameters` + (params.active !== params.total ? ` (${count(params.active)} active)` : '') +
      `, ${int(a.paramsExact.total)} exactly`,
    `attention ${fc.options.attention}, recompute ${fc.options.recompute}, seq_len ${fc.options.seqLen}, tokens ${count(totals.tokens)}` +
      (arch.slidingWindow ? `, sliding window ${arch.slidingWindow.window} on ${arch.slidingWindow.layers} of ${arch.layers} layers` : '') +
      (arch.chunkedAttention ? `, chunks of ${arch.chunkedAttention.chunk} on ${arch.chunkedAttention.layers} of ${arch.layers} layers` : '') +
      (fc.options.documents ? `, attention inside ${documentsText(fc.options.documents)}` : ''),
    ...a.warnings.map((w) => `warning: ${w}`),
    '',
    table(
      [{ header: 'component' }, { header: 'fwd / token', align: 'right' }, { header: 'share', align: 'right' }, { header: 'formula (per layer)' }],
      fc.components.map((c) => [c.label, sci(c.forward), pct(c.forward / p.forward), `${c.formula} × ${c.repeats}`]),
    ),
    '',
    `per token: forward ${sci(p.forward)}, backward ${sci(p.backward)}, recompute ${sci(p.recompute)}`,
    `model FLOPs    ${sci(totals.model)}  (${sci(p.model)} per token)`,
    `hardware FLOPs ${sci(totals.hardware)}`,
    `6·N·D          ${sci(totals.sixNd)}  (ours / 6ND = ${(totals.model / totals.sixNd).toFixed(4)})`,
    '',
    'Run with --explain for the step-by-step derivation.',
  ];
  return lines.join('\n') + '\n';
}

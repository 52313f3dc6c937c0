/** `flopcast hardware` (the list) and `flopcast hardware show ID` (one profile, every figure with its source). */
import type { AttentionRates, HardwareProfile } from '../hardware/toProfile.js';
import type { HardwareSummaryRow } from '../hardware/profile.js';
import { fixed, gib, hourlyFigure } from './format.js';
import { priceStatus } from './prices.js';
import { snakeKeys } from './snakeKeys.js';
import { table } from './table.js';

/**
 * `hardware show ID --json`: the profile with snake_case field names (`memory_bytes`, `peak_flops_per_second`,
 * `scale_up.domain_size`), as a profile file and `run --json` write them; the peaks' precision names are data.
 */
export const hardwareJson = (p: HardwareProfile) => snakeKeys(p, ['peakFlopsPerSecond']);

/** `hardware list --json`: the listed profiles (`memory_gb`, `bf16_tflops`, `on_demand_usd_per_hour`). */
export const hardwareListJson = (rows: readonly HardwareSummaryRow[]) => snakeKeys({ hardware: rows });

export function hardwareList(rows: readonly HardwareSummaryRow[]): string {
  const n = (v: number | null) => (v === null ? '-' : fixed(v, 1));
  return table(
    [{ header: 'id' }, { header: 'vendor' }, { header: 'year', align: 'right' }, { header: 'memory', align: 'right' }, { header: 'bf16 TFLOPS', align: 'right' }, { header: 'fp8 TFLOPS', align: 'right' }, { header: 'cheapest on-demand $/GPU-h', align: 'right' }, { header: 'name' }],
    rows.map((r) => [r.id, r.vendor, String(r.year), r.memoryStated, n(r.bf16Tflops), n(r.fp8Tflops), r.onDemandUsdPerHour === null ? '-' : hourlyFigure(r.onDemandUsdPerHour), r.name]),
  ) + '\nDense peaks (no 2:4 sparsity). `flopcast hardware show ID` gives every figure with its source.\n'
    // The column is the lowest established cloud's list price; `run` charges the median of them by default (pricing/policy.ts):
    // H100 $1.99 here and $4.82 in `run`, unexplained, read as a price the run would use.
    + 'Cheapest on-demand: the lowest list price of an established cloud; `flopcast run` charges the median of them by default (`flopcast prices ID` lists both).\n';
}

/** The keys-per-query curve of a set of attention rates (src/perf/attentionKeys.ts), where the profile measures one. */
const halfRate = (r: AttentionRates): string =>
  r.keyCurves ? ` (half rate at ${fixed(r.keyCurves.forward.halfRateKeys, 0)} / ${fixed(r.keyCurves.backward.halfRateKeys, 0)} keys per query)` : '';

/** `today` (YYYY-MM-DD) decides each price's standing, as in `flopcast prices`. */
export function hardwareShow(p: HardwareProfile, today: string): string {
  const tf = (flops: number) => fixed(flops / 1e12, 1);
  const also = (precision: string, flops: number | undefined) => (flops ? `, ${precision} ${tf(flops)} TFLOPS` : '');
  const src = (s: { source: string; confidence: string; note?: string }) => `    source: ${s.source} (${s.confidence})${s.note ? `\n    note: ${s.note}` : ''}`;
  const lines = [
    `${p.id}: ${p.name} (${p.vendor}, ${p.year})`,
    '',
    `memory: ${p.memoryStated}${p.memoryStated.endsWith(' GB') ? ` (${gib(p.memoryBytes)})` : ''} ${p.memoryType}, ${fixed(p.memoryBandwidthBytesPerSecond / 1e12, 3)} TB/s`,
    src(p.memory),
    `dense peak TFLOPS: ${Object.entries(p.peakFlopsPerSecond).map(([k, v]) => `${k} ${fixed(v / 1e12, 1)}`).join(', ')}`,
    src(p.peak),
    ...(p.achievableMatmulFlopsPerSecond && p.achievableMatmul
      ? [`achievable bf16 matmul: ${tf(p.achievableMatmulFlopsPerSecond)} TFLOPS${also('fp8', p.achievableFp8MatmulFlopsPerSecond)}${also('nvfp4', p.achievableFp4MatmulFlopsPerSecond)}${p.sustainedMatmulFraction ? ` (burst; sustained ${fixed(p.sustainedMatmulFraction, 3)} of it)` : ''}`, src(p.achievableMatmul)]
      : []),
    ...(p.achievableAttention
      ? [`achievable attention (head dim 128): forward ${tf(p.achievableAttention.forwardFlopsPerSecond)}, backward ${tf(p.achievableAttention.backwardFlopsPerSecond)} TFLOPS${halfRate(p.achievableAttention)}${p.achievableAttention.fa2 ? `; FlashAttention-2 ${tf(p.achievableAttention.fa2.forwardFlopsPerSecond)} / ${tf(p.achievableAttention.fa2.backwardFlopsPerSecond)}${halfRate(p.achievableAttention.fa2)}` : ''}`, src(p.achievableAttention)]
      : []),
    `scale-up: ${p.scaleUp.name}, ${p.scaleUp.bandwidthBytesPerSecond === null ? 'bandwidth not published' : `${fixed(p.scaleUp.bandwidthBytesPerSecond / 1e9, 0)} GB/s per direction`}, domain ${p.scaleUp.domainSize}, latency ${fixed(p.scaleUp.latencySeconds * 1e6, 1)} µs`,
    src(p.scaleUp),
    `    domain size: ${p.scaleUp.domainSizeNote}`,
    `scale-out: ${p.scaleOut.name}, ${p.scaleOut.bandwidthBytesPerSecond === null ? 'bandwidth not published' : `${fixed((p.scaleOut.bandwidthBytesPerSecond * 8) / 1e9, 0)} Gb/s per accelerator`}`,
    src(p.scaleOut),
    ...(p.hostLink ? [`host link: ${p.hostLink.name}, ${fixed(p.hostLink.bandwidthBytesPerSecond / 1e9, 0)} GB/s per direction (CPU offload, training.offload)`, src(p.hostLink)] : []),
    `power: ${p.tdpWatts === null ? 'TDP not published' : `${p.tdpWatts} W`}`,
    src(p.tdp),
    '',
    // Each price's standing as `prices` says it (prices.ts priceStatus): only an expired one was marked here, so a
    // 2025-03 price read as current on 2026-12-01, where `prices` and `run` warn it is over 12 months old.
    `prices (USD per GPU-hour, as of ${today}; \`flopcast prices ${p.id}\` gives each one's source and the default each kind resolves to):`,
    p.prices.length
      ? table([{ header: 'kind' }, { header: '$/GPU-h', align: 'right' }, { header: 'date' }, { header: 'provider' }, { header: 'status' }], p.prices.map((x) => [x.kind + (x.term ? ` ${x.term}` : ''), hourlyFigure(x.usdPerHour), x.date, x.provider + (x.offer ? ` ${x.offer}` : ''), priceStatus(x, today)]))
          .split('\n').map((l) => '  ' + l).join('\n')
      : '  none listed',
    '',
    'sources:',
    ...p.sources.map((s) => `  - ${s}`),
    ...(p.notes ? ['', `notes: ${p.notes}`] : []),
  ];
  return lines.join('\n') + '\n';
}

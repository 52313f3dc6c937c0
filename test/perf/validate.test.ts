import { describe, expect, it } from 'vitest';
import { runValidation, VALIDATION_FILE } from '../../src/cli/commands/validate.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * Targets (issue 5): median |MFU error| ≤ 10% of the reported value and none worse than 25%, with one
 * set of constants per accelerator family. DeepSeek-V3 (formerly −71.7%) is within 25% since DualPipe,
 * FP8 GEMMs and node-limited routing are modelled; MT-NLG (formerly +35.6%) since its software is
 * described (gradients reduced after the flush and accumulated outside the GEMM) and its unprinted
 * micro-batch is read from its three iteration times (below).
 */
describe('validation against published runs', () => {
  const r = runValidation();
  const rows = (parse(readFileSync(VALIDATION_FILE, 'utf8')) as { rows: { name: string; seq_len?: number; global_batch: number; gpu_count: number }[] }).rows;
  it('every row predicts', () => {
    expect(r.rows.length).toBeGreaterThanOrEqual(21);
    for (const x of r.rows) expect(Number.isFinite(x.predictedStepSeconds)).toBe(true);
  });
  it('median |MFU error| within the 10% target', () => {
    expect(r.utilization.median).toBeLessThan(0.1);
  });
  it.each(r.rows.filter((x) => x.error !== null).map((x) => [x.name, x] as const))('%s: within 25%', (_, x) => {
    expect(Math.abs(x.error!)).toBeLessThan(0.25);
  });
  it.each(r.rows.filter((x) => x.fullRun !== null).map((x) => [x.name, x] as const))('%s: whole-run GPU-hours = tokens ÷ predicted tokens/s × GPUs', (_, x) => {
    const f = x.fullRun!;
    const row = rows.find((y) => y.name === x.name)!;
    const tokensPerStep = row.global_batch * (row.seq_len ?? 2048); // BLOOM and PaLM train at their presets' 2048
    expect(f.predictedGpuHours).toBeCloseTo((f.tokens / tokensPerStep) * x.predictedStepSeconds * row.gpu_count / 3600, 0);
    expect(f.ratio).toBeCloseTo(f.predictedGpuHours / f.reportedGpuHours, 12);
    expect(f.ratio).toBeGreaterThan(0.5);
    expect(f.ratio).toBeLessThan(1.25);
  });
  it('the whole runs named in issue 5 carry their reported GPU-hours', () => {
    const hours = Object.fromEntries(r.rows.filter((x) => x.fullRun).map((x) => [x.name, x.fullRun!.reportedGpuHours]));
    // BLOOM §3.4 (1,082,990), Llama 3.1 model card (30.84M), PaLM §4 (6144 × 1200 + 3072 × 336), DeepSeek-V3 Table 1 (2,664K pre-training).
    expect(hours).toEqual({ 'BLOOM-176B': 1082990, 'Llama 3.1 405B': 30.84e6, 'PaLM 540B': 6144 * 1200 + 3072 * 336, 'DeepSeek-V3 671B MoE': 2664e3 });
  });

  /**
   * MT-NLG does not print its micro-batch. Its iteration times at one global batch on 280, 350 and 420
   * nodes (Smith et al. 2022 §2.4: 60.1, 50.2, 44.4 s; DP 8, 10, 12) follow the 1F1B time
   * (m + p − 1)·t + F, m = 1920/(b·DP), p = 35, where t is one pipeline slot and F what a step spends
   * outside the pipeline (the gradient reduction after the flush and the optimizer: 0.3–0.6 s in
   * flopcast). Least squares per micro-batch b: only b = 2 leaves F near zero, so the rows use b = 2.
   */
  it('MT-NLG micro-batch: the paper\'s three iteration times leave a plausible per-step remainder only for b = 2', () => {
    const points = [[8, 60.1], [10, 50.2], [12, 44.4]] as const;
    const remainder = (b: number) => {
      const xs = points.map(([dp]) => 1920 / (b * dp) + 34);
      const ys = points.map(([, t]) => t);
      const mx = xs.reduce((a, x) => a + x, 0) / 3;
      const my = ys.reduce((a, y) => a + y, 0) / 3;
      const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
      return my - slope * mx;
    };
    expect(remainder(1)).toBeCloseTo(6.0, 1);
    expect(remainder(2)).toBeCloseTo(-0.7, 1);
    expect(remainder(4)).toBeLessThan(-10);
    for (const name of ['280 nodes, 2240 GPUs', '350 nodes, 2800 GPUs', '420 nodes, 3360 GPUs']) {
      expect(r.rows.find((x) => x.name === `Megatron-Turing NLG 530B (${name})`)!.layout.microBatch).toBe(2);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { readValidationSets, runValidation, VALIDATION_DIR } from '../../src/cli/commands/validate.js';
import { HardwareCatalog } from '../../src/cli/load/hardware.js';
import { loadModel } from '../../src/cli/load/model.js';
import type { ValidationRow } from '../../src/perf/validateSchema.js';
import { InputError } from '../../src/input/errors.js';

/**
 * The validation files (issue 10): a declared split, rows in the scenario shape holding only what
 * their sources print, and the stated mix of the test set. Parsing goes through the strict schema,
 * so an unknown field in any row fails `readValidationSets`.
 */
describe('validation files', () => {
  const sets = readValidationSets();
  const byFile = Object.fromEntries(sets.map((s) => [basename(s.file), s]));
  const test = byFile['test-runs.yaml']!;
  const calibration = byFile['calibration-runs.yaml']!;
  const holdout = byFile['holdout-runs.yaml']!;
  const holdout2 = byFile['holdout2-runs.yaml']!;
  const holdout3 = byFile['holdout3-runs.yaml']!;
  const holdout4 = byFile['holdout4-runs.yaml']!;
  const catalog = new HardwareCatalog([]);

  it('every file declares its split; calibration = the 22 rows that predate issue 10, test = the rows added for it, holdout = the rows committed before the 2026-11-29 model changes were evaluated, holdout2 = the rows committed before the changes that followed, holdout3 = the rows committed before the changes after that, holdout4 = the rows committed before the changes after the holdout3 evaluation', () => {
    expect(sets.map((s) => [basename(s.file), s.split])).toEqual([
      ['calibration-runs.yaml', 'calibration'],
      ['holdout-runs.yaml', 'holdout'],
      ['holdout2-runs.yaml', 'holdout2'],
      ['holdout3-runs.yaml', 'holdout3'],
      ['holdout4-runs.yaml', 'holdout4'],
      ['test-runs.yaml', 'test'],
    ]);
    expect(calibration.rows).toHaveLength(22);
    for (const s of sets) expect(parse(readFileSync(s.file, 'utf8')).split).toBe(s.split);
  });

  it('every row names its source and a unique name; its model and hardware profile resolve', () => {
    const rows = sets.flatMap((s) => s.rows);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.source.length).toBeGreaterThan(10);
      expect(() => catalog.get(r.cluster.gpu)).not.toThrow();
      if (typeof r.model === 'string') expect(() => loadModel(r.model as string)).not.toThrow();
    }
  });

  it('the test set has at least 30 rows, 10 of them MoE and 5 FSDP/ZeRO-3 (issue 10 targets)', () => {
    const isMoe = (r: ValidationRow) => (typeof r.model === 'string' ? loadModel(r.model).moe !== null : r.model.moe !== undefined);
    expect(test.rows.length).toBeGreaterThanOrEqual(30);
    expect(test.rows.filter(isMoe).length).toBeGreaterThanOrEqual(10);
    expect(test.rows.filter((r) => r.cluster.parallelism?.zero_stage === 3).length).toBeGreaterThanOrEqual(5);
  });

  it('the holdout set has at least 20 rows, 5 of them MoE, and repeats no row of calibration or test', () => {
    const isMoe = (r: ValidationRow) => (typeof r.model === 'string' ? loadModel(r.model).moe !== null : r.model.moe !== undefined);
    expect(holdout.rows.length).toBeGreaterThanOrEqual(20);
    expect(holdout.rows.filter(isMoe).length).toBeGreaterThanOrEqual(5);
    // Same source page + model + accelerator + count + layout + measured figure = the same measurement.
    const key = (r: ValidationRow) =>
      JSON.stringify([r.source.split(' @ ')[0], typeof r.model === 'string' ? r.model : r.model.name, r.cluster.gpu, r.cluster.count, r.cluster.parallelism ?? null, r.training.seq_len ?? null, r.reported]);
    const earlier = new Set([...calibration.rows, ...test.rows].map(key));
    for (const r of holdout.rows) expect(earlier.has(key(r)), r.name).toBe(false);
  });

  it('the holdout2 set has at least 10 rows and repeats no row of calibration, test or holdout', () => {
    expect(holdout2.rows.length).toBeGreaterThanOrEqual(10);
    // Same source page + model + accelerator + count + layout + measured figure = the same measurement.
    const key = (r: ValidationRow) =>
      JSON.stringify([r.source.split(' @ ')[0], typeof r.model === 'string' ? r.model : r.model.name, r.cluster.gpu, r.cluster.count, r.cluster.parallelism ?? null, r.training.seq_len ?? null, r.reported]);
    // A weaker key as well: same page + model + accelerator + count + sequence length + precision + printed figure.
    const loose = (r: ValidationRow) =>
      JSON.stringify([r.source.split(' @ ')[0], typeof r.model === 'string' ? r.model : r.model.name, r.cluster.gpu, r.cluster.count, r.training.seq_len ?? null, r.training.gemm_precision ?? null, r.reported.tokens_per_second_per_gpu ?? null]);
    const earlier = [...calibration.rows, ...test.rows, ...holdout.rows];
    const keys = new Set(earlier.map(key));
    const looseKeys = new Set(earlier.map(loose));
    for (const r of holdout2.rows) {
      expect(keys.has(key(r)), r.name).toBe(false);
      expect(looseKeys.has(loose(r)), r.name).toBe(false);
    }
    expect(new Set(holdout2.rows.map(key)).size).toBe(holdout2.rows.length);
  });

  it('the holdout3 set has at least 15 rows, 5 of them MoE, and repeats no row of calibration, test, holdout or holdout2', () => {
    const isMoe = (r: ValidationRow) => (typeof r.model === 'string' ? loadModel(r.model).moe !== null : r.model.moe !== undefined);
    expect(holdout3.rows.length).toBeGreaterThanOrEqual(15);
    expect(holdout3.rows.filter(isMoe).length).toBeGreaterThanOrEqual(5);
    // Same source page + model + accelerator + count + layout + measured figure = the same measurement;
    // the page is named without its repository owner, so a fork carrying an upstream page counts as that page.
    const page = (r: ValidationRow) => r.source.split(' @ ')[0]!.replace(/^[^/]+\//, '');
    const key = (r: ValidationRow) =>
      JSON.stringify([page(r), typeof r.model === 'string' ? r.model : r.model.name, r.cluster.gpu, r.cluster.count, r.cluster.parallelism ?? null, r.training.seq_len ?? null, r.reported]);
    // A weaker key as well: same page + model + accelerator + count + sequence length + precision + printed figure.
    const loose = (r: ValidationRow) =>
      JSON.stringify([page(r), typeof r.model === 'string' ? r.model : r.model.name, r.cluster.gpu, r.cluster.count, r.training.seq_len ?? null, r.training.gemm_precision ?? null, r.reported.tokens_per_second_per_gpu ?? null]);
    const earlier = [...calibration.rows, ...test.rows, ...holdout.rows, ...holdout2.rows];
    const keys = new Set(earlier.map(key));
    const looseKeys = new Set(earlier.map(loose));
    for (const r of holdout3.rows) {
      expect(keys.has(key(r)), r.name).toBe(false);
      expect(looseKeys.has(loose(r)), r.name).toBe(false);
    }
    expect(new Set(holdout3.rows.map(key)).size).toBe(holdout3.rows.length);
  });

  it('the holdout4 set has at least 15 rows, 5 of them MoE and 5 FSDP/ZeRO-3, and repeats no row of calibration, test, holdout, holdout2 or holdout3', () => {
    const isMoe = (r: ValidationRow) => (typeof r.model === 'string' ? loadModel(r.model).moe !== null : r.model.moe !== undefined);
    expect(holdout4.rows.length).toBeGreaterThanOrEqual(15);
    expect(holdout4.rows.filter(isMoe).length).toBeGreaterThanOrEqual(5);
    expect(holdout4.rows.filter((r) => r.cluster.parallelism?.zero_stage === 3).length).toBeGreaterThanOrEqual(5);
    // Same source page + model + accelerator + count + layout + measured figure = the same measurement;
    // the page is named without its repository owner, so a fork carrying an upstream page counts as that page.
    const page = (r: ValidationRow) => r.source.split(' @ ')[0]!.replace(/^[^/]+\//, '');
    const key = (r: ValidationRow) =>
      JSON.stringify([page(r), typeof r.model === 'string' ? r.model : r.model.name, r.cluster.gpu, r.cluster.count, r.cluster.parallelism ?? null, r.training.seq_len ?? null, r.reported]);
    // A weaker key as well: same page + model + accelerator + count + sequence length + precision + printed figure.
    const loose = (r: ValidationRow) =>
      JSON.stringify([page(r), typeof r.model === 'string' ? r.model : r.model.name, r.cluster.gpu, r.cluster.count, r.training.seq_len ?? null, r.training.gemm_precision ?? null, r.reported.tokens_per_second_per_gpu ?? null]);
    const earlier = [...calibration.rows, ...test.rows, ...holdout.rows, ...holdout2.rows, ...holdout3.rows];
    const keys = new Set(earlier.map(key));
    const looseKeys = new Set(earlier.map(loose));
    for (const r of holdout4.rows) {
      expect(keys.has(key(r)), r.name).toBe(false);
      expect(looseKeys.has(loose(r)), r.name).toBe(false);
    }
    expect(new Set(holdout4.rows.map(key)).size).toBe(holdout4.rows.length);
  });

  it('a row with an unknown field is refused with its location', () => {
    let err: unknown;
    try {
      readValidationSets(join(VALIDATION_DIR, '..', 'test', 'fixtures', 'validation-bad'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    // The fixture's unknown key is on line 7 (`training:`).
    expect((err as InputError).format()).toMatch(/validation\.yaml:7:\d+: rows\[0\]\.training\.efficiency_fudge: unknown key `efficiency_fudge`/);
  });
});

describe('validate: predictions, provenance and summaries', () => {
  const r = runValidation();
  const row = (name: string) => r.rows.find((x) => x.name === name)!;

  it('every row predicts (none refused by the layout rules is silently dropped: they are listed)', () => {
    const total = readValidationSets().reduce((n, s) => n + s.rows.length, 0);
    expect(r.rows.length + r.unpredicted.length).toBe(total);
    for (const x of r.rows) {
      expect(Number.isFinite(x.predicted) && x.predicted > 0).toBe(true);
      expect(x.error).toBeCloseTo(x.metric === 'step_seconds' ? x.reported / x.predicted - 1 : x.predicted / x.reported - 1, 12);
    }
  });

  it('provenance: the audit\'s unprinted inputs are searched now, stack switches come from the stack', () => {
    // MT-NLG's micro-batch had been read from its own step times; PaLM's recompute from its HFU/MFU ratio.
    expect(row('Megatron-Turing NLG 530B (280 nodes, 2240 GPUs)').provenance.micro_batch).toBe('searched');
    expect(row('PaLM 540B').provenance.recompute).toBe('searched');
    const k = row('Korthikanti 2022 175B (SP + selective)').provenance;
    expect([k.tp, k.pp, k.micro_batch, k.sequence_parallel, k.recompute, k.global_batch]).toEqual(['reported', 'reported', 'reported', 'reported', 'reported', 'reported']);
    expect(k.flash_attention).toBe('stack');
    expect(k.schedule).toBe('searched');
    // MaxText's tiering table prints no layout and no batch.
    expect(row('MaxText Llama 3.1 70B tpu-v6e 256 chips').provenance.global_batch).toBe('searched');
  });

  it('the summary: rows and |error| as fractions per split, MoE and FSDP slices, cross-validation over every source', () => {
    const s = r.summary;
    for (const set of [s.calibration, s.test]) {
      expect(set.median_abs_error).toBeLessThanOrEqual(set.worst_abs_error);
      expect(set.moe.rows + set.fsdp.rows).toBeGreaterThan(0);
    }
    expect(s.calibration.rows + s.test.rows + s.holdout.rows + s.holdout2.rows + s.holdout3.rows + s.holdout4.rows).toBe(r.rows.length);
    expect(s.test.moe.rows).toBe(r.rows.filter((x) => x.split === 'test' && x.moe).length);
    expect(s.cross_validation.folds).toBe(new Set(r.rows.map((x) => x.sourceKey)).size);
    expect(s.cross_validation.rows).toBe(r.rows.length);
    expect(Object.keys(r.fitted.scales).sort()).toEqual([...new Set(r.rows.filter((x) => x.split === 'calibration').map((x) => x.family))].sort());
  });

  it('calibration: median |error| within issue 5\'s 10 % target', () => {
    expect(r.summary.calibration.median_abs_error).toBeLessThan(0.1);
  });

  it.each(r.rows.filter((x) => x.fullRun !== null).map((x) => [x.name, x] as const))('%s: whole-run GPU-hours = tokens ÷ predicted tokens/s × GPUs', (_, x) => {
    const f = x.fullRun!;
    expect(f.predictedGpuHours).toBeCloseTo(f.tokens / x.predictedTokensPerSecondPerGpu / 3600, 0);
    expect(f.ratio).toBeCloseTo(f.predictedGpuHours / f.reportedGpuHours, 12);
  });

  it('the whole runs named in issue 5 carry their reported GPU-hours', () => {
    const hours = Object.fromEntries(r.rows.filter((x) => x.fullRun).map((x) => [x.name, x.fullRun!.reportedGpuHours]));
    // BLOOM §3.4 (1,082,990), Llama 3.1 model card (30.84M), PaLM §4 (6144 × 1200 + 3072 × 336), DeepSeek-V3 Table 1 (2,664K pre-training).
    expect(hours).toEqual({ 'BLOOM-176B': 1082990, 'Llama 3.1 405B': 30.84e6, 'PaLM 540B': 6144 * 1200 + 3072 * 336, 'DeepSeek-V3 671B MoE': 2664e3 });
  });
});

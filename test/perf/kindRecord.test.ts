/**
 * The per-kind record a prediction carries (perf/kindRecord.ts): the committed figures are what
 * `flopcast validate --by-kind` computes now, a run is classed as a validation row of its inputs is,
 * and `run` shows each predicted option's kind under the table.
 */
import { describe, expect, it } from 'vitest';
import { runValidation, VALIDATION_DIR } from '../../src/cli/commands/validate.js';
import { KIND_RECORD, kindRecordFor, kindRecordText } from '../../src/perf/kindRecord.js';
import { runCli } from '../cli/run-cli.js';

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

describe('kind record', () => {
  it('KIND_RECORD is `flopcast validate --by-kind` at this commit, rounded to 4 places (regenerate it when the model or the rows change)', () => {
    const byKind = runValidation(VALIDATION_DIR).by_kind;
    const now = Object.fromEntries(byKind.map((k) => [k.kind, { rows: k.rows, medianAbsError: round4(k.median_abs_error), medianError: round4(k.median_error) }]));
    expect(KIND_RECORD).toEqual(now);
  });

  const dense = { family: 'nvidia', model: 'Llama 3 70B', moe: false, fsdp: false, gemmPrecision: 'bf16', capacityPadding: false };
  it.each([
    ['a dense Megatron-style layout on NVIDIA', dense, 'megatron'],
    ['the same under ZeRO-3', { ...dense, fsdp: true }, 'fsdp'],
    ['on AMD', { ...dense, family: 'amd' }, 'amd'],
    ['NVFP4 GEMMs', { ...dense, gemmPrecision: 'fp4' }, 'nvfp4'],
    ['GPT-OSS', { ...dense, model: 'GPT-OSS-20B', moe: true }, 'gpt-oss'],
    ['another MoE on TPU', { ...dense, family: 'tpu', model: 'Mixtral 8x7B', moe: true }, 'moe'],
  ])('%s → %s', (_, facts, kind) => {
    const r = kindRecordFor(facts)!;
    expect(r.kind).toBe(kind);
    expect(r.rows).toBe(KIND_RECORD[kind]!.rows);
  });

  it('the line says which way the model erred', () => {
    expect(kindRecordText({ kind: 'amd', label: 'AMD', rows: 26, medianAbsError: 0.383, medianError: 0.366 }))
      .toBe('AMD: median error +36.6% on 26 published runs of this kind (predicted faster than measured), median |error| 38.3% (flopcast validate --by-kind)');
    expect(kindRecordText({ kind: 'moe', label: 'MoE', rows: 91, medianAbsError: 0.174, medianError: -0.085 }))
      .toMatch(/^MoE: median error −8\.5% on 91 .*\(predicted slower than measured\)/);
  });

  it('`run` carries each predicted option\'s kind (--json kind_record) and names it under the table', async () => {
    const j = JSON.parse((await runCli(['run', 'scenarios/four-clusters.yaml', '--json'])).stdout);
    const mi300x = j.results.find((r: { gpu: string }) => r.gpu === 'mi300x');
    expect(mi300x.kind_record).toEqual({ kind: 'amd', label: kindRecordFor({ ...dense, family: 'amd' })!.label, rows: KIND_RECORD.amd!.rows, median_error: KIND_RECORD.amd!.medianError, median_abs_error: KIND_RECORD.amd!.medianAbsError });
    const text = (await runCli(['run', 'scenarios/four-clusters.yaml'])).stdout;
    expect(text).toContain(`  mi300x — ${kindRecordText(kindRecordFor({ ...dense, family: 'amd' })!)}.`);
  });
});

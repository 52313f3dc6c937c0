/**
 * The page's note on a predicted MFU (src/ui/mfuNote.ts, the "predicted" mark's title): the unseen
 * record, then the kind's record naming how many of its runs were on the option's GPU.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../cliLoad.js';
import { unseenAccuracyText } from '../../src/perf/accuracy.js';
import { KIND_RECORD, kindRecordText } from '../../src/perf/kindRecord.js';
import { predictedMfuNote } from '../../src/ui/mfuNote.js';

const FOUR = fileURLToPath(new URL('../../scenarios/four-clusters.yaml', import.meta.url));
const CLUSTER_OPTIONS = fileURLToPath(new URL('../../scenarios/cluster-options.yaml', import.meta.url));

describe('predicted MFU note', () => {
  const runs = loadScenarios([FOUR], []).map((r) => r.result);
  it.each(runs.map((r) => [r.inputs.hardware.id, r] as const))('%s: the kind record with its runs on that GPU', (gpu, r) => {
    const t = r.inputs.throughput;
    if (t.kind !== 'predicted' || !t.record) throw new Error('expected a predicted MFU with a kind record');
    // KIND_RECORD's counts are the validation files' rows (test/perf/kindRecord.test.ts).
    const n = KIND_RECORD[t.record.kind]!.gpus[gpu] ?? 0;
    // The record introduced, not a sentence that opens lower-case ('... holdout38). dense, Megatron-Core ...').
    expect(predictedMfuNote(r)).toBe(`Predicted by the performance model; ${unseenAccuracyText()}. On its kind of run, ${kindRecordText(t.record, [gpu])}.`);
    expect(predictedMfuNote(r)).not.toMatch(/\. [a-z]/);
    expect(predictedMfuNote(r)).toContain(`published runs of this kind (${n || 'none'} on ${gpu})`);
  });

  it('none where the MFU was given', () => {
    const given = loadScenarios([CLUSTER_OPTIONS], []).map((r) => r.result).filter((r) => r.inputs.throughput.kind === 'utilization');
    expect(given.length).toBeGreaterThan(0);
    for (const r of given) expect(predictedMfuNote(r)).toBeNull();
  });
});

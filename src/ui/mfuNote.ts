/**
 * The page's note on a predicted MFU (the title of its "predicted" mark, src/ui/client/main.ts): how
 * far the performance model has been on runs it had not seen, and its record on this kind of run with
 * how many of those runs were on this option's GPU, as `flopcast run` prints under its table.
 */
import { unseenAccuracyText } from '../perf/accuracy.js';
import { kindRecordText } from '../perf/kindRecord.js';
import type { RunResult } from '../estimate/run.js';
import { throughputScaleText } from '../report/format.js';

/** null where the MFU was given, not predicted. */
export function predictedMfuNote(r: RunResult): string | null {
  const t = r.inputs.throughput;
  if (t.kind !== 'predicted') return null;
  // The record opens with its kind's label, often lower-case ('dense, Megatron-Core ...'): introduced as the report's
  // recommendation introduces it (src/report/document/recommend.ts), not a sentence of its own after a full stop.
  const record = t.record ? ` On its kind of run, ${kindRecordText(t.record, [r.inputs.hardware.id])}.` : '';
  const scale = throughputScaleText(t, ' (', ')');
  return `Predicted by the performance model${scale}; ${unseenAccuracyText()}.${record}`;
}

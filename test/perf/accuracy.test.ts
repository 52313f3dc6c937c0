/**
 * The unseen-accuracy figures `run` and reports print (src/perf/accuracy.ts) are the ones each held-out
 * file recorded when it was evaluated: its header's "Evaluated once ... median |error| X%". A figure
 * changed in one place and not the other fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNSEEN_EVALUATIONS, unseenAccuracyText } from '../../src/perf/accuracy.js';

const file = (split: string): string => readFileSync(join(import.meta.dirname, '..', '..', 'validation', `${split}-runs.yaml`), 'utf8');
const header = (split: string): string =>
  file(split)
    .split('\n')
    .filter((l) => l.startsWith('#'))
    .map((l) => l.replace(/^#\s*/, ''))
    .join(' ');

describe('unseen accuracy (perf/accuracy.ts)', () => {
  it.each(UNSEEN_EVALUATIONS.map((e) => [e.split, e]))('%s: the median |error| its header recorded at its one evaluation', (split, e) => {
    const text = header(split);
    const at = text.indexOf('Evaluated once');
    expect(at, `${split} says it was evaluated`).toBeGreaterThanOrEqual(0);
    const recorded = /median \|error\|\s+([\d.]+)%/.exec(text.slice(at));
    expect(recorded, `${split} records its median`).not.toBeNull();
    expect(Number(recorded![1]) / 100).toBeCloseTo(e.medianAbsError, 10);
    expect(file(split).split('\n').filter((l) => /^ {2}- name: /.test(l))).toHaveLength(e.rows);
  });
  it('the printed sentence names the median set, the range, the count of sets and where they are listed', () => {
    const t = unseenAccuracyText();
    const errs = UNSEEN_EVALUATIONS.map((e) => e.medianAbsError);
    // The middle set's recorded figure (the mean of the two middle ones for an even count).
    const sorted = [...errs].sort((a, b) => a - b);
    const n = sorted.length;
    const middle = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
    expect(t).toContain(`within ±${(100 * middle).toFixed(1)}% of the measured throughput in the median set`);
    expect(t).toContain(`across ${errs.length} sets`);
    expect(t).toContain(`±${(100 * Math.min(...errs)).toFixed(1)}%`);
    expect(t).toContain(`±${(100 * Math.max(...errs)).toFixed(1)}%`);
    expect(t).toContain('validation/README.md lists them');
  });
});

/** A report of several scenario files: each file is its own comparison (marks, recommendation). */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../src/cli/load/scenario.js';
import { markOptions } from '../../src/estimate/compare.js';
import { buildReport, recommend, renderHtml } from '../../src/report/document/index.js';
import { CLUSTER_OPTIONS, META } from './helpers.js';

const FOUR = fileURLToPath(new URL('../../scenarios/four-clusters.yaml', import.meta.url));

describe('a report of two scenario files', () => {
  const a = loadScenarios([FOUR], []);
  const b = loadScenarios([CLUSTER_OPTIONS], []);
  const model = buildReport([...a, ...b], META, [...a.map(() => 0), ...b.map(() => 1)]);

  it('marks and recommends within each file, as each file alone would', () => {
    for (const [runs, offset] of [[a, 0], [b, a.length]] as const) {
      const own = markOptions(runs.map((r) => r.result));
      expect(model.options.slice(offset, offset + runs.length).map((o) => o.marks)).toEqual(own);
      const pick = recommend(runs.map((r) => r.result)).index;
      expect(model.options.slice(offset, offset + runs.length).map((o) => o.recommended)).toEqual(runs.map((_, i) => i === pick));
    }
  });

  it('says the files are separate comparisons instead of recommending across them', () => {
    expect(model.recommendation.option).toBeNull();
    expect(model.recommendation.headline).toMatch(/^2 separate comparisons, one per scenario file/);
    expect(renderHtml(model)).toContain('2 separate comparisons');
  });
});

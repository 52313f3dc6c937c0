/** A report of several scenario files: each file is its own comparison (marks, recommendation). */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../cliLoad.js';
import { markOptions } from '../../src/estimate/compare.js';
import { buildReport, recommend, renderHtml } from '../../src/report/document/index.js';
import { costScatter } from '../../src/report/document/figures.js';
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

  it('draws each file\'s Pareto frontier, through the options the table marks Pareto', () => {
    // By hand from the runs: four-clusters' 512 MI300X (315.7 days, $7.43M) and 256 B200 (299.1 days,
    // $16.06M) dominate its H100 (322.4 days, $24.64M) and A100 (424.8 days, $28.43M) options;
    // cluster-options' frontier is 2048 MI300X (86.7 days, $8.13M) and 2048 B200 (50.4 days, $21.55M).
    // One frontier over both files dropped 256 B200, Pareto in its own file, behind 2048 MI300X.
    const svg = costScatter(model).svg;
    const onChart = [...svg.matchAll(/data-option="([^"]+)"[^>]*data-pareto="true"/g)].map((m) => m[1]);
    expect(onChart.sort()).toEqual([
      'Llama 3 70B, 15T tokens [gpu=b200, count=2048]', 'Llama 3 70B, 15T tokens [gpu=mi300x, count=2048]',
      'Llama 3 70B, 15T tokens, four clusters [256 B200]', 'Llama 3 70B, 15T tokens, four clusters [512 MI300X]',
    ]);
    expect(onChart).toEqual(model.options.filter((o) => o.marks.pareto).map((o) => o.name).sort());
    expect((svg.match(/<polyline class="pareto"/g) ?? []).length).toBe(2);
  });

  it('says the files are separate comparisons instead of recommending across them', () => {
    expect(model.recommendation.option).toBeNull();
    expect(model.recommendation.headline).toMatch(/^2 separate comparisons, one per scenario file/);
    expect(renderHtml(model)).toContain('2 separate comparisons');
  });
});

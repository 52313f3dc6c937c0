import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { SPLITS } from '../../src/perf/splits.js';

describe('flopcast validate', () => {
  it('a choice of sets with no predicted row says so instead of a median |error| of 0.0% (holdout28: hybrid rows only)', async () => {
    const r = await runCli(['validate', '--split', 'holdout28']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^cross-validation: no predicted row in the sets chosen$/m);
    expect(r.stdout).not.toMatch(/median \|error\| 0\.0%/);
  });
  // Hostile sweep 29: --by-kind printed the table's head alone, saying nothing of why it had no row.
  it.each([[['--split', 'holdout28'], true], [['--split', 'holdout20'], false]])('--by-kind %j says when no row was predicted', async (args, empty) => {
    const r = await runCli(['validate', '--by-kind', ...args]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('| kind of run |')).toBe(true);
    expect(r.stdout.includes('\nno predicted row in the sets chosen: flopcast validate without --by-kind lists each row and why it was not predicted\n')).toBe(empty);
  });
  it('--json: summary {every split (splits.ts SPLITS), cross_validation} as fractions, every row with its set, metric and provenance; the text prints the same figures', async () => {
    const r = await runCli(['validate', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
    const j = JSON.parse(r.stdout);
    // Every evaluated set is in (holdout45, the last, was evaluated once); no set is sealed, so stderr is empty.
    expect(j.summary.holdout8.rows).toBe(37);
    expect(j.summary.holdout9.rows).toBe(51);
    expect(j.summary.holdout10.rows).toBe(144);
    expect(j.summary.holdout11.rows).toBe(53);
    expect(j.summary.holdout12.rows).toBe(60);
    expect(j.summary.holdout13.rows).toBe(38);
    expect(j.summary.holdout14.rows).toBe(28);
    expect(j.summary.holdout15.rows).toBe(12);
    expect(j.summary.holdout16.rows).toBe(18);
    expect(j.summary.holdout17.rows).toBe(33);
    expect(j.summary.holdout18.rows).toBe(31);
    expect(j.summary.holdout19.rows).toBe(10);
    expect(j.summary.holdout20.rows).toBe(3);
    expect(j.summary.holdout21.rows).toBe(14);
    expect(j.summary.holdout22.rows).toBe(15);
    expect(j.summary.holdout23.rows).toBe(14);
    expect(j.summary.holdout24.rows).toBe(183);
    expect(j.summary.holdout25.rows).toBe(27);
    expect(j.summary.holdout26.rows).toBe(165);
    expect(j.summary.holdout27.rows).toBe(21);
    // holdout28's 32 hybrid Mamba-2 rows are listed as not predicted (src/perf has no Mamba-2 layer cost), never dropped.
    expect(j.summary.holdout28.rows).toBe(0);
    expect(j.unpredicted.filter((u: { split: string }) => u.split === 'holdout28')).toHaveLength(32);
    expect(j.summary.holdout29.rows).toBe(5);
    expect(j.summary.holdout30.rows).toBe(10);
    expect(j.summary.holdout31.rows).toBe(4);
    expect(j.summary.holdout32.rows).toBe(6);
    expect(j.summary.holdout33.rows).toBe(76);
    expect(j.summary.holdout34.rows).toBe(12);
    expect(j.summary.holdout35.rows).toBe(3);
    expect(j.summary.holdout36.rows).toBe(350);
    // holdout37's 122 rows less the two whose figure is above the A100's peak (src/perf/impliedPeak.ts): MPT-13B at 8192.
    expect(j.summary.holdout37.rows).toBe(120);
    expect(j.unpredicted.filter((u: { split: string }) => u.split === 'holdout37')).toHaveLength(2);
    expect(j.summary.holdout38.rows).toBe(52);
    expect(j.summary.holdout39.rows).toBe(72);
    expect(j.summary.holdout40.rows).toBe(3);
    expect(j.summary.holdout41.rows).toBe(51);
    expect(j.summary.holdout42.rows).toBe(10);
    // holdout43's 12 rows less BMTrain's 7, 4.7× to 7.8× the V100's peak: the 5 FlashAttention rows.
    expect(j.summary.holdout43.rows).toBe(5);
    expect(j.unpredicted.filter((u: { split: string }) => u.split === 'holdout43')).toHaveLength(7);
    expect(j.summary.holdout44.rows).toBe(1);
    // holdout45's 26 rows less the two Mixtral 8x22B rows whose remat policy the model refuses on MoE.
    expect(j.summary.holdout45.rows).toBe(24);
    expect(j.unpredicted.filter((u: { split: string }) => u.split === 'holdout45')).toHaveLength(2);
    expect(r.stderr).toBe('');
    for (const k of [...SPLITS, 'cross_validation']) {
      expect(Object.keys(j.summary[k])).toEqual(expect.arrayContaining(['rows', 'median_abs_error', 'worst_abs_error']));
      expect(j.summary[k].worst_abs_error).toBeGreaterThanOrEqual(j.summary[k].median_abs_error);
    }
    for (const row of j.rows) {
      expect(SPLITS).toContain(row.split);
      expect(['tokens_per_second_per_gpu', 'step_seconds', 'mfu', 'hfu']).toContain(row.metric);
      for (const v of Object.values(row.provenance)) expect(['reported', 'stack', 'searched']).toContain(v);
    }
    const text = (await runCli(['validate'])).stdout;
    const s = j.summary;
    expect(text).toContain(`test: ${s.test.rows} rows, median |error| ${(100 * s.test.median_abs_error).toFixed(1)}%, worst ${(100 * s.test.worst_abs_error).toFixed(1)}%`);
    expect(text).toContain(`median |error| ${(100 * s.cross_validation.median_abs_error).toFixed(1)}%`);
    expect(text).toContain(`not predicted (${j.unpredicted.length}; left out of the summaries):`);
    // validate predicts every bundled row (about 2,000, each a planner search where the row leaves fields free): about
    // 18 s on a quiet 2-core machine, past vitest's 20 s default when other test files share the cores.
  }, 120_000);

  it('--split keeps only the named splits (the holdout can stay unseen while the model changes)', async () => {
    const j = JSON.parse((await runCli(['validate', '--json', '--split', 'calibration', 'test'])).stdout);
    expect(new Set(j.rows.map((r: { split: string }) => r.split))).toEqual(new Set(['calibration', 'test']));
    for (const k of SPLITS) if (k !== 'calibration' && k !== 'test') expect(j.summary[k].rows, k).toBe(0);
    const bad = await runCli(['validate', '--split', 'tset']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/split/);
  });

  it('the same output twice (stable)', async () => {
    expect((await runCli(['validate'])).stdout).toBe((await runCli(['validate'])).stdout);
  });
});

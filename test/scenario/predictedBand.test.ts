/**
 * A predicted MFU's band (scenario/throughput.ts predictedBand): the prediction ÷ (1 + e) at the 10th and 90th
 * percentiles e of its kind's signed errors, the prediction kept inside, the fast end held at the peak; and the report
 * ranging a predicted run by it. Expected values are worked by hand from the inputs, or from the record the run carries.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runValidation } from '../cliLoad.js';
import { VALIDATION_DIR } from '../../src/cli/commands/validate.js';
import { KIND_RECORD } from '../../src/perf/kindRecord.js';
import { grouped, pct, signedPct } from '../../src/report/format.js';
import { predictedBand } from '../../src/scenario/throughput.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';
import { runCli } from '../cli/run-cli.js';

describe('predictedBand', () => {
  it.each([
    ['errors on both sides: 0.4 ÷ 1.6 and 0.4 ÷ 0.8', 0.4, -0.2, 0.6, Infinity, 0.25, 0.5],
    ['a kind always flattered: the slow end up to the prediction', 0.4, 0.1, 0.5, Infinity, 0.4 / 1.5, 0.4],
    ['a kind always underrated: the prediction up to the fast end', 0.4, -0.3, -0.1, Infinity, 0.4, 0.4 / 0.7],
    ['the fast end held at the peak (×1.25 of the prediction)', 0.4, -0.5, 0.6, 1.25, 0.25, 0.5],
    ['no room left under the peak: the fast end is the prediction', 0.4, -0.5, 0.6, 1, 0.25, 0.4],
  ])('%s', (_, mfu, p10, p90, maxScale, low, high) => {
    const r = predictedBand(mfu, { errorP10: p10, errorP90: p90 }, maxScale);
    expect(r.expected).toBe(mfu);
    expect(r.low).toBeCloseTo(low, 12);
    expect(r.high).toBeCloseTo(high, 12);
  });
});

describe('the report ranges a predicted run by its kind\'s record', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-band-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const scenario = (cluster: string) => {
    const file = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, `name: band\nmodel: llama-3-8b\ntraining: {tokens: 1T, global_batch: 256}\ncluster: ${cluster}\npricing: {usd_per_gpu_hour: 2}\n`);
    return file;
  };
  const days = (cell: string) => Number(cell.replace(/,/g, ''));

  it('days low / high are the expected days × (1 + p10) and × (1 + p90); the note says where the range comes from', async () => {
    const file = scenario('{gpu: h100-sxm, count: 64, utilization: auto}');
    const run = JSON.parse((await runCli(['run', file, '--json'])).stdout).results[0];
    const { error_p10: p10, error_p90: p90 } = run.kind_record;
    expect(p10).toBeLessThan(0); // the dense kind has runs on both sides: the band holds the prediction strictly inside
    expect(p90).toBeGreaterThan(0);
    const md = await runCli(['report', file, '--format', 'markdown']);
    expect(md.code).toBe(0);
    const row = md.stdout.split('\n').find((l) => l.startsWith('| band | predicted MFU '))!;
    const cells = row.split('|').map((c) => c.trim());
    const pctOf = (x: number) => `${(x * 100).toFixed(0)}%`;
    expect(cells[2]).toBe(`predicted MFU ${pctOf(run.mfu / (1 + p90))}–${pctOf(run.mfu / (1 + p10))}`);
    expect(days(cells[3]!)).toBeCloseTo(run.wall_clock_days * (1 + p10), 1);
    expect(days(cells[4]!)).toBeCloseTo(run.wall_clock_days, 1);
    expect(days(cells[5]!)).toBeCloseTo(run.wall_clock_days * (1 + p90), 1);
    expect(md.stdout).toContain('A predicted MFU (utilization: auto) is ranged by how the performance model has erred on published runs of its kind');
  });

  // polish 29: the schema said "1: none", as if a scale of 1 were the same as none; it replaces the band all the same.
  it.each([
    { cluster: '{gpu: h100-sxm, count: 64, utilization: auto, throughput_scale: 0.9}', band: false },
    { cluster: '{gpu: h100-sxm, count: 64, utilization: auto, throughput_scale: 1}', band: false },
    { cluster: '{gpu: h100-sxm, count: 64, utilization: auto}', band: true },
  ])('$cluster: a band $band (a throughput_scale you measured replaces it, even 1)', async ({ cluster, band }) => {
    const md = await runCli(['report', scenario(cluster), '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout.includes('## Ranges and sensitivity')).toBe(band);
  });

  it('the schema\'s description of cluster.throughput_scale says so: no band even at 1, left out for the band', () => {
    const cluster = (scenarioJsonSchema() as { properties: { cluster: { properties: { throughput_scale: { description: string } } } } }).properties.cluster.properties.throughput_scale;
    expect(cluster.description).not.toMatch(/1: none/);
    expect(cluster.description).toMatch(/no band .* even at 1\. Leave it out for the model's own prediction and its band/);
  });

  it('the README\'s DeepSeek-V3 example is what the report prints', async () => {
    const md = (await runCli(['report', 'scenarios/deepseek-v3.yaml', '--format', 'markdown'])).stdout;
    const cells = md.split('\n').find((l) => l.startsWith('| DeepSeek-V3 on 2048 H800 (predicted MFU) | predicted MFU '))!.split('|').map((c) => c.trim());
    const moe = KIND_RECORD.moe!;
    const readme = readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(`(an MoE run, ${moe.rows} published runs of its kind, 8 in 10 errors between ${signedPct(moe.errorP10, 0)} and ${signedPct(moe.errorP90, 0)}) that is ${cells[3]} to ${cells[5]} days, ${cells[6]} to ${cells[8]}, around the predicted ${cells[4]} days and ${cells[7]}`);
  });
});

describe('the README\'s held-out test of the band is validate\'s', () => {
  it('every kind, and every kind but the CI tests and the papers', () => {
    const kinds = runValidation(VALIDATION_DIR).by_kind;
    const total = (ks: typeof kinds) => ks.reduce((a, k) => ({ rows: a.rows + k.band_held_out.rows, inside: a.inside + k.band_held_out.inside }), { rows: 0, inside: 0 });
    const all = total(kinds);
    const users = total(kinds.filter((k) => k.kind !== 'ci-tests' && k.kind !== 'papers'));
    const readme = readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(`it held **${grouped(all.inside)} of ${grouped(all.rows)} (${pct(all.inside / all.rows)})**, ${grouped(users.inside)} of ${grouped(users.rows)} (${pct(users.inside / users.rows)}) leaving out the CI tests and the papers`);
  });
});

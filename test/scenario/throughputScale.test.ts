/**
 * cluster.throughput_scale: the user's own measured ÷ predicted throughput (`flopcast validate YOUR-RUNS.yaml`)
 * multiplies the predicted MFU in run, report and plan (with plan's --throughput-scale); a scenario that gives its own
 * figure cannot carry one. Checked against the same scenario without the scale, not against printed numbers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flopcast-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenario(cluster: string): string {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `model: llama-3-8b\ntraining: {tokens: 1T, global_batch: 256}\ncluster: ${cluster}\n`);
  return file;
}

async function runJson(file: string): Promise<Record<string, number | null | string>> {
  const r = await runCli(['run', file, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { results: Record<string, number | null | string>[] }).results[0]!;
}

describe('cluster.throughput_scale', () => {
  it.each([0.8, 1.1])('×%s: the predicted MFU times the scale, the wall clock over it; the model\'s own figures unchanged', async (k) => {
    const base = await runJson(scenario('{gpu: h100-sxm, count: 64, utilization: auto}'));
    const scaled = await runJson(scenario(`{gpu: h100-sxm, count: 64, utilization: auto, throughput_scale: ${k}}`));
    expect(base.throughput_scale).toBeNull();
    expect(scaled.throughput_scale).toBe(k);
    expect(scaled.predicted_mfu).toBe(base.predicted_mfu);
    expect(scaled.step_time_seconds).toBe(base.step_time_seconds);
    expect(scaled.mfu as number).toBeCloseTo((base.mfu as number) * k, 12);
    expect(scaled.wall_clock_seconds as number).toBeCloseTo((base.wall_clock_seconds as number) / k, 6);
    expect(scaled.cost_usd as number).toBeCloseTo((base.cost_usd as number) / k, 6);
  });

  it('says so in the run\'s detail', async () => {
    const r = await runCli(['run', scenario('{gpu: h100-sxm, count: 64, utilization: auto, throughput_scale: 0.85}')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/throughput +MFU [\d.]+% \(predicted: the model's [\d.]+% × your throughput_scale 0\.85\)/);
    expect(r.stdout).toMatch(/HFU [\d.]+% \(the model's; [\d.]+ s with your throughput_scale\)/);
    expect(r.stdout.match(/the model's [\d.]+% × your throughput_scale/g)).toHaveLength(1); // not again under the * note
  });

  // A table's starred MFU (two runs, or Markdown) and the report's recommendation said 'predicted by the performance
  // model' of the model's MFU times the scale, the scale named nowhere there.
  it.each([[], ['--format', 'markdown']])('a table of runs (%s) says which MFU carries the scale, under its * note', async (...args) => {
    const file = join(dir, 'options.yaml');
    writeFileSync(file, 'model: llama-3-8b\ntraining: {tokens: 1T, global_batch: 256}\ncluster: {gpu: h100-sxm, count: 64, utilization: auto}\noptions:\n  - name: ours\n    cluster: {throughput_scale: 0.85}\n  - name: model\n');
    const r = await runCli(['run', file, ...args]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\* MFU predicted by the performance model/m);
    expect(r.stdout).toMatch(/^ {2}[^\n]*ours[^\n]*: the model's [\d.]+% × your throughput\\?_scale 0\.85$/m);
    expect(r.stdout.match(/throughput\\?_scale/g)).toHaveLength(1);
  });

  it('the report\'s recommendation names it beside the MFU it predicts', async () => {
    const out = join(dir, 'rec.md');
    const r = await runCli(['report', scenario('{gpu: h100-sxm, count: 64, utilization: auto, throughput_scale: 0.9}'), '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/Its MFU of [\d.]+% is predicted by the performance model \(the model's [\d.]+% × your throughput\\_scale 0\.9\), not measured/);
  });

  it.each([
    { case: 'with a given utilisation', cluster: '{gpu: h100-sxm, count: 64, utilization: 0.4, throughput_scale: 0.9}', message: /:3:\d+: cluster\.throughput_scale: throughput_scale scales the predicted utilisation, and this cluster gives its own figure\n  hint: use it with utilization: auto/ },
    { case: 'with measured tokens/s', cluster: '{gpu: h100-sxm, count: 64, tokens_per_second_per_gpu: 9000, throughput_scale: 0.9}', message: /cluster\.throughput_scale: throughput_scale scales the predicted utilisation/ },
    { case: 'zero', cluster: '{gpu: h100-sxm, count: 64, utilization: auto, throughput_scale: 0}', message: /cluster\.throughput_scale: / },
    // It ran 1.9M days, said 'the model's 56.9% × your throughput_scale 0' (toFixed(4) of 0.00001): a unit slip, refused as a rate's is.
    { case: 'below 0.001 (a thousandth of the predicted throughput)', cluster: '{gpu: h100-sxm, count: 64, utilization: auto, throughput_scale: 0.00001}', message: /:3:\d+: cluster\.throughput_scale: expected a value >= 0\.001, found 0\.00001/ },
    { case: 'above the peak', cluster: '{gpu: h100-sxm, count: 64, utilization: auto, throughput_scale: 3}', message: /cluster\.throughput_scale: the predicted MFU [\d.]+% × throughput_scale 3 is [\d.]+%, above the peak/ },
  ])('$case: exit 2 at the key', async ({ cluster, message }) => {
    const r = await runCli(['run', scenario(cluster)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  // The review: run printed 'MFU / HFU 76.5% / 101.7%' (above the peak) for a scale that kept the MFU under it, under full recomputation.
  it('a scale that lifts the HFU (recomputation) above the peak: exit 2 at the key', async () => {
    const file = join(dir, 'hfu.yaml');
    const write = (k: number) => writeFileSync(file, `model: llama-3-8b\ntraining: {tokens: 1T, global_batch: 256, recompute: full}\ncluster: {gpu: h100-sxm, count: 64, utilization: auto, throughput_scale: ${k}}\n`);
    write(1);
    const own = await runJson(file);
    const [mfu, hfu] = [Number(own.predicted_mfu), Number(own.predicted_hfu)];
    expect(hfu).toBeGreaterThan(mfu * 1.2);
    write((1 / hfu + 1 / mfu) / 2);
    const r = await runCli(['run', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/hfu\.yaml:3:\d+: cluster\.throughput_scale: the predicted HFU [\d.]+% × throughput_scale [\d.]+ is 1\d\d\.\d%, above the peak/);
  });

  // The review: a base's scale beside an option's own figure refused the whole file at the base's line, naming no option.
  it('an option or matrix cell that gives its own figure does not read the base\'s scale, and says so on its run', async () => {
    const file = join(dir, 'options.yaml');
    writeFileSync(file, 'model: llama-3-8b\ntraining: {tokens: 1T, global_batch: 256}\ncluster: {gpu: h100-sxm, count: 64, utilization: auto, throughput_scale: 0.9}\noptions:\n  - name: predicted\n  - name: quoted\n    cluster: {utilization: 0.35}\n');
    const r = await runCli(['run', file, '--json']);
    expect(r.code).toBe(0);
    const [predicted, quoted] = (JSON.parse(r.stdout) as { results: { throughput_scale: number | null; mfu: number; warnings: string[] }[] }).results;
    expect(predicted!.throughput_scale).toBe(0.9);
    expect(quoted!.throughput_scale).toBeNull();
    expect(quoted!.mfu).toBe(0.35);
    expect(quoted!.warnings).toContain('cluster.throughput_scale 0.9 (the file\'s) is not read by this run: options[1].cluster.utilization gives its own utilization');
    const m = join(dir, 'matrix.yaml');
    writeFileSync(m, 'model: llama-3-8b\ntraining: {tokens: 1T, global_batch: 256}\ncluster: {gpu: h100-sxm, count: 64, utilization: auto, throughput_scale: 0.9}\nmatrix:\n  cluster.utilization: [auto, 0.35]\n');
    const rm = await runCli(['run', m, '--json']);
    expect(rm.code).toBe(0);
    expect((JSON.parse(rm.stdout) as { results: { warnings: string[] }[] }).results[1]!.warnings.join('\n')).toMatch(/is not read by this run: matrix\["cluster\.utilization"\]\[1\] gives its own utilization/);
  });

  it('an option that sets a scale beside a figure of its own or the file\'s is refused at the option', async () => {
    const file = join(dir, 'option-scale.yaml');
    writeFileSync(file, 'model: llama-3-8b\ntraining: {tokens: 1T, global_batch: 256}\ncluster: {gpu: h100-sxm, count: 64, utilization: 0.4}\noptions:\n  - name: a\n    cluster: {throughput_scale: 0.9}\n');
    const r = await runCli(['run', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/option-scale\.yaml:6:\d+: options\[0\]\.cluster\.throughput_scale: throughput_scale scales the predicted utilisation/);
  });

  // plan ranked and printed the model's own figures beside a scale the user wrote, and warned that it did not apply it.
  it.each([
    { case: 'the file\'s scale', cluster: '{gpu: h100-sxm, count: 64, utilization: auto, throughput_scale: 0.9}', flags: [], k: 0.9, key: 'cluster.throughput_scale' },
    { case: '--throughput-scale', cluster: '{gpu: h100-sxm, count: 64, utilization: auto}', flags: ['--throughput-scale', '1.1'], k: 1.1, key: '--throughput-scale' },
    { case: '--throughput-scale over the file\'s', cluster: '{gpu: h100-sxm, count: 64, utilization: auto, throughput_scale: 0.9}', flags: ['--throughput-scale', '0.8'], k: 0.8, key: '--throughput-scale' },
  ])('plan with $case: the layouts in the model\'s order, their step, MFU, HFU and tokens/s times it, the model\'s own beside', async ({ cluster, flags, k, key }) => {
    interface Entry { layout: unknown; prediction: { step_time_seconds: number; mfu: number; hfu: number; tokens_per_second: number }; scaled?: Entry['prediction'] }
    const planJson = async (file: string, more: string[]) => {
      const r = await runCli(['plan', file, '--top', '3', '--json', ...more]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { best: Entry[]; throughput_scale: { value: number; key: string } | null; warnings: string[] };
    };
    const base = await planJson(scenario('{gpu: h100-sxm, count: 64, utilization: auto}'), []);
    const file = scenario(cluster);
    const scaled = await planJson(file, flags);
    expect(base.throughput_scale).toBeNull();
    expect(base.best[0]!.scaled).toBeUndefined();
    expect(scaled.throughput_scale).toEqual({ value: k, key });
    expect(scaled.warnings.join('\n')).not.toMatch(/throughput_scale/);
    expect(scaled.best.map((e) => e.layout)).toEqual(base.best.map((e) => e.layout));
    scaled.best.forEach((e, i) => {
      const own = base.best[i]!.prediction;
      expect(e.prediction).toEqual(own);
      expect(e.scaled!.mfu).toBeCloseTo(own.mfu * k, 12);
      expect(e.scaled!.hfu).toBeCloseTo(own.hfu * k, 12);
      expect(e.scaled!.tokens_per_second).toBeCloseTo(own.tokens_per_second * k, 6);
      expect(e.scaled!.step_time_seconds).toBeCloseTo(own.step_time_seconds / k, 12);
    });
    const text = await runCli(['plan', file, '--top', '3', ...flags]);
    expect(text.code).toBe(0);
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    expect(text.stdout).toContain(`note: step, MFU, HFU and tokens/s carry your throughput_scale ${k} (${key}): the best's MFU ${pct(base.best[0]!.prediction.mfu * k)} is the model's ${pct(base.best[0]!.prediction.mfu)} × your throughput_scale ${k}`);
    expect(text.stdout).toMatch(new RegExp(`^1 +tp\\S+ .* ${pct(base.best[0]!.prediction.mfu * k).replace('.', '\\.')} `, 'm'));
    expect(text.stdout).not.toMatch(/warning: .*throughput_scale/);
  });

  it.each([
    { case: 'below 0.001', cluster: '{gpu: h100-sxm, count: 64, utilization: auto}', flags: ['--throughput-scale', '0.00001'], message: /^error: --throughput-scale: expected a value >= 0\.001, found 0\.00001\n/ },
    { case: 'not a number', cluster: '{gpu: h100-sxm, count: 64, utilization: auto}', flags: ['--throughput-scale', 'fast'], message: /^error: --throughput-scale: unknown name `fast`\n/ },
    { case: 'above the peak (the flag)', cluster: '{gpu: h100-sxm, count: 64, utilization: auto}', flags: ['--throughput-scale', '3'], message: /^error: --throughput-scale: the predicted MFU [\d.]+% × throughput_scale 3 is [\d.]+%, above the peak\n  hint: a scale is measured ÷ predicted throughput/ },
    { case: 'beside a utilisation of the scenario\'s own', cluster: '{gpu: h100-sxm, count: 64, utilization: 0.4}', flags: ['--throughput-scale', '0.9'], message: /^error: --throughput-scale: --throughput-scale scales the predicted utilisation, and the scenario's run gives its own utilization\n  hint: plan a scenario with utilization: auto, or leave out --throughput-scale/ },
  ])('plan --throughput-scale $case: exit 2', async ({ cluster, flags, message }) => {
    const r = await runCli(['plan', scenario(cluster), '--top', '1', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('plan refuses an option\'s scale that lifts the MFU above the peak, at the option', async () => {
    const file = join(dir, 'plan-peak.yaml');
    writeFileSync(file, 'model: llama-3-8b\ntraining: {tokens: 1T, global_batch: 256}\ncluster: {gpu: h100-sxm, count: 64, utilization: auto}\noptions:\n  - name: a\n    cluster: {throughput_scale: 3}\n');
    const r = await runCli(['plan', file, '--top', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plan-peak\.yaml:6:\d+: options\[0\]\.cluster\.throughput_scale: the predicted MFU [\d.]+% × throughput_scale 3 is [\d.]+%, above the peak/);
  });

  // The CSV's mfu carried the scale with no column saying so.
  it('run --format csv: a throughput_scale column after the others, empty where none', async () => {
    const file = join(dir, 'csv.yaml');
    writeFileSync(file, 'model: llama-3-8b\ntraining: {tokens: 1T, global_batch: 256}\ncluster: {gpu: h100-sxm, count: 64, utilization: auto}\noptions:\n  - name: ours\n    cluster: {throughput_scale: 0.85}\n  - name: model\n');
    const csv = await runCli(['run', file, '--format', 'csv']);
    expect(csv.code).toBe(0);
    const [head, ...rows] = csv.stdout.trim().split('\n');
    const cols = head!.split(',');
    // Then the cost's three parts (lead trial 23), numbers without commas.
    expect(cols.slice(-6)).toEqual(['price_source', 'throughput_scale', 'compute_usd', 'energy_usd', 'fixed_usd', 'commitment_usd']);
    const json = (JSON.parse((await runCli(['run', file, '--json'])).stdout) as { results: { mfu: number; throughput_scale: number | null }[] }).results;
    // The cell before the cost's parts (the price source before it may hold commas, quoted): the scale, or nothing.
    expect(rows.map((r) => r.split(',').slice(-5)[0])).toEqual(['0.85', '']);
    expect(json.map((r) => r.throughput_scale)).toEqual([0.85, null]);
    expect(rows.map((r) => Number(r.split(',')[cols.indexOf('mfu')]))).toEqual(json.map((r) => r.mfu));
  });

  it('the report\'s assumptions name it', async () => {
    const out = join(dir, 'r.md');
    const r = await runCli(['report', scenario('{gpu: h100-sxm, count: 64, utilization: auto, throughput_scale: 0.9}'), '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/predicted by the performance model, the model's [\d.]+% × your throughput\\_scale 0\.9/); // Markdown escapes the underscore
  });
});

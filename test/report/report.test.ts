import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../cliLoad.js';
import type { RunResult } from '../../src/estimate/run.js';
import { markOptions } from '../../src/estimate/compare.js';
import { buildReport, prettyLabel, recommend, renderHtml, renderMarkdown } from '../../src/report/document/index.js';
import { explainRecommendation } from '../../src/report/document/recommend.js';
import type { ReportOption } from '../../src/report/document/model.js';
import { KIND_RECORD, kindRecordText } from '../../src/perf/kindRecord.js';
import { report as libraryReport } from '../../src/index.js';
import { BAD_NUMBER, clusterRuns, expectedRecommendation, META, rangedScenario } from './helpers.js';

/** Just what the recommendation reads. */
function fake(name: string, cost: number, days: number, c: { deadlineDays?: number; budget?: number } = {}): RunResult {
  const deadlineSeconds = c.deadlineDays === undefined ? undefined : c.deadlineDays * 86400;
  return {
    name, wallClockSeconds: days * 86400, cost: { totalUsd: cost, computeUsd: cost, energyUsd: 0, fixedUsd: 0 },
    meetsDeadline: deadlineSeconds === undefined ? null : days * 86400 <= deadlineSeconds,
    meetsBudget: c.budget === undefined ? null : cost <= c.budget,
    inputs: { throughput: { kind: 'utilization', mfu: 0.4 }, constraints: { ...(deadlineSeconds !== undefined ? { deadlineSeconds } : {}), ...(c.budget !== undefined ? { budgetUsd: c.budget } : {}) } },
  } as unknown as RunResult;
}

describe('recommend', () => {
  const k = { deadlineDays: 100, budget: 10 };
  it.each([
    { name: 'cheapest that meets both', runs: [fake('a', 5, 90, k), fake('b', 4, 120, k), fake('c', 6, 50, k), fake('d', 3, 99, { ...k })], status: 'meets-all', pick: 'd' },
    { name: 'equal cost: the faster', runs: [fake('a', 5, 90, k), fake('b', 5, 60, k)], status: 'meets-all', pick: 'b' },
    { name: 'no constraints: cheapest', runs: [fake('a', 5, 90), fake('b', 4, 900)], status: 'meets-all', pick: 'b' },
    { name: 'none meets the deadline: fastest within budget', runs: [fake('a', 5, 150, k), fake('b', 9, 120, k), fake('c', 11, 80, k)], status: 'within-budget-late', pick: 'b' },
    { name: 'some meet the deadline only over budget: fastest within budget', runs: [fake('a', 12, 50, k), fake('b', 8, 130, k)], status: 'within-budget-late', pick: 'b' },
    { name: 'none within budget: the closest', runs: [fake('a', 30, 90, k), fake('b', 12, 110, k), fake('c', 11, 400, k)], status: 'none', pick: 'b' },
  ])('$name', ({ runs, status, pick }) => {
    const r = recommend(runs);
    expect(r.status).toBe(status);
    expect(runs[r.index]!.name).toBe(pick);
    expect(runs[r.index]!.name).toBe(expectedRecommendation(runs));
  });
  it('costs equal within a relative 1e-9 are a tie: the faster is recommended, the tie is counted and marked', () => {
    // $8M computed along three paths: differences of 1e-5 USD and 4e-3 USD (5e-10 relative) are float noise.
    const runs = [fake('a', 8e6 + 1e-5, 90), fake('b', 8e6, 120), fake('c', 8e6 * (1 + 5e-10), 60), fake('d', 8e6 * (1 + 2e-9), 10)];
    const r = recommend(runs);
    expect(runs[r.index]!.name).toBe('c');
    expect(r.tiedOnCost).toBe(2);
    expect(markOptions(runs).map((m) => m.cheapest)).toEqual([true, true, true, false]);
    expect(markOptions(runs).map((m) => m.pareto)).toEqual([false, false, true, true]);
  });
  it('no options', () => expect(recommend([])).toEqual({ status: 'empty', index: -1, meetingAll: 0, tiedOnCost: 0, tiedOnTime: 0 }));
  // Hostile sweep 22: three identical options were told '2 other options cost the same ...; this one is the fastest of
  // them', of options exactly as fast; the recommended one is then the first listed. Options of 8 and 16 GPUs use the
  // same GPU-hours, so cost the same, the 16 in half the time.
  it.each([
    { name: 'all as fast', counts: [8, 8, 8], pick: 'o0', text: '2 other options cost the same and take as long (within a relative 1e-9); this one is listed first, so it is recommended.' },
    { name: 'one as fast', counts: [8, 16, 16], pick: 'o1', text: '2 other options cost the same (within a relative 1e-9); this one is the fastest of them (1 as fast, listed after it), so it is recommended.' },
    { name: 'one slower', counts: [8, 16], pick: 'o1', text: '1 other option costs the same (within a relative 1e-9); this one is the fastest of them, so it is recommended.' },
    { name: 'one as fast, alone', counts: [16, 16], pick: 'o0', text: '1 other option costs the same and takes as long (within a relative 1e-9); this one is listed first, so it is recommended.' },
  ])('ties on cost, $name', ({ counts, pick, text }) => {
    const scenario = `model: gpt2\ntraining: {tokens: 10B, global_batch: 64}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\npricing: {usd_per_gpu_hour: 2}\noptions:\n${counts.map((c, i) => `  - {name: o${i}, cluster: {count: ${c}}}\n`).join('')}`;
    const md = libraryReport(scenario, { format: 'markdown' }).text;
    expect(md).toContain(`**Recommended: ${pick}, the cheapest of ${counts.length} options (no deadline or budget was given).**`);
    expect(md).toContain(`- ${text}\n`);
  });
  // With a deadline and no budget, every option is 'within budget': the headline said so of a budget never given.
  it.each([
    { budgets: [], headline: 'No option meets the 100-day deadline. The fastest option is b.' },
    { budgets: [10], headline: 'No option meets the 100-day deadline and the $10 budget. The fastest option within budget is b.' },
  ])('late options, budgets $budgets: "$headline"', ({ budgets, headline }) => {
    const runs = [fake('a', 5, 150, { deadlineDays: 100 }), fake('b', 9, 120, { deadlineDays: 100 })].map((r) => ({ ...r, commitment: null, gpuHours: 1, inputs: { ...r.inputs, gpuCount: 8, hardware: { id: 'h100-sxm' } } }) as unknown as RunResult);
    const rec = recommend(runs);
    expect(rec.status).toBe('within-budget-late');
    const o = { label: runs[rec.index]!.name, result: runs[rec.index]! } as unknown as ReportOption;
    expect(explainRecommendation(rec, o, [o], [100 * 86400], budgets).headline).toBe(headline);
  });
  it('the bundled comparison: the cheapest option that meets 120 days and $40M', () => {
    const runs = clusterRuns().map((r) => r.result);
    const r = recommend(runs);
    expect(r.status).toBe('meets-all');
    expect(runs[r.index]!.name).toBe(expectedRecommendation(runs));
    expect(runs[r.index]!.inputs.hardware.id).toBe('mi300x');
    expect(runs[r.index]!.inputs.gpuCount).toBe(2048);
  });
});

describe('a warning about some options names them', () => {
  // The commitment's warning (its contract over the budget) is the reserved option's alone; printed among
  // the report's warnings it read as the whole report's.
  it('the reserved option\'s commitment warning is prefixed with its label, and that option is not recommended', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-warn-'));
    const file = join(dir, 'reserve.yaml');
    writeFileSync(file, `name: reserve
model: llama-3-70b
training:
  tokens: 1T
cluster:
  gpu: h100-sxm
  count: 512
  utilization: 0.4
pricing:
  usd_per_gpu_hour: 3
constraints:
  budget: 5M
options:
  - name: reserved
    pricing: {usd_per_gpu_hour: 1.5, kind: reserved, term: 1y}
  - name: ondemand
`);
    const runs = loadScenarios([file], []);
    const model = buildReport(runs, META);
    const commitment = model.warnings.filter((w) => w.includes('the commitment obliges'));
    expect(commitment).toHaveLength(1);
    expect(commitment[0]).toMatch(/^reserved: the commitment obliges \$6\.73M \(the whole term\), over the \$5M budget, though the run's share, \$\d+(,\d{3})*, fits$/);
    expect(model.recommendation.option?.label).toBe('ondemand');
    expect(model.recommendation.option?.result.name).toBe(expectedRecommendation(runs.map((r) => r.result)));
  });
});

describe('range propagation', () => {
  it.each([{ price: false }, { price: true }])('low/high of time and cost bracket the expected value (price ranged: $price)', ({ price }) => {
    const runs = loadScenarios([rangedScenario({ price })], []);
    const model = buildReport(runs, META);
    expect(model.options.length).toBeGreaterThan(0);
    for (const o of model.options) {
      const g = o.range!;
      expect(g).not.toBeNull();
      expect(g.expected.wallClockSeconds).toBeCloseTo(o.result.wallClockSeconds, 6);
      expect(g.optimistic.wallClockSeconds).toBeLessThan(g.expected.wallClockSeconds);
      expect(g.pessimistic.wallClockSeconds).toBeGreaterThan(g.expected.wallClockSeconds);
      expect(g.optimistic.cost.totalUsd).toBeLessThanOrEqual(g.expected.cost.totalUsd);
      expect(g.pessimistic.cost.totalUsd).toBeGreaterThanOrEqual(g.expected.cost.totalUsd);
      for (const s of g.sensitivity) {
        expect(s.favourable.cost.totalUsd).toBeLessThanOrEqual(g.expected.cost.totalUsd + 1e-6);
        expect(s.unfavourable.cost.totalUsd).toBeGreaterThanOrEqual(g.expected.cost.totalUsd - 1e-6);
        expect(g.optimistic.cost.totalUsd).toBeLessThanOrEqual(s.favourable.cost.totalUsd + 1e-6);
        expect(g.pessimistic.cost.totalUsd).toBeGreaterThanOrEqual(s.unfavourable.cost.totalUsd - 1e-6);
      }
      expect(g.sensitivity.map((s) => s.input).sort()).toEqual(Object.keys(o.ranges).sort());
    }
    const html = renderHtml(model);
    expect(html).toContain('id="ranges"');
    expect((html.match(/<rect class="tornado-bar"/g) ?? []).length).toBe(2 * Object.keys(model.options.find((o) => o.recommended)!.ranges).length);
    expect(html).not.toMatch(BAD_NUMBER);
  });
  it('unranged runs have no range section', () => {
    const model = buildReport(clusterRuns(), META);
    expect(model.options.every((o) => o.range === null)).toBe(true);
    expect(renderHtml(model)).not.toContain('id="ranges"');
  });
});

describe('HTML', () => {
  const model = buildReport(clusterRuns(), { ...META, generatedAt: '2026-01-02T03:04:05Z', command: 'flopcast report x.yaml' });
  const html = renderHtml(model);
  // The summary's wall-clock hours are grouped as run's text groups them ('86.7 days (2,081 hours)'): the page wrote
  // `fixed(seconds / 3600, 0)`, '2081 hours', after 5fd806e grouped every other day and hour figure. Expected from the
  // recommended option's seconds by Intl's grouping, not format.ts. Fails on the old code (2,081 hours, over a thousand).
  it("the summary's wall-clock hours are thousands grouped", () => {
    const r = model.options.find((o) => o.recommended)!.result;
    const hours = Math.round(r.wallClockSeconds / 3600);
    expect(hours).toBeGreaterThanOrEqual(1000);
    expect(html).toContain(`<div class="label">Wall-clock</div><div class="value">${(r.wallClockSeconds / 86_400).toFixed(1)} days</div><div class="sub">${hours.toLocaleString('en-US')} hours</div>`);
  });
  it('is self-contained: no scripts, no external resources, a print stylesheet', () => {
    expect(html).not.toMatch(/<script|<link |src="http|url\(http|@import/i);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(BAD_NUMBER);
  });
  it('has one scatter point and one cost bar row per option, and the recommendation', () => {
    expect((html.match(/<circle class="point"/g) ?? []).length).toBe(model.options.length);
    expect((html.match(/<g class="bar-row" data-option/g) ?? []).length).toBeGreaterThanOrEqual(model.options.length);
    expect(html).toContain(`data-recommended="${model.recommendation.option!.name}"`);
  });
  it('lists every source: version, sha-256, price provider and date, confidence, energy, conventions', () => {
    expect(html).toContain('0.0.0-test');
    expect(html).toContain('f'.repeat(64));
    expect(html).toContain('2026-01-02T03:04:05Z');
    for (const h of model.hardware) for (const s of h.profile.sources) expect(html).toContain(s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    for (const p of model.prices) {
      expect(p.entries.length).toBeGreaterThan(0);
      for (const e of p.entries) expect(html).toContain(e.date);
    }
    expect(html).toMatch(/PUE/);
    expect(html).toContain('0.373 kg/kWh');
    expect(html).toContain('Backward = 2 × forward');
    expect(html).toMatch(/class="conf conf-datasheet"/);
  });
  it('escapes user strings', () => {
    const runs = loadScenarios([rangedScenario()], []);
    const h = renderHtml(buildReport(runs, { version: '<v>', inputs: [{ file: 'a"<b>.yaml', sha256: '0' }] }));
    expect(h).not.toContain('<b>&</b>');
    expect(h).toContain('ranged &lt;b&gt;&amp;&lt;/b&gt; | test');
    expect(h).toContain('a&quot;&lt;b&gt;.yaml');
    expect(h).not.toContain('<v>');
  });
});

describe('Markdown', () => {
  const model = buildReport(clusterRuns(), META);
  const md = renderMarkdown(model, { assetDir: 'report-assets' });
  it('links its charts relatively and returns them as assets', () => {
    const names = md.assets.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['cost-vs-time.svg', 'cost-breakdown.svg', 'flops.svg']));
    for (const n of names) expect(md.markdown).toContain(`](report-assets/${n})`);
    for (const a of md.assets) {
      expect(a.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(a.svg).not.toMatch(BAD_NUMBER);
    }
  });
  it('has the summary, one table row per option, assumptions and reproduction data', () => {
    const rec = model.recommendation.option!;
    expect(md.markdown).toContain('## Summary');
    expect(md.markdown).toContain(`**Recommended: ${rec.label}`);
    const rows = md.markdown.split('\n').filter((l) => /^\| [\d,]+ × /.test(l));
    expect(rows).toHaveLength(model.options.length);
    expect(md.markdown).toContain('## Assumptions and sources');
    expect(md.markdown).toContain('f'.repeat(64));
    expect(md.markdown).toContain('### FLOP conventions');
    expect(md.markdown).not.toMatch(BAD_NUMBER);
  });
  it('escapes table syntax and HTML in user text', () => {
    const m = renderMarkdown(buildReport(loadScenarios([rangedScenario()], []), META)).markdown;
    expect(m).toContain('ranged &lt;b&gt;&amp;&lt;/b&gt; \\| test');
  });
});

describe('helpers', () => {
  it.each([
    ['gpu=h100-sxm, count=512', '512 × h100-sxm'],
    ['gpu=b200', 'b200'],
    ['count=64, precision=fp8', '64 GPUs, precision=fp8'],
    ['precision=fp8', 'precision=fp8'],
    ['not a label', 'not a label'],
    ['', ''],
  ])('prettyLabel(%j) = %j', (a, b) => expect(prettyLabel(a)).toBe(b));
  it('draws a step-time chart when runs carry a prediction', () => {
    const runs = clusterRuns().slice(0, 3).map((r, i) => ({ ...r, prediction: { step_breakdown: { compute_seconds: 1 + i, exposed_comm_seconds: 0.2, bubble_seconds: 0.1 } } }));
    const html = renderHtml(buildReport(runs, META));
    expect(html).toContain('id="step-time"');
    expect((html.match(/<rect class="bar" data-segment="compute"/g) ?? []).length).toBe(3);
  });
  it('lists the layout, step time and memory per GPU behind each predicted step', () => {
    const layout = { tp: 8, pp: 16, dp: 128, cp: 1, ep: 1, etp: 1, microBatch: 1, schedule: 'interleaved', virtualStages: 8, zeroStage: 1, shardGroup: 128, sequenceParallel: true, recompute: 'full' };
    const runs = clusterRuns().slice(0, 2).map((r) => ({ ...r, prediction: { layout, memory: { total: 60 * 2 ** 30, capacity: 80 * 2 ** 30 }, prediction: { stepTimeSeconds: 7.5, breakdown: { computeSeconds: 7, bubbleSeconds: 0.5 } } } }));
    const m = buildReport(runs, META);
    const html = renderHtml(m);
    expect((html.match(/<td>tp8 pp16 dp128 mb1 v8 sp zero1 rc:full<\/td>/g) ?? []).length).toBe(2);
    expect(html).toContain('60 GiB of 80 GiB');
    expect(renderMarkdown(m).markdown).toMatch(/\| tp8 pp16 dp128 mb1 v8 sp zero1 rc:full \| 7\.5 s \| 60 GiB of 80 GiB \|/);
  });
});

describe('money in the report (issue 11)', () => {
  it('rent or buy: the owned working, the break-even utilisation and months, both in HTML and Markdown', () => {
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1795910400'; // 2026-11-29: the default on-demand price it compares with
    try {
      const model = buildReport(loadScenarios(['scenarios/rent-or-buy.yaml'], []), META);
      const md = renderMarkdown(model).markdown;
      const html = renderHtml(model);
      for (const text of [md, html]) {
        expect(text).toContain('(37,500 + 4,000) / (4 × 8,760) = $1.184/GPU-h');
        expect(text).toMatch(/owning is cheaper if the GPUs are in use more than 28% of the hours \(time in use, not MFU\); the purchase pays back after 12\.3 months of full use/);
        expect(text).toMatch(/median of 6 on-demand list prices \(RunPod \$1\.99/);
      }
      // Leftovers of closing23: the owned price's row put its amortisation working in the Provider column, '-' under Source.
      const working = 'hardware $1.184 + hosting $0.137 per GPU-hour, 4-year amortisation (energy $0.0672/GPU-h in the energy cost)';
      expect(md).toContain(`| h100-sxm | $1.321 | your own cluster | owned | - | - | ${working} | all options |`);
      expect(html).toMatch(new RegExp(`<td>your own cluster</td><td>owned</td><td>-</td><td>-</td><td>${working.replace(/[$().+]/g, '\\$&')}</td>`));
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });

  it('a commitment: what the contract obliges next to the run\'s cost, in the table and the recommendation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-commit-'));
    const f = join(dir, 'reserved.yaml');
    writeFileSync(f, 'name: reserved\nmodel: llama-3-70b\ntraining: {tokens: 1.38T}\ncluster: {gpu: h100-sxm, count: 512, utilization: 0.4}\npricing: {kind: reserved, term: 3y, usd_per_gpu_hour: 2.1}\n');
    const model = buildReport(loadScenarios([f], []), META);
    const commitment = 512 * 3 * 8760 * 2.1; // $28.26M
    for (const text of [renderMarkdown(model).markdown, renderHtml(model)]) {
      expect(text).toContain(`(commitment $${(commitment / 1e6).toFixed(2)}M)`);
      expect(text).toContain('The reserved commitment obliges $28.26M (512 GPUs × 26,280 h × $2.10); the run itself uses');
    }
  });
});

describe('report: the kind record under each predicted MFU', () => {
  it('names how many of the kind\'s published runs were on each option\'s GPU (four-clusters.yaml: a covered, a thinly covered GPU)', () => {
    const runs = loadScenarios([fileURLToPath(new URL('../../scenarios/four-clusters.yaml', import.meta.url))], []);
    const model = buildReport(runs, META);
    const md = renderMarkdown(model).markdown;
    for (const o of model.options) {
      const t = o.result.inputs.throughput;
      if (t.kind !== 'predicted' || !t.record) throw new Error(`${o.label}: expected a predicted MFU with a kind record`);
      const gpu = o.result.inputs.hardware.id;
      // KIND_RECORD's counts are the validation files' rows (test/perf/kindRecord.test.ts).
      const runsOnGpu = KIND_RECORD[t.record.kind]!.gpus[gpu] ?? 0;
      const line = model.throughput.find((x) => x.options.includes(o.label))!;
      expect(line.text, o.label).toContain(kindRecordText(t.record, [gpu]));
      expect(line.text, o.label).toContain(`published runs of this kind (${runsOnGpu || 'none'} on ${gpu})`);
      expect(md).toContain(`published runs of this kind (${runsOnGpu || 'none'} on ${gpu})`);
    }
  });
});

// The recommended option's predicted MFU is said beside the recommendation with the model's record on its kind of
// run; it was only among the assumptions at the report's end. The record is the table's (kindRecordText), so the
// figure is not restated here; the MI300X row is the AMD kind, the model's most optimistic (README, "How far to trust it").
describe('the recommendation says how far a predicted MFU is to be trusted', () => {
  const file = (gpu: string, utilization: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-trust-'));
    const f = join(dir, 's.yaml');
    writeFileSync(f, `name: trust\nmodel: llama-3-8b\ntraining: {tokens: 100B, global_batch: 256}\ncluster: {gpu: ${gpu}, count: 16, utilization: ${utilization}}\npricing: {usd_per_gpu_hour: 2}\n`);
    return f;
  };
  it.each([
    ['mi300x, predicted', 'mi300x', 'auto', true],
    ['h100-sxm, predicted', 'h100-sxm', 'auto', true],
    ['mi300x, utilization given', 'mi300x', '0.4', false],
  ])('%s', (_, gpu, utilization, said) => {
    const model = buildReport(loadScenarios([file(gpu, utilization)], []), META);
    const r = model.recommendation.option!.result;
    const line = model.recommendation.details.find((d) => d.startsWith('Its MFU of'));
    if (!said) return expect(line).toBeUndefined();
    const t = r.inputs.throughput as { kind: 'predicted'; record: Parameters<typeof kindRecordText>[0] };
    expect(line).toContain('is predicted by the performance model, not measured');
    // the unseen record's headline, worded once in perf/accuracy.ts (the sentence under run's table says it too)
    expect(line).toMatch(/not measured \(on published runs it had not seen, half of its predictions were within ±\d+\.\d% of the measured throughput in the median set\); on its kind/);
    expect(line).toContain(`on its kind of run, ${kindRecordText(t.record, [gpu])}.`);
  });
});

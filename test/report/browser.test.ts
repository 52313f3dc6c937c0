/**
 * The report in a real browser (headless Chromium through playwright-core): it loads without
 * errors, the charts have one mark per option, the recommendation matches the numbers, and a
 * screenshot is written to test-artifacts/report.png for a person to look at.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios } from '../cliLoad.js';
import { buildReport, renderHtml } from '../../src/report/document/index.js';
import type { ResolvedRun } from '../../src/scenario/resolve.js';
import { artifactScreenshot, launchChromium } from '../browser.js';
import { CLUSTER_OPTIONS, expectedRecommendation, META, rangedScenario } from './helpers.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

function writeReport(runs: ResolvedRun[], name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-browser-'));
  const file = join(dir, name);
  writeFileSync(file, renderHtml(buildReport(runs, { ...META, generatedAt: '2026-01-01T00:00:00Z' })));
  return file;
}

describe.each([
  { name: 'cluster-options.yaml', runs: () => loadScenarios([CLUSTER_OPTIONS], []), screenshot: 'report.png', fullPage: true },
  { name: 'a ranged variant', runs: () => loadScenarios([rangedScenario()], []), screenshot: 'report-ranged.png', fullPage: false },
])('the HTML report for $name in Chromium', ({ runs: load, screenshot, fullPage }) => {
  it('renders cleanly, with one point and one bar row per option and the right recommendation', async () => {
    const runs = load();
    const results = runs.map((r) => r.result);
    const file = writeReport(runs, 'report.html');
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`network request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    // One scatter point per option, each naming its option.
    const points = await page.$$eval('svg.scatter circle.point', (els) => els.map((e) => e.getAttribute('data-option')));
    expect(points.sort()).toEqual(results.map((r) => r.name).sort());
    expect(await page.locator('svg.scatter polyline.pareto').count()).toBe(1);

    // Cost bars: a row per option, a segment per non-zero part of its cost.
    const costChart = page.locator('#fig-cost-breakdown');
    expect(await costChart.locator('g.bar-row').count()).toBe(results.length);
    const segments = results.reduce((n, r) => n + [r.cost.computeUsd, r.cost.energyUsd, r.cost.fixedUsd].filter((v) => v > 0).length, 0);
    expect(await costChart.locator('rect.bar').count()).toBe(segments);
    expect(await costChart.locator('rect.bar[data-segment="compute"]').count()).toBe(results.filter((r) => r.cost.computeUsd > 0).length);

    // The recommendation shown is the one the numbers give.
    const want = expectedRecommendation(results);
    expect(await page.getAttribute('#summary', 'data-recommended')).toBe(want);
    expect(await page.locator('svg.scatter circle.point[data-recommended="true"]').getAttribute('data-option')).toBe(want);
    expect(await page.locator('table.options tr.recommended').getAttribute('data-option')).toBe(want);

    // A print stylesheet, and the charts are visible and laid out.
    // Evaluated in the page (a string, since the test project has no DOM types).
    const hasPrint = await page.evaluate(`[...document.styleSheets].some((s) => [...s.cssRules].some((r) => r instanceof CSSMediaRule && r.media.mediaText.includes('print')))`);
    expect(hasPrint).toBe(true);
    const box = await page.locator('svg.scatter').boundingBox();
    expect(box!.width).toBeGreaterThan(600);

    if (runs.some((r) => Object.keys(r.ranges).length)) {
      expect(await page.locator('#ranges table.ranges tbody tr').count()).toBe(results.length);
      expect(await page.locator('svg.tornado rect.tornado-bar').count()).toBeGreaterThan(0);
    }

    mkdirSync(ARTIFACTS, { recursive: true });
    // The whole page for the main report; the first screen only for the variant (keeps the test fast).
    await artifactScreenshot(page, join(ARTIFACTS, screenshot), fullPage);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000); // the screenshot's tries (test/browser.ts) included
});

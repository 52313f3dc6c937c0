/**
 * The page of `flopcast ui` in headless Chromium (playwright-core), served in-process on an
 * ephemeral port: its numbers and chart follow the core's own results for the same inputs
 * (computed here from a scenario file, as the CLI does), a bad field shows the CLI's message next
 * to it, the URL reproduces the view, the exports run in the CLI with the same results, and the
 * page requests nothing but itself. Writes test-artifacts/ui.png and the measured render and
 * update times (test-artifacts/ui-timings.json); times are reported, not asserted.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { serveUi, UI_PAGE_FILE, type UiServer } from '../../src/cli/commands/ui.js';
import type { Prediction } from '../../src/perf/predict.js';
import { hourlyUsd, usd } from '../../src/report/format.js';
import { artifactScreenshot, launchChromium } from '../browser.js';
import { coreRun, type CoreInputs } from './helpers.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

let browser: Browser;
let server: UiServer;

beforeAll(async () => {
  server = await serveUi(readFileSync(UI_PAGE_FILE, 'utf8'), 0);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page that records console errors, page errors and every request that is not the page itself. */
async function openPage(hash = ''): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    // Downloads are blob: URLs made by the page; anything else is a request to the network.
    if (r.url() !== server.url && !r.url().startsWith('blob:')) problems.push(`request: ${r.url()}`);
  });
  await page.goto(server.url + hash, { waitUntil: 'load' });
  await page.waitForFunction('Number.isFinite(window.flopcastTimings?.firstRenderMs)');
  return { page, problems };
}

const cell = (page: Page, out: string, i: number) => page.locator(`[data-out="${out}"][data-option="${i}"]`);
const value = async (page: Page, out: string, i: number) => Number(await cell(page, out, i).getAttribute('data-value'));
const input = (page: Page, f: string, i: number) => page.locator(`[data-field="${f}"][data-option="${i}"]`);
const relClose = (a: number, b: number) => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(1e-12);

// The page's first view (src/ui/state.ts DEFAULT_STATE), as a scenario file would state it.
const BASE: Omit<CoreInputs, 'gpu' | 'count'> = { model: 'llama-3-70b', tokens: '15T', globalBatch: 1024, utilization: '0.4' };

async function expectRow(page: Page, i: number, core: ReturnType<typeof coreRun>, name: string): Promise<void> {
  const r = core.result;
  relClose(await value(page, 'cost', i), r.cost.totalUsd);
  expect(await cell(page, 'cost', i).textContent()).toBe(usd(r.cost.totalUsd));
  relClose(await value(page, 'days', i), r.wallClockSeconds);
  relClose(await value(page, 'gpuHours', i), r.gpuHours);
  relClose(await value(page, 'energy', i), r.energyKwh!);
  relClose(await value(page, 'mfu', i), r.mfu);
  // The report's scatter chart has the option's point at its time and cost, named in its tooltip.
  const point = page.locator(`#scatter svg.scatter circle.point[data-option="${name}"]`);
  expect(await point.count()).toBe(1);
  // data-y is written to the cent (src/report/charts/svg.ts n()).
  expect(Math.abs(Number(await point.getAttribute('data-y')) - r.cost.totalUsd)).toBeLessThanOrEqual(0.005);
  expect(await point.locator('title').textContent()).toContain(usd(r.cost.totalUsd));
}

describe('flopcast ui in Chromium', () => {
  it('updates the cost, the other figures and the chart when the GPU count changes, as the core computes them', async () => {
    const { page, problems } = await openPage();
    await expectRow(page, 0, coreRun({ ...BASE, gpu: 'h100-sxm', count: 1024 }), 'h100-sxm × 1024');
    const chartBefore = await page.locator('#scatter').innerHTML();

    await input(page, 'count', 0).fill('2048');
    const after = coreRun({ ...BASE, gpu: 'h100-sxm', count: 2048 });
    await expectRow(page, 0, after, 'h100-sxm × 2048');
    expect(await page.locator('#scatter circle.point[data-option="h100-sxm × 1024"]').count()).toBe(0);
    expect(await page.locator('#scatter').innerHTML()).not.toBe(chartBefore);
    // The untouched options keep the core's figures.
    await expectRow(page, 2, coreRun({ ...BASE, gpu: 'b200', count: 512 }), 'b200 × 512');

    // A price, and utilisation auto: the predicted MFU and the memory per GPU are the performance model's.
    await input(page, 'price', 0).fill('2.5');
    await page.locator('#f-utilization').fill('auto');
    const auto = coreRun({ ...BASE, utilization: 'auto', gpu: 'h100-sxm', count: 2048, usdPerGpuHour: 2.5 });
    await expectRow(page, 0, auto, 'h100-sxm × 2048 at $2.5/GPU-h');
    relClose(await value(page, 'memory', 0), (auto.prediction as Prediction).memory.total);
    expect(await cell(page, 'mfu', 0).textContent()).toContain('predicted');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('offers the precision: a V100, which has no bf16, is told to choose fp16 at its field, and computes once it is', async () => {
    const { page, problems } = await openPage();
    await input(page, 'gpu', 0).selectOption('v100-sxm2-32gb');
    expect(await page.locator('[data-err="precision"]').textContent()).toMatch(/^training\.precision: Tesla V100 .*\n  hint: use fp16/);
    expect(await page.locator('#f-precision').getAttribute('aria-invalid')).toBe('true');
    // The menu offers what training.precision takes, no more (fp64 and fp4, profile peaks, were offered and always refused).
    expect(await page.locator('#f-precision option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['', 'bf16', 'fp16', 'fp8', 'tf32', 'fp32']);
    await page.locator('#f-precision').selectOption('fp16');
    expect(await page.locator('[data-err="precision"]').textContent()).toBe('');
    await expectRow(page, 0, coreRun({ ...BASE, precision: 'fp16', gpu: 'v100-sxm2-32gb', count: 1024 }), 'v100-sxm2-32gb × 1024');
    await expectRow(page, 1, coreRun({ ...BASE, precision: 'fp16', gpu: 'h200-sxm', count: 1024 }), 'h200-sxm × 1024');
    expect(page.url()).toContain('precision=fp16');
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('computes a pasted Hugging Face config.json as the CLI computes the file', async () => {
    const path = fileURLToPath(new URL('../fixtures/hf/meta-llama-3-8b.json', import.meta.url));
    const { page, problems } = await openPage();
    await page.locator('details.config summary').click();
    await page.locator('#f-config').fill(readFileSync(path, 'utf8'));
    expect(await page.locator('#f-model').isDisabled()).toBe(true);
    await expectRow(page, 1, coreRun({ ...BASE, model: path, gpu: 'h200-sxm', count: 1024 }), 'h200-sxm × 1024');
    // With the box closed, the greyed-out list's reason and the way back stay on screen.
    await page.locator('details.config summary').click();
    expect(await page.locator('#f-config').isVisible()).toBe(false);
    expect(await page.locator('details.config summary').textContent()).toBe('the pasted config.json is the model (empty it to choose a preset)');
    await page.locator('details.config summary').click();
    await page.locator('#f-config').fill('');
    expect(await page.locator('#f-model').isDisabled()).toBe(false);
    expect(await page.locator('details.config summary').textContent()).toBe('or paste a Hugging Face config.json');
    expect(await page.locator('#export-report').isDisabled()).toBe(false);
    await page.locator('#f-config').fill('{ "model_type": ');
    expect(await page.locator('[data-err="config"]').textContent()).toMatch(/^config\.json(:\d+:\d+)?: not valid JSON/);
    expect(await page.locator('#scatter').textContent()).toContain('correct the inputs marked in red');
    // Nothing computed, no report to download: the button is off, not on and doing nothing.
    expect(await page.locator('#export-report').isDisabled()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('shows the runs\' warnings once, as text, under the options, and where a blank price comes from', async () => {
    const { page, problems } = await openPage();
    // Blank prices: the profile's on-demand price and the providers of its median, as the CLI's footnote gives them.
    for (const [i, gpu, n] of [[0, 'h100-sxm', 1024], [2, 'b200', 512]] as const) {
      const price = coreRun({ ...BASE, gpu, count: n }).result.inputs.price;
      // The H100 has several established clouds' list prices (a median); the page says "from" when there is one.
      if (gpu === 'h100-sxm') expect(price.providers.length).toBeGreaterThan(1);
      expect(await cell(page, 'priceFrom', i).textContent()).toBe(`${hourlyUsd(price.usdPerGpuHour)} ${price.providers.length > 1 ? 'median of' : 'from'} ${price.providers.join(', ')}`);
      expect(await cell(page, 'priceFrom', i).locator('span').getAttribute('title')).toBe(price.source);
    }
    await input(page, 'price', 0).fill('2');
    expect(await cell(page, 'priceFrom', 0).textContent()).toBe('');
    expect(await page.locator('#warnings').isVisible()).toBe(false);

    // A pasted config.json (no training.seq_len) whose quantization method is markup: two importer warnings, each once for three options.
    const path = fileURLToPath(new URL('../fixtures/hf/meta-llama-3-8b.json', import.meta.url));
    const config = { ...JSON.parse(readFileSync(path, 'utf8')), quantization_config: { quant_method: '<img src=x onerror=alert(1)>' } };
    await page.locator('details.config summary').click();
    await page.locator('#f-config').fill(JSON.stringify(config));
    const items = await page.locator('#warnings li').allTextContents();
    expect(await page.locator('#warnings').isVisible()).toBe(true);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(/^seq_len 8,192 comes from the config's max_position_embeddings\b/);
    expect(items[1]).toBe('config: quantization_config (<img src=x onerror=alert(1)>) is ignored: how the checkpoint stores its weights changes no count; the training precision is the scenario\'s training.precision / gemm_precision.');
    expect(await page.locator('#warnings img').count()).toBe(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await artifactScreenshot(page, join(ARTIFACTS, 'ui-warnings.png'), true);
    await page.locator('#f-config').fill('');
    expect(await page.locator('#warnings').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it.each([
    { field: 'count', option: 1, text: '-5', key: 'cluster.count', line: 'count: -5' },
    { field: 'count', option: 0, text: '12 apples', key: 'cluster.count', line: 'count: 12 apples' },
    { field: 'tokens', option: undefined, text: '15 parsecs', key: 'training.tokens', line: 'tokens: 15 parsecs' },
    { field: 'utilization', option: undefined, text: '1.5', key: 'cluster.utilization', line: 'utilization: 1.5' },
    { field: 'price', option: 2, text: '-1', key: 'pricing.usd_per_gpu_hour', line: 'usd_per_gpu_hour: -1' },
  ])('shows the CLI\'s message for $key = $text next to the field, and keeps the rest of the page', async ({ field, option, text, key, line }) => {
    // The CLI's message for the same value in a file (the test's own scenario, one line changed).
    const dir = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `ui-bad-${field}.yaml`);
    const good = { 'count': 'count: 1024', 'tokens': 'tokens: 15T', 'utilization': 'utilization: 0.4', 'price': 'usd_per_gpu_hour: 2' }[field]!;
    writeFileSync(file, `model: llama-3-70b\ntraining:\n  tokens: 15T\n  global_batch: 1024\ncluster:\n  gpu: h100-sxm\n  count: 1024\n  utilization: 0.4\npricing:\n  usd_per_gpu_hour: 2\n`.replace(good, line));
    const cli = await runCli(['run', file]);
    expect(cli.code).toBe(2);
    const want = cli.stderr.replace(/^error: /, '').replace(`${file}:`, '').replace(/^\d+:\d+: /, '').trimEnd();
    expect(want.startsWith(`${key}: `)).toBe(true);

    const { page, problems } = await openPage();
    const box = option === undefined ? page.locator(`[data-err="${field}"]`) : page.locator(`[data-err="option"][data-option="${option}"]`);
    const target = option === undefined ? page.locator(`#f-${field}`) : input(page, field, option);
    await target.fill(text);
    expect((await box.textContent())!.trim()).toBe(want);
    expect(await target.getAttribute('aria-invalid')).toBe('true');
    expect(await box.isVisible()).toBe(true);
    // Never a blank page: the other options still show figures (a shared field leaves none to show, but the inputs stay).
    if (option !== undefined) {
      const other = option === 0 ? 1 : 0;
      expect(Number.isFinite(await value(page, 'cost', other))).toBe(true);
      expect(await cell(page, 'cost', option).getAttribute('data-value')).toBeNull();
    }
    expect(await page.locator('#f-tokens').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('keeps the state in the URL: opening the link gives the same view', async () => {
    const { page, problems } = await openPage();
    await page.locator('#add').click();
    await input(page, 'gpu', 3).selectOption('mi300x');
    await input(page, 'count', 3).fill('768');
    await input(page, 'price', 1).fill('[3, 4]');
    await page.locator('#f-tokens').fill('10T');
    await page.locator('#f-model').selectOption('llama-3.1-70b');
    const snapshot = async (p: Page) => p.evaluate(`JSON.stringify({
      inputs: [...document.querySelectorAll('[data-field]')].map((e) => [e.dataset.field, e.dataset.option ?? '', e.value]),
      outputs: [...document.querySelectorAll('[data-out]')].map((e) => [e.dataset.out, e.dataset.option, e.getAttribute('data-value'), e.textContent]),
      chart: document.querySelector('#scatter').innerHTML,
      errors: [...document.querySelectorAll('.err')].map((e) => e.textContent),
    })`);
    const before = JSON.parse(await snapshot(page) as string);
    expect(before.inputs.filter(([f]: string[]) => f === 'gpu')).toHaveLength(4);
    const url = page.url();
    expect(url).toContain('#');
    const second = await openPage(url.slice(server.url.length));
    expect(JSON.parse(await snapshot(second.page) as string)).toEqual(before);
    expect([...problems, ...second.problems]).toEqual([]);
    await page.close();
    await second.page.close();
  }, 60_000);

  // The options' table is wider than a 1,024 px window at auto (its eleven columns, the prices' sources, the memory):
  // it widened the whole page (1,215 px), the fields' header, the charts and the × of each row off screen.
  it('a 1,024 px window: the options\' table scrolls in its box, the page itself fits', async () => {
    const { page, problems } = await openPage('#util=auto');
    await page.setViewportSize({ width: 1024, height: 800 });
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      window: document.documentElement.clientWidth,
      table: document.querySelector('table.options')!.scrollWidth,
    }));
    expect(widths.table).toBeGreaterThan(widths.window - 48);
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('exports the scenario YAML, which the CLI runs to the same results, and the HTML report', async () => {
    const { page, problems } = await openPage();
    // Three options of different GPUs and counts, one with a price: one file, its `options:` named as the page names them.
    await input(page, 'price', 1).fill('3.25');
    const names = ['h100-sxm × 1024', 'h200-sxm × 1024 at $3.25/GPU-h', 'b200 × 512'];
    const results = async () => Promise.all([0, 1, 2].map(async (i) => [names[i], await value(page, 'cost', i)]));
    const downloads: { name: string; text: string }[] = [];
    page.on('download', async (d) => downloads.push({ name: d.suggestedFilename(), text: readFileSync((await d.path())!, 'utf8') }));
    await page.locator('#export-yaml').click();
    await expect.poll(() => downloads.length).toBe(1);
    expect(downloads[0]!.name).toBe('scenario.yaml');
    expect(downloads[0]!.text).toMatch(/^options:\n {2}- name: h100-sxm × 1024\n/m);
    const dir = join(ARTIFACTS, 'ui-export');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, downloads[0]!.text);
    // `flopcast run FILE --json`, the built CLI: each option's cost as the page shows it.
    const cli = await runCli(['run', file, '--json']);
    expect(cli.code).toBe(0);
    const runs = (JSON.parse(cli.stdout) as { results: { name: string; cost_usd: number }[] }).results;
    expect(runs.map((r) => [r.name.replace(/^.* \[(.*)\]$/, '$1'), r.cost_usd])).toEqual(await results());

    const report = page.waitForEvent('download');
    await page.locator('#export-report').click();
    const html = readFileSync((await (await report).path())!, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    for (const name of ['h100-sxm × 1024', 'h200-sxm × 1024', 'b200 × 512']) expect(html).toContain(name);
    expect(html).toContain('class="chart scatter"');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  // An update finds the options' cells in one pass (main.ts byOption): a query per cell scanned the whole page
  // each time, so an update took time in the square of the options (a link with 3,000 options froze the page
  // for a minute before it said the limit). Counted, not timed: as many queries with 40 options as with 2,
  // both with an error under every option (each error box and input is looked up too).
  it('an update queries the page as often with 40 options as with 2', async () => {
    const queries = async (n: number): Promise<number> => {
      const { page, problems } = await openPage('#' + Array.from({ length: n }, () => 'gpu=h100-sxm&count=x&price=').join('&'));
      const calls = await page.evaluate(() => {
        const tokens = document.querySelector<HTMLInputElement>('#f-tokens')!;
        let counted = 0;
        for (const proto of [Element.prototype, Document.prototype, DocumentFragment.prototype] as unknown as Record<string, (...a: unknown[]) => unknown>[]) {
          for (const name of ['querySelector', 'querySelectorAll']) {
            const original = proto[name]!;
            proto[name] = function (this: unknown, ...a: unknown[]) {
              counted++;
              return original.apply(this, a);
            };
          }
        }
        tokens.value = '16T';
        tokens.dispatchEvent(new Event('input', { bubbles: true }));
        return counted;
      });
      expect(await page.locator('[data-err="option"]').filter({ hasText: 'unknown name `x`' }).count()).toBe(n);
      expect(problems).toEqual([]);
      await page.close();
      return calls;
    };
    expect(await queries(40)).toBe(await queries(2));
  }, 60_000);

  it.each([
    { utilization: '0.4', shot: 'ui.png' },
    { utilization: 'auto', shot: null },
  ])('a 10-option comparison at utilisation $utilization: first render and update times (reported)', async ({ utilization, shot }) => {
    const gpus = ['a100-sxm4-80gb', 'h100-sxm', 'h200-sxm', 'b200', 'mi300x'];
    const q = new URLSearchParams({ model: 'llama-3-70b', tokens: '15T', batch: '1024', util: utilization });
    for (const count of ['1024', '2048']) for (const gpu of gpus) {
      q.append('gpu', gpu);
      q.append('count', count);
      q.append('price', '');
    }
    const { page, problems } = await openPage('#' + q.toString());
    expect(await page.locator('#scatter circle.point').count()).toBe(10);
    const { firstRenderMs, scriptStartMs, lastEvaluateMs } = await page.evaluate('window.flopcastTimings') as Record<string, number>;
    const updates: number[] = [];
    for (const count of ['1536', '1280', '1792', '1024', '1536']) {
      await input(page, 'count', 4).fill(count);
      updates.push(await page.evaluate('window.flopcastTimings.lastUpdateMs') as number);
    }
    expect(await page.locator('#scatter circle.point[data-option="mi300x × 1536"]').count()).toBe(1);
    const ms = (x: number) => Math.round(x * 10) / 10;
    const figures = { utilization, options: 10, firstRenderMs: ms(firstRenderMs!), scriptStartMs: ms(scriptStartMs!), firstEvaluateMs: ms(lastEvaluateMs!), updateMs: updates.map(ms), updateMedianMs: ms([...updates].sort((a, b) => a - b)[2]!) };
    console.log(`flopcast ui timings: ${JSON.stringify(figures)}`);
    mkdirSync(ARTIFACTS, { recursive: true });
    const log = join(ARTIFACTS, 'ui-timings.json');
    let all: unknown[] = [];
    try {
      all = JSON.parse(readFileSync(log, 'utf8')) as unknown[];
    } catch {
      all = [];
    }
    writeFileSync(log, JSON.stringify([...all.filter((x) => (x as { utilization: string }).utilization !== utilization), figures], null, 2) + '\n');
    if (shot) await artifactScreenshot(page, join(ARTIFACTS, shot), true);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});

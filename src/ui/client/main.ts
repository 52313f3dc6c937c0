/**
 * The page's script (bundled by scripts/bundle.mjs into the page `flopcast ui` serves): reads the
 * inline data, keeps the state in the URL's hash, and on every input re-runs the core
 * (../evaluate.ts) and redraws the results, the errors next to their fields and the report's
 * charts. The only module that touches the DOM.
 */
import { esc } from '../../report/charts/svg.js';
import { costBars, costScatter } from '../../report/document/figures.js';
import { renderHtml } from '../../report/document/html.js';
import { reportTime } from '../../report/document/model.js';
import { count, gib, pct, hourlyUsd, usd, mwh } from '../../report/format.js';
import { dayCell } from '../../report/duration.js';
import type { Prediction } from '../../perf/predict.js';
import type { UiData } from '../data.js';
import { createEvaluator, type Evaluation, type FieldId } from '../evaluate.js';
import { predictedMfuNote } from '../mfuNote.js';
import { todayFrom } from '../../pricing/policy.js';
import { TRAINING_PRECISIONS } from '../../scenario/schema.js';
import { exportFile, optionNames, CONFIG_FILE } from '../scenario.js';
import { stateFromHash, stateToHash, type UiState } from '../state.js';

const scriptStartMs = performance.now();
const data = JSON.parse(document.getElementById('flopcast-data')!.textContent!) as UiData;
// Prices are judged against the browser's clock: the page's edge reads it (a page has no SOURCE_DATE_EPOCH).
const evaluate = createEvaluator(data, todayFrom(Date.now()));
const presets = Object.keys(data.models).sort();
const gpus = Object.keys(data.hardware).sort();

let state: UiState = stateFromHash(location.hash);
let last: Evaluation | null = null;
/** Read by the browser test (test/ui/browser.test.ts), which reports them: ms from navigation start, and per update. */
const timings = { scriptStartMs, firstRenderMs: NaN, lastUpdateMs: NaN, lastEvaluateMs: NaN, updates: [] as number[] };
(window as unknown as { flopcastTimings: typeof timings }).flopcastTimings = timings;

const app = document.getElementById('app')!;
const $ = <T extends Element>(sel: string) => app.querySelector<T>(sel)!;
const options = (sel: string[], chosen: string) =>
  (sel.includes(chosen) ? sel : [chosen, ...sel]).map((v) => `<option value="${esc(v)}"${v === chosen ? ' selected' : ''}>${esc(v)}</option>`).join('');
/** The precision's choices, training.precision's own (review34: every profile precision was offered, fp64 and fp4 always refused): blank is the scenario's default (bf16), said so; a link's other text is kept, for its error to show. */
const precisionOptions = (chosen: string) =>
  `<option value=""${chosen === '' ? ' selected' : ''}>bf16 (default)</option>` + (chosen === '' ? options([...TRAINING_PRECISIONS], 'bf16').replace(' selected', '') : options([...TRAINING_PRECISIONS], chosen));
const field = (id: FieldId, label: string, input: string, help = '') =>
  `<div><label for="f-${id}">${label}</label>${input}${help ? `<div class="muted">${help}</div>` : ''}<div class="err" data-err="${id}"></div></div>`;
const text = (id: FieldId, value: string, placeholder = '') =>
  `<input id="f-${id}" data-field="${id}" value="${esc(value)}" placeholder="${esc(placeholder)}" spellcheck="false" autocomplete="off">`;

function layout(): void {
  app.innerHTML = `<header><h1>flopcast</h1><span class="muted">training time, GPU-hours, cost and energy, computed in this page by flopcast ${esc(data.version)}</span></header>
<section class="fields">
${field('model', 'Model', `<select id="f-model" data-field="model">${options(presets, state.model)}</select>`,
    `<details class="config"${state.config ? ' open' : ''}><summary>or paste a Hugging Face config.json</summary><textarea id="f-config" data-field="config" spellcheck="false" placeholder="{ &quot;model_type&quot;: &quot;llama&quot;, ... }">${esc(state.config)}</textarea><div class="err" data-err="config"></div></details>`)}
${field('tokens', 'Training tokens', text('tokens', state.tokens, '15T'), 'e.g. 300B, 15T or 20 * active_params')}
${field('globalBatch', 'Global batch (sequences)', text('globalBatch', state.globalBatch, '1024'), 'needed by utilisation auto')}
${field('precision', 'Precision', `<select id="f-precision" data-field="precision">${precisionOptions(state.precision)}</select>`, 'training.precision: the peak the MFU is of; fp16 where a GPU has no bf16 (V100, T4)')}
${field('utilization', 'Utilisation (MFU)', text('utilization', state.utilization, '0.4'), 'a fraction, a range [0.35, 0.45], or auto')}
${field('throughputScale', 'Throughput scale', text('throughputScale', state.throughputScale, '1'), 'with auto: your measured ÷ predicted throughput, as flopcast validate YOUR-RUNS.yaml fits it; blank: none')}
</section>
<h2>Options</h2>
<div class="table-wrap"><table class="options"><thead><tr><th>GPU</th><th>Count</th><th>USD per GPU-hour</th><th class="num">Days</th><th class="num">GPU-hours</th><th class="num">Cost</th><th class="num">Energy</th><th class="num">MFU</th><th class="num">Memory per GPU</th><th>Marks</th><th></th></tr></thead>
<tbody id="rows"></tbody></table></div>
<p class="actions"><button id="add" type="button">Add an option</button><span class="muted">Blank price: the profile's on-demand price, the median of established clouds' list prices (named under the field).</span></p>
<div class="err" id="general" data-err="general"></div>
<section id="warnings" class="warnings" hidden><strong>Warnings</strong> <span class="muted">(what the runs assumed: check these first)</span><ul></ul></section>
<h2>Cost against time</h2>
<div class="charts"><figure id="scatter"></figure><figure id="bars"></figure></div>
<h2>Export</h2>
<p class="actions"><button id="export-yaml" type="button">Download the scenario YAML</button><button id="export-report" type="button">Download the HTML report</button><span class="muted">The link in the address bar reproduces this view.</span></p>
<p class="muted" id="not-offered">This page asks the comparison's question. A scenario's other fields (sequence length, stack, parallelism, offload, document mask, network, pricing kind or provider, overheads, constraints) are flopcast run's: download the YAML, add them, and run it.</p>`;
  rows();
}

function rows(): void {
  $('#rows').innerHTML = state.options.map((o, i) => `<tr class="option" data-option="${i}">
<td class="in"><select data-field="gpu" data-option="${i}" aria-label="GPU of option ${i + 1}">${options(gpus, o.gpu)}</select></td>
<td class="in"><input data-field="count" data-option="${i}" value="${esc(o.count)}" aria-label="GPU count of option ${i + 1}" spellcheck="false" autocomplete="off"></td>
<td class="in"><input data-field="price" data-option="${i}" value="${esc(o.price)}" placeholder="on-demand" aria-label="price of option ${i + 1}" spellcheck="false" autocomplete="off"><div class="price-from" data-out="priceFrom" data-option="${i}"></div></td>
${['days', 'gpuHours', 'cost', 'energy', 'mfu', 'memory'].map((k) => `<td class="num" data-out="${k}" data-option="${i}"></td>`).join('')}
<td class="marks" data-out="marks" data-option="${i}"></td>
<td><button class="remove" type="button" data-remove="${i}" aria-label="remove option ${i + 1}"${state.options.length === 1 ? ' disabled' : ''}>×</button></td></tr>
<tr class="error-row"><td colspan="11"><div class="err" data-err="option" data-option="${i}"></div></td></tr>`).join('');
}

/**
 * The options' elements that carry `attr` (data-out, data-field, data-err), by `${value} ${option}`, found in
 * one pass over the page: a query per cell scanned the whole page each time, so an update took time in the
 * square of the options (a link with 3,000 options froze the page for a minute before its limit was said).
 */
function byOption(attr: string): Map<string, HTMLElement> {
  const found = new Map<string, HTMLElement>();
  app.querySelectorAll<HTMLElement>(`[${attr}][data-option]`).forEach((e) => found.set(`${e.getAttribute(attr)} ${e.dataset.option}`, e));
  return found;
}

/** Reads the inputs back into the state (the DOM is the source while the user types). */
function readState(): UiState {
  const v = (sel: string) => (app.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(sel)?.value ?? '');
  const fields = byOption('data-field');
  const o = (f: string, i: number) => (fields.get(`${f} ${i}`) as HTMLInputElement | HTMLSelectElement | undefined)?.value ?? '';
  return {
    model: v('#f-model'),
    config: v('#f-config'),
    tokens: v('#f-tokens'),
    globalBatch: v('#f-globalBatch'),
    precision: v('#f-precision'),
    utilization: v('#f-utilization'),
    throughputScale: v('#f-throughputScale'),
    options: state.options.map((_, i) => ({ gpu: o('gpu', i), count: o('count', i), price: o('price', i) })),
  };
}

function show(ev: Evaluation): void {
  const names = optionNames(state.options);
  const reportOption = new Map(ev.report?.options.map((o) => [o.name, o]) ?? []);
  const outs = byOption('data-out');
  const rowsShown = app.querySelectorAll('tr.option');
  ev.runs.forEach((run, i) => {
    const out = (k: string, html: string, value?: number) => {
      const cell = outs.get(`${k} ${i}`)!;
      cell.innerHTML = html;
      if (value === undefined) cell.removeAttribute('data-value');
      else cell.setAttribute('data-value', String(value));
    };
    const r = run?.result;
    const p = run?.prediction as Prediction | null | undefined;
    out('days', r ? dayCell(r.wallClockSeconds) : '', r?.wallClockSeconds);
    out('gpuHours', r ? count(r.gpuHours, 3) : '', r?.gpuHours);
    out('cost', r ? usd(r.cost.totalUsd) : '', r?.cost.totalUsd);
    out('energy', r && r.energyKwh !== null ? mwh(r.energyKwh) : r ? 'n/a' : '', r?.energyKwh ?? undefined);
    const note = r ? predictedMfuNote(r) : null;
    out('mfu', r ? pct(r.mfu) + (note ? ` <span class="muted" title="${esc(note)}">predicted</span>` : '') : '', r?.mfu);
    // A blank price is the profile's on-demand price: say what it is and whose list prices it came from, as `flopcast run` does.
    const price = r?.inputs.price;
    out('priceFrom', price && !state.options[i]!.price.trim() && price.providers.length
      ? `<span title="${esc(price.source)}">${hourlyUsd(price.usdPerGpuHour)} ${price.providers.length > 1 ? 'median of' : 'from'} ${esc(price.providers.join(', '))}</span>` : '', price?.usdPerGpuHour);
    out('memory', p ? `${gib(p.memory.total)} <span class="muted">of ${gib(p.memory.capacity)}</span>` : r ? '<span class="muted" title="utilisation auto predicts the layout and its memory">with auto</span>' : '', p?.memory.total);
    const o = reportOption.get(names[i]!);
    const marks = o ? [o.recommended && 'recommended', o.marks.cheapest && 'cheapest', o.marks.fastest && 'fastest', o.marks.pareto && 'Pareto'].filter(Boolean) : [];
    out('marks', marks.map((m) => `<span>${m}</span>`).join(''));
    rowsShown[i]!.classList.toggle('recommended', Boolean(o?.recommended));
  });
  // Errors next to their fields: a shared field once, an option's field under its row.
  app.querySelectorAll<HTMLElement>('.err').forEach((e) => (e.textContent = ''));
  app.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const errBoxes = byOption('data-err');
  const fields = byOption('data-field');
  for (const e of ev.errors) {
    const box = e.option === undefined ? $(`[data-err="${e.field}"]`) : errBoxes.get(`option ${e.option}`)!;
    box.textContent = (box.textContent ? box.textContent + '\n' : '') + e.message;
    const input = e.option === undefined ? app.querySelector(`#f-${e.field}`) : fields.get(`${e.field} ${e.option}`);
    input?.setAttribute('aria-invalid', 'true');
  }
  // The scale multiplies a predicted utilisation: shown where auto is chosen, and while it holds a value (its error, beside
  // a figure of the user's own, stays in sight).
  $<HTMLElement>('#f-throughputScale').parentElement!.hidden = state.utilization.trim() !== 'auto' && state.throughputScale.trim() === '';
  const warnings = $<HTMLElement>('#warnings');
  warnings.hidden = ev.warnings.length === 0;
  warnings.querySelector('ul')!.innerHTML = ev.warnings.map((w) => `<li>${esc(w)}</li>`).join('');
  // A pasted config replaces the preset: the disabled list says so, and so does the summary, seen also with the box
  // closed (closed, the list was greyed out with nothing on screen saying why or how to choose a preset again).
  const summary = $('details.config summary');
  if (state.config.trim()) {
    $('#f-model').setAttribute('disabled', '');
    $('#f-model').setAttribute('title', 'the pasted config.json is the model: empty it to choose a preset');
    summary.textContent = 'the pasted config.json is the model (empty it to choose a preset)';
  } else {
    $('#f-model').removeAttribute('disabled');
    $('#f-model').removeAttribute('title');
    summary.textContent = 'or paste a Hugging Face config.json';
  }
  const m = ev.report;
  // No option computed, no report: the button is off (it was on and did nothing when pressed).
  $('#export-report').toggleAttribute('disabled', !m);
  for (const [id, fig] of [['scatter', m && costScatter(m)], ['bars', m && costBars(m)]] as const) {
    $(`#${id}`).innerHTML = fig ? `${fig.svg}<figcaption>${esc(fig.caption)}</figcaption>` : '<p class="muted">No option to draw: correct the inputs marked in red.</p>';
  }
}

function update(): void {
  const t0 = performance.now();
  state = readState();
  history.replaceState(null, '', stateToHash(state));
  last = evaluate(state);
  timings.lastEvaluateMs = performance.now() - t0;
  show(last);
  const ms = performance.now() - t0;
  timings.lastUpdateMs = ms;
  timings.updates.push(ms);
}

function download(name: string, type: string, body: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([body], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 0);
}

function wire(): void {
  app.addEventListener('input', (e) => {
    if ((e.target as Element).matches('[data-field]')) update();
  });
  app.addEventListener('click', (e) => {
    const t = e.target as HTMLElement;
    if (t.id === 'add') {
      state = readState();
      const lastOption = state.options[state.options.length - 1];
      state.options.push({ gpu: lastOption?.gpu ?? gpus[0]!, count: lastOption?.count ?? '1024', price: '' });
      rows();
      update();
    } else if (t.dataset.remove !== undefined) {
      state = readState();
      state.options.splice(Number(t.dataset.remove), 1);
      rows();
      update();
    } else if (t.id === 'export-yaml') {
      const f = exportFile(state);
      download(f.file, 'application/yaml', f.text);
      if (state.config.trim()) download(CONFIG_FILE, 'application/json', state.config);
    } else if (t.id === 'export-report' && last?.report) {
      const m = { ...last.report, meta: { ...last.report.meta, generatedAt: reportTime(Date.now()), command: `flopcast ui, view ${location.href}` } };
      download('flopcast-report.html', 'text/html', renderHtml(m));
    }
  });
  addEventListener('hashchange', () => {
    state = stateFromHash(location.hash);
    layout();
    update();
  });
}

try {
  layout();
  wire();
  update();
  timings.firstRenderMs = performance.now();
  console.log(`flopcast ui: first render ${timings.firstRenderMs.toFixed(1)} ms from navigation start (script started at ${scriptStartMs.toFixed(1)} ms)`);
} catch (err) {
  // Never a blank page: say what went wrong where the page would have been.
  app.innerHTML = `<p class="err">flopcast ui could not start: ${esc(err instanceof Error ? err.message : String(err))}</p>`;
  throw err;
}

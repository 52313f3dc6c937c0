/**
 * The page's pure parts: the state survives the URL, the exported YAML runs in the CLI to the
 * page's results, a pasted config.json is the same model the CLI reads from the file, and errors
 * carry the CLI's messages and land on the right field.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../src/cli/load/scenario.js';
import { bundledUiData } from '../../src/cli/load/uiData.js';
import { createEvaluator } from '../../src/ui/evaluate.js';
import { exportFiles, optionScenarios } from '../../src/ui/scenario.js';
import { DEFAULT_STATE, stateFromHash, stateToHash, type UiState } from '../../src/ui/state.js';
import { runCli } from '../cli/run-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATA = bundledUiData('test');
const LLAMA_CONFIG = readFileSync(join(ROOT, 'test/fixtures/hf/meta-llama-3-8b.json'), 'utf8');

const state = (over: Partial<UiState>): UiState => ({ ...structuredClone(DEFAULT_STATE), ...over });

function writeAll(files: { file: string; text: string }[], extra: Record<string, string> = {}): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-ui-export-'));
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  return files.map((f) => {
    writeFileSync(join(dir, f.file), f.text);
    return join(dir, f.file);
  });
}

describe('the state in the URL', () => {
  it.each([
    ['the default view', DEFAULT_STATE],
    ['odd characters in every field', state({ tokens: '1.4T & more #1 = x', utilization: '[0.35, 0.45]', globalBatch: '', options: [{ gpu: 'b200', count: '12 apples', price: '$3/h?' }] })],
    ['a pasted config.json', state({ config: LLAMA_CONFIG, options: [{ gpu: 'h100-sxm', count: '64', price: '' }, { gpu: 'mi300x', count: '64', price: '2' }] })],
  ])('round-trips %s', (_, s) => {
    expect(stateFromHash(stateToHash(s))).toEqual(s);
  });

  it('gives the default view for an empty hash, and defaults for missing fields', () => {
    expect(stateFromHash('')).toEqual(DEFAULT_STATE);
    expect(stateFromHash('#tokens=1T')).toEqual({ ...DEFAULT_STATE, tokens: '1T' });
  });
});

describe('the exported scenario YAML', () => {
  it('is one file per option when the options are not a cross-product, and the CLI gets the page\'s results from them', () => {
    const s = DEFAULT_STATE;
    const files = exportFiles(s);
    expect(files).toHaveLength(s.options.length);
    const page = createEvaluator(DATA)(s).runs.map((r) => r!.result.cost.totalUsd);
    expect(loadScenarios(writeAll(files), []).map((r) => r.result.cost.totalUsd)).toEqual(page);
  });

  it('is one scenario with a matrix when the options are every GPU × count at one price', () => {
    const s = state({ options: [
      { gpu: 'h100-sxm', count: '512', price: '2' }, { gpu: 'h100-sxm', count: '1024', price: '2' },
      { gpu: 'b200', count: '512', price: '2' }, { gpu: 'b200', count: '1024', price: '2' },
    ] });
    const files = exportFiles(s);
    expect(files).toHaveLength(1);
    expect(files[0]!.text).toMatch(/^matrix:\n {2}cluster\.gpu:\n/m);
    const page = createEvaluator(DATA)(s).runs.map((r) => r!.result.cost.totalUsd).sort();
    expect(loadScenarios(writeAll(files), []).map((r) => r.result.cost.totalUsd).sort()).toEqual(page);
  });

  it('is one file for one option', () => {
    expect(exportFiles(state({ options: [{ gpu: 'b200', count: '256', price: '' }] })).map((f) => f.file)).toEqual(['scenario.yaml']);
  });

  it('names the pasted config.json, which the CLI reads next to it to the page\'s results', () => {
    const s = state({ config: LLAMA_CONFIG, tokens: '1T', options: [{ gpu: 'h100-sxm', count: '64', price: '' }] });
    const files = exportFiles(s);
    expect(files[0]!.text).toContain('model: config.json');
    const ev = createEvaluator(DATA)(s);
    expect(ev.errors).toEqual([]);
    const [cli] = loadScenarios(writeAll(files, { 'config.json': LLAMA_CONFIG }), []);
    expect(ev.runs[0]!.result.cost.totalUsd).toBe(cli!.result.cost.totalUsd);
    expect(ev.runs[0]!.result.modelFlops).toBe(cli!.result.modelFlops);
  });
});

describe('errors in the page', () => {
  /** The CLI's message for the page's own scenario file, less the file's place, as the page shows it. */
  async function cliMessage(s: UiState, i: number, extra: Record<string, string> = {}): Promise<string> {
    const [file] = writeAll([optionScenarios(s)[i]!], extra);
    const r = await runCli(['run', file!]);
    expect(r.code).toBe(2);
    return r.stderr.replace(/^error: /, '').replace(new RegExp(`^${file!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `), '').trimEnd();
  }

  it.each([
    { what: 'an unknown GPU (from a hand-made link)', s: state({ options: [{ gpu: 'h100', count: '8', price: '' }] }), field: 'gpu', option: 0 },
    { what: 'an unknown preset', s: state({ model: 'llama-4' }), field: 'model', option: undefined },
    { what: 'a count that is not a whole number', s: state({ options: [{ gpu: 'b200', count: '8.5', price: '' }] }), field: 'count', option: 0 },
    { what: 'auto without a global batch', s: state({ utilization: 'auto', globalBatch: '' }), field: 'globalBatch', option: undefined },
  ])('$what: the CLI\'s message, on its field', async ({ s, field, option }) => {
    const ev = createEvaluator(DATA)(s);
    expect(ev.errors.length).toBeGreaterThan(0);
    const e = ev.errors[0]!;
    expect(e.field).toBe(field);
    expect(e.option).toBe(option);
    expect(e.message).toBe(await cliMessage(s, 0));
  });

  it('a pasted config.json that is not JSON: the CLI\'s message for that file, on the config field', async () => {
    const s = state({ config: '{ "model_type": "llama", ', options: [{ gpu: 'b200', count: '8', price: '' }] });
    const ev = createEvaluator(DATA)(s);
    expect(ev.errors).toHaveLength(1);
    expect(ev.errors[0]!.field).toBe('config');
    expect(ev.errors[0]!.option).toBeUndefined();
    const [file] = writeAll([optionScenarios(s)[0]!], { 'config.json': s.config });
    const cli = await runCli(['run', file!]);
    const dir = file!.slice(0, file!.lastIndexOf('/') + 1);
    // The same message; the CLI names the file by its path and adds the place in the scenario that refers to it.
    expect(cli.stderr).toMatch(/\n {2}hint: referenced by .*:\d+:\d+ \(model\)\n$/);
    expect(cli.stderr.replaceAll(dir, '').replace(/^error: /, '').replace(/\n {2}hint: referenced by .*\n$/, '')).toBe(ev.errors[0]!.message);
    expect(ev.report).toBeNull();
  });

  it('a shared field\'s error is shown once, however many options it stops', () => {
    const ev = createEvaluator(DATA)(state({ tokens: 'lots' }));
    expect(ev.errors.map((e) => e.field)).toEqual(['tokens']);
    expect(ev.runs.every((r) => r === null)).toBe(true);
  });
});

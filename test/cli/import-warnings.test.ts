/**
 * Issue 12 item 5: what the Hugging Face importer assumed is shown wherever a result is: `flops`
 * text, --explain and --json (`warnings`), `run` text, JSON and CSV (on stderr), `plan` text and JSON, and the HTML and Markdown reports.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../cliLoad.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { buildReport, renderHtml, renderMarkdown } from '../../src/report/document/index.js';
import { runCli } from './run-cli.js';

const GEMMA2 = join(PACKAGE_ROOT, 'test', 'fixtures', 'hf', 'gemma-2-9b.json');
const SEQ_LEN = /seq_len 8,192 comes from the config's max_position_embeddings/;
const SOFTCAP = /gemma-2-9b: attn_logit_softcapping and final_logit_softcapping/;

function scenario(trainingExtra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-import-'));
  const file = join(dir, 'gemma.yaml');
  writeFileSync(file, `name: Gemma 2 9B\nmodel: ${JSON.stringify(GEMMA2)}\ntraining:\n  tokens: 8T\n${trainingExtra}cluster:\n  gpu: h100-sxm\n  count: 512\n  utilization: 0.4\npricing:\n  usd_per_gpu_hour: 2\n`);
  return file;
}

describe('importer warnings reach every output', () => {
  it('flops: text and --explain print them; --json lists them under warnings', async () => {
    const text = (await runCli(['flops', GEMMA2])).stdout;
    expect(text).toMatch(new RegExp(`warning: ${SEQ_LEN.source}`));
    expect(text).toMatch(new RegExp(`warning: ${SOFTCAP.source}`));
    expect((await runCli(['flops', GEMMA2, '--explain'])).stdout).toMatch(/Assumed \(check these first\):\n {2}warning: seq_len 8,192/);
    const j = JSON.parse((await runCli(['flops', GEMMA2, '--json'])).stdout);
    expect(j.warnings).toEqual([expect.stringMatching(SEQ_LEN), expect.stringMatching(SOFTCAP)]);
    expect(j.sliding_window).toEqual({ window: 4096, layers: 21 });
  });

  it('flops --seq-len drops the seq_len warning and keeps the others; a preset has none', async () => {
    const j = JSON.parse((await runCli(['flops', GEMMA2, '--seq-len', '4096', '--json'])).stdout);
    expect(j.warnings).toEqual([expect.stringMatching(SOFTCAP)]);
    expect(JSON.parse((await runCli(['flops', 'gpt3-175b', '--json'])).stdout).warnings).toEqual([]);
  });

  it('run: the table footnotes and the JSON warnings carry them; training.seq_len silences the seq_len one', async () => {
    const file = scenario();
    const r = await runCli(['run', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`warning: ${SEQ_LEN.source}`));
    const [res] = JSON.parse((await runCli(['run', file, '--json'])).stdout).results;
    expect(res.warnings).toEqual([expect.stringMatching(SEQ_LEN), expect.stringMatching(SOFTCAP)]);
    // CSV has no footnotes: the warnings go to stderr, the data stays clean.
    const csv = await runCli(['run', file, '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout).not.toMatch(/warning/);
    expect(csv.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(new RegExp(`^warning: ${SEQ_LEN.source}`)), expect.stringMatching(new RegExp(`^warning: ${SOFTCAP.source}`))]);
    const [given] = JSON.parse((await runCli(['run', scenario('  seq_len: 4096\n'), '--json'])).stdout).results;
    expect(given.warnings).toEqual([expect.stringMatching(SOFTCAP)]);
  });

  it('plan: text under the headline and --json warnings; --seq-len (or training.seq_len) silences the seq_len one', async () => {
    const args = ['plan', '--model', GEMMA2, '--gpu', 'h100-sxm', '--count', '64', '--global-batch', '512', '--top', '1'];
    const text = (await runCli(args)).stdout;
    expect(text).toMatch(new RegExp(`warning: ${SEQ_LEN.source}`));
    expect(text).toMatch(new RegExp(`warning: ${SOFTCAP.source}`));
    expect(JSON.parse((await runCli([...args, '--json'])).stdout).warnings).toEqual([expect.stringMatching(SEQ_LEN), expect.stringMatching(SOFTCAP)]);
    expect(JSON.parse((await runCli([...args, '--seq-len', '4096', '--json'])).stdout).warnings).toEqual([expect.stringMatching(SOFTCAP)]);
    expect(JSON.parse((await runCli(['plan', scenario('  global_batch: 512\n  seq_len: 4096\n'), '--top', '1', '--json'])).stdout).warnings).toEqual([expect.stringMatching(SOFTCAP)]);
  }, 60_000);

  it('reports: the warnings box and the Models part of the assumptions', () => {
    const model = buildReport(loadScenarios([scenario()], []), { version: 'test', inputs: [] });
    expect(model.models).toEqual([expect.objectContaining({ name: 'gemma-2-9b', seqLen: 8192, warnings: [expect.stringMatching(SEQ_LEN), expect.stringMatching(SOFTCAP)] })]);
    const html = renderHtml(model);
    const assumptions = html.slice(html.indexOf('<section id="assumptions">'));
    expect(assumptions).toMatch(/<h3>Models<\/h3><ul><li><strong>gemma-2-9b<\/strong>, seq_len 8192: Hugging Face config\.json, model_type gemma2/);
    expect(assumptions).toMatch(/<ul class="model-assumptions"><li>seq_len 8,192 comes from/);
    expect(html.slice(0, html.indexOf('<section id="assumptions">'))).toMatch(/<section id="warnings"[^]*seq_len 8,192 comes from/);
    const md = renderMarkdown(model).markdown;
    expect(md).toMatch(/### Models\n\n- \*\*gemma-2-9b\*\*, seq_len 8192: Hugging Face config\.json/);
    expect(md).toMatch(/\n {2}- seq\\?_len 8,192 comes from the config's max\\?_position\\?_embeddings/);
  });
});

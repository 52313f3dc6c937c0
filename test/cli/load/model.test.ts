/**
 * src/cli/load/model.ts loadModel: a model reference that names no file is told what it looks like. Hostile sweep 19:
 * a URL was read as a relative path (`/cwd/https:/huggingface.co/...: model file not found`), a Hugging Face repository
 * id was 'model file not found' alone, and a downloaded repository's folder 'a directory, not a regular file'
 * (each row fails on the old code: no hint, or the folder's).
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/input/errors.js';
import { loadModel } from '../../../src/cli/load/model.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { runCli } from '../run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flopcast-model-'));
mkdirSync(join(dir, 'org', 'Model'), { recursive: true });
copyFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'hf', 'llama-2-7b.json'), join(dir, 'org', 'Model', 'config.json'));

function refusal(ref: string): InputError {
  try {
    loadModel(ref, dir);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error(`${ref} loaded`);
}

describe('a model reference that names no file', () => {
  it.each([
    ['https://huggingface.co/meta-llama/Meta-Llama-3-8B/blob/main/config.json', /fetches nothing.*download/],
    ['http://example.com/model.yaml', /fetches nothing.*download/],
    ['meta-llama/Meta-Llama-3-8B', /Hugging Face repository id.*https:\/\/huggingface\.co\/meta-llama\/Meta-Llama-3-8B\/blob\/main\/config\.json/],
  ])('%s', (ref, hint) => {
    const e = refusal(ref);
    expect(e.message).toContain('model file not found');
    expect(e.details.hint).toMatch(hint);
    // A URL is named as written, never joined to the working folder.
    if (ref.includes('://')) expect(e.details.file).toBe(ref);
  });

  it('a folder holding a config.json is told the file to give', () => {
    const e = refusal('org/Model');
    expect(e.message).toContain('a directory');
    expect(e.details.hint).toContain(join('org', 'Model', 'config.json'));
  });

  it('a scenario whose model is a URL gets the hint at its `model:` key', async () => {
    const s = join(dir, 's.yaml');
    writeFileSync(s, 'model: https://huggingface.co/org/m/raw/main/config.json\ntraining: {tokens: 1B, global_batch: 512}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n');
    const r = await runCli(['run', s]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('model: model file not found: https://huggingface.co/org/m/raw/main/config.json');
    expect(r.stderr).toContain('fetches nothing');
    expect(r.stderr).not.toContain('https:/huggingface');
  });
});

// Hostile sweep 19: `model: ~/x.yaml` was looked for as /scenario-folder/~/x.yaml (nothing expands `~` but a shell), with
// 'looked for ...' alone; fails on the old code.
it('a path from `~` is told nothing expands it', () => {
  const e = refusal('~/nope.yaml');
  expect(e.details.hint).toBe(`\`~\` is expanded by a shell, not here: write ${join(homedir(), 'nope.yaml')}`);
});

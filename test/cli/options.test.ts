/** src/cli/options.ts: the one rule of every command's output format (chosenFormat), read through the commands. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { chosenFormat } from '../../src/cli/options.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flopcast-options-'));
const scenario = join(PACKAGE_ROOT, 'scenarios', 'llama-65b.yaml');

describe('chosenFormat', () => {
  it.each([
    [{ out: 'x.json' }, undefined, 'json'],
    [{ out: 'X.JSON' }, undefined, 'json'],
    [{ out: 'x.csv' }, undefined, 'csv'],
    [{ out: 'x.md' }, undefined, 'markdown'],
    [{ out: 'x.txt' }, undefined, undefined],
    [{}, undefined, undefined],
    [{ json: true, out: 'x.csv' }, undefined, 'json'],
    [{ out: 'x.json' }, 'table', 'table'],
    [{ out: 'x.json' }, 'explain', 'explain'],
  ] as const)('%j with %s chosen: %s', (argv, given, expected) => {
    expect(chosenFormat(argv, given)).toBe(expected);
  });
});

describe('--out FILE.json writes what --json prints, for every command', () => {
  // hostile sweep 17: run and report read the extension, but flops, plan, budget, hardware, models, prices and validate
  // wrote their text into x.json (each row fails on the old code: the file held the text, not the JSON).
  it.each([
    [['flops', 'gpt2', '--tokens', '1B']],
    [['plan', '--model', 'gpt2', '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '64', '--top', '1']],
    [['budget', '--flops', '1e24', '--gpu', 'h100-sxm', '--count', '1024']],
    [['budget', '--model', 'gpt2', '--tokens', '1B', '--gpu', 'h100-sxm', '--count', '8']],
    [['hardware']],
    [['hardware', 'show', 'h100-sxm']],
    [['models', 'llama']],
    [['prices']],
    [['run', scenario]],
  ])('%j --out x.json', async (args) => {
    const out = join(dir, `${args.join('_').replace(/[^\w-]/g, '')}.json`);
    const r = await runCli([...args, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe((await runCli([...args, '--json'])).stdout);
  });

  it.each([
    // an explicit choice wins over the extension
    [['flops', 'gpt2', '--explain'], 'x.json'],
    // an extension a command has no format for: its default
    [['flops', 'gpt2'], 'x.csv'],
    [['hardware'], 'x.md'],
  ])('%j --out %s writes what stdout prints', async (args, name) => {
    const out = join(dir, name);
    const r = await runCli([...args, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe((await runCli(args)).stdout);
  });

  it('report --out x.json is refused (a report has no JSON); --format chooses', async () => {
    const r = await runCli(['report', scenario, '--out', join(dir, 'r.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a report is HTML or Markdown.*names JSON/);
    const given = await runCli(['report', scenario, '--format', 'html', '--out', join(dir, 'r.json')]);
    expect(given.code, given.stderr).toBe(0);
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toMatch(/^<!doctype html>/i);
  });
});

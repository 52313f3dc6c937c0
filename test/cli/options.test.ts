/** src/cli/options.ts: the one rule of every command's output format (chosenFormat), read through the commands. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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
    // HTML is report's alone (formatFromOut): run --out x.html writes its table, as before
    [{ out: 'x.html' }, undefined, undefined],
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

  // The brief (inputs 1): `report --out r.pdf` wrote HTML into r.pdf (any name but .md and .json did). The --out extension
  // chooses: .html/.htm HTML, .md/.markdown Markdown, none the default (HTML); any other is refused, exit 2, unless --format
  // chooses (then written as asked, with a warning). The refusals and the warnings fail on the old code.
  it.each([
    ['r.htm', /^<!doctype html>/i],
    ['R.HTML', /^<!doctype html>/i],
    ['r.markdown', /^# /],
    ['r', /^<!doctype html>/i],
  ])('report --out %s writes what its name says', async (name, starts) => {
    const sub = mkdtempSync(join(dir, 'ext-'));
    const r = await runCli(['report', scenario, '--out', join(sub, name)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('warning');
    expect(readFileSync(join(sub, name), 'utf8')).toMatch(starts);
  });

  it.each([
    ['r.pdf', 'names neither (.pdf)', 'print it to PDF from a browser'],
    ['r.docx', 'names neither (.docx)', 'give --format html or --format markdown'],
    ['r.csv', 'names neither (.csv)', 'flopcast run SCENARIO --out runs.csv'],
  ])('report --out %s is refused', async (name, message, hint) => {
    const out = join(dir, `refused-${name}`);
    const r = await runCli(['report', scenario, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: a report is HTML or Markdown, and --out ${out} ${message}\n  hint: name the file .html or .md`);
    expect(r.stderr).toContain(hint);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ['html', 'r.pdf', 'HTML', /^<!doctype html>/i],
    ['markdown', 'r.html', 'Markdown', /^# /],
  ])('--format %s --out %s: written as asked, with a warning', async (format, name, words, starts) => {
    const out = join(mkdtempSync(join(dir, 'given-')), name);
    const r = await runCli(['report', scenario, '--format', format, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: --out ${out} is written as ${words} (--format ${format}), which its extension .${name.split('.')[1]} does not name`);
    expect(readFileSync(out, 'utf8')).toMatch(starts);
  });
});

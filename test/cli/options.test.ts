/** src/cli/options.ts: the one rule of every command's output format (outFormat, outputOf), read through the commands. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { outFormat, TEXT_OR_JSON, type Writes } from '../../src/cli/options.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flopcast-options-'));
const scenario = join(PACKAGE_ROOT, 'scenarios', 'llama-65b.yaml');

describe('outFormat: one rule of every command\'s --out format', () => {
  const RUN: Writes = { formats: ['text', 'json', 'csv', 'markdown'] };
  const REPORT: Writes = { formats: ['html', 'markdown'] };
  const json = { format: 'json', flag: '--json' } as const;
  it.each([
    ['x.json', TEXT_OR_JSON, undefined, 'json', undefined],
    ['X.JSON', TEXT_OR_JSON, undefined, 'json', undefined],
    ['x.txt', TEXT_OR_JSON, undefined, 'text', undefined],
    ['x', TEXT_OR_JSON, undefined, 'text', undefined],
    [undefined, TEXT_OR_JSON, undefined, 'text', undefined],
    ['-', TEXT_OR_JSON, undefined, 'text', undefined],
    ['x.csv', RUN, undefined, 'csv', undefined],
    ['x.md', RUN, undefined, 'markdown', undefined],
    ['x.log', RUN, undefined, 'text', undefined],
    ['x', REPORT, undefined, 'html', undefined],
    ['x.htm', REPORT, undefined, 'html', undefined],
    // a choice wins over the name, and a name that says another format is warned of
    ['x.csv', TEXT_OR_JSON, json, 'json', '--out x.csv is written as JSON (--json), which its extension .csv does not name'],
    ['x.json', TEXT_OR_JSON, { format: 'text', flag: '--explain' }, 'text', '--out x.json is written as text (--explain), which its extension .json does not name'],
    ['x.pdf', REPORT, { format: 'html', flag: '--format html' }, 'html', '--out x.pdf is written as HTML (--format html), which its extension .pdf does not name'],
    // a name no format is listed for names nothing in particular for a text command
    ['x.txt', TEXT_OR_JSON, json, 'json', undefined],
  ] as const)('--out %s of %j, %j chosen: %s', (out, writes, given, expected, warning) => {
    const warned: string[] = [];
    expect(outFormat('c', out, writes, given, (w) => warned.push(w))).toBe(expected);
    expect(warned).toEqual(warning === undefined ? [] : [warning]);
  });

  // The leftovers of closing23: `flops --out x.csv` wrote the text table into x.csv, and `hardware --out h.md`,
  // `run --out r.html` their tables likewise, where report refused `--out r.csv`. Each row fails on the old code (exit 0).
  it.each([
    ['x.csv', TEXT_OR_JSON, 'flopcast c writes text or JSON, and --out x.csv names CSV'],
    ['x.md', TEXT_OR_JSON, 'flopcast c writes text or JSON, and --out x.md names Markdown'],
    ['x.html', RUN, 'flopcast c writes text, JSON, CSV or Markdown, and --out x.html names HTML'],
    ['x.pdf', REPORT, 'flopcast c writes HTML or Markdown, and --out x.pdf names none of them (.pdf)'],
    ['x.json', REPORT, 'flopcast c writes HTML or Markdown, and --out x.json names JSON'],
  ] as const)('--out %s of %j is refused', (out, writes, message) => {
    expect(() => outFormat('c', out, writes, undefined, () => {})).toThrow(expect.objectContaining({ name: 'UsageError', message }));
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
    // an explicit choice wins over the extension, with a warning
    [['flops', 'gpt2', '--explain'], 'x.json', 'warning: --out X is written as text (--explain), which its extension .json does not name\n'],
    // a name that names no format: the command's default
    [['flops', 'gpt2'], 'x.txt', ''],
    [['hardware'], 'x', ''],
  ])('%j --out %s writes what stdout prints', async (args, name, warning) => {
    const out = join(dir, name);
    const r = await runCli([...args, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.replace(`wrote ${out}\n`, '')).toBe(warning.replace('X', out));
    expect(readFileSync(out, 'utf8')).toBe((await runCli(args)).stdout);
  });

  // The leftovers of closing23: a name for a format the command does not write was written with its text (`flops --out
  // x.csv`, exit 0); it is refused, exit 2, naming what the command writes, and nothing is written (each fails on the old code).
  it.each([
    [['flops', 'gpt2', '--tokens', '1B'], 'x.csv', 'flopcast flops writes text or JSON, and --out X names CSV'],
    [['hardware'], 'x.md', 'flopcast hardware writes text or JSON, and --out X names Markdown'],
    [['hardware', 'show', 'h100-sxm'], 'x.html', 'flopcast hardware writes text or JSON, and --out X names HTML'],
    [['models', 'llama'], 'x.csv', 'flopcast models writes text or JSON, and --out X names CSV'],
    [['prices'], 'x.md', 'flopcast prices writes text or JSON, and --out X names Markdown'],
    [['budget', '--flops', '1e24', '--gpu', 'h100-sxm', '--count', '1024'], 'x.csv', 'flopcast budget writes text or JSON, and --out X names CSV'],
    [['plan', '--model', 'gpt2', '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '64', '--top', '1'], 'x.md', 'flopcast plan writes text or JSON, and --out X names Markdown'],
    [['validate', '--by-kind'], 'x.csv', 'flopcast validate writes Markdown or JSON, and --out X names CSV'],
    [['run', scenario], 'x.html', 'flopcast run writes text, JSON, CSV or Markdown, and --out X names HTML'],
    [['schema'], 'x.md', 'flopcast schema writes JSON, and --out X names Markdown'],
    [['completion'], 'x.csv', 'flopcast completion writes text or JSON, and --out X names CSV'],
  ])('%j --out %s is refused', async (args, name, message) => {
    const out = join(dir, `refused-${name}`);
    const r = await runCli([...args, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${message.replace('X', out)}\n  hint: name the file `);
    expect(existsSync(out)).toBe(false);
  });

  // left38: budget printed a price's warning (a --price far above the list, a stale list price) before it refused --out: a usage
  // error comes first, alone on stderr, as other commands' do. The first row fails on the old code (the warning came first).
  it.each([
    [['budget', '--usd', '1M', '--gpu', 'h100-sxm', '--count', '8', '--model', 'gpt3-175b', '--price', '99'], 'x.csv', 'flopcast budget writes text or JSON, and --out X names CSV'],
    [['budget', scenario, '--usd', '1M', '--price', '99'], 'x.md', 'flopcast budget writes text or JSON, and --out X names Markdown'],
  ])('%j --out %s: the refusal alone', async (args, name, message) => {
    const out = join(dir, `alone-${name}`);
    const r = await runCli([...args, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ${message.replace('X', out).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n  hint: name the file [^\n]*\n$`));
    expect(existsSync(out)).toBe(false);
  });

  it('report --out x.json is refused (a report has no JSON); --format chooses', async () => {
    const r = await runCli(['report', scenario, '--out', join(dir, 'r.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/flopcast report writes HTML or Markdown.*names JSON/);
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
    ['r.pdf', 'names none of them (.pdf)', 'print it to PDF from a browser'],
    ['r.docx', 'names none of them (.docx)', 'give --format html or --format markdown'],
    ['r.csv', 'names CSV', 'flopcast run SCENARIO --out runs.csv'],
  ])('report --out %s is refused', async (name, message, hint) => {
    const out = join(dir, `refused-${name}`);
    const r = await runCli(['report', scenario, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: flopcast report writes HTML or Markdown, and --out ${out} ${message}\n  hint: name the file .html (or .htm) for HTML or .md`);
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

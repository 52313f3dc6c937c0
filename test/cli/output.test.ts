/**
 * Where output goes (src/cli/output.ts): a closed pipe on every command ends quietly, and an --out
 * that cannot be written (a folder, a missing folder, a file in the path, a chart folder that is a
 * file) is one line and exit 1, naming the path, with nothing created on the way.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS } from '../../src/input/limits.js';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/errors.js';
import { GOOD, SCENARIOS_DIR, STACK, tempDir, writeFile } from '../reliability/helpers.js';
import { BIN, runCli } from './run-cli.js';

const dir = tempDir('output');
const scenario = writeFile(dir, 'good.yaml', GOOD);
const aFile = writeFile(dir, 'plain.txt', 'a file, not a folder\n');
const SCENARIO = join(SCENARIOS_DIR, 'cluster-options.yaml');

describe('a closed pipe (`flopcast CMD | head -1`) ends every command quietly with exit 0', () => {
  // Every command that prints (ui prints one line, then serves: see test/ui/server.test.ts).
  it.each([
    [['completion']],
    [['flops', 'gpt3-175b']],
    [['flops', 'gpt3-175b', '--json']],
    [['run', SCENARIO]],
    [['run', SCENARIO, '--format', 'csv']],
    [['report', SCENARIO]],
    [['budget', '--usd', '1M', '--gpu', 'h100-sxm']],
    [['budget', '--model', 'gpt3-175b', '--tokens', '300B', '--gpu', 'h100-sxm', '--count', '8', '--json']],
    [['models']],
    [['hardware']],
    [['hardware', 'show', 'h100-sxm']],
    [['prices', '--json']],
    [['schema', 'model']],
    [['plan', '--model', 'gpt3-175b', '--gpu', 'h100-sxm', '--count', '64', '--global-batch', '512', '--top', '20']],
    [['validate']],
    [['run', '--help']],
  ])('flopcast %j', async (args) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toMatch(STACK);
    expect(stderr).not.toMatch(/EPIPE/);
    expect(code).toBe(0);
  }, 30_000);
});

describe('an --out that cannot be written: exit 1, one line naming the path, nothing created', () => {
  const chartsAsFile = join(dir, 'taken.md');
  writeFile(dir, 'taken-assets', 'a file where the charts would go\n');
  const folderMd = join(dir, 'folder.md');
  mkdirSync(folderMd);
  it.each([
    // report's Markdown made the missing folders (mkdir -p) and wrote there, exit 0
    { case: 'Markdown into a missing folder', args: ['report', scenario, '--out', join(dir, 'missing', 'deeper', 'r.md')], message: `cannot write ${join(dir, 'missing', 'deeper', 'r-assets')}: no such folder` },
    // these two printed Node's own message (ENOTDIR: not a directory, stat ..., EEXIST: file already exists, mkdir ...)
    { case: 'Markdown with a file in the path', args: ['report', scenario, '--out', join(aFile, 'r.md')], message: `cannot write ${join(aFile, 'r-assets')}: a part of its folder is a file, not a folder` },
    { case: 'Markdown whose chart folder is a file', args: ['report', scenario, '--out', chartsAsFile], message: `cannot write ${join(dir, 'taken-assets')}: it is a file, not a folder` },
    { case: 'run with a file in the path', args: ['run', scenario, '--out', join(aFile, 'x.txt')], message: `cannot write ${join(aFile, 'x.txt')}: a part of its folder is a file, not a folder` },
    { case: 'HTML into a missing folder', args: ['report', scenario, '--out', join(dir, 'missing', 'r.html')], message: `cannot write ${join(dir, 'missing', 'r.html')}: no such folder` },
    { case: 'a folder', args: ['report', scenario, '--out', dir], message: `cannot write ${dir}: it is a folder` },
    // The charts were written into folder-assets/ first, then the report failed on the folder (exit 1, the charts left behind).
    { case: 'Markdown onto a folder', args: ['report', scenario, '--out', folderMd], message: `cannot write ${folderMd}: it is a folder` },
    { case: 'Markdown onto a folder, --format markdown', args: ['report', scenario, '--format', 'markdown', '--out', folderMd], message: `cannot write ${folderMd}: it is a folder` },
  ])('$case', async ({ args, message }) => {
    const before = readdirSync(dir).sort();
    const r = await runCli(args);
    expect(r.code).toBe(EXIT.failure);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${message}\n`);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('a chart folder that is already there is written into', async () => {
    mkdirSync(join(dir, 'again-assets'));
    const r = await runCli(['report', scenario, '--out', join(dir, 'again.md')]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'again-assets')).length).toBeGreaterThan(0);
  });
});

// An --out the user could not have meant is invalid input (exit 2), before anything is written: a trailing
// slash ('a part of its folder is a file', exit 1, after a temporary file was made beside it) and a name
// too long for the file system ('ENAMETOOLONG', exit 1, the path echoed whole).
describe('an --out that names no file: exit 2, nothing created', () => {
  const long = 'a'.repeat(5_000);
  it.each([
    { case: 'a missing folder, with a slash', args: ['run', scenario, '--out', join(dir, 'nodir') + '/'], stderr: `error: ${join(dir, 'nodir')}/: --out: the output path ends with a slash, which names a folder\n  hint: give a file name, such as out.json\n` },
    { case: 'a Markdown report, with a slash', args: ['report', scenario, '--out', join(dir, 'r.md') + '/'], stderr: `error: ${join(dir, 'r.md')}/: --out: the output path ends with a slash, which names a folder\n  hint: give a file name, such as out.json\n` },
    { case: 'a name of 5,000 characters', args: ['run', scenario, '--out', join(dir, long)], stderr: `error: ${join(dir, long).slice(0, LIMITS.pathChars)}… (${join(dir, long).length} characters): --out: the output path or a name in it is too long\n` },
  ])('$case', async ({ args, stderr }) => {
    const before = readdirSync(dir).sort();
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

// The rename replaced a symbolic link itself: `--out /dev/stdout` with stdout redirected to a file (run as
// root) replaced the system's /dev/stdout link with a regular file; a user's link became a copy.
describe('an --out that is a symbolic link is refused, the link and its target left as they were', () => {
  const links = tempDir('out-links');
  const target = writeFile(links, 'real.json', 'mine\n');
  it.each([
    { case: 'a link to a file', make: () => { const l = join(links, 'link.json'); symlinkSync(target, l); return { path: l, to: target }; } },
    { case: 'a dangling link', make: () => { const l = join(links, 'dangling.json'); symlinkSync('nowhere.json', l); return { path: l, to: 'nowhere.json' }; } },
    { case: 'a link to a Markdown report', make: () => { const l = join(links, 'r.md'); symlinkSync(target, l); return { path: l, to: target } }, report: true },
  ])('$case', async ({ make, report }) => {
    const { path, to } = make();
    const before = readdirSync(links).sort();
    const r = await runCli(report ? ['report', scenario, '--out', path] : ['models', 'gpt', '--json', '--out', path]);
    expect(readdirSync(links).sort()).toEqual(before); // nothing made: not report's chart folder either
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${path}: --out: the output path is a symbolic link (to ${to}): writing would replace the link, not its target\n  hint: give the file it points to; for standard output, leave out --out\n`);
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path)).toBe(to);
    expect(readFileSync(target, 'utf8')).toBe('mine\n');
  });
});

// Standard input redirected from a file is that file, read: `run - --out s.yaml < s.yaml` replaced the scenario
// with its own output (exit 0). Run as a process, so that its standard input is the file itself.
describe('an --out that is the file standard input was read from is refused, the file left as it was', () => {
  const stdinDir = tempDir('out-stdin');
  const run = (args: string[], stdinPath: string) => spawnSync(process.execPath, [BIN, ...args], { stdio: [openSync(stdinPath, 'r'), 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  it.each([
    { case: 'run -', args: (out: string) => ['run', '-', '--out', out] },
    { case: 'run - --format csv', args: (out: string) => ['run', '-', '--format', 'csv', '--out', out] },
    // --format: a report's --out ending .yaml is refused for its extension first (test/cli/options.test.ts)
    { case: 'report -', args: (out: string) => ['report', '-', '--format', 'html', '--out', out] },
    { case: 'plan -', args: (out: string) => ['plan', '-', '--out', out], text: GOOD.replace('tokens: 300B', 'tokens: 300B\n  global_batch: 1536') },
  ])('$case', ({ case: name, args, text = GOOD }) => {
    const file = writeFile(stdinDir, `${name.replace(/\W+/g, '-')}.yaml`, text);
    const r = run(args(file), file);
    expect(r.status).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${file}: --out: refusing to overwrite an input file\n  hint: write the output to another file\n`);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
  it('another file is written as usual', () => {
    const file = writeFile(stdinDir, 'in.yaml', GOOD);
    const out = join(stdinDir, 'out.txt');
    const r = run(['run', '-', '--out', out], file);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('h100-sxm');
    expect(readFileSync(file, 'utf8')).toBe(GOOD);
  });
});

// Hostile sweep 21: a profile of a hardware folder the command reads was overwritten when the run used another
// profile (only files read were refused): `run s.yaml --hardware-dir hw --out hw/t4.yaml` replaced t4.yaml with the
// table, and the next run with that folder failed on it. A profile file of any folder profiles are looked up in is refused.
describe('an --out onto a hardware profile of a folder the command reads is refused, the file left as it was', () => {
  const hwDir = tempDir('out-profiles');
  const profile = 'id: mine\nextends: h100-sxm\nname: Mine\n';
  it.each([
    { case: 'a profile of --hardware-dir the run does not use', folder: () => join(hwDir, 'hw'), args: (hw: string) => ['--hardware-dir', hw] },
    { case: 'a profile of the hardware-profiles/ next to the scenario', folder: () => join(hwDir, 'hardware-profiles'), args: () => [] },
  ])('$case', async ({ folder, args }) => {
    const hw = folder();
    mkdirSync(hw, { recursive: true });
    const target = writeFile(hw, 'mine.yaml', profile);
    const s = writeFile(hwDir, 'good.yaml', GOOD);
    const r = await runCli(['run', s, ...args(hw), '--out', target]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toBe(`error: ${target}: --out: refusing to overwrite a hardware profile in a folder this command reads hardware profiles from\n  hint: write the output to another file\n`);
    expect(readFileSync(target, 'utf8')).toBe(profile);
  });
  it('a new file in the folder, or a file of another kind there, is written as usual', async () => {
    const hw = join(hwDir, 'other');
    mkdirSync(hw, { recursive: true });
    writeFile(hw, 'mine.yaml', profile);
    const s = writeFile(hwDir, 'good2.yaml', GOOD);
    for (const name of ['new.yaml', 'runs.json']) {
      const r = await runCli(['run', s, '--hardware-dir', hw, '--out', join(hw, name)]);
      expect(r.code, r.stderr).toBe(0);
    }
  });
});

// The bundled presets the same (`flops gpt2 --out models/llama-2-7b.yaml` replaced a preset of the package): asked of
// the rule, not run, so that the old code's failure overwrites nothing in the checkout.
describe('the folder of bundled presets is a catalog folder once a preset is looked up', () => {
  it('presetIds() notes models/, whose YAML files --out then refuses', async () => {
    const { presetIds, MODELS_DIR } = await import('../../src/cli/load/model.js');
    const { catalogFileKind, resetInputsRead } = await import('../../src/cli/load/files.js');
    resetInputsRead();
    expect(catalogFileKind(join(MODELS_DIR, 'llama-2-7b.yaml'))).toBeUndefined();
    presetIds();
    expect(catalogFileKind(join(MODELS_DIR, 'llama-2-7b.yaml'))).toBe('model preset');
    expect(catalogFileKind(join(MODELS_DIR, 'notes.txt'))).toBeUndefined();
    resetInputsRead();
  });
});

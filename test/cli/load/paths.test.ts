/** src/cli/load/paths.ts: the files flopcast reads from a folder of profiles, models or validation sets (yamlFileNames), and the hints for a path only a browser or a shell reads (a URL, `~`). */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { yamlFileNames } from '../../../src/cli/load/paths.js';
import { BUNDLED_HARDWARE_DIR } from '../../../src/cli/load/hardware.js';
import { runCli } from '../run-cli.js';
import { GOOD_SCENARIO } from '../../helpers.js';

// hostile sweep 17: hidden files in a --hardware-dir (`.x.yaml`, an editor's lock `.#x.yaml`) were read as profiles:
// `flopcast hardware` was refused for the lock (a dangling link), `.x.yaml` for its id. The hidden rows fail on the old code.
describe('yamlFileNames', () => {
  it.each([
    ['x.yaml', true, true],
    ['x.yml', true, false],
    ['X.YAML', false, false],
    ['.x.yaml', false, false],
    ['.#x.yaml', false, false],
    ['.x.yml', false, false],
    ['x.yaml~', false, false],
    ['#x.yaml#', false, false],
    ['x.yaml.bak', false, false],
    ['x.swp', false, false],
    ['x', false, false],
  ])('%s: read %s (.yml too), %s (.yaml only)', (name, withYml, yamlOnly) => {
    expect(yamlFileNames([name])).toEqual(withYml ? [name] : []);
    expect(yamlFileNames([name], { yml: false })).toEqual(yamlOnly ? [name] : []);
  });

  it('a --hardware-dir with hidden and backup files beside a profile lists the profile alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-files-'));
    const profile = readFileSync(join(BUNDLED_HARDWARE_DIR, 'h100-sxm.yaml'), 'utf8').replace(/^id: h100-sxm$/m, 'id: ours');
    writeFileSync(join(dir, 'ours.yaml'), profile);
    writeFileSync(join(dir, '.ours.yaml'), profile);
    copyFileSync(join(dir, 'ours.yaml'), join(dir, 'ours.yaml~'));
    symlinkSync('user@host.1234:1700000000', join(dir, '.#ours.yaml')); // Emacs' lock file: a dangling link
    const all = await runCli(['hardware', '--hardware-dir', dir, '--json']);
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout).hardware.map((h: { id: string }) => h.id).filter((id: string) => id.includes('ours'))).toEqual(['ours']);
    const hidden = await runCli(['hardware', 'show', '.ours', '--hardware-dir', dir]);
    expect(hidden.code).toBe(2);
    expect(hidden.stderr).toContain('unknown GPU `.ours`');
  });
});

// Hostile sweep 19: a scenario written as a URL was 'cannot read scenario: no such file' alone (fails on the old code: no hint).
describe('a scenario path written as a URL', () => {
  it.each([['run'], ['plan']])('%s says nothing downloads it', async (command) => {
    const r = await runCli([command, 'https://example.com/s.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: https://example.com/s.yaml: cannot read scenario: no such file\n  hint: flopcast reads files and fetches nothing: download the file and give its path\n');
  });
});

// Hostile sweep 19: a scenario or --hardware-dir from `~` given where no shell expands it (quoted, or `--hardware-dir=~/hw`)
// was 'no such file' / 'hardware folder not found' alone; fails on the old code.
describe('a path from `~`', () => {
  it.each([
    [['run', '~/nope.yaml'], 'nope.yaml'],
    [['hardware', '--hardware-dir=~/nope-hw'], 'nope-hw'],
  ])('%j', async (args, rest) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`hint: \`~\` is expanded by a shell, not here: write ${join(homedir(), rest)}`);
  });
  it('--out from `~`', async () => {
    const r = await runCli(['flops', 'gpt2', '--out', '~/nope-folder/x.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: cannot write ~/nope-folder/x.json: no such folder (\`~\` is expanded by a shell, not here: write ${join(homedir(), 'nope-folder/x.json')})\n`);
  });
  it('a model path from `$HOME`', async () => {
    const r = await runCli(['flops', '$HOME/nope.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`hint: \`$HOME\` is expanded by a shell, not here: write ${join(process.env.HOME!, 'nope.yaml')}`);
  });
});

// fuzz37 (test/cli/fuzz.test.ts, seed 5): a path with white space at an end names nothing, and the error line prints it
// unquoted, where a leading space cannot be seen (`error:  scenarios/s.yaml: cannot read scenario: no such file`, no hint).
// The hint says so, and offers the trimmed path where it is there. The rows with a hint fail on the old code (the trailing
// one had nearbyNameHint's `did you mean`, without the cause).
describe('a path with white space at an end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-blank-'));
  writeFileSync(join(dir, 's.yaml'), GOOD_SCENARIO);
  mkdirSync(join(dir, 'models'));
  copyFileSync(join(BUNDLED_HARDWARE_DIR, '..', 'models', 'gpt2.yaml'), join(dir, 'models', 'gpt2.yaml'));
  const meant = (p: string) => `the path begins with white space, which is part of the name: did you mean \`${p}\`?`;
  it.each([
    { what: 'a scenario, begins', args: ['run', ` ${join(dir, 's.yaml')}`], stderr: `error:  ${join(dir, 's.yaml')}: cannot read scenario: no such file\n  hint: ${meant(join(dir, 's.yaml'))}\n` },
    { what: 'a scenario, ends', args: ['plan', `${join(dir, 's.yaml')} `], stderr: `error: ${join(dir, 's.yaml')} : cannot read scenario: no such file\n  hint: the path ends with white space, which is part of the name: did you mean \`${join(dir, 's.yaml')}\`?\n` },
    { what: 'a runs file, a tab before', args: ['validate', `\t${join(dir, 's.yaml')}`], stderr: `error: \\t${join(dir, 's.yaml')}: cannot read runs file: no such file\n  hint: the path begins with white space, which is part of the name: did you mean \`${join(dir, 's.yaml')}\`?\n` },
    { what: 'nothing there trimmed either', args: ['run', ` ${join(dir, 'nope.yaml')}`], stderr: `error:  ${join(dir, 'nope.yaml')}: cannot read scenario: no such file\n  hint: the path begins with white space, which is part of the name\n` },
    { what: 'a model path', args: ['flops', ` ${join(dir, 'models', 'gpt2.yaml')}`], stderr: `error: ${process.cwd()}/ ${join(dir, 'models', 'gpt2.yaml')}: model file not found:  ${join(dir, 'models', 'gpt2.yaml')}\n  hint: ${meant(join(dir, 'models', 'gpt2.yaml'))}\n` },
  ])('$what', async ({ args, stderr }) => {
    const r = await runCli(args);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', stderr]);
  });
});

// Hostile sweep 34: a missing file was 'no such file' (or 'model file not found') alone, with the file meant one typo away
// in the same folder. Each row with a hint fails on the old code; the rows without one hold what is not suggested.
describe('a missing file: the name one typo from it in its folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-near-'));
  writeFileSync(join(dir, 's.yaml'), 'name: x\n');
  writeFileSync(join(dir, 'config.json'), '{}\n');
  writeFileSync(join(dir, '.hidden.yaml'), 'name: x\n');
  mkdirSync(join(dir, 'sub'));
  mkdirSync(join(dir, 'hwdir'));
  writeFileSync(join(dir, 'hwdi.yaml'), 'name: x\n');
  it.each([
    { what: '.yml for .yaml', args: ['run', join(dir, 's.yml')], stderr: `error: ${join(dir, 's.yml')}: cannot read scenario: no such file\n  hint: did you mean \`${join(dir, 's.yaml')}\`?\n` },
    { what: 'an extension cut short, in plan', args: ['plan', join(dir, 's.yam')], stderr: `error: ${join(dir, 's.yam')}: cannot read scenario: no such file\n  hint: did you mean \`${join(dir, 's.yaml')}\`?\n` },
    { what: 'a config.json misspelt', args: ['flops', join(dir, 'confg.json')], stderr: `error: ${join(dir, 'confg.json')}: model file not found: ${join(dir, 'confg.json')}\n  hint: did you mean \`${join(dir, 'config.json')}\`?\n` },
    { what: 'nothing near', args: ['run', join(dir, 'other.yaml')], stderr: `error: ${join(dir, 'other.yaml')}: cannot read scenario: no such file\n` },
    { what: 'a hidden name is not offered for a plain one', args: ['run', join(dir, 'hidden.yaml')], stderr: `error: ${join(dir, 'hidden.yaml')}: cannot read scenario: no such file\n` },
    { what: 'a folder that is not there', args: ['run', join(dir, 'nope', 's.yaml')], stderr: `error: ${join(dir, 'nope', 's.yaml')}: cannot read scenario: no such file\n` },
    // Only names of the kind wanted (review34): a scenario is not offered a folder, a hardware folder not a file.
    { what: 'a folder is not offered for a file', args: ['run', join(dir, 'su')], stderr: `error: ${join(dir, 'su')}: cannot read scenario: no such file\n` },
    { what: 'a --hardware-dir is offered folders only', args: ['run', join(dir, 's.yaml'), '--hardware-dir', join(dir, 'hwdi')], stderr: `error: ${join(dir, 'hwdi')}: --hardware-dir: hardware folder not found\n  hint: did you mean \`${join(dir, 'hwdir')}\`?\n` },
  ])('$what', async ({ args, stderr }) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
  });
  // A name in another case: missing where case counts (Linux), and the file offered; a file system that ignores case
  // (macOS's APFS, Windows' NTFS by default) opens `S.yaml` as `s.yaml`, which is read there (a scenario, refused as a
  // runs file at its first line), never "no such file". The row assumed case counted (closing34).
  it('a runs file in another case', async () => {
    const caseBlind = existsSync(join(dir, 'S.yaml'));
    const r = await runCli(['validate', join(dir, 'S.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    if (caseBlind) {
      expect(r.stderr).toContain(`error: ${join(dir, 'S.yaml')}:1:1: `);
      expect(r.stderr).not.toContain('no such file');
    } else {
      expect(r.stderr).toBe(`error: ${join(dir, 'S.yaml')}: cannot read runs file: no such file\n  hint: did you mean \`${join(dir, 's.yaml')}\`?\n`);
    }
  });
  it('the path is written as it was given (relative to where the model file was looked for)', async () => {
    const scenario = join(dir, 'rel.yaml');
    writeFileSync(scenario, GOOD_SCENARIO.replace(/^model: .*$/m, 'model: ./confg.json'));
    const r = await runCli(['run', scenario]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('  hint: did you mean `./config.json`?\n');
  });
});

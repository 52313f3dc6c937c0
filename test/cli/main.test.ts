/** src/cli/main.ts: what it answers itself, before or beside yargs: help and the version. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/errors.js';
import { runCli, spawnCli } from './run-cli.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

describe('main: help and the version', () => {
  it.each([['help'], ['flops', 'gpt2', '--help'], ['--version']])('%s still answers (exit 0)', async (...args) => {
    const r = await runCli(args);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toBe('');
  });

  // `help COMMAND` is COMMAND --help, as git, npm and cargo read it: it was 'unknown command `help`' (hostile sweep 6).
  it.each([[['help', 'run'], ['run', '--help']], [['help', 'help'], ['--help']]])('%j prints what %j prints', (args, same) => {
    // yargs prints help on the process's own stdout: the built binary, as a user runs it.
    const r = spawnCli(args);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(spawnCli(same).stdout);
    expect(r.stdout).toMatch(/Examples:/);
  });

  // `--help --json` printed the help text: stdout under --json holds one JSON document, here the same text.
  it.each([
    [['help', 'flops', '--json'], ['flops', '--help'], 'flopcast flops'],
    [['run', '--json', '--help'], ['run', '--help'], 'flopcast run'],
    [['-h', '--json'], ['--help'], 'flopcast'],
    // The review: the command was the words typed, positionals and unknown words included; and --json=true was not read.
    [['run', 'scenarios/llama-65b.yaml', '--help', '--json'], ['run', '--help'], 'flopcast run'],
    [['--json=true', '--help'], ['--help'], 'flopcast'],
    // left38: `--format json` is --json (run's help says so); it printed the text.
    [['run', 'scenarios/llama-65b.yaml', '--format', 'json', '-h'], ['run', '--help'], 'flopcast run'],
    [['run', '--format=json', '--help'], ['run', '--help'], 'flopcast run'],
  ])('%j prints JSON holding what %j prints', (args, same, command) => {
    const r = spawnCli(args);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ command, help: spawnCli(same).stdout.replace(/\n$/, '') });
  });

  // sweep33: help asked of a word that is no command printed the top-level help, exit 0, as if it were one (`help fl`
  // read as `--help`); now refused as the word is without --help, stdout empty under --json. Each fails on the old code.
  it.each([
    [['help', 'nosuch'], 'error: unknown command `nosuch`\n  hint: run `flopcast --help` for the list of commands\n'],
    [['help', 'fl', '--json'], 'error: unknown command `fl`\n  hint: did you mean `flops`?\n'],
    [['nosuch', '--help', '--json'], 'error: unknown command `nosuch`\n  hint: run `flopcast --help` for the list of commands\n'],
    [['-', '-h'], 'error: `-` (standard input) is read only as a scenario (run -, report -, plan -, budget -), not as a command\n  hint: run `flopcast --help` for the list of commands\n'],
  ])('%j: an unknown command, exit 2', (args, stderr) => {
    const r = spawnCli(args);
    expect([r.code, r.stdout, r.stderr]).toEqual([EXIT.usage, '', stderr]);
  });

  // Sweep 15: yargs printed these with console.log, which checks the terminal's colours, and Node warned on
  // stderr '(node:PID) Warning: The 'NO_COLOR' env is ignored due to the 'FORCE_COLOR' env being set.'
  // when both were set; stdout is what it was.
  it.each([[['--help']], [['run', '--help']], [['completion']], [['--get-yargs-completions', 'flopcast', 'ru']]])('%j under NO_COLOR and FORCE_COLOR both: nothing on stderr', (args) => {
    const r = spawnCli(args, { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(spawnCli(args).stdout);
    expect(r.stdout).not.toBe('');
  });

  // hostile sweep 17: a command's --version is yargs' answer (a bare --version is main's), and yargs took the version from
  // the package.json it found from the working directory: in another project the built binary printed that project's
  // version (here 9.9.9), in a folder without one "unknown", and under --json the plain word.
  it.each([
    [['flops', '--version'], false],
    [['flops', 'gpt2', '--version'], false],
    [['run', 's.yaml', '--version', '--json'], true],
    [['plan', '--json', '--version'], true],
    // --version=true read as --version (review: a command's `--version=true --json` printed the plain number)
    [['flops', 'gpt2', '--version=true', '--json'], true],
  ] as const)('%j from the built binary in another project: flopcast\'s version (JSON: %s)', (args, asJson) => {
    const version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const cwd = mkdtempSync(join(tmpdir(), 'flopcast-version-'));
    writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: 'another-project', version: '9.9.9' }));
    const r = spawnCli([...args], { cwd });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toBe('');
    if (asJson) expect(JSON.parse(r.stdout)).toEqual({ version });
    else expect(r.stdout).toBe(`${version}\n`);
  });

  it.each([[['--version', '--json']], [['--json', '--version']], [['--version=true', '--json=true']]])('%j prints the version as JSON (yargs printed the plain number)', async (args) => {
    const version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const r = await runCli(args);
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toEqual({ version });
    expect(r.stderr).toBe('');
    expect((await runCli(['--version'])).stdout).toBe(`${version}\n`);
  });
});

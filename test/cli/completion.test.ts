/** `flopcast completion`: yargs' shell completion, through the built binary as a shell calls it. */
import { describe, expect, it } from 'vitest';
import { spawnCli } from './run-cli.js';

describe('flopcast completion', () => {
  it('prints a bash/zsh script that asks flopcast for the words', () => {
    const r = spawnCli(['completion']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('_flopcast_yargs_completions()');
    expect(r.stdout).toContain('flopcast --get-yargs-completions');
  });

  // hostile sweep 22: yargs answers its completion command before --help, so the help was the script, and
  // `--help --json` gave {"command": "###-begin-flopcast-completions-###", "help": the script}.
  it.each([[['completion', '--help']], [['completion', '-h']], [['help', 'completion']]])('%j prints the command\'s help, not the script', (args) => {
    const r = spawnCli(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('_flopcast_yargs_completions');
    expect(r.stdout.split('\n')[0]).toBe('flopcast completion');
    for (const word of ['--json', '--out', 'Examples:', 'flopcast completion >> ~/.bashrc']) expect(r.stdout).toContain(word);
  });
  it('--help --json: {command, help} as every command gives it', () => {
    const r = spawnCli(['completion', '--help', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ command: 'flopcast completion', help: spawnCli(['completion', '--help']).stdout.replace(/\n$/, '') });
  });

  it.each([
    [['flopcast', ''], ['flops', 'run', 'report', 'plan', 'schema', 'completion']],
    [['flopcast', 'schema', ''], ['scenario', 'hardware', 'model']],
    [['flopcast', 'run', '--so'], ['--sort', '--format', '--hardware-dir']],
  ])('completes %j', (words, expected) => {
    const r = spawnCli(['--get-yargs-completions', ...words]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(expected));
  });
});

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

  // Library trial (libuser22): yargs answered `completion --help` (and `help completion`) with the script itself, no
  // help and no examples; under --json the script's first line was taken for the command's name. Fails on the old code.
  it('--help is its help, with examples, as every command\'s is', () => {
    const help = spawnCli(['completion', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).not.toContain('_flopcast_yargs_completions');
    expect(help.stdout).toMatch(/^flopcast completion\n/);
    expect(help.stdout).toMatch(/\nExamples:\n {2}flopcast completion >> ~\/\.bashrc /);
    expect(spawnCli(['help', 'completion']).stdout).toBe(help.stdout);
    expect(JSON.parse(spawnCli(['completion', '--help', '--json']).stdout)).toEqual({ command: 'flopcast completion', help: help.stdout.replace(/\n$/, '') });
  });
});

// Every command `flopcast --help` lists shows examples in its --help (the commands read from that list, not kept here).
describe('every command\'s --help has examples', () => {
  const listed = /\nCommands:\n([\s\S]*?)\n\n/.exec(spawnCli(['--help']).stdout)?.[1] ?? '';
  const commands = [...listed.matchAll(/^ {2}flopcast (\w+)/gm)].map((m) => m[1]!);
  it('lists the commands', () => expect(commands).toEqual(expect.arrayContaining(['flops', 'run', 'completion', 'ui'])));
  it.each(commands)('%s --help', (command) => {
    const r = spawnCli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\\nExamples:\\n {2}flopcast ${command}\\b`));
  });
});

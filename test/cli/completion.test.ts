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

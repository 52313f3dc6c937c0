/**
 * src/cli/main.ts: the command line's own usage errors (hostile sweep 4). Each row failed on the
 * code before it: `--` gave "---- was given 1 times" (or a missing argument).
 */
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/errors.js';
import { runCli } from './run-cli.js';

const DOUBLE_DASH = 'error: flopcast reads nothing after `--`: no command passes arguments on\n  hint: leave out `--`; write a file whose name starts with - as ./-name.yaml\n';

describe('main: `--` is a usage error saying what to write instead', () => {
  it.each([
    { args: ['flops', 'gpt2', '--', 'x'], stderr: DOUBLE_DASH },
    { args: ['models', '--', 'llama'], stderr: DOUBLE_DASH },
    { args: ['flops', '--', 'gpt2'], stderr: DOUBLE_DASH },
    { args: ['flops', 'gpt2', '--tokens', '1T', '--'], stderr: DOUBLE_DASH },
  ])('$args.0 ... ($args.length arguments)', async ({ args, stderr }) => {
    const r = await runCli(args);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
  });

  it.each([['help'], ['flops', 'gpt2', '--help'], ['--version']])('%s still answers (exit 0)', async (...args) => {
    const r = await runCli(args);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toBe('');
  });
});

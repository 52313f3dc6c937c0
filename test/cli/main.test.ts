/**
 * src/cli/main.ts: the command line's own usage errors (hostile sweep 4). Each row failed on the
 * code before it: `--` gave "---- was given 1 times" (or a missing argument), and an unknown
 * command printed only yargs' "Did you mean ui?" (for `fl`) or "Unknown argument: foo".
 */
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/errors.js';
import { runCli } from './run-cli.js';

const DOUBLE_DASH = 'error: flopcast reads nothing after `--`: no command passes arguments on\n  hint: leave out `--`; write a file whose name starts with - as ./-name.yaml\n';
const NO_LIST = '  hint: run `flopcast --help` for the list of commands\n';

describe('main: `--` and unknown commands are usage errors naming what was written', () => {
  it.each([
    { args: ['flops', 'gpt2', '--', 'x'], stderr: DOUBLE_DASH },
    { args: ['models', '--', 'llama'], stderr: DOUBLE_DASH },
    { args: ['flops', '--', 'gpt2'], stderr: DOUBLE_DASH },
    { args: ['flops', 'gpt2', '--tokens', '1T', '--'], stderr: DOUBLE_DASH },
    // the nearest command by src/input/suggest.ts (yargs' own distance picked `ui` for `fl`)
    { args: ['fl'], stderr: 'error: unknown command `fl`\n  hint: did you mean `flops`?\n' },
    { args: ['flop', 'gpt2'], stderr: 'error: unknown command `flop`\n  hint: did you mean `flops`?\n' },
    { args: ['Flops', 'gpt2'], stderr: 'error: unknown command `Flops`\n  hint: did you mean `flops`?\n' },
    { args: ['--json', 'runn', 'x.yaml'], stderr: 'error: unknown command `runn`\n  hint: did you mean `run`?\n' },
    { args: ['foo'], stderr: `error: unknown command \`foo\`\n${NO_LIST}` },
    { args: ['--version', 'foo'], stderr: `error: unknown command \`foo\`\n${NO_LIST}` },
    // a long word is echoed cut to LIMITS.nameChars (256), as an unknown id is
    { args: ['a'.repeat(300)], stderr: `error: unknown command \`${'a'.repeat(256)}… (300 characters)\`\n${NO_LIST}` },
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

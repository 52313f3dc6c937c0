/**
 * A name not in a catalog (src/input/unknown.ts) is refused at its key: a GPU at `gpu`, as a model is at
 * `model` (plan({ gpu: 'h100' }), plan --gpu and budget --gpu named no key); a scenario's at cluster.gpu, with its
 * place; `hardware show ID`'s at the command, whose argument it is (it was named `gpu:`, a key nobody typed).
 */
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/index.js';
import { runCli } from '../cli/run-cli.js';
import { formattedError } from '../helpers.js';

const HINT = '\n  hint: did you mean `h100-sxm`?';

describe('an unknown GPU is refused at its key', () => {
  it('the library: plan({ gpu })', () => {
    expect(formattedError(() => plan({ model: 'gpt3-175b', gpu: 'h100-sxn', count: 8, globalBatch: 8 }))).toBe('gpu: unknown GPU `h100-sxn`' + HINT);
  });
  it.each([
    ['plan --gpu', ['plan', '--model', 'gpt3-175b', '--gpu', 'h100-sxn', '--count', '8', '--global-batch', '8'], 'gpu'],
    ['budget --gpu', ['budget', '--usd', '1M', '--gpu', 'h100-sxn', '--count', '8'], 'gpu'],
    ['hardware show', ['hardware', 'show', 'h100-sxn'], 'flopcast hardware show'],
    ['hardware show --json', ['hardware', 'show', 'h100-sxn', '--json'], 'flopcast hardware show'],
  ])('the CLI: %s', async (_, args, at) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${at}: unknown GPU \`h100-sxn\`` + HINT + '\n');
  });

  it('hardware show with no name near: the command named, and where the profiles are listed', async () => {
    const r = await runCli(['hardware', 'show', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: flopcast hardware show: unknown GPU `nope`\n  hint: run `flopcast hardware` for the profiles\n');
  });
});

/**
 * Issue 4, bullet 1: locked-down expressions, end to end through the CLI. The evaluator's own
 * refusals are covered construct by construct in test/input/expr.test.ts; here each one must reach
 * the user as exit 2 with `file:line:col: training.tokens: message` and its hint.
 */
import { describe, expect, it } from 'vitest';
import { ALLOWED_HINT } from '../../src/input/expr.js';
import { runCli } from '../cli/run-cli.js';
import { GOOD, expectOneError, tempDir, writeFile } from './helpers.js';

const dir = tempDir('expr');

describe('scenario expressions cannot reach JavaScript (CLI, exit 2)', () => {
  it.each([
    { case: 'constructor escape', value: 'cos.constructor("return process")()', message: 'cannot parse `cos.constructor("return process")()`' },
    { case: 'constructor property', value: 'cos.constructor', message: 'property access (`.constructor`) is not allowed in an expression' },
    { case: 'dynamic import', value: 'import("node:fs")', message: 'function `import` is not allowed in an expression' },
    { case: 'require', value: 'require("fs")', message: 'function `require` is not allowed in an expression' },
    { case: 'process.exit', value: 'process.exit(1)', message: 'property access (`.exit`) is not allowed in an expression' },
    { case: 'mathjs evaluate', value: 'evaluate("1+1")', message: 'function `evaluate` is not allowed in an expression' },
    { case: 'mathjs import', value: 'import({}, {})', message: 'function `import` is not allowed in an expression' },
    { case: 'a string argument', value: 'max("1", 2)', message: 'strings are not allowed in an expression' },
    { case: 'indexing', value: 'params["constructor"]', message: 'property access and indexing (`a[...]`) are not allowed in an expression' },
    { case: 'function definition', value: 'f(x) = x', message: 'defining a function (`f(x) = ...`) is not allowed in an expression' },
    { case: 'assignment', value: 'params = 1', message: 'assignment (`=`) is not allowed in an expression' },
    { case: '__proto__ name', value: '__proto__', message: 'unknown name `__proto__`' },
    { case: 'toString name', value: 'toString', message: 'unknown name `toString`' },
  ])('$case', async ({ value, message }) => {
    const f = writeFile(dir, 'tokens.yaml', GOOD.replace('tokens: 300B', `tokens: '${value}'`));
    const r = await runCli(['run', f]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectOneError(r.stderr);
    expect(r.stderr.startsWith(`error: ${f}:4:3: training.tokens: ${message}`)).toBe(true);
    expect(r.stderr).toContain(`\n  hint: `);
    if (!/unknown name/.test(message)) expect(r.stderr).toContain(ALLOWED_HINT);
  });

  it('the same expression unquoted in YAML is refused the same way', async () => {
    const f = writeFile(dir, 'unquoted.yaml', GOOD.replace('tokens: 300B', 'tokens: cos.constructor("return process")()'));
    const r = await runCli(['run', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*:4:3: training\.tokens: cannot parse/);
  });
});

/**
 * Issue 4, bullet 5: one error format across the CLI, exit 2 for invalid input or usage and 1 for
 * anything else, and a stack trace only with --debug. The exit codes are those of the real
 * binary (bin/flopcast.cjs running dist/flopcast.cjs, built by `npm test` before vitest runs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS } from '../../src/input/limits.js';
import { describe, expect, it } from 'vitest';
import { DESCRIPTORS_HINT, EXIT, ResourceError, UsageError, reportError } from '../../src/cli/errors.js';
import { InputError } from '../../src/input/errors.js';
import { BIDI_LINE, DEL_C1, SURROGATES } from '../../src/report/escape.js';
import { BIN, runCli, spawnCli } from '../cli/run-cli.js';
import { GOOD, ONE_ERROR, STACK, expectOneError, tempDir, writeFile } from './helpers.js';

const dir = tempDir('errors');
const scenario = writeFile(dir, 'good.yaml', GOOD);
const notADir = writeFile(dir, 'profiles.txt', 'not a folder\n');
const modelDir = join(dir, 'model.yaml');
mkdirSync(modelDir);
const outDir = join(dir, 'out');
mkdirSync(outDir);
// A symbolic link loop (each link to the other), a file in a folder's path, and a folder whose
// hardware-profiles/ is a loop: existsSync is false for each, which read the first as 'not found'.
const loop = join(dir, 'loop.yaml');
symlinkSync(join(dir, 'loop2.yaml'), loop);
symlinkSync(loop, join(dir, 'loop2.yaml'));
const loopedDir = join(dir, 'looped');
mkdirSync(loopedDir);
symlinkSync(join(loopedDir, 'hardware-profiles'), join(loopedDir, 'hardware-profiles'));
const loopedScenario = writeFile(loopedDir, 's.yaml', GOOD);
const DEBUG_HINT = '  hint: run with --debug for a stack trace\n';
const NOT_REGULAR = '  hint: give a regular file; devices, FIFOs, sockets and folders are refused\n';

describe('exit codes and stack traces of the real binary (bin/flopcast.cjs, built by npm test)', () => {
  it('the binary is built', () => expect(existsSync(BIN)).toBe(true));

  it.each([
    { case: 'a directory given as --out', args: ['run', scenario, '--out', outDir], message: `error: cannot write ${outDir}: it is a folder\n` },
    // renaming onto `.` fails with EBUSY, which was printed as the reason
    { case: 'a directory given as --out, written `dir/.`', args: ['run', scenario, '--out', `${outDir}/.`], message: `error: cannot write ${outDir}/.: it is a folder\n` },
    { case: 'a missing folder', args: ['run', scenario, '--out', join(dir, 'nope', 'x.json')], message: `error: cannot write ${join(dir, 'nope', 'x.json')}: no such folder\n` },
  ])('a write failure ($case): exit 1, one line, a stack only with --debug', ({ args, message }) => {
    const plain = spawnCli(args);
    expect(plain.code).toBe(EXIT.failure);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toBe(message);
    expect(plain.stderr).not.toMatch(STACK);

    const debug = spawnCli([...args, '--debug']);
    expect(debug.code).toBe(EXIT.failure);
    expect(debug.stderr.startsWith(message)).toBe(true);
    expect(debug.stderr).toMatch(STACK);
    expect(debug.stderr).not.toContain(DEBUG_HINT);
  });

  /** Runs the binary in a folder deleted under the shell: cd into it, delete it, then run (spawnSync's cwd must exist, so a shell does it). */
  const inDeletedFolder = (args: string[]) => {
    const gone = mkdtempSync(join(dir, 'gone-'));
    const r = spawnSync('sh', ['-c', 'cd "$1" && rmdir "$1" && shift && exec "$@"', 'sh', gone, process.execPath, BIN, ...args], { encoding: 'utf8', env: { ...process.env, PWD: gone } });
    return { ...r, gone };
  };
  // A working folder deleted under the shell: process.cwd() throws (ENOENT uv_cwd) as yargs loads, and every command
  // printed Node's stack, exit 1 (hostile sweep 34). Now one line naming the folder (the shell's PWD), exit 1.
  it.each([
    { case: 'a command that reads no file', args: ['flops', 'gpt2'] },
    { case: 'a scenario by its absolute path', args: ['run', scenario] },
    { case: 'a command with --help and a file', args: ['run', scenario, '--help'] },
  ])('a deleted working folder ($case): exit 1, one line, no stack', ({ args }) => {
    const r = inDeletedFolder(args);
    expect(r.status).toBe(EXIT.failure);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: cannot read the working folder (${r.gone}): it no longer exists (deleted or moved)\n  hint: cd to a folder that exists and run again\n`);
  });
  // --help and --version read no file: they answered with the refusal above (closing34), and now answer as anywhere else.
  it.each([{ args: ['--version'] }, { args: ['--help'] }, { args: ['-h'] }, { args: ['run', '--help'] }, { args: ['plan', '-h', '--version'] }])('a deleted working folder: $args answers, exit 0', ({ args }) => {
    const r = inDeletedFolder(args);
    const here = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout).not.toBe('');
    expect(r.stdout).toBe(here.stdout);
  });

  // The launcher runs before the bundle loads, so it writes escape.ts's control class out and LIMITS.pathChars as a number:
  // held alike here (review34: it had left out U+061C, U+200E and U+200F, and printed a folder named with one raw).
  it("the launcher's guard on the folder's name is escape.ts's control class and LIMITS.pathChars", () => {
    const launcher = readFileSync(BIN, 'utf8');
    expect(launcher).toContain(`/[\\u0000-\\u001f${DEL_C1}${BIDI_LINE}${SURROGATES}]/u.test(pwd)`);
    expect(launcher).toContain(`pwd.length <= ${LIMITS.pathChars}`);
  });

  it.each([
    { case: 'a model file that is a directory', args: ['flops', modelDir], stderr: `error: ${modelDir}: model file is a directory, not a regular file\n${NOT_REGULAR}`, debug: true },
    { case: 'a scenario that is a directory', args: ['run', outDir], stderr: `error: ${outDir}: scenario is a directory, not a regular file\n${NOT_REGULAR}` },
    { case: 'a missing scenario', args: ['run', join(dir, 'nope.yaml')], stderr: `error: ${join(dir, 'nope.yaml')}: cannot read scenario: no such file\n` },
    { case: 'a file given as --hardware-dir', args: ['run', scenario, '--hardware-dir', notADir], stderr: `error: ${notADir}: --hardware-dir: not a folder\n  hint: give a folder of <id>.yaml profile files\n` },
    { case: 'a missing --hardware-dir', args: ['run', scenario, '--hardware-dir', join(dir, 'nope')], stderr: `error: ${join(dir, 'nope')}: --hardware-dir: hardware folder not found\n  hint: give a folder of <id>.yaml profile files\n` },
    { case: 'a symbolic link loop as a model file', args: ['flops', loop], stderr: `error: ${loop}: cannot read model file: too many symbolic links\n` },
    { case: 'a symbolic link loop as --hardware-dir', args: ['run', scenario, '--hardware-dir', loop], stderr: `error: ${loop}: --hardware-dir: cannot read the folder: too many symbolic links\n  hint: give a folder of <id>.yaml profile files\n` },
    { case: 'a file in the --hardware-dir path', args: ['run', scenario, '--hardware-dir', join(notADir, 'x')], stderr: `error: ${join(notADir, 'x')}: --hardware-dir: cannot read the folder: a part of the path is not a folder\n  hint: give a folder of <id>.yaml profile files\n` },
    // it was passed over in silence, so a profile in it would have been 'unknown GPU'
    { case: 'a hardware-profiles/ loop next to the scenario', args: ['run', loopedScenario], stderr: `error: ${join(loopedDir, 'hardware-profiles')}: cannot read the folder: too many symbolic links\n  hint: give a folder of <id>.yaml profile files\n` },
    // echoed cut past PATH_MAX, as no real path is (the 5,000 characters were printed whole)
    { case: 'a scenario path too long', args: ['run', join(dir, 'a'.repeat(5_000))], stderr: `error: ${join(dir, 'a'.repeat(5_000)).slice(0, LIMITS.pathChars)}… (${join(dir, 'a'.repeat(5_000)).length} characters): cannot read scenario: the path or a name in it is too long\n` },
    { case: 'a bad value', args: ['run', writeFile(dir, 'bad.yaml', GOOD.replace('count: 1024', 'count: 10.5'))], stderr: `error: ${join(dir, 'bad.yaml')}:7:3: cluster.count: expected an integer, found 10.5\n` },
    { case: 'a suffixed sequence length', args: ['run', writeFile(dir, 'seq.yaml', GOOD.replace('tokens: 300B', 'tokens: 300B\n  seq_len: 128k'))], stderr: `error: ${join(dir, 'seq.yaml')}:5:3: training.seq_len: \`128k\` is ambiguous in a sequence length: 128,000 (k = 1,000) or 131,072 (128 × 1,024, what a "128K context" means)\n  hint: write the number: 131072 or 128000\n` },
    { case: 'an unknown command', args: ['flop', 'gpt2'], stderr: 'error: unknown command `flop`\n  hint: did you mean `flops`?\n' },
    { case: 'a bad option value', args: ['run', scenario, '--format', 'xml'], stderr: 'error: --format: expected one of table, json, csv, markdown, found "xml"\n  hint: run with --help for usage\n' },
  ])('invalid input or usage ($case): exit 2, the same one-error format, no stack', ({ args, stderr, debug: withDebug }) => {
    const r = spawnCli(args);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
    expect(r.stderr).toMatch(ONE_ERROR);
    if (!withDebug) return;
    // --debug changes only what is printed: same exit code, same first line, then the stack.
    const debug = spawnCli([...args, '--debug']);
    expect(debug.code).toBe(EXIT.usage);
    expect(debug.stderr.startsWith(stderr)).toBe(true);
    expect(debug.stderr).toMatch(STACK);
  });

  // yargs's own usage errors get the same "did you mean" as unknown models and GPUs (src/input/suggest.ts).
  it.each([
    { case: 'a misspelt option', args: ['flops', 'gpt2', '--tokns', '1T'], stderr: 'error: Unknown argument: tokns\n  hint: did you mean `--tokens`?\n' },
    { case: 'a misspelt switch (listed twice by yargs: "tp-comm-overlapp, tpCommOverlapp"; once now)', args: ['plan', '--model', 'gpt2', '--tp-comm-overlapp'], stderr: 'error: Unknown argument: tp-comm-overlapp\n  hint: did you mean `--tp-comm-overlap`?\n' },
    { case: 'a misspelt choice', args: ['flops', 'gpt2', '--attention', 'caual'], stderr: 'error: --attention: expected one of full, causal, found "caual"\n  hint: did you mean `causal`?\n' },
    // A switch where a choice goes, told as a file's `recompute: true` is (review34: it was 'run with --help').
    { case: 'a switch for a choice', args: ['plan', '--model', 'gpt2', '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '64', '--recompute', 'true'], stderr: 'error: --recompute: expected one of none, selective, full, found "true"\n  hint: a choice goes here, not a switch: `true` is `full` (every layer recomputed, as activation checkpointing switched on does)\n' },
    { case: 'a misspelt positional choice', args: ['schema', 'scenari'], stderr: 'error: flopcast schema <kind>: expected one of scenario, hardware, model, found "scenari"\n  hint: did you mean `scenario`?\n' },
    { case: 'a misspelt --sort', args: ['run', scenario, '--sort', 'cots'], stderr: 'error: --sort: expected one of cost, time, energy, found "cots"\n  hint: did you mean `cost`?\n' },
    { case: 'an option nothing is near', args: ['flops', 'gpt2', '--xyzzy'], stderr: 'error: Unknown argument: xyzzy\n  hint: run with --help for usage\n' },
  ])('usage error with a near name ($case): exit 2, the name meant in the hint', async ({ args, stderr }) => {
    const r = await runCli(args);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
  });

  // An argument is echoed as a name is (src/input/name.ts shownWords, shownName): one of 100,000
  // characters was printed whole by yargs' messages and by flopcast's own usage errors.
  const LONG = 'a'.repeat(100_000);
  const CUT = `${'a'.repeat(256)}… (100000 characters)`;
  it.each([
    { case: 'a choice', args: ['run', scenario, '--sort', LONG], stderr: `error: --sort: expected one of cost, time, energy, found "${CUT}"\n  hint: run with --help for usage\n` },
    { case: 'a positional choice', args: ['schema', LONG], stderr: `error: flopcast schema <kind>: expected one of scenario, hardware, model, found "${CUT}"\n  hint: run with --help for usage\n` },
    { case: 'an unknown option', args: ['flops', 'gpt2', `--${LONG}`], stderr: `error: Unknown argument: ${CUT}\n  hint: run with --help for usage\n` },
    { case: 'a switch given a word', args: ['run', scenario, `--json=${LONG}`], stderr: `error: --json is a switch: expected true or false, found "${CUT}"\n  hint: write --json, or --no-json\n` },
    { case: 'a port', args: ['ui', '--port', LONG], stderr: `error: --port must be an integer from 0 to 65535, found "${CUT}"\n  hint: run with --help for usage\n` },
    { case: 'a model state', args: ['plan', '--model', 'gpt2', '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '8', '--model-state', LONG], stderr: `error: --model-state: expected field=dtype pairs separated by commas, found "${CUT}"\n  hint: e.g. moments=bf16,gradients=bf16\n` },
  ])('an argument of 100,000 characters ($case): exit 2, echoed cut', async ({ args, stderr }) => {
    const r = await runCli(args);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
  });

  // yargs' "Not enough non-option arguments" named neither the command nor what it takes.
  it.each([
    { args: ['flops'], stderr: 'error: flopcast flops: missing its argument\n  hint: `flopcast flops --help` shows what it takes, with examples\n' },
    { args: ['run', '--json'], stderr: 'error: flopcast run: missing its argument\n  hint: `flopcast run --help` shows what it takes, with examples\n' },
    { args: ['report'], stderr: 'error: flopcast report: missing its argument\n  hint: `flopcast report --help` shows what it takes, with examples\n' },
  ])('a command without its argument ($args): exit 2, the command named and its help pointed to', async ({ args, stderr }) => {
    const r = await runCli(args);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
  });

  it('success is exit 0 with nothing on stderr', () => {
    const r = spawnCli(['run', scenario, '--json']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toBe('');
  });
});

describe('reportError: the single format', () => {
  const report = (err: unknown, debug = false) => {
    let text = '';
    const code = reportError(err, debug, (s) => void (text += s));
    return { code, text };
  };

  it('InputError: `error: file:line:col: key.path: message` then the hint; exit 2', () => {
    const e = new InputError('expected an integer, found 10.5', { file: 's.yaml', line: 7, col: 3, keyPath: 'cluster.count', hint: 'GPUs come whole' });
    expect(report(e)).toEqual({ code: 2, text: 'error: s.yaml:7:3: cluster.count: expected an integer, found 10.5\n  hint: GPUs come whole\n' });
    expect(report(e, true).text).toMatch(STACK);
  });

  it('a thrown non-Error value still prints one error and exits 1', () => {
    expect(report('boom')).toEqual({ code: 1, text: 'error: boom\n' + DEBUG_HINT });
    expect(report(undefined)).toEqual({ code: 1, text: 'error: undefined\n' + DEBUG_HINT });
  });

  // Hostile sweep 30: no file descriptor left is no fault of the input and no bug: exit 1, the cause named with what to do,
  // wherever it struck (yargs reading its locale, a listen, a read): it was 'run with --debug for a stack trace', and a
  // read that failed so 'cannot read file: EMFILE' as invalid input (exit 2).
  const errno = (message: string, code: string) => Object.assign(new Error(message), { code });
  it.each([
    { what: 'EMFILE anywhere', err: errno("EMFILE: too many open files, open '/x/locales/C.json'", 'EMFILE'), text: "error: EMFILE: too many open files, open '/x/locales/C.json'\n  hint: " + DESCRIPTORS_HINT + '\n' },
    { what: 'ENFILE anywhere', err: errno('listen ENFILE: file table overflow 127.0.0.1', 'ENFILE'), text: 'error: listen ENFILE: file table overflow 127.0.0.1\n  hint: ' + DESCRIPTORS_HINT + '\n' },
    { what: 'a read out of descriptors', err: new ResourceError('s.yaml: cannot read scenario: too many open files (EMFILE)', DESCRIPTORS_HINT), text: 'error: s.yaml: cannot read scenario: too many open files (EMFILE)\n  hint: ' + DESCRIPTORS_HINT + '\n' },
    { what: 'another errno keeps the debug hint', err: errno('EIO: i/o error', 'EIO'), text: 'error: EIO: i/o error\n' + DEBUG_HINT },
  ])('$what: exit 1', ({ err, text }) => {
    expect(report(err)).toEqual({ code: 1, text });
    expect(report(err, true).text).toMatch(STACK);
  });

  it('multi-line messages are folded into one line', () => {
    expect(report(new UsageError('Invalid values:\n  Argument: x, Given: 1')).text).toBe('error: Invalid values: Argument: x, Given: 1\n  hint: run with --help for usage\n');
    expect(report(new Error('first\nsecond')).text).toBe('error: first; second\n' + DEBUG_HINT);
  });

  it('in process, too: a write failure has no stack without --debug', async () => {
    const r = await runCli(['run', scenario, '--out', outDir]);
    expect(r.code).toBe(1);
    expectOneError(r.stderr);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect((await runCli(['run', scenario, '--out', outDir, '--debug'])).stderr).toMatch(STACK);
  });
});

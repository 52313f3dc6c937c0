/** Runs one command module in-process with the global options main.ts defines (--json, --out). */
import yargs, { type Argv } from 'yargs';
import { reportError } from '../../src/cli/errors.js';
import { resetInputsRead } from '../../src/cli/load/files.js';
import type { Io } from '../../src/cli/output.js';

export async function runCommand(register: (y: Argv, io: Io) => Argv, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // One invocation's inputs, as main.ts forgets them at the start of each: the files earlier runs in this worker read (the
  // suite shares module graphs: vitest.config.ts isolate false) stayed inputs by device and inode, and a chart written
  // where a deleted one's inode was reused was refused as 'refusing to overwrite an input file' (a flaky report row).
  resetInputsRead();
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), color: false };
  const y = yargs(args)
    .option('json', { type: 'boolean', default: false })
    .option('out', { type: 'string' })
    .strict()
    .exitProcess(false)
    .fail((message, err) => {
      throw err ?? new Error(message);
    });
  try {
    await register(y, io).parseAsync();
    return { code: 0, stdout, stderr };
  } catch (err) {
    return { code: reportError(err, false, (s) => void (stderr += s)), stdout, stderr };
  }
}

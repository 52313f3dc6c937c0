/**
 * Exit codes and the single error format: 2 for invalid input or usage, 1 for anything else.
 * Every error is one `error: [file[:line:col]: ][key.path: ]message` line and at most one
 * `  hint: ...` line. A stack trace is printed only with --debug. Messages go through the terminal
 * layer (src/report/escape.ts): a name or path with control characters cannot act on the terminal.
 */
import { InputError } from '../input/errors.js';
import { shownWords } from '../input/name.js';
import { terminalLine } from '../report/escape.js';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** A failure to write output (a full disk, a missing folder): exit 1, one line, no stack trace. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/**
 * The machine ran out of what a command needs, through no fault of the input (no file descriptor left: EMFILE,
 * ENFILE): exit 1, one line naming the cause and a hint, no stack trace. A read that failed so was told 'cannot read
 * file: EMFILE' as invalid input (exit 2); `ui` under the limit served nothing, silently (hostile sweep 30).
 */
export class ResourceError extends Error {
  override readonly name = 'ResourceError';
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** What a failure that ran out of file descriptors is told as (EMFILE: this process's limit, ENFILE: the system's); undefined for any other. */
export function descriptorsExhausted(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EMFILE' ? 'too many open files (EMFILE)' : code === 'ENFILE' ? 'too many open files in the system (ENFILE)' : undefined;
}

/** The hint beside {@link descriptorsExhausted}'s message. */
export const DESCRIPTORS_HINT = 'the limit on open files is reached: raise it (`ulimit -n 4096` in the shell that runs flopcast) or close programs holding files open';

/**
 * A command that ran and printed its answer, which is that nothing meets the request (`plan` with no layout
 * that fits): exit 1 after its output, so `flopcast plan … && launch` stops; one line on stderr.
 */
export class UnmetError extends Error {
  override readonly name = 'UnmetError';
  /** What to change, as an input error's hint (plan's --json output holds no "to fit" line). */
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

export function reportError(err: unknown, debug: boolean, rawWrite: (s: string) => void, color = false): number {
  // On a terminal (and without NO_COLOR) the leading `error:` is red; nothing else changes.
  const write = color ? (s: string) => rawWrite(s.replace(/^error:/, '\x1b[31merror:\x1b[0m')) : rawWrite;
  const hintLine = (hint: string | undefined) => (hint ? `  hint: ${terminalLine(hint)}\n` : '');
  if (err instanceof InputError) {
    write(`error: ${terminalLine(err.located())}\n` + hintLine(err.details.hint));
    if (debug && err.stack) write(err.stack + '\n');
    return EXIT.usage;
  }
  if (err instanceof UsageError || (err instanceof Error && err.name === 'YError')) {
    write(`error: ${terminalLine(oneLine(shownWords(err.message)))}\n` + hintLine((err as UsageError).hint ?? 'run with --help for usage'));
    return EXIT.usage;
  }
  if (err instanceof OutputError || err instanceof UnmetError || err instanceof ResourceError) {
    write(`error: ${terminalLine(err.message)}\n` + hintLine(err.hint));
    if (debug && err.stack) write(err.stack + '\n');
    return EXIT.failure;
  }
  const message = err instanceof Error ? err.message : String(err);
  // No descriptor left, wherever it struck (yargs reading its locale, a listen): the cause named and what to do, not
  // '--debug for a stack trace' (hostile sweep 30).
  if (descriptorsExhausted(err) !== undefined) {
    write(`error: ${terminalLine(oneLine(message))}\n` + hintLine(DESCRIPTORS_HINT));
    if (debug && err instanceof Error && err.stack) write(err.stack + '\n');
    return EXIT.failure;
  }
  write(`error: ${terminalLine(oneLine(message))}\n`);
  if (debug && err instanceof Error && err.stack) write(err.stack + '\n');
  else write('  hint: run with --debug for a stack trace\n');
  return EXIT.failure;
}

/** yargs writes some messages over several lines ("Invalid values:\n  Argument: ..."); keep one. */
function oneLine(message: string): string {
  return message.trim().replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ');
}

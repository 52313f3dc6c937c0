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
}

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
  if (err instanceof OutputError || err instanceof UnmetError) {
    write(`error: ${terminalLine(err.message)}\n` + hintLine(err instanceof UnmetError ? err.hint : undefined));
    if (debug && err.stack) write(err.stack + '\n');
    return EXIT.failure;
  }
  const message = err instanceof Error ? err.message : String(err);
  write(`error: ${terminalLine(oneLine(message))}\n`);
  if (debug && err instanceof Error && err.stack) write(err.stack + '\n');
  else write('  hint: run with --debug for a stack trace\n');
  return EXIT.failure;
}

/** yargs writes some messages over several lines ("Invalid values:\n  Argument: ..."); keep one. */
function oneLine(message: string): string {
  return message.trim().replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ');
}

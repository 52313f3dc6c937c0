/** Where command output goes: stdout (data only) or --out FILE. Diagnostics go to stderr. */
import { writeFileSync } from 'node:fs';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /**
   * Colour for diagnostics on stderr: only on a terminal, and never when NO_COLOR is set
   * (https://no-color.org). Data on stdout is never coloured, so it can be piped and diffed.
   */
  color: boolean;
}

export function processIo(): Io {
  const color = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  return { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), color };
}

export function emit(io: Io, text: string, out?: string): void {
  const body = text.endsWith('\n') ? text : text + '\n';
  if (out) {
    writeFileSync(out, body);
    io.stderr(`wrote ${out}\n`);
  } else io.stdout(body);
}

/** JSON with stable key order as built, two-space indent. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

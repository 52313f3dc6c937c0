/**
 * Where command output goes: stdout (data only) or --out FILE. Diagnostics go to stderr.
 *
 * Everything printed passes through the terminal layer (src/report/escape.ts), so no control
 * character but the newline leaves flopcast. A file is written to a temporary file in the same
 * folder and renamed over the target, so a failed write never leaves half a file, never onto a
 * file this invocation read (compared by real path, and as the same file: a hard link) nor a file of a catalog folder
 * it looks ids up in (hardware profiles, model presets), and never over a device, FIFO or socket. A closed stdout pipe (EPIPE: `| head -1`)
 * ends the process quietly with exit 0; any other write error exits 1 with one line.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readlinkSync, realpathSync, renameSync, rmSync,  writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../input/errors.js';
import { LIMITS } from '../input/limits.js';
import { jsonText, terminalLine, terminalText } from '../report/escape.js';
import { DESCRIPTORS_HINT, descriptorsExhausted, OutputError } from './errors.js';
import { catalogFileKind, fileIdentity, inputsRead, noteStdinRead, STDIN_ARG } from './load/files.js';
import { isFolder, kindOf, statOf, tildeHint, unreadableWhy } from './load/paths.js';
import { shownPath } from '../input/name.js';
import { int } from '../report/format.js';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /**
   * Colour for diagnostics on stderr: only on a terminal, and never when NO_COLOR is set
   * (https://no-color.org). Data on stdout is never coloured, so it can be piped and diffed.
   */
  color: boolean;
  /** Standard input, for `run -` and `report -` (a function: process.stdin is created on first use). */
  stdin?: () => AsyncIterable<Uint8Array | string>;
}

let streamsGuarded = false;

/** What a failed write to stdout does: EPIPE -> exit 0, silently; anything else -> one line, exit 1. */
export function onStdoutError(err: NodeJS.ErrnoException, writeErr: (s: string) => void, exit: (code: number) => void): void {
  if (err.code === 'EPIPE') return exit(0);
  writeErr(`error: cannot write to standard output: ${err.code ?? err.message}\n`);
  exit(1);
}

export function processIo(): Io {
  if (!streamsGuarded) {
    streamsGuarded = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => onStdoutError(err, (s) => void process.stderr.write(s), (code) => process.exit(code)));
    // Nothing useful can be said about a failing stderr; do not crash on it.
    process.stderr.on('error', () => {});
  }
  const color = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  const stdin = () => {
    noteStdinRead();
    return process.stdin;
  };
  return { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), color, stdin };
}

/**
 * A warning on stderr, one line through the terminal layer: what it quotes may come from a user's file
 * (a provider's name in a hardware profile), and budget printed it raw, escape sequences and all.
 */
export function warn(io: Io, text: string): void {
  io.stderr(`warning: ${terminalLine(text)}\n`);
}

/** Output bytes are capped like inputs: refused before anything is written. */
function checkSize(body: string): void {
  const bytes = Buffer.byteLength(body);
  if (bytes > LIMITS.outputBytes) {
    throw new InputError(`the output would be ${int(bytes)} bytes; the limit is ${int(LIMITS.outputBytes)}`, { hint: 'fewer matrix combinations or files per run' });
  }
}

export function emit(io: Io, text: string, out?: string): void {
  const body = terminalText(text.endsWith('\n') ? text : text + '\n');
  checkSize(body);
  if (out && out !== STDIN_ARG) {
    writeOutput(out, body);
    io.stderr(`wrote ${terminalLine(out)}\n`);
  } else io.stdout(body);
}

/** The real path a write to `path` would land on (the file may not exist yet). */
function landingPath(path: string): string {
  const abs = resolve(path);
  try {
    return existsSync(abs) ? realpathSync(abs) : join(realpathSync(dirname(abs)), basename(abs));
  } catch {
    return abs;
  }
}

/**
 * Refuses an output path that is one of this invocation's inputs: by its real path, or as the same file
 * (a hard link to the scenario: `run s.yaml --out h.yaml` replaced h.yaml, the link to s.yaml broken).
 */
function checkNotInput(path: string): void {
  const { paths, ids } = inputsRead();
  const st = statOf(path);
  if (paths.has(landingPath(path)) || (st !== undefined && ids.has(fileIdentity(st)))) {
    throw new InputError('refusing to overwrite an input file', { file: path, keyPath: '--out', hint: 'write the output to another file' });
  }
  const catalogFile = st?.isFile() ? catalogFileKind(landingPath(path)) : undefined;
  if (catalogFile !== undefined) {
    throw new InputError(`refusing to overwrite a ${catalogFile} in a folder this command reads ${catalogFile}s from`, { file: path, keyPath: '--out', hint: 'write the output to another file' });
  }
}

/**
 * Refuses an output path that is a symbolic link, device, FIFO or socket: the rename below would replace
 * it with a file (run as root, `--out /dev/null` replaced the system's /dev/null), and a FIFO could block.
 * A folder is refused as its write would fail on it (exit 1, "it is a folder").
 */
function checkTarget(path: string): void {
  // The rename replaces a symbolic link itself, not what it points to: `--out /dev/stdout` with stdout
  // redirected to a file (the link then leads to a regular file) replaced the system's /dev/stdout
  // link with a file, run as root; a user's link.json became a copy, its target left as it was.
  let link: string | undefined;
  try {
    if (lstatSync(path).isSymbolicLink()) link = readlinkSync(path);
  } catch {
    // nothing there yet, or not a link
  }
  if (link !== undefined) {
    throw new InputError(`the output path is a symbolic link (to ${terminalLine(link)}): writing would replace the link, not its target`, { file: path, keyPath: '--out', hint: 'give the file it points to; for standard output, leave out --out' });
  }
  const st = statOf(path);
  // A trailing slash names a folder: `--out nodir/` wrote a temporary file beside it, then failed to rename
  // it there, told as 'a part of its folder is a file' (exit 1). An existing folder is refused below.
  if (/[\\/]$/.test(path) && !st?.isDirectory()) {
    throw new InputError('the output path ends with a slash, which names a folder', { file: path, keyPath: '--out', hint: 'give a file name, such as out.json' });
  }
  if (st && !st.isFile() && !st.isDirectory()) {
    throw new InputError(`the output path is ${kindOf(st)}, not a regular file`, { file: path, keyPath: '--out', hint: 'give a file name; to discard the output, leave out --out and redirect standard output' });
  }
  // A folder fails as its write would (exit 1), but here, before anything is written: report's Markdown onto a folder
  // wrote its charts into FOLDER-assets/ first, and left them there when the report itself failed.
  if (st?.isDirectory()) throw new OutputError(`cannot write ${shownPath(path)}: it is a folder`);
}

/** Every refusal of an output path, before anything is written (report checks its chart files' too). */
export function checkOutput(path: string): void {
  checkNotInput(path);
  checkTarget(path);
}

/** Writes a file whole or not at all: a temporary file in the same folder, renamed over the target. */
export function writeOutput(path: string, body: string | Uint8Array): void {
  checkOutput(path);
  const tmp = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, body, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (err) {
    removeTemporary(tmp);
    // A name the file system cannot hold is the path's fault, as when reading ('ENAMETOOLONG' was printed as the reason, exit 1).
    if ((err as NodeJS.ErrnoException).code === 'ENAMETOOLONG') throw new InputError(unreadableWhy(err, 'the output path'), { file: path, keyPath: '--out' });
    throw new OutputError(`cannot write ${shownPath(path)}: ${writeFailure(path, err as NodeJS.ErrnoException)}`, descriptorsExhausted(err) && DESCRIPTORS_HINT);
  }
}

/** The temporary file of a failed write, if it was made (with a file in the path, `rm -f` itself fails: ENOTDIR). */
function removeTemporary(tmp: string): void {
  try {
    rmSync(tmp, { force: true });
  } catch {
    // nothing was made there
  }
}

/**
 * The folder an output goes into beside it (report's `NAME-assets/`): made inside the output's own
 * folder, never with missing parents (`--out missing/r.md` is refused as any other output there),
 * and kept when it is already a folder. A failure is one line and exit 1, as for a file.
 */
export function makeOutputFolder(path: string): void {
  try {
    mkdirSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EEXIST' && statOf(path)?.isDirectory()) return;
    throw new OutputError(`cannot write ${shownPath(path)}: ${e.code === 'EEXIST' ? 'it is a file, not a folder' : writeFailure(path, e)}`, descriptorsExhausted(e) && DESCRIPTORS_HINT);
  }
}

/**
 * Why a write failed, from what the path is rather than the error code alone: renaming onto `.`
 * fails with EBUSY and onto another folder with EISDIR, and a folder that refuses new files
 * (/proc) gives ENOENT although it exists.
 */
function writeFailure(path: string, e: NodeJS.ErrnoException): string {
  if (isFolder(path)) return 'it is a folder';
  if (e.code === 'ENOENT') return isFolder(dirname(resolve(path))) ? 'its folder does not accept new files' : `no such folder${tildeHint(path) ? ` (${tildeHint(path)})` : ''}`;
  if (e.code === 'ENOTDIR') return 'a part of its folder is a file, not a folder';
  if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') return `permission denied (${e.code})`;
  const exhausted = descriptorsExhausted(e);
  if (exhausted !== undefined) return exhausted;
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT') return e.code === 'ENOSPC' ? 'no space left on the device' : 'over the disk quota';
  return e.code ?? e.message;
}

/** JSON with stable key order as built, two-space indent (the JSON layer of src/report/escape.ts). */
export function json(value: unknown): string {
  return jsonText(value);
}

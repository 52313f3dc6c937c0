/**
 * Reading user files: the only place that turns a path (or standard input) into text, with errors
 * a user can act on. Every input - scenarios, model YAML, config.json, hardware profiles, the
 * validation set - comes through {@link readInputBytes}, so the same rules hold everywhere:
 *
 * - regular files only: a device (/dev/zero), FIFO, socket or folder is refused by what the opened
 *   file descriptor is (fstat), not by what the path looked like before opening it;
 * - a symbolic link is followed, and its target must be a regular file, under the same cap;
 * - the byte cap is enforced while reading, in chunks, never trusting the size the file system
 *   reports (0 for devices and FIFOs, and a file may grow while it is read);
 * - the bytes must be UTF-8 (a leading byte-order mark is dropped).
 *
 * Every file read is remembered (by real path, and by device and inode) so that `--out` can refuse to
 * overwrite an input, under any of its names. What a path is before it is read, and the hints for one that names
 * nothing: paths.ts.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../../input/errors.js';
import { shownPath } from '../../input/name.js';
import { DESCRIPTORS_HINT, descriptorsExhausted, ResourceError } from '../errors.js';
import { LIMITS } from '../../input/limits.js';
import { notUtf8, wideEncoding } from '../../input/utf8.js';
import { weightsFileProblem } from '../../input/weightsFile.js';
import { int } from '../../report/format.js';
import { listed } from '../../input/listed.js';
import { kindOf, notFoundHint, unreadableWhy, yamlFileNames } from './paths.js';

const CHUNK_BYTES = 64 * 1024;
const read = new Set<string>();
/** The same files by device and inode: a hard link to an input has another real path. */
const readIds = new Set<string>();
/**
 * The bytes read, by real path: what a report names as its inputs, by their SHA-256 (not a second read). Hashed when a
 * report asks (hashRead): only `report` names its inputs, and hashing at each read loaded node:crypto in every command.
 */
const readBytes = new Map<string, Buffer>();

/**
 * Folders whose files are a catalog this invocation reads by id (hardware profiles: the bundled folder and the user's;
 * the bundled model presets), by what their files are, though it opens only the files it uses: `run s.yaml
 * --hardware-dir hw --out hw/t4.yaml` replaced a profile of the folder with the run's table, as it was no file read
 * (hostile sweep 21).
 */
const catalogFolders = new Map<string, string>();

/** Forgets the files read (the CLI calls this at the start of each invocation). */
export function resetInputsRead(): void {
  read.clear();
  readIds.clear();
  readBytes.clear();
  catalogFolders.clear();
}

/** Notes a folder of catalog files this invocation looks `what` up in by id (`hardware profile`: cli/load/hardware.ts; `model preset`: model.ts). */
export function noteCatalogFolder(dir: string, what: string): void {
  catalogFolders.set(dir, what);
}

/** What `realPath` (a file's real path) is when it is a file of a catalog folder noted (a YAML file directly in one): `hardware profile`. */
export function catalogFileKind(realPath: string): string | undefined {
  if (yamlFileNames([realPath.slice(dirname(realPath).length + 1)]).length === 0) return undefined;
  const dir = dirname(realPath);
  for (const [folder, what] of catalogFolders) if (realPathOf(folder) === dir) return what;
  return undefined;
}

/** The SHA-256 of `body` in hex: how a report names each input (hashRead, report.ts reportInputs, the library's report). */
export const sha256Hex = (body: string | Uint8Array): string => createHash('sha256').update(body).digest('hex');

/**
 * The SHA-256 (hex) of the bytes this invocation read from `path`, or undefined if it read none. A report
 * hashed its inputs by reading them again, after the numbers were computed: a file changed in between
 * was named by bytes the numbers did not come from, and one deleted in between failed the report.
 */
export function hashRead(path: string): string | undefined {
  const bytes = readBytes.get(realPathOf(path));
  return bytes === undefined ? undefined : sha256Hex(bytes);
}

function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** What names a file whatever path leads to it: its device and inode. */
export function fileIdentity(st: Stats): string {
  return `${st.dev}:${st.ino}`;
}

/**
 * Standard input, when it is a file (`run - < s.yaml`), is one of this invocation's inputs: `run - --out s.yaml
 * < s.yaml` replaced the scenario it had read with its output. Its identity joins the files read; a pipe or a
 * terminal is no file to overwrite.
 */
export function noteStdinRead(): void {
  try {
    const st = fstatSync(0);
    if (st.isFile()) readIds.add(fileIdentity(st));
  } catch {
    // no standard input (closed): nothing to protect
  }
}

/** The real paths of every file read in this invocation, and the files themselves (fileIdentity). */
export function inputsRead(): { paths: ReadonlySet<string>; ids: ReadonlySet<string> } {
  return { paths: read, ids: readIds };
}

/** Standard input by its path (`cat s.yaml | flopcast run /dev/stdin`): a pipe, which `-` reads. */
const STDIN_PATHS = ['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0'];

function notRegular(st: Stats, what: string, path: string): InputError {
  const stdin = STDIN_PATHS.includes(path) && !st.isDirectory();
  const hint = !stdin ? 'give a regular file; devices, FIFOs, sockets and folders are refused'
    : what === 'scenario' ? `standard input is read as \`-\`: flopcast ${listed(STDIN_READERS, 'or')}`
    : `only a scenario is read from standard input (as \`-\`): save the ${what.replace(/ file$/, '')} to a file and give its path`;
  return new InputError(`${what} is ${kindOf(st)}, not a regular file`, { file: path, hint });
}

function openError(err: unknown, what: string, path: string): InputError | ResourceError {
  // No descriptor left is no fault of the file: exit 1, named as such (it was 'cannot read file: EMFILE', exit 2).
  const exhausted = descriptorsExhausted(err);
  if (exhausted !== undefined) return new ResourceError(`${shownPath(path)}: cannot read ${what}: ${exhausted}`, DESCRIPTORS_HINT);
  const hint = (err as NodeJS.ErrnoException).code === 'ENOENT' ? notFoundHint(path) : undefined;
  return new InputError(`cannot read ${what}: ${unreadableWhy(err)}`, { file: path, ...(hint ? { hint } : {}) });
}

/** The bytes of a regular file, at most LIMITS.inputBytes of them. */
export function readInputBytes(path: string, what = 'file'): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer (it is refused below).
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    // A socket cannot be opened at all (ENXIO): still say what it is.
    let st: Stats | undefined;
    try {
      st = statSync(path);
    } catch {
      // fall through to the open error
    }
    if (st && !st.isFile()) throw notRegular(st, what, path);
    throw openError(err, what, path);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(st, what, path);
    const bytes = readCapped((buf, max) => readSync(fd, buf, 0, max, null), what, path);
    readIds.add(fileIdentity(st));
    const real = realPathOf(path);
    read.add(real);
    readBytes.set(real, bytes);
    return bytes;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw openError(err, what, path);
  } finally {
    closeSync(fd);
  }
}

/** Reads chunks until the source ends or the cap is crossed (one byte past it is enough to know). */
function readCapped(next: (buf: Buffer, max: number) => number, what: string, file: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  for (;;) {
    const n = next(buf, Math.min(CHUNK_BYTES, LIMITS.inputBytes + 1 - total));
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    total += n;
    if (total > LIMITS.inputBytes) throw tooLarge(what, file, chunks[0]);
  }
  return Buffer.concat(chunks, total);
}

/** `first`: the file's first bytes, which name model weights (a GGUF or safetensors file is gigabytes) for what they are. */
function tooLarge(what: string, file: string, first?: Uint8Array): InputError {
  const weights = first && weightsFileProblem(first, what);
  if (weights) return new InputError(weights.message, { file, hint: weights.hint });
  return new InputError(`${what} has more than ${int(LIMITS.inputBytes)} bytes; the limit is ${int(LIMITS.inputBytes)}`, { file, hint: 'scenario, model and profile files are small; is this the right file?' });
}

/** UTF-8 bytes -> text, without a byte-order mark (legal UTF-8, but JSON.parse rejects it). */
function decodeText(bytes: Uint8Array, file: string, what: string): string {
  // Model weights under the cap (a small safetensors file) were refused as UTF-32 or as a byte that breaks UTF-8.
  const weights = weightsFileProblem(bytes, what);
  if (weights) throw new InputError(weights.message, { file, hint: weights.hint });
  // Valid UTF-8 may still be UTF-16 or UTF-32 without a byte-order mark (ASCII and NULs): wideEncoding reads its first bytes.
  const problem = isUtf8(bytes) ? wideEncoding(bytes) : notUtf8(bytes);
  if (problem) {
    const { message, line, col } = problem;
    throw new InputError(message, { file, ...(line !== undefined ? { line, col } : {}), hint: 'save the file as UTF-8' });
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').replace(/^\uFEFF/, '');
}

export function readText(path: string, what = 'file'): string {
  return decodeText(readInputBytes(path, what), path, what);
}

/**
 * The commands that read a scenario from standard input as `-`, as refusals of `-` elsewhere list them: `budget -`
 * reads one too, and the three lists left it out (hostile sweep 34).
 */
export const STDIN_READERS = ['run -', 'report -', 'plan -', 'budget -'];

/** The name standard input goes by in messages (`run -`, `report -`). */
export const STDIN_NAME = '<stdin>';

/**
 * A `-` argument as main() hands it to yargs, which would otherwise drop a lone `-`. It holds a NUL,
 * so no real path can be mistaken for it.
 */
export const STDIN_ARG = '\0-';

/**
 * The folder a command looks up relative model paths and a `hardware-profiles/` folder from: its input
 * file's folder; the working directory for standard input, or for a command without an input file.
 */
export function baseDirOf(file?: string): string {
  return file === undefined || file === STDIN_ARG ? process.cwd() : dirname(file);
}

/** Standard input (a scenario: run, plan, report and budget read one as `-`) as text, under the same cap and UTF-8 rule as files; stops reading at the cap. */
export async function readStdinText(stream: AsyncIterable<Uint8Array | string>): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    chunks.push(b);
    total += b.length;
    if (total > LIMITS.inputBytes) throw tooLarge('scenario', STDIN_NAME);
  }
  return decodeText(Buffer.concat(chunks, total), STDIN_NAME, 'scenario');
}

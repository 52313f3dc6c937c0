/**
 * Paths before any is read: what is at one (a regular file, a folder, an entry of any kind), why one could not be opened
 * or looked at, what one that names nothing looks like (a URL, a `~` only a shell expands), and which names of a folder
 * are YAML files. Reading a file, under the input rules, and the ledger of what was read: files.ts.
 */
import { lstatSync, opendirSync, statSync, type Dir, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { didYouMean } from '../../input/suggest.js';

/** What a path that is not a regular file is, in words (an input: files.ts; --out: src/cli/output.ts). */
export function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Why a path could not be opened or looked at, in words (the files here; hardware folders too; `path`: how the too-long message names it). */
export function unreadableWhy(err: unknown, path = 'the path'): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ELOOP' ? 'too many symbolic links' : code === 'ENOTDIR' ? 'a part of the path is not a folder'
    : code === 'ENAMETOOLONG' ? `${path} or a name in it is too long` : code ?? 'unreadable';
}

/**
 * Whether a folder holds an entry of that name, whatever it is or leads to: existsSync is false for a
 * symbolic link loop or a link to nothing, which the reader then names. A file in the path: none.
 */
export function isEntry(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/** What is at a path, following links; undefined where nothing is or it cannot be looked at (a file in the path: ENOTDIR; a name too long: ENAMETOOLONG). */
export function statOf(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** Whether a regular file is there. */
export const isFile = (path: string): boolean => statOf(path)?.isFile() ?? false;

/** Whether a folder is there (a downloaded repository, its config.json inside). */
export const isFolder = (path: string): boolean => statOf(path)?.isDirectory() ?? false;

export const FETCHES_NOTHING = 'flopcast reads files and fetches nothing';

/**
 * The hint for a path written as a URL (`https://huggingface.co/...`): nothing downloads it. A model's URL was joined
 * to the working folder (`/cwd/https:/huggingface.co/...: model file not found`), a scenario's 'no such file' alone.
 */
export function urlHint(path: string, what = 'the file'): string | undefined {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path) ? `${FETCHES_NOTHING}: download ${what} and give its path` : undefined;
}

/**
 * The hint for a path from `~` or `$VAR` that names nothing: only a shell expands them, so a model path in a file, a
 * quoted argument or `--hardware-dir=~/hw` was looked for as `./~/...`. The path meant is written out where it is known.
 */
export function tildeHint(path: string): string | undefined {
  const home = /^~([\\/].*)?$/.exec(path);
  if (home) return `\`~\` is expanded by a shell, not here: write ${join(homedir(), home[1] ?? '')}`;
  const v = /^\$(?:\{(\w+)\}|(\w+))([\\/].*)?$/.exec(path);
  if (!v) return undefined;
  const name = (v[1] ?? v[2])!;
  const value = process.env[name];
  return `\`$${name}\` is expanded by a shell, not here: write ${value ? join(value, v[3] ?? '') : 'the path itself'}`;
}

/**
 * The hint for a path that begins or ends with white space and names nothing (a paste, `" scenarios/s.yaml"`): the error
 * line prints the path unquoted, where a space before it cannot be seen (`error:  scenarios/s.yaml: cannot read scenario`).
 * The trimmed path is offered where it names something. `typed` is the path as given, `path` where it leads (a model's is
 * resolved from its scenario's folder).
 */
export function blankEndsHint(typed: string, path = typed): string | undefined {
  const trimmed = typed.trim();
  if (trimmed === typed || trimmed === '') return undefined;
  const where = typed.trimStart() === typed ? 'ends' : typed.trimEnd() === typed ? 'begins' : 'begins and ends';
  // Where the trimmed path leads from the same folder (an absolute one anywhere).
  const meant = path.endsWith(typed) ? resolve(path.slice(0, path.length - typed.length), trimmed) : undefined;
  const said = `the path ${where} with white space, which is part of the name`;
  return meant !== undefined && isEntry(meant) ? `${said}: did you mean \`${trimmed}\`?` : said;
}

/** How many names of a folder {@link nearbyNameHint} compares: a folder of a million files is no place a typo is looked for. */
const NEARBY_NAMES = 10_000;

/**
 * The name one typo from a missing file's, in its folder (`s.yml` for `s.yaml`, `confg.json` for `config.json`), written
 * as the path was (`runs/s.yml`: `runs/s.yaml`): it was 'no such file' alone. `typed` is the path as given, `path` where
 * it leads (a model's is resolved from its scenario's folder). Hidden names only for a hidden name. None in a folder of
 * more than `cap` names.
 */
export function nearbyNameHint(typed: string, path = typed, kind: 'file' | 'folder' = 'file', cap = NEARBY_NAMES): string | undefined {
  const name = basename(path);
  if (name === '' || /[\\/]$/.test(typed)) return undefined;
  const names = namesOfKind(dirname(path), kind, cap);
  if (names === undefined) return undefined;
  const hint = didYouMean(name, name.startsWith('.') ? names : names.filter((n) => !n.startsWith('.')));
  const folder = typed.slice(0, typed.length - basename(typed).length);
  return hint?.replace(/`([^`]*)`/g, (_, meant: string) => `\`${folder}${meant}\``);
}

/**
 * The names of a folder's entries of one kind (review34: `run su` was offered the folder `sub`, `--hardware-dir hwdi` a
 * file), a link by what it leads to; undefined where the folder cannot be read or holds more than `cap` entries. Read
 * one entry at a time and left at the cap: the whole listing (readdirSync) of a folder of a million names was read
 * before the cap was looked at. `open`: how the folder is opened (a test counts the entries read).
 */
export function namesOfKind(dir: string, kind: 'file' | 'folder', cap: number, open: (dir: string) => Dir = opendirSync): string[] | undefined {
  let folder: Dir | undefined;
  try {
    folder = open(dir);
    const names: string[] = [];
    for (let seen = 0, e = folder.readSync(); e !== null; seen++, e = folder.readSync()) {
      if (seen === cap) return undefined;
      const wanted = e.isSymbolicLink() ? (kind === 'file' ? isFile : isFolder)(join(dir, e.name)) : kind === 'file' ? e.isFile() : e.isDirectory();
      if (wanted) names.push(e.name);
    }
    return names;
  } catch {
    return undefined;
  } finally {
    folder?.closeSync();
  }
}

/** What a path that names nothing looks like, when it is something nothing here reads as a path (a URL, `~`, a blank at an end), or a name near one there. */
export function notFoundHint(path: string, kind: 'file' | 'folder' = 'file'): string | undefined {
  return urlHint(path) ?? tildeHint(path) ?? blankEndsHint(path) ?? nearbyNameHint(path, path, kind);
}

/**
 * The YAML files among a folder's names, the one rule of every folder flopcast reads (--hardware-dir and the
 * profiles, models and validation sets it ships): names ending `.yaml` (or `.yml` unless `yml` is false), never
 * a hidden one: `.x.yaml` and an editor's lock `.#x.yaml` (a dangling link) were read as profiles, the list
 * refused for them. Backups (`x.yaml~`, `x.yaml.bak`) end otherwise.
 */
export function yamlFileNames(names: readonly string[], { yml = true } = {}): string[] {
  return names.filter((f) => !f.startsWith('.') && (f.endsWith('.yaml') || (yml && f.endsWith('.yml'))));
}

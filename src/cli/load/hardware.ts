/**
 * Hardware profiles: the bundled hardware-profiles/, plus user folders (--hardware-dir, or a
 * hardware-profiles/ folder in the command's base folder, baseDirOf: next to the scenario, else the
 * working directory). A user profile with a bundled id replaces it.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HardwareProfile } from '../../hardware/toProfile.js';
import { parseHardwareProfile } from '../../hardware/profile.js';
import { InputError } from '../../input/errors.js';
import { DESCRIPTORS_HINT, descriptorsExhausted, ResourceError } from '../errors.js';
import { shownPath } from '../../input/name.js';
import { unknownGpuError } from '../../input/unknown.js';
import type { GpuCandidate } from '../../input/gpuNameHint.js';
import { LIMITS } from '../../input/limits.js';
import { PACKAGE_ROOT } from '../../paths.js';
import { noteCatalogFolder, readText } from './files.js';
import { isEntry, notFoundHint, unreadableWhy, yamlFileNames } from './paths.js';
import { int } from '../../report/format.js';

export const BUNDLED_HARDWARE_DIR = join(PACKAGE_ROOT, 'hardware-profiles');

/**
 * The profiles a command whose base folder (baseDirOf) is `dir` sees: the bundled ones, then a
 * `hardware-profiles/` folder in `dir` (extending or replacing them), then `hardwareDirs`
 * (--hardware-dir), later winning. Every command builds its catalog here (validate and the page's
 * data use the bundled profiles alone, on purpose).
 */
export function catalogFor(dir: string, hardwareDirs: readonly string[], keyOf: (i: number) => string = () => '--hardware-dir'): HardwareCatalog {
  if (hardwareDirs.length > LIMITS.hardwareFolders) {
    throw new InputError(`${int(hardwareDirs.length)} hardware folders; the limit is ${int(LIMITS.hardwareFolders)}`, { keyPath: keyOf(LIMITS.hardwareFolders), hint: 'gather the profiles into fewer folders' });
  }
  const nextTo = resolve(dir, 'hardware-profiles');
  // A loop or a dangling link there is named (it was passed over in silence, the profiles in it 'unknown GPU').
  const own = isEntry(nextTo) && nextTo !== resolve(BUNDLED_HARDWARE_DIR) ? [nextTo] : [];
  return new HardwareCatalog([...own.map((d) => ({ dir: d })), ...hardwareDirs.map((d, i) => ({ dir: d, key: keyOf(i) }))]);
}

/** A user folder of profiles, and what errors about it call it (`--hardware-dir`, the library's `hardwareDirs[0]`; none for a scenario's own hardware-profiles/, named by its path). */
export interface ProfileFolder {
  dir: string;
  key?: string;
}

export class HardwareCatalog {
  private readonly files = new Map<string, string>();
  private readonly cache = new Map<string, HardwareProfile>();
  /** Parents merged while loading profiles that extend them (hardware/extends.ts ProfileLookup.merged). */
  private readonly merged = new Map<string, Record<string, unknown>>();
  /** The text of each profile file read, by path. */
  private readonly texts = new Map<string, string>();
  /** The profile each loaded one extends, as loading merged them (hardware/extends.ts ProfileLookup.parents). */
  private readonly parents = new Map<string, string>();

  /** After the bundled profiles, later folders win; each folder's files are `<id>.yaml`. */
  constructor(folders: readonly ProfileFolder[]) {
    for (const { dir, key } of [{ dir: BUNDLED_HARDWARE_DIR }, ...folders]) {
      const abs = resolve(dir);
      const where = { file: abs, ...(key !== undefined ? { keyPath: key } : {}), hint: 'give a folder of <id>.yaml profile files' };
      // One look at the path, and its reason when it fails: a symbolic link loop was 'hardware folder not found'
      // (existsSync is false for it), and a folder removed between existsSync and statSync threw ENOENT (exit 1).
      let st: Stats | undefined;
      let names: string[];
      try {
        st = statSync(abs);
        names = st.isDirectory() ? readdirSync(abs) : [];
      } catch (err) {
        if (dir === BUNDLED_HARDWARE_DIR) continue;
        const code = (err as NodeJS.ErrnoException).code;
        const exhausted = descriptorsExhausted(err);
        if (exhausted !== undefined) throw new ResourceError(`${shownPath(abs)}: cannot read the folder: ${exhausted}`, DESCRIPTORS_HINT);
        const missing = st === undefined && code === 'ENOENT';
        throw new InputError(missing ? 'hardware folder not found' : `cannot read the folder: ${unreadableWhy(err)}`, { ...where, ...(missing && notFoundHint(dir, 'folder') ? { hint: notFoundHint(dir, 'folder') } : {}) });
      }
      if (!st.isDirectory()) {
        if (dir !== BUNDLED_HARDWARE_DIR) throw new InputError('not a folder', where);
        continue;
      }
      noteCatalogFolder(abs, 'hardware profile');
      names = yamlFileNames(names).sort();
      if (names.length > LIMITS.profilesPerFolder) {
        throw new InputError(`${int(names.length)} profile files; the limit is ${int(LIMITS.profilesPerFolder)} per folder`, where);
      }
      // Files are read (and refused unless regular, under the byte cap) when a profile is used. Two files of one
      // id in a folder (x.yaml and x.yml) are refused: the later name won in silence, and report listed the other.
      const here = new Map<string, string>();
      for (const f of names) {
        const id = f.replace(/\.ya?ml$/, '');
        const other = here.get(id);
        if (other !== undefined) throw new InputError(`${other} and ${f} are both profile \`${id}\``, { ...where, hint: 'keep one of them' });
        here.set(id, f);
        this.files.set(id, join(abs, f));
      }
    }
  }

  ids(): string[] {
    return [...this.files.keys()].sort();
  }

  /** Profile `id` for an unknown GPU's hint, which weighs its memory (input/gpuNameHint.ts); its id alone where it does not load. */
  private weighed(id: string): GpuCandidate {
    try {
      return this.get(id);
    } catch {
      return id;
    }
  }

  /** The profile `id`; an unknown one is refused at the `gpu` key (input/unknown.ts; keyedAs names another). */
  get(id: string): HardwareProfile {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const file = this.files.get(id);
    if (!file) {
      throw unknownGpuError(id, this.ids().map((p) => this.weighed(p)));
    }
    const profile = parseHardwareProfile(this.text(file), file, {
      get: (parent) => {
        const f = this.files.get(parent);
        return f ? { text: this.text(f), file: f } : undefined;
      },
      ids: () => this.ids(),
      merged: this.merged,
      parents: this.parents,
    });
    this.cache.set(id, profile);
    return profile;
  }

  /**
   * The files profile `id` is made of: its own, then the profile it `extends:`, and that one's, as {@link get} merged
   * them (a report names them all as its inputs: it named a user profile's file and not the user profile it extends,
   * whose prices it used). The chain is the one loading walked ({@link get} first), not its files parsed again.
   */
  filesOf(id: string): string[] {
    this.get(id);
    const out: string[] = [];
    for (let cur: string | undefined = id; cur !== undefined; cur = this.parents.get(cur)) out.push(this.files.get(cur)!);
    return out;
  }

  private text(file: string): string {
    let text = this.texts.get(file);
    if (text === undefined) this.texts.set(file, (text = readText(file, 'hardware profile')));
    return text;
  }

  all(): HardwareProfile[] {
    return this.ids().map((id) => this.get(id));
  }
}

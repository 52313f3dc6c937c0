/** The library's {@link Sources} backed by files: the bundled presets and profiles, and the user's folders. */
import { resolve } from 'node:path';
import { formatKeyPath } from '../../input/errors.js';
import { nameArg, nameListArg, namedLookups, optionKeys, optionsArg } from '../../library/args.js';
import { today } from '../clock.js';
import type { Sources } from '../../library/core.js';
import { baseDirOf } from './files.js';
import { catalogFor, type HardwareCatalog } from './hardware.js';
import type { Architecture } from '../../model/architecture.js';
import { loadModel } from './model.js';

/** Where files are looked up. */
export interface FileOptions {
  /** Relative model paths (and a `hardware-profiles/` folder there) are looked up from here; default the working directory. */
  baseDir?: string;
  /** Extra folders of hardware profile YAML files; later folders win, as `--hardware-dir`. */
  hardwareDirs?: readonly string[];
}

/** The file options at run time: any other key is refused (library/args.ts optionsArg). */
const FILE_OPTION_KEYS = optionKeys<FileOptions>({ baseDir: true, hardwareDirs: true });

/**
 * A library call's options split into the file options and the rest (what the pure core takes,
 * whose keys are `restKeys`): `flops(model, { tokens, baseDir })`.
 */
export function splitFileOptions<T extends object>(options: (T & FileOptions) | undefined, restKeys: readonly string[]): { files: FileOptions; rest: T } {
  const { baseDir, hardwareDirs, ...rest } = optionsArg('options', options, [...restKeys, ...FILE_OPTION_KEYS]);
  return { files: { baseDir, hardwareDirs }, rest: rest as T };
}

/** Presets by id, model paths from `baseDir`; profiles bundled, from a `hardware-profiles/` folder in `baseDir`, then `hardwareDirs`. */
export function fileSources(options?: FileOptions): Sources {
  const o = optionsArg('options', options, FILE_OPTION_KEYS);
  const baseDir = resolve(nameArg('baseDir', o.baseDir) ?? baseDirOf());
  const { catalog: _catalog, ...sources } = folderSources(baseDir, nameListArg('hardwareDirs', o.hardwareDirs) ?? [], { keyOf: (i) => formatKeyPath(['hardwareDirs', i]) });
  return namedLookups(sources);
}

/**
 * The one way the CLI reads a file's models and profiles (a scenario's, a runs file's, the library's baseDir): model
 * paths from the file's folder `dir`; profiles bundled, from a `hardware-profiles/` folder there, then the extra folders
 * (later win), their errors named `keyOf(i)` (default `--hardware-dir`). `models`: a cache shared by the files of one
 * command (a matrix names one model in every cell), by folder and reference. The catalog beside, for what lists it.
 */
export function folderSources(dir: string, hardwareDirs: readonly string[], o: { keyOf?: (i: number) => string; models?: Map<string, Architecture>; today?: string } = {}): Sources & { catalog: HardwareCatalog } {
  const catalog = catalogFor(dir, hardwareDirs, o.keyOf);
  const models = o.models;
  const load = (ref: string): Architecture => {
    if (!models) return loadModel(ref, dir);
    const key = `${dir}\0${ref}`;
    let m = models.get(key);
    if (!m) models.set(key, (m = loadModel(ref, dir)));
    return m;
  };
  return { loadModel: load, loadHardware: (id) => catalog.get(id), today: o.today ?? today(), catalog };
}

/** The library's {@link Sources} backed by files: the bundled presets and profiles, and the user's folders. */
import { resolve } from 'node:path';
import { formatKeyPath } from '../../input/errors.js';
import { nameArg, nameListArg, namedLookups, optionKeys, optionsArg } from '../../library/args.js';
import { today } from '../clock.js';
import type { Sources } from '../../library/core.js';
import { baseDirOf } from './files.js';
import { catalogFor } from './hardware.js';
import { loadModel } from './model.js';

/** Where files are looked up. */
export interface FileOptions {
  /** Relative model paths (and a `hardware-profiles/` folder there) are looked up from here; default the working directory. */
  baseDir?: string;
  /** Extra folders of hardware profile YAML files; later folders win, as `--hardware-dir`. */
  hardwareDirs?: readonly string[];
}

/** The file options at run time: any other key is refused (library/args.ts optionsArg). */
export const FILE_OPTION_KEYS = optionKeys<FileOptions>({ baseDir: true, hardwareDirs: true });

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
  const catalog = catalogFor(baseDir, nameListArg('hardwareDirs', o.hardwareDirs) ?? [], (i) => formatKeyPath(['hardwareDirs', i]));
  return namedLookups({ loadModel: (ref) => loadModel(ref, baseDir), loadHardware: (id) => catalog.get(id), today: today() });
}

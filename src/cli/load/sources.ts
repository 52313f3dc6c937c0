/** The library's {@link Sources} backed by files: the bundled presets and profiles, and the user's folders. */
import { resolve } from 'node:path';
import { nameArg, nameListArg, optionsArg } from '../../library/args.js';
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

/** Presets by id, model paths from `baseDir`; profiles bundled, from a `hardware-profiles/` folder in `baseDir`, then `hardwareDirs`. */
export function fileSources(options?: FileOptions): Sources {
  const o = optionsArg('options', options);
  const baseDir = resolve(nameArg('baseDir', o.baseDir) ?? baseDirOf());
  const catalog = catalogFor(baseDir, nameListArg('hardwareDirs', o.hardwareDirs) ?? []);
  return { loadModel: (ref) => loadModel(ref, baseDir), loadHardware: (id) => catalog.get(id), today: today() };
}

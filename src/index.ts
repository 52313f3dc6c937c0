/**
 * flopcast as a library: `import { flops, run, plan, report } from 'flopcast'`. Each returns what
 * the command's `--json` prints (`report` returns the document's text). This file is an edge: it
 * binds the pure core (src/library/core.ts) to the package's own models/ and hardware-profiles/
 * folders, to model files and config.json paths (relative to `baseDir`, default the working
 * directory), and to extra hardware folders. For data passed in instead of files (a browser), use
 * `flopcast/core`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUNDLED_HARDWARE_DIR, HardwareCatalog } from './cli/load/hardware.js';
import { loadModel } from './cli/load/model.js';
import type { ModelInput, ScenarioInput } from './library/core.js';
import { flopsWith, runWith, type FlopsJson, type FlopsOptions, type RunOptions, type RunResultJson, type Sources } from './library/core.js';

export { InputError } from './input/errors.js';
export type { FlopsJson, FlopsOptions, ModelInput, RunOptions, RunResultJson, ScenarioInput, Sources };
export type { PredictionJson } from './scenario/predict.js';

/** Where files are looked up. */
export interface FileOptions {
  /** Relative model paths (and a `hardware-profiles/` folder there) are looked up from here; default the working directory. */
  baseDir?: string;
  /** Extra folders of hardware profile YAML files; later folders win, as `--hardware-dir`. */
  hardwareDirs?: readonly string[];
}

/** The package's models and hardware profiles, model paths from `baseDir`, profiles from a `hardware-profiles/` folder there and `hardwareDirs`. */
export function fileSources(o: FileOptions = {}): Sources {
  const baseDir = resolve(o.baseDir ?? process.cwd());
  const nextTo = resolve(baseDir, 'hardware-profiles');
  const catalog = new HardwareCatalog([...(existsSync(nextTo) && nextTo !== resolve(BUNDLED_HARDWARE_DIR) ? [nextTo] : []), ...(o.hardwareDirs ?? [])]);
  return { loadModel: (ref) => loadModel(ref, baseDir), loadHardware: (id) => catalog.get(id) };
}

/** Exact parameter and FLOP counts: equal to `flopcast flops MODEL --json`. `model` is a preset id, a model YAML or config.json path, or an inline model. */
export function flops(model: string | ModelInput, options: FlopsOptions & FileOptions = {}): FlopsJson {
  return flopsWith(fileSources(options), model, options);
}

/** Time, GPU-hours, cost and energy for a scenario (YAML text or an object): equal to `flopcast run FILE --json`. */
export function run(scenario: string | ScenarioInput | Record<string, unknown>, options: RunOptions & FileOptions = {}): { results: RunResultJson[] } {
  return runWith(fileSources(options), scenario, options);
}

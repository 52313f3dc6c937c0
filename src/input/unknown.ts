/**
 * The errors for a name that is not in a catalog (a model preset, a GPU profile), shared by the
 * file-backed loaders (src/cli/load), the page (src/ui) and the library's in-memory sources
 * (src/library/core.ts), so all say the same thing. `otherwise` is the hint when no name is near: what
 * the caller can give instead (the CLI's commands and paths mean nothing to a library caller).
 */
import { InputError } from './errors.js';
import { shownName } from './name.js';
import { didYouMean } from './suggest.js';

export function unknownModelError(ref: string, presetIds: readonly string[], otherwise = 'run `flopcast models` for the presets, or give a path to a model YAML or a config.json'): InputError {
  return new InputError(`unknown model \`${shownName(ref)}\``, { keyPath: 'model', hint: didYouMean(ref, presetIds) ?? otherwise });
}

/**
 * At `gpu`, as a model's is at `model` (plan({ gpu: 'h100' }) named no key); a scenario puts it at cluster.gpu, a
 * command's option or argument (plan --gpu, budget --gpu, `flopcast hardware show ID`) at what the user wrote ({@link keyedAs}).
 */
export function unknownGpuError(id: string, profileIds: readonly string[], otherwise = 'run `flopcast hardware` for the profiles'): InputError {
  return new InputError(`unknown GPU \`${shownName(id)}\``, { keyPath: 'gpu', hint: didYouMean(id, profileIds) ?? otherwise });
}

/**
 * `load()` of a model or GPU the caller named by an option, an unknown name keyed as that option (`--gpu`, `--model`):
 * `plan --gpu h100-sxn` and `budget --gpu h100-sxn` were 'gpu: unknown GPU', where their other errors name the option.
 * An error in a file the name led to keeps its own place.
 */
export function keyedAs<T>(option: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof InputError && !err.details.file && (err.details.keyPath === 'gpu' || err.details.keyPath === 'model')) err.details.keyPath = option;
    throw err;
  }
}

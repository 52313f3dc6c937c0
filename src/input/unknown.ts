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
 * At `gpu`, as a model's is at `model` (plan({ gpu: 'h100' }) and plan --gpu named no key); a scenario puts it at cluster.gpu.
 * `at`: what the user wrote it as, where that is not a `gpu` key (`flopcast hardware show`'s argument).
 */
export function unknownGpuError(id: string, profileIds: readonly string[], otherwise = 'run `flopcast hardware` for the profiles', at = 'gpu'): InputError {
  return new InputError(`unknown GPU \`${shownName(id)}\``, { keyPath: at, hint: didYouMean(id, profileIds) ?? otherwise });
}

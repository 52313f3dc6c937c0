/**
 * The errors for a name that is not in a catalog (a model preset, a GPU profile), shared by the
 * file-backed loaders (src/cli/load) and the page (src/ui), so both say the same thing.
 */
import { InputError } from './errors.js';
import { didYouMean } from './suggest.js';

export function unknownModelError(ref: string, presetIds: readonly string[]): InputError {
  return new InputError(`unknown model \`${ref}\``, {
    keyPath: 'model',
    hint: didYouMean(ref, presetIds) ?? 'run `flopcast models` for the presets, or give a path to a model YAML or a config.json',
  });
}

export function unknownGpuError(id: string, profileIds: readonly string[]): InputError {
  return new InputError(`unknown GPU \`${id}\``, { hint: didYouMean(id, profileIds) ?? 'run `flopcast hardware` for the profiles' });
}

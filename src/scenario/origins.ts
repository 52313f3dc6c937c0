/**
 * Where a run's value came from, for its errors: the place in the file of a key an option or a matrix entry
 * wrote (options.ts and matrix.ts record the origins as they build each run), so that an error is told there.
 */
import { InputError, formatKeyPath, parseKeyPath } from '../input/errors.js';

/** Maps a key path to its matrix origin when the value came from the matrix. */
export function originOf(path: readonly PropertyKey[], origins: Map<string, (string | number)[]>): readonly PropertyKey[] {
  for (const [key, origin] of origins) {
    const parts = key.split('.');
    // Below the key an option or matrix wrote (an entry of its list): the same place under the origin, where the file has it.
    if (parts.length <= path.length && parts.every((p, i) => String(path[i]) === p)) return [...origin, ...path.slice(parts.length)];
  }
  // A mapping an option wrote into (an error about the whole of cluster.network): the option's mapping. One a matrix
  // entry wrote into below a section (training.offload, by `training.offload.optimizer: [0.5, 1]`): that entry, where the
  // file has the value; the mapping was placed at the section's key, `training:` (hostile sweep 29). A whole section
  // (`cluster`) stays the base's: a matrix key inside it is not what an error about all of it is about.
  for (const [key, origin] of origins) {
    const parts = key.split('.');
    if (path.length > 0 && path.length < parts.length && path.every((p, i) => String(p) === parts[i])) {
      if (origin[0] === 'options') return origin.slice(0, origin.length - (parts.length - path.length));
      if (path.length > 1) return origin;
    }
  }
  return path;
}

/**
 * An error about a run's value names it where the file writes it, as its line and column already do (by
 * {@link originOf}): `options[1].cluster.count`, not the run's `cluster.count`, which the base may hold
 * as another value. A caller's object has no line to tell which option or matrix entry it was.
 */
export function blameOrigin(err: unknown, file: string, origins: Map<string, (string | number)[]>): void {
  if (!(err instanceof InputError) || err.details.file !== file || err.details.keyPath === undefined) return;
  const path = parseKeyPath(err.details.keyPath);
  const origin = originOf(path, origins);
  if (origin !== path) err.details.keyPath = formatKeyPath(origin);
}

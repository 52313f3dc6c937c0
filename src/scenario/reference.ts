/**
 * How an error in a file a scenario points to (a model YAML, a config.json) says where the scenario
 * points to it: `referenced by FILE:LINE:COL (key.path)`, the hint's last part. Written by resolve.ts,
 * taken off by the page (ui/evaluate.ts), whose scenario is its own and has no place to show. Pure.
 */
import { formatKeyPath, placeText } from '../input/errors.js';

export function referencedBy(file: string, place: { line?: number; col?: number }, path: readonly PropertyKey[]): string {
  return `referenced by ${placeText(file, place.line, place.col)} (${formatKeyPath(path)})`;
}

/** `hint` without the {@link referencedBy} of `file` that ends it (and the `; ` before it). */
export function withoutReference(hint: string, file: string): string {
  return hint.replace(new RegExp(`(^|; )referenced by ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?::\\d+:\\d+)? \\([^)]*\\)$`), '');
}

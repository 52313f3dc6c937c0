/** Reading user files: the only place that turns a path into text, with errors a user can act on. */
import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../../input/errors.js';
import { YAML_LIMITS } from '../../input/yaml.js';

export function readText(path: string, what = 'file'): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(`${what} is a directory`, { file: path });
    size = st.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read ${what}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { file: path });
  }
  if (size > YAML_LIMITS.maxBytes) {
    throw new InputError(`${what} is ${size} bytes; the limit is ${YAML_LIMITS.maxBytes}`, { file: path });
  }
  const bytes = readFileSync(path);
  if (!isUtf8(bytes)) throw new InputError('file is not valid UTF-8', { file: path, hint: 'save the file as UTF-8' });
  // A byte-order mark is legal UTF-8 but not part of the content (JSON.parse rejects it).
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

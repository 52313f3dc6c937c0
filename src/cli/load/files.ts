/** Reading user files: the only place that turns a path into text, with errors a user can act on. */
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
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('file is not valid UTF-8', { file: path, hint: 'save the file as UTF-8' });
  }
}

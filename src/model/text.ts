/**
 * A model file's text -> Architecture: a model YAML, or a Hugging Face `config.json` (told apart
 * by the file name's extension). Pure: the CLI reads files (src/cli/load/model.ts), the page
 * passes a bundled preset's text or a pasted config.json (src/ui).
 */
import { InputError } from '../input/errors.js';
import { validate } from '../input/validate.js';
import { parseYaml } from '../input/yaml.js';
import type { Architecture } from './architecture.js';
import { fromHfConfig } from './hf.js';
import { ModelSchema, toArchitecture } from './schema.js';

export function modelFromText(text: string, file: string, name: string): Architecture {
  if (/\.json$/i.test(file)) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new InputError(`not valid JSON: ${(err as Error).message}`, { file });
    }
    const input = fromHfConfig(json, file);
    return toArchitecture(validate(ModelSchema, { file, value: input }), name);
  }
  return toArchitecture(validate(ModelSchema, parseYaml(text, file)), name);
}

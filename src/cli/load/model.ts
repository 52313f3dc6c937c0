/**
 * A model reference on the command line or in a scenario: a preset id (`gpt3-175b`), a model
 * YAML file, or a Hugging Face `config.json`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { InputError } from '../../input/errors.js';
import { didYouMean } from '../../input/suggest.js';
import { validate } from '../../input/validate.js';
import { parseYaml } from '../../input/yaml.js';
import type { Architecture } from '../../model/architecture.js';
import { fromHfConfig } from '../../model/hf.js';
import { ModelSchema, toArchitecture } from '../../model/schema.js';
import { PACKAGE_ROOT } from '../../paths.js';
import { readText } from './files.js';

export const MODELS_DIR = join(PACKAGE_ROOT, 'models');

export function presetIds(): string[] {
  return readdirSync(MODELS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

export function loadModelFile(path: string): Architecture {
  const text = readText(path, 'model file');
  const name = basename(path).replace(/\.(ya?ml|json)$/i, '');
  if (extname(path).toLowerCase() === '.json') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      // V8's message quotes the text; give the position only (the file may not be what the user meant).
      const at = /position (\d+)/.exec((err as Error).message);
      const where = at ? lineCol(text, Number(at[1])) : {};
      throw new InputError('not valid JSON', { file: path, ...where, hint: 'a Hugging Face config.json is one JSON object' });
    }
    // JSON.parse keeps the last of duplicate keys; YAML (a superset of JSON) refuses them with a place,
    // as for every other input, and applies the same depth, tag and alias rules.
    parseYaml(text, path);
    const input = fromHfConfig(json, path);
    return toArchitecture(validate(ModelSchema, { file: path, value: input }), name === 'config' ? basename(resolve(path, '..')) : name);
  }
  const parsed = parseYaml(text, path);
  return toArchitecture(validate(ModelSchema, parsed), name);
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/** Resolves a preset id or a path; `baseDir` is where relative paths start (a scenario's folder). */
export function loadModel(ref: string, baseDir = process.cwd()): Architecture {
  const looksLikePath = /[\\/]/.test(ref) || /\.(ya?ml|json)$/i.test(ref);
  if (looksLikePath) {
    const path = resolve(baseDir, ref);
    if (existsSync(path)) return loadModelFile(path);
    throw new InputError(`model file not found: ${ref}`, { file: path });
  }
  const ids = presetIds();
  if (ids.includes(ref)) return loadModelFile(join(MODELS_DIR, `${ref}.yaml`));
  throw new InputError(`unknown model \`${ref}\``, {
    keyPath: 'model',
    hint: didYouMean(ref, ids) ?? 'run `flopcast models` for the presets, or give a path to a model YAML or a config.json',
  });
}

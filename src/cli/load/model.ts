/**
 * A model reference on the command line or in a scenario: a preset id (`gpt3-175b`), a model
 * YAML file, or a Hugging Face `config.json`.
 */
import { readdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { InputError } from '../../input/errors.js';
import { shownName } from '../../input/name.js';
import { unknownModelError } from '../../input/unknown.js';
import type { Architecture } from '../../model/architecture.js';
import { modelFromText } from '../../model/text.js';
import { PACKAGE_ROOT } from '../../paths.js';
import { hasControl } from '../../report/escape.js';
import { baseDirOf, noteCatalogFolder, readText } from './files.js';
import { FETCHES_NOTHING, blankEndsHint, isEntry, isFile, isFolder, nearbyNameHint, tildeHint, urlHint, yamlFileNames } from './paths.js';

export const MODELS_DIR = join(PACKAGE_ROOT, 'models');

/** A model file's extension: a model YAML or a config.json. */
const MODEL_FILE = /\.(ya?ml|json)$/i;

export function presetIds(): string[] {
  noteCatalogFolder(MODELS_DIR, 'model preset');
  return yamlFileNames(readdirSync(MODELS_DIR), { yml: false })
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

function loadModelFile(path: string): Architecture {
  const text = readText(path, 'model file');
  const name = basename(path).replace(MODEL_FILE, '');
  const isConfig = extname(path).toLowerCase() === '.json' && name === 'config';
  return modelFromText(text, path, isConfig ? basename(resolve(path, '..')) : name);
}

/** The file a model reference names (it has a slash or a model file's extension), or undefined for a preset id. */
export function modelPathOf(ref: string, baseDir = baseDirOf()): string | undefined {
  return /[\\/]/.test(ref) || MODEL_FILE.test(ref) ? resolve(baseDir, ref) : undefined;
}

/** A Hugging Face repository id, `org/name`: no folder part, no model file extension. */
const HF_REPO_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/**
 * What a model reference that names no file looks like, said: a URL or a repository id is fetched by nothing here.
 * Each was 'model file not found' alone, the URL with the working folder joined to it.
 */
function notFound(ref: string, path: string): InputError {
  const url = urlHint(ref, "a model's config.json");
  if (url) return new InputError(`model file not found: ${shownName(ref)}`, { file: shownName(ref), hint: url });
  const repo = HF_REPO_ID.test(ref) && !MODEL_FILE.test(ref);
  const tilde = tildeHint(ref);
  const near = tilde ? undefined : blankEndsHint(ref, path) ?? nearbyNameHint(ref, path);
  return new InputError(`model file not found: ${shownName(ref)}`, {
    file: path,
    ...(tilde ? { hint: tilde } : near ? { hint: near } : repo ? { hint: `\`${ref}\` looks like a Hugging Face repository id: ${FETCHES_NOTHING}; save its config.json (https://huggingface.co/${ref}/blob/main/config.json) and give that file's path` } : {}),
  });
}

/** Resolves a preset id or a path; `baseDir` is where relative paths start (a scenario's folder, see baseDirOf). */
export function loadModel(ref: string, baseDir = baseDirOf()): Architecture {
  const path = modelPathOf(ref, baseDir);
  if (path !== undefined) {
    // Whatever is at the path, a symbolic link loop or a link to nothing too (existsSync is false for both), is the
    // reader's to name ('too many symbolic links'): it was 'model file not found'.
    if (!urlHint(ref) && isEntry(path)) {
      try {
        return loadModelFile(path);
      } catch (err) {
        // A downloaded repository's folder: the reader refuses a folder, and its hint now names the file inside.
        const config = join(ref, 'config.json');
        if (err instanceof InputError && isFolder(path) && isFile(join(path, 'config.json'))) err.details.hint = `the folder holds a config.json: give ${shownName(config)}`;
        throw err;
      }
    }
    throw notFound(ref, path);
  }
  const ids = presetIds();
  if (ids.includes(ref)) return loadModelFile(join(MODELS_DIR, `${ref}.yaml`));
  // A file of that name is there (`config`, saved without its extension): say how to load it. A name with
  // a control character is no file name anyone meant (and a NUL makes the file system call throw).
  if (ref.trim() !== '' && !hasControl(ref) && isFile(resolve(baseDir, ref))) {
    throw new InputError(`unknown model \`${ref}\``, { keyPath: 'model', hint: `a name without an extension is a preset id; to load the file \`${ref}\`, name it ${ref}.json (a config.json) or ${ref}.yaml (a model file)` });
  }
  // A downloaded repository's folder named without a slash (`flops Llama-3-8B`) was an unknown preset, offered the
  // nearest preset's id; its config.json is the file meant, as for `flops Llama-3-8B/` (hostile sweep 34).
  if (ref.trim() !== '' && !hasControl(ref) && isFile(join(resolve(baseDir, ref), 'config.json'))) {
    throw new InputError(`unknown model \`${ref}\``, { keyPath: 'model', hint: `a name without a slash is a preset id; \`${ref}\` is a folder holding a config.json: give ${shownName(join(ref, 'config.json'))}` });
  }
  throw unknownModelError(ref, ids);
}

/**
 * `extends: h100-sxm`: a hardware profile that states only what differs from another. Pure: the
 * caller supplies the other profiles' texts through a {@link ProfileLookup}.
 *
 * Merge rule: mappings merge key by key, the extending profile winning; a list (prices, sources) or
 * a scalar replaces the parent's value whole (to add a price, repeat the list with it); `null`
 * replaces too (a peak the part does not have). `id` defaults to the file's name. The merged
 * profile is validated by the same schema as any other; a parent may itself extend another.
 */
import { InputError } from '../input/errors.js';
import { didYouMean } from '../input/suggest.js';
import { describe, isMapping } from '../input/validate.js';
import { parseYaml, type ParsedYaml } from '../input/yaml.js';

export interface ProfileLookup {
  /** The text of profile `id` and the file it is in; undefined when there is none. */
  get(id: string): { text: string; file: string } | undefined;
  ids(): string[];
  /**
   * Parents already merged, by id, kept by the caller across the profiles it loads: each file of a chain is
   * parsed and merged once, not once per profile below it (a chain of 400 took 12 s to list).
   */
  merged?: Map<string, Record<string, unknown>>;
}

type Raw = Record<string, unknown>;

/** The profile with its parents merged in; errors about inherited values point at the `extends:` line. */
export function withParents(parsed: ParsedYaml, lookup: ProfileLookup, chain: readonly string[]): ParsedYaml {
  const v = parsed.value;
  if (!isMapping(v) || !('extends' in v)) return parsed;
  const where = { file: parsed.file, ...parsed.locate(['extends']), keyPath: 'extends' };
  const parentId = v.extends;
  // What was found, as every other message says it (a list, null, an empty text were 'expected the id' alone).
  if (typeof parentId !== 'string' || !parentId) {
    const one = Array.isArray(parentId) && parentId.length === 1 && typeof parentId[0] === 'string' ? parentId[0] : undefined;
    throw new InputError(`expected the id of another hardware profile, such as h100-sxm, found ${describe(parentId)}`, { ...where, ...(one ? { hint: `a profile extends one other: extends: ${one}` } : {}) });
  }
  if (chain.includes(parentId)) {
    throw new InputError(`extends cycle: ${[...chain, parentId].join(' → ')}`, { ...where, hint: chain[0] === parentId && chain.length === 1 ? 'a profile cannot extend itself; give it its own id and file name' : 'one of these profiles must state its figures instead of extending' });
  }
  // A merged parent never came from a cycle (a cycle throws): reusing it keeps the checks above.
  let parentValue = lookup.merged?.get(parentId);
  if (parentValue === undefined) {
    const src = lookup.get(parentId);
    if (!src) throw new InputError(`unknown hardware profile \`${parentId}\``, { ...where, hint: didYouMean(parentId, lookup.ids()) ?? 'run `flopcast hardware` for the profiles' });
    const parent = withParents(parseYaml(src.text, src.file), lookup, [...chain, parentId]);
    if (!isMapping(parent.value)) throw new InputError('the profile it extends is not a mapping', { ...where, hint: `see ${src.file}` });
    parentValue = parent.value;
    lookup.merged?.set(parentId, parentValue);
  }
  const own: Raw = { ...v };
  delete own.extends;
  // The id is always the extending profile's own (or its file's): a merged parent's is replaced here.
  own.id ??= chain[0];
  const merged = merge(parentValue, own);
  return {
    file: parsed.file,
    value: merged,
    locate: (path) => (has(own, path) ? parsed.locate(path) : parsed.locate(['extends'])),
  };
}

function merge(base: Raw, over: Raw): Raw {
  const out: Raw = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isMapping(v) && isMapping(base[k]) ? merge(base[k] as Raw, v) : v;
  return out;
}

function has(v: unknown, path: readonly PropertyKey[]): boolean {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, p as string)) return false;
    cur = (cur as Raw)[p as string];
  }
  return true;
}

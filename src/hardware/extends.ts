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
import { describe, isMapping } from '../input/found.js';
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
  /**
   * The profile each profile merged extends, by id, recorded as the chain is walked (a cached parent's were
   * recorded when it was merged): what a report names as the files a profile is made of (cli/load/hardware.ts filesOf).
   */
  parents?: Map<string, string>;
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
  lookup.parents?.set(chain.at(-1)!, parentId);
  const own: Raw = { ...v };
  delete own.extends;
  // The id is always the extending profile's own (or its file's): a merged parent's is replaced here.
  own.id ??= chain[0];
  const merged = merge(parentValue, own);
  return {
    file: parsed.file,
    value: merged,
    locate: (path) => (inherited(own, parentValue, path) ? parsed.locate(['extends']) : parsed.locate(path)),
  };
}

/**
 * Whether the value at `path` of the merged profile is the parent's, as {@link merge} builds it: the path leaves what
 * the profile states at a key the parent's (merged) mapping has. A list or scalar the profile states replaces the
 * parent's whole, so all below it is the profile's; a key neither has (a missing field) is the profile's too, and
 * its text gives the nearest line it does state: prices[0].gpus_per_instance missing from a price the profile
 * lists was located at the `extends:` line, not at the price.
 */
function inherited(own: Raw, parent: Raw, path: readonly PropertyKey[]): boolean {
  let mine: unknown = own;
  let theirs: unknown = parent;
  for (const p of path) {
    const key = p as string;
    if (mine !== null && typeof mine === 'object' && Object.hasOwn(mine, key)) {
      const next = (mine as Raw)[key];
      theirs = isMapping(next) && isMapping(theirs) ? theirs[key] : undefined;
      mine = next;
      continue;
    }
    return isMapping(theirs) && Object.hasOwn(theirs, key);
  }
  return false;
}

function merge(base: Raw, over: Raw): Raw {
  const out: Raw = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isMapping(v) && isMapping(base[k]) ? merge(base[k] as Raw, v) : v;
  return out;
}


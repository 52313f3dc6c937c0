/**
 * The hint for an unknown key, and the keys a schema accepts at a path: one chain for a file's keys
 * (input/validate.ts) and for options' and matrix keys (scenario/options.ts, matrix.ts).
 */
import type { z } from 'zod';
import { formatKeyPath } from './errors.js';
import { foreignKeyHint, measuredFigureHint } from './foreignKeys.js';
import { shownName } from './name.js';
import { didYouMean } from './suggest.js';
import { unseenSpaceHint } from './yamlHints.js';
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
}

/**
 * The hint for a key `known` (the keys at `at`) does not hold, where one says more than the list: a space the eye
 * cannot see, a dotted path written as a key, another tool's name, the place the key belongs, or a near spelling.
 * One chain for the file check (input/validate.ts) and the options' and matrix keys' (scenario/options.ts, matrix.ts).
 */
export function unknownKeyHint(schema: z.ZodType, key: string, at: readonly PropertyKey[], known: readonly string[]): string | undefined {
  // The places searched are those of the entry the key is in: a measured run's row (`rows[0]`), whose training and
  // cluster a runs file holds one level down. From the file's top, `rows[0].training.num_replicas` found no home and
  // `rows[0].training.tp` none (sweep 32).
  const entry = at.slice(0, at.reduce<number>((last, p, i) => (isIndex(p) ? i + 1 : last), 0));
  const within = at.slice(entry.length);
  // Another tool's name for a key that goes elsewhere is told its place; outside the model, a model's key is told it is
  // the model's (foreignKeyHint: Megatron-LM's num_layers under cluster.parallelism), a config.json's is simply unknown.
  const foreignHomes = (ours: string) => placesOf(schema, entry, ours).map((p) => formatKeyPath([...entry, ...p]));
  // A key flopcast takes elsewhere is told its place before a near spelling here: `training.tp` was "did you mean
  // `tp_comm_overlap`?" (sweep 32), a switch, where the degree goes under cluster.parallelism.
  return unseenSpaceHint(key, 'the key') ?? dottedKeyHint(schema, key, at) ?? colonHint(key, known, 'one key') ?? measuredFigureHint(key, known) ?? foreignKeyHint(key, known, { homes: foreignHomes, outsideModel: within[0] !== 'model' }) ?? homeOf(schema, key, entry, within, known) ?? didYouMean(key, known) ?? listFormHint(schema, key, at);
}

/**
 * A key and its value with no space after the colon (`count:8`), which YAML reads as one scalar: a key in a flow mapping,
 * text in a block. It was "did you mean `count`?" (a key with no value) or "expected a mapping, found "tokens:1B"".
 */
export function colonHint(text: string, known: readonly string[], as: string): string | undefined {
  const m = /^([A-Za-z_][\w-]*):(\S.*)$/s.exec(text);
  return m && known.includes(m[1]!) ? `YAML reads \`${shownName(text)}\` as ${as}: write a space after the colon, ${m[1]}: ${shownName(m[2]!)}` : undefined;
}

/**
 * A key of the list form's entries, where a place takes a mapping or a list of mappings (training.documents: `{tokens}` or
 * `[{tokens, share}, …]`): `{tokens: 2048, share: 1}` was told "valid keys here: tokens", with no word of where a share goes.
 */
function listFormHint(schema: z.ZodType, key: string, at: readonly PropertyKey[]): string | undefined {
  const entry = [...new Set(objectsAt(schema, [...at, 0]).flatMap((o) => Object.keys((o as unknown as { _zod: { def: Def } })._zod.def.shape!)))];
  return at.length && entry.includes(key) ? `\`${key}\` is a key of the list form's entries: ${formatKeyPath(at)}: [{${entry.join(', ')}}, …]` : undefined;
}

/**
 * Where a key written in the wrong place goes: a top-level section's key (`gpu:` at the top level,
 * `precision` under cluster) or a key of a mapping inside this one (`tp` under cluster is
 * cluster.parallelism.tp). It was "valid keys here: ..." with the key's own section among them.
 */
function homeOf(schema: z.ZodType, key: string, entry: readonly PropertyKey[], at: readonly PropertyKey[], known: readonly string[]): string | undefined {
  const homes = homesOf(schema, key, entry, at, known).map((p) => [...entry, ...p]);
  if (!homes.length) return undefined;
  return `\`${key}\` goes under ${homes.map((p) => `\`${formatKeyPath(p)}\``).join(' or ')} (${homes.map((p) => formatKeyPath([...p, key])).join(', ')})`;
}

/**
 * Every mapping of the entry at `entry` (the file, or a list's entry: a runs file's row) that takes a key, to a depth of
 * three (`cluster.parallelism`, `model.moe`), as paths inside it; not under `options`, which repeats the sections it overrides.
 */
function placesOf(schema: z.ZodType, entry: readonly PropertyKey[], key: string): PropertyKey[][] {
  const found: PropertyKey[][] = [];
  const walk = (path: PropertyKey[]): void => {
    const keys = keysAt(schema, [...entry, ...path]);
    if (keys.includes(key)) found.push(path);
    if (path.length < 2) for (const k of keys) if (!(path.length === 0 && k === 'options')) walk([...path, k]);
  };
  walk([]);
  return found;
}

/**
 * The places a key goes, other than `at` (paths inside `entry`): a top-level section, or a mapping inside this one; where
 * neither takes it, a mapping inside a section (`pp` under training is cluster.parallelism's: it had the list of keys).
 */
function homesOf(schema: z.ZodType, key: string, entry: readonly PropertyKey[], at: readonly PropertyKey[], known: readonly string[]): PropertyKey[][] {
  const places = new Map([...keysAt(schema, entry).map((k) => [k]), ...known.map((k) => [...at, k])].map((p) => [formatKeyPath(p), p]));
  places.delete(formatKeyPath(at));
  const near = [...places.values()].filter((p) => keysAt(schema, [...entry, ...p]).includes(key));
  return near.length ? near : placesOf(schema, entry, key).filter((p) => p.length > 1 && formatKeyPath(p) !== formatKeyPath(at));
}

/**
 * A key written as a dotted path that names keys at `at` (`cluster.gpu: h100-sxm` at the top level, as
 * a matrix key is written): a key is one name, so it is unknown, and the hint shows it nested. It was
 * "valid keys here: ..., cluster, ..." (or a misspelling: `attention_sinks` for a model's `attention.x`).
 */
export function dottedKeyHint(schema: z.ZodType, key: string, at: readonly PropertyKey[]): string | undefined {
  const parts = key.split('.');
  if (parts.length < 2 || parts.some((p, i) => !keysAt(schema, [...at, ...parts.slice(0, i)]).includes(p))) return undefined;
  const nested = parts.slice(1).reduceRight((inner, p) => `{${p}: ${inner}}`, '...');
  return `a key is one name, not a path (only matrix keys are dotted paths): write it nested, ${parts[0]}: ${nested}`;
}

/** The keys an object schema accepts at a path, for "did you mean" hints. */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  for (const o of objectsAt(schema, path)) for (const k of Object.keys((o as unknown as { _zod: { def: Def } })._zod.def.shape!)) keys.add(k);
  return [...keys].sort();
}

/** The object schemas a value at a path may be: one, or each of a union's (the schema's own walk, unwrapping optionals). */
export function objectsAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType[] {
  const out: z.ZodType[] = [];
  collect(schema, [...path], out);
  return out;
}

/** The schemas of any kind a value at a path may be (the same walk; a leaf is kept whole, its wrappers and unions with it). */
export function schemasAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType[] {
  const out: z.ZodType[] = [];
  collect(schema, [...path], out, true);
  return out;
}

function collect(schema: z.ZodType, path: PropertyKey[], out: z.ZodType[], anyKind = false): void {
  if (anyKind && !path.length) {
    out.push(schema);
    return;
  }
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return collect(def.innerType!, path, out, anyKind);
    case 'pipe':
      return collect(def.in!, path, out, anyKind);
    case 'lazy':
      return collect(def.getter!(), path, out, anyKind);
    case 'union':
      for (const o of def.options!) collect(o, path, out, anyKind);
      return;
    case 'array':
      // A list is entered by an index only: a key (`tokens` on training.documents, whose union holds a list of
      // {tokens, share}) is no entry of it. It was, and `share` beside `tokens` was told it goes under
      // training.documents.tokens (hostile sweep 27).
      if (path.length && isIndex(path[0]!)) collect(def.element!, path.slice(1), out, anyKind);
      return;
    case 'record':
      if (path.length) collect(def.valueType!, path.slice(1), out, anyKind);
      return;
    case 'object':
      if (!path.length) {
        out.push(schema);
        return;
      }
      {
        const next = def.shape![String(path[0])];
        if (next) collect(next, path.slice(1), out, anyKind);
      }
      return;
    default:
      return;
  }
}

/** A path segment that indexes a list: a number, or its decimal text as a dotted key writes it. */
function isIndex(segment: PropertyKey): boolean {
  return typeof segment === 'number' || (typeof segment === 'string' && /^\d+$/.test(segment));
}

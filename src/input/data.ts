/**
 * A scenario or model that a library caller passes as an object instead of YAML text is held to the
 * rules YAML text is held to (src/input/yaml.ts, yamlStructure.ts): plain data only (no functions, symbols, bigints,
 * dates, maps or other class instances, which YAML cannot write either), no loops, nesting at most
 * LIMITS.yamlDepth levels, no prototype keys, and at most LIMITS.objectValues values counted with
 * shared parts expanded (the object form of an alias bomb). It is copied, each value read once, so
 * the caller's object is never modified; a refusal names the key path, as does a getter or Proxy
 * trap of the caller's that throws while it is read.
 */
import { InputError, describeNumber, formatKeyPath } from './errors.js';
import { LIMITS } from './limits.js';
import { shownName } from './name.js';
import { FORBIDDEN_KEYS } from './yamlStructure.js';

/**
 * `get()`, a read of the caller's object: what the caller's code runs while it is read (a getter, a
 * Proxy's trap) may throw, and the error is theirs, so it becomes an InputError at `where`.
 */
export function readCallerValue<R>(get: () => R, where: { file?: string; keyPath?: string; hint?: string }): R {
  try {
    return get();
  } catch (err) {
    throw new InputError(`could not be read: ${shownName(String((err as Error | undefined)?.message ?? err))}`, where);
  }
}

/**
 * `expected`, what the field at a path takes in a refusal's words (input/zodIssue.ts expectedAt over the value's schema):
 * a NaN where text goes is told `expected text`, not 'expected a finite number' (sweep33); a number field, or a place no
 * schema names, keeps 'a finite number'.
 */
export function plainData(value: unknown, file: string, expected?: (path: readonly PropertyKey[]) => string | undefined): unknown {
  let values = 0;
  const open = new Set<object>();
  const copy = (v: unknown, path: PropertyKey[]): unknown => {
    const fail = (message: string, hint?: string) => new InputError(message, { file, ...(path.length ? { keyPath: formatKeyPath(path) } : {}), ...(hint ? { hint } : {}) });
    if (++values > LIMITS.objectValues) throw fail(`the object holds more than ${LIMITS.objectValues} values (shared parts counted each time they appear)`, 'scenarios and models are small; is this the right object?');
    // No field takes a number that is not finite: a caller's NaN or Infinity, told in JavaScript's words here, where the
    // schemas would name it in YAML's (`.nan`, a spelling of a file's).
    if (typeof v === 'number' && !Number.isFinite(v)) {
      const takes = expected?.(path);
      const what = takes === undefined || /\b(a number|an integer)\b/.test(takes) ? 'a finite number' : takes;
      throw fail(`expected ${what}, found ${describeNumber(v, 'javascript')}`, 'a NaN or Infinity comes of arithmetic on a missing or zero value: check what computed it');
    }
    if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
    if (typeof v !== 'object') throw fail(`expected plain data (text, numbers, true/false, null, lists and mappings), found a ${typeof v}`);
    if (path.length > LIMITS.yamlDepth) throw fail(`nesting deeper than ${LIMITS.yamlDepth} levels`);
    if (open.has(v)) throw fail('the object contains itself (a loop)', 'give each part as its own value');
    const read = <R>(at: PropertyKey[], get: () => R): R => readCallerValue(get, { file, ...(at.length ? { keyPath: formatKeyPath(at) } : {}), hint: 'give plain data, as JSON would' });
    const isList = read(path, () => Array.isArray(v));
    const instance = isList ? undefined : read(path, () => notPlainObject(v));
    if (instance) throw fail(`expected plain data, found ${instance}`, 'give text, numbers, lists and plain objects, as JSON would');
    open.add(v);
    let out: unknown;
    const item = (k: string | number) => read([...path, k], () => (v as Record<string | number, unknown>)[k]);
    if (isList) out = Array.from({ length: read(path, () => (v as unknown[]).length) }, (_, i) => copy(item(i), [...path, i]));
    else {
      const o: Record<string, unknown> = {};
      for (const k of read(path, () => Object.keys(v))) {
        if (FORBIDDEN_KEYS.has(k)) throw fail(`key \`${k}\` is not allowed`, 'rename the key; prototype keys are refused for safety');
        o[k] = copy(item(k), [...path, k]);
      }
      out = o;
    }
    open.delete(v);
    return out;
  };
  return copy(value, []);
}

/**
 * An object that is not a plain one (`{...}`, or made with a null prototype), named by its class
 * (`an instance of Map`), or undefined for a plain one. A Map, Date or class instance keeps what it
 * holds outside its own keys, which a reader of keys would see as empty. Reads the prototype, which a
 * caller's Proxy may trap: read it under readCallerValue.
 */
export function notPlainObject(v: object): string | undefined {
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === Object.prototype || proto === null || isObjectPrototype(proto) ? undefined : describeInstance(v);
}

/**
 * Another realm's Object.prototype (an object made in a vm context or another frame): the root of its chain, and
 * Object's own prototype there. Such an object's keys are its own; it was refused as 'a prototype that is another
 * object (its keys inherited)'.
 */
function isObjectPrototype(proto: object): boolean {
  if (Object.getPrototypeOf(proto) !== null) return false;
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value as { prototype?: unknown; name?: unknown } | undefined;
  return typeof ctor === 'function' && ctor.prototype === proto && ctor.name === 'Object';
}

/** `a Date`, `a Map`: the class of an object that is not plain data. */
function describeInstance(v: object): string {
  const name = (v.constructor as { name?: unknown } | undefined)?.name;
  // Object.create({...}): a plain object below, whose keys are inherited, not its own.
  if (name === 'Object') return 'an object whose prototype is another object (its keys inherited)';
  return typeof name === 'string' && /^[A-Za-z_$][\w$]{0,40}$/.test(name) ? `an instance of ${name}` : 'an object that is not plain data';
}

/**
 * Mutations of a parsed input document (a scenario, model, hardware profile, config.json or a
 * validation row) and of its text, for the CLI fuzz: keys deleted, renamed to near misses,
 * duplicated, added; values swapped for another type or an extreme; lines dropped and repeated.
 */
import fc from 'fast-check';
import { VALUE } from './values.js';

type Container = Record<string, unknown> | unknown[];
/** A path into a document, picked by indices modulo each level's size (so any list of numbers is a path). */
const PATH = fc.array(fc.nat(), { minLength: 1, maxLength: 5 });
/** Keys a document may gain: fields of every input kind, near misses of them, and prototype names. */
const NEW_KEY = fc.constantFrom('count', 'tokens', 'seq_len', 'global_batch', 'micro_batch', 'tp', 'pp', 'dp', 'cp', 'ep', 'layers', 'd_model',
  'heads', 'kv_heads', 'vocab', 'ffn', 'experts', 'top_k', 'utilization', 'goodput', 'price', 'usd_per_gpu_hour', 'matrix', 'options',
  'precision', 'recompute', 'mtp_layers', 'virtual_stages', 'schedule', 'deadline', 'budget', 'memory', 'peak_tflops', 'bf16', 'gb',
  'num_hidden_layers', 'hidden_size', 'num_attention_heads', 'vocab_size', 'intermediate_size', 'model_type', 'n_layer', 'reported',
  'tokens_per_second_per_gpu', 'step_time_seconds', 'mfu', 'parallelism', 'countt', 'tokns', 'Count', 'seq-len', 'gpu ', '__proto__',
  'constructor', 'toString', '');

export type DocMutation =
  | { kind: 'delete'; path: number[] }
  | { kind: 'set'; path: number[]; value: unknown }
  | { kind: 'rename'; path: number[]; at: number; char: string }
  | { kind: 'add'; path: number[]; key: string; value: unknown }
  | { kind: 'move'; path: number[]; to: number[] }
  | { kind: 'tweak'; path: number[]; op: Tweak };

/** A number kept a number but taken to an edge, so that the input often stays valid and reaches the arithmetic. */
type Tweak = { times: number } | { to: number } | { plus: number };
const TWEAK: fc.Arbitrary<Tweak> = fc.oneof(
  fc.record({ times: fc.constantFrom(0, -1, 0.5, 1e-9, 1e-3, 0.999999, 1.000001, 3, 1e3, 1e6, 1e9, 1e15, 1e300) }),
  fc.record({ to: fc.constantFrom(1, 2, 3, 7, 1e6, 1e7, 2 ** 53 + 1, 1e-308, 1e308) }),
  fc.record({ plus: fc.constantFrom(1, -1, 0.5) }),
);

export const DOC_MUTATION: fc.Arbitrary<DocMutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), path: PATH }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), path: PATH, value: VALUE }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), path: PATH, at: fc.nat(), char: fc.constantFrom('', 'x', '_', 's', '-', ' ', 'é', 'A') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), path: PATH, key: NEW_KEY, value: VALUE }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), path: PATH, to: PATH }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('tweak' as const), path: PATH, op: TWEAK }) },
);

const TWEAK_ONLY: fc.Arbitrary<DocMutation> = fc.record({ kind: fc.constant('tweak' as const), path: PATH, op: TWEAK });

export type TextMutation = { kind: 'line'; op: 'delete' | 'duplicate' | 'swap'; at: number; other: number } | { kind: 'truncate'; at: number };

export const TEXT_MUTATION: fc.Arbitrary<TextMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('line' as const), op: fc.constantFrom('delete' as const, 'duplicate' as const, 'swap' as const), at: fc.nat(), other: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
);

/** The container and key a path of indices reaches (each index modulo the container's size); test/fuzz/cli.test.ts mutates by it too. */
export function locate(root: unknown, path: number[]): { parent: Container; key: string | number } | undefined {
  let cur = root;
  let found: { parent: Container; key: string | number } | undefined;
  for (const i of path) {
    if (Array.isArray(cur) && cur.length) {
      const k = i % cur.length;
      found = { parent: cur, key: k };
      cur = cur[k];
    } else if (cur && typeof cur === 'object' && Object.keys(cur).length) {
      const keys = Object.keys(cur);
      const k = keys[i % keys.length]!;
      found = { parent: cur as Record<string, unknown>, key: k };
      cur = (cur as Record<string, unknown>)[k];
    } else break;
  }
  return found;
}

const get = (c: Container, k: string | number): unknown => (c as Record<string | number, unknown>)[k];
/** Own-property set, so that a key `__proto__` is a key, as a YAML or JSON parser makes it. */
const put = (c: Container, k: string | number, v: unknown): void => void Object.defineProperty(c, k, { value: v, enumerable: true, configurable: true, writable: true });

export function applyDoc(root: unknown, m: DocMutation): void {
  const at = locate(root, m.path);
  if (!at) return;
  const { parent, key } = at;
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (m.kind === 'set') put(parent, key, structuredClone(m.value));
  else if (m.kind === 'rename' && !Array.isArray(parent)) {
    const k = key as string;
    const p = m.at % (k.length + 1);
    const renamed = k.slice(0, p) + m.char + k.slice(p + (m.char ? 0 : 1));
    if (renamed !== k && !Object.hasOwn(parent, renamed)) {
      put(parent, renamed, parent[k]);
      delete parent[k];
    }
  } else if (m.kind === 'add') {
    const target = get(parent, key);
    if (target && typeof target === 'object' && !Array.isArray(target)) put(target as Container, m.key, structuredClone(m.value));
    else if (!Array.isArray(parent)) put(parent, m.key, structuredClone(m.value));
  } else if (m.kind === 'tweak') {
    const v = get(parent, key);
    if (typeof v !== 'number') return;
    const op = m.op;
    put(parent, key, 'times' in op ? v * op.times : 'to' in op ? op.to : v + op.plus);
  } else if (m.kind === 'move') {
    const from = locate(root, m.to);
    if (from) put(parent, key, structuredClone(get(from.parent, from.key)));
  }
}

export function applyText(text: string, m: TextMutation): string {
  if (m.kind === 'truncate') return text.slice(0, m.at % (text.length + 1));
  const lines = text.split('\n');
  const i = m.at % lines.length;
  const j = m.other % lines.length;
  if (m.op === 'delete') lines.splice(i, 1);
  else if (m.op === 'duplicate') lines.splice(i, 0, lines[i]!); // a duplicated key, in a mapping
  else [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  return lines.join('\n');
}

export interface FileCase {
  base: number;
  doc: DocMutation[];
  text: readonly TextMutation[];
}

/** A case: which base file, then 1-4 document mutations, and sometimes a text mutation after. */
export const fileCase = (bases: number): fc.Arbitrary<FileCase> => fc.record({
  base: fc.nat({ max: bases - 1 }),
  // Half the cases only move numbers to an edge, so that they get past the schema to the arithmetic.
  doc: fc.oneof(fc.array(TWEAK_ONLY, { minLength: 1, maxLength: 3 }), fc.array(DOC_MUTATION, { minLength: 1, maxLength: 4 })),
  text: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(TEXT_MUTATION, { minLength: 1, maxLength: 1 }) }),
});

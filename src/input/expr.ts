/**
 * A locked-down arithmetic evaluator for scenario values: `300B`, `1.4T`, `21 days`, `80 GB`,
 * `20 * params`, `max(512, count / 2)`.
 *
 * mathjs is used ONLY to turn text into a node tree; it never evaluates anything (its evaluator
 * has had remote-code-execution CVEs). The tree is walked here against a whitelist: numbers,
 * parentheses, + - * / ^ (binary and unary, implicit multiplication included), the scenario's own
 * names, the unit/suffix names below and a few pure functions. Everything else is refused with an
 * InputError naming the construct.
 *
 * Start-up: plain numbers, counts (`300B`) and single quantities (`21 days`, `80 GB`) never reach
 * mathjs. Its parser instance is created on first use from `parseDependencies` only (no evaluate,
 * import or createUnit exist in it); the bundled CLI includes just those factories.
 *
 * Units (SI results): durations in seconds, sizes in bytes.
 *   counts    k K = 1e3, M = 1e6, B G = 1e9, T = 1e12, P = 1e15 (plain numbers; `B` is billion)
 *   durations s sec second(s), min minute(s), h hr hour(s), d day(s), week(s),
 *             month(s) = 30 days, year(s) = 365 days
 *   sizes     byte(s), kB KB MB GB TB PB (decimal), KiB MiB GiB TiB PiB (binary)
 */
import { create, parseDependencies } from 'mathjs/number';
import type { MathNode } from 'mathjs';
import { InputError, describeNumber } from './errors.js';
import { proseNumberProblem } from './numberProse.js';
import { parseCount } from './quantity.js';
import { didYouMean } from './suggest.js';
import { cutText } from './columns.js';
import { DIM_TEXT, FUNCTIONS, FUNCTION_NAMES, KIND_DIM, KIND_TEXT, nameCandidates, PLAIN_NUMBER_RE, QUANTITY_RE, UNIT_HINT, UNITS, type Dim, type Quantity } from './exprVocabulary.js';

export type ExpressionKind = 'count' | 'duration' | 'bytes' | 'number';

export interface ExpressionOptions {
  keyPath?: string;
  file?: string;
  line?: number;
  col?: number;
  /** What the field holds; default 'number' (a plain, dimensionless number). */
  kind?: ExpressionKind;
}

/** Policy limits, chosen far above any real value expression (`20 * params` is 11 characters). */
export const EXPRESSION_LIMITS = {
  /** Characters in one expression. */
  maxLength: 500,
  /** Bracket nesting in the text, checked before parsing. */
  maxBrackets: 32,
  /** Depth of the parsed tree (unary chains, long sums); bounds the walker's recursion. */
  maxDepth: 256,
} as const;

export const ALLOWED_HINT = 'only arithmetic, min/max/round/ceil/floor/sqrt/pow/log/exp/abs and the scenario\'s names are allowed';

// ---------------------------------------------------------------------------------------------
// The parser: mathjs, loaded on first use.

type Parse = (text: string) => MathNode;
let cachedParse: Parse | undefined;

/**
 * Sync and lazy: the callers are zod transforms, which are synchronous, and a module-level cache
 * makes every call after the first free. The instance holds nothing but the parser, the node
 * classes and `typed`/`numeric`.
 */
function loadParser(): Parse {
  if (!cachedParse) {
    const math = create({ parseDependencies: parseDependencies! }, {});
    cachedParse = (text) => math.parse(text);
  }
  return cachedParse;
}

/** Whether mathjs has been loaded (for start-up tests). */
export function expressionParserLoaded(): boolean {
  return cachedParse !== undefined;
}

// ---------------------------------------------------------------------------------------------

/**
 * Evaluates a scenario value. Returns seconds for `kind: 'duration'`, bytes for `kind: 'bytes'`
 * and the plain number otherwise. Duration and size fields need a unit; a bare number is taken
 * as bytes for a size, but refused for a duration (`deadline: 60` meant 60 days, not 60 seconds:
 * issue 11), with the unit to add as the hint. Throws InputError for anything else.
 */
export function evaluateExpression(text: string | number, scope: Readonly<Record<string, number>>, opts: ExpressionOptions = {}): number {
  const kind = opts.kind ?? 'number';
  const fail = (message: string, hint?: string): never => {
    throw new InputError(message, { file: opts.file, line: opts.line, col: opts.col, keyPath: opts.keyPath, hint });
  };

  const noUnit = (v: string): never => fail(`a duration needs a unit, found ${v}`, `add a unit: ${v} days (or hours, weeks, seconds)`);
  if (typeof text === 'number') {
    if (!Number.isFinite(text)) fail(`expected a finite number, found ${describeNumber(text)}`);
    if (kind === 'duration') noUnit(String(text));
    return text;
  }
  if (typeof text !== 'string') fail(`expected ${KIND_TEXT[kind]}, found ${typeof text}`);
  const source = text.trim();
  if (source === '') fail(`expected ${KIND_TEXT[kind]}, found an empty string`, UNIT_HINT[KIND_DIM[kind]]);
  if (source.length > EXPRESSION_LIMITS.maxLength) {
    fail(`expression is ${source.length} characters long; the limit is ${EXPRESSION_LIMITS.maxLength}`, 'compute long values outside the scenario, or split them into named values');
  }

  // YAML's spellings of the values that are not numbers (`.nan`, `-.inf`): what a scenario's
  // `price: .nan` is told, not the parser's "Value expected (char 1)".
  const special = /^([-+]?)\.(nan|NaN|NAN|inf|Inf|INF)$/.exec(source);
  if (special) fail(`expected a finite number, found ${describeNumber(/n/i.test(special[2]![0]!) ? NaN : special[1] === '-' ? -Infinity : Infinity)}`);

  // A calendar date where a number or duration goes (`deadline: 2026-06-30`, `count: 2024-01-01`)
  // would otherwise be the subtraction 2026 − 6 − 30: refused as what it is.
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(source)) {
    fail(`expected ${KIND_TEXT[kind]}, found the date ${source}`, kind === 'duration'
      ? 'give the time from the start of the run, e.g. `210 days`: flopcast takes durations, not dates'
      : 'a date is not a value here (unquoted, it would read as a subtraction)');
  }

  const prose = proseNumberProblem(source, scope, kind);
  if (prose) fail(prose.message, prose.hint);

  // A bare numeric literal: accepted by every kind but durations (bytes for sizes).
  if (PLAIN_NUMBER_RE.test(source)) {
    if (kind === 'duration') noUnit(source);
    const v = Number(source.replace(/_/g, ''));
    if (!Number.isFinite(v)) fail(`number \`${clip(source)}\` is out of range`);
    // 1e-400 reads as 0: out of range too, not "expected a positive value, found 1e-400".
    if (v === 0 && /[1-9]/.test(source.split(/[eE]/)[0]!)) fail(`number \`${clip(source)}\` is out of range (below the smallest number, about 5e-324, it reads as 0)`);
    return normalise(v);
  }

  const result = fastPath(source, scope) ?? evaluateTree(source, scope, fail, kind);
  const want = KIND_DIM[kind];
  if (result.dim !== want) {
    const found = result.dim === 'none' ? 'a number without a unit' : DIM_TEXT[result.dim];
    fail(`expected ${KIND_TEXT[kind]}, found ${found}`, UNIT_HINT[want]);
  }
  if (!Number.isFinite(result.value)) fail(`\`${clip(source)}\` is not a finite number`);
  return normalise(result.value);
}

/** `300B`, `1_000_000`, `21 days`, `80 GB`: no mathjs needed. */
function fastPath(source: string, scope: Readonly<Record<string, number>>): Quantity | undefined {
  const count = parseCount(source);
  // A scenario name that is also a suffix (`B`) is ambiguous; the walker explains.
  if (count !== undefined && !Object.hasOwn(scope, source.slice(-1))) return { value: count, dim: 'none' };
  const m = QUANTITY_RE.exec(source);
  if (!m) return undefined;
  const unit = m[2]!;
  if (!Object.hasOwn(UNITS, unit) || Object.hasOwn(scope, unit)) return undefined; // let the walker explain
  const base = Number(m[1]!.replace(/_/g, ''));
  const u = UNITS[unit]!;
  const value = base * u.value;
  return Number.isFinite(value) ? { value, dim: u.dim } : undefined;
}

function normalise(v: number): number {
  return v === 0 ? 0 : v; // no -0
}

function clip(s: string): string {
  return s.length > 60 ? cutText(s, 57) + '...' : s;
}

function evaluateTree(source: string, scopeIn: Readonly<Record<string, number>>, fail: (m: string, h?: string) => never, kind: ExpressionKind): Quantity {
  checkBrackets(source, fail);
  // mathjs reads from `#` to the end of the text as a comment: a quoted "1T # note" was 1T, and "#"
  // alone "`undefined` is not allowed" (the empty comment's value, JavaScript's word).
  if (source.includes('#')) fail('`#` is not allowed in an expression; it would start a comment', 'a comment goes after the value, outside its quotes: tokens: "1T"  # note');

  let tree: MathNode;
  try {
    tree = loadParser()(source);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Python's and JavaScript's power (`2**30`) was "Value expected (char 3)" with the whitelist alone.
    return fail(`cannot parse \`${clip(source)}\`: ${message}`, source.includes('**') ? 'a power is written ^ or pow: 2^30 or pow(2, 30)' : ALLOWED_HINT);
  }

  // Copy the scope into a null-prototype map: `toString`, `constructor`, `__proto__` are not in it.
  const scope = Object.create(null) as Record<string, number>;
  for (const key of Object.keys(scopeIn)) scope[key] = scopeIn[key]!;
  const nameHint = (name: string): string => {
    const { hint, candidates } = nameCandidates(name, kind);
    return hint ?? didYouMean(name, [...Object.keys(scope), ...FUNCTION_NAMES, ...candidates]) ?? (Object.keys(scope).length ? `names available here: ${Object.keys(scope).sort().join(', ')}` : ALLOWED_HINT);
  };

  const finite = (value: number, what: string): number => {
    if (!Number.isFinite(value)) fail(`\`${clip(source)}\` is not a finite number (${what} gives ${describeNumber(value)})`, 'check for division by zero, overflow or an invalid argument');
    return value;
  };

  const walk = (node: MathNode, depth: number): Quantity => {
    if (depth > EXPRESSION_LIMITS.maxDepth) fail(`expression is nested more than ${EXPRESSION_LIMITS.maxDepth} levels deep`);
    // Only plain objects built by mathjs's parser reach here; read `type` as an own/prototype
    // string and dispatch on it, refusing anything not listed.
    const n = node as unknown as Record<string, unknown>;
    switch (node.type) {
      case 'ConstantNode': {
        const value = n['value'];
        if (typeof value === 'number') {
          if (!Number.isFinite(value)) fail(`a number in \`${clip(source)}\` is out of range (it reads as ${describeNumber(value)})`);
          return { value, dim: 'none' };
        }
        if (typeof value === 'string') fail('strings are not allowed in an expression', ALLOWED_HINT);
        return fail(`\`${String(value)}\` is not allowed in an expression; only numbers are`, ALLOWED_HINT);
      }
      case 'ParenthesisNode':
        return walk(n['content'] as MathNode, depth + 1);
      case 'SymbolNode':
        return symbol(String(n['name']));
      case 'OperatorNode':
        return operator(String(n['fn']), String(n['op']), n['args'] as MathNode[], depth, n['implicit'] === true);
      case 'FunctionNode':
        return call(n['fn'] as MathNode, n['args'] as MathNode[], depth);
      case 'AccessorNode': {
        const index = n['index'] as { dotNotation?: boolean; dimensions?: MathNode[] } | undefined;
        const prop = index?.dotNotation ? index.dimensions?.[0] : undefined;
        const propName = prop && prop.type === 'ConstantNode' ? String((prop as unknown as { value: unknown }).value) : undefined;
        return fail(propName !== undefined ? `property access (\`.${propName}\`) is not allowed in an expression` : 'property access and indexing (`a[...]`) are not allowed in an expression', ALLOWED_HINT);
      }
      case 'IndexNode':
        return fail('indexing (`[...]`) is not allowed in an expression', ALLOWED_HINT);
      case 'AssignmentNode':
        return fail('assignment (`=`) is not allowed in an expression', ALLOWED_HINT);
      case 'FunctionAssignmentNode':
        return fail('defining a function (`f(x) = ...`) is not allowed in an expression', ALLOWED_HINT);
      case 'ObjectNode':
        return fail('objects (`{...}`) are not allowed in an expression', ALLOWED_HINT);
      case 'ArrayNode':
        return fail('arrays and matrices (`[...]`) are not allowed in an expression', ALLOWED_HINT);
      case 'BlockNode':
        return fail('multiple statements (`;` or a line break) are not allowed in an expression', ALLOWED_HINT);
      case 'ConditionalNode':
        return fail('conditionals (`a ? b : c`) are not allowed in an expression', ALLOWED_HINT);
      case 'RangeNode':
        return fail('ranges (`a:b`) are not allowed in an expression', ALLOWED_HINT);
      case 'RelationalNode':
        return fail('comparisons are not allowed in an expression', ALLOWED_HINT);
      default:
        return fail(`\`${String(node.type)}\` is not allowed in an expression`, ALLOWED_HINT);
    }
  };

  const symbol = (name: string): Quantity => {
    const inScope = Object.hasOwn(scope, name);
    const isUnit = Object.hasOwn(UNITS, name);
    if (inScope && isUnit) {
      fail(`\`${name}\` is both a scenario name and a unit or suffix, so its meaning is ambiguous`, 'rename the scenario value');
    }
    if (inScope) {
      const value = scope[name];
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`\`${name}\` is not a finite number, found ${typeof value === 'number' ? describeNumber(value) : typeof value}`);
      return { value: value!, dim: 'none' };
    }
    if (isUnit) return UNITS[name]!;
    if (Object.hasOwn(FUNCTIONS, name)) fail(`function \`${name}\` must be called with arguments, e.g. \`${name}(...)\``);
    return fail(`unknown name \`${name}\``, nameHint(name));
  };

  const operator = (fn: string, op: string, args: MathNode[], depth: number, implicit = false): Quantity => {
    if (args.length === 1 && (fn === 'unaryMinus' || fn === 'unaryPlus')) {
      const a = walk(args[0]!, depth + 1);
      return { value: fn === 'unaryMinus' ? -a.value : a.value, dim: a.dim };
    }
    if (args.length !== 2 || !['add', 'subtract', 'multiply', 'divide', 'pow'].includes(fn)) {
      return fail(`operator \`${op}\` is not allowed in an expression`, ALLOWED_HINT);
    }
    const a = walk(args[0]!, depth + 1);
    const b = walk(args[1]!, depth + 1);
    switch (fn) {
      case 'add':
      case 'subtract':
        if (a.dim !== b.dim) fail(`cannot ${fn === 'add' ? 'add' : 'subtract'} ${DIM_TEXT[b.dim]} ${fn === 'add' ? 'to' : 'from'} ${DIM_TEXT[a.dim]}`, 'give every term the same kind of unit, e.g. `1 day + 12 h`');
        return { value: finite(fn === 'add' ? a.value + b.value : a.value - b.value, op), dim: a.dim };
      case 'multiply':
        // Side by side (`90 days 3 hours`, mathjs' implicit multiplication), two quantities were meant as a sum.
        if (a.dim !== 'none' && b.dim !== 'none') fail(`cannot multiply ${DIM_TEXT[a.dim]} by ${DIM_TEXT[b.dim]}`, implicit ? 'two values side by side multiply; to add them, write + between them, e.g. `1 day + 12 h`' : undefined);
        return { value: finite(a.value * b.value, '*'), dim: a.dim === 'none' ? b.dim : a.dim };
      case 'divide': {
        let dim: Dim;
        if (b.dim === 'none') dim = a.dim;
        else if (a.dim === b.dim) dim = 'none';
        else return fail(`cannot divide ${DIM_TEXT[a.dim]} by ${DIM_TEXT[b.dim]}`);
        return { value: finite(a.value / b.value, '/'), dim };
      }
      default: // pow
        if (a.dim !== 'none' || b.dim !== 'none') fail('`^` needs plain numbers on both sides, not a duration or size');
        return { value: finite(a.value ** b.value, '^'), dim: 'none' };
    }
  };

  const call = (callee: MathNode, args: MathNode[], depth: number): Quantity => {
    if (callee.type !== 'SymbolNode') {
      walk(callee, depth + 1); // names the forbidden construct inside (property access, ...) if any
      return fail('calling the result of an expression is not allowed', ALLOWED_HINT);
    }
    const name = String((callee as unknown as { name: unknown }).name);
    if (!Object.hasOwn(FUNCTIONS, name)) {
      const dym = didYouMean(name, FUNCTION_NAMES);
      return fail(`function \`${name}\` is not allowed in an expression`, dym ? `${dym} (${ALLOWED_HINT})` : ALLOWED_HINT);
    }
    const f = FUNCTIONS[name]!;
    const [lo, hi] = f.arity;
    if (args.length < lo || args.length > hi) {
      const want = lo === hi ? `${lo} argument${lo === 1 ? '' : 's'}` : hi > 2 ? `at least ${lo} argument${lo === 1 ? '' : 's'}` : `${lo} or ${hi} arguments`;
      fail(`\`${name}\` takes ${want}, found ${args.length}`);
    }
    const values = args.map((a) => walk(a, depth + 1));
    const dim = values[0]!.dim;
    if (f.dims === 'none' && values.some((v) => v.dim !== 'none')) fail(`\`${name}\` needs plain numbers, not a duration or size`);
    if (f.dims === 'same' && values.some((v) => v.dim !== dim)) fail(`\`${name}\` cannot mix ${DIM_TEXT[dim]} with ${DIM_TEXT[values.find((v) => v.dim !== dim)!.dim]}`);
    return { value: finite(f.apply(values.map((v) => v.value)), `${name}()`), dim };
  };

  return walk(tree, 0);
}

/** Refuses deep bracket nesting before mathjs's recursive-descent parser sees it. */
function checkBrackets(source: string, fail: (m: string, h?: string) => never): void {
  let depth = 0;
  for (const ch of source) {
    if (ch === '(' || ch === '[' || ch === '{') {
      depth++;
      if (depth > EXPRESSION_LIMITS.maxBrackets) fail(`expression nests brackets more than ${EXPRESSION_LIMITS.maxBrackets} deep`);
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
}

/**
 * The arithmetic walker behind src/input/expr.ts, for every value its fast path does not read.
 *
 * mathjs is used ONLY to turn text into a node tree; it never evaluates anything (its evaluator
 * has had remote-code-execution CVEs). The tree is walked here against a whitelist: numbers,
 * parentheses, + - * / ^ (binary and unary, implicit multiplication included), the scenario's own
 * names, the unit/suffix names of exprVocabulary.ts and a few pure functions. Everything else is
 * refused with an InputError naming the construct.
 *
 * Start-up: the parser instance is created on first use from `parseDependencies` only (no evaluate,
 * import or createUnit exist in it); the bundled CLI includes just those factories.
 */
import { create, parseDependencies } from 'mathjs/number';
import type { MathNode } from 'mathjs';
import { beyondLargest, describeNumber } from './errors.js';
import { didYouMean } from './suggest.js';
import { plural } from '../report/format.js';
import type { ExpressionKind } from './expr.js';
import { rateHint, type PerUnit } from './rateHint.js';
import { clip, DIM_TEXT, echoNumber, FUNCTIONS, FUNCTION_NAMES, nameCandidates, UNITS, type Dim, type Quantity } from './exprVocabulary.js';

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
const NO_NAMES_HINT = 'no names are read here: only numbers, arithmetic and min/max/round/ceil/floor/sqrt/pow/log/exp/abs';

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

/**
 * The parser's refusal in flopcast's words: what it stopped at and the column, as a value's other errors name a column
 * (numberProse.ts notAscii). mathjs's own ("Property name expected after dot (char 9)", "Value expected (char 3)") named its
 * internals (review36); its `char` is the 1-based column of the token it stopped at, past the text's end where the text ends
 * early (mathjs lib/esm/expression/parse.js createSyntaxError).
 */
export function parseErrorText(source: string, err: unknown): string {
  const char = (err as { char?: unknown } | null)?.char;
  if (typeof char !== 'number' || !Number.isInteger(char) || char < 1) return 'this is no expression a value reads';
  const quote = /^End of string (.) expected/.exec(err instanceof Error ? err.message : '')?.[1];
  if (quote !== undefined) return `the quote ${quote} at column ${source.lastIndexOf(quote) + 1} is not closed`;
  const bracket = /^(?:Parenthesis|End of matrix) ([)\]]) expected/.exec(err instanceof Error ? err.message : '')?.[1];
  if (bracket !== undefined) return `a closing \`${bracket}\` is expected at column ${char}`;
  if (char > source.length) return `it ends early: a value or a name is expected at column ${char}`;
  const c = source[char - 1]!;
  return `unexpected ${c === '`' ? 'backtick' : `\`${c}\``} at column ${char}`;
}

/**
 * The value and dimension of `source`, a text no fast path reads; `fail` throws the caller's InputError. `noPercent`, where
 * the field reads no percentage, throws its refusal at the first (mathjs marks `45%` as a percentage: `45 / 100`).
 */
export function evaluateTree(source: string, scopeIn: Readonly<Record<string, number>>, fail: (m: string, h?: string) => never, kind: ExpressionKind, noPercent?: () => never, per?: PerUnit): Quantity {
  checkBrackets(source, fail);
  // mathjs reads from `#` to the end of the text as a comment: a quoted "1T # note" was 1T, and "#"
  // alone "`undefined` is not allowed" (the empty comment's value, JavaScript's word).
  if (source.includes('#')) fail('`#` is not allowed in an expression; it would start a comment', 'a comment goes after the value, outside its quotes: tokens: "1T"  # note');

  let tree: MathNode;
  try {
    tree = loadParser()(source);
  } catch (err) {
    // Python's and JavaScript's power (`2**30`) was "Value expected (char 3)" with the whitelist alone.
    return fail(`cannot parse \`${clip(source)}\`: ${parseErrorText(source, err)}`, source.includes('**') ? 'a power is written ^ or pow: 2^30 or pow(2, 30)' : ALLOWED_HINT);
  }

  // Copy the scope into a null-prototype map: `toString`, `constructor`, `__proto__` are not in it.
  const scope = Object.create(null) as Record<string, number>;
  for (const key of Object.keys(scopeIn)) scope[key] = scopeIn[key]!;
  const nameHint = (name: string): string => {
    const { hint, candidates, fallback } = nameCandidates(name, kind);
    // Where no name is read (a command-line value), "the scenario's names" named none there is.
    return hint ?? didYouMean(name, [...Object.keys(scope), ...FUNCTION_NAMES, ...candidates]) ?? fallback ?? (Object.keys(scope).length ? `names available here: ${Object.keys(scope).sort().join(', ')}` : NO_NAMES_HINT);
  };

  const finite = (value: number, what: string): number => {
    if (!Number.isFinite(value)) fail(`\`${clip(source)}\` is not a finite number (${what} gives ${notFiniteWords(value)})`, 'check for division by zero, overflow or an invalid argument');
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
          // The number as written (`1e400` in `1e400days`): it was told 'it reads as .inf (unbounded)', YAML's word.
          // mathjs's own `Infinity` and `NaN` are not numbers written: told as what they read as.
          const literal = overflowingLiteral(source);
          if (!Number.isFinite(value)) fail(literal === undefined ? `a number in \`${clip(source)}\` is out of range (it reads as ${notFiniteWords(value)})` : beyondLargest(`${echoNumber(literal, '`')} in \`${clip(source)}\``));
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
        if (noPercent !== undefined && n['isPercentage'] === true) noPercent();
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
        // A rate written with its time unit (`usd_per_gpu_hour: 2.5/h`, as a rate card prints $/h; `--price 1800/month`): the
        // key's name carries the unit, and the hint is the figure in it (rateHint.ts, as `$1800/month` is told in numberProse.ts).
        else if (a.dim === 'none' && b.dim === 'time' && args[1]!.type === 'SymbolNode') {
          return fail(`cannot divide ${DIM_TEXT[a.dim]} by ${DIM_TEXT[b.dim]}`, rateHint(a.value, String((args[1] as unknown as { name: unknown }).name), per));
        } else return fail(`cannot divide ${DIM_TEXT[a.dim]} by ${DIM_TEXT[b.dim]}`);
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
      const want = lo === hi ? `${plural(lo, 'argument')}` : hi > 2 ? `at least ${plural(lo, 'argument')}` : `${lo} or ${hi} arguments`;
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

/** The first number written in `source` that reads beyond the largest number (`1e400` in `2 * 1e400days`), if any. */
function overflowingLiteral(source: string): string | undefined {
  return source.match(/(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:e[-+]?\d+)?/gi)?.find((t) => !Number.isFinite(Number(t.replace(/_/g, ''))));
}

/**
 * A value that is not a finite number in an expression's words, not YAML's (`.inf (unbounded)` of a command-line
 * `--deadline 1e305days`: hostile sweep 30): no number, infinity, minus infinity.
 */
function notFiniteWords(value: number): string {
  return Number.isNaN(value) ? 'no number' : value < 0 ? 'minus infinity' : 'infinity';
}

/**
 * A Megatron-Core pipeline layout (`--pipeline-model-parallel-layout`, e.g. `Et*4|(t*4|)*14tmL`): which
 * pipeline rank and virtual stage hold the embedding (E), each decoder layer (t), each multi-token-prediction
 * layer (m) and the loss head (L). Grammar and rules are Megatron-Core's own, NVIDIA/Megatron-LM
 * megatron/core/transformer/pipeline_parallel_layer_layout.py (commit 00caa53): `parse_str_to_list` (commas
 * removed; `(…)*n` unrolled by the pattern `\(([^)]+)\)\*(\d+)`, then `x*n` by `(.)\*(\d+)`; split on `|`;
 * the four letters), `__init__` (the chunks divide into pp ranks; chunk i on rank i % pp, virtual stage
 * i // pp) and `validate_layer_layout`. Pure: `pipelinePlacement` returns what each rank holds or the
 * problem, with the character position in the written text (1-based).
 */
import { isMoeLayer, vSecondChunk, type Architecture } from '../model/architecture.js';
import { divisors } from './divisors.js';

/** What went wrong, where (1-based column of the written text; null: the layout as a whole), and what to do. */
export interface LayoutProblem {
  message: string;
  position: number | null;
  hint: string;
  /** The model's count the layout disagrees with, where that is the problem: its decoder layers or its MTP layers (a caller blames whoever set it). */
  count?: 'layers' | 'mtp';
}

/** What one pipeline rank holds: its decoder layers (dense and MoE), E, L, MTP layers. */
export interface RankPlacement {
  dense: number;
  moe: number;
  embedding: boolean;
  loss: boolean;
  mtp: number;
}

export interface Placement {
  pp: number;
  virtualStages: number;
  /** Per pipeline rank, rank 0 first. */
  ranks: RankPlacement[];
  /** The decoder layers of the largest chunk (virtual stage) of any rank. */
  largestChunk: number;
}

/** The expanded layout: its letters in layer order, each one's column in the written text, and where each chunk starts. */
interface Parsed {
  letters: string;
  columns: Int32Array;
  /** Index in `letters` where chunk k starts; a last entry of letters.length closes the last chunk. */
  starts: number[];
}

const LETTERS = 'ELtm';
const NAMES: Record<string, string> = { E: 'E (embedding)', L: 'L (loss)', t: 't (decoder layer)', m: 'm (MTP layer)' };
const GRAMMAR = 'write E, t, m and L, chunks separated by |, repeats as x*n or (…)*n (not nested), commas ignored';

/**
 * Limits that refuse a hostile layout before it is expanded, tied to the model. A valid layout has exactly
 * `elements` = layers + MTP layers + E + L letters; chunks may be empty (Megatron prints "(empty stage)"),
 * and up to as many empty ones as there are letters are allowed (more is no pipeline anyone runs). The
 * expanded text is then at most elements + chunks characters; the text after unrolling the groups (`x*n`
 * still written) and the written text, four times that (`t*1,` spends four characters on one letter).
 */
export function layoutLimits(arch: Pick<Architecture, 'layers' | 'mtpDepth'>): { elements: number; chunks: number; expanded: number; written: number } {
  const elements = arch.layers + arch.mtpDepth + 2;
  const chunks = 2 * elements;
  const expanded = elements + chunks;
  return { elements, chunks, expanded, written: 4 * expanded };
}

const problem = (message: string, position: number | null, hint = GRAMMAR): LayoutProblem => ({ message, position, hint });

/**
 * One of Megatron's two `re.sub` passes, bounded: the expanded length is added up from the matches first
 * and the text refused when over `cap`, so `t*999999999999` or `(t|)*1000000000` is never built.
 */
function unroll(text: string, columns: Int32Array, pattern: RegExp, repeated: (m: RegExpExecArray) => [number, number], cap: number, what: string): { text: string; columns: Int32Array } | LayoutProblem {
  const matches = [...text.matchAll(pattern)];
  let length = text.length;
  for (const m of matches) {
    length += m[1]!.length * repeated(m)[1] - m[0].length;
    if (length > cap) return problem(`${what} at column ${columns[m.index]} makes the layout longer than ${cap} characters, more than this model's layers can fill`, columns[m.index]!, 'repeat only what the model has: count(t) must equal its layers');
  }
  const out: string[] = [];
  const cols = new Int32Array(Math.max(length, 0));
  let at = 0;
  let from = 0;
  const copy = (start: number, end: number) => { for (let i = start; i < end; i++) { out.push(text[i]!); cols[at++] = columns[i]!; } };
  for (const m of matches) {
    copy(from, m.index);
    const [start, times] = repeated(m);
    for (let k = 0; k < times; k++) copy(m.index + start, m.index + start + m[1]!.length);
    from = m.index + m[0].length;
  }
  copy(from, text.length);
  return { text: out.join(''), columns: cols.subarray(0, at) };
}

/** Megatron's parse_str_to_list, bounded (see layoutLimits), keeping each letter's written column. */
export function parseLayout(written: string, limits: ReturnType<typeof layoutLimits>): Parsed | LayoutProblem {
  if (written.length > limits.written) return problem(`the layout is ${written.length} characters long; this model's needs at most ${limits.written}`, null);
  // Outside ASCII: refused where written (Python's \d would read other scripts' digits; no layout needs them).
  for (let i = 0; i < written.length; i++) {
    const c = written.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return problem(`expected one of E, L, t, m, |, (, ), *, a digit or a comma, found ${JSON.stringify(written[i])} at column ${i + 1}`, i + 1);
  }
  // Cosmetic commas removed ("remove purely cosmetic commas").
  const keep: number[] = [];
  let text = '';
  for (let i = 0; i < written.length; i++) if (written[i] !== ',') { text += written[i]; keep.push(i + 1); }
  let columns: Int32Array = Int32Array.from(keep);
  // Megatron's group pattern cannot nest: a "(" inside an open group is refused, not half-unrolled.
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') {
      if (open >= 0) return problem(`groups cannot be nested: "(" at column ${columns[i]} inside the group opened at column ${columns[open]} (Megatron's pattern \\(([^)]+)\\)\\*(\\d+) reads no nesting)`, columns[i]!, 'write the inner repeat out, or as x*n: (t*2|)*3, not ((t)*2|)*3');
      open = i;
    } else if (text[i] === ')') open = -1;
  }
  // `(G)*n`: G from index 1; then `x*n` on the result: x at index 0.
  const groups = unroll(text, columns, /\(([^)]+)\)\*(\d+)/g, (m) => [1, Number(m[2])], limits.written, 'the group');
  if ('message' in groups) return groups;
  const singles = unroll(groups.text, groups.columns, /(.)\*(\d+)/g, (m) => [0, Number(m[2])], limits.expanded, 'the repeat');
  if ('message' in singles) return singles;
  text = singles.text;
  columns = singles.columns;
  const starts = [0];
  let letters = '';
  const cols: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '|') { starts.push(letters.length); continue; }
    if (!LETTERS.includes(c)) {
      return problem(`expected one of E (embedding), L (loss), t (decoder layer), m (MTP layer) or |, found ${JSON.stringify(c)} at column ${columns[i]}`, columns[i]!,
        c === '(' || c === ')' ? 'a group is written (…)*n with a count, and groups do not nest' : GRAMMAR);
    }
    letters += c;
    cols.push(columns[i]!);
  }
  if (starts.length > limits.chunks) return problem(`the layout has ${starts.length} chunks, more than the ${limits.chunks} this model's ${limits.elements} letters (layers, MTP layers, E and L) could fill with as many empty chunks as full ones`, null, 'one chunk per pipeline rank and virtual stage: pp × virtual_stages chunks');
  starts.push(letters.length);
  return { letters, columns: Int32Array.from(cols), starts };
}

const count = (s: string, c: string): number => { let n = 0; for (const x of s) if (x === c) n++; return n; };

/** validate_layer_layout's checks that do not depend on pp: E first and once, L last and once, the layer and MTP counts, decoder layers before MTP layers. */
function checkModel(p: Parsed, arch: Architecture): LayoutProblem | null {
  const s = p.letters;
  const at = (i: number) => p.columns[i]!;
  const nameOf = (i: number) => (i >= 0 && i < s.length ? `${NAMES[s[i]!]} at column ${at(i)}` : 'no layer');
  if (s[0] !== 'E') return problem(`the first layer must be E (embedding), found ${nameOf(0)}`, s.length ? at(0) : null, 'start the layout with E');
  if (s[s.length - 1] !== 'L') return problem(`the last layer must be L (loss), found ${nameOf(s.length - 1)}`, at(s.length - 1), 'end the layout with L');
  for (const c of ['E', 'L']) {
    const second = s.indexOf(c, s.indexOf(c) + 1);
    if (second >= 0) return problem(`${NAMES[c]} must appear exactly once, found a second at column ${at(second)}`, at(second), `one ${c}`);
  }
  const t = count(s, 't');
  if (t !== arch.layers) return { ...problem(`the layout has ${t} decoder layers (t), the model ${arch.name} has ${arch.layers}`, null, `write ${arch.layers} t`), count: 'layers' };
  const m = count(s, 'm');
  if (m !== arch.mtpDepth) return { ...problem(`the layout has ${m} MTP layers (m), the model ${arch.name} has ${arch.mtpDepth}`, null, arch.mtpDepth ? `write ${arch.mtpDepth} m` : 'leave m out: the model has no multi-token prediction'), count: 'mtp' };
  const firstM = s.indexOf('m');
  const late = firstM >= 0 ? s.indexOf('t', firstM) : -1;
  if (late >= 0) return problem(`decoder layers must be placed before MTP layers, found t at column ${at(late)} after m at column ${at(firstM)}`, at(late), 'move the m after the last t');
  return null;
}

/** The placement on `pp` ranks: __init__'s divisibility and validate_layer_layout's MTP rules, then per-rank counts; `inV`: the chunks in a V (schedules.ts placesInV). */
function place(p: Parsed, arch: Architecture, pp: number, ppName: string, inV: boolean): Placement | LayoutProblem {
  const chunks = p.starts.length - 1;
  if (chunks % pp !== 0) {
    const n = chunks === 1 ? 'the layout\'s one chunk does' : `the layout's ${chunks} chunks do`;
    return problem(`${n} not divide into pp = ${pp} pipeline ranks`, null, chunksOverPpHint(chunks, ppName));
  }
  const v = chunks / pp;
  // A V holds two chunks a rank; other counts are refused with zb-v by the virtual-stages rule (layoutRules.ts), placed here as Megatron places them.
  if (v !== 2) inV = false;
  const ranks: RankPlacement[] = Array.from({ length: pp }, () => ({ dense: 0, moe: 0, embedding: false, loss: false, mtp: 0 }));
  let layer = 0;
  let largest = 0;
  for (let k = 0; k < chunks; k++) {
    const rank = inV && k >= pp ? vSecondChunk(k, pp) : k % pp;
    const r = ranks[rank]!;
    const stage = Math.floor(k / pp);
    let t = 0;
    let m = 0;
    for (let i = p.starts[k]!; i < p.starts[k + 1]!; i++) {
      const c = p.letters[i];
      if (c === 't') {
        t++;
        // Decoder layers are numbered across the chunks in order (the rule of architecture.ts isMoeLayer needs the index).
        if (arch.moe && isMoeLayer(arch.moe, layer)) r.moe++; else r.dense++;
        layer++;
      } else if (c === 'm') m++;
      else if (c === 'E') r.embedding = true;
      else r.loss = true;
    }
    if (m > 0 && stage < v - 1) {
      const col = p.columns[p.letters.indexOf('m', p.starts[k])]!;
      return problem(`MTP layers must be in the last virtual stage of their rank, found m at column ${col} in virtual stage ${stage} of rank ${rank} (of ${v})`, col, 'move the m into a chunk of the last virtual stage');
    }
    if (m > 0 && m !== arch.mtpDepth) {
      const col = p.columns[p.letters.indexOf('m', p.starts[k])]!;
      return problem(`all ${arch.mtpDepth} MTP layers must be in one virtual stage, found ${m} in the chunk at column ${col}`, col, 'put every m in one chunk');
    }
    r.mtp += m;
    if (t > largest) largest = t;
  }
  return { pp, virtualStages: v, ranks, largestChunk: largest };
}

/** The hint where a layout's `chunks` do not divide over pp, `pp` named as the caller names it (RuleContext.name: `--pp` in plan). */
const chunksOverPpHint = (chunks: number, pp: string): string => `pp × virtual_stages must equal the chunks (${chunks}): ${pp} one of ${divisors(chunks).join(', ')}`;

/** Hybrid (Mamba) models: src/perf has no Mamba-2 layer cost, so no placement of theirs is predicted. */
function refuseHybrid(arch: Architecture): LayoutProblem | null {
  return arch.hybrid ? problem(`${arch.name} is a hybrid Mamba/Transformer model, whose performance is not predicted`, null, 'a pipeline layout is read for Transformer models') : null;
}

const parsedMemo = new WeakMap<Architecture, Map<string, Parsed | LayoutProblem>>();
const placedMemo = new WeakMap<Architecture, Map<string, Placement | LayoutProblem>>();

/** The layout parsed and checked against the model, whatever pp is (memoised per model: the rules and the step model ask often). */
export function layoutModelProblem(arch: Architecture, written: string): LayoutProblem | null {
  const r = parsedFor(arch, written);
  return 'message' in r ? r : null;
}

function parsedFor(arch: Architecture, written: string): Parsed | LayoutProblem {
  let memo = parsedMemo.get(arch);
  if (!memo) parsedMemo.set(arch, (memo = new Map()));
  let r = memo.get(written);
  if (!r) {
    const parsed = refuseHybrid(arch) ?? parseLayout(written, layoutLimits(arch));
    r = 'message' in parsed ? parsed : checkModel(parsed, arch) ?? parsed;
    memo.set(written, r);
  }
  return r;
}

/** The layout's chunks (pp × virtual stages), or null when it does not parse or does not fit the model. */
export function layoutChunks(arch: Architecture, written: string): number | null {
  const r = parsedFor(arch, written);
  return 'message' in r ? null : r.starts.length - 1;
}

/**
 * What each of `pp` ranks holds, or the first problem (memoised per model, text, pp, the name a hint gives pp
 * (`--pp` in plan, RuleContext.name) and the placement). `inV`: the chunks in a V (schedules.ts placesInV of the
 * schedule: zb-v), else Megatron-Core's chunk k on rank k mod pp. The placement is all a schedule decides here: a
 * schedule was taken and read only for it, and stageParams.ts, which knows the placement, named zb-v to get it.
 */
export function pipelinePlacement(arch: Architecture, written: string, pp: number, ppName = 'pp', inV = false): Placement | LayoutProblem {
  let memo = placedMemo.get(arch);
  if (!memo) placedMemo.set(arch, (memo = new Map()));
  const key = `${pp}|${ppName}|${inV ? 'V' : ''}|${written}`;
  let r = memo.get(key);
  if (!r) {
    const parsed = parsedFor(arch, written);
    r = 'message' in parsed ? parsed : place(parsed, arch, pp, ppName, inV);
    memo.set(key, r);
  }
  return r;
}

/** The placement of a layout the rules accepted (pipelineLayoutRules.ts pipeline-layout*): throws if it was not checked. `inV`: {@link pipelinePlacement}. */
export function placementOf(arch: Architecture, written: string, pp: number, inV: boolean): Placement {
  const r = pipelinePlacement(arch, written, pp, 'pp', inV);
  if ('message' in r) throw new RangeError(`pipeline layout not checked: ${r.message}`);
  return r;
}

/**
 * The one table of layout-validity rules. `checkLayout` (a whole layout), `fixedFieldIssues` (the
 * fields a user fixed, before the planner fills in the rest) and the planner (which evaluates each
 * rule at the loop level where its last field becomes known) all read this list; none restates a rule.
 * The rules are written by concern, in table order: the parallel degrees (degreeRules.ts), pipelining
 * (pipelineRules.ts), the memory-saving options (memorySavingRules.ts) and what the named stack can run
 * (stackRules.ts). The order is the table's: the checks list broken rules in it, and the planner counts
 * a layout under the first rule of a loop level it breaks.
 *
 * A rule names the fields it reads (`fields`); `ok` decides a whole layout. `partialOk`, where given,
 * is a necessary condition that can refute a partial layout before all its fields are known (every
 * partial layout it refuses fails `ok` for every completion); without it a rule is checked on a
 * partial layout only once all its fields are fixed. `blame` is the field the message points at.
 */
import type { Architecture } from '../model/architecture.js';
import type { Layout, LayoutField } from './layout.js';
import type { StackProfile } from './stack.js';
import { DEGREE_RULES } from './degreeRules.js';
import { MEMORY_SAVING_RULES } from './memorySavingRules.js';
import { PIPELINE_RULES } from './pipelineRules.js';
import { STACK_RULES } from './stackRules.js';

export interface RuleContext {
  arch: Architecture;
  gpuCount: number;
  globalBatchSequences: number;
  seqLen: number;
  /** Allow pp not dividing the layers (uneven stages, Llama 3 §3.3.2). */
  unevenStages: boolean;
  /** The training stack whose capabilities apply; null: no stack restrictions. */
  stack: StackProfile | null;
  /** Expert-parallel all-to-all overlap asked for (Megatron-Core --overlap-moe-expert-parallel-comm). */
  epCommOverlap?: boolean;
}

export type P = Partial<Layout>;

export interface LayoutRule {
  id: string;
  fields: readonly LayoutField[];
  /** Short text the planner counts skipped layouts under. */
  summary: string;
  ok: (l: Layout, c: RuleContext) => boolean;
  partialOk?: (p: P, c: RuleContext) => boolean;
  /** The field a user would change (default: the first of `fields`). */
  blame?: (p: P, c: RuleContext) => LayoutField;
  message: (p: P, c: RuleContext) => string;
  hint: (p: P, c: RuleContext) => string;
  source: string;
}

/** Whether the partial layout `p` fixes every field of `fs`. */
export const known = (p: P, fs: readonly LayoutField[]) => fs.every((f) => p[f] !== undefined);

export const LAYOUT_RULES: readonly LayoutRule[] = [
  ...DEGREE_RULES,
  ...PIPELINE_RULES,
  ...MEMORY_SAVING_RULES,
  // Then the stack-conditional rules (stackRules.ts).
  ...STACK_RULES,
];

/** One broken rule, located at the field a user would change. */
export interface RuleIssue {
  rule: LayoutRule;
  field: LayoutField;
  message: string;
  hint: string;
}

function issue(r: LayoutRule, p: P, c: RuleContext): RuleIssue {
  return { rule: r, field: r.blame?.(p, c) ?? r.fields[0]!, message: r.message(p, c), hint: r.hint(p, c) };
}

/** Every rule a whole layout breaks (after the first, whole-numbers, the others assume integers). */
export function brokenRules(l: Layout, c: RuleContext): RuleIssue[] {
  const out: RuleIssue[] = [];
  for (const r of LAYOUT_RULES) {
    if (!r.ok(l, c)) {
      out.push(issue(r, l, c));
      if (r.id === 'whole-numbers') return out;
    }
  }
  return out;
}

/** Every rule the fixed fields of a partial layout already break, whatever the planner picks for the rest. */
export function brokenByFixed(p: P, c: RuleContext): RuleIssue[] {
  const out: RuleIssue[] = [];
  for (const r of LAYOUT_RULES) {
    const bad = r.partialOk ? !r.partialOk(p, c) : known(p, r.fields) && !r.ok(p as Layout, c);
    if (bad) {
      out.push(issue(r, p, c));
      if (r.id === 'whole-numbers') return out;
    }
  }
  return out;
}

/**
 * The rules grouped by the planner's loop level at which their last field becomes known (`levelOf`
 * gives each field's level); rules with a `partialOk` are also usable earlier but are placed where
 * they are decidable in full.
 */
export function rulesByLevel(levelOf: Record<LayoutField, number>, levels: number): LayoutRule[][] {
  const out: LayoutRule[][] = Array.from({ length: levels }, () => []);
  for (const r of LAYOUT_RULES) {
    if (r.id === 'whole-numbers') continue; // the planner generates whole numbers only
    out[Math.max(...r.fields.map((f) => levelOf[f]))]!.push(r);
  }
  return out;
}

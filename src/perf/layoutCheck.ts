/**
 * Whether a layout can run, and how its reasons are told: the issues the rules of layoutRules.ts find in a
 * layout (checkLayout), and the one InputError a run, a plan or a validation row throws for them, at the key
 * a user would change (throwFirst). The layout itself and what it implies: layout.ts.
 */
import type { Architecture } from '../model/architecture.js';
import { InputError } from '../input/errors.js';
import type { Layout, LayoutField } from './layout.js';
import { brokenRules, type RuleIssue } from './layoutRules.js';
import { scenarioKey, scenarioName, type HintField } from './layoutFields.js';
import type { RuleContext } from './layoutRuleTypes.js';
import type { StackProfile } from './stack.js';
import { P2P, type CpComm } from './cpComm.js';
import { NO_OFFLOAD, type Offload } from './offload.js';
import { NO_ZERO_PLUS_PLUS, type ZeroPlusPlus } from './zeroPlusPlus.js';

/** One reason a layout cannot run, naming the field a user would change and the rule broken (layoutRules.ts). */
export interface LayoutIssue {
  field: LayoutField;
  message: string;
  hint: string;
  rule: string;
  /** Where the issue is told when it is about a run setting, not a layout field (LayoutRule.key); absent: the field's key. */
  key?: string;
  /** Other fixed fields whose change resolves the issue, each with the hint told at it (fixedFieldIssues.ts; {@link throwFirst}). */
  also?: readonly IssueAlso[];
}

/** A field an issue is as much about, with the hint in its terms (fields named as the rules' hints name them, RuleContext.name). */
export interface IssueAlso {
  field: LayoutField;
  hint: string;
}

export interface LayoutCheckOptions {
  /** Sequence length of the run (default: the architecture's). */
  seqLen?: number;
  /**
   * Allow pp not dividing the layer count (stages of ⌈L/p⌉ and ⌊L/p⌋ layers, as Llama 3 did:
   * "we reduce one Transformer layer each from the first and the last stages", Llama 3 §3.3.2).
   */
  unevenStages?: boolean;
  /** The training stack whose capabilities apply (stack.ts); none: no stack rules. */
  stack?: StackProfile | null;
  /** Expert-parallel all-to-all overlap asked for (its layout rule applies). */
  epCommOverlap?: boolean;
  /** The context-parallel communication (cpComm.ts; default p2p): a2a's head rule reads it. */
  cpComm?: CpComm;
  /** The run's CPU offload (offload.ts; default none): the offload rules read it. */
  offload?: Offload;
  /** The run's ZeRO++ switches (zeroPlusPlus.ts; default off): the ZeRO++ rules read them. */
  zeroPlusPlus?: ZeroPlusPlus;
  /** GPUs of one scale-up domain as the network model reads it (network.ts Network.domainSize; default unbounded): hpZ's group must fit in it. */
  scaleUpDomain?: number;
  /** How hints name a field (RuleContext.name); default its scenario key's last part (`virtual_stages`, layoutFields.ts scenarioName). */
  fieldName?: (f: HintField) => string;
}

export function ruleContext(arch: Architecture, gpuCount: number, globalBatchSequences: number, options: LayoutCheckOptions = {}): RuleContext {
  return { arch, gpuCount, globalBatchSequences, seqLen: options.seqLen ?? arch.seqLen, unevenStages: options.unevenStages ?? false, stack: options.stack ?? null, epCommOverlap: options.epCommOverlap ?? false, cpComm: options.cpComm ?? P2P, offload: options.offload ?? NO_OFFLOAD, zeroPlusPlus: options.zeroPlusPlus ?? NO_ZERO_PLUS_PLUS, scaleUpDomain: options.scaleUpDomain ?? Infinity, name: options.fieldName ?? scenarioName };
}

export const toIssue = (i: RuleIssue): LayoutIssue => ({ field: i.field, message: i.message, hint: i.hint, rule: i.rule.id, ...(i.key !== undefined ? { key: i.key } : {}) });

/** Every reason the layout is impossible (the rules of layoutRules.ts); empty when it can run (memory is checked separately). */
export function checkLayout(arch: Architecture, gpuCount: number, globalBatchSequences: number, layout: Layout, options: LayoutCheckOptions = {}): LayoutIssue[] {
  return brokenRules(layout, ruleContext(arch, gpuCount, globalBatchSequences, options)).map(toIssue);
}

/** Throws the first issue as an InputError at `cluster.parallelism.<field>` (an explicit user layout). */
export function assertLayout(arch: Architecture, gpuCount: number, globalBatchSequences: number, layout: Layout, options: LayoutCheckOptions = {}): void {
  throwFirst(checkLayout(arch, gpuCount, globalBatchSequences, layout, options), scenarioKey);
}

/**
 * Throws the first issue as an InputError at `keyFor(field)`, with the other problems told at the same key and the other
 * keys at fault. `given`: the fields given over a file's (plan FILE --pp); an issue at a field the file fixed that one of
 * them resolves (its `also`) is told at that one, in its terms: the file is consistent, the option breaks it.
 */
export function throwFirst(issues: LayoutIssue[], keyFor: (f: LayoutField) => string, given?: (f: LayoutField) => boolean): void {
  const error = firstIssueError(issues, keyFor, given);
  if (error) throw error;
}

/** {@link throwFirst}'s error, not thrown (validate lists a row's reason, and tries its other global batches): undefined without issues. */
export function firstIssueError(issues: LayoutIssue[], keyFor: (f: LayoutField) => string, given?: (f: LayoutField) => boolean): InputError | undefined {
  const first = issues[0];
  if (!first) return undefined;
  // Where each issue is told, and with which hint: worked out once per issue.
  const told = issues.map((i): { key: string; hint: string } => {
    const over = given && !given(i.field) ? i.also?.find((a) => given(a.field)) : undefined;
    return over ? { key: keyFor(over.field), hint: over.hint } : { key: i.key ?? keyFor(i.field), hint: i.hint };
  });
  const { key, hint } = told[0]!;
  const same = issues.filter((_, n) => n > 0 && told[n]!.key === key).map((i) => `; ${i.message}`).join('');
  const others = [...new Set(told.map((t) => t.key).filter((k) => k !== key))];
  const more = others.length ? ` (also impossible: ${others.join(', ')})` : '';
  return new InputError(`impossible layout: ${first.message}${same}${more}`, { keyPath: key, hint });
}

/**
 * What a layout rule is (layoutRules.ts holds the table): the context a rule reads, the partial layouts
 * it can judge and the shape of a rule. A leaf: the rule groups (degreeRules.ts, stackRules.ts) import
 * it, and it imports nothing that imports the table.
 *
 * A rule names the fields it reads (`fields`); `ok` decides a whole layout. `partialOk`, where given,
 * is a necessary condition that can refute a partial layout before all its fields are known (every
 * partial layout it refuses fails `ok` for every completion); without it a rule is checked on a
 * partial layout only once all its fields are fixed. `blame` is the field the message points at.
 */
import type { Architecture } from '../model/architecture.js';
import type { Layout, LayoutField } from './layout.js';
import type { HintField } from './layoutFields.js';
import type { StackProfile } from './stack.js';
import type { CpComm } from './cpComm.js';
import type { Offload } from './offload.js';
import type { ZeroPlusPlus } from './zeroPlusPlus.js';

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
  /** How the context-parallel ranks exchange the attention's inputs (cpComm.ts; ruleContext defaults it to p2p). */
  cpComm: CpComm;
  /** The run's CPU offload (offload.ts; ruleContext defaults it to none): memorySavingRules.ts offload-zero reads it. */
  offload: Offload;
  /** The run's ZeRO++ switches (zeroPlusPlus.ts; ruleContext defaults them to off): memorySavingRules.ts ZERO_PLUS_PLUS_RULES reads them (and stackRules.ts zeropp-stack). */
  zeroPlusPlus: ZeroPlusPlus;
  /** GPUs of one scale-up domain as the network model reads it (network.ts Network.domainSize; Infinity where unknown). */
  scaleUpDomain: number;
  /**
   * A field as hints name it, as the user gave it or can give it: the scenario's key (`virtual_stages`, the default:
   * layoutFields.ts scenarioName), the query's option (`--virtual-stages`, the library's `virtualStages`), or the file's
   * field with its place in plan FILE (library/planBlame.ts fileFieldText).
   */
  name: (f: HintField) => string;
}

export type P = Partial<Layout>;

export interface LayoutRule {
  id: string;
  fields: readonly LayoutField[];
  /** Short text the planner counts skipped layouts under. */
  summary: string;
  /**
   * A field whose candidates the rule limits, where the rule is what a value of the field means for the others (a
   * schedule needs pipeline stages to schedule): where the planner chose the field, a layout that breaks the rule is
   * not one of its candidates and is not counted as skipped (no reason a layout cannot run); where the user fixed it, it is.
   */
  candidatesOf?: LayoutField;
  ok: (l: Layout, c: RuleContext) => boolean;
  partialOk?: (p: P, c: RuleContext) => boolean;
  /** The field a user would change (default: the first of `fields`). */
  blame?: (p: P, c: RuleContext) => LayoutField;
  message: (p: P, c: RuleContext) => string;
  /**
   * Where the issue is told where the rule is about a run setting rather than the layout field it blames (a ZeRO++ key:
   * `cluster.parallelism.zero_hpz_partition_size`); absent: the blamed field's key.
   */
  key?: (p: P, c: RuleContext) => string;
  hint: (p: P, c: RuleContext) => string;
  source: string;
}

/** Whether the partial layout `p` fixes every field of `fs`. */
export const known = (p: P, fs: readonly LayoutField[]) => fs.every((f) => p[f] !== undefined);

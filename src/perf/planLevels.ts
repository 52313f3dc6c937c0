/**
 * The planner's loop levels (plan.ts) and the rules of layoutRules.ts checked at each: the levels a
 * rule's verdict can be hoisted to, derived from the fields each rule declares.
 */
import type { Layout, LayoutField } from './layout.js';
import { LAYOUT_RULES, rulesByLevel } from './layoutRules.js';
import type { RuleContext } from './layoutRuleTypes.js';

/** The planner's loop levels, outermost first; each rule of layoutRules.ts is checked at the level of its last field. */
const LEVEL: Record<LayoutField, number> = {
  pipelineLayout: 0, // never searched: fixed or absent for the whole search
  tp: 0, cp: 1, pp: 2, dp: 2, ep: 3, etp: 4, microBatch: 5, sequenceParallel: 6, recompute: 7, schedule: 8, virtualStages: 8, recomputeLayers: 8, zeroStage: 9, shardGroup: 10,
};
export const RULES = rulesByLevel(LEVEL, 11);
/**
 * For the schedule (8) and ZeRO (9) levels: each rule is checked per schedule / ZeRO stage at the outer
 * level where the other fields it reads are known (−1: before the loops), and the verdicts are reused by
 * every layout below (a precomputation from the rules' declared fields, not a restatement of the rules).
 * STAGE_AT[j][k + 1]: the rules (positions in RULES[8 + j], ascending) checked at level k.
 */
export const STAGE_AT = [8, 9].map((k) => {
  const at: number[][] = Array.from({ length: k + 1 }, () => []);
  RULES[k]!.forEach((r, i) => at[Math.max(-1, ...r.fields.map((f) => LEVEL[f]).filter((x) => x !== k)) + 1]!.push(i));
  return at;
});
/** The ZeRO rules read the schedule: their verdicts are checked per layout. */
export const ZERO_PER_SCHEDULE = STAGE_AT[1]![9]!.length > 0;
/** Whether level k has schedule or ZeRO verdicts to prepare. */
const stagedAt = (k: number) => STAGE_AT[0]![k + 1]!.length > 0 || (!ZERO_PER_SCHEDULE && STAGE_AT[1]![k + 1]!.length > 0);
/**
 * The shard-group rules (level 10) per (ZeRO stage, shard group), computed where their other fields are
 * known, and not before the shard groups themselves (level 2, from dp·cp); past the recompute level
 * (none today) they would be checked per layout.
 */
export const HOIST_GROUP = Math.max(2, ...RULES[10]!.flatMap((r) => r.fields.map((f) => LEVEL[f]).filter((x) => x !== 9 && x !== 10)));
export const GROUP_PER_LAYOUT = HOIST_GROUP > 7;
/** Loop levels with verdicts to prepare, and those with rules to check or verdicts to prepare (the others skip the call). */
export const PREPARES = RULES.map((_, k) => (k < 8 && stagedAt(k)) || HOIST_GROUP === k);
export const NEEDS = RULES.map((r, k) => r.length > 0 || PREPARES[k]!);
/** Index in LAYOUT_RULES of the first rule of level k that `l` breaks, or −1 (counted in a typed array: no string keys in the loops). */
export const INDEX = RULES.map((rs) => rs.map((r) => LAYOUT_RULES.indexOf(r)));
export function brokenAt(k: number, l: Layout, c: RuleContext): number {
  const rs = RULES[k]!;
  for (let i = 0; i < rs.length; i++) if (!rs[i]!.ok(l, c)) return INDEX[k]![i]!;
  return -1;
}

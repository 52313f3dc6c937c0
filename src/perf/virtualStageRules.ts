/**
 * The layout-validity rules of the schedules and their virtual stages, in layoutRules.ts's one table at their place
 * (after the parallel degrees): interleaving needs pp > 1, virtual stages need a pipeline and a schedule that runs
 * them (the V schedules, zb-v, v-min and v-half, two chunks a rank), a zero-bubble schedule needs pp > 1, and the chunks split a stage's layers.
 */
import { isZeroBubble, placesInV, scheduleChunks, type Layout } from './layout.js';
import { divisors } from './divisors.js';
import { plural } from '../report/format.js';
import type { LayoutRule, P, RuleContext } from './layoutRuleTypes.js';

/** One summary for the rules that limit interleaving (the planner counts their skips under it: plan.ts SKIP.interleave). */
export const INTERLEAVING = 'interleaving needs pp > 1, v | layers per stage and m % pp = 0';

/**
 * The virtual stages split a stage's layers: v | ⌈L/pp⌉, or a stack that places layers freely over the
 * pp·v chunks (stack.ts can.unevenVirtualStages) needs only a layer per chunk when uneven stages are
 * allowed (the step model charges the largest stage); a pipeline layout places the layers itself (the
 * pipeline-layout rules).
 */
const virtualStagesSplit = (l: Layout, c: RuleContext): boolean => l.pipelineLayout !== undefined || Math.ceil(c.arch.layers / l.pp) % l.virtualStages === 0
  || (c.unevenStages && c.stack?.can.unevenVirtualStages.value === true && l.pp * l.virtualStages <= c.arch.layers);
/**
 * Whether some completion of `p` splits its stages into its virtual stages: its pp once fixed, else any pp that divides
 * the GPUs (the gpu-product rule). `plan --virtual-stages 1000` on 32 layers, pp free, was searched and answered only
 * "no layout fits" (exit 1): no pp leaves a stage of 1,000 layers. Divisors from prime factors (divisors.ts), asked only
 * when v is fixed and pp is not.
 */
const somePpSplits = (p: P, c: RuleContext): boolean => {
  if (p.pipelineLayout !== undefined || p.virtualStages === undefined) return true;
  // More than one chunk a rank needs a pipeline (virtual-stages-pp): a free pp of 1 is no completion of it. The two chunks
  // of a fixed dualpipev on a 2-layer model, 2 GPUs, were split by pp 1 alone, so nothing was refused and the search
  // answered "no layout fits" (exit 1) with skips that named neither rule. No pp above 1 at all (one GPU) is that rule's.
  const pps = p.pp !== undefined ? [p.pp] : divisors(c.gpuCount).filter((pp) => pp > 1 || p.virtualStages === 1);
  return pps.length === 0 || pps.some((pp) => virtualStagesSplit({ ...p, pp } as Layout, c));
};
/**
 * A (partial) layout with the chunks a rank its schedule fixes where it fixes more than one (zb-v's two; schedules.ts
 * scheduleChunks), whatever virtual stages it gives: the rule judges the split the schedule runs (another count is
 * virtual-stages-schedule's fault), so a fixed zb-v refused here is refused in every completion.
 */
const withScheduleChunks = <T extends P>(p: T): T => {
  const v = scheduleChunks(p.schedule);
  return v !== undefined && v > 1 && p.virtualStages !== v ? { ...p, virtualStages: v } : p;
};
/** The count the rule finds unsplit: the virtual stages given where they do not split, else the chunks the schedule fixes. */
const unsplit = (p: P, c: RuleContext): { v: number; bySchedule: boolean } => (p.virtualStages !== undefined && !somePpSplits(p, c)
  ? { v: p.virtualStages, bySchedule: false }
  : { v: withScheduleChunks(p).virtualStages!, bySchedule: true });

/**
 * The virtual stages a fixed pp's stages take: a divisor of the ⌈L/pp⌉ layers, or, uneven, any count up to ⌊L/pp⌋, which
 * holds every divisor where pp divides L ('use a divisor of 1 or at most 1 virtual stages' was said of torchtitan's pp 32
 * on 32 layers).
 */
const hintPerStage = (most: number, least: number, uneven: boolean): string => (!uneven ? `use a divisor of ${most}`
  : most === least ? `use at most ${plural(least, 'virtual stage')}` : `use a divisor of ${most} or at most ${plural(least, 'virtual stage')}`);

export const VIRTUAL_STAGE_RULES: readonly LayoutRule[] = [
  {
    id: 'interleaved-pp',
    fields: ['schedule', 'pp'],
    summary: INTERLEAVING,
    // With one stage there is nothing to interleave: at pp 1 the planner's schedules are 1F1B's alone.
    candidatesOf: 'schedule',
    ok: (l) => l.schedule !== 'interleaved' || l.pp >= 2,
    message: () => 'the interleaved schedule needs pp > 1',
    hint: (_, c) => `use ${c.name('schedule')} 1f1b, or ${c.name('pp')} of 2 or more`,
    source: 'Narayanan et al. 2021 §2.2.2',
  },
  {
    // Whatever the schedule: {pp: 1, virtual_stages: 2} was left to the search, whose 'no layout' gave other reasons.
    id: 'virtual-stages-pp',
    fields: ['virtualStages', 'pp'],
    summary: INTERLEAVING,
    candidatesOf: 'virtualStages',
    ok: (l) => l.virtualStages === 1 || l.pp >= 2,
    // pp free: one GPU is pp 1 in every completion (`plan --count 1 --virtual-stages 2` searched, "no layout fits").
    partialOk: (p, c) => p.virtualStages === undefined || p.virtualStages === 1 || (p.pp === undefined ? c.gpuCount >= 2 : p.pp >= 2),
    message: (p) => `virtual stages (${p.virtualStages}) split a pipeline rank's layers, and ${p.pp === undefined ? 'one GPU' : 'pp = 1'} has no pipeline`,
    hint: (p, c) => `leave ${c.name('virtualStages')} out, or ${p.pp === undefined ? 'plan 2 GPUs or more' : `give ${c.name('pp')} of 2 or more`}`,
    source: 'Narayanan et al. 2021 §2.2.2',
  },
  {
    id: 'virtual-stages-schedule',
    fields: ['virtualStages', 'schedule'],
    summary: INTERLEAVING,
    ok: (l) => (scheduleChunks(l.schedule) ?? l.virtualStages) === l.virtualStages,
    // The V schedules (zb-v, v-min, v-half) hold two chunks a rank: told so, by the schedule's name.
    message: (p) => (placesInV(p.schedule) ? `the ${p.schedule} schedule holds two chunks a rank (virtual stages 2), found ${p.virtualStages}`
      : `virtual stages (${p.virtualStages}) need the interleaved schedule`),
    hint: (p, c) => (placesInV(p.schedule) ? `set ${c.name('virtualStages')} 2 or leave it out, or change ${c.name('schedule')}`
      : `set ${c.name('schedule')} interleaved, or ${c.name('virtualStages')} 1`),
    source: 'Narayanan et al. 2021 §2.2.2; zb-v: Qi et al. 2024 (arXiv:2401.10241), ZB-V assigns each rank exactly 2 chunks; v-min, v-half the same (arXiv:2405.15362, V-Shape; the fork, sail-sg/zero-bubble-pipeline-parallelism megatron/core/zbpp_utils.py validate_arguments @ 035cda2, sets virtual_pipeline_model_parallel_size = 2 under --zero-bubble-v-schedule, which --zero-bubble-v-schedule-mem-setup min / half make V-Min and V-Half)',
  },
  {
    id: 'zero-bubble-pp',
    fields: ['schedule', 'pp'],
    summary: 'a zero-bubble schedule needs pp > 1',
    // With one stage there is no bubble to fill: at pp 1 the planner's schedules are 1F1B's alone.
    candidatesOf: 'schedule',
    ok: (l) => !isZeroBubble(l.schedule) || l.pp >= 2,
    message: (p) => `the ${p.schedule} schedule places weight-gradient work in a pipeline's bubble and needs pp > 1, found pp = ${p.pp}`,
    hint: (_, c) => `use ${c.name('schedule')} 1f1b, or ${c.name('pp')} of 2 or more`,
    source: 'Qi et al. 2024, arXiv:2401.10241 §2',
  },
  {
    id: 'virtual-stages-layers',
    fields: ['virtualStages', 'pp', 'pipelineLayout', 'schedule'],
    summary: INTERLEAVING,
    // The planner's virtual stages that do not split its pp's layers are no candidates; a fixed v is the user's reason,
    // and so are the two chunks a fixed zb-v holds (it was searched and answered with another rule's skips).
    candidatesOf: 'virtualStages',
    ok: (l, c) => {
      const w = withScheduleChunks(l); // l itself unless the schedule fixes other chunks (zb-v): then both are judged
      return virtualStagesSplit(l, c) && (w === l || virtualStagesSplit(w, c));
    },
    // A pipeline layout left out is none (it is never searched): decided once pp and v are known.
    partialOk: (p, c) => somePpSplits(p, c) && somePpSplits(withScheduleChunks(p), c),
    blame: (p, c) => (unsplit(p, c).bySchedule ? 'schedule' : 'virtualStages'),
    message: (p, c) => {
      const { v, bySchedule } = unsplit(p, c);
      const what = bySchedule ? `the ${p.schedule} schedule's ${v} chunks a rank` : `${v} virtual stages`;
      return (p.pp === undefined
        ? (v > c.arch.layers ? `${what} are more than the ${plural(c.arch.layers, 'layer')} of the model`
          : `no pp dividing the ${plural(c.gpuCount, 'GPU')} leaves layers per stage that split into ${what}`)
        : `${plural(Math.ceil(c.arch.layers / p.pp), 'layer')} per stage cannot be split into ${what}`)
        + (c.stack && !c.stack.can.unevenVirtualStages.value ? ` (stack ${c.stack.id}: ${c.stack.can.unevenVirtualStages.source})` : '');
    },
    hint: (p, c) => {
      const { v } = unsplit(p, c);
      // The count the schedule fixes (zb-v's two) is what failed: the hint asks for a pp that holds it.
      if (v > 1 && v === scheduleChunks(p.schedule)) {
        // No pp can (the rule's pp > 1 ranks of v chunks each need 2·v layers): asking for one sent the user looking.
        if (p.pp === undefined && c.arch.layers < 2 * v) return `change ${c.name('schedule')}: its ${v} chunks a rank on 2 or more pipeline ranks need at least ${2 * v} layers, and the model has ${c.arch.layers}`;
        return c.unevenStages && c.stack?.can.unevenVirtualStages.value
          ? `set ${c.name('pp')} to one that leaves at least ${v} layers a stage, or change ${c.name('schedule')}`
          : `set ${c.name('pp')} to one whose ⌈${c.arch.layers} ÷ pp⌉ layers a stage split evenly into ${v}, or change ${c.name('schedule')}`;
      }
      return p.pp === undefined
        ? `give fewer virtual stages, dividing a pipeline stage's ⌈${c.arch.layers} ÷ pp⌉ layers, or ${c.name('pp')} with them`
        : hintPerStage(Math.ceil(c.arch.layers / p.pp), Math.floor(c.arch.layers / p.pp), c.unevenStages && c.stack?.can.unevenVirtualStages.value === true);
    },
    source: 'Narayanan et al. 2021 §2.2.2: each stage holds v chunks of layers (uneven chunks: stack.ts can.unevenVirtualStages); zb-v two (Qi et al. 2024)',
  },
];

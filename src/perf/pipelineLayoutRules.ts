/**
 * The layout-validity rules of a pipeline layout (pipelineLayout.ts), in layoutRules.ts's one table at their place:
 * Megatron-Core's parse and validate_layer_layout, then the pp, virtual stages and schedule a layout fixes.
 */
import { layoutChunks, layoutModelProblem, pipelinePlacement, type LayoutProblem } from './pipelineLayout.js';
import type { LayoutRule, P, RuleContext } from './layoutRuleTypes.js';
import { placesInV, takesLayout } from './schedules.js';
import { plural } from '../report/format.js';

/** A pipeline layout's problem on p.pp ranks (null: none, or a problem the model-level rule reports first). */
const placementProblem = (p: P, c: RuleContext): LayoutProblem | null => {
  if (p.pipelineLayout === undefined || p.pp === undefined || layoutModelProblem(c.arch, p.pipelineLayout)) return null;
  const r = pipelinePlacement(c.arch, p.pipelineLayout, p.pp, c.name('pp'), placesInV(p.schedule));
  return 'message' in r ? r : null;
};
/** The chunks of a layout that fits the model (0 otherwise: the model-level rule reports it). */
const chunksOf = (p: P, c: RuleContext) => (p.pipelineLayout === undefined ? 0 : layoutChunks(c.arch, p.pipelineLayout) ?? 0);
const MEGATRON_LAYOUT = 'NVIDIA/Megatron-LM megatron/core/transformer/pipeline_parallel_layer_layout.py';

export const PIPELINE_LAYOUT_RULES: readonly LayoutRule[] = [
  {
    id: 'pipeline-layout',
    fields: ['pipelineLayout'],
    summary: 'the pipeline layout does not fit the model',
    ok: (l, c) => l.pipelineLayout === undefined || layoutModelProblem(c.arch, l.pipelineLayout) === null,
    message: (p, c) => `pipeline_layout: ${layoutModelProblem(c.arch, p.pipelineLayout!)!.message}`,
    hint: (p, c) => layoutModelProblem(c.arch, p.pipelineLayout!)!.hint,
    source: `${MEGATRON_LAYOUT}: parse_str_to_list and validate_layer_layout`,
  },
  {
    id: 'pipeline-layout-pp',
    fields: ['pipelineLayout', 'pp'],
    summary: 'the pipeline layout does not fit pp',
    ok: (l, c) => placementProblem(l, c) === null,
    // Megatron reads a layout with a given pp (vp = chunks / pp): pp is not searched.
    partialOk: (p, c) => p.pipelineLayout === undefined || (p.pp !== undefined && placementProblem(p, c) === null),
    blame: (p) => (p.pp === undefined ? 'pp' : 'pipelineLayout'),
    message: (p, c) => (p.pp === undefined
      ? `a pipeline_layout needs pp: ${chunksOf(p, c) ? `its ${chunksOf(p, c)} chunks are pp × virtual stages` : 'Megatron-Core reads it with one'}`
      : `pipeline_layout with pp = ${p.pp}: ${placementProblem(p, c)!.message}`),
    hint: (p, c) => (p.pp === undefined ? `give ${c.name('pp')} (Megatron-Core --pipeline-model-parallel-size); the virtual stages follow as chunks ÷ pp` : placementProblem(p, c)!.hint),
    source: `${MEGATRON_LAYOUT}: __init__ (len(layout) % pipeline_model_parallel_size == 0) and validate_layer_layout`,
  },
  {
    id: 'pipeline-layout-virtual-stages',
    fields: ['pipelineLayout', 'pp', 'virtualStages'],
    summary: 'the pipeline layout fixes the virtual stages',
    ok: (l, c) => l.pipelineLayout === undefined || chunksOf(l, c) === 0 || chunksOf(l, c) % l.pp !== 0 || l.virtualStages === chunksOf(l, c) / l.pp,
    blame: () => 'virtualStages',
    message: (p, c) => `the pipeline_layout's ${chunksOf(p, c)} chunks on pp = ${p.pp} ranks are ${plural(chunksOf(p, c) / p.pp!, 'virtual stage')}, found virtual_stages = ${p.virtualStages}`,
    hint: (p, c) => `leave ${c.name('virtualStages')} out (it follows from the layout), or set it to ${chunksOf(p, c) / p.pp!}`,
    source: `${MEGATRON_LAYOUT} __init__: virtual_pipeline_model_parallel_size = len(layout) // pipeline_model_parallel_size`,
  },
  {
    id: 'pipeline-layout-schedule',
    fields: ['pipelineLayout', 'schedule'],
    summary: 'DualPipe takes no pipeline layout',
    ok: (l) => l.pipelineLayout === undefined || takesLayout(l.schedule),
    blame: () => 'schedule',
    message: () => 'a pipeline_layout places layers on Megatron-Core\'s 1F1B or interleaved schedule or a zero-bubble one, found schedule dualpipe',
    hint: (_, c) => `leave ${c.name('schedule')} out (it follows from the layout), or drop ${c.name('pipelineLayout')} for DualPipe`,
    source: `${MEGATRON_LAYOUT} (Megatron-Core's schedules; zb-v's V: schedules.ts placesInV); DualPipe places stage i and pp−1−i on each rank (deepseek-ai/DualPipe)`,
  },
];

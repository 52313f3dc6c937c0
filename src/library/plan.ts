/**
 * `flopcast plan`: the parallel layouts for a model on a cluster, from a scenario file, from options
 * alone, or from a scenario with some of its fields overridden (`plan FILE --tp 8 --count 2048`).
 * Pure: models and profiles come from {@link Sources}.
 */
import { documentsArg } from './documentsArg.js';
import { documentsOf } from '../scenario/documents.js';
import { ATTENTION_CONVENTIONS } from '../flops/conventions.js';
import { peakFlops } from '../hardware/profile.js';
import { PRECISIONS } from '../hardware/schema.js';
import { type HardwareProfile } from '../hardware/toProfile.js';
import { LIMITS } from '../input/limits.js';
import { SMALL_COUNT_SYNTAX } from '../input/quantity.js';
import { InputError } from '../input/errors.js';
import { keyedAs } from '../input/unknown.js';
import { modelWarnings } from '../model/assumptions.js';
import { refuseHybridPerf } from '../model/hybrid.js';
import type { Architecture } from '../model/architecture.js';
import { ATTENTION_KERNELS, DEFAULT_STACK, MOE_BALANCES, MOE_DISPATCHERS, planFor, scenarioKey, withAttentionNote, STACK_IDS, type LayoutField, type PlanInputs, type PlanReport } from '../perf/index.js';
import { combinationCount } from '../scenario/matrix.js';
import { blameOrigin } from '../scenario/origins.js';
import { FIXED_KEYS, withFixedValues } from '../scenario/options.js';
import { mtpTrained } from '../scenario/model.js';
import { batchSequencesOf, globalBatchTokensOf, refuseBatchBelowOneSequence, withBatchWarning } from '../scenario/values.js';
import { cpCommOptions, networkOverride, partialLayout, perfOptions, zeroPlusPlusOptions } from '../scenario/predict.js';
import { missingBatchHint } from '../scenario/batchHint.js';
import { CP_COMM_TYPES } from '../perf/cpComm.js';
import { moduleNamesOf, refuseEveryOfStack, refuseModulesOfStack, refuseRecomputeModules } from '../scenario/recompute.js';
import type { PredictArgs } from '../scenario/resolve.js';
import { THROUGHPUT_FIGURES } from '../scenario/schema.js';
import { FP8_RECIPES } from '../perf/quantisation.js';
import { overModelState } from '../perf/modelState.js';
import { scaleAbovePeak, withThroughputScale } from '../perf/throughputScale.js';
import { booleanArg, choiceArg, countArg, gpuCountArg, nameArg, optionsArg, rateArg, shownArg, sourcesArg } from './args.js';
import { cpSizesArg, modelStateArg, offloadArg } from './structuredArgs.js';
import { offloadFromFile } from '../perf/offload.js';
import { stackValueHint } from '../perf/stackFrameworks.js';
import { countedExactly, inlineModel, resolveParsed, scenarioInput, type Sources } from './core.js';
import { fieldNames, fileError, hintOption } from './planBlame.js';
import { PLAN_QUERY_KEYS, PLAN_WITHOUT_SCENARIO, queryLayout, type PlanQuery, type QueryKeys } from './planQuery.js';
import { planRules } from './planRules.js';
import { int } from '../report/format.js';
import { printed } from './printed.js';
import { planJson, type PlanJson } from '../report/planJson.js';

/** Parallel layouts ranked by step time, as `flopcast plan --json` prints them (the library's; the CLI renders planReport's). */
export function planWith(given: Sources, query: PlanQuery, key: QueryKeys = (f) => f): PlanJson {
  return printed(planJson(planReport(given, query, key)));
}

/** The plan report itself, for `flopcast plan`'s text and JSON (src/cli/commands/plan.ts). */
export function planReport(given: Sources, query: PlanQuery, key: QueryKeys = (f) => f): PlanReport {
  const sources = sourcesArg(given);
  const q = optionsArg('query', query, PLAN_QUERY_KEYS);
  // The training rules, for what the query asks (planRules.ts).
  const withRules = planRules(q, key);
  // The global batch's sequences, whose suffix (`4M`, tokens) is refused with the sequences at `seqLen` (the query's, else the model's).
  const batch = (seqLen: number | undefined) => countArg(key('globalBatch'), q.globalBatch, { batch: { seqLen } });
  const count = (f: 'count' | 'globalBatch' | 'seqLen' | 'moeMaxNodes'): number | undefined =>
    f === 'count' ? gpuCountArg(key(f), q[f]) : f === 'globalBatch' ? batch(count('seqLen')) : countArg(key(f), q[f], { sequence: f === 'seqLen' });
  const model = () => (typeof q.model === 'string' ? keyedAs(key('model'), () => sources.loadModel(nameArg(key('model'), q.model as string)!)) : inlineModel(q.model!));
  // The query's MTP modules over the model's and the file's, by the scenario's rule (scenario/model.ts mtpTrained).
  const mtp = countArg(key('mtpLayers'), q.mtpLayers, { zero: true });
  const trained = (arch: Architecture): Architecture => (mtp === undefined ? arch : mtpTrained(arch, mtp, { keyPath: key('mtpLayers'), shown: shownArg(q.mtpLayers) }));
  const gpu = nameArg(key('gpu'), q.gpu);
  const fixed = queryLayout(q, key);
  const fromQuery = (f: LayoutField) => fixed[f] !== undefined;
  // Every option checked against its type first: a JavaScript caller may pass anything (args.ts).
  const precision = choiceArg(key('precision'), q.precision, PRECISIONS, 'precision');
  const gemmPrecision = choiceArg(key('gemmPrecision'), q.gemmPrecision, PRECISIONS, 'precision');
  const attention = choiceArg(key('attention'), q.attention, ATTENTION_CONVENTIONS, 'attention convention');
  const documents = documentsArg(key('documents'), q.documents);
  const flag = (f: 'overlapGradReduce' | 'tpCommOverlap' | 'epCommOverlap' | 'cudaGraphs' | 'gradAccumulationFusion' | 'flashAttention' | 'moeCapacityPadding' | 'fp8ParamGather') => booleanArg(key(f), q[f]);
  const switches = { fp8ParamGather: flag('fp8ParamGather'), overlapGradReduce: flag('overlapGradReduce'), tpCommOverlap: flag('tpCommOverlap'), epCommOverlap: flag('epCommOverlap'), cudaGraphs: flag('cudaGraphs'), gradAccumulationFusion: flag('gradAccumulationFusion'), flashAttention: flag('flashAttention'), moeCapacityPadding: flag('moeCapacityPadding') };
  const options = {
    ...(gemmPrecision ? { gemmPrecision } : {}),
    ...(q.fp8Recipe !== undefined ? { fp8Recipe: choiceArg(key('fp8Recipe'), q.fp8Recipe, FP8_RECIPES, 'FP8 recipe')! } : {}),
    ...(q.moeMaxNodes !== undefined ? { moeMaxNodes: count('moeMaxNodes')! } : {}),
    ...(q.moeBalance !== undefined ? { moeBalance: choiceArg(key('moeBalance'), q.moeBalance, MOE_BALANCES, 'MoE balance')! } : {}),
    ...(q.moeDispatcher !== undefined ? { moeDispatcher: choiceArg(key('moeDispatcher'), q.moeDispatcher, MOE_DISPATCHERS, 'MoE dispatcher')! } : {}),
    ...(q.moeCapacityFactor !== undefined ? { moeCapacityFactor: countArg(key('moeCapacityFactor'), q.moeCapacityFactor, { integer: false })! } : {}),
    ...(q.modelState !== undefined ? { modelState: modelStateArg(key('modelState'), q.modelState)! } : {}),
    ...Object.fromEntries(Object.entries(switches).filter(([, v]) => v !== undefined)),
    ...(q.stack !== undefined ? { stack: choiceArg(key('stack'), q.stack, STACK_IDS, 'stack', (w) => stackValueHint(w, (f) => hintOption(key, f)))! } : {}),
    ...(q.attentionKernel !== undefined ? { attentionKernel: choiceArg(key('attentionKernel'), q.attentionKernel, ATTENTION_KERNELS, 'attention kernel')! } : {}),
    ...(q.offload !== undefined ? { offload: offloadFromFile(offloadArg(key('offload'), q.offload)!) } : {}),
  };
  // The query's cp_comm_type and sizes: a type given replaces the file's sizes with its own (or none), unless it is the
  // file's own (plan f.yaml --cp-comm-type a2a+p2p over the file's a2a+p2p and sizes was 'it needs
  // hierarchical_context_parallel_sizes', hostile sweep 26).
  const cpCommType = choiceArg(key('cpCommType'), q.cpCommType, CP_COMM_TYPES, 'cp_comm_type');
  const cpSizes = cpSizesArg(key('cpSizes'), q.cpSizes);
  const cpFromQuery = { ...(cpCommType !== undefined ? { cpCommType } : {}), ...(cpSizes !== undefined ? { cpHierarchical: cpSizes } : {}) };
  /** The run's cp_comm_type and sizes: the query's over the file's (whose sizes go with its type). */
  const cpOf = (file: ReturnType<typeof cpCommOptions>): ReturnType<typeof cpCommOptions> => {
    const { cpHierarchical, ...type } = file;
    return { ...type, ...((cpCommType === undefined || cpCommType === type.cpCommType) && cpHierarchical !== undefined ? { cpHierarchical } : {}), ...cpFromQuery };
  };
  // --top sizes the result: capped up front (src/input/limits.ts).
  const top = countArg(key('top'), q.top, { max: LIMITS.top, syntax: SMALL_COUNT_SYNTAX }) ?? 5;
  const scale = rateArg(key('throughputScale'), q.throughputScale);
  // A precision the part has no peak for is the user's choice: say so at the flag, before searching. Without a
  // scenario, the default precision too, as budget does: `plan --gpu v100-sxm2-32gb` planned bf16 on a part without it
  // (hostile sweep 21); a scenario's own precision is checked where it is resolved.
  const checkPeaks = (hw: HardwareProfile, used: typeof precision = precision): HardwareProfile => {
    if (used !== undefined) peakFlops(hw, used, key('precision'), precision === undefined); // blamed on the flag that chose it, as budget does
    if (gemmPrecision !== undefined) peakFlops(hw, gemmPrecision, key('gemmPrecision'));
    return hw;
  };
  // What errors call the scenario: checked where no scenario is given too, where it was read by nothing (`plan({ file:
  // 'mine.yaml', count: 2048 })` planned without the file, as if a path were read).
  const fileName = nameArg(key('file'), q.file);
  if (q.scenario === undefined && fileName !== undefined) {
    throw new InputError(`${key('file')} names a scenario in errors, and no scenario was given`, { keyPath: key('file'), hint: `pass the file's text too: { scenario: readFileSync(path, 'utf8'), ${key('file')}: path }` });
  }
  if (q.scenario === undefined) {
    const missing = PLAN_WITHOUT_SCENARIO.filter((f) => q[f] === undefined);
    if (missing.length) throw new InputError(`give a scenario, or ${missing.map(key).join(', ')}`, { hint: 'a scenario file names the model, GPU, count and global batch' });
    const arch = trained(model());
    refuseHybridPerf(arch, { keyPath: key('model') }, 'plan');
    const hw = checkPeaks(keyedAs(key('gpu'), () => sources.loadHardware(gpu!)), precision ?? 'bf16');
    const r = countedExactly(arch, () => planFor(withRules({
      arch, hw, gpuCount: count('count')!, globalBatchSequences: batch(count('seqLen') ?? arch.seqLen)!,
      seqLen: count('seqLen'), precision: precision ?? 'bf16', attention: attention ?? 'full', ...(documents !== undefined ? { documents } : {}),
      partialLayout: fixed, keyFor: (f) => hintOption(key, f), nameFor: (f) => hintOption(key, f), top, stack: DEFAULT_STACK, ...options, ...cpFromQuery,
      warnings: modelWarnings(arch, q.seqLen !== undefined),
    })), key('model'), { key: key('seqLen'), value: count('seqLen') }, key('documents'));
    return withAttentionNote(scaledPlan(r, hw, scale, key('throughputScale')), arch, attention !== undefined);
  }
  // The scenario's first run, resolved as `run` resolves it (any utilisation will do: only its inputs are wanted).
  // The query's count, sequence length and batch are the run's wherever the file sets them (its base, a matrix
  // key, an option), and what `count` and `seq_len` mean in its expressions: `global_batch: 2 * count` with
  // --count 128 planned the batch of the file's count, or of its matrix cell's; `{tokens: 512 * seq_len}`
  // with --seq-len 2048 read the file's 4,096.
  const file = scenarioInput(q.scenario, fileName);
  const fixedValues = (['count', 'seqLen', 'globalBatch'] as const).flatMap((f) => (q[f] === undefined ? [] : [[...FIXED_KEYS[f], count(f)] as const]));
  const batchHint = `give ${key('globalBatch')} in sequences, or a shorter ${key('seqLen')}`;
  const firstRun = (value: unknown): PredictArgs => {
    let first: PredictArgs | undefined;
    try {
      resolveParsed(sources, { ...file, value }, 'scenario', {
        alwaysPredict: true,
        predict: (a) => {
          first ??= a;
          return { mfu: 0.4, detail: null, record: null };
        },
        ...(q.seqLen !== undefined ? { batchHint } : {}),
      });
    } catch (err) {
      // What `run` resolves after the performance model's inputs (the price, overheads, the totals) is
      // not the planner's concern: a GPU with no listed price can still be planned.
      if (first === undefined) throw err;
    }
    return first!;
  };
  // Runs beyond the first (options × matrix cells, those the query leaves) are planned by no one: said, not silently dropped.
  const runs = combinationCount(withFixedValues(file.value, fixedValues));
  let a: PredictArgs;
  try {
    a = firstRun(withFixedValues(file.value, fixedValues));
  } catch (err) {
    // The file's model does not count at the query's sequence length (past its position table, beyond 2^53):
    // resolved at the file's own, the count below refuses it at --seq-len as without a file, or counts
    // --model's at it (its expressions then read the file's seq_len: --model is not written into the file).
    if (!(q.seqLen !== undefined && err instanceof InputError && err.details.keyPath === 'training.seq_len')) throw err;
    a = firstRun(withFixedValues(file.value, fixedValues.filter(([, k]) => k !== 'seq_len')));
  }
  const s = a.scenario;
  // Named, with the GPU among the fields that plan another (new-user trial 25: options that differ by GPU, `2,048 H200`
  // beside `2,048 H100`, were told to give --count, which planned the first option's GPU at that count).
  const otherRuns = runs > 1 ? [`the scenario holds ${int(runs)} runs (its options × its matrix); the first, \`${a.label || s.name}\`, is planned: give another's fields (${key('gpu')}, ${key('count')}, ${key('seqLen')}, ${key('globalBatch')}) to plan it, or give each run its own file`] : [];
  // The file as its run writes it: a field an option or the matrix set is at that place, not the base's.
  const runFile = { ...file, locate: a.locate };
  // The checks below of the file's fields against what the query changes: each field told where the run writes it (an
  // option's or matrix entry's place) and named so (blameOrigin), as run tells them (scenario/resolve.ts) and fileError
  // the planner's. They were told at the base's place and key (`training.mtp_layers` at `training:`, for an option's).
  const inRun = (path: (string | number)[]) => ({ file: file.file, ...runFile.locate(path) });
  const asRun = <T>(check: () => T): T => {
    try {
      return check();
    } catch (err) {
      blameOrigin(err, file.file, a.origins);
      throw err;
    }
  };
  // --model replaces the file's model, which the file's training.mtp_layers still trains (scenario/model.ts), unless
  // the query's mtpLayers replaces those too (trained).
  const fileMtp = s.training.mtp_layers;
  const queried = (): Architecture => (fileMtp !== undefined && mtp === undefined ? mtpTrained(model(), fileMtp, inRun(['training', 'mtp_layers'])) : model());
  const arch = asRun(() => trained(q.model === undefined ? a.arch : queried()));
  refuseHybridPerf(arch, { keyPath: key('model') }, 'plan');
  // The file's recompute_modules against the model planned, as run holds them against the file's (scenario/recompute.ts).
  if (q.model !== undefined) asRun(() => refuseRecomputeModules(arch, s.training.recompute_modules, (i) => inRun(['training', 'recompute_modules', i]), moduleNamesOf(options.stack ?? s.training.stack ?? DEFAULT_STACK)));
  // And against the query's stack, blamed on its option, where the selective layouts read them (the file's own stack
  // against its modules was refused as the file was resolved: scenario/resolve.ts).
  if (options.stack !== undefined && (q.recompute ?? s.training.recompute) === 'selective') {
    refuseModulesOfStack(options.stack, s.training.recompute_modules, { keyPath: key('stack') }, key('stack'));
  }
  // The file's recompute_every against the query's stack, likewise (it is TorchTitan's count: scenario/recompute.ts).
  if (options.stack !== undefined) refuseEveryOfStack(options.stack, s.training.recompute_every, { keyPath: key('stack') }, key('stack'));
  const seqLen = count('seqLen') ?? s.training.seq_len ?? arch.seqLen;
  // The file's batch at the sequence length planned: a batch in tokens stays that many tokens when
  // --seq-len or --model changes the length ({tokens: 4M} was 488 sequences of 8,192 tokens, then of 2,048).
  const fileBatchTokens = globalBatchTokensOf(s.training.global_batch, seqLen);
  if (count('globalBatch') === undefined) asRun(() => refuseBatchBelowOneSequence(fileBatchTokens, seqLen, inRun(['training', 'global_batch']), batchHint));
  const fileBatch = count('globalBatch') === undefined && fileBatchTokens !== null ? batchSequencesOf(fileBatchTokens, seqLen) : null;
  const globalBatch = count('globalBatch') ?? fileBatch?.sequences ?? null;
  // No run writes it: at the base's training (where a missing key is placed), to be added there.
  if (globalBatch === null) {
    // The query's layout fields over the file's, as the plan reads them (partialLayout below).
    const par = s.cluster.parallelism;
    const fields = { micro_batch: fixed.microBatch ?? par?.micro_batch, dp: fixed.dp ?? par?.dp, tp: fixed.tp ?? par?.tp, pp: fixed.pp ?? par?.pp, cp: fixed.cp ?? par?.cp };
    throw new InputError('the performance model needs the global batch', { ...inRun(['training', 'global_batch']), keyPath: 'training.global_batch', hint: missingBatchHint(`add training.global_batch, or give ${key('globalBatch')}`, fields, count('count') ?? s.cluster.count) });
  }
  const fromFile = perfOptions(s.training);
  // The user's throughput scale: the query's over the file's. Like run, only where the run predicts its utilisation
  // (utilization: auto); where the run gives its own figure, the file's scale is read by nothing (resolve.ts says so on
  // run), and the query's is refused.
  const ownFigure = THROUGHPUT_FIGURES.find((f) => s.cluster[f] !== undefined && s.cluster[f] !== 'auto');
  if (scale !== undefined && ownFigure) {
    throw new InputError(`${key('throughputScale')} scales the predicted utilisation, and the scenario's run gives its own ${ownFigure}`, { keyPath: key('throughputScale'), hint: `plan a scenario with utilization: auto, or leave out ${key('throughputScale')}` });
  }
  const fileScale = ownFigure ? undefined : s.cluster.throughput_scale;
  // Loaded and checked once, inside the try below (its errors placed by fileError as the others).
  const loadHw = (): HardwareProfile => checkPeaks(gpu !== undefined ? keyedAs(key('gpu'), () => sources.loadHardware(gpu)) : a.hardware);
  const inputs = (hw: HardwareProfile): PlanInputs => ({
    arch,
    hw,
    gpuCount: count('count') ?? s.cluster.count,
    globalBatchSequences: globalBatch,
    seqLen,
    precision: precision ?? a.precision,
    attention: attention ?? s.training.attention,
    ...(documents !== undefined || s.training.documents !== undefined ? { documents: documents ?? documentsOf(s.training.documents) } : {}),
    // The query's fields over the file's; the file's split fields re-derived at the query's pp and virtual stages.
    partialLayout: partialLayout(s, arch, { fixed, keyFor: (f) => hintOption(key, f) }),
    network: networkOverride(s),
    ...fromFile,
    ...options,
    ...cpOf(cpCommOptions(s.cluster.parallelism)),
    ...zeroPlusPlusOptions(s.cluster.parallelism),
    // The query's model-state fields over the file's, one by one.
    ...(options.modelState ? { modelState: overModelState(fromFile.modelState, options.modelState) } : {}),
    keyFor: (f) => (fromQuery(f) ? hintOption(key, f) : scenarioKey(f)),
    given: fromQuery,
    nameFor: fieldNames(runFile, s, key, q),
    top,
    warnings: [
      ...otherRuns, ...modelWarnings(arch, q.seqLen !== undefined || s.training.seq_len !== undefined), ...(fileBatch?.warning ? [fileBatch.warning] : []),
      // Read by no run that gives its own figure, as run says (scenario/resolve.ts throughputScaleNotes): said, not silently dropped.
      ...(s.cluster.throughput_scale !== undefined && ownFigure && scale === undefined ? [`cluster.throughput_scale ${s.cluster.throughput_scale} is not applied: the planned run gives its own ${ownFigure}`] : []),
    ],
  });
  try {
    const seqLenAt = { key: q.seqLen === undefined && s.training.seq_len !== undefined ? 'training.seq_len' : key('seqLen'), value: q.seqLen !== undefined ? count('seqLen') : s.training.seq_len };
    const hw = loadHw();
    const r = countedExactly(arch, () => withBatchWarning(fileBatch?.warning, () => planFor(withRules(inputs(hw)))), q.model !== undefined ? key('model') : 'model', seqLenAt, documents !== undefined ? key('documents') : 'training.documents');
    // The query's scale over the file's; the file's placed and named where the run writes it (an option's, a matrix entry's) by fileError below.
    return withAttentionNote(scaledPlan(r, hw, scale ?? fileScale, scale !== undefined ? key('throughputScale') : 'cluster.throughput_scale'), arch, attention !== undefined || a.attentionGiven);
  } catch (err) {
    throw fileError(err, { file: runFile, key, origins: a.origins, fileArch: a.arch, arch, written: s.cluster.parallelism?.pipeline_layout, given: { model: q.model !== undefined, mtpLayers: mtp !== undefined, pipelineLayout: fromQuery('pipelineLayout') } });
  }
}

/**
 * The plan with the user's throughput scale (perf/throughputScale.ts): its layouts' figures times it, beside the model's.
 * Refused at `key` where it lifts a listed layout above the peak its FLOPs can use, as run refuses it
 * (scenario/resolve.ts): the layout the highest of its MFU and HFU puts nearest that peak (the same model FLOPs
 * everywhere, but a recomputing layout runs more hardware FLOPs).
 */
function scaledPlan(r: PlanReport, hw: HardwareProfile, k: number | undefined, key: string): PlanReport {
  if (k === undefined) return r;
  if (r.best.length === 0) return withThroughputScale(r, k, key);
  const peaks = {
    precision: r.precision, peakFlopsPerSecond: peakFlops(hw, r.precision),
    ...(r.gemmPrecision !== r.precision ? { gemm: { precision: r.gemmPrecision, peakFlopsPerSecond: peakFlops(hw, r.gemmPrecision) } } : {}),
  };
  const highest = r.best.reduce((a, e) => (Math.max(e.prediction.mfu, e.prediction.hfu) > Math.max(a.prediction.mfu, a.prediction.hfu) ? e : a));
  const above = scaleAbovePeak(highest.prediction, k, peaks);
  if (above) throw new InputError(above.message, { keyPath: key, hint: above.hint });
  return withThroughputScale(r, k, key);
}

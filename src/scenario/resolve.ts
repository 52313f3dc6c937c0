/**
 * Parsed scenario -> estimated runs. Everything here is pure apart from the two loaders passed
 * in (model references and hardware profiles come from files, read by src/cli/load).
 */
import type { KindRecord } from '../perf/kindRecord.js';
import { peakShare, scaleAbovePeak } from '../perf/throughputScale.js';
import { DEFAULT_STACK } from '../perf/stack.js';
import { STACKS } from '../perf/stackProfiles.js';
import { selectiveCountOptions } from '../perf/selectiveModules.js';
import { z } from 'zod';
import { ModelSchema } from '../model/schema.js';
import { analyse } from '../flops/analyse.js';
import type { RecomputeMode } from '../flops/conventions.js';
import type { Precision } from '../hardware/schema.js';
import type { HardwareProfile } from '../hardware/toProfile.js';
import { peakFlops } from '../hardware/profile.js';
import { refuseOtherKind } from '../input/fileKind.js';
import { InputError, describeNumber, formatKeyPath, parseKeyPath } from '../input/errors.js';
import { nameProblem } from '../input/name.js';
import { assignmentHint } from '../input/yamlHints.js';
import { wholeCountProblem } from '../input/quantity.js';
import { issueToError, validate } from '../input/validate.js';
import { describeTopLevel, isMapping } from '../input/found.js';
import { mappedLocator, type ParsedYaml } from '../input/yaml.js';
import type { Architecture } from '../model/architecture.js';
import { refuseHybridPerf } from '../model/hybrid.js';
import { countParams } from '../model/params.js';
import type { OverheadInputs } from '../estimate/goodput.js';
import type { Ranges } from '../estimate/ranges.js';
import { estimateRun, firstNonFinite, runName, type RunInputs, type RunResult } from '../estimate/run.js';
import { refuseGivenAbovePeak, throughputOf, throughputScaleNotes } from './throughput.js';
import type { Raw } from './matrix.js';
import { blameOrigin, originOf } from './origins.js';
import { stackOfCombination } from './stackCombination.js';
import { resolveModel, withMtpLayers } from './model.js';
import { overflowCause, quantityText } from './overflow.js';
import { referencedBy } from './reference.js';
import { expandScenario } from './options.js';
import { DEFAULT_PRICING, resolvePricing } from './pricing.js';
import { ScenarioSchema, type ScenarioFile } from './schema.js';
import { refuseEveryOfStack, refuseModulesOfRun } from './recompute.js';
import { documentsOf, documentsIssue } from './documents.js';
import { countable } from './countable.js';
import { batchSequencesOf, globalBatchTokensOf, refuseBatchBelowOneSequence, withBatchWarning, withScope, writtenCount } from './values.js';

export interface ScenarioDeps {
  loadModel(ref: string): Architecture;
  loadHardware(id: string): HardwareProfile;
  /** Predicted MFU for `utilization: auto` (the performance model); absent until wired. */
  predict?: (args: PredictArgs) => { mfu: number; detail: unknown; record: KindRecord | null; recompute?: RecomputeMode; recomputedShare?: number; notes?: string[] };
  /** Call `predict` for every run, not only for `utilization: auto` or a stated parallelism (the plan command). */
  alwaysPredict?: boolean;
  /** Today as YYYY-MM-DD, for the age of prices (the CLI: SOURCE_DATE_EPOCH or the clock). */
  today: string;
  /** Called after each run of the file is resolved (for a progress bar over a matrix). */
  onRun?: (done: number, total: number) => void;
  /**
   * Given, a matrix combination that cannot run (its error) is reported here and skipped while the
   * others run; when every combination fails, the first error is thrown. Absent, the first throws.
   */
  onInfeasible?: (name: string, error: InputError) => void;
  /** The hint for a global batch of less than one sequence (plan: the flags that set them); default run's. */
  batchHint?: string;
  /** Where a given price per GPU-hour came from when the command line gave it (run's and budget's `--price`): printed as its source; default `scenario`. */
  givenPriceSource?: string;
}

export interface PredictArgs {
  arch: Architecture;
  hardware: HardwareProfile;
  scenario: ScenarioFile;
  seqLen: number;
  globalBatchSequences: number | null;
  precision: Precision;
  /** Where the file writes a key of this run: its option's or matrix entry's place where one set it (plan FILE's hints). */
  locate: ParsedYaml['locate'];
  /** The keys an option or matrix entry set in this run, to where it writes them (origins.ts originOf, blameOrigin). */
  origins: Map<string, (string | number)[]>;
  /** The run's option name or matrix cell (`2,048 H100`, `gpu=b200, count=2048`); '' for a file of one run (plan FILE names the run it plans). */
  label: string;
  /** Whether the run writes training.attention (plan FILE notes the default where it matters: perf/attentionNote.ts). */
  attentionGiven: boolean;
}

export interface ResolvedRun {
  result: RunResult;
  scenario: ScenarioFile;
  arch: Architecture;
  prediction: unknown;
  /** Inputs given as ranges, for low/high estimates and sensitivity (src/estimate/ranges.ts). */
  ranges: Ranges;
}

/**
 * The scenario as validated once its model is resolved (resolveModel checked it): any model passes, but the model's
 * keys stay in the schema the hints read (input/keyHints.ts), so `cluster.parallelism.num_layers` is told the layer
 * count is the model's here as in the file check (z.unknown() alone hid them: "did you mean num_layers_in_last_pipeline_stage?").
 */
const Validated = ScenarioSchema.extend({ model: z.union([z.unknown(), ModelSchema]) });

/**
 * Errors in what the file says (a value the schema refuses, a model or GPU that does not exist):
 * they stop the whole file with exit 2 even inside a matrix. Any other error of one combination
 * (it overflows, needs a precision the GPU lacks, fits no layout) makes only that option infeasible.
 */
const MISTAKES = new WeakSet<InputError>();

/** Runs `fn`, marking an InputError it throws (or returns, for `throw mistake(() => new InputError(...))`) as a mistake. */
function mistake<T>(fn: () => T): T {
  try {
    const v = fn();
    if (v instanceof InputError) MISTAKES.add(v);
    return v;
  } catch (err) {
    if (err instanceof InputError) MISTAKES.add(err);
    throw err;
  }
}

export function resolveScenario(parsed: ParsedYaml, deps: ScenarioDeps, baseName: string): ResolvedRun[] {
  const root = parsed.value;
  if (!isMapping(root)) {
    // What was found by its shape alone: the text may not be a scenario anyone wrote.
    const hint = typeof root === 'string' ? assignmentHint(root, true) : undefined;
    throw new InputError(`a scenario is a mapping with model, training and cluster, found ${describeTopLevel(root)}`, { file: parsed.file, line: 1, col: 1, ...(hint ? { hint } : {}) });
  }
  refuseOtherKind(root, 'scenario', parsed.file, 'a scenario (model, training and cluster)');
  const expanded = expandScenario(root as Raw, parsed);
  const one = (e: (typeof expanded)[number], runIndex: number): ResolvedRun => {
    try {
      return oneRun(e, runIndex);
    } catch (err) {
      blameOrigin(err, parsed.file, e.origins); // the same error object: a mistake stays one
      throw err;
    }
  };
  const oneRun = ({ raw, label, origins, labelAt = ['matrix'] }: (typeof expanded)[number], runIndex: number): ResolvedRun => {
    // Errors point at the matrix entry when the offending value came from the matrix (or at the option): its place,
    // and the key path written there in a file's reference (it named the run's key, `model` for matrix.model[1]).
    const locate = mappedLocator(parsed.locate, (path) => originOf(path, origins));
    const reference = (path: readonly PropertyKey[]) => referencedBy(parsed.file, locate(path), originOf(path, origins));
    const at = <T>(path: (string | number)[], fn: () => T): T => {
      try {
        return fn();
      } catch (err) {
        if (err instanceof InputError && !err.details.file) {
          // A loader may know the exact key (cluster.parallelism.tp); otherwise blame `path`.
          const own = err.details.keyPath === undefined ? undefined : parseKeyPath(err.details.keyPath);
          const exact = own && own[0]! in ScenarioSchema.shape ? own : path;
          throw new InputError(err.message, { ...err.details, file: parsed.file, ...locate(exact), keyPath: formatKeyPath(exact) });
        }
        if (err instanceof InputError && err.details.file !== parsed.file) {
          // The error is in a file the scenario points to (a model YAML, a config.json): say from where.
          const from = reference(path);
          throw new InputError(err.message, { ...err.details, hint: err.details.hint ? `${err.details.hint}; ${from}` : from });
        }
        throw err;
      }
    };
    // A top-level key the schema refuses is told before the missing model it may be: `model` with a zero-width space or a
    // no-break space in it (`mo\u200bdel:`, `model\u00a0:`), or misspelt (`modle:`), was "required model is missing", the
    // key that shows as `model` unnamed. The schema's own refusal of it, with its hint (the character, a near key).
    const stray = raw.model === undefined ? Object.keys(raw).find((k) => !Object.hasOwn(Validated.shape, k)) : undefined;
    if (stray !== undefined) throw mistake(() => issueToError(Validated, { code: 'unrecognized_keys', keys: [stray], path: [], message: '', input: raw }, { file: parsed.file, value: raw, locate }));
    const arch = mistake(() => withMtpLayers(at(['model'], () => resolveModel(raw.model, deps, parsed, locate)), raw, parsed, locate));
    const params = countParams(arch);
    const modelScope = {
      params: params.total, active_params: params.active, layers: arch.layers, d_model: arch.dModel, heads: arch.heads,
      kv_heads: arch.kvHeads, d_ff: arch.dFf, vocab: arch.vocab, seq_len: arch.seqLen,
    };
    const runSeqLen = writtenCount(raw, ['training', 'seq_len'], modelScope);
    const sized = { ...modelScope, ...(runSeqLen ? { seq_len: runSeqLen } : {}) };
    const count = writtenCount(raw, ['cluster', 'count'], sized);
    const scope = { ...sized, ...(count ? { count } : {}) };
    const check = (r: Raw) => withScope(scope, () => validate(Validated, { file: parsed.file, value: r, locate }));
    let s: ScenarioFile;
    try {
      s = check(raw) as ScenarioFile;
    } catch (err) {
      if (err instanceof InputError && !stackOfCombination(err, raw, origins, check)) MISTAKES.add(err);
      throw err;
    }
    const name = runName(s.name ?? baseName, label);
    const nameIssue = label ? nameProblem(name) : undefined;
    const byOption = labelAt[0] === 'options';
    if (nameIssue) throw mistake(() => new InputError(`run ${nameIssue}`, { file: parsed.file, ...parsed.locate(labelAt), keyPath: formatKeyPath(labelAt), hint: byOption ? 'a shorter option name, or a shorter scenario name: the run is named NAME [OPTION]' : 'shorter matrix values, or a shorter name' }));
    const t = s.training;
    if (t.mtp_layers !== undefined && t.mtp_layers !== arch.mtpDepth) throw mistake(() => new InputError(`mtp_layers changes the model the scenario's expressions count, so it is read before them: write the number itself, not an expression (found ${t.mtp_layers})`, { file: parsed.file, ...locate(['training', 'mtp_layers']), keyPath: 'training.mtp_layers', hint: `mtp_layers: ${t.mtp_layers}` }));
    // Per ACTIVE parameter: the N of an MoE's 6ND, as budget --model counts it (src/budget/plan.ts); a dense model's are all.
    const moe = params.active !== params.total;
    const tokens = t.tokens ?? Math.round(t.tokens_per_param! * params.active);
    const perParam = `${t.tokens_per_param} × ${params.active} ${moe ? 'active ' : ''}parameters = ${describeNumber(tokens)} training tokens`;
    const tokenIssue = tokens < 1 ? `${perParam}; at least 1 is needed` : wholeCountProblem(tokens, t.tokens !== undefined ? String(tokens) : perParam);
    if (tokenIssue) throw new InputError(tokenIssue, { file: parsed.file, ...locate(['training', t.tokens !== undefined ? 'tokens' : 'tokens_per_param']), keyPath: t.tokens !== undefined ? 'training.tokens' : 'training.tokens_per_param' });
    const seqLen = t.seq_len ?? arch.seqLen;
    // A module the model cannot use is what the file says, not one combination's (options share the model): exit 2.
    mistake(() => refuseModulesOfRun(arch, t.stack ?? DEFAULT_STACK, t.recompute_modules, (path) => ({ file: parsed.file, ...locate(['training', 'recompute_modules', ...path]) })));
    mistake(() => refuseEveryOfStack(t.stack ?? DEFAULT_STACK, t.recompute_every, { file: parsed.file, ...locate(['training', 'recompute_every']), keyPath: 'training.recompute_every' }));
    // Documents the file cannot hold stop it (exit 2); a length past one combination's seq_len makes that one infeasible.
    const docIssue = documentsIssue(t.documents, seqLen, parsed.file, locate);
    if (docIssue) throw docIssue.bySeqLen ? docIssue.error : mistake(() => docIssue.error);
    // The count's options both counts of the run share (recompute_modules, the document mask).
    // Written or not, by the run's own file (an option or matrix entry that sets it writes it): the default is noted where it matters (estimate/attentionNote.ts).
    const attentionGiven = isMapping(raw.training) && raw.training.attention !== undefined;
    // The modules selective recomputation reruns: the file's, else its stack's own selective mode (perf/selectiveModules.ts), as the performance model reads them.
    const countedAs = { ...selectiveCountOptions(STACKS[t.stack ?? DEFAULT_STACK], arch, t.recompute_modules, t.precision, t.gemm_precision), ...(t.documents !== undefined ? { documents: documentsOf(t.documents) } : {}) };
    let analysis = countable(arch, t.seq_len, (a) => analyse(a, { tokens, seqLen: t.seq_len, attention: t.attention, recompute: t.recompute, ...countedAs }), parsed.file, locate, reference);
    const hardware = mistake(() => at(['cluster', 'gpu'], () => deps.loadHardware(s.cluster.gpu)));
    const precision = t.precision as Precision;
    const written = isMapping(raw.training) && raw.training.precision !== undefined;
    const peak = at(['training', 'precision'], () => peakFlops(hardware, precision, undefined, !written));
    const gemmPrecision = t.gemm_precision as Precision | undefined;
    const gemm = gemmPrecision && gemmPrecision !== precision ? { precision: gemmPrecision, peakFlopsPerSecond: at(['training', 'gemm_precision'], () => peakFlops(hardware, gemmPrecision)) } : undefined;
    const gb = t.global_batch;
    const globalBatchTokens = globalBatchTokensOf(gb, seqLen);
    refuseBatchBelowOneSequence(globalBatchTokens, seqLen, { file: parsed.file, ...locate(['training', 'global_batch']) }, deps.batchHint ?? 'a global batch holds whole sequences: e.g. {tokens: 4M} or {sequences: 1536}');
    let prediction: unknown = null;
    const c = s.cluster;
    let predictedMfu: number | null = null;
    // What the prediction read of the fixed layout otherwise than written (perf/layout.ts): the run's warnings, after the
    // model's, not the model's own (the report lists those under the model).
    let layoutNotes: string[] = [];
    const scaleNotes = mistake(() => throughputScaleNotes(c, origins, parsed, locate));
    let record: KindRecord | null = null;
    const wantsPrediction = c.utilization === 'auto' || Boolean(c.parallelism) || deps.alwaysPredict === true;
    if (wantsPrediction && deps.predict) {
      refuseHybridPerf(arch, { file: parsed.file, ...locate(['model']), keyPath: 'model' });
      const batch = globalBatchTokens ? batchSequencesOf(globalBatchTokens, seqLen) : null;
      // The planner counts each layout's recomputation too: hardware FLOPs may leave the exact integers where model FLOPs did not.
      const p = countable(arch, t.seq_len, () => at(['cluster', 'parallelism'], () => withBatchWarning(batch?.warning, () => deps.predict!({ arch, hardware, scenario: s, seqLen, globalBatchSequences: batch ? batch.sequences : null, precision, locate, origins, label, attentionGiven }))), parsed.file, locate, reference);
      prediction = p.detail;
      layoutNotes = [...(batch?.warning ? [batch.warning] : []), ...(p.notes ?? [])];
      predictedMfu = p.mfu;
      record = p.record;
      // Hardware FLOPs follow the recomputation of the layout that will actually run.
      if ((p.recompute && p.recompute !== t.recompute) || p.recomputedShare !== undefined) analysis = countable(arch, t.seq_len, (a) => analyse(a, { tokens, seqLen: t.seq_len, attention: t.attention, recompute: p.recompute ?? t.recompute, recomputedShare: p.recomputedShare, ...countedAs }), parsed.file, locate, reference);
    }
    // recompute_layers counts layers of each pipeline chunk: without a layout (the performance model's) the
    // share it recomputes is unknown, and the count took every layer (achieved_tflops: 140 with
    // recompute_layers: 1 of GPT-3's 96 ran as long as full recomputation of all of them).
    const chunkCount = t.recompute_layers !== undefined ? 'recompute_layers' : t.recompute_every !== undefined ? 'recompute_every' : undefined;
    if (chunkCount !== undefined && predictedMfu === null) {
      const what = chunkCount === 'recompute_layers' ? 'counts layers of each pipeline chunk' : 'counts the blocks of a pipeline rank';
      throw new InputError(`${chunkCount} ${what}, and this run has no layout to tell the share it recomputes`, { file: parsed.file, ...locate(['training', chunkCount]), keyPath: `training.${chunkCount}`, hint: `give cluster.parallelism (pp, virtual_stages) or utilization: auto; or leave ${chunkCount} out (every layer recomputed)` });
    }
    if (c.utilization === 'auto' && predictedMfu === null) {
      throw new InputError('utilization: auto needs the performance model', { file: parsed.file, ...locate(['cluster', 'utilization']), keyPath: 'cluster.utilization' });
    }
    const predicted = predictedMfu === null ? null : { mfu: predictedMfu, hfu: predictedMfu * (analysis.totals.hardware / analysis.totals.model) };
    const peaks = { precision, peakFlopsPerSecond: peak, gemm };
    const { throughput, range } = throughputOf(c, predictedMfu, record, predicted ? 1 / peakShare(predicted, peaks) : Infinity);
    const abovePeak = throughput.kind === 'predicted' && throughput.throughputScale !== undefined ? scaleAbovePeak(predicted!, throughput.throughputScale, peaks) : undefined;
    if (abovePeak) throw new InputError(abovePeak.message, { file: parsed.file, ...locate(['cluster', 'throughput_scale']), keyPath: 'cluster.throughput_scale', hint: abovePeak.hint });
    refuseGivenAbovePeak(c, range, { analysis, gpuCount: c.count, precision, peakFlopsPerSecond: peak, ...(gemm ? { gemm } : {}) }, { file: parsed.file, locate });
    const ranges: Ranges = range ? { throughput: range } : {};
    const pricing = s.pricing ?? DEFAULT_PRICING;
    const blame = pricing.kind === 'owned' ? ['pricing', 'compare_with'] : ['pricing', pricing.provider ? 'provider' : 'kind'];
    const { price, energy, spotInterruption } = at(blame, () => resolvePricing(pricing, hardware, s.energy, deps.today, deps.givenPriceSource));
    const o = s.overheads;
    const overheads: OverheadInputs | undefined = o || spotInterruption !== undefined ? { ...(o ? overheadsOf(o) : {}), ...(spotInterruption !== undefined ? { spotInterruption } : {}) } : undefined;
    const inputs: RunInputs = {
      attentionGiven,
      name, label, analysis, ...(layoutNotes.length || scaleNotes.length ? { layoutNotes: [...layoutNotes, ...scaleNotes] } : {}), hardware, precision, peakFlopsPerSecond: peak, ...(gemm ? { gemm } : {}), gpuCount: c.count, throughput, globalBatchTokens, price,
      fixedUsd: pricing.fixed_usd,
      energy: { pue: energy.pue, usdPerKwh: energy.usdPerKwh, kgCo2PerKwh: s.energy.kg_co2_per_kwh, powerFraction: s.energy.power_fraction },
      ...(overheads ? { overheads } : {}),
      ...(s.constraints ? { constraints: { deadlineSeconds: s.constraints.deadline, budgetUsd: s.constraints.budget } } : {}),
    };
    if (pricing.usd_per_gpu_hour !== undefined) ranges.price = pricing.usd_per_gpu_hour;
    if (o?.goodput !== undefined) ranges.goodput = o.goodput;
    const result = at(['overheads'], () => estimateRun(inputs));
    const overflow = firstNonFinite(result);
    if (overflow) {
      const path = overflowCause(overflow, s, result);
      throw new InputError(`out of range: ${quantityText(overflow)} would not be a finite number`, {
        file: parsed.file, ...locate(path), keyPath: formatKeyPath(path), hint: 'check the size of this value and its unit',
      });
    }
    // Only inputs that are actually uncertain are ranges.
    const uncertain = Object.fromEntries(Object.entries(ranges).filter(([, r]) => r.low !== r.high)) as Ranges;
    deps.onRun?.(runIndex + 1, expanded.length);
    return { result, scenario: s, arch, prediction, ranges: uncertain };
  };
  if (expanded.length === 1 || !deps.onInfeasible) return expanded.map(one);
  const runs: ResolvedRun[] = [];
  let first: InputError | undefined;
  expanded.forEach((e, i) => {
    try {
      runs.push(one(e, i));
    } catch (err) {
      if (!(err instanceof InputError) || MISTAKES.has(err)) throw err;
      first ??= err;
      deps.onRun?.(i + 1, expanded.length);
      const named = (root as Raw).name;
      deps.onInfeasible!(runName(typeof named === 'string' ? named : baseName, e.label), err);
    }
  });
  if (first && runs.length === 0) throw first;
  return runs;
}

function overheadsOf(o: NonNullable<ScenarioFile['overheads']>): OverheadInputs {
  return {
    ...(o.goodput !== undefined ? { goodput: o.goodput.expected } : {}),
    ...(o.checkpoint ? { checkpoint: { intervalSeconds: o.checkpoint.interval, costSeconds: o.checkpoint.cost } } : {}),
    ...(o.failures ? { failures: { gpuMtbfSeconds: o.failures.gpu_mtbf, restartSeconds: o.failures.restart } } : {}),
  };
}

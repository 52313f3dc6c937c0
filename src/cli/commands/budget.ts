import type { Argv } from 'yargs';
import { budgetJson, budgetText, costModel, modelCostJson, modelCostText, modelTokensJson, modelTokensText, planBudget, tokensForModel, type BudgetTarget, type Cluster, type ComputeBudget } from '../../budget/index.js';
import { ATTENTION_CONVENTIONS, type AttentionConvention } from '../../flops/conventions.js';
import { analyseFlops } from '../../library/core.js';
import { gpuCountArg } from '../../library/args.js';
import { peakFlops } from '../../hardware/profile.js';
import { choosePrice } from '../../pricing/policy.js';
import { givenPriceWarning } from '../../pricing/givenPrice.js';
import { today } from '../clock.js';
import type { Precision } from '../../hardware/schema.js';
import { type HardwareProfile } from '../../hardware/toProfile.js';
import { barred, InputError } from '../../input/errors.js';
import { UsageError } from '../errors.js';
import { baseDirOf } from '../load/files.js';
import { catalogFor } from '../load/hardware.js';
import { keyedAs } from '../../input/unknown.js';
import { loadModel } from '../load/model.js';
import { COUNT_OPTION, countOption, GPU_OPTION, HARDWARE_DIR_OPTION, hardwareDirsOf, outputOf, precisionOption, seqLenOption } from '../options.js';
import { json, warn, type Io } from '../output.js';
import { isGpuHourPrice, LIMIT_REASONS, LIMITS } from '../../input/limits.js';
import { givenGoodputProblem } from '../../estimate/goodput.js';
import { budgetTargetOf, positive, refuseOverflow, sizedBy } from './budgetArgs.js';
import { BUDGET_SCENARIO_FLAGS, budgetOfScenario } from './budgetScenario.js';
import { flagName } from '../load/overrides.js';
import { listed } from '../../input/listed.js';

/**
 * --price, or the profile's default on-demand price; none, with why (choosePrice's refusal), where it has none. The
 * refusal is told where a price is needed (--usd): every one was 'no on-demand list price from an established
 * cloud', of a profile whose prices are all dated after today (SOURCE_DATE_EPOCH=0) or that lists no on-demand price.
 */
/** `unlikely`: a given price far above the GPU's list (pricing/givenPrice.ts), warned with the answer, not before a refusal. */
function priceFor(hw: HardwareProfile, given: number | undefined, io: Io): { price: Cluster['price']; refusal?: InputError; unlikely?: string } {
  if (given !== undefined && !isGpuHourPrice(given)) {
    throw new InputError(`expected at least ${LIMITS.minUsdPerGpuHour} USD per GPU-hour, found ${given}`, { keyPath: '--price', hint: LIMIT_REASONS.price });
  }
  const day = today(); // outside the try: a bad SOURCE_DATE_EPOCH is an error, not a missing price
  if (given !== undefined) {
    const unlikely = givenPriceWarning(hw, given, day, '--price');
    // In the price too, for the answer's --json warnings (as run's); on stderr with the answer.
    return { price: { usdPerGpuHour: given, source: '--price', providers: [], ...(unlikely ? { warnings: [unlikely] } : {}) }, ...(unlikely ? { unlikely } : {}) };
  }
  try {
    const p = choosePrice(hw, { kind: 'on-demand', today: day, ownPrice: 'give --price USD_PER_GPU_HOUR' });
    for (const w of p.warnings) warn(io, w);
    return { price: { usdPerGpuHour: p.usdPerGpuHour, source: p.source, providers: p.providers, ...(p.warnings.length ? { warnings: p.warnings } : {}) } };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { price: null, refusal: new InputError(err.message, { ...err.details, keyPath: '--price' }) };
  }
}

/** --utilization when not given (a common planning figure: Llama 3 reports 38–43% MFU on 16K H100, Table 4). */
const DEFAULT_UTILIZATION = '0.4';

/** Flags only a given model reads, and what each is to it. */
const MODEL_ONLY = [['attention', 'FLOP convention'], ['seq-len', 'sequence length']] as const;

export function budgetCommand(y: Argv, io: Io): Argv {
  return y.command(
    'budget [scenario]',
    'What a budget buys: compute-optimal model size and tokens for $ or a deadline (Chinchilla), or what a model and token count cost',
    (c) =>
      c
        .positional('scenario', { type: 'string', describe: `a scenario file: the tokens --usd and/or --deadline buy for its model, on its cluster at its MFU (auto: predicted, as run predicts it), price and goodput; ${listed(BUDGET_SCENARIO_FLAGS.map((f) => `--${flagName(f)}`), 'and')} override its values; \`-\` reads it from standard input` })
        .option('usd', { type: 'string', describe: 'budget in US dollars (5M, 250k)' })
        .option('deadline', { type: 'string', describe: 'wall-clock budget (90 days, 6 weeks); needs --count; with --usd the tighter binds' })
        .option('flops', { type: 'string', describe: 'a compute budget in model FLOPs (5.76e23): the compute-optimal model, and its time and cost' })
        .option('model', { type: 'string', describe: 'a given model (preset id, model YAML or config.json): with --tokens, what they cost; with --usd and/or --deadline, the tokens they buy' })
        .option('tokens', { type: 'string', describe: 'training tokens for --model (300B, 1.4T); with --usd and/or --deadline too, whether they cover them' })
        .option('gpu', { ...GPU_OPTION, describe: `${GPU_OPTION.describe}; required without a scenario` })
        .option('count', COUNT_OPTION)
        .option('utilization', { type: 'string', defaultDescription: DEFAULT_UTILIZATION, describe: 'model FLOPs utilisation (MFU), 0-1' })
        .option('price', { type: 'string', describe: 'USD per GPU-hour (default: the median on-demand list price of established clouds, as in flopcast run)' })
        .option('goodput', { type: 'string', defaultDescription: '1', describe: "fraction of wall-clock spent on useful steps (a scenario's overheads.goodput): the compute is the GPU-hours times it, as run divides the time by it" })
        .option('precision', precisionOption('selects the dense peak'))
        .option('attention', { choices: ATTENTION_CONVENTIONS as string[], defaultDescription: 'full', describe: 'FLOP convention for --model' })
        .option('seq-len', seqLenOption('sequence length for --model or a scenario'))
        .option('hardware-dir', HARDWARE_DIR_OPTION)
        .check((a) => (a.scenario !== undefined || a.gpu !== undefined ? true : 'give --gpu (a hardware profile id), or a scenario file'))
        .example('$0 budget --usd 5M --gpu h100-sxm --count 1024', 'the compute-optimal model five million dollars buys')
        .example('$0 budget --deadline "90 days" --gpu b200 --count 2048 --json', 'what a quarter on 2048 B200s buys')
        .example('$0 budget --usd 5M --deadline "60 days" --gpu h100-sxm --count 1024', 'whichever runs out first')
        .example('$0 budget --flops 5.76e23 --gpu a100-sxm4-80gb --count 1024', 'Chinchilla\'s own compute: 69.3B parameters, 1.39T tokens')
        .example('$0 budget --model llama-3-70b --tokens 15T --gpu h100-sxm --count 1024', 'what a given model and data cost')
        .example('$0 budget --model llama-3-70b --usd 5M --gpu h100-sxm --count 1024', 'the tokens five million dollars buy for a given model')
        .example('$0 budget --model llama-3-70b --usd 5M --deadline "90 days" --gpu h100-sxm --count 1024', 'its tokens, whichever of the dollars and the deadline runs out first')
        .example('$0 budget scenarios/llama-65b.yaml --usd 1M --count 512', "the tokens a million dollars buy for a scenario's model, on 512 of its GPUs at its MFU, price and goodput")
        .example('$0 budget scenarios/cluster-options.yaml --usd 5M --deadline "90 days"', 'per option and matrix cell'),
    async (argv) => {
      if (argv.scenario !== undefined) return budgetOfScenario(argv, io);
      // The questions budget answers, each by the options that ask it (the first two together: the tighter binds). --model
      // with dollars and/or a deadline asks the tokens they buy for it, and with --tokens too whether they cover them.
      const budgetGiven = argv.usd !== undefined || argv.deadline !== undefined;
      // Dollars and/or a deadline beside --model or --tokens are that question's (the tokens they buy, or whether they cover
      // them): '--model gpt2 --usd 1M --flops 1e23' was '3 questions at once (--usd; --flops; --model)', of two.
      const aboutModel = argv.model !== undefined || argv.tokens !== undefined;
      const asked = (aboutModel ? [['flops'], ['model', 'tokens', 'usd', 'deadline']] : [['usd', 'deadline'], ['flops']]).map((q) => q.filter((o) => argv[o] !== undefined)).filter((q) => q.length);
      const giveOne = 'give one of --usd and/or --deadline (with --model: the tokens they buy for it), --flops, or --model with --tokens';
      // Two at once were told 'give one of ...', as if none was given.
      if (asked.length > 1) throw new UsageError(`${asked.length} questions at once (${asked.map((q) => q.map((o) => `--${o}`).join(' with ')).join('; ')}): ${giveOne}`, 'run flopcast budget once for each');
      if (!asked.length) throw new UsageError(giveOne, 'e.g. flopcast budget --usd 5M --gpu h100-sxm --count 1024');
      // No yargs default: --attention or --seq-len given without --model was read by nothing (the 6ND figures have no
      // attention term and no sequence length).
      for (const [flag, what] of MODEL_ONLY) {
        if (argv[flag] !== undefined && argv.model === undefined) throw new UsageError(`--${flag} is the ${what} of --model, and is not read without it`, `the compute-optimal figures count 6ND, which has neither; give --model and --tokens to count a model's own FLOPs`);
      }
      const catalog = catalogFor(baseDirOf(), hardwareDirsOf(argv));
      const hw = keyedAs('--gpu', () => catalog.get(String(argv.gpu)));
      const precision = (argv.precision ?? 'bf16') as Precision;
      // A scenario's `auto` (the MFU predicted from a layout) needs what budget is not given, a global batch: it was 'unknown
      // name `auto`', hinted with the arithmetic allowed, as if a typo. The hint names the plan command with the user's own
      // values, its precision and sequence length too (an FP8 budget was pointed at a BF16 prediction).
      if (typeof argv.utilization === 'string' && argv.utilization.trim().toLowerCase() === 'auto') {
        const plan = `flopcast plan --model ${argv.model ?? 'MODEL'} --gpu ${String(argv.gpu)} --count ${argv.count ?? 'N'}${precision !== 'bf16' ? ` --precision ${precision}` : ''}${argv['seq-len'] !== undefined ? ` --seq-len ${String(argv['seq-len'])}` : ''} --global-batch SEQUENCES`;
        throw new InputError('budget takes a given MFU; `auto` predicts one from a parallel layout, which needs a global batch', {
          keyPath: '--utilization',
          hint: `predict it with ${plan}, then give its MFU as --utilization (or write a scenario with utilization: auto)`,
        });
      }
      // No yargs default: argv.utilization is set only when the user gave it, so sizedBy can name it.
      const utilization = positive('utilization', argv.utilization ?? DEFAULT_UTILIZATION, 'number', undefined, true)!;
      if (utilization > 1) throw new InputError(`expected a fraction in (0, 1], found ${String(argv.utilization)}`, { keyPath: '--utilization', hint: 'MFU 0.4 means 40% of the dense peak' });
      const gpuCount = gpuCountArg('--count', argv.count);
      const goodput = positive('goodput', argv.goodput, 'number', undefined, true);
      if (goodput !== undefined && goodput > 1) throw new InputError(`expected a fraction in (0, 1], found ${String(argv.goodput)}`, { keyPath: '--goodput', hint: 'goodput 0.9 means 90% of the wall-clock is useful steps' });
      // The scenario schema's floor (estimate/goodput.ts), its message and hint split at ' | ' as validate.ts boundReason reads them.
      const goodputProblem = goodput === undefined ? undefined : givenGoodputProblem(goodput);
      if (goodputProblem) {
        const { message, hint } = barred(goodputProblem);
        throw new InputError(message, { keyPath: '--goodput', ...(hint ? { hint } : {}) });
      }
      // The input's checks (--precision) before the price, whose stale-price warnings were printed before a refusal.
      const peakFlopsPerSecond = peakFlops(hw, precision, '--precision', argv.precision === undefined);
      // --out's format too (a `.csv` refused): a usage error before the price's warnings, which were printed above it (left38).
      const o = outputOf(argv, io);
      const { price, refusal, unlikely } = priceFor(hw, positive('price', argv.price, 'number'), io);
      const cluster: Cluster = { hardware: hw, precision, peakFlopsPerSecond, utilization, ...(gpuCount !== undefined ? { gpuCount } : {}), price, ...(goodput !== undefined ? { goodput } : {}) };
      // No default price: refused where one is needed (--usd); elsewhere the cost is left out, and why is told in the
      // same words (it was 'price not given', 'give --price for the cost', of a price the user had no reason to give).
      const noCost = (): void => {
        if (refusal) warn(io, `no cost: ${refusal.message}${refusal.details.hint ? `; ${refusal.details.hint}` : ''}`);
      };
      // Dollars and/or a deadline, read alike for the compute-optimal model and for a given model's tokens.
      // Each answer alike: refused where a figure overflows (at the options that sized it), the missing cost told, printed.
      const answer = (data: object, binding: ComputeBudget['binding'] | 'model', text: () => string): void => {
        refuseOverflow(data, binding, argv);
        if (unlikely) warn(io, unlikely);
        noCost();
        o.emit(o.json ? json(data) : text());
      };
      const budgetTarget = (): BudgetTarget & { flops?: undefined } => {
        if (argv.usd !== undefined && refusal) throw refusal;
        if (argv.deadline !== undefined && gpuCount === undefined) throw new UsageError('--deadline needs --count (the number of GPUs)');
        return budgetTargetOf(argv);
      };
      if (argv.model !== undefined || argv.tokens !== undefined) {
        if (argv.model === undefined || (argv.tokens === undefined && !budgetGiven)) throw new UsageError('--model and --tokens go together', '--model with --usd and/or --deadline (no --tokens) gives the tokens they buy for it');
        if (gpuCount === undefined) throw new UsageError('--model needs --count (the number of GPUs)');
        const arch = keyedAs('--model', () => loadModel(String(argv.model)));
        const tokens = countOption('tokens', argv.tokens);
        // The one FLOP analysis `flops` runs, with its sequence length: a config.json's seq_len read from
        // max_position_embeddings was used silently here (no --seq-len, and the analysis' warnings unprinted).
        // Without --tokens, one sequence: the per-token count the budget's tokens are found by.
        const analysis = analyseFlops(arch, { ...(tokens !== undefined ? { tokens } : {}), seqLen: argv['seq-len'] as string | undefined, attention: argv.attention as AttentionConvention | undefined }, { tokens: '--tokens', seqLen: '--seq-len', model: '--model' });
        // The MFU given is read under the counted convention: noted, as run notes a scenario's, where --attention is left out and moves it (estimate/attentionNote.ts).
        const modelCluster = { ...cluster, gpuCount, convention: { attentionGiven: argv.attention !== undefined, throughput: { kind: 'utilization' as const, mfu: utilization }, words: argv.utilization === undefined ? 'default flags' as const : 'flags' as const } };
        if (tokens === undefined) {
          const t = tokensForModel(budgetTarget(), analysis, modelCluster, (binding) => sizedBy('compute_flops', binding, argv));
          answer(modelTokensJson(t), t.budget.binding, () => modelTokensText(t));
          return;
        }
        // With --usd and/or --deadline too: whether they cover the tokens (estimateRun's meetsBudget / meetsDeadline).
        const target = budgetGiven ? budgetTarget() : undefined;
        const m = costModel(analysis, modelCluster, target && { ...(target.usd !== undefined ? { budgetUsd: target.usd } : {}), ...(target.deadlineSeconds !== undefined ? { deadlineSeconds: target.deadlineSeconds } : {}) });
        answer(modelCostJson(m), 'model', () => modelCostText(m));
        return;
      }
      const target: BudgetTarget = argv.flops !== undefined ? { flops: positive('flops', argv.flops, 'count')! } : budgetTarget();
      const p = planBudget(target, cluster, (binding) => sizedBy('compute_flops', binding, argv));
      answer(budgetJson(p), p.budget.binding, () => budgetText(p));
    },
  );
}

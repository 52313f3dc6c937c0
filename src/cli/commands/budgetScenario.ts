/**
 * `flopcast budget FILE --usd 5M [--deadline "90 days"]`: the tokens the dollars and/or the deadline buy for a scenario's
 * model, on its cluster, at the MFU it runs at (`utilization: auto`: predicted), its price and its goodput. The scenario
 * is resolved as `flopcast run` resolves it (load/scenario.ts), with the command line's values over the file's
 * (load/overrides.ts), then each run is answered as `budget --model M --usd X --gpu G --count N --price P` answers it
 * (budget/plan.ts tokensForModel, with the run's MFU and goodput: clusterOfRun).
 *
 * A file of several runs (options × matrix cells) is answered per run, in one table: the question a budget owner brings
 * to a comparison file is which option buys the most, and one command per option (or an --option flag to pick one)
 * would make them retype the comparison the file already holds.
 */
import { clusterOfRun, modelTokensJson, modelTokensTable, modelTokensText, tokensForModel } from '../../budget/index.js';
import { InputError } from '../../input/errors.js';
import { inputWarnings } from '../../estimate/run.js';
import { labelledWarnings } from '../../report/warnings.js';
import { givenRanges, infeasibleOf, throughputBasisJson, type Infeasible } from '../../report/runJson.js';
import { layoutText } from '../../report/layoutText.js';
import { runPredictionJson } from '../../scenario/predict.js';
import { rangedInputsText } from '../../report/document/cells.js';
import { usd } from '../../report/format.js';
import { UsageError } from '../errors.js';
import { existsSync } from 'node:fs';
import { shownName } from '../../input/name.js';
import { readStdinText, STDIN_ARG } from '../load/files.js';
import { overridesNote, overridesOf } from '../load/overrides.js';
import type { FixedField } from '../../scenario/options.js';
import { checkScenariosOnce, loadScenarioGroups } from '../load/scenario.js';
import { hardwareDirsOf, outputOf } from '../options.js';
import { json, warn, type Io } from '../output.js';
import { budgetTargetOf, positive, refuseOverflow, sizedBy } from './budgetArgs.js';
import { infeasibleWarning } from './infeasible.js';

/** What budget FILE takes over the scenario's values. */
export const BUDGET_SCENARIO_FLAGS: readonly FixedField[] = ['gpu', 'count', 'price', 'utilization', 'goodput', 'seqLen', 'precision'];

/** Budget's options a scenario gives otherwise, and what to do instead. */
const NOT_WITH_FILE: [string, string][] = [
  ['flops', 'the compute-optimal model of a FLOP budget has no scenario: leave the file out'],
  ['model', "the scenario names the model: edit its model:, or leave the file out and give the scenario's values as options"],
  ['attention', "the FLOP convention is the scenario's training.attention"],
];

export async function budgetOfScenario(argv: Record<string, unknown>, io: Io): Promise<void> {
  const file = String(argv.scenario);
  // `budget 5M --gpu h100-sxm` read 5M as a scenario's path: a dollar amount is --usd's.
  if (file !== STDIN_ARG && !existsSync(file) && /^[$\d.]/.test(file)) throw new UsageError(`\`${shownName(file)}\` is not a scenario file`, `a dollar budget is --usd ${shownName(file)}; a scenario file comes first, as in flopcast budget scenarios/llama-65b.yaml --usd 1M`);
  for (const [flag, instead] of NOT_WITH_FILE) if (argv[flag] !== undefined) throw new UsageError(`--${flag} is not read with a scenario file`, instead);
  if (argv.tokens !== undefined) {
    throw new UsageError('budget FILE gives the tokens --usd and/or --deadline buy; --tokens asks whether they cover the tokens given', `flopcast run ${file} --tokens ${String(argv.tokens)}${argv.usd !== undefined ? ` --budget ${String(argv.usd)}` : ''}${argv.deadline !== undefined ? ` --deadline "${String(argv.deadline)}"` : ''} says so in its meets column`);
  }
  if (argv.usd === undefined && argv.deadline === undefined) {
    throw new UsageError('give --usd and/or --deadline: budget FILE gives the tokens they buy for the scenario\'s model', `e.g. flopcast budget ${file} --usd 5M; the cost of the scenario's own tokens is flopcast run ${file}`);
  }
  const target = budgetTargetOf(argv);
  // A price turns dollars into GPU-hours and GPU-hours into a cost: budget's options refuse $0 (budget.ts), and so does
  // the file's path (hostile sweep 26: --price 0 was told 'the scenario's run has no price per GPU-hour ... give --price').
  positive('price', argv.price, 'number');
  const overrides = overridesOf(argv, BUDGET_SCENARIO_FLAGS);
  const stdin = checkScenariosOnce([file]) && io.stdin ? await readStdinText(io.stdin()) : undefined;
  const infeasible: Infeasible[] = [];
  const runs = loadScenarioGroups([file], hardwareDirsOf(argv), {
    ...(stdin !== undefined ? { stdin } : {}),
    overrides,
    onInfeasible: (name, error) => infeasible.push(infeasibleOf(name, error)),
  }).flat();
  const answers = runs.map((r) => {
    const cluster = clusterOfRun(r.result);
    const at = runs.length > 1 ? ` (${r.result.inputs.label})` : '';
    if (target.usd !== undefined && cluster.price === null) {
      const free = r.result.inputs.price.usdPerGpuHour === 0 ? ' (it is priced at $0 per GPU-hour)' : '';
      throw new InputError(`the scenario's run${at} has no price per GPU-hour to turn --usd into compute${free}`, { keyPath: '--price', hint: 'give --price USD_PER_GPU_HOUR, or a pricing block in the scenario' });
    }
    const t = tokensForModel(target, r.result.inputs.analysis, cluster, (binding) => `${sizedBy('compute_flops', binding, argv)}${at}`);
    const data = modelTokensJson(t);
    refuseOverflow(data, t.budget.binding, argv);
    // The basis of the MFU the answer is at, in run --json's keys and by its code: where it came from, and the predicted
    // layout, step and memory (budget FILE of a `utilization: auto` file printed the predicted MFU and none of these).
    const prediction = runPredictionJson(r);
    return { label: r.result.inputs.label, t, data: { ...data, ...throughputBasisJson(r.result), ...prediction }, prediction, fixedUsd: r.result.cost.fixedUsd, energy: r.result.cost.energyUsd > 0 };
  });
  const one = answers.length === 1 ? answers[0]! : undefined;
  const o = outputOf(argv, io);
  // The one run's layout in the text, as run's `layout` line names it (report/layoutText.ts).
  o.emit(o.json ? json(one ? one.data : { options: answers.map((a) => ({ option: a.label, ...a.data })) }) : one ? modelTokensText(one.t, one.prediction && layoutText(one.prediction, one.t.cost.run.inputs.analysis.arch.moe !== null)) : modelTokensTable(answers));
  // The run's warnings on what budget reads of it, the price and the layout (estimate/run.ts inputWarnings), as run prints
  // them, each once, named by option where it is some options' only (report/warnings.ts).
  for (const w of labelledWarnings(runs.map((r) => ({ label: r.result.inputs.label, warnings: inputWarnings(r.result.inputs) })))) warn(io, w);
  // What the dollars do not buy: the run's fixed costs and energy, which run adds to the compute. Under a deadline alone
  // no dollars were given: the cost printed is the compute's (hostile sweep 26: 'budget rent-or-buy.yaml --deadline 30days'
  // said 'the dollars buy compute alone: the scenario's energy are not in them').
  const fixedUsd = Math.max(...answers.map((a) => a.fixedUsd));
  const left = [...(fixedUsd > 0 ? [`fixed costs (${usd(fixedUsd)})`] : []), ...(answers.some((a) => a.energy) ? ['energy costs'] : [])];
  const alone = target.usd !== undefined ? 'the dollars buy compute alone' : 'the cost is of the compute alone';
  if (left.length) warn(io, `${alone}: the scenario's ${left.join(' and ')} are not in ${target.usd !== undefined ? 'them' : 'it'}; flopcast run ${file} --tokens TOKENS adds them`);
  // A range the scenario gives (utilization: [0.35, 0.45]) is answered at its expected value, as run's lines are; it was
  // answered at the middle without a word (walk31): said, run by run, with the flags that answer elsewhere.
  const ranged = runs.flatMap((r) => {
    const g = givenRanges(r);
    return g ? [`${runs.length > 1 ? `${r.result.inputs.label}: ` : ''}${rangedInputsText(g.given, r)}`] : [];
  });
  if (ranged.length) warn(io, `the scenario gives ranges (${ranged.join('; ')}): budget answers at each one's expected value, the middle where only the ends are given; --utilization, --price or --goodput answers at a value you choose`);
  const note = overridesNote(overrides, runs.length + infeasible.length);
  if (note) warn(io, note);
  if (infeasible.length) warn(io, infeasibleWarning(infeasible, runs.length, 'left out'));
}

import type { Argv } from 'yargs';
import { markOptions, sortResults, type SortKey } from '../../estimate/compare.js';
import type { Prediction } from '../../perf/index.js';
import { renderRuns, type Infeasible, type RunFormat } from '../../report/runs.js';
import { predictionJson } from '../../scenario/predict.js';
import { readStdinText } from '../load/files.js';
import { checkStdinOnce, loadScenarios } from '../load/scenario.js';
import { emit, type Io } from '../output.js';
import { infeasibleWarning } from './infeasible.js';

export function runCommand(y: Argv, io: Io): Argv {
  return y.command(
    'run <scenarios..>',
    'Time, GPU-hours, cost and energy for scenario files (and every matrix combination)',
    (c) =>
      c
        .positional('scenarios', { type: 'string', array: true, describe: 'scenario YAML files; `-` reads one from standard input', demandOption: true })
        .option('format', { choices: ['table', 'json', 'csv', 'markdown'], default: 'table', describe: 'output format (--json = --format json)' })
        .option('sort', { choices: ['cost', 'time', 'energy'], describe: 'order the options' })
        .option('hardware-dir', { type: 'string', array: true, default: [], describe: 'extra folders of hardware profile YAML files' })
        .example('$0 run scenarios/llama-65b.yaml', 'one run, with LLaMA-1 65B\'s reported throughput')
        .example('$0 run scenarios/cluster-options.yaml --sort cost', 'compare GPUs and cluster sizes')
        .example('$0 run scenarios/*.yaml --format csv --out runs.csv', 'every example, as CSV')
        .example('cat s.yaml | $0 run -', 'a scenario from standard input'),
    async (argv) => {
      const files = argv.scenarios as string[];
      const stdin = checkStdinOnce(files) && io.stdin ? await readStdinText(io.stdin()) : undefined;
      const infeasible: Infeasible[] = [];
      const runs = loadScenarios(files, argv['hardware-dir'] as string[], undefined, false, {
        ...(stdin !== undefined ? { stdin } : {}),
        onInfeasible: (name, error) => infeasible.push({ name, error: error.located() }),
      });
      const extra = new Map(runs.map((r) => [r.result, r.prediction ? predictionJson(r.prediction as Prediction) : undefined]));
      const results = sortResults(runs.map((r) => r.result), argv.sort as SortKey | undefined);
      const marks = markOptions(results);
      const format: RunFormat = argv.json ? 'json' : (argv.format as RunFormat);
      const rows = results.map((result, i) => ({ result, marks: marks[i]!, ...(extra.get(result) ? { extra: extra.get(result)! } : {}) }));
      emit(io, renderRuns(rows, format, infeasible), argv.out as string | undefined);
      if (infeasible.length) io.stderr(infeasibleWarning(infeasible, runs.length));
    },
  );
}

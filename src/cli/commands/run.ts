import type { Argv } from 'yargs';
import type { SortKey } from '../../estimate/compare.js';
import { renderRuns, type RunFormat } from '../../report/runs.js';
import { comparisonRows, comparisonsRows } from '../../scenario/compare.js';
import { loadScenarioGroups } from '../load/scenario.js';
import { emit, type Io } from '../output.js';

export function runCommand(y: Argv, io: Io): Argv {
  return y.command(
    'run <scenarios..>',
    'Time, GPU-hours, cost and energy for scenario files (each option and matrix combination; marks within each file)',
    (c) =>
      c
        .positional('scenarios', { type: 'string', array: true, describe: 'scenario YAML files', demandOption: true })
        .option('format', { choices: ['table', 'json', 'csv', 'markdown'], default: 'table', describe: 'output format (--json = --format json)' })
        .option('sort', { choices: ['cost', 'time', 'energy'], describe: 'order the options' })
        .option('hardware-dir', { type: 'string', array: true, default: [], describe: 'extra folders of hardware profile YAML files' })
        .example('$0 run scenarios/llama-65b.yaml', 'one run, with LLaMA-1 65B\'s reported throughput')
        .example('$0 run scenarios/cluster-options.yaml --sort cost', 'compare GPUs and cluster sizes')
        .example('$0 run scenarios/*.yaml --format csv --out runs.csv', 'every example, as CSV'),
    (argv) => {
      const groups = loadScenarioGroups(argv.scenarios as string[], argv['hardware-dir'] as string[]);
      const format: RunFormat = argv.json ? 'json' : (argv.format as RunFormat);
      const sort = argv.sort as SortKey | undefined;
      // Tables show each file's comparison on its own, so its marks read within it; data formats list every row.
      const text = (format === 'table' || format === 'markdown') && groups.length > 1
        ? groups.map((g) => renderRuns(comparisonRows(g, sort), format)).join('\n')
        : renderRuns(comparisonsRows(groups, sort), format);
      emit(io, text, argv.out as string | undefined);
    },
  );
}

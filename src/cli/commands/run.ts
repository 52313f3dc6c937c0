import type { Argv, Options } from 'yargs';
import { SORT_KEYS, type SortKey } from '../../estimate/compare.js';
import { attentionNotes, infeasibleNote, renderRuns, type RunFormat } from '../../report/runs.js';
import { infeasibleOf, type Infeasible } from '../../report/runJson.js';
import { comparisonRows, comparisonsRows } from '../../scenario/compare.js';
import { readStdinText } from '../load/files.js';
import { checkScenariosOnce, loadScenarioGroups } from '../load/scenario.js';
import { HARDWARE_DIR_OPTION, hardwareDirsOf, outFormat, SCENARIOS_POSITIONAL, twoOutputs, type Writes } from '../options.js';
import { emit, warn, type Io } from '../output.js';
import { labelledWarnings } from '../../report/warnings.js';
import { infeasibleWarning } from './infeasible.js';
import { flagName, overridesNote, overridesOf } from '../load/overrides.js';
import type { RunOverrideField } from '../../library/runOverrides.js';

/** What run takes over a scenario's values (load/overrides.ts), the library's run options' own list (RUN_OVERRIDE_FIELDS, a type error if they differ), as --help describes each: the cluster, the price, the tokens and what the run is checked against. */
const RUN_OVERRIDES = {
  gpu: { type: 'string', describe: "hardware profile id, over every run's cluster.gpu" },
  count: { type: 'string', describe: "number of GPUs, over every run's cluster.count" },
  price: { type: 'string', describe: "USD per GPU-hour, over every run's pricing (its kind and provider)" },
  utilization: { type: 'string', describe: "MFU 0-1, or auto (predicted from the hardware), over every run's cluster throughput figure" },
  goodput: { type: 'string', describe: "fraction of wall-clock spent on useful steps, over every run's overheads.goodput (its checkpoint and failures)" },
  tokens: { type: 'string', describe: "training tokens (300B, 15T), over every run's training.tokens" },
  deadline: { type: 'string', describe: 'latest acceptable wall-clock (90 days), over every run\'s constraints.deadline' },
  budget: { type: 'string', describe: "most acceptable total cost in USD (40M), over every run's constraints.budget" },
} as const satisfies Record<RunOverrideField, Options>;
const RUN_FLAGS = Object.keys(RUN_OVERRIDES) as (keyof typeof RUN_OVERRIDES)[];

/** What run writes (options.ts outFormat): its table by default, JSON, CSV or Markdown; HTML is a report's. */
const RUN_WRITES: Writes = {
  formats: ['text', 'json', 'csv', 'markdown'],
  choose: 'give --format to write one under this name',
  elsewhere: { html: 'an HTML report: flopcast report SCENARIO --out report.html' },
};

export function runCommand(y: Argv, io: Io): Argv {
  return y.command(
    'run <scenarios..>',
    'Time, GPU-hours, cost and energy for scenario files (each option and matrix combination; marks within each file)',
    (c) =>
      c
        .positional('scenarios', SCENARIOS_POSITIONAL)
        // No yargs default, so that a --format given beside --json is seen: `--json --format csv` printed JSON.
        .option('format', { choices: ['table', 'json', 'csv', 'markdown'], defaultDescription: 'from the --out extension (.csv, .json, .md), else table', describe: 'output format (--json = --format json)' })
        .option('sort', { choices: SORT_KEYS as unknown as string[], describe: 'order the options' })
        .option('hardware-dir', HARDWARE_DIR_OPTION)
        .options(Object.fromEntries(RUN_FLAGS.map((f) => [flagName(f), { ...RUN_OVERRIDES[f], group: 'Over the scenario\'s values (every run of the file):' }])) as Record<string, Options>)
        .example('$0 run scenarios/llama-65b.yaml', 'one run, with LLaMA-1 65B\'s reported throughput')
        .example('$0 run scenarios/cluster-options.yaml --sort cost', 'compare GPUs and cluster sizes')
        .example('$0 run scenarios/*.yaml --format csv --out runs.csv', 'every example, as CSV')
        .example('cat s.yaml | $0 run -', 'a scenario from standard input')
        .example('$0 run scenarios/cluster-options.yaml --count 2048 --price 2.5 --deadline "90 days" --budget 30M', 'every option at 2,048 GPUs and $2.50 per GPU-hour, against your own deadline and budget'),
    async (argv) => {
      const files = argv.scenarios as string[];
      const stdin = checkScenariosOnce(files) && io.stdin ? await readStdinText(io.stdin()) : undefined;
      const infeasible: Infeasible[] = [];
      const overrides = overridesOf(argv, RUN_FLAGS);
      const groups = loadScenarioGroups(files, hardwareDirsOf(argv), {
        ...(stdin !== undefined ? { stdin } : {}),
        overrides,
        onInfeasible: (name, error) => infeasible.push(infeasibleOf(name, error)),
      });
      // --format as typed (`table`, for the table the code calls `text`, as every command's text output), for the messages.
      const given = argv.format as 'table' | Exclude<RunFormat, 'text'> | undefined;
      if (argv.json && given !== undefined && given !== 'json') throw twoOutputs('--json', `--format ${given}`, 'the same as --format json');
      // Without --format or --json, the --out file's extension (--out runs.csv wrote the table); one run cannot write is refused.
      const chosen = argv.json ? { format: 'json' as const, flag: '--json' } : given !== undefined ? { format: given === 'table' ? 'text' as const : given, flag: `--format ${given}` } : undefined;
      const notes: string[] = [];
      const format = outFormat('run', argv.out as string | undefined, RUN_WRITES, chosen, (w) => notes.push(w)) as RunFormat;
      const sort = argv.sort as SortKey | undefined;
      // Tables show each file's comparison on its own, so its marks read within it; data formats list every row.
      const text = (format === 'text' || format === 'markdown') && groups.length > 1
        ? groups.map((g, i) => renderRuns(comparisonRows(g, sort), format, i === groups.length - 1 ? infeasible : [])).join('\n')
        : renderRuns(comparisonsRows(groups, sort), format, infeasible);
      // Every run took the overrides: said below the table (as plan says which run it plans), on stderr beside data.
      const note = overridesNote(overrides, groups.flat().length + infeasible.length, files.length);
      const table = format === 'text' || format === 'markdown';
      emit(io, note && table ? `${text.replace(/\n*$/, '')}\n${note}\n` : text, argv.out as string | undefined);
      for (const n of notes) warn(io, n);
      if (note && !table) warn(io, note);
      // CSV has no room for the table's footnotes: its warnings (an import's assumptions, stale prices) go to stderr.
      // A warning about some of a file's runs names them, as the table's footnotes do (report/warnings.ts).
      if (format === 'csv') for (const w of new Set(groups.flatMap((g) => labelledWarnings(g.map((r) => ({ label: r.result.name, warnings: r.result.warnings })))))) warn(io, w);
      // And the attention-convention note (report/runs.ts attentionNotes), where a run has one.
      if (format === 'csv') for (const n of new Set(groups.flatMap((g) => labelledWarnings(g.map((r) => ({ label: r.result.name, warnings: attentionNotes(r) })))))) warn(io, n);
      // Nor for the combinations that could not run: each is said on stderr, with its error and hint (it was named alone,
      // 'marked infeasible in the output', which the CSV is not).
      if (format === 'csv') for (const i of infeasible) warn(io, infeasibleNote(i, undefined, true));
      if (infeasible.length) warn(io, infeasibleWarning(infeasible, groups.flat().length, format === 'csv' ? 'left out of the CSV, which holds results only' : undefined));
    },
  );
}

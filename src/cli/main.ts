/** The flopcast command line: the only module that reads argv and sets the exit code. */
import yargs, { type Argv } from 'yargs';
import { budgetCommand } from './commands/budget.js';
import { COMPLETION_DESCRIPTION, completionHelp } from './commands/completion.js';
import { flopsCommand } from './commands/flops.js';
import { reportCommand } from './commands/report.js';
import { pricesCommand } from './commands/prices.js';
import { hardwareCommand } from './commands/hardware.js';
import { modelsCommand } from './commands/models.js';
import { planCommand } from './commands/plan.js';
import { validateCommand } from './commands/validate.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { uiCommand } from './commands/ui.js';
import { EXIT, reportError } from './errors.js';
import { resetInputsRead, STDIN_ARG } from './load/files.js';
import { json, processIo, type Io } from './output.js';
import { outputOf } from './options.js';
import { flopcastVersion } from '../paths.js';
import {
  asksCompletion, refuseBooleanWords, refuseCompletionArguments, refuseDoubleDash, refuseEmptyPaths, refuseMissingValues,
  refuseCapitalOptions, refuseRepeatedOptions, refuseStdinElsewhere,
} from './usageErrors.js';
import { refuseHelpOfUnknownCommand, unknownCommands, yargsUsageError } from './yargsErrors.js';

/**
 * What `--version` prints, alone or after a command (yargs answers both): the number, or `{"version"}` under `--json`,
 * every command's data option (yargs' built-in printed the plain number whatever else was given).
 */
function versionDocument(version: string, args: readonly string[]): string {
  return asksJson(args) ? json({ version }) : `${version}\n`;
}

/**
 * `flopcast help run` is `flopcast run --help`, as git, npm and cargo read it, and `flopcast help`
 * alone `flopcast --help`: both were 'unknown command `help`'.
 */
function helpWord(args: string[]): string[] {
  return args[0] === 'help' ? [...args.slice(1).filter((a) => a !== 'help'), '--help'] : args;
}

export async function main(argsIn: string[], io: Io = processIo()): Promise<number> {
  const args = helpWord(argsIn);
  const debug = args.includes('--debug');
  resetInputsRead();
  try {
    refuseDoubleDash(args);
    refuseCompletionArguments(args);
  } catch (err) {
    return reportError(err, debug, io.stderr, io.color);
  }
  // yargs answers its completion command before it reads --help, so the help was the script itself (hostile sweep 22).
  if (asksCompletion(args) && asksHelp(args)) {
    io.stdout(asksJson(args) ? json({ command: 'flopcast completion', help: completionHelp() }) : `${completionHelp()}\n`);
    return EXIT.ok;
  }
  const yargsArgs = args.map((a) => (a === '-' ? STDIN_ARG : a));
  let cli: Argv = yargs(yargsArgs)
    .scriptName('flopcast')
    .usage('$0 <command> [options]\n\nExact training FLOPs, then time, GPU-hours, cost and energy for a training run.')
    .option('json', { type: 'boolean', default: false, describe: 'print machine-readable JSON on stdout' })
    .option('out', { type: 'string', describe: 'write the output to this file instead of stdout' })
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces on errors' })
    .strict()
    .demandCommand(1, 'give a command; run `flopcast --help` for the list')
    .recommendCommands()
    // `flopcast completion >> ~/.bashrc` (or ~/.zshrc): the script asks `flopcast --get-yargs-completions`.
    .completion('completion', COMPLETION_DESCRIPTION)
    .help()
    .alias('h', 'help')
    // The number flopcastVersion reads: yargs' own search for a package.json finds none from the bundle (a vm.Script), so
    // `flopcast flops gpt2 --version` printed "unknown".
    .version(flopcastVersion())
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, err, usage) => {
      // yargs reports its own validation failures as a message (a `.check` returns a string, which
      // yargs passes on as `err`); errors thrown by handlers pass through.
      if (err instanceof Error && err.name !== 'YError') throw err;
      // yargs passes its usage object, whose descriptions name the options of the command being run.
      const options = Object.keys((usage as unknown as { getDescriptions(): object }).getDescriptions());
      throw yargsUsageError(message, args, options);
    })
    .middleware(refuseCapitalOptions(args), true)
    .middleware(refuseMissingValues(args), true)
    .middleware(refuseBooleanWords(args), true)
    .middleware(refuseRepeatedOptions, true)
    .middleware(refuseStdinElsewhere(args), true)
    .middleware(refuseEmptyPaths, true)
    .exitProcess(false)
    .example('$0 flops gpt3-175b --tokens 300B --explain', 'the classic GPT-3 question, step by step')
    .example('$0 run scenarios/cluster-options.yaml --sort cost', 'compare GPUs and cluster sizes')
    .example('$0 report scenarios/cluster-options.yaml --out report.html', 'a report to share')
    .example('$0 plan scenarios/llama-3.1-405b.yaml', 'the best parallel layouts')
    .epilogue('Docs and examples: see README.md. Exit codes: 0 ok, 1 failure, 2 invalid input or usage.');
  cli = flopsCommand(cli, io);
  cli = runCommand(cli, io);
  cli = reportCommand(cli, io);
  cli = budgetCommand(cli, io);
  cli = modelsCommand(cli, io);
  cli = hardwareCommand(cli, io);
  cli = pricesCommand(cli, io);
  cli = schemaCommand(cli, io);
  cli = planCommand(cli, io);
  cli = validateCommand(cli, io);
  cli = uiCommand(cli, io);
  skipHelpCache(cli);
  unknownCommands(cli);
  try {
    // What yargs itself prints (help, the completion script and its completions) is handed to this
    // callback rather than to console.log, and written through io as every other output is: Node's
    // console.log checks the terminal's colours and warned on stderr 'The NO_COLOR env is ignored due
    // to the FORCE_COLOR env being set' when both were set (sweep 15).
    if (asksHelp(args)) refuseHelpOfUnknownCommand(cli, yargsArgs);
    let output = '';
    await cli.parseAsync(yargsArgs, {}, (err, _argv, out) => {
      if (err) throw err;
      output = out;
    });
    if (wantsJsonHelp(args)) {
      // `--help --json`: stdout holds one JSON document, as it does for every other `--json` (it printed the text).
      // The command the help describes, from its usage line ("flopcast run <scenarios..>", "flopcast <command> [options]"):
      // the words typed included positionals (`flopcast run s.yaml`); an unknown command is refused above.
      const command = (output.split('\n')[0] ?? '').split(/ [<[]/)[0]!.trim();
      io.stdout(json({ command: command || 'flopcast', help: output }));
    } else if (output !== '' && asksJson(args) && asksVersion(args)) {
      // `--version --json` (yargs answers it, any command unrun): one JSON document.
      io.stdout(versionDocument(output, args));
    } else if (output !== '' && asksCompletion(args)) {
      // The script through --out and --json as every command's output goes (yargs answers before any option is read).
      // yargsArgs: `--out -` as every command reads it (STDIN_ARG: standard output), not a file named `-`.
      // Its format by every command's rule (options.ts outFormat): `--out x.json` the JSON, `--out x.csv` refused.
      const o = outputOf({ _: ['completion'], out: outOption(yargsArgs), json: asksJson(args) }, io);
      o.emit(o.json ? json({ command: 'completion', script: output.endsWith('\n') ? output : `${output}\n` }) : output);
    } else if (output !== '') io.stdout(`${output}\n`); // a line, as console.log wrote it
    return EXIT.ok;
  } catch (err) {
    return reportError(err, debug, io.stderr, io.color);
  }
}

/** --out's value as written (`--out FILE` or `--out=FILE`); yargs has read it, but completion's output is written here. */
const outOption = (args: readonly string[]): string | undefined => {
  const i = args.indexOf('--out');
  return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('--out='))?.slice('--out='.length);
};
/** `--json`, or `--format json` (run's: "--json = --format json"), which printed the help as text (left38). */
const asksJson = (args: readonly string[]): boolean => args.some((a, i) => a === '--json' || a === '--json=true' || a === '--format=json' || (a === '--format' && args[i + 1] === 'json'));
const asksVersion = (args: readonly string[]): boolean => args.some((a) => a === '--version' || a === '--version=true');
const asksHelp = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h');
const wantsJsonHelp = (args: readonly string[]): boolean => asksJson(args) && asksHelp(args);

/**
 * yargs renders the help text of a command after every successful run, in case a later failure
 * wants it (build/lib/command.js: cacheHelpMessage). We never print help after a run, and the
 * rendering costs ~20 ms of a ~300 ms start, so it is skipped. `--help` renders help as usual.
 */
function skipHelpCache(cli: Argv): void {
  const internal = (cli as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.();
  const usage = internal?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

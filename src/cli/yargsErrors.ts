/**
 * The wording of yargs' own failures: an argument missing or one too many, a profile id where `hardware`'s action
 * goes, an unknown option or value with the one meant (a near spelling, another tool's name), and an unknown command.
 * Each says what was written and what to write instead (exit 2, EXIT.usage). usageErrors.ts refuses what yargs would
 * read silently wrong.
 */
import type { Argv } from 'yargs';
import { foreignOptionHint, foreignOptionNotTaken, foreignOptionOf, keyOption } from '../input/foreignKeys.js';
import { foreignValueHint, switchAsChoiceHint } from '../input/foreignValues.js';
import { shownName } from '../input/name.js';
import { didYouMean } from '../input/suggest.js';
import { UsageError } from './errors.js';
import { STDIN_ARG, STDIN_READERS } from './load/files.js';
import { kebabCase } from './options.js';

/**
 * The option meant, for yargs's own usage errors, when one is near (src/input/suggest.ts): `--tokns` (Unknown argument);
 * a value meant is invalidChoice's.
 */
function usageHint(message: string, options: readonly string[]): string | undefined {
  const unknown = /^Unknown arguments?: (.*)$/s.exec(message);
  if (!unknown) return undefined;
  // yargs lists each unknown option twice, as written and camel-cased: the written one is meant. Only a camel-cased
  // copy of another is left out: every name with a capital was, so `--TOKENS` had no hint (hostile sweep 21).
  const listed = unknown[1]!.split(', ');
  const camel = (n: string) => n.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const names = listed.filter((n) => !(/[A-Z]/.test(n) && listed.some((o) => o !== n && camel(o) === n)));
  // A near spelling, unless another tool's name for one of the options (the table of src/input/foreignKeyTable.ts) names
  // another option than it: `--vp` was "did you mean `--cp`?", context parallelism, where it is `--virtual-stages`.
  for (const name of names) {
    const near = didYouMean(`--${name}`, options.map((o) => `--${o}`));
    const foreign = foreignOptionHint(name, options) ?? foreignOptionNotTaken(name, options);
    if (foreign && !(near && near.includes(`\`${foreignOptionOf(name, options)}\``))) return foreign;
    // A scenario's key written as a flag where the command names its option otherwise: `--zero-stage` (the key zero_stage)
    // is plan's `--zero`, `--usd-per-gpu-hour` budget's `--price` (a near spelling offered `--usd`, the whole budget).
    const option = keyOption(name.replace(/-/g, '_'), options);
    if (option !== undefined && option !== name) return `did you mean \`--${option}\`?`;
    if (near) return near;
  }
  return undefined;
}

/**
 * A word beyond what a command takes (`hardware show h100-sxm extra`, `flops gpt2 gpt3`) was yargs'
 * "Unknown argument: extra" with "run with --help for usage", as if an option were misspelt: say
 * it is an argument too many, and point at the command's own --help.
 */
function extraArgument(message: string, args: readonly string[]): UsageError | undefined {
  const unknown = /^Unknown arguments?: (.*)$/s.exec(message);
  const command = args[0] !== undefined && /^[a-z]+$/.test(args[0]) ? args[0] : undefined;
  if (!unknown || command === undefined) return undefined;
  // yargs names a `-` by the STDIN_ARG main() gave it: `plan - -` was "Unknown argument: \x00-", did you mean `--cp`?
  const words = unknown[1]!.split(', ').map((w) => (w === STDIN_ARG ? '-' : w)).filter((w) => args.includes(w) && !args.some((a) => a === `--${w}` || a.startsWith(`--${w}=`) || a === `-${w}`));
  if (!words.length) return undefined;
  return new UsageError(`flopcast ${command}: unexpected argument${words.length > 1 ? 's' : ''} ${words.map((w) => `\`${shownName(w)}\``).join(', ')}`, (command === 'budget' && budgetFileHint(words[0]!)) || `\`flopcast ${command} --help\` shows what it takes, with examples`);
}

/**
 * `budget a.yaml b.yaml --usd 40M`: budget reads one scenario (budget FILE, which answers each of its runs); a second
 * file was told only to read --help.
 */
function budgetFileHint(word: string): string | undefined {
  if (!/\.(ya?ml|json)$/i.test(word)) return undefined;
  return `budget reads one scenario file (each of its options and matrix cells answered): give \`${shownName(word)}\` its own flopcast budget, or put the runs in one file's options`;
}

/**
 * Words a first-time user types for a command flopcast names otherwise (new-user trial 25): `compare` (its
 * comparisons are a scenario's options: or matrix:, which run marks), and a file given with no command.
 */
function commandMeant(word: string): string | undefined {
  const f = shownName(word);
  if (/^compare$/i.test(word)) return 'flopcast run SCENARIO compares the clusters its options: (or matrix:) list, marking the cheapest, the fastest and the Pareto frontier';
  // `flopcast explain gpt2` (hostile sweep 30): the step-by-step count is an option of flops.
  if (/^explain$/i.test(word)) return '`flopcast flops MODEL --explain` works a count through step by step';
  if (/\.ya?ml$/i.test(word)) return `a scenario is run as \`flopcast run ${f}\` (report and plan take it too)`;
  if (/\.json$/i.test(word)) return `a config.json is counted with \`flopcast flops ${f}\`; a scenario is run as \`flopcast run ${f}\``;
  return undefined;
}

/**
 * yargs' "Not enough non-option arguments: got 0, need at least 1" names neither the command nor what
 * it takes: say which command, and point at its own --help (its usage line and examples).
 */
function missingArgument(message: string, args: readonly string[]): UsageError | undefined {
  const m = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/.exec(message);
  const command = args[0] !== undefined && /^[a-z]+$/.test(args[0]) ? args[0] : undefined; // the usual shape: `flopcast flops`
  if (!m || command === undefined) return undefined;
  const what = m[2] === '1' ? 'its argument' : `${m[2]} arguments`;
  return new UsageError(`flopcast ${command}: missing ${what}`, `\`flopcast ${command} --help\` shows what it takes, with examples`);
}

/**
 * yargs lists an unknown option twice, as written and camel-cased (`Unknown arguments: seq-len, seqLen`), as if
 * two had been given: each once, as written. A camel-cased name whose written form is listed too is dropped.
 */
export function unknownOnce(message: string): string {
  const unknown = /^Unknown arguments?: (.*)$/s.exec(message);
  if (!unknown) return message;
  const names = unknown[1]!.split(', ');
  const kept = names.filter((n) => !/[A-Z]/.test(n) || !names.includes(kebabCase(n)));
  return `Unknown argument${kept.length === 1 ? '' : 's'}: ${kept.join(', ')}`;
}

/**
 * A profile id where `hardware`'s action goes (`flopcast hardware h100-sxm`, show left out): yargs' "Invalid values:
 * Argument: action, Given: ..., Choices: ..." with "run with --help for usage". A near spelling of an action (`shw`) is
 * left to usageHint's "did you mean".
 */
function idAsAction(message: string, args: readonly string[]): UsageError | undefined {
  const m = /^Invalid values:\s*Argument: action, Given: ("(?:[^"\\]|\\.)*"), Choices: "list", "show"$/s.exec(message);
  if (!m || args[0] !== 'hardware') return undefined;
  const given = JSON.parse(m[1]!) as string;
  if (didYouMean(given, ['list', 'show'])) return undefined;
  const id = shownName(given);
  return new UsageError(`flopcast hardware: \`${id}\` is no action (list, show)`, `flopcast hardware show ${id} shows one profile`);
}

const QUOTED = /"(?:[^"\\]|\\.)*"/g;

/**
 * A value none of an option's choices (`validate --split nope`, `--attention caual`, `schema scenari`): yargs' "Invalid
 * values: Argument: split, Given: "nope", Choices: ..." said in flopcast's words, as choiceArg says a library option's
 * (library/args.ts): the option, the known values, what was found, and the value meant (a near spelling, another tool's
 * name). The first option yargs names is told (`--format xml --sort nope`: --format).
 */
function invalidChoice(message: string, args: readonly string[]): UsageError | undefined {
  const m = /^Invalid values:\s*Argument: ([^,]+), Given: (.*?), Choices: ((?:"(?:[^"\\]|\\.)*"(?:, )?)+)/s.exec(message);
  if (!m) return undefined;
  const name = m[1]!;
  const choices = [...m[3]!.matchAll(QUOTED)].map((q) => JSON.parse(q[0]) as string);
  const given = [...m[2]!.matchAll(QUOTED)].map((q) => JSON.parse(q[0]) as string);
  // A value yargs read as a number is told as typed (`--attention 1e3` was 'found 1000': hostile sweep 30).
  const typed = given.length ? undefined : typedValue(args, name);
  const found = given.length ? given.map((g) => `"${shownName(g)}"`).join(' and ') : typed !== undefined ? `"${shownName(typed)}"` : m[2]!;
  // An option by its flag; a positional (`schema <kind>`), which yargs names as it names an option, by its place in the command.
  const where = args.some((a) => a === `--${name}` || a.startsWith(`--${name}=`)) ? `--${name}` : `flopcast ${args[0] ?? ''} <${name}>`;
  const first = given[0];
  // `--recompute true`: a switch where a choice goes, told the value it stands for as a file's `recompute: true` is (review34).
  const asSwitch = first === 'true' || first === 'false' ? switchAsChoiceHint(name.replace(/-/g, '_'), first === 'true', choices) : undefined;
  return new UsageError(`${where}: expected one of ${choices.join(', ')}, found ${found}`, first === undefined ? undefined : asSwitch ?? foreignValueHint(first, choices) ?? didYouMean(first, choices));
}

/** The value of `--name` as typed (`--name V` or `--name=V`), where the option is given once. */
function typedValue(args: readonly string[], name: string): string | undefined {
  const at = args.flatMap((a, i) => (a === `--${name}` && i + 1 < args.length ? [args[i + 1]!] : a.startsWith(`--${name}=`) ? [a.slice(name.length + 3)] : []));
  return at.length === 1 ? at[0] : undefined;
}

/** The usage error for one of yargs' own failures: an argument missing or too many, a value not among the choices, else yargs' message with the option meant. */
export function yargsUsageError(message: string, args: readonly string[], options: readonly string[]): UsageError {
  return missingArgument(message, args) ?? extraArgument(message, args) ?? idAsAction(message, args) ?? invalidChoice(message, args) ?? new UsageError(unknownOnce(message), usageHint(message, options));
}
/**
 * A first word that is no command: yargs' recommendCommands printed only "Did you mean ui?" (for `fl`,
 * its distance ranks `ui` over `flops`) and nothing for a far word (then "Unknown argument: foo", as if
 * it were an option). Said as an unknown command, with the nearest by the one rule (src/input/suggest.ts).
 */
export function unknownCommands(cli: Argv): void {
  const validation = internalsOf(cli)?.getValidationInstance?.();
  if (!validation || typeof validation.recommendCommands !== 'function') return;
  validation.recommendCommands = (cmd, commands) => {
    throw unknownCommand(cmd, commands);
  };
}

type Internals = { getValidationInstance?: () => { recommendCommands?: (cmd: string, commands: string[]) => void }; getCommandInstance?: () => { getCommands?: () => string[] } };
const internalsOf = (cli: Argv): Internals | undefined => (cli as unknown as { getInternalMethods?: () => Internals }).getInternalMethods?.();

function unknownCommand(cmd: string, commands: readonly string[]): UsageError {
  // `flopcast -` was "unknown command `\x00-`": main()'s stand-in for standard input.
  if (cmd === STDIN_ARG) return new UsageError(`\`-\` (standard input) is read only as a scenario (${STDIN_READERS.join(', ')}), not as a command`, 'run `flopcast --help` for the list of commands');
  return new UsageError(`unknown command \`${shownName(cmd)}\``, didYouMean(cmd, commands.filter((c) => !c.startsWith('$'))) ?? commandMeant(cmd) ?? 'run `flopcast --help` for the list of commands');
}

/**
 * Help asked of a first word that is no command (`flopcast help fl`, `flopcast nosuch --help`): yargs validates nothing
 * under --help, so it printed the top-level help with exit 0, as if the word were one; refused as an unknown command is
 * without --help (sweep33). `args` as yargs reads them (`help` already turned into --help).
 */
export function refuseHelpOfUnknownCommand(cli: Argv, args: readonly string[]): void {
  const word = args[0];
  const commands = internalsOf(cli)?.getCommandInstance?.().getCommands?.();
  if (word === undefined || word.startsWith('-') || !commands || commands.includes(word)) return;
  throw unknownCommand(word, commands);
}

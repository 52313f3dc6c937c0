/**
 * The command line's own usage errors: what main() refuses before yargs reads the arguments, and the
 * middlewares that refuse what yargs would read silently wrong; the wording of yargs' own failures is
 * yargsErrors.ts's. Each says what was written and what to write instead (exit 2, EXIT.usage).
 */
import { shownName } from '../input/name.js';
import { UsageError } from './errors.js';
import { STDIN_ARG, STDIN_READERS } from './load/files.js';

/** Options that take a list; every other option given twice is a usage error, not a silent array. */
const LIST_OPTIONS = new Set(['_', 'scenarios', 'runs', 'hardware-dir', 'hardwareDir', 'split']);

/** Positionals that name files: the key yargs gives them, what the file is, and what to give instead of an empty path. */
const POSITIONAL_PATHS = [
  ['scenarios', 'a scenario', 'give the scenario file\'s path, or - to read it from standard input'],
  ['scenario', 'a scenario', 'give the scenario file\'s path, or - to read it from standard input'],
  ['runs', 'a runs file', 'give the path of a file of your measured runs, or leave it out to check the bundled validation rows'],
] as const;

/** Options that name a file or folder: an empty one (`--out ''`) named nothing, yet printed to stdout or read the working directory as a profile folder. */
const PATH_OPTIONS = ['out', 'hardware-dir'];

export function refuseEmptyPaths(argv: Record<string, unknown>): void {
  // A scenario named by '' (`run ''`, `plan ''`) was 'cannot read scenario: no such file', naming no path,
  // and plan took it for no scenario ('give a scenario file, or --model, ...'); `validate ' '` was 'error:  : cannot
  // read runs file: no such file' (the CLI fuzz, test/cli/fuzz.test.ts).
  for (const [key, what, hint] of POSITIONAL_PATHS) {
    if (([] as unknown[]).concat(argv[key] ?? []).some((v) => typeof v === 'string' && v.trim() === '')) {
      throw new UsageError(`${what} needs a path, found an empty string`, hint);
    }
  }
  for (const key of PATH_OPTIONS) {
    const values = ([] as unknown[]).concat(argv[key] ?? []);
    if (values.some((v) => typeof v === 'string' && v.trim() === '')) {
      throw new UsageError(`--${key} needs a path, found an empty string`, key === 'out' ? 'leave out --out to print on stdout' : 'give a folder of <id>.yaml profile files, such as ./hardware-profiles');
    }
  }
}

export function refuseRepeatedOptions(argv: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(argv)) {
    if (Array.isArray(value) && !LIST_OPTIONS.has(key) && !/[A-Z]/.test(key)) {
      throw new UsageError(`--${key} was given ${value.length} times`, `give --${key} once`);
    }
  }
}

/** Where `-` means standard input: a scenario (STDIN_READERS); `--out -` is stdout. */
const STDIN_KEYS = new Set(['scenarios', 'scenario', 'out']);

/**
 * `-` anywhere else: main() hands it to yargs as STDIN_ARG, which reached messages as itself
 * (`flops -`: "unknown model `\x00-`"; `hardware show -`: "unknown GPU `\x00-`, did you mean `l4`?").
 */
export function refuseStdinElsewhere(args: readonly string[]): (argv: Record<string, unknown>) => void {
  return (argv) => {
    for (const [key, value] of Object.entries(argv)) {
      if (key === '_' || /[A-Z]/.test(key) || STDIN_KEYS.has(key) || !([] as unknown[]).concat(value).includes(STDIN_ARG)) continue;
      const asOption = args.some((a) => a === `--${key}`);
      const file = key === 'model' || key === 'hardware-dir'; // a path would do there
      throw new UsageError(`\`-\` (standard input) is read only as a scenario (${STDIN_READERS.join(', ')}), not as ${asOption ? `--${key}` : `<${key}>`}`, file ? 'save the text to a file and give its path' : undefined);
    }
  };
}

/**
 * An option that takes a value, given without one (`--port` last, `--utilization --json`): yargs
 * then quietly uses the option's default (or ''); one of choices with no type (`run --sort`) reads
 * `true` ("Invalid values: ... Given: true"), and a list (`validate --split`, `--hardware-dir`) reads
 * [] (validate then ran no set and printed a median error of 0.0%). Switches take no value and are skipped.
 */
export function refuseMissingValues(args: readonly string[]): (argv: Record<string, unknown>) => void {
  // yargs passes its instance to a middleware as a second argument (build/lib/middleware.js), untyped.
  return function (argv: Record<string, unknown>, ...rest: unknown[]) {
    const options = (rest[0] as { getOptions?: () => { boolean?: string[]; key?: Record<string, unknown> } } | undefined)?.getOptions?.();
    const switches = new Set(options?.boolean ?? []);
    const declared = (key: string) => options?.key !== undefined && Object.hasOwn(options.key, key); // an unknown option is strict mode's to refuse
    const unset = (key: string): boolean => {
      const value = argv[key];
      return typeof value === 'string' || (declared(key) && ((value === true && !switches.has(key)) || (Array.isArray(value) && value.length === 0)));
    };
    // Shell completion asks with a partial command line: `plan --top` there is a word being typed.
    if (args.includes('--get-yargs-completions')) return;
    args.forEach((arg, i) => {
      const m = /^--([a-z][a-z0-9-]*)$/.exec(arg);
      if (!m || m[1]!.startsWith('no-')) return;
      const next = args[i + 1];
      // `--price -Infinity`, `--deadline "-5 days"`, `--tokens -1e3`: a value that starts with a dash is
      // read as short options (-I -n -f ..., or -5: "Unknown argument: 5"), unless yargs takes it as a
      // plain negative number (its rule: -5, -2.5, -.5).
      // (`--` never gets here: main() refuses it before yargs runs.)
      const dashed = next !== undefined && next !== '-' && next.startsWith('-') && !next.startsWith('--') && !/^-(\d+(\.\d+)?|\.\d+)$/.test(next);
      const isFlag = next === undefined || /^--[a-zA-Z]/.test(next) || dashed;
      if (!isFlag || !unset(m[1]!)) return;
      const written = /\s/.test(next ?? '') ? `'${next}'` : next;
      throw new UsageError(`--${m[1]} needs a value${dashed ? `; \`${next}\` is read as options` : ''}`, dashed ? `write --${m[1]}=${written}` : `give it as --${m[1]} VALUE, or leave it out for the default`);
    });
  } as (argv: Record<string, unknown>) => void;
}

/**
 * An option written in capitals with a dash (`--SEQ-LEN 8`): yargs lower-cases such a name before camel-casing it,
 * so its strict check found `seqLen`, an option, and passed; the command reads `seq-len`, and the value was dropped
 * in silence (flops counted at the model's own sequence length; hostile sweep 21). A name in capitals without a dash
 * (`--TOKENS`) yargs refuses itself. Refused as yargs refuses an unknown option, with the option meant.
 */
export function refuseCapitalOptions(args: readonly string[]): () => void {
  return () => {
    for (const arg of args) {
      if (arg === '--') break;
      const name = /^--([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)(?:=.*)?$/s.exec(arg)?.[1];
      if (name !== undefined) throw new UsageError(`Unknown argument: ${shownName(name)}`, `options are written in lower case: --${name.toLowerCase()}`);
    }
  };
}

/**
 * A switch given a value other than true or false (`--sp=maybe`): yargs reads any such word as false,
 * silently. Refused, naming the switch and what was written. A switch given both on and off (`--sp --no-sp`,
 * `--json --json=false`) was read as the last, silently, where an option given twice is refused
 * (refuseRepeatedOptions): refused too, naming both.
 */
export function refuseBooleanWords(args: readonly string[]): (argv: Record<string, unknown>) => void {
  return (argv) => {
    const written = new Map<string, { on?: string; off?: string }>();
    for (const arg of args) {
      if (arg === '--') break;
      const m = /^--(no-)?([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
      if (!m) continue;
      const [, no, name, value] = m;
      // --no-x is the switch x off only where x is a switch (yargs' boolean negation).
      if (typeof argv[name!] !== 'boolean') continue;
      if (value !== undefined && !/^(true|false)$/.test(value)) {
        if (no) continue; // --no-x=word: yargs' own reading, left as it was
        throw new UsageError(`--${name} is a switch: expected true or false, found ${JSON.stringify(value)}`, `write --${name}, or --no-${name}`);
      }
      const on = (value ?? 'true') === 'true' ? !no : Boolean(no);
      const seen = written.get(name!) ?? {};
      const other = on ? seen.off : seen.on;
      if (other) throw new UsageError(`--${name} was given both on and off (${other}, then ${arg})`, `give ${other} or ${arg}, once`);
      seen[on ? 'on' : 'off'] ??= arg;
      written.set(name!, seen);
    }
  };
}


/**
 * `--` ends the options in most tools; yargs keeps what follows apart (argv['--']), where no command
 * reads it: `flops gpt2 -- x` was "---- was given 1 times", `flops -- gpt2` a missing argument. No
 * command passes arguments on, so `--` is refused, with the way to name a file that starts with `-`.
 */
export function refuseDoubleDash(args: readonly string[]): void {
  if (args.includes('--get-yargs-completions') || !args.includes('--')) return;
  throw new UsageError('flopcast reads nothing after `--`: no command passes arguments on', 'leave out `--`; write a file whose name starts with - as ./-name.yaml');
}

/** The command word of `args`: the first word that is no option (nor --out's value, the one top-level option with a value). */
function commandWord(args: readonly string[]): string | undefined {
  return args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '--out');
}

/** Whether `args` ask for the completion script (not a shell's request for completions). */
export function asksCompletion(args: readonly string[]): boolean {
  return !args.includes('--get-yargs-completions') && commandWord(args) === 'completion';
}

/**
 * `flopcast completion` is answered by yargs before any option is read, so `--sort x` printed the script
 * and then failed. It takes the outputs every command takes (`--json`, `--out FILE`: main writes the
 * script through them) and nothing else: anything beside it is refused before the script is printed.
 */
export function refuseCompletionArguments(args: readonly string[]): void {
  if (!asksCompletion(args)) return;
  const extra = args.filter((a, i) => a !== 'completion' && !['--debug', '--help', '-h', '--json', '--json=true', '--out'].includes(a) && !a.startsWith('--out=') && args[i - 1] !== '--out');
  if (extra.length) throw new UsageError(`flopcast completion takes no options or arguments but --json and --out, found ${shownName(extra[0]!)}`, 'flopcast completion >> ~/.bashrc (or ~/.zshrc)');
}

/** Options shared by the commands: their declaration and the parsing of their values. */
import type { Options } from 'yargs';
import { countArg } from '../library/args.js';
import { UsageError } from './errors.js';

export function countOption(name: string, value: unknown, { integer = true, syntax }: { integer?: boolean; syntax?: string } = {}): number | undefined {
  return countArg(`--${name}`, value, { integer, ...(syntax !== undefined ? { syntax } : {}) });
}

/** `--hardware-dir`, declared alike by every command that looks up profiles (the rule: src/cli/load/hardware.ts catalogFor). */
export const HARDWARE_DIR_OPTION = {
  type: 'string',
  array: true,
  // One folder a flag (repeat it for more): a list took every word after it, so `run --hardware-dir DIR s.yaml` read
  // s.yaml as a folder and said 'missing its argument' (`hardware --hardware-dir DIR show x`: show was a folder).
  nargs: 1,
  default: [],
  describe: 'extra folders of hardware profile YAML files, one a flag (later ones win, over hardware-profiles/ and the bundled ones)',
} satisfies Options;

/** The folders given with `--hardware-dir`, in order. */
export function hardwareDirsOf(argv: Record<string, unknown>): string[] {
  return (argv['hardware-dir'] as string[] | undefined) ?? [];
}

/**
 * Two flags that each choose what the output is (`--json` and `--format csv`, `--json` and `--explain`):
 * refused, never one of them silently dropped. `firstMeans` says what the first gives.
 */
export function twoOutputs(first: string, second: string, firstMeans: string): UsageError {
  return new UsageError(`${first} and ${second} ask for two formats`, `give one: ${first} (${firstMeans}) or ${second}`);
}

/** The formats an `--out` file's extension names, by extension: the one table of them. */
const OUT_EXTENSIONS = { md: 'markdown', markdown: 'markdown', csv: 'csv', json: 'json', html: 'html', htm: 'html' } as const;
export type OutFormat = (typeof OUT_EXTENSIONS)[keyof typeof OUT_EXTENSIONS];

/** An `--out` file's extension, lower-case and without its dot (`r.PDF`: `pdf`); undefined where it has none. */
export function extensionOf(out: string | undefined): string | undefined {
  return out?.match(/\.([^./\\]+)$/)?.[1]?.toLowerCase();
}

/**
 * The format an `--out` file's extension names, read by every command whose format it can choose when --format is not
 * given (report: .html, .md; run: .csv, .json, .md): `run s.yaml --out runs.csv` wrote the terminal table into runs.csv.
 * Read through chosenFormat, the one rule of every command's output format, and by report (formatFromOut).
 */
export function formatOfOut(out: string | undefined): OutFormat | undefined {
  const ext = extensionOf(out);
  return ext !== undefined && Object.hasOwn(OUT_EXTENSIONS, ext) ? OUT_EXTENSIONS[ext as keyof typeof OUT_EXTENSIONS] : undefined;
}

/**
 * The format a command's output takes, one rule for every command: `--json`; else the format the user chose
 * otherwise (run's and report's --format, flops' --explain); else the --out file's extension (formatOfOut), but for
 * HTML, which only report writes (formatFromOut there); undefined leaves the command's default. `flops gpt2 --out
 * c.json` (and plan, budget, hardware, models, prices, validate) wrote the text into c.json, where run and report read
 * the extension.
 */
export function chosenFormat<F extends string>(argv: Record<string, unknown>, given?: F): F | Exclude<OutFormat, 'html'> | undefined {
  const named = formatOfOut(argv.out as string | undefined);
  return argv.json === true ? 'json' : given ?? (named === 'html' ? undefined : named);
}

/** Whether a command with text and JSON output prints its JSON (chosenFormat's rule; `.csv`, `.md` and others: the text). */
export function jsonChosen(argv: Record<string, unknown>, given?: string): boolean {
  return chosenFormat(argv, given) === 'json';
}

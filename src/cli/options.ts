/** Options shared by the commands: their declaration and the parsing of their values. */
import type { Options, PositionalOptions } from 'yargs';
import { countArg } from '../library/args.js';
import { PRECISIONS } from '../hardware/schema.js';
import { listed } from '../input/listed.js';
import { formatOfExtension, type ExtensionFormat } from '../input/outFormats.js';
import { terminalLine } from '../report/escape.js';
import { UsageError } from './errors.js';
import { STDIN_ARG } from './load/files.js';
import { emit, warn, type Io } from './output.js';

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

/** The precisions a `--precision` or `--gemm-precision` option takes. */
export const PRECISION_CHOICES: string[] = [...PRECISIONS];

/*
 * The cluster options plan and budget both take, declared once: a profile id and a GPU count read alike, and a precision
 * and sequence length that, given with a scenario, go over its values (load/overrides.ts), so default to the scenario's,
 * else to bf16 and the model's. What differs stays in each command: budget's --gpu is required without a scenario, and
 * each says what a precision or length is to it (`lead`); --model and --attention are each command's own (plan's
 * attention is the MFU convention, a scenario's or full; budget's the FLOP convention of --model, refused with a file).
 */
export const GPU_OPTION = { type: 'string', describe: 'hardware profile id (`flopcast hardware`)' } satisfies Options;
export const COUNT_OPTION = { type: 'string', describe: 'number of GPUs' } satisfies Options;
const scenarioElse = (otherwise: string, lead?: string): string => (lead === undefined ? `default: the scenario's, else ${otherwise}` : `${lead} (default: the scenario's, else ${otherwise})`);
export const precisionOption = (lead?: string) => ({ choices: PRECISION_CHOICES, describe: scenarioElse('bf16', lead) }) satisfies Options;
export const seqLenOption = (lead: string) => ({ type: 'string', describe: scenarioElse("the model's", lead) }) satisfies Options;

/** `<scenarios..>`, declared alike by run and report: scenario files, `-` for one from standard input (load/scenario.ts checkScenariosOnce). */
export const SCENARIOS_POSITIONAL = {
  type: 'string',
  array: true,
  describe: 'scenario YAML files; `-` reads one from standard input',
  demandOption: true,
} satisfies PositionalOptions;

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

/** A camel-cased name as its flag is typed (`seqLen`: `seq-len`), yargs' camel-case expansion undone. */
export const kebabCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** What a command writes: plain text (run's table, flops' counts and derivation), or one of the formats an extension names (input/outFormats.ts). */
export type OutFormat = 'text' | ExtensionFormat;

/** Each format in words, and the names that ask for it (text: any name the table does not list). */
const FORMATS: Record<OutFormat, { words: string; names: string }> = {
  text: { words: 'text', names: '.txt (or any other name)' },
  json: { words: 'JSON', names: '.json' },
  csv: { words: 'CSV', names: '.csv' },
  markdown: { words: 'Markdown', names: '.md (or .markdown)' },
  html: { words: 'HTML', names: '.html (or .htm)' },
};

/**
 * The formats a command writes, its default first; `choose`, how to write one under any name (its option); `elsewhere`,
 * where a format it cannot write is written (report: the runs as CSV).
 */
export interface Writes {
  formats: readonly [OutFormat, ...OutFormat[]];
  choose?: string;
  elsewhere?: Partial<Record<OutFormat | 'pdf', string>>;
}

/** A format the user chose by an option, and that option as written (`--json`, `--format csv`, `--explain`). */
export interface Given {
  format: OutFormat;
  flag: string;
}

/** What most commands write: their text, or with --json (or a .json name) what --json prints. */
export const TEXT_OR_JSON: Writes = { formats: ['text', 'json'], choose: 'give --json to write JSON under this name' };

/** An `--out` file's extension, lower-case and without its dot (`r.PDF`: `pdf`); undefined where it has none. */
function extensionOf(out: string | undefined): string | undefined {
  return out?.match(/\.([^./\\]+)$/)?.[1]?.toLowerCase();
}

/** The format an `--out` file's extension names (`.json`: json; input/outFormats.ts); undefined for any other, or none. */
function formatOfOut(out: string | undefined): Exclude<OutFormat, 'text'> | undefined {
  const ext = extensionOf(out);
  return ext === undefined ? undefined : formatOfExtension(ext);
}

/**
 * The format an `--out` name asks of a command that writes `writes`: the one its extension names (formatOfOut); for none,
 * or another extension, the command's default, where that is plain text, which any name holds (`--out counts.txt`). A
 * report's default is HTML, a document opened by its name: `report --out r.pdf` wrote HTML into r.pdf, so another
 * extension names no format of a report's (undefined).
 */
export function namedFormat(out: string | undefined, writes: Writes): OutFormat | undefined {
  const named = formatOfOut(out);
  if (named !== undefined) return named;
  const fallback = writes.formats[0];
  return fallback !== 'html' || extensionOf(out) === undefined ? fallback : undefined;
}

/**
 * The format a command writes, one rule for every command: the one the user chose (`given`: --json, run's and report's
 * --format, flops' --explain), which a name saying another is warned of (`--json --out x.csv`: JSON, as asked); else the
 * one the --out name asks for (namedFormat), where the command writes it; else exit 2, naming what it writes and the
 * names that ask for each. `flops --out x.csv` wrote its text table into x.csv (and `run --out x.html` its table), where
 * report refused `--out r.csv`.
 */
export function outFormat(command: string, out: string | undefined, writes: Writes, given: Given | undefined, warn: (text: string) => void): OutFormat {
  const file = out === STDIN_ARG ? undefined : out;
  const named = file === undefined ? writes.formats[0] : namedFormat(file, writes);
  const ext = extensionOf(file);
  if (given !== undefined) {
    // A name of no listed extension names nothing in particular for a text command (`--json --out x.txt`), so is not warned of.
    if (file !== undefined && ext !== undefined && named !== given.format && (formatOfOut(file) !== undefined || named === undefined)) {
      warn(`--out ${file} is written as ${FORMATS[given.format].words} (${given.flag}), which its extension .${ext} does not name`);
    }
    return given.format;
  }
  if (named !== undefined && writes.formats.includes(named)) return named;
  const what = formatOfOut(file);
  const elsewhere = writes.elsewhere?.[what ?? (ext as 'pdf')];
  throw new UsageError(
    `flopcast ${command} writes ${listed(writes.formats.map((f) => FORMATS[f].words), 'or')}, and --out ${terminalLine(file!)} names ${what !== undefined ? FORMATS[what].words : `none of them (.${terminalLine(ext!)})`}`,
    `name the file ${listed(writes.formats.map((f) => `${FORMATS[f].names} for ${f === 'text' ? 'the text' : FORMATS[f].words}`), 'or')}${writes.choose !== undefined ? `, or ${writes.choose}` : ''}${elsewhere !== undefined ? `; ${elsewhere}` : ''}`,
  );
}

/** The name under which outFormat's messages print a command: `flopcast hardware`, from yargs' command words. */
function commandOf(argv: Record<string, unknown>): string {
  return ((argv._ as unknown[] | undefined) ?? []).map(String).join(' ') || 'flopcast';
}

/** A command's output by outFormat's rule: its format, and `emit`, which writes the text, then warns of a name that says another. */
export interface Output {
  format: OutFormat;
  json: boolean;
  emit: (text: string) => void;
}

/**
 * The output of a command with text and JSON output (TEXT_OR_JSON, or `writes`): outFormat's rule, `--json` the choice,
 * `given` another (flops --explain: its text). The warning waits until the file is written: a name refused as an input
 * file was warned of, then refused.
 */
export function outputOf(argv: Record<string, unknown>, io: Io, given?: Given, writes: Writes = TEXT_OR_JSON): Output {
  const out = argv.out as string | undefined;
  const notes: string[] = [];
  const format = outFormat(commandOf(argv), out, writes, argv.json === true ? { format: 'json', flag: '--json' } : given, (w) => notes.push(w));
  return {
    format,
    json: format === 'json',
    emit: (text) => {
      emit(io, text, out);
      for (const n of notes) warn(io, n);
    },
  };
}

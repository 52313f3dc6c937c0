/**
 * What every CLI run must satisfy, whatever it was given (the fuzz's oracle): exit 0, 1 or 2; no stack
 * trace, no JavaScript error name, no `undefined`, `[object Object]`, NaN or Infinity that the input did
 * not write itself; a failure says something on stderr and, under --json, prints nothing on stdout; a
 * success under --json prints one JSON document; exit 1 only for what is not the input's fault.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface Run {
  args: readonly string[];
  code: number;
  stdout: string;
  stderr: string;
}

/** Words no output may hold unless the user wrote them (DeepSpeed's ZeRO-Infinity and AMD's Infinity Fabric are names). */
const LEAK = /(?:Type|Range|Reference|Syntax|Eval|URI)Error\b|\bundefined\b|\[object \w+\]|NaN|(?<!ZeRO-)Infinity(?! Fabric)/;
/** The hint the CLI gives an error it did not expect (errors.ts reportError): a bug, whatever the input. */
const UNEXPECTED = 'run with --debug for a stack trace';

const asksJson = (args: readonly string[]): boolean =>
  args.some((a, i) => a === '--json' || a === '--json=true' || (a === '--format' && args[i + 1] === 'json') || a === '--format=json');
/** Commands that print their answer and then exit 1 because nothing met the request (errors.ts UnmetError): plan, validate. */
const UNMET = new Set(['plan', 'validate']);

/** `echoed`: strings the input holds (argv, the files' keys and strings); an output may repeat them as written. */
export function problem(run: Run, echoed: readonly string[]): string {
  const { args, code, stdout, stderr } = run;
  if (/^\s+at .+:\d+:\d+\)?$/m.test(stdout + stderr)) return 'stack trace';
  let scanned = `${stdout}\n${stderr}`;
  // `--gpu=x` echoes x.
  const words = [...echoed, ...echoed.flatMap((s) => (/^--[\w-]+=/.test(s) ? [s.slice(s.indexOf('=') + 1)] : []))];
  for (const s of words) if (LEAK.test(s)) for (const form of [s, JSON.stringify(s).slice(1, -1)]) scanned = scanned.split(form).join('');
  const leak = LEAK.exec(scanned);
  if (leak) return `leaks \`${leak[0]}\``;
  if (![0, 1, 2].includes(code)) return `exit ${code}`;
  if (code !== 0) {
    // Warnings may come first, and validate --out says where it wrote its table before it fails (UnmetError: no row predicted).
    if (!/^(?:(?:warning:|wrote) [^\n]+\n(?: {2}[^\n]*\n)*)*error: [^\n]*\S/.test(stderr)) return `exit ${code} without an error line`;
    if (code === 1 && stderr.includes(UNEXPECTED)) return 'exit 1: an unexpected error (the --debug hint)';
    if (code === 1 && !UNMET.has(args[0] ?? '')) return 'exit 1 for the input';
    if (asksJson(args) && stdout !== '' && !(code === 1 && UNMET.has(args[0] ?? ''))) return `exit ${code} with stdout under --json`;
    return '';
  }
  const help = args.includes('--help') || args.includes('-h');
  if (asksJson(args) && !(help && !args.includes('--json')) && !args.includes('--out') && !args.some((a) => a.startsWith('--out='))) {
    try {
      JSON.parse(stdout);
    } catch {
      return 'exit 0 under --json, stdout is not JSON';
    }
  }
  return '';
}

/** The shape of a failure, for counting distinct ones: numbers, quoted text and paths folded. */
export function shape(run: Run, what: string): string {
  const first = (run.stderr.split('\n')[0] ?? '').replace(/\/[^\s:]+/g, 'PATH').replace(/`[^`]*`|"[^"]*"/g, 'Q').replace(/\d[\d.,e+-]*/g, 'N').slice(0, 140);
  return `${run.args[0]} | ${what} | ${first}`;
}

export const hashOf = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Keys and strings of a parsed document (what an output may echo). */
export function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push(k), stringsOf(v, out));
  return out;
}

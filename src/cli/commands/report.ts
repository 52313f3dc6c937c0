import { existsSync, readFileSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { buildReport, renderHtml, renderMarkdown, REPORT_FORMATS, reportTime, type ReportInput } from '../../report/document/index.js';
import type { ResolvedRun } from '../../scenario/resolve.js';
import type { HardwareCatalog } from '../load/hardware.js';
import { flopcastVersion, PACKAGE_ROOT } from '../../paths.js';
import { shellWord, terminalLine, terminalText } from '../../report/escape.js';
import { infeasibleOf, type Infeasible } from '../../report/runJson.js';
import { UsageError } from '../errors.js';
import { InputError } from '../../input/errors.js';
import { LIMITS } from '../../input/limits.js';
import { hashRead, readInputBytes, readStdinText, sha256Hex, STDIN_ARG, STDIN_NAME } from '../load/files.js';
import { checkScenariosOnce, loadScenarioFiles } from '../load/scenario.js';
import { modelPathOf } from '../load/model.js';
import { HARDWARE_DIR_OPTION, hardwareDirsOf, namedFormat, outFormat, SCENARIOS_POSITIONAL, type Writes } from '../options.js';
import { checkOutput, emit, json, makeOutputFolder, warn, writeOutput, type Io } from '../output.js';
import { nowMs } from '../clock.js';
import { infeasibleWarning } from './infeasible.js';
import { plural } from '../../report/format.js';

export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The SHA-256 of an input: of the bytes this invocation read from it (files.ts hashRead), else read now. */
export function sha256File(path: string): string {
  return hashRead(path) ?? sha256Hex(readInputBytes(path, 'input file'));
}

const display = (p: string) => {
  const r = relative(process.cwd(), resolve(p));
  return r && !r.startsWith('..') ? r : resolve(p);
};

/**
 * The files a reader needs to reproduce the numbers: the scenarios, model files they name by path,
 * and hardware profiles taken from user folders (bundled ones are fixed by the flopcast version).
 */
export function reportInputs(loaded: readonly { file: string; dir: string; runs: readonly ResolvedRun[]; catalog: HardwareCatalog }[], stdin?: string): ReportInput[] {
  const out: ReportInput[] = loaded.map(({ file }) => ({ file: file === STDIN_NAME ? file : display(file), sha256: file === STDIN_NAME ? sha256Hex(stdin ?? '') : sha256File(file), role: 'scenario' }));
  const seen = new Set(out.map((i) => i.file));
  const add = (path: string, role: string) => {
    const d = display(path);
    if (seen.has(d) || (hashRead(path) === undefined && !existsSync(path))) return;
    seen.add(d);
    out.push({ file: d, sha256: sha256File(path), role });
  };
  const bundled = resolve(PACKAGE_ROOT, 'hardware-profiles');
  for (const { dir, runs, catalog } of loaded) {
    for (const r of runs.filter((x) => typeof x.scenario?.model === 'string')) {
      const path = modelPathOf(r.scenario.model as string, dir);
      if (path) add(path, 'model');
    }
    // The profile's file and those of the profiles it extends, as the catalog that loaded it found them.
    for (const id of new Set(runs.map((r) => r.result.inputs.hardware.id))) {
      for (const file of catalog.filesOf(id)) if (dirname(file) !== bundled) add(file, 'hardware profile');
    }
  }
  return out;
}

export function reportCommand(y: Argv, io: Io): Argv {
  return y.command(
    'report <scenarios..>',
    'A self-contained HTML (or Markdown) budgeting report: recommendation, charts, ranges, every assumption and source',
    (c) =>
      c
        .positional('scenarios', SCENARIOS_POSITIONAL)
        .option('format', { choices: REPORT_FORMATS as unknown as string[], describe: 'default: from the --out extension (.html or .htm: html; .md or .markdown: markdown; another is refused), else html' })
        .option('hardware-dir', HARDWARE_DIR_OPTION)
        .example('$0 report scenarios/cluster-options.yaml --out report.html', 'one HTML file: open it in a browser or print it')
        .example('$0 report scenarios/cluster-options.yaml --out report.md', 'Markdown, with its charts in report-assets/')
        .example('$0 report scenarios/cluster-options.yaml --out report.html --json', 'and print what was written (files, bytes, SHA-256) as JSON'),
    async (argv) => {
      const files = argv.scenarios as string[];
      const hardwareDirs = hardwareDirsOf(argv);
      const out = argv.out === STDIN_ARG ? undefined : (argv.out as string | undefined);
      if (argv.json && !out) throw new UsageError('report --json describes the files written: give --out FILE', 'e.g. flopcast report s.yaml --out report.html --json');
      // SOURCE_DATE_EPOCH (reproducible-builds.org; cli/clock.ts nowMs) pins the date, so a report can be byte-identical.
      const generatedAt = reportTime(nowMs());
      const given = argv.format as ReportFormat | undefined;
      // A format given beside a name that says another (or none of the report's): written as asked, and said once written.
      const notes: string[] = [];
      const format = outFormat('report', out, REPORT_WRITES, given && { format: given, flag: `--format ${given}` }, (w) => notes.push(w)) as ReportFormat;
      const stdin = checkScenariosOnce(files) && io.stdin ? await readStdinText(io.stdin()) : undefined;
      const infeasible: Infeasible[] = [];
      const loaded = loadScenarioFiles(files, hardwareDirs, {
        ...(stdin !== undefined ? { stdin } : {}),
        onInfeasible: (name, error) => infeasible.push(infeasibleOf(name, error)),
      });
      const runs = loaded.flatMap((l) => l.runs);
      if (infeasible.length) warn(io, infeasibleWarning(infeasible, runs.length));
      const model = buildReport(runs, {
        version: flopcastVersion(),
        inputs: reportInputs(loaded, stdin),
        generatedAt,
        command: reproduceCommand(files, hardwareDirs, out, format),
        infeasible,
      }, loaded.flatMap((l, i) => l.runs.map(() => i)));
      if (!out) {
        if (format === 'html') return emit(io, renderHtml(model));
        // Without a file the charts have nowhere to go: print the Markdown alone.
        emit(io, renderMarkdown(model, { assetDir: 'report-assets' }).markdown);
        io.stderr('note: the charts are written only with --out FILE.md\n');
        return;
      }
      const written: { file: string; bytes: number; sha256: string }[] = [];
      const write = (path: string, text: string) => {
        const body = terminalText(text.endsWith('\n') ? text : text + '\n');
        writeOutput(path, body);
        written.push({ file: display(path), bytes: Buffer.byteLength(body), sha256: sha256Hex(body) });
      };
      if (format === 'html') write(out, renderHtml(model));
      else {
        const assetDir = `${basename(out, extname(out))}-assets`;
        const md = renderMarkdown(model, { assetDir });
        const dir = join(dirname(out), assetDir);
        // Every chart's place checked before anything is written: an output path refused as any other, or a file there
        // flopcast did not write (or that was changed since) left as it was, the report refused (ownChartProblem).
        for (const a of md.assets) {
          checkOutput(join(dir, a.name));
          const problem = ownChartProblem(join(dir, a.name));
          if (problem) throw problem;
        }
        checkOutput(out);
        makeOutputFolder(dir);
        for (const a of md.assets) write(join(dir, a.name), chartFile(a.svg));
        write(out, md.markdown);
      }
      for (const n of notes) warn(io, n);
      if (argv.json) return emit(io, json({ format, files: written }));
      io.stderr(format === 'html' ? `wrote ${terminalLine(out)}\n` : `wrote ${terminalLine(out)} and ${plural(written.length - 1, 'chart')} in ${terminalLine(join(dirname(out), `${basename(out, extname(out))}-assets`))}\n`);
    },
  );
}

/**
 * A Markdown report's charts go in a folder beside it (`report.md`: `report-assets/`), which may be the user's and hold
 * their own files: each chart file begins with a comment holding the SHA-256 of the rest (the SVG as written), so a
 * later report tells its own unchanged charts, which it replaces, from anything else, which it never modifies (a
 * `report-assets/flops.svg` of the user's was overwritten). Other files in the folder are never touched.
 */
const markLine = (hash: string): string => `<!-- flopcast chart sha256:${hash} (of what follows: a report replaces this file only while it is unchanged) -->\n`;
/** The mark read back: the one line markLine writes, its hash captured (the text's parentheses escaped, the hash a pattern). */
const CHART_MARK = new RegExp(`^${markLine('HASH').replace(/[()]/g, '\\$&').replace('HASH', '([0-9a-f]{64})')}`);

/** A chart as its file holds it: the mark (CHART_MARK), then the SVG, through the terminal layer as every output is. */
function chartFile(svg: string): string {
  const body = terminalText(svg.endsWith('\n') ? svg : svg + '\n');
  return markLine(sha256Hex(body)) + body;
}

/**
 * Why the chart file at `path` may not be replaced: a file is there that is not a chart flopcast wrote, unchanged
 * (CHART_MARK); undefined where nothing is there, or one is. A file larger than any output is not one.
 */
function ownChartProblem(path: string): InputError | undefined {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    return undefined; // nothing there, or a path the write itself fails on (a file in it: exit 1, as any output)
  }
  if (!st.isFile()) return undefined; // a folder or a device: checkOutput's
  let text = '';
  try {
    if (st.size <= LIMITS.outputBytes) text = readFileSync(path, 'utf8');
  } catch {
    // unreadable: not known to be flopcast's
  }
  const mark = CHART_MARK.exec(text);
  if (mark && sha256Hex(text.slice(mark[0].length)) === mark[1]) return undefined;
  return new InputError(`the report's chart would replace ${mark ? 'a chart of flopcast\'s changed since it was written' : 'a file flopcast did not write'}: nothing is written, and the file is left as it was`, {
    file: path,
    keyPath: '--out',
    hint: `move it, or give --out another name: a Markdown report writes its charts in NAME-assets/ beside NAME.md`,
  });
}

/**
 * What a report writes (options.ts outFormat, every command's rule): HTML (the default, also for a name without an
 * extension) or Markdown, by the --out name; any other name is refused (`--out r.pdf` wrote HTML into r.pdf, `--out
 * r.json` too), unless --format chooses.
 */
const REPORT_WRITES: Writes = {
  formats: ['html', 'markdown'],
  choose: 'give --format html or --format markdown to write that under this name',
  elsewhere: {
    csv: 'the runs as CSV: flopcast run SCENARIO --out runs.csv',
    json: 'the runs as JSON: flopcast run SCENARIO --out runs.json',
    pdf: 'for a PDF, write the HTML and print it to PDF from a browser (the report has a print style)',
  },
};

/** The format the --out name gives a report without --format (namedFormat): undefined where it names none of a report's. */
function formatFromOut(out: string | undefined): ReportFormat | undefined {
  const named = namedFormat(out, REPORT_WRITES);
  return named === 'html' || named === 'markdown' ? named : undefined;
}

/**
 * The command that makes the report again, as a shell reads it (shellWord) and as flopcast reads it: a path
 * that starts with `-` is written `./-x.yaml` (what flopcast's own hint says to write), since `flopcast report
 * -x.yaml` reads it as options ('missing its argument'). `-` alone is standard input. `--format` is named when
 * the --out path would give another format ({@link formatFromOut}): a Markdown report printed on stdout said
 * `flopcast report s.yaml`, which prints HTML.
 */
export function reproduceCommand(files: readonly string[], hardwareDirs: readonly string[], out: string | undefined, format: ReportFormat = formatFromOut(out) ?? 'html'): string {
  const path = (p: string) => (p.startsWith('-') ? `./${p}` : p);
  const words = [
    ...files.map((f) => (f === STDIN_ARG ? '-' : path(display(f)))),
    ...hardwareDirs.flatMap((d) => ['--hardware-dir', path(display(d))]),
    ...(format !== formatFromOut(out) ? ['--format', format] : []),
    ...(out ? ['--out', path(basename(out))] : []),
  ];
  return ['flopcast', 'report', ...words].map(shellWord).join(' ');
}


import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { buildReport, renderHtml, renderMarkdown, type ReportInput } from '../../report/document/index.js';
import type { ResolvedRun } from '../../scenario/resolve.js';
import { PACKAGE_ROOT } from '../../paths.js';
import { loadScenarios } from '../load/scenario.js';
import { emit, type Io } from '../output.js';
import { createProgress } from '../progress.js';

export type ReportFormat = 'html' | 'markdown';

export function flopcastVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const display = (p: string) => {
  const r = relative(process.cwd(), resolve(p));
  return r && !r.startsWith('..') ? r : resolve(p);
};

/**
 * The files a reader needs to reproduce the numbers: the scenarios, model files they name by path,
 * and hardware profiles taken from user folders (bundled ones are fixed by the flopcast version).
 */
export function reportInputs(loaded: readonly { file: string; runs: readonly ResolvedRun[] }[], hardwareDirs: readonly string[]): ReportInput[] {
  const out: ReportInput[] = loaded.map(({ file }) => ({ file: display(file), sha256: sha256File(file), role: 'scenario' }));
  const seen = new Set(out.map((i) => i.file));
  const add = (path: string, role: string) => {
    const d = display(path);
    if (seen.has(d) || !existsSync(path)) return;
    seen.add(d);
    out.push({ file: d, sha256: sha256File(path), role });
  };
  const bundled = resolve(PACKAGE_ROOT, 'hardware-profiles');
  for (const { file, runs } of loaded) {
    const dir = dirname(file);
    for (const r of runs.filter((x) => typeof x.scenario?.model === 'string')) {
      const ref = r.scenario.model as string;
      if (/[\\/]|\.(ya?ml|json)$/i.test(ref)) add(resolve(dir, ref), 'model');
    }
    const dirs = [join(dir, 'hardware-profiles'), ...hardwareDirs].filter((d) => resolve(d) !== bundled);
    for (const id of new Set(runs.map((r) => r.result.inputs.hardware.id))) {
      // Later folders win, as in HardwareCatalog.
      for (const d of [...dirs].reverse()) {
        const hit = ['.yaml', '.yml'].map((ext) => join(d, id + ext)).find((p) => existsSync(p));
        if (hit) {
          add(hit, 'hardware profile');
          break;
        }
      }
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
        .positional('scenarios', { type: 'string', array: true, describe: 'scenario YAML files', demandOption: true })
        .option('format', { choices: ['html', 'markdown'], describe: 'default: from the --out extension (.md = markdown), else html' })
        .option('hardware-dir', { type: 'string', array: true, default: [], describe: 'extra folders of hardware profile YAML files' })
        .example('$0 report scenarios/cluster-options.yaml --out report.html', 'one HTML file: open it in a browser or print it')
        .example('$0 report scenarios/cluster-options.yaml --out report.md', 'Markdown, with its charts in report-assets/'),
    (argv) => {
      const files = argv.scenarios as string[];
      const hardwareDirs = argv['hardware-dir'] as string[];
      const out = argv.out as string | undefined;
      const format: ReportFormat = (argv.format as ReportFormat | undefined) ?? (out && /\.(md|markdown)$/i.test(out) ? 'markdown' : 'html');
      const progress = createProgress({ total: files.length, label: 'report' });
      const loaded: { file: string; runs: ResolvedRun[] }[] = [];
      try {
        for (const file of files) {
          loaded.push({ file, runs: loadScenarios([file], hardwareDirs) });
          progress.tick();
        }
      } finally {
        progress.done();
      }
      const runs = loaded.flatMap((l) => l.runs);
      const model = buildReport(runs, {
        version: flopcastVersion(),
        inputs: reportInputs(loaded, hardwareDirs),
        // SOURCE_DATE_EPOCH (reproducible-builds.org) pins the date, so a report can be byte-identical.
        generatedAt: reportDate(process.env.SOURCE_DATE_EPOCH),
        command: ['flopcast', 'report', ...files.map(display), ...hardwareDirs.flatMap((d) => ['--hardware-dir', display(d)]), ...(out ? ['--out', basename(out)] : [])].join(' '),
      }, loaded.flatMap((l, i) => l.runs.map(() => i)));
      if (format === 'html') {
        emit(io, renderHtml(model), out);
        return;
      }
      if (!out) {
        // Without a file the charts have nowhere to go: print the Markdown alone.
        emit(io, renderMarkdown(model, { assetDir: 'report-assets' }).markdown);
        io.stderr('note: the charts are written only with --out FILE.md\n');
        return;
      }
      const assetDir = `${basename(out, extname(out))}-assets`;
      const md = renderMarkdown(model, { assetDir });
      const dir = join(dirname(out), assetDir);
      mkdirSync(dir, { recursive: true });
      for (const a of md.assets) writeFileSync(join(dir, a.name), a.svg);
      writeFileSync(out, md.markdown.endsWith('\n') ? md.markdown : md.markdown + '\n');
      io.stderr(`wrote ${out} and ${md.assets.length} chart${md.assets.length === 1 ? '' : 's'} in ${join(dirname(out), assetDir)}\n`);
    },
  );
}

function reportDate(epoch: string | undefined): string {
  const seconds = epoch !== undefined && /^\d+$/.test(epoch) ? Number(epoch) : Date.now() / 1000;
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

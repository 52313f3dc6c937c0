/** `flopcast report` for the library: the same document, built from one scenario. Pure. */
import { buildReport, renderHtml, renderMarkdown, REPORT_FORMATS, type ReportMeta } from '../report/document/index.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { choiceArg, nameArg, optionKeys, optionsArg, timeArg } from './args.js';
import { resolveWith, type RunOptions, type Sources } from './core.js';
import type { Infeasible } from '../report/runJson.js';

/**
 * A report lists its options in the scenario's order and marks the recommended one: `run`'s `sort` is not taken (it was
 * accepted and ignored); nor are its values over the scenario's (`count`, `price`, ...), which `flopcast report` has no flags for.
 */
export interface ReportOptions extends Pick<RunOptions, 'name' | 'file'> {
  /** html (default): one self-contained file; markdown: text plus the charts as SVG files. */
  format?: (typeof REPORT_FORMATS)[number];
  /** Markdown only: the folder the text links the charts from (default report-assets). */
  assetDir?: string;
  /** The time the report states it was made (ISO 8601); omitted, it states none. */
  generatedAt?: string;
}

export interface ReportDocument {
  /** The HTML or Markdown text. */
  text: string;
  /** Markdown's charts, to be written into `assetDir`; empty for HTML. */
  assets: { name: string; svg: string }[];
}

/** The report's options at run time: any other key is refused (args.ts optionsArg). */
export const REPORT_OPTION_KEYS = optionKeys<ReportOptions>({ name: true, file: true, format: true, assetDir: true, generatedAt: true });

export function reportWith(sources: Sources, scenario: string | ScenarioInput | Record<string, unknown>, options: ReportOptions | undefined, meta: Omit<ReportMeta, 'generatedAt'>): ReportDocument {
  const o = optionsArg('options', options, REPORT_OPTION_KEYS);
  const format = choiceArg('format', o.format, REPORT_FORMATS, 'format') ?? 'html';
  const generatedAt = timeArg('generatedAt', o.generatedAt);
  const assetDir = nameArg('assetDir', o.assetDir) ?? 'report-assets';
  const infeasible: Infeasible[] = [];
  const runs = resolveWith(sources, scenario, { name: o.name, file: o.file }, infeasible);
  const model = buildReport(runs, { ...meta, ...(generatedAt ? { generatedAt } : {}), infeasible });
  if (format === 'markdown') {
    const md = renderMarkdown(model, { assetDir });
    return { text: md.markdown, assets: md.assets };
  }
  return { text: renderHtml(model), assets: [] };
}

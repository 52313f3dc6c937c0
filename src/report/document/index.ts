/** The budgeting report: `buildReport` (data model), `renderHtml` and `renderMarkdown`. */
export { buildReport, prettyLabel, reportTime, type ReportMeta, type ReportInput, type ReportModel } from './model.js';
export { recommend } from './recommend.js';
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';

/** The formats a report is written in. */
export const REPORT_FORMATS = ['html', 'markdown'] as const;

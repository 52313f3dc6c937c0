/** The budgeting report: `buildReport` (data model), `renderHtml` and `renderMarkdown`. */
export { buildReport, prettyLabel, reportTime, type ReportMeta, type ReportInput, type ReportModel, type ReportOption } from './model.js';
export { stepBreakdownOf } from './stepBreakdown.js';
export { recommend, overshoot, type Recommendation, type RecommendationStatus } from './recommend.js';
export { renderHtml } from './html.js';
export { renderMarkdown, type MarkdownReport } from './markdown.js';

/** The formats a report is written in. */
export const REPORT_FORMATS = ['html', 'markdown'] as const;

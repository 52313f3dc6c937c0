/** Our own small SVG charts for the report: pure functions from data to an SVG string. */
export { scatterChart, paretoFrontier } from './scatter.js';
export { barChart } from './bar.js';
export { tornadoChart, sortBySwing } from './tornado.js';

/** Our own small SVG charts for the report: pure functions from data to an SVG string. */
export { scatterChart, paretoFrontier, groupColors, type ScatterPoint, type ScatterSpec } from './scatter.js';
export { barChart, rowTotal, type BarRow, type BarSegmentDef, type BarSpec } from './bar.js';
export { tornadoChart, sortBySwing, TORNADO_COLORS, type TornadoRow, type TornadoSpec } from './tornado.js';
export { esc, OKABE_ITO, linearScale, logScale, autoScale } from './svg.js';

// Rewrites KIND_RECORD in src/perf/kindRecord.ts from `flopcast validate --by-kind --json` (the built CLI):
// rows, the medians and the 10th / 90th percentiles of the signed error rounded to 6 places (4 would print 0.11249… as 0.1125, then "11.3%" beside validate's 11.2%) and the rows per accelerator, which test/perf/kindRecord.test.ts checks. Run after `npm run build`:
//   node scripts/kind-record.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const kinds = JSON.parse(execFileSync('node', ['bin/flopcast.cjs', 'validate', '--by-kind', '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString());
const f6 = (x) => x.toFixed(6);
// gpus: the kind's rows per accelerator, in the command's (sorted) key order.
const gpus = (g) => Object.entries(g).map(([id, n]) => `'${id}': ${n}`).join(', ');
const body = kinds.map((k) => `  '${k.kind}': { rows: ${k.rows}, medianAbsError: ${f6(k.median_abs_error)}, medianError: ${f6(k.median_error)}, errorP10: ${f6(k.error_p10)}, errorP90: ${f6(k.error_p90)}, gpus: { ${gpus(k.gpus)} } },`).join('\n');
const file = `${root}src/perf/kindRecord.ts`;
const src = readFileSync(file, 'utf8');
const out = src.replace(/(export const KIND_RECORD[^\n]*\n)[\s\S]*?(\n};)/, (_, head, tail) => head + body + tail);
if (out === src) console.log('KIND_RECORD already current');
else {
  writeFileSync(file, out);
  console.log('KIND_RECORD rewritten: rebuild and run the tests');
}

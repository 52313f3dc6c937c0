/**
 * A library result as the command's `--json` prints it, read back (JSON.stringify, as src/report/escape.ts jsonText
 * writes it): plain data, each key holding a value. The perf core's layouts keep every field, `undefined` where unset
 * (perf/planScratch.ts copyLayout keeps one hidden class), and `plan`, `run` and `validateRuns` handed those keys on:
 * `Object.keys`, a table of the layouts or a strict comparison with the CLI's output saw `recomputeLayers: undefined`.
 */
export function printed<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

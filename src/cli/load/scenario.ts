/** Reads scenario files and resolves them with file-backed model and hardware loaders. */
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseYaml } from '../../input/yaml.js';
import type { Architecture } from '../../model/architecture.js';
import { todayFrom } from '../../pricing/policy.js';
import { memoizePredict, predictScenario } from '../../scenario/predict.js';
import { resolveScenario, type ResolvedRun, type ScenarioDeps } from '../../scenario/resolve.js';
import { createProgress, type Progress } from '../progress.js';
import { readText } from './files.js';
import { BUNDLED_HARDWARE_DIR, HardwareCatalog } from './hardware.js';
import { loadModel } from './model.js';

export function loadScenarios(files: readonly string[], hardwareDirs: readonly string[], predict: ScenarioDeps['predict'] = predictScenario, alwaysPredict = false): ResolvedRun[] {
  // A matrix with `utilization: auto` runs the planner per combination: show progress on a terminal.
  let progress: Progress | undefined;
  const onRun = (done: number, total: number) => {
    progress ??= createProgress({ total, label: 'runs' });
    progress.tick();
    if (done === total) {
      progress.done();
      progress = undefined;
    }
  };
  // A matrix resolves the same model (and, under `utilization: auto`, often the same prediction) once
  // per combination: load each model once per folder, and plan each distinct set of inputs once.
  const models = new Map<string, Architecture>();
  const cachedPredict = predict && memoizePredict(predict);
  const today = todayFrom(process.env.SOURCE_DATE_EPOCH, Date.now());
  return files.flatMap((file) => {
    const dir = dirname(file);
    // Profiles next to the scenario extend (or replace) the bundled ones; --hardware-dir wins over both.
    const nextTo = resolve(dir, 'hardware-profiles');
    const catalog = new HardwareCatalog([...(existsSync(nextTo) && nextTo !== resolve(BUNDLED_HARDWARE_DIR) ? [nextTo] : []), ...hardwareDirs]);
    const parsed = parseYaml(readText(file, 'scenario'), file);
    const model = (ref: string) => {
      const key = `${dir}\0${ref}`;
      let m = models.get(key);
      if (!m) models.set(key, (m = loadModel(ref, dir)));
      return m;
    };
    const deps: ScenarioDeps = { loadModel: model, loadHardware: (id) => catalog.get(id), predict: cachedPredict, alwaysPredict, onRun, today };
    return resolveScenario(parsed, deps, basename(file).replace(/\.ya?ml$/i, ''));
  });
}

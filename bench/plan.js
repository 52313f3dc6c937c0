// Planner throughput: layouts evaluated per second. Run after `npx tsc -p tsconfig.json`:
//   node bench/plan.js
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../dist/cli/load/model.js';
import { parseHardwareProfile } from '../dist/hardware/profile.js';
import { planFor } from '../dist/perf/index.js';

const profile = (id) => parseHardwareProfile(readFileSync(fileURLToPath(new URL(`../hardware-profiles/${id}.yaml`, import.meta.url)), 'utf8'), `${id}.yaml`);

function measure(name, model, gpu, gpuCount, globalBatchSequences) {
  const arch = loadModel(model);
  const hw = profile(gpu);
  planFor({ arch, hw, gpuCount, globalBatchSequences, top: 5 }); // warm-up
  const r = planFor({ arch, hw, gpuCount, globalBatchSequences, top: 5 });
  return { name, evaluated: r.evaluated, fitting: r.fitting, seconds: r.seconds, layoutsPerSecond: r.evaluated / r.seconds, best: r.best[0]?.prediction.stepTimeSeconds ?? null };
}

export function run() {
  return {
    llama405bOn16384H100: measure('llama-3.1-405b on 16,384 h100-sxm', 'llama-3.1-405b', 'h100-sxm', 16384, 2048),
    gpt3On1024A100: measure('gpt3-175b on 1,024 a100-sxm4-80gb', 'gpt3-175b', 'a100-sxm4-80gb', 1024, 1536),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of Object.values(run())) {
    console.log(`${r.name}: ${r.evaluated.toLocaleString('en-US')} layouts in ${(r.seconds * 1000).toFixed(0)} ms = ${Math.round(r.layoutsPerSecond).toLocaleString('en-US')} layouts/s (${r.fitting.toLocaleString('en-US')} fit; best step ${r.best?.toFixed(2)} s)`);
  }
}

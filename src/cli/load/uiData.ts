/** The page's inline data (src/ui/data.ts): every bundled preset and hardware profile, loaded as `flopcast run` loads them. */
import type { UiData } from '../../ui/data.js';
import { flopcastVersion } from '../../paths.js';
import { HardwareCatalog } from './hardware.js';
import { loadModel, presetIds } from './model.js';

export function bundledUiData(version = flopcastVersion()): UiData {
  const hardware = new HardwareCatalog([]).all();
  return {
    version,
    models: Object.fromEntries(presetIds().map((id) => [id, loadModel(id)])),
    hardware: Object.fromEntries(hardware.map((h) => [h.id, h])),
  };
}

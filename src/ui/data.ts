/**
 * The data the page carries inline (no request fetches it): the bundled model presets and hardware
 * profiles, as the CLI's own loaders read them from models/ and hardware-profiles/ at build time
 * (src/cli/load/uiData.ts, called by scripts/bundle.mjs), so the page and `flopcast run` work from the
 * same objects. Both are plain JSON data (they survive JSON.stringify/parse unchanged).
 */
import type { HardwareProfile } from '../hardware/toProfile.js';
import type { Architecture } from '../model/architecture.js';

export interface UiData {
  version: string;
  models: Record<string, Architecture>;
  hardware: Record<string, HardwareProfile>;
}

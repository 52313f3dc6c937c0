/**
 * The data the page carries inline (no request fetches it): the bundled model presets and
 * hardware profiles as their YAML text, keyed by id, read by the build (scripts/bundle.mjs).
 */
export interface UiData {
  version: string;
  models: Record<string, string>;
  hardware: Record<string, string>;
}

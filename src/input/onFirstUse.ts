/**
 * A value built on its first use, then the same one: for zod schemas only some commands parse with. The bundled CLI runs
 * every module's top level as it starts, so a schema built there costs every command (`run` builds no validation row).
 */
export function onFirstUse<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

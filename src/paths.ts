import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, from both `src/` (tests) and `dist/` (the installed CLI). */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The installed package's version (package.json), 'unknown' when unreadable. */
export function flopcastVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

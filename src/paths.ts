import { fileURLToPath } from 'node:url';

/** The package root, from both `src/` (tests) and `dist/` (the installed CLI). */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

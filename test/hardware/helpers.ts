/** Reads the bundled profiles for the hardware tests (relative to this file, so any cwd works). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseHardwareProfile, type HardwareProfile } from '../../src/hardware/index.js';

export const PROFILE_DIR = fileURLToPath(new URL('../../hardware-profiles/', import.meta.url));
export const SCHEMA_FILE = fileURLToPath(new URL('../../schema/hardware.schema.json', import.meta.url));

export const profileFiles = (): string[] => readdirSync(PROFILE_DIR).filter((f) => f.endsWith('.yaml')).sort();
export const profileText = (id: string): string => readFileSync(`${PROFILE_DIR}${id}.yaml`, 'utf8');
export const loadProfile = (id: string): HardwareProfile => parseHardwareProfile(profileText(id), `hardware-profiles/${id}.yaml`);

/**
 * src/cli/load/paths.ts: a missing name is compared with at most `cap` names of its folder (nearbyNameHint), and those
 * are read one entry at a time up to the cap (namesOfKind). The whole listing (readdirSync) was read before the cap was
 * looked at, so a folder of a million names cost a million (review34). The old code had neither the cap as a parameter
 * nor namesOfKind: each row fails on it.
 */
import { mkdirSync, mkdtempSync, opendirSync, writeFileSync, type Dir } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { namesOfKind, nearbyNameHint } from '../../../src/cli/load/paths.js';

/** A folder holding `s.yaml`, `others` other files and a folder: others + 2 entries. */
function folderOf(others: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-nearby-'));
  writeFileSync(join(dir, 's.yaml'), '');
  for (let i = 0; i < others; i++) writeFileSync(join(dir, `other-${i}.txt`), '');
  mkdirSync(join(dir, 'sub'));
  return dir;
}

const ROWS = [
  { case: 'under the cap', others: 3, cap: 10, within: true },
  { case: 'at the cap', others: 8, cap: 10, within: true },
  { case: 'one past the cap', others: 9, cap: 10, within: false },
  { case: 'a folder ten times the cap', others: 98, cap: 10, within: false },
];

describe('a missing name is compared with at most `cap` names of its folder', () => {
  it.each(ROWS)('$case: a hint only within the cap', ({ others, cap, within }) => {
    const dir = folderOf(others);
    const typed = join(dir, 's.yml');
    expect(nearbyNameHint(typed, typed, 'file', cap)).toBe(within ? `did you mean \`${join(dir, 's.yaml')}\`?` : undefined);
  });

  it.each(ROWS)('$case: the entries read are those up to the cap and one more, whatever the folder holds', ({ others, cap, within }) => {
    const dir = folderOf(others);
    let read = 0;
    const counting = (path: string): Dir => {
      const folder = opendirSync(path);
      const next = folder.readSync.bind(folder);
      return Object.assign(folder, { readSync: () => {
        const e = next();
        if (e !== null) read++;
        return e;
      } });
    };
    const names = namesOfKind(dir, 'file', cap, counting);
    expect(names === undefined ? undefined : [...names].sort()).toEqual(within ? ['s.yaml', ...Array.from({ length: others }, (_, i) => `other-${i}.txt`)].sort() : undefined);
    expect(read).toBe(Math.min(others + 2, cap + 1));
  });
});

// A temporary folder for a test file: made before its tests, removed after them.
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Makes `<tmp>/<prefix>XXXXXX` before the file's tests (given to `set`) and removes it after. */
export function scratchDir(prefix: string, set: (dir: string) => void): void {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    set(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
}
